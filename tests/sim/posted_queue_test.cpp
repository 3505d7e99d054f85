#include "sim/posted_queue.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/scheduler.hpp"

namespace lockstep::sim {
namespace {

// Takes and runs the front entry, then releases it: what the scheduler does.
void run_front(PostedQueue& q) {
  PostedQueue::Entry& e = q.take();
  e.cb();
  q.release(e);
}

TEST(PostedQueue, EntriesComeOutInTheOrderTheyWentInAcrossBlocks) {
  PostedQueue q;
  std::vector<int> order;
  for (int i = 0; i < 50; ++i)
    q.push([&order, i] { order.push_back(i); }, static_cast<uint64_t>(100 + i));
  EXPECT_EQ(q.size(), 50u);
  EXPECT_EQ(q.front().seq, 100u);
  std::vector<uint64_t> seqs;
  q.for_each([&](const PostedQueue::Entry& e) { seqs.push_back(e.seq); });
  ASSERT_EQ(seqs.size(), 50u);
  EXPECT_EQ(seqs.front(), 100u);
  EXPECT_EQ(seqs.back(), 149u);
  while (!q.empty())
    run_front(q);
  std::vector<int> expected;
  for (int i = 0; i < 50; ++i)
    expected.push_back(i);
  EXPECT_EQ(order, expected);
}

TEST(PostedQueue, ATakenEntryStaysIntactWhileManyMoreArePushed) {
  // The taken entry's callable (with a string that lives on the heap) runs
  // in place while 100 more are pushed behind it, across several blocks.
  PostedQueue q;
  std::vector<std::string> seen;
  const std::string words = "a captured string longer than the short-string buffer";
  q.push(
      [&q, &seen, words] {
        for (int i = 0; i < 100; ++i)
          q.push([&seen, i] { seen.push_back(std::to_string(i)); }, static_cast<uint64_t>(i + 1));
        seen.push_back(words);  // read after the pushes: still there
      },
      0);
  run_front(q);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], words);
  EXPECT_EQ(q.size(), 100u);
  EXPECT_EQ(q.front().seq, 1u);
  while (!q.empty())
    run_front(q);
  ASSERT_EQ(seen.size(), 101u);
  EXPECT_EQ(seen[1], "0");
  EXPECT_EQ(seen[100], "99");
}

TEST(PostedQueue, ReleaseDestroysTheCallableAndTheQueueDestroysTheRest) {
  auto token = std::make_shared<int>(7);
  {
    PostedQueue q;
    for (int i = 0; i < 20; ++i)
      q.push([token] {}, static_cast<uint64_t>(i));
    EXPECT_EQ(token.use_count(), 21);
    run_front(q);
    EXPECT_EQ(token.use_count(), 20);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(PostedQueue, AQueueThatNeverEmptiesKeepsItsOrder) {
  // Each event pushes the next (and, every third, one more), so the queue
  // never empties for thousands of entries; blocks are reused as the front
  // leaves them.
  PostedQueue q;
  uint64_t next = 0;
  std::vector<uint64_t> ran;
  std::function<void()> body;
  auto push_one = [&] {
    const uint64_t seq = next++;
    q.push(
        [&ran, &body, seq] {
          ran.push_back(seq);
          body();
        },
        seq);
  };
  body = [&] {
    if (next < 5000) {
      push_one();
      if (next % 3 == 0) push_one();
    }
  };
  push_one();
  while (!q.empty())
    run_front(q);
  ASSERT_EQ(ran.size(), 5000u);
  for (uint64_t i = 0; i < ran.size(); ++i)
    ASSERT_EQ(ran[i], i);
}

TEST(Scheduler, APostedEventThatPostsManyRunsInPlaceAndInOrder) {
  Scheduler s;
  std::vector<int> order;
  const std::string words = "a captured string longer than the short-string buffer";
  s.post([&s, &order, words] {
    for (int i = 0; i < 40; ++i)
      s.post([&order, i] { order.push_back(i); });
    order.push_back(words.size() == 53 ? -1 : -2);
  });
  s.run_until_idle();
  ASSERT_EQ(order.size(), 41u);
  EXPECT_EQ(order[0], -1);
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(order[static_cast<std::size_t>(i) + 1], i);
  EXPECT_EQ(s.pending(), 0u);
}

}  // namespace
}  // namespace lockstep::sim
