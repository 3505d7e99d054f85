// fw1_minimal_loop: the first reference row, rebuilt so that it can be
// measured on the machine at hand — "a minimal hand-written loop on
// std::priority_queue (no devices, no core)" running FW1
// (../shared/bench/fleet-workload.md), every site resident, every pending
// event of every site in one global heap.
//
// Why it exists: issue 7's targets are seconds on one machine kind, and the
// hosts of that kind differ in clock speed; this loop is the yardstick that
// travels with the code. Run it beside `lockstep bench fleet` on the same
// machine and compare the ratio ("within 1.7x of the minimal loop").
// It is deliberately plain — the straightforward design the issue describes,
// not a tuned one — and shares nothing with Lockstep's stack: it is also an
// independent implementation of FW1 whose counters the real stack's must
// agree with statistically.
//
// Usage: fw1_minimal_loop --sites N [--hours H] [--seed S]
// Prints the FW1 counters as `name value`, then events, wall_s, events_per_s,
// peak_rss_kb: the same lines as `lockstep bench fleet`.

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <random>
#include <sys/resource.h>
#include <vector>

namespace {

constexpr int kKeypads = 2;  // K1 on P1, K2 on P2
constexpr int kLocks = 4;
constexpr int kSlots = 30;
constexpr int kInitialUsers = 8;
constexpr std::int16_t kEmpty = -1;

enum class Kind : std::uint8_t {
  KeypadEntry,
  LockEntry,
  Relock,
  EditRequest,
  EditArrival,
  Rejection,
  Push
};
enum class EditKind : std::uint8_t { ChangeCode, ToggleLock, AddUser, DeleteUser };

struct Event {
  double t;
  std::uint64_t seq;  // ties in time run in scheduling order
  std::uint32_t site;
  Kind kind;
  std::uint8_t index;    // keypad or lock; edit kind for an arrival
  std::uint8_t slot;     // push: the slot
  std::uint8_t attempt;  // push: 1..3
  std::int16_t code;     // push: the slot's content when the edit was applied
};

struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
};

struct User {
  std::int16_t code = kEmpty;  // kEmpty: the slot is free
  std::uint8_t locks = 0;      // bit l: may open lock l
};

struct SiteState {
  std::array<bool, kKeypads> armed{};  // partition of keypad k
  std::array<int, kKeypads> streak{};
  std::array<double, kKeypads> locked_until{};
  std::array<User, kSlots> users{};
  int user_count = 0;
  std::array<std::array<std::int16_t, kSlots>, kLocks> lock_slots{};
};

struct Counters {
  std::uint64_t keypad_ok = 0, keypad_bad = 0, keypad_locked_out = 0, arms = 0, disarms = 0,
                lock_ok = 0, lock_bad = 0, relocks = 0, edits_requested = 0,
                edits_rejected_cloud = 0, edits_rejected_panel = 0, edits_applied = 0,
                lock_push_ok = 0, lock_push_retry = 0, lock_push_failed = 0, events = 0;
};

class Loop {
 public:
  Loop(std::uint32_t sites, double hours, std::uint64_t seed)
      : end_(hours * 3600.0), rng_(seed), sites_(sites) {
    for (std::uint32_t s = 0; s < sites; ++s) {
      SiteState& site = sites_[s];
      for (auto& lock : site.lock_slots)
        lock.fill(kEmpty);
      for (int u = 0; u < kInitialUsers; ++u) {
        const std::int16_t code = unused_code(site);
        site.users[u] = {code, 0b1111};
        for (auto& lock : site.lock_slots)
          lock[u] = code;
      }
      site.user_count = kInitialUsers;
      for (int k = 0; k < kKeypads; ++k)
        schedule(exp(kKeypadMean), s, Kind::KeypadEntry, k);
      for (int l = 0; l < kLocks; ++l)
        schedule(exp(kLockMean), s, Kind::LockEntry, l);
      schedule(exp(kEditMean), s, Kind::EditRequest, 0);
    }
  }

  void run() {
    while (!queue_.empty() && queue_.top().t <= end_) {
      const Event e = queue_.top();
      queue_.pop();
      now_ = e.t;
      ++c_.events;
      SiteState& site = sites_[e.site];
      switch (e.kind) {
        case Kind::KeypadEntry:
          keypad_entry(site, e);
          break;
        case Kind::LockEntry:
          lock_entry(site, e);
          break;
        case Kind::Relock:
          ++c_.relocks;
          break;
        case Kind::EditRequest:
          edit_request(site, e);
          break;
        case Kind::EditArrival:
          edit_arrival(site, e);
          break;
        case Kind::Rejection:
          break;
        case Kind::Push:
          push(site, e);
          break;
      }
    }
  }

  const Counters& counters() const { return c_; }

 private:
  static constexpr double kKeypadMean = 20 * 60.0;
  static constexpr double kLockMean = 30 * 60.0;
  static constexpr double kEditMean = 2 * 3600.0;

  double exp(double mean) { return std::exponential_distribution<double>(1.0 / mean)(rng_); }
  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng_);
  }
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  void schedule(double delay, std::uint32_t site, Kind kind, int index, int slot = 0,
                int attempt = 0, std::int16_t code = kEmpty) {
    queue_.push({now_ + delay, seq_++, site, kind, static_cast<std::uint8_t>(index),
                 static_cast<std::uint8_t>(slot), static_cast<std::uint8_t>(attempt), code});
  }

  static bool has_code(const SiteState& site, std::int16_t code) {
    for (const User& u : site.users)
      if (u.code == code) return true;
    return false;
  }
  std::int16_t unused_code(const SiteState& site) {
    for (;;) {
      const auto code = static_cast<std::int16_t>(pick(10000));
      if (!has_code(site, code)) return code;
    }
  }
  // The slot of a random current user.
  int random_user(const SiteState& site) {
    int n = pick(site.user_count);
    for (int slot = 0; slot < kSlots; ++slot)
      if (site.users[slot].code != kEmpty && n-- == 0) return slot;
    return -1;  // unreachable: user_count counts the occupied slots
  }
  std::int16_t entered_code(const SiteState& site) {
    return chance(0.9) ? site.users[random_user(site)].code : unused_code(site);
  }

  void keypad_entry(SiteState& site, const Event& e) {
    const int k = e.index;
    schedule(exp(kKeypadMean), e.site, Kind::KeypadEntry, k);
    if (now_ < site.locked_until[k]) {
      ++c_.keypad_locked_out;
      return;
    }
    // Every user has both partitions in FW1 (edits toggle locks only).
    if (has_code(site, entered_code(site))) {
      ++c_.keypad_ok;
      site.armed[k] = !site.armed[k];
      ++(site.armed[k] ? c_.arms : c_.disarms);
      site.streak[k] = 0;
    } else {
      ++c_.keypad_bad;
      if (++site.streak[k] == 5) {
        site.locked_until[k] = now_ + 5 * 60.0;
        site.streak[k] = 0;
      }
    }
  }

  void lock_entry(SiteState& site, const Event& e) {
    schedule(exp(kLockMean), e.site, Kind::LockEntry, e.index);
    const std::int16_t code = entered_code(site);
    const auto& slots = site.lock_slots[e.index];
    bool accepted = false;
    for (std::int16_t s : slots)
      accepted = accepted || s == code;
    if (accepted) {
      ++c_.lock_ok;
      schedule(30.0, e.site, Kind::Relock, e.index);
    } else {
      ++c_.lock_bad;
    }
  }

  static bool any_armed(const SiteState& site) { return site.armed[0] || site.armed[1]; }

  void edit_request(SiteState& site, const Event& e) {
    schedule(exp(kEditMean), e.site, Kind::EditRequest, 0);
    ++c_.edits_requested;
    const double p = std::uniform_real_distribution<double>(0, 1)(rng_);
    const EditKind kind = p < 0.4   ? EditKind::ChangeCode
                          : p < 0.7 ? EditKind::ToggleLock
                          : p < 0.9 ? EditKind::AddUser
                                    : EditKind::DeleteUser;
    if (any_armed(site)) {
      ++c_.edits_rejected_cloud;
      return;
    }
    schedule(uniform(30, 180), e.site, Kind::EditArrival, static_cast<int>(kind));
  }

  void push_slot(const Event& arrival, const SiteState& site, int lock, int slot) {
    schedule(uniform(1, 10), arrival.site, Kind::Push, lock, slot, 1,
             site.users[slot].locks & (1u << lock) ? site.users[slot].code : kEmpty);
  }

  void edit_arrival(SiteState& site, const Event& e) {
    if (any_armed(site)) {
      ++c_.edits_rejected_panel;
      schedule(uniform(30, 180), e.site, Kind::Rejection, 0);
      return;
    }
    ++c_.edits_applied;
    auto kind = static_cast<EditKind>(e.index);
    if (kind == EditKind::AddUser && site.user_count >= kSlots) kind = EditKind::ChangeCode;
    if (kind == EditKind::DeleteUser && site.user_count <= 1) kind = EditKind::ChangeCode;
    switch (kind) {
      case EditKind::ChangeCode: {
        const int slot = random_user(site);
        site.users[slot].code = unused_code(site);
        for (int l = 0; l < kLocks; ++l)
          if (site.users[slot].locks & (1u << l)) push_slot(e, site, l, slot);
        break;
      }
      case EditKind::ToggleLock: {
        const int slot = random_user(site);
        const int lock = pick(kLocks);
        site.users[slot].locks ^= static_cast<std::uint8_t>(1u << lock);
        push_slot(e, site, lock, slot);
        break;
      }
      case EditKind::AddUser: {
        int slot = 0;
        while (site.users[slot].code != kEmpty)
          ++slot;
        site.users[slot] = {unused_code(site), 0b1111};
        ++site.user_count;
        for (int l = 0; l < kLocks; ++l)
          push_slot(e, site, l, slot);
        break;
      }
      case EditKind::DeleteUser: {
        const int slot = random_user(site);
        const std::uint8_t could_open = site.users[slot].locks;
        site.users[slot] = {};
        --site.user_count;
        for (int l = 0; l < kLocks; ++l)
          if (could_open & (1u << l)) push_slot(e, site, l, slot);
        break;
      }
    }
  }

  void push(SiteState& site, const Event& e) {
    if (chance(0.05)) {
      if (e.attempt < 3) {
        ++c_.lock_push_retry;
        schedule(30.0, e.site, Kind::Push, e.index, e.slot, e.attempt + 1, e.code);
      } else {
        ++c_.lock_push_failed;
      }
      return;
    }
    ++c_.lock_push_ok;
    site.lock_slots[e.index][e.slot] = e.code;
  }

  double end_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
  std::mt19937_64 rng_;
  std::vector<SiteState> sites_;
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
  Counters c_;
};

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "FW1 on a minimal hand-written loop (std::priority_queue, no devices, no core): issue 7's\n"
      "reference row, to measure beside `lockstep bench fleet` on the same machine."};
  std::uint32_t sites = 0;
  double hours = 24;
  std::uint64_t seed = 1;
  app.add_option("--sites", sites, "number of sites (N)")
      ->required()
      ->check(CLI::Range(1u, 10'000'000u));
  app.add_option("--hours", hours, "simulated span in hours (H)")
      ->check(CLI::Range(0.0, 24.0 * 365));
  app.add_option("--seed", seed, "seed of the one random stream");
  CLI11_PARSE(app, argc, argv);

  // FW1 detail 9: the wall time covers building the model and the run.
  const auto start = std::chrono::steady_clock::now();
  Loop loop(sites, hours, seed);
  loop.run();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const Counters& c = loop.counters();
  const std::pair<const char*, std::uint64_t> lines[] = {
      {"keypad_ok", c.keypad_ok},
      {"keypad_bad", c.keypad_bad},
      {"keypad_locked_out", c.keypad_locked_out},
      {"arms", c.arms},
      {"disarms", c.disarms},
      {"lock_ok", c.lock_ok},
      {"lock_bad", c.lock_bad},
      {"relocks", c.relocks},
      {"edits_requested", c.edits_requested},
      {"edits_rejected_cloud", c.edits_rejected_cloud},
      {"edits_rejected_panel", c.edits_rejected_panel},
      {"edits_applied", c.edits_applied},
      {"lock_push_ok", c.lock_push_ok},
      {"lock_push_retry", c.lock_push_retry},
      {"lock_push_failed", c.lock_push_failed},
      {"events", c.events},
  };
  for (const auto& [name, value] : lines)
    std::printf("%s %llu\n", name, static_cast<unsigned long long>(value));
  std::printf("wall_s %.3f\n", wall_s);
  std::printf("events_per_s %.0f\n", wall_s > 0 ? static_cast<double>(c.events) / wall_s : 0.0);
  std::printf("peak_rss_kb %ld\n", peak_rss_kb());
  return 0;
}
