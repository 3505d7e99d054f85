// The fleet driver: N independent sites of the FW1 topology
// (../shared/bench/fleet-workload.md), each a devices::Site — the real Cloud,
// Panel, Keypads and Locks on the real kernel, the real core deciding every
// code — driven by FW1's processes through the cloud's service API
// (log_in, create_user, save_user, delete_user), the keypads' keys and the
// locks' own keypads. Nothing here decides a code or models a device: the
// driver only types, clicks and counts.
//
// Threads: the sites are split into `jobs` contiguous blocks, one thread each.
// How a thread interleaves its sites is the window (FleetOptions::window):
//   - the whole run (the default): each site in turn runs its whole span on
//     a scheduler of its own; it is built when its turn comes and released
//     after it, so a thread holds one site at a time (memory does not grow
//     with N, and the site stays in cache for all of its events);
//   - a shorter window w: every site lives for the whole run with its own
//     scheduler, and a sim::SchedulerGroup lets each site in turn run its
//     events of one window (all N sites resident, as a live fleet would be);
//   - 0: a block's sites share one scheduler (exact time order).
// Every site draws from streams seeded by derive_seed(seed, site index) and
// sites never interact, so every counter is the same whatever `jobs` and the
// window are.
//
// Counters (FW1 name: where it comes from):
//   keypad_ok / keypad_bad      the keypad's EntryResult (Keypad::last_result)
//   keypad_locked_out           the keypad was locked out when the entry began
//   arms / disarms              PanelStats (a partition entered armed / disarmed)
//   lock_ok / lock_bad          Lock::enter_code's EntryResult
//   relocks                     LockStats::relocks (the lock's auto-relock, 30 s)
//   edits_requested             edit requests made at the cloud
//   edits_rejected_cloud        the cloud refused the request with system_armed
//   edits_rejected_panel        PanelStats::edits_refused_armed
//   edits_applied               PanelStats::edits_applied
//   lock_push_ok                PanelStats::lock_ops_ok (slot operations acknowledged)
//   lock_push_retry             PanelStats::lock_op_retries
//   lock_push_failed            PanelStats::lock_ops_unreachable
// events (FW1 detail 8): keypad entries + lock entries + relocks + edit
// requests + edits arriving at the panel + rejection notices + lock push
// attempts (PanelStats::lock_op_attempts). kernel_events is what the kernel
// executed (link deliveries, wake ticks, ack timers, ... as well).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "devices/site.hpp"
#include "devices/world.hpp"

namespace lockstep::fleet {

struct FleetCounters {
  std::uint64_t keypad_ok = 0;
  std::uint64_t keypad_bad = 0;
  std::uint64_t keypad_locked_out = 0;
  std::uint64_t arms = 0;
  std::uint64_t disarms = 0;
  std::uint64_t lock_ok = 0;
  std::uint64_t lock_bad = 0;
  std::uint64_t relocks = 0;
  std::uint64_t edits_requested = 0;
  std::uint64_t edits_rejected_cloud = 0;
  std::uint64_t edits_rejected_panel = 0;
  std::uint64_t edits_applied = 0;
  std::uint64_t lock_push_ok = 0;
  std::uint64_t lock_push_retry = 0;
  std::uint64_t lock_push_failed = 0;
  std::uint64_t events = 0;  // FW1 detail 8
  // Not FW1 counters (kept apart from stdout by the command):
  std::uint64_t kernel_events = 0;
  std::uint64_t edits_refused_other = 0;  // refused by the cloud for another reason (expect 0)

  FleetCounters& operator+=(const FleetCounters& o);
  friend bool operator==(const FleetCounters&, const FleetCounters&) = default;
};

// The FW1 counters in the spec's order, as (name, value); `events` last.
template <class F>
void for_each_counter(const FleetCounters& c, F&& f) {
  f("keypad_ok", c.keypad_ok);
  f("keypad_bad", c.keypad_bad);
  f("keypad_locked_out", c.keypad_locked_out);
  f("arms", c.arms);
  f("disarms", c.disarms);
  f("lock_ok", c.lock_ok);
  f("lock_bad", c.lock_bad);
  f("relocks", c.relocks);
  f("edits_requested", c.edits_requested);
  f("edits_rejected_cloud", c.edits_rejected_cloud);
  f("edits_rejected_panel", c.edits_rejected_panel);
  f("edits_applied", c.edits_applied);
  f("lock_push_ok", c.lock_push_ok);
  f("lock_push_retry", c.lock_push_retry);
  f("lock_push_failed", c.lock_push_failed);
  f("events", c.events);
}

struct FleetOptions {
  std::uint64_t sites = 1000;
  double hours = 24;
  std::uint64_t seed = 1;
  unsigned jobs = 1;
  // JSON Lines trace of every site (each record gets a "site" field); empty:
  // tracing off. Each thread writes its block's records in the order its
  // sites ran (see `window`: by default site by site, in time order within a
  // site); with jobs > 1 the blocks are concatenated in order.
  std::string trace_path;
  // How a thread interleaves its sites: zero runs every event of the block in
  // exact time order (one shared scheduler, ties in scheduling order); a
  // window w lets each site in turn run all of its events in (k*w - w, k*w]
  // before the next site does (sim::SchedulerGroup). The counters are the
  // same for any window (sites never interact); the trace's order between
  // sites follows it. A window at least as long as the run (the default,
  // kWholeRun) gives each site one turn for its whole span, and then each
  // site is built at its turn and released after it (one site per thread in
  // memory); shorter windows keep every site resident for the whole run.
  static constexpr sim::Duration kWholeRun = sim::Duration::max();
  sim::Duration window = kWholeRun;
  // Called from the first thread about every simulated hour with the fraction
  // done (0..1]; may be empty.
  std::function<void(double)> progress;
};

struct FleetResult {
  FleetCounters counters;
  double wall_s = 0;        // building the sites and running them (FW1 detail 9)
  std::uint64_t turns = 0;  // times a site was given the turn (all threads; window > 0)
};

// FW1's world: panel-48-hardwired with partitions P1, P2; keypads K1 (P1), K2
// (P2); locks L1..L4 of deadbolt-30; FW1's link delays and push loss; weak
// codes allowed (FW1 codes are any random 4 digits); no users (each site gets
// its own, see make_site_directory). Parsed from YAML text by parse_world
// against the built-in catalog.
const devices::World& fw1_world();
std::string_view fw1_world_text();

// The panel timing FW1 needs: no exit / entry delay; a failed push retried
// 30 s after the attempt began, 3 attempts in all; an ack timeout longer than
// any radio round trip (15 s > 10 s transit + 1 s wake tick).
devices::PanelTiming fw1_panel_timing();

// One site's users at t = 0: 8 users with distinct random 4-digit codes,
// both partitions and all 4 locks, created and saved through core::Directory.
core::Directory make_site_directory(const devices::World& world, sim::Rng& rng);

// Builds and runs the fleet. Throws std::invalid_argument on bad options
// (including a trace file that cannot be created) and std::runtime_error when
// writing the trace fails midway.
FleetResult run_fleet(const FleetOptions& options);

}  // namespace lockstep::fleet
