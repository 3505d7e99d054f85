#include "fleet/fleet.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "devices/catalog.hpp"
#include "sim/distribution.hpp"
#include "sim/random.hpp"
#include "sim/scheduler_group.hpp"
#include "sim/trace.hpp"

namespace lockstep::fleet {

namespace {

using devices::Channel;
using sim::Duration;

// FW1's site as a world file. Users come per site (make_site_directory).
constexpr std::string_view kFw1World =
    R"yaml(# FW1 (../shared/bench/fleet-workload.md): one site of the fleet benchmark.
name: FW1 site
time:
  start: "2026-03-02 00:00"
account:
  email: owner@fleet.example
  password: fw1-fleet
  name: Fleet Owner
panel:
  model: panel-48-hardwired     # 4-digit codes, 2 partitions, keypad lockout 5 wrong / 5 min
partitions: [P1, P2]
keypads:
  - {name: K1, partition: P1}
  - {name: K2, partition: P2}
locks:
  - {name: L1, model: deadbolt-30, partition: P1}   # 30 slots, 4..8 digits
  - {name: L2, model: deadbolt-30, partition: P1}
  - {name: L3, model: deadbolt-30, partition: P2}
  - {name: L4, model: deadbolt-30, partition: P2}
users: []
links:
  cloud_to_panel: {delay: "uniform(30s, 180s)", loss: 0.0}
  panel_to_cloud: {delay: "0s", loss: 0.0}           # FW1 detail 7: the cloud sees arming at once
  panel_to_lock: {delay: "uniform(1s, 10s)", loss: 0.05}  # a push fails with probability 5 %
policy:
  weak_codes: allow             # FW1 codes are any random 4 digits
  deny_list: []
faults: []
)yaml";

constexpr std::size_t kUsersAtStart = 8;
constexpr std::size_t kMaxUsersForAdd = 30;
constexpr std::size_t kKeptNotifications = 8;
constexpr std::size_t kKeptLogEntries = 16;
constexpr Duration kKeypadMean = Duration::min(20);
constexpr Duration kLockMean = Duration::min(30);
constexpr Duration kEditMean = Duration::h(2);

std::string four_digits(std::uint64_t n) {
  std::string s(4, '0');
  for (std::size_t i = 4; i-- > 0;) {
    s[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  return s;
}

// One site and the FW1 processes that drive it.
class SiteDriver {
 public:
  // `shared`: the kernel all of the block's sites run on (exact order);
  // nullptr: this site runs on a scheduler of its own.
  SiteDriver(const devices::World& world, sim::Scheduler* shared, sim::Trace& shared_trace,
             std::shared_ptr<sim::TraceSink> trace_out, std::uint64_t index, std::uint64_t seed,
             FleetCounters& tally)
      : scheduler_(shared != nullptr ? *shared : own_scheduler_),
        rng_(sim::RandomStreams(seed).stream("fleet.driver")),
        tally_(tally) {
    sim::Trace* trace = &shared_trace;
    if (trace_out) {
      // Every record of this site, tagged with the site's index.
      own_trace_ = std::make_unique<sim::Trace>();
      own_trace_->add_sink(std::make_shared<sim::CallbackSink>(
          [out = std::move(trace_out), index](const sim::TraceRecord& r) {
            sim::TraceRecord tagged = r;
            tagged.fields.insert(tagged.fields.begin(), sim::field("site", index));
            out->write(tagged);
          }));
      trace = own_trace_.get();
    }
    devices::SiteOptions options;
    options.panel_timing = fw1_panel_timing();
    // Nobody reads a fleet site's mail or event log: keep a short tail of
    // each (the devices still write every entry), not a day of them.
    options.outbox_capacity = kKeptNotifications;
    options.panel_timing.event_log_capacity = kKeptLogEntries;
    sim::Rng users_rng = sim::RandomStreams(seed).stream("fleet.users");
    options.initial_directory = make_site_directory(world, users_rng);
    // FW1 decides a push's fate at the lock: the answer leg is instant and
    // lossless, so the 5 % loss of panel_to_lock is the push failure rate.
    options.lock_to_panel = devices::LinkSpec{sim::Distribution::fixed(Duration::zero()), 0.0};
    site_.emplace(world, scheduler_, *trace, seed, std::move(options));
    auto session = site_->cloud().log_in(world.account.email, world.account.password, Channel::api);
    if (!session.ok()) throw std::logic_error("fleet: the FW1 account cannot log in");
    session_ = *session;
  }

  sim::Scheduler& scheduler() { return scheduler_; }

  void start() {
    for (std::size_t k = 0; k < site_->keypad_count(); ++k)
      next_keypad_entry(k);
    for (std::size_t l = 0; l < site_->lock_count(); ++l)
      next_lock_entry(l);
    next_edit();
  }

  // Adds what the devices counted.
  void collect(FleetCounters& c) const {
    const devices::PanelStats& p = site_->panel().stats();
    c.arms += p.arms;
    c.disarms += p.disarms;
    c.edits_rejected_panel += p.edits_refused_armed;
    c.edits_applied += p.edits_applied;
    c.lock_push_ok += p.lock_ops_ok;
    c.lock_push_retry += p.lock_op_retries;
    c.lock_push_failed += p.lock_ops_unreachable;
    std::uint64_t relocks = 0;
    for (std::uint32_t l = 0; l < site_->lock_count(); ++l) {
      relocks += site_->lock(core::LockIndex{l}).stats().relocks;
    }
    c.relocks += relocks;
    // Edits arriving at the panel, the rejection notices they cause (the
    // uplink is instant and lossless, so every notice is delivered) and
    // every push attempt.
    c.events += relocks + p.edits_received + p.edits_refused_armed + p.lock_op_attempts;
  }

 private:
  void next_keypad_entry(std::size_t k) {
    scheduler_.schedule_after(sim::Distribution::exponential(kKeypadMean).sample(rng_),
                              [this, k] { keypad_entry(k); });
  }
  void next_lock_entry(std::size_t l) {
    scheduler_.schedule_after(sim::Distribution::exponential(kLockMean).sample(rng_),
                              [this, l] { lock_entry(l); });
  }
  void next_edit() {
    scheduler_.schedule_after(sim::Distribution::exponential(kEditMean).sample(rng_),
                              [this] { edit_request(); });
  }

  // 90 %: a current user's code (the panel's table); 10 %: 4 digits no
  // current user has. A view of the panel's copy or of wrong_code_: valid
  // until the panel's table changes or the next call.
  std::string_view entry_code() {
    const auto& users = site_->panel().users();
    if (rng_.chance(0.9) && !users.empty()) {
      const auto& user = users[rng_.below(users.size())];
      if (user.code) return user.code->reveal();
    }
    for (;;) {
      wrong_code_ = four_digits(rng_.below(10'000));
      const bool held = std::any_of(users.begin(), users.end(), [&](const devices::PanelUser& u) {
        return u.code && u.code->reveal() == wrong_code_;
      });
      if (!held) return wrong_code_;
    }
  }

  void keypad_entry(std::size_t k) {
    ++tally_.events;
    devices::Keypad& keypad = site_->keypad(k);
    const bool locked_out = keypad.locked_out();
    const std::string_view code = entry_code();
    // The person at the keypad sees the partition: arm away when disarmed,
    // else disarm (FW1 toggles). The code's digits, then that key.
    const auto& partition = site_->panel().partitions()[keypad.partition().value];
    const devices::Key function = partition.state == core::PartitionState::disarmed
                                      ? devices::Key::arm_away
                                      : devices::Key::disarm;
    keypad.type(code);
    keypad.press(function);
    if (locked_out) {
      ++tally_.keypad_locked_out;  // the keypad ignored every key
    } else if (keypad.last_result() &&
               keypad.last_result()->outcome != core::EntryOutcome::refused) {
      ++tally_.keypad_ok;
    } else {
      ++tally_.keypad_bad;
    }
    next_keypad_entry(k);
  }

  void lock_entry(std::size_t l) {
    ++tally_.events;
    const std::string_view code = entry_code();
    devices::Lock& lock = site_->lock(core::LockIndex{static_cast<std::uint32_t>(l)});
    // The local time is worked out only for a slot with a schedule.
    const core::EntryResult r = lock.enter_code(code, [this] { return site_->local_now(); });
    if (r.outcome == core::EntryOutcome::accepted) {
      ++tally_.lock_ok;
    } else {
      ++tally_.lock_bad;
    }
    next_lock_entry(l);
  }

  // Users the cloud knows with a code (the ones the panel holds or will).
  std::vector<const core::User*> coded_users() const {
    const auto& users = site_->cloud().directory().users();
    std::vector<const core::User*> out;
    out.reserve(users.size());  // once per edit request, not one regrowth per doubling
    for (const auto& u : users) {
      if (u.code) out.push_back(&u);
    }
    return out;
  }

  core::AccessCode unused_code() {
    const auto& users = site_->cloud().directory().users();
    for (;;) {
      std::string code = four_digits(rng_.below(10'000));
      const bool used = std::any_of(users.begin(), users.end(), [&](const core::User& u) {
        return u.code && u.code->reveal() == code;
      });
      if (!used) return core::AccessCode(std::move(code));
    }
  }

  void refused(const core::Problem& problem) {
    if (problem.id == core::ErrorId::system_armed) {
      ++tally_.edits_rejected_cloud;
    } else {
      ++tally_.edits_refused_other;
    }
  }

  template <class R>
  void settle(const R& result) {
    if (!result.ok()) refused(result.error());
  }

  // FW1 process 3. The kind is drawn now (detail 1); the real cloud fixes the
  // whole edit when it is saved, so the target is drawn now too, from the
  // cloud's directory (see bench/README.md, "Differences from FW1").
  void edit_request() {
    ++tally_.events;
    ++tally_.edits_requested;
    devices::Cloud& cloud = site_->cloud();
    const double u = rng_.uniform01();
    enum class Kind {
      code,
      toggle,
      add,
      remove
    } kind = u < 0.4   ? Kind::code
             : u < 0.7 ? Kind::toggle
             : u < 0.9 ? Kind::add
                       : Kind::remove;
    const auto users = coded_users();
    if (kind == Kind::add && users.size() >= kMaxUsersForAdd) kind = Kind::code;
    if (kind == Kind::remove && users.size() <= 1) kind = Kind::code;
    if (users.empty()) kind = Kind::add;

    switch (kind) {
      case Kind::code: {
        const core::User& user = *users[rng_.below(users.size())];
        core::CodeEdit edit;
        edit.code = unused_code();
        settle(cloud.save_user(session_, user.id, edit));
        break;
      }
      case Kind::toggle: {
        const core::User& user = *users[rng_.below(users.size())];
        core::CodeEdit edit;
        edit.grants = user.grants;
        const std::size_t lock = rng_.below(edit.grants->locks.size());
        edit.grants->locks.set(lock, !edit.grants->locks[lock]);
        settle(cloud.save_user(session_, user.id, edit));
        break;
      }
      case Kind::add: {
        auto id = cloud.create_user(session_, "Fleet", "User " + std::to_string(++added_));
        if (!id.ok()) {
          refused(id.error());
          break;
        }
        core::CodeEdit edit;
        edit.code = unused_code();
        edit.grants = core::Grants::everything(cloud.directory().config());
        settle(cloud.save_user(session_, *id, edit));
        break;
      }
      case Kind::remove: {
        const core::User& user = *users[rng_.below(users.size())];
        settle(cloud.delete_user(session_, user.id));
        break;
      }
    }
    next_edit();
  }

  sim::Scheduler own_scheduler_;  // unused when the block's sites share one
  sim::Scheduler& scheduler_;     // outlives the site
  sim::Rng rng_;
  FleetCounters& tally_;
  std::unique_ptr<sim::Trace> own_trace_;  // tracing on: this site's records, tagged
  // In place, not on the heap: a Site (3.7 KB) is past the largest block
  // malloc's per-thread cache serves, and the default run builds one per site.
  std::optional<devices::Site> site_;
  devices::Session session_;
  std::uint32_t added_ = 0;
  std::string wrong_code_;  // entry_code()'s last wrong code
};

struct Block {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  FleetCounters counters;
  std::uint64_t turns = 0;
  std::chrono::steady_clock::time_point finished;
  std::string error;
};

void run_block(const FleetOptions& options, Block& block, std::ostream* trace_out,
               bool report_progress) {
  const devices::World& world = fw1_world();
  sim::Trace quiet;  // no sink: tracing off costs one enabled() test per record
  std::shared_ptr<sim::TraceSink> sink;
  if (trace_out != nullptr) sink = std::make_shared<sim::JsonLinesSink>(*trace_out);
  FleetCounters tally;
  const auto horizon_us = static_cast<std::int64_t>(std::llround(options.hours * 3600e6));
  const sim::Time horizon = sim::Time::from_us(horizon_us);

  if (options.window.count_us() >= horizon_us) {
    // One window covers the run: each site runs its whole span in its turn.
    // Nothing of a site is needed after its turn, so it is built when the
    // turn comes and released after it: a thread holds one site at a time,
    // whatever N is, and that site's state stays in cache for all its events.
    const std::uint64_t count = block.end - block.begin;
    const std::uint64_t report_every = std::max<std::uint64_t>(1, count / 100);
    for (std::uint64_t i = block.begin; i < block.end; ++i) {
      SiteDriver driver(world, nullptr, quiet, sink, i, sim::derive_seed(options.seed, i), tally);
      driver.start();
      driver.scheduler().run_through(horizon);
      driver.collect(tally);
      tally.kernel_events += driver.scheduler().events_executed();
      const std::uint64_t done = i + 1 - block.begin;
      if (report_progress && options.progress && (done % report_every == 0 || done == count)) {
        options.progress(static_cast<double>(done) / static_cast<double>(count));
      }
    }
    block.turns = count;
    block.counters = tally;
    block.finished = std::chrono::steady_clock::now();
    return;
  }

  // Shorter windows: every site lives for the whole run on its own small
  // scheduler, and the group lets each site in turn run its window of events.
  // Exact order (window 0): every site on one shared scheduler (one heap of
  // all pending events: a site seldom has two events in a row, so per-site
  // schedulers would only add a heap and a cold scheduler per event).
  const bool exact = options.window <= Duration::zero();
  sim::Scheduler shared;  // outlives the drivers
  std::vector<std::unique_ptr<SiteDriver>> drivers;
  sim::SchedulerGroup group;
  group.set_window(options.window);
  drivers.reserve(block.end - block.begin);
  if (exact) group.add(shared);
  for (std::uint64_t i = block.begin; i < block.end; ++i) {
    drivers.push_back(std::make_unique<SiteDriver>(world, exact ? &shared : nullptr, quiet, sink, i,
                                                   sim::derive_seed(options.seed, i), tally));
    if (!exact) group.add(drivers.back()->scheduler());
  }
  for (auto& d : drivers)
    d->start();

  if (report_progress && options.progress) {
    // About an hour per step, a multiple of the window (so a step never
    // splits a window and the order is the same as without progress).
    const std::int64_t w = options.window.count_us();
    const std::int64_t hour_us = Duration::h(1).count_us();
    const std::int64_t step_us = w > 0 ? (hour_us + w - 1) / w * w : hour_us;
    for (std::int64_t t = 0; t < horizon_us;) {
      t = std::min(t + step_us, horizon_us);
      group.run_through(sim::Time::from_us(t));
      options.progress(static_cast<double>(t) / static_cast<double>(horizon_us));
    }
  } else {
    group.run_through(horizon);
  }
  for (const auto& d : drivers)
    d->collect(tally);
  tally.kernel_events = group.events_executed();
  block.turns = group.turns();
  block.counters = tally;
  block.finished = std::chrono::steady_clock::now();
  drivers.clear();
}

}  // namespace

FleetCounters& FleetCounters::operator+=(const FleetCounters& o) {
  keypad_ok += o.keypad_ok;
  keypad_bad += o.keypad_bad;
  keypad_locked_out += o.keypad_locked_out;
  arms += o.arms;
  disarms += o.disarms;
  lock_ok += o.lock_ok;
  lock_bad += o.lock_bad;
  relocks += o.relocks;
  edits_requested += o.edits_requested;
  edits_rejected_cloud += o.edits_rejected_cloud;
  edits_rejected_panel += o.edits_rejected_panel;
  edits_applied += o.edits_applied;
  lock_push_ok += o.lock_push_ok;
  lock_push_retry += o.lock_push_retry;
  lock_push_failed += o.lock_push_failed;
  events += o.events;
  kernel_events += o.kernel_events;
  edits_refused_other += o.edits_refused_other;
  return *this;
}

std::string_view fw1_world_text() {
  return kFw1World;
}

const devices::World& fw1_world() {
  static const devices::World world = [] {
    auto loaded = devices::parse_world(kFw1World, "<FW1 fleet world>", devices::Catalog::builtin());
    if (!loaded) throw std::logic_error("the FW1 world is invalid:\n" + loaded.error_text());
    return std::move(loaded).value();
  }();
  return world;
}

devices::PanelTiming fw1_panel_timing() {
  devices::PanelTiming timing;
  timing.exit_delay = Duration::zero();
  timing.entry_delay = Duration::zero();
  timing.lock_ack_timeout = Duration::s(15);
  timing.lock_attempts = 3;
  timing.lock_retry_delay = Duration::s(30);
  return timing;
}

core::Directory make_site_directory(const devices::World& world, sim::Rng& rng) {
  constexpr std::array<std::string_view, kUsersAtStart> kLastNames = {"1", "2", "3", "4",
                                                                      "5", "6", "7", "8"};
  core::Directory directory(world.system);
  std::vector<core::PartitionStatus> disarmed;
  disarmed.reserve(world.system.partitions.size());
  for (const auto& p : world.system.partitions) {
    disarmed.push_back(core::PartitionStatus{p.name, core::PartitionState::disarmed});
  }
  // Every user gets every grant: one form, its code changed for each user.
  // The codes are drawn first, distinct, as they always were.
  const core::Grants everything = core::Grants::everything(world.system);
  std::array<core::NewUser, kUsersAtStart> users;
  for (std::size_t n = 0; n < users.size();) {
    std::string code = four_digits(rng.below(10'000));
    const bool drawn =
        std::any_of(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(n),
                    [&](const core::NewUser& u) { return u.code->reveal() == code; });
    if (drawn) continue;
    users[n] = core::NewUser{
        "User",     kLastNames[n], core::Role::standard, core::AccessCode(std::move(code)),
        everything, std::nullopt};
    ++n;
  }
  // The real core checks the users and their codes, once each, and adds them.
  if (const core::Verdict v = directory.add_users(users, disarmed); !v.ok()) {
    throw std::logic_error("fleet: the core refused the initial users: " +
                           v.first_error().message());
  }
  return directory;
}

FleetResult run_fleet(const FleetOptions& options) {
  if (options.sites == 0) throw std::invalid_argument("--sites must be at least 1");
  if (!(options.hours > 0) || options.hours > 24 * 365) {
    throw std::invalid_argument("--hours must be more than 0 and at most 8760");
  }
  if (options.jobs == 0) throw std::invalid_argument("--jobs must be at least 1");
  if (options.window < Duration::zero()) {
    throw std::invalid_argument("--window must be 0s (exact order) or more");
  }
  const unsigned jobs = static_cast<unsigned>(std::min<std::uint64_t>(options.jobs, options.sites));

  const auto start = std::chrono::steady_clock::now();
  (void)fw1_world();  // parsed once, before the threads share it

  std::vector<Block> blocks(jobs);
  std::vector<std::unique_ptr<std::ofstream>> files(jobs);
  std::vector<std::string> part_paths(jobs);
  for (unsigned j = 0; j < jobs; ++j) {
    blocks[j].begin = options.sites * j / jobs;
    blocks[j].end = options.sites * (j + 1) / jobs;
    if (!options.trace_path.empty()) {
      part_paths[j] =
          jobs == 1 ? options.trace_path : options.trace_path + ".part" + std::to_string(j);
      files[j] = std::make_unique<std::ofstream>(part_paths[j], std::ios::binary);
      if (!*files[j]) throw std::invalid_argument("--trace: cannot write " + part_paths[j]);
    }
  }

  auto body = [&](unsigned j) {
    try {
      run_block(options, blocks[j], files[j].get(), j == 0);
    } catch (const std::exception& e) {
      blocks[j].error = e.what();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j)
    threads.emplace_back(body, j);
  body(0);
  for (auto& t : threads)
    t.join();

  FleetResult result;
  auto finished = start;
  for (const Block& b : blocks) {
    if (!b.error.empty()) throw std::runtime_error(b.error);
    result.counters += b.counters;
    result.turns += b.turns;
    finished = std::max(finished, b.finished);
  }
  result.wall_s = std::chrono::duration<double>(finished - start).count();

  if (!options.trace_path.empty()) {
    for (auto& f : files) {
      f->flush();
      if (!*f) throw std::runtime_error("writing the trace failed");
      f.reset();
    }
    if (jobs > 1) {
      std::ofstream out(options.trace_path, std::ios::binary);
      for (const auto& part : part_paths) {
        std::ifstream in(part, std::ios::binary);
        out << in.rdbuf();
        in.close();
        std::remove(part.c_str());
      }
      if (!out) throw std::runtime_error("cannot write " + options.trace_path);
    }
  }
  return result;
}

}  // namespace lockstep::fleet
