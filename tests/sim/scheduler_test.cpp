#include "sim/scheduler.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sim/random.hpp"

namespace lockstep::sim {

// Reaches into the scheduler to force the (normally every 2^40 events)
// sequence renumbering.
struct SchedulerTestPeer {
  static void set_next_seq(Scheduler& s, uint64_t seq) { s.next_seq_ = seq; }
  static uint64_t max_seq() { return Scheduler::kMaxSeq; }
};

namespace {

Time at_s(int64_t s) {
  return Time::zero() + Duration::s(s);
}

TEST(Scheduler, StartsAtZeroWithNothingPending) {
  Scheduler s;
  EXPECT_EQ(s.now(), Time::zero());
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_FALSE(s.next_event_time().has_value());
  EXPECT_FALSE(s.step());
  EXPECT_EQ(s.events_executed(), 0u);
}

TEST(Scheduler, EventsRunInTimeOrderAndTimeJumps) {
  Scheduler s;
  std::vector<std::pair<int, Time>> log;
  for (int t : {5, 1, 4, 2, 3}) {
    s.schedule_at(at_s(t), [&log, &s, t] { log.emplace_back(t, s.now()); });
  }
  EXPECT_EQ(s.pending(), 5u);
  EXPECT_EQ(s.next_event_time(), at_s(1));
  s.run_until_idle();
  ASSERT_EQ(log.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(log[i].first, i + 1);
    EXPECT_EQ(log[i].second, at_s(i + 1));
  }
  EXPECT_EQ(s.now(), at_s(5));
  EXPECT_EQ(s.events_executed(), 5u);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(Scheduler, TiesRunInTheOrderTheyWereScheduled) {
  Scheduler s;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i)
    s.schedule_at(at_s(7), [&order, i] { order.push_back(i); });
  s.schedule_at(at_s(6), [&order] { order.push_back(-1); });
  s.run_until_idle();
  ASSERT_EQ(order.size(), 101u);
  EXPECT_EQ(order[0], -1);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(order[i + 1], i);
}

TEST(Scheduler, AnEventScheduledForNowRunsAfterThoseAlreadyDueNow) {
  Scheduler s;
  std::vector<std::string> order;
  s.schedule_at(at_s(1), [&] {
    order.push_back("a");
    s.schedule_after(Duration::zero(), [&] { order.push_back("c"); });
  });
  s.schedule_at(at_s(1), [&] { order.push_back("b"); });
  s.run_until_idle();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Scheduler, ScheduleAfterIsRelativeToNow) {
  Scheduler s;
  Time seen;
  s.schedule_at(at_s(10), [&] { s.schedule_after(Duration::ms(250), [&] { seen = s.now(); }); });
  s.run_until_idle();
  EXPECT_EQ(seen, at_s(10) + Duration::ms(250));
}

TEST(Scheduler, SchedulingInThePastIsClampedToNow) {
  Scheduler s;
  s.run_until(at_s(10));
  Time seen;
  s.schedule_at(at_s(3), [&] { seen = s.now(); });
  s.schedule_after(-Duration::s(5), [] {});
  EXPECT_EQ(s.next_event_time(), at_s(10));
  s.run_until_idle();
  EXPECT_EQ(seen, at_s(10));
}

TEST(Scheduler, CancelRemovesAPendingEvent) {
  Scheduler s;
  std::vector<int> ran;
  auto h1 = s.schedule_at(at_s(1), [&] { ran.push_back(1); });
  auto h2 = s.schedule_at(at_s(2), [&] { ran.push_back(2); });
  EXPECT_TRUE(h1.valid());
  EXPECT_TRUE(s.is_pending(h2));
  EXPECT_TRUE(s.cancel(h2));
  EXPECT_FALSE(s.is_pending(h2));
  EXPECT_FALSE(s.cancel(h2)) << "already cancelled";
  EXPECT_EQ(s.pending(), 1u);
  s.run_until_idle();
  EXPECT_EQ(ran, std::vector<int>{1});
  EXPECT_EQ(s.events_executed(), 1u);
}

TEST(Scheduler, CancellingTheNextEventUpdatesNextEventTime) {
  Scheduler s;
  auto h = s.schedule_at(at_s(1), [] {});
  s.schedule_at(at_s(2), [] {});
  EXPECT_TRUE(s.cancel(h));
  EXPECT_EQ(s.next_event_time(), at_s(2));
  EXPECT_EQ(s.pending(), 1u);
}

TEST(Scheduler, CancelReturnsFalseForInvalidRunAndStaleHandles) {
  Scheduler s;
  EXPECT_FALSE(s.cancel(EventHandle{}));
  EXPECT_FALSE(EventHandle{}.valid());
  EXPECT_FALSE(s.cancel(EventHandle{12345, 1}));
  int n = 0;
  auto h = s.schedule_at(at_s(1), [&] { ++n; });
  s.run_until_idle();
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(s.cancel(h)) << "already ran";
  // The slot is reused by a new event; the old handle must not cancel it.
  auto h2 = s.schedule_at(at_s(2), [&] { ++n; });
  EXPECT_EQ(h2.slot, h.slot);
  EXPECT_NE(h2, h);
  EXPECT_FALSE(s.cancel(h));
  s.run_until_idle();
  EXPECT_EQ(n, 2);
}

TEST(Scheduler, CancelFromInsideAnEvent) {
  Scheduler s;
  std::vector<int> ran;
  EventHandle later;
  EventHandle same_time;
  EventHandle self;
  bool cancel_self_result = true;
  self = s.schedule_at(at_s(1), [&] {
    ran.push_back(1);
    EXPECT_TRUE(s.cancel(later));
    EXPECT_TRUE(s.cancel(same_time));
    cancel_self_result = s.cancel(self);  // running: too late
  });
  same_time = s.schedule_at(at_s(1), [&] { ran.push_back(2); });
  later = s.schedule_at(at_s(5), [&] { ran.push_back(3); });
  s.schedule_at(at_s(6), [&] { ran.push_back(4); });
  s.run_until_idle();
  EXPECT_EQ(ran, (std::vector<int>{1, 4}));
  EXPECT_FALSE(cancel_self_result);
}

TEST(Scheduler, CancelDestroysTheCallbackImmediately) {
  Scheduler s;
  auto token = std::make_shared<int>(0);
  auto h = s.schedule_at(at_s(1), [token] {});
  EXPECT_EQ(token.use_count(), 2);
  s.cancel(h);
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Scheduler, ManyCancellationsKeepTheRightEventsAndCompact) {
  Scheduler s;
  Rng rng(3);
  std::vector<EventHandle> handles;
  std::vector<int> expected;
  std::vector<int> ran;
  for (int i = 0; i < 5000; ++i) {
    handles.push_back(
        s.schedule_at(Time::from_us(rng.between(0, 1000)), [&ran, i] { ran.push_back(i); }));
  }
  for (int i = 0; i < 5000; ++i) {
    if (i % 10 != 0) {
      EXPECT_TRUE(s.cancel(handles[i]));
    }
  }
  EXPECT_EQ(s.pending(), 500u);
  s.run_until_idle();
  EXPECT_EQ(ran.size(), 500u);
  for (int i : ran)
    EXPECT_EQ(i % 10, 0);
}

TEST(Scheduler, RunUntilRunsEventsExactlyAtTheBoundaryAndSetsNow) {
  Scheduler s;
  std::vector<int> ran;
  s.schedule_at(at_s(10), [&] { ran.push_back(10); });
  s.schedule_at(at_s(10) + Duration::us(1), [&] { ran.push_back(11); });
  s.run_until(at_s(10));
  EXPECT_EQ(ran, std::vector<int>{10});
  EXPECT_EQ(s.now(), at_s(10));
  EXPECT_EQ(s.pending(), 1u);
  s.run_until(at_s(20));
  EXPECT_EQ(ran, (std::vector<int>{10, 11}));
  EXPECT_EQ(s.now(), at_s(20));
}

TEST(Scheduler, RunUntilNeverMovesTimeBackwards) {
  Scheduler s;
  s.run_until(at_s(10));
  s.run_until(at_s(5));
  EXPECT_EQ(s.now(), at_s(10));
}

TEST(Scheduler, RunUntilIncludesEventsScheduledDuringTheRunUpToTheBoundary) {
  Scheduler s;
  int chain = 0;
  std::function<void()> tick = [&] {
    ++chain;
    s.schedule_after(Duration::s(1), [&] { tick(); });
  };
  s.schedule_at(at_s(1), [&] { tick(); });
  s.run_until(at_s(10));
  EXPECT_EQ(chain, 10);  // at 1..10 inclusive
  EXPECT_EQ(s.now(), at_s(10));
}

TEST(Scheduler, RunThroughRunsDueEventsAndLeavesNowAtTheLastOne) {
  Scheduler s;
  std::vector<int> ran;
  s.schedule_at(at_s(3), [&] { ran.push_back(3); });
  s.schedule_at(at_s(5), [&] { ran.push_back(5); });
  s.schedule_at(at_s(9), [&] { ran.push_back(9); });
  s.run_through(at_s(7));
  EXPECT_EQ(ran, (std::vector<int>{3, 5}));
  EXPECT_EQ(s.now(), at_s(5));
  s.run_through(at_s(9));
  EXPECT_EQ(ran, (std::vector<int>{3, 5, 9}));
  EXPECT_EQ(s.now(), at_s(9));
}

TEST(Scheduler, AnEventThatGrowsTheSlabManyTimesRunsInPlace) {
  // The slab starts at 16 slots and doubles: one event scheduling 5,000 more
  // adds many chunks while it runs; its own captures must stay intact.
  Scheduler s;
  std::vector<int> ran;
  const std::array<int, 8> payload{1, 2, 3, 4, 5, 6, 7, 8};
  s.schedule_at(at_s(1), [&s, &ran, payload] {
    for (int i = 0; i < 5000; ++i)
      s.schedule_at(at_s(2) + Duration::us(i), [&ran, i] { ran.push_back(i); });
    ran.push_back(payload[0] + payload[7]);  // read after the slab grew
  });
  s.run_until_idle();
  ASSERT_EQ(ran.size(), 5001u);
  EXPECT_EQ(ran[0], 9);
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ(ran[static_cast<std::size_t>(i) + 1], i);
}

TEST(Scheduler, RunForAdvancesByTheDuration) {
  Scheduler s;
  s.run_for(Duration::min(3));
  EXPECT_EQ(s.now(), Time::zero() + Duration::min(3));
  s.run_for(Duration::max());
  EXPECT_EQ(s.now(), Time::max());
}

TEST(Scheduler, StopEndsTheCurrentRunAfterTheRunningEvent) {
  Scheduler s;
  int n = 0;
  for (int i = 1; i <= 5; ++i) {
    s.schedule_at(at_s(i), [&, i] {
      ++n;
      if (i == 2) s.stop();
    });
  }
  s.run_until(at_s(100));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(s.now(), at_s(2));
  s.run_until_idle();
  EXPECT_EQ(n, 5);
}

TEST(Scheduler, StepRunsOneEventAtATime) {
  Scheduler s;
  s.schedule_at(at_s(2), [] {});
  s.schedule_at(at_s(3), [] {});
  EXPECT_TRUE(s.step());
  EXPECT_EQ(s.now(), at_s(2));
  EXPECT_EQ(s.events_executed(), 1u);
  EXPECT_TRUE(s.step());
  EXPECT_FALSE(s.step());
  EXPECT_EQ(s.now(), at_s(3));
}

TEST(Scheduler, MatchesAReferenceOrderingUnderARandomWorkload) {
  // Random schedules with many ties and cancels; the run order must be the
  // order of (time, scheduling sequence) among the survivors.
  Scheduler s;
  Rng rng(2024);
  struct Rec {
    int64_t t;
    int seq;
  };
  std::vector<Rec> ran;
  std::vector<EventHandle> handles;
  int seq = 0;
  std::vector<Rec> scheduled;
  for (int i = 0; i < 20000; ++i) {
    const int64_t t = rng.between(0, 200);
    const int id = seq++;
    scheduled.push_back({t, id});
    handles.push_back(s.schedule_at(Time::from_us(t), [&ran, t, id] { ran.push_back({t, id}); }));
  }
  std::vector<bool> cancelled(scheduled.size());
  for (int i = 0; i < 5000; ++i) {
    const auto k = rng.below(scheduled.size());
    if (!cancelled[k]) {
      EXPECT_TRUE(s.cancel(handles[k]));
      cancelled[k] = true;
    } else {
      EXPECT_FALSE(s.cancel(handles[k]));
    }
  }
  std::vector<Rec> expected;
  for (std::size_t i = 0; i < scheduled.size(); ++i) {
    if (!cancelled[i]) expected.push_back(scheduled[i]);
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const Rec& a, const Rec& b) { return a.t < b.t; });
  s.run_until_idle();
  ASSERT_EQ(ran.size(), expected.size());
  for (std::size_t i = 0; i < ran.size(); ++i) {
    ASSERT_EQ(ran[i].seq, expected[i].seq) << "at " << i;
  }
}

TEST(Scheduler, MatchesAReferenceWhileThePendingCountRisesAndFallsAcrossTheSmallShape) {
  // A site's scheduler holds a handful of events (kept as a sorted array);
  // a busy one outgrows that (a heap) and shrinks again. Events schedule,
  // cancel and run interleaved, with ties, while the pending count swings
  // between 0 and ~100 several times; every event must run in (time,
  // scheduling order), and cancelled ones never.
  Scheduler s;
  Rng rng(77);
  std::map<std::pair<int64_t, int>, EventHandle> reference;  // (time, seq) -> handle
  std::vector<std::pair<int64_t, int>> ran;
  int seq = 0;
  auto schedule = [&] {
    const int64_t t = s.now().us() + rng.between(0, 40);
    const int id = seq++;
    reference[{t, id}] = s.schedule_at(Time::from_us(t), [&ran, t, id] { ran.push_back({t, id}); });
  };
  for (int swing = 0; swing < 6; ++swing) {
    const std::size_t high = 1 + rng.below(100);
    while (reference.size() < high) {
      schedule();
      if (rng.chance(0.2) && !reference.empty()) {  // cancel a random pending event
        auto it = std::next(reference.begin(), static_cast<long>(rng.below(reference.size())));
        ASSERT_TRUE(s.cancel(it->second));
        reference.erase(it);
      }
    }
    ASSERT_EQ(s.pending(), reference.size());
    while (!reference.empty()) {
      if (rng.chance(0.3)) schedule();  // events keep arriving as others run
      const auto expected = reference.begin()->first;
      ASSERT_TRUE(s.step());
      ASSERT_EQ(ran.back(), expected) << "swing " << swing;
      reference.erase(reference.begin());
      ASSERT_EQ(s.pending(), reference.size());
    }
    EXPECT_FALSE(s.next_event_time().has_value());
  }
}

TEST(Scheduler, SequenceRenumberingKeepsTieOrder) {
  Scheduler s;
  std::vector<int> order;
  SchedulerTestPeer::set_next_seq(s, SchedulerTestPeer::max_seq() - 3);
  for (int i = 0; i < 8; ++i)
    s.schedule_at(at_s(1), [&order, i] { order.push_back(i); });
  s.schedule_at(at_s(0), [&order] { order.push_back(-1); });
  s.run_until_idle();
  EXPECT_EQ(order, (std::vector<int>{-1, 0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(Scheduler, APostedEventRunsInTheOrderOfSchedulingItNow) {
  // post(cb) is schedule_at(now(), cb) without a handle: after every event
  // already due now, before anything later, and in order with the events
  // scheduled for now around it.
  Scheduler s;
  std::vector<std::string> order;
  s.schedule_at(at_s(1), [&] {
    order.push_back("a");
    s.post([&] {
      order.push_back("c");
      s.post([&] { order.push_back("f"); });
    });
    s.schedule_after(Duration::zero(), [&] { order.push_back("d"); });
    s.post([&] { order.push_back("e"); });
  });
  s.schedule_at(at_s(1), [&] { order.push_back("b"); });
  s.schedule_at(at_s(2), [&] { order.push_back("g"); });
  s.run_until_idle();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"}));
  EXPECT_EQ(s.events_executed(), 7u);
}

TEST(Scheduler, PostedEventsArePendingAndDueNow) {
  Scheduler s;
  s.run_until(at_s(5));
  s.schedule_at(at_s(9), [] {});
  int ran = 0;
  s.post([&] { ++ran; });
  s.post([&] { ++ran; });
  EXPECT_EQ(s.pending(), 3u);
  EXPECT_EQ(s.next_event_time(), at_s(5));
  s.run_until(at_s(4));  // before now: nothing is due
  EXPECT_EQ(ran, 0);
  s.run_through(at_s(5));
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(s.now(), at_s(5));
  EXPECT_EQ(s.pending(), 1u);
  EXPECT_EQ(s.next_event_time(), at_s(9));
  s.post([&] { ++ran; });
  EXPECT_TRUE(s.step());
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(s.now(), at_s(5));
}

TEST(Scheduler, StopEndsARunAfterAPostedEvent) {
  Scheduler s;
  std::vector<int> order;
  s.schedule_at(at_s(1), [&] {
    order.push_back(1);
    s.post([&] {
      order.push_back(2);
      s.stop();
    });
    s.post([&] { order.push_back(3); });
  });
  s.run_until(at_s(10));
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(s.now(), at_s(1));
  s.run_until(at_s(10));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(s.now(), at_s(10));
}

TEST(Scheduler, MatchesAReferenceWhenPostsAndSchedulesInterleave) {
  // Events post, schedule (often for now: ties) and cancel as they run; the
  // run order must be (time, order of scheduling), a post counting as
  // scheduling for now, whatever the queue each event waited in.
  Scheduler s;
  Rng rng(4242);
  std::map<std::pair<int64_t, int>, EventHandle> reference;  // (time, seq) -> handle
  std::vector<std::pair<int64_t, int>> ran;
  int seq = 0;
  int budget = 20000;
  std::function<void()> act;
  auto add = [&] {
    if (budget-- <= 0) return;
    const int id = seq++;
    if (rng.chance(0.4)) {
      const int64_t t = s.now().us();
      reference[{t, id}] = EventHandle{};
      s.post([&, t, id] {
        ran.push_back({t, id});
        act();
      });
    } else {
      const int64_t t = s.now().us() + (rng.chance(0.3) ? 0 : rng.between(0, 30));
      reference[{t, id}] = s.schedule_at(Time::from_us(t), [&, t, id] {
        ran.push_back({t, id});
        act();
      });
    }
  };
  act = [&] {
    const auto n = rng.below(4);  // 1.5 on average: grows until the budget runs out
    for (uint64_t i = 0; i < n; ++i)
      add();
    if (rng.chance(0.1)) {  // cancel a pending scheduled event
      for (auto it = reference.begin(); it != reference.end(); ++it) {
        if (it->second.valid()) {
          EXPECT_TRUE(s.cancel(it->second));
          reference.erase(it);
          break;
        }
      }
    }
  };
  for (int i = 0; i < 50; ++i)
    add();
  while (!reference.empty()) {
    ASSERT_EQ(s.pending(), reference.size());
    ASSERT_EQ(s.next_event_time(), Time::from_us(reference.begin()->first.first));
    const auto expected = reference.begin()->first;
    reference.erase(reference.begin());
    ASSERT_TRUE(s.step());
    ASSERT_EQ(ran.back(), expected);
  }
  EXPECT_FALSE(s.step());
  EXPECT_GT(ran.size(), 10000u);
}

TEST(Scheduler, SequenceRenumberingKeepsPostedEventsInOrder) {
  Scheduler s;
  std::vector<int> order;
  s.schedule_at(at_s(1), [&] {
    SchedulerTestPeer::set_next_seq(s, SchedulerTestPeer::max_seq() - 2);
    for (int i = 0; i < 6; ++i) {
      if (i % 2 == 0) {
        s.post([&order, i] { order.push_back(i); });
      } else {
        s.schedule_after(Duration::zero(), [&order, i] { order.push_back(i); });
      }
    }
  });
  s.schedule_at(at_s(1), [&order] { order.push_back(-1); });
  s.schedule_at(at_s(2), [&order] { order.push_back(9); });
  s.run_until_idle();
  EXPECT_EQ(order, (std::vector<int>{-1, 0, 1, 2, 3, 4, 5, 9}));
}

TEST(Scheduler, HeapAllocatedCallbacksAreReleased) {
  Scheduler s;
  auto token = std::make_shared<int>(0);
  std::array<char, 200> big{};
  s.schedule_at(at_s(1), [token, big] { (void)big; });
  s.schedule_at(at_s(2), [token, big] { (void)big; });
  EXPECT_EQ(token.use_count(), 3);
  s.step();
  EXPECT_EQ(token.use_count(), 2);
  {
    Scheduler doomed;
    doomed.schedule_at(at_s(1), [token] {});
    doomed.post([token] {});
    EXPECT_EQ(token.use_count(), 4);
  }
  EXPECT_EQ(token.use_count(), 2) << "a destroyed scheduler destroys pending callbacks";
}

}  // namespace
}  // namespace lockstep::sim
