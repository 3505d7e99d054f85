// Faults: named things that go wrong, scheduled by a scenario or the GUI, or
// injected at random ("chaos", in the spirit of FoundationDB's simulation).
//
// A target (a link, a panel, a lock) registers under a name with a function
// that applies a FaultKind to it, and optionally the kinds it understands.
// FaultInjector schedules faults on the run's Scheduler and emits every fault
// it applies to the trace as
//   component "fault", kind "inject", fields: fault=<name>, target=<name>,
//   source=scheduled|chaos|manual
// Chaos mode draws everything from the Rng it is given (give it its own
// RandomStreams stream, e.g. "chaos"): the time to the next fault
// ~ exponential(mean_time_between_faults), a kind uniformly from `kinds`, a
// target uniformly among those (sorted by name) that support it, and for
// kinds with a recovery (link_down -> link_up, power_off -> power_on, ...)
// an outage ~ exponential(mean_outage) after which the recovery is applied.
// A fault already in force on a target is not applied twice. No fault starts
// after `until`; recoveries always happen, so a run ends healthy.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/random.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::sim {

enum class FaultKind {
  link_down,
  link_up,
  power_off,
  power_on,
  lock_asleep,
  lock_awake,
  lock_unreachable,
  lock_reachable,
  lock_jam,
  lock_unjam,
  battery_low,
};

// "link_down", ... (the enumerator names).
std::string_view to_string(FaultKind kind);
Parsed<FaultKind> parse_fault_kind(std::string_view text);
std::span<const FaultKind> all_fault_kinds();
// The fault that undoes `kind` (link_down -> link_up, ...); none for
// battery_low and for the recoveries themselves.
std::optional<FaultKind> recovery_of(FaultKind kind);

struct Fault {
  Time at;
  FaultKind kind;
  std::string target;
};

struct ChaosConfig {
  Duration mean_time_between_faults = Duration::min(10);
  Duration mean_outage = Duration::min(1);
  // Kinds to inject (normally the "going wrong" halves: link_down, power_off,
  // lock_asleep, lock_unreachable, lock_jam, battery_low).
  std::vector<FaultKind> kinds;
  // Targets to pick from; empty: every registered target.
  std::vector<std::string> targets;
  // No fault starts after this time.
  Time until = Time::max();
};

class FaultInjector {
 public:
  using Apply = std::function<void(FaultKind)>;

  // trace may be null.
  FaultInjector(Scheduler& scheduler, Trace* trace);
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // `supported` empty: the target accepts every kind. Re-registering a name
  // replaces it.
  void register_target(std::string name, Apply apply, std::vector<FaultKind> supported = {});
  bool has_target(std::string_view name) const;
  std::vector<std::string> target_names() const;

  // Schedules a fault (clamped to now if in the past). Refused, with a
  // sentence, for an unknown target or a kind the target does not support.
  Parsed<EventHandle> schedule(const Fault& fault);
  // Applies a fault now (source=manual), e.g. from the GUI.
  Parsed<bool> inject_now(FaultKind kind, std::string_view target);

  // Starts (or restarts) chaos mode from now. Kinds no registered target
  // supports are simply never applied.
  void enable_chaos(const ChaosConfig& config, Rng rng);
  void disable_chaos();
  bool chaos_enabled() const { return chaos_on_; }

  // Faults applied so far (all sources).
  uint64_t injected() const { return injected_; }

 private:
  struct Target {
    Apply apply;
    std::vector<FaultKind> supported;
    bool supports(FaultKind k) const;
  };

  std::string check(FaultKind kind, std::string_view target) const;
  void apply(FaultKind kind, const std::string& target, std::string_view source);
  void chaos_schedule_next();
  void chaos_fire();

  Scheduler& scheduler_;
  Trace* trace_;
  std::map<std::string, Target, std::less<>> targets_;
  uint64_t injected_ = 0;

  bool chaos_on_ = false;
  uint64_t chaos_generation_ = 0;
  ChaosConfig chaos_;
  Rng chaos_rng_{0};
  std::set<std::pair<std::string, FaultKind>> active_;
};

}  // namespace lockstep::sim
