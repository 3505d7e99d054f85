// SchedulerGroup: many independent schedulers run in one time order.
//
// A fleet of sites that never interact can give each site a Scheduler of its
// own (its few pending events, slab and heap allocated next to the site's
// state) and let one SchedulerGroup per thread interleave them. The group
// keeps one 4-ary heap of (member's next event time, member index); it runs
// the earliest member until the next member's event is due, then picks again,
// so a burst of a site's events at one time (a message and its zero-delay
// answer) runs on that site's state while it is in cache.
//
// Order, window zero (the default): events run in (time, member index) order
// across the group, and in each member's own order (time, then scheduling
// order) within it.
//
// Order, window w > 0: time is cut into windows ((k-1)*w, k*w]; window by
// window, each member in index order runs all of its events in that window.
// Members are independent, so each member sees exactly the same events at the
// same times as in exact order; only the interleaving between members
// differs. Why: a member seldom has two events in a row in exact order (a
// fleet site has ~50 events an hour among thousands of sites), so exact order
// touches a different member, far away in memory, at nearly every event;
// with a window a member's state is loaded once and stays in cache for all
// of its events in that window, and members are visited in memory order.
//
// Either way the order depends only on the members' events and the window,
// never on how the group was run (one run_until or several; with a window,
// several that stop at multiples of the window), so traces stay deterministic.
//
// Rules:
//   - Members are independent: an event of one member never schedules on,
//     cancels on, or reads the clock of another. (The group only learns a
//     member's next event time when that member runs, or at the start of a
//     run.)
//   - Events may be scheduled on any member between runs (e.g. a driver's
//     first events); each run starts by looking at every member: O(members).
//   - stop() inside a member ends that member's turn, not the group's run.
//   - Members are not owned and must outlive the group's runs.
//   - Not thread-safe: one group per thread, each with its own members.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/scheduler.hpp"
#include "sim/time.hpp"

namespace lockstep::sim {

class SchedulerGroup {
 public:
  SchedulerGroup() = default;
  SchedulerGroup(const SchedulerGroup&) = delete;
  SchedulerGroup& operator=(const SchedulerGroup&) = delete;

  // Adds a member; returns its index (ties between members break by index).
  std::size_t add(Scheduler& member);
  std::size_t size() const { return members_.size(); }
  Scheduler& member(std::size_t index) { return *members_.at(index); }
  void reserve(std::size_t members) { members_.reserve(members); }

  // Zero: exact (time, member) order; positive: turns per window (above).
  void set_window(Duration window) { window_us_ = std::max<std::int64_t>(window.count_us(), 0); }
  Duration window() const { return Duration::us(window_us_); }

  // Runs every member's events with time <= t in the group's order, then sets
  // every member's now() to t (if later).
  void run_until(Time t);
  // The same, without moving any member's now() past its last event.
  void run_through(Time t);

  // The earliest pending event of any member (O(members)).
  std::optional<Time> next_event_time() const;
  // Events executed by all members (O(members)).
  std::uint64_t events_executed() const;
  // Times a member was given the turn by the group (for benchmarks).
  std::uint64_t turns() const { return turns_; }

 private:
  struct Entry {
    std::int64_t time;
    std::uint64_t member;
  };
  static bool less(const Entry& a, const Entry& b) {
    return a.time < b.time || (a.time == b.time && a.member < b.member);
  }
  void rebuild();
  void run_exact(Time t);
  void run_windows(Time t);
  void sift_down(std::size_t i);
  void pop_top();

  std::vector<Scheduler*> members_;
  std::vector<Entry> heap_;  // 4-ary min-heap; children of i: 4i+1 .. 4i+4
  std::uint64_t turns_ = 0;
  std::int64_t window_us_ = 0;
};

}  // namespace lockstep::sim
