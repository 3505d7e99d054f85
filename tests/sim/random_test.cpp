#include "sim/random.hpp"

#include <algorithm>
#include <array>
#include <concepts>
#include <random>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

static_assert(std::uniform_random_bit_generator<Rng>);

std::vector<uint64_t> draws(Rng r, int n) {
  std::vector<uint64_t> v;
  for (int i = 0; i < n; ++i)
    v.push_back(r.next());
  return v;
}

TEST(Rng, SameSeedGivesTheSameSequence) {
  EXPECT_EQ(draws(Rng(42), 100), draws(Rng(42), 100));
  EXPECT_NE(draws(Rng(42), 100), draws(Rng(43), 100));
}

TEST(Rng, MatchesTheReferenceXoshiro256StarStarSeededBySplitmix64) {
  // Reference: state seeded by four splitmix64 outputs of seed 0, then xoshiro256**.
  uint64_t sm = 0;
  uint64_t s[4];
  for (auto& x : s)
    x = splitmix64(sm);
  auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  Rng r(0);
  for (int i = 0; i < 10; ++i) {
    const uint64_t expected = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    EXPECT_EQ(r.next(), expected);
  }
  // splitmix64(0) first output, a published constant.
  uint64_t z = 0;
  EXPECT_EQ(splitmix64(z), 0xe220a8397b1dcdafULL);
}

TEST(Rng, BelowStaysInRangeAndHitsEveryValue) {
  Rng r(7);
  std::array<int, 7> seen{};
  for (int i = 0; i < 7000; ++i) {
    const uint64_t v = r.below(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  for (int c : seen)
    EXPECT_NEAR(c, 1000, 150);
  EXPECT_EQ(r.below(1), 0u);
  EXPECT_EQ(r.below(0), 0u);
}

// Every seeded run depends on below() drawing exactly what Lemire's
// multiply-and-reject draws: the same values, and the same number of draws
// (a rejected draw consumes one more). Large n make rejections common.
TEST(Rng, BelowDrawsExactlyWhatLemiresMethodDraws) {
  const auto lemire = [](Rng& source, uint64_t n) -> uint64_t {
    if (n == 0) return 0;
    __extension__ using u128 = unsigned __int128;
    u128 m = static_cast<u128>(source.next()) * n;
    if (static_cast<uint64_t>(m) < n) {
      const uint64_t threshold = (0 - n) % n;
      while (static_cast<uint64_t>(m) < threshold)
        m = static_cast<u128>(source.next()) * n;
    }
    return static_cast<uint64_t>(m >> 64);
  };
  for (const uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{7}, uint64_t{10'000},
                           (uint64_t{1} << 63) + 1, UINT64_MAX - 2}) {
    Rng r(5);
    Rng reference(5);
    for (int i = 0; i < 2000; ++i)
      ASSERT_EQ(r.below(n), lemire(reference, n)) << "n=" << n << " draw " << i;
    EXPECT_EQ(r.next(), reference.next()) << "n=" << n << ": a different number of draws";
  }
}

TEST(Rng, BetweenIsInclusiveAtBothEnds) {
  Rng r(9);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = r.between(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(r.between(5, 5), 5);
  // The full int64 range does not overflow.
  (void)r.between(INT64_MIN, INT64_MAX);
}

TEST(Rng, Uniform01AndChance) {
  Rng r(11);
  double sum = 0;
  int hits = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    hits += r.chance(0.25) ? 1 : 0;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
  EXPECT_NEAR(hits / 100000.0, 0.25, 0.01);
  EXPECT_FALSE(r.chance(0));
  EXPECT_TRUE(r.chance(1));
}

TEST(Rng, WorksWithStdAlgorithms) {
  std::vector<int> v{1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<int> w = v;
  Rng a(3);
  Rng b(3);
  std::shuffle(v.begin(), v.end(), a);
  std::shuffle(w.begin(), w.end(), b);
  EXPECT_EQ(v, w);
}

TEST(RandomStreams, AStreamsDrawsDoNotDependOnOtherStreams) {
  const RandomStreams streams(1234);
  // Run 1: only "a".
  const auto alone = draws(streams.stream("panel"), 50);
  // Run 2: "b" created and drawn from first, then "a".
  Rng b = streams.stream("lock.front");
  for (int i = 0; i < 1000; ++i)
    (void)b.next();
  const auto with_b = draws(streams.stream("panel"), 50);
  EXPECT_EQ(alone, with_b);
  // A second RandomStreams with the same seed agrees.
  EXPECT_EQ(draws(RandomStreams(1234).stream("panel"), 50), alone);
}

TEST(RandomStreams, DifferentNamesAndSeedsGiveDifferentStreams) {
  const RandomStreams streams(1234);
  EXPECT_NE(draws(streams.stream("panel"), 10), draws(streams.stream("panel2"), 10));
  EXPECT_NE(draws(streams.stream("a"), 10), draws(streams.stream("b"), 10));
  EXPECT_NE(draws(streams.stream("panel"), 10), draws(RandomStreams(1235).stream("panel"), 10));
  EXPECT_EQ(streams.seed(), 1234u);
  EXPECT_EQ(streams.stream_seed("x"), RandomStreams(1234).stream_seed("x"));
}

TEST(DeriveSeed, RepetitionsGetDistinctStableSeeds) {
  std::set<uint64_t> seeds;
  for (uint64_t k = 0; k < 1000; ++k)
    seeds.insert(derive_seed(99, k));
  EXPECT_EQ(seeds.size(), 1000u);
  EXPECT_EQ(derive_seed(99, 3), derive_seed(99, 3));
  EXPECT_NE(derive_seed(99, 3), derive_seed(100, 3));
}

}  // namespace
}  // namespace lockstep::sim
