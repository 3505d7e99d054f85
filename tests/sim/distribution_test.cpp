#include "sim/distribution.hpp"

#include <cmath>
#include <set>

#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

double sample_mean_s(const Distribution& d, uint64_t seed, int n, Duration* lo = nullptr,
                     Duration* hi = nullptr) {
  Rng rng(seed);
  double sum = 0;
  Duration mn = Duration::max();
  Duration mx = -Duration::max();
  for (int i = 0; i < n; ++i) {
    const Duration x = d.sample(rng);
    sum += x.seconds();
    mn = std::min(mn, x);
    mx = std::max(mx, x);
  }
  if (lo) *lo = mn;
  if (hi) *hi = mx;
  return sum / n;
}

TEST(Distribution, FixedAlwaysGivesItsValue) {
  Rng rng(1);
  const auto d = Distribution::fixed(Duration::s(2));
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(d.sample(rng), Duration::s(2));
  EXPECT_EQ(d.mean(), Duration::s(2));
  EXPECT_EQ(Distribution().sample(rng), Duration::zero());
}

TEST(Distribution, UniformStaysInRangeAndHasTheRightMean) {
  const auto d = Distribution::uniform(Duration::s(60), Duration::s(240));
  Duration lo;
  Duration hi;
  const double m = sample_mean_s(d, 5, 100000, &lo, &hi);
  EXPECT_GE(lo, Duration::s(60));
  EXPECT_LE(hi, Duration::s(240));
  EXPECT_LT(lo, Duration::s(61));
  EXPECT_GT(hi, Duration::s(239));
  EXPECT_NEAR(m, 150.0, 150.0 * 0.01);
  EXPECT_EQ(d.mean(), Duration::s(150));
}

TEST(Distribution, ExponentialHasTheRightMean) {
  const auto d = Distribution::exponential(Duration::min(20));
  Duration lo;
  const double m = sample_mean_s(d, 6, 100000, &lo);
  EXPECT_GE(lo, Duration::zero());
  EXPECT_NEAR(m, 1200.0, 1200.0 * 0.015);
  EXPECT_EQ(d.mean(), Duration::min(20));
}

TEST(Distribution, NormalHasTheRightMean) {
  const auto d = Distribution::normal(Duration::s(5), Duration::s(1));
  const double m = sample_mean_s(d, 7, 100000);
  EXPECT_NEAR(m, 5.0, 0.02);
  EXPECT_NEAR(d.mean().seconds(), 5.0, 1e-5);  // truncation at 0 is 5 sigma away
}

TEST(Distribution, TruncatedNormalIsNeverNegativeAndMatchesItsTruncatedMean) {
  const auto d = Distribution::normal(Duration::s(1), Duration::s(2));
  Duration lo;
  const double m = sample_mean_s(d, 8, 200000, &lo);
  EXPECT_GE(lo, Duration::zero());
  // Mean of N(1, 2) truncated below at 0 is 1 + 2*pdf(-0.5)/(1-cdf(-0.5)) = 2.01834s.
  EXPECT_NEAR(d.mean().seconds(), 2.01834, 0.0001);
  EXPECT_NEAR(m, d.mean().seconds(), 0.02);
}

TEST(Distribution, SameSeedSameSamples) {
  const auto d = Distribution::normal(Duration::s(5), Duration::s(1));
  Rng a(77);
  Rng b(77);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(d.sample(a), d.sample(b));
}

struct GoodDist {
  const char* text;
  Distribution expected;
  const char* canonical;
};

class ParseDistributionGood : public testing::TestWithParam<GoodDist> {};

TEST_P(ParseDistributionGood, ParsesAndPrintsBack) {
  auto p = parse_distribution(GetParam().text);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(*p, GetParam().expected);
  EXPECT_EQ(p->to_string(), GetParam().canonical);
  auto again = parse_distribution(p->to_string());
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(*again, *p);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDistributionGood,
    testing::Values(
        GoodDist{"fixed(2s)", Distribution::fixed(Duration::s(2)), "fixed(2s)"},
        GoodDist{"2s", Distribution::fixed(Duration::s(2)), "fixed(2s)"},
        GoodDist{"uniform(60s, 240s)", Distribution::uniform(Duration::s(60), Duration::s(240)),
                 "uniform(1m, 4m)"},
        GoodDist{" uniform( 1m ,4m ) ", Distribution::uniform(Duration::s(60), Duration::s(240)),
                 "uniform(1m, 4m)"},
        GoodDist{"exponential(20m)", Distribution::exponential(Duration::min(20)),
                 "exponential(20m)"},
        GoodDist{"normal(5s, 1s)", Distribution::normal(Duration::s(5), Duration::s(1)),
                 "normal(5s, 1s)"},
        GoodDist{"normal(1.5s, 250ms)", Distribution::normal(Duration::ms(1500), Duration::ms(250)),
                 "normal(1.5s, 250ms)"},
        GoodDist{"fixed(0s)", Distribution::fixed(Duration::zero()), "fixed(0s)"}));

struct BadDist {
  const char* text;
  const char* says;
};

class ParseDistributionBad : public testing::TestWithParam<BadDist> {};

TEST_P(ParseDistributionBad, IsRefusedNamingTheWrongPart) {
  auto p = parse_distribution(GetParam().text);
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.error.find(GetParam().says), std::string::npos) << p.error;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDistributionBad,
    testing::Values(BadDist{"", "required"}, BadDist{"gaussian(5s, 1s)", "'gaussian' is not"},
                    BadDist{"gaussian(5s, 1s)", "uniform(60s, 240s)"},
                    BadDist{"uniform(60s)", "takes 2 durations"},
                    BadDist{"uniform(60s, 240s, 1s)", "has 3"}, BadDist{"exponential()", "has 0"},
                    BadDist{"uniform(60s, x)", "the second argument"},
                    BadDist{"uniform(60s, x)", "'x' is not a duration"},
                    BadDist{"normal(5q, 1s)", "the first argument"},
                    BadDist{"uniform(240s, 60s)", "low end is above the high end"},
                    BadDist{"uniform(60s, 240s", "must end with ')'"},
                    BadDist{"exponential(0s)", "greater than 0s"},
                    BadDist{"fixed(-2s)", "negative"}, BadDist{"soon", "is not a distribution"},
                    BadDist{"fixed((2s))", "parenthesis"}));

}  // namespace
}  // namespace lockstep::sim
