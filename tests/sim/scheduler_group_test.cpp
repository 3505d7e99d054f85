#include "sim/scheduler_group.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "sim/random.hpp"

namespace lockstep::sim {
namespace {

Time at_s(int64_t s) {
  return Time::zero() + Duration::s(s);
}

struct Ran {
  int64_t t_us;
  std::size_t member;
  int tag;
  friend bool operator==(const Ran&, const Ran&) = default;
};

class Fleet {
 public:
  explicit Fleet(std::size_t n) : members(n) {
    for (auto& m : members)
      group.add(m);
  }
  // Schedules on member m an event that records (time, m, tag).
  void at(std::size_t m, Time t, int tag) {
    Scheduler& s = members[m];
    s.schedule_at(t, [this, &s, m, tag] { log.push_back({s.now().us(), m, tag}); });
  }
  std::deque<Scheduler> members;
  SchedulerGroup group;
  std::vector<Ran> log;
};

// A random workload: kMembers members, each event of a member records itself
// and reschedules the member 0..max_delay_us later (ties are common), `hops`
// events per member; run in `slices` equal run_until calls up to end_us.
struct Hopping {
  static constexpr std::size_t kMembers = 29;
  int hops = 200;
  int64_t max_delay_us = 3;
  int64_t end_us = 1000;
  Duration window = Duration::zero();

  std::vector<Ran> run(int slices) const {
    std::deque<Scheduler> members(kMembers);
    SchedulerGroup group;
    group.set_window(window);
    std::vector<Ran> log;
    std::vector<Rng> rngs;
    for (std::size_t m = 0; m < kMembers; ++m) {
      group.add(members[m]);
      rngs.emplace_back(m + 1);
    }
    std::vector<int> count(kMembers);
    std::function<void(std::size_t)> hop = [&](std::size_t m) {
      Scheduler& s = members[m];
      log.push_back({s.now().us(), m, count[m]++});
      if (count[m] < hops) {
        s.schedule_after(Duration::us(rngs[m].between(0, max_delay_us)), [&hop, m] { hop(m); });
      }
    };
    for (std::size_t m = 0; m < kMembers; ++m)
      members[m].schedule_at(Time::from_us(static_cast<int64_t>(m % 5)), [&hop, m] { hop(m); });
    for (int i = 1; i <= slices; ++i)
      group.run_until(Time::from_us(end_us * i / slices));
    return log;
  }
};

TEST(SchedulerGroup, RunsEveryMembersEventsInTimeOrderTiesByMemberIndex) {
  Fleet f(3);
  f.at(2, at_s(1), 0);
  f.at(1, at_s(2), 0);
  f.at(0, at_s(2), 0);
  f.at(2, at_s(2), 1);
  f.at(0, at_s(3), 1);
  f.group.run_until(at_s(10));
  EXPECT_EQ(f.log, (std::vector<Ran>{{1'000'000, 2, 0},
                                     {2'000'000, 0, 0},
                                     {2'000'000, 1, 0},
                                     {2'000'000, 2, 1},
                                     {3'000'000, 0, 1}}));
  EXPECT_EQ(f.group.events_executed(), 5u);
}

TEST(SchedulerGroup, AMemberKeepsTheTurnThroughItsBurstButYieldsToEarlierEvents) {
  Fleet f(2);
  // Member 1 at 1 s schedules one event at the same time and one at 3 s;
  // member 0's event at 2 s must run between them.
  Scheduler& m1 = f.members[1];
  m1.schedule_at(at_s(1), [&] {
    f.log.push_back({m1.now().us(), 1, 0});
    m1.schedule_after(Duration::zero(), [&] { f.log.push_back({m1.now().us(), 1, 1}); });
    m1.schedule_after(Duration::s(2), [&] { f.log.push_back({m1.now().us(), 1, 2}); });
  });
  f.at(0, at_s(2), 0);
  f.group.run_until(at_s(10));
  EXPECT_EQ(f.log,
            (std::vector<Ran>{
                {1'000'000, 1, 0}, {1'000'000, 1, 1}, {2'000'000, 0, 0}, {3'000'000, 1, 2}}));
  EXPECT_EQ(f.group.turns(), 3u);  // member 1's burst at 1 s is one turn
}

TEST(SchedulerGroup, RunUntilStopsAtTheBoundaryAndMovesEveryMembersClock) {
  Fleet f(2);
  f.at(0, at_s(5), 0);
  f.at(1, at_s(6), 0);
  f.group.run_until(at_s(5));
  EXPECT_EQ(f.log.size(), 1u);
  EXPECT_EQ(f.members[0].now(), at_s(5));
  EXPECT_EQ(f.members[1].now(), at_s(5));
  EXPECT_EQ(f.group.next_event_time(), at_s(6));
  // Events scheduled between runs are picked up by the next run.
  f.at(0, at_s(5) + Duration::us(1), 1);
  f.group.run_until(at_s(8));
  EXPECT_EQ(f.log, (std::vector<Ran>{{5'000'000, 0, 0}, {5'000'001, 0, 1}, {6'000'000, 1, 0}}));
  EXPECT_EQ(f.members[0].now(), at_s(8));
  EXPECT_FALSE(f.group.next_event_time().has_value());
}

TEST(SchedulerGroup, RunThroughLeavesClocksAtTheirLastEvent) {
  Fleet f(2);
  f.at(0, at_s(2), 0);
  f.group.run_through(at_s(9));
  EXPECT_EQ(f.members[0].now(), at_s(2));
  EXPECT_EQ(f.members[1].now(), Time::zero());
}

TEST(SchedulerGroup, MatchesAReferenceOrderUnderARandomWorkloadHowEverItIsRun) {
  // Each event reschedules its member a random delay later (ties common); the
  // group's order must be the sort by (time, member, member's own order), and
  // the same whether run in one go or in many slices.
  const Hopping work;
  const std::vector<Ran> once = work.run(1);
  ASSERT_EQ(once.size(), Hopping::kMembers * 200u);
  std::vector<Ran> sorted = once;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Ran& a, const Ran& b) {
    return std::tie(a.t_us, a.member) < std::tie(b.t_us, b.member);
  });
  EXPECT_EQ(once, sorted);
  EXPECT_EQ(work.run(13), once);
}

TEST(SchedulerGroup, WithAWindowEachMemberRunsItsWholeWindowInTurn) {
  Fleet f(2);
  f.group.set_window(Duration::s(10));
  f.at(1, at_s(1), 0);
  f.at(0, at_s(5), 0);
  f.at(1, at_s(9), 1);
  f.at(0, at_s(10), 1);  // still the first window: (0, 10 s]
  f.at(1, at_s(12), 2);
  f.at(0, at_s(35), 2);  // an empty window (20, 30] is skipped
  f.group.run_until(at_s(100));
  EXPECT_EQ(f.log, (std::vector<Ran>{{5'000'000, 0, 0},
                                     {10'000'000, 0, 1},
                                     {1'000'000, 1, 0},
                                     {9'000'000, 1, 1},
                                     {12'000'000, 1, 2},
                                     {35'000'000, 0, 2}}));
  EXPECT_EQ(f.group.turns(), 4u);
  EXPECT_EQ(f.members[1].now(), at_s(100));
}

TEST(SchedulerGroup, AWindowChangesOnlyTheInterleavingBetweenMembers) {
  // Every member sees the same events at the same times with or without a
  // window, and the windowed order is the sort by (window, member, time).
  Hopping work;
  work.hops = 300;
  work.max_delay_us = 40;
  work.end_us = 20'000;
  const std::vector<Ran> exact = work.run(1);
  work.window = Duration::us(250);
  const std::vector<Ran> windowed = work.run(1);
  ASSERT_EQ(windowed.size(), exact.size());
  auto by_member = [](std::vector<Ran> v) {
    std::stable_sort(v.begin(), v.end(),
                     [](const Ran& a, const Ran& b) { return a.member < b.member; });
    return v;
  };
  EXPECT_EQ(by_member(windowed), by_member(exact));
  std::vector<Ran> expected = exact;
  std::stable_sort(expected.begin(), expected.end(), [](const Ran& a, const Ran& b) {
    // Windows (k*250 - 250, k*250] in the order of k.
    return std::tuple((a.t_us + 249) / 250, a.member) < std::tuple((b.t_us + 249) / 250, b.member);
  });
  EXPECT_EQ(windowed, expected);
  EXPECT_NE(windowed, exact);
  EXPECT_EQ(work.run(8), windowed)
      << "slicing the run at window boundaries must not change the order";
}

}  // namespace
}  // namespace lockstep::sim
