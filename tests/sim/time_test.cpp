#include "sim/time.hpp"

#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

TEST(Duration, UnitsConvertToMicroseconds) {
  EXPECT_EQ(Duration::us(7).count_us(), 7);
  EXPECT_EQ(Duration::ms(3).count_us(), 3'000);
  EXPECT_EQ(Duration::s(2).count_us(), 2'000'000);
  EXPECT_EQ(Duration::min(1).count_us(), 60'000'000);
  EXPECT_EQ(Duration::h(1).count_us(), 3'600'000'000);
  EXPECT_DOUBLE_EQ(Duration::ms(1500).seconds(), 1.5);
}

TEST(Duration, ArithmeticAndComparisonBehaveLikeIntegers) {
  static_assert(Duration::s(1) + Duration::ms(500) == Duration::ms(1500));
  static_assert(Duration::s(1) - Duration::ms(1500) == -Duration::ms(500));
  static_assert(Duration::s(2) * 3 == Duration::s(6));
  static_assert(3 * Duration::s(2) == Duration::s(6));
  static_assert(Duration::s(6) / 4 == Duration::ms(1500));
  static_assert(Duration::ms(999) < Duration::s(1));
  EXPECT_GT(Duration::min(1), Duration::s(59));
}

TEST(Time, TimePlusDurationAndDifferences) {
  constexpr Time t = Time::zero() + Duration::s(10);
  static_assert(t.us() == 10'000'000);
  static_assert(t - Duration::s(4) == Time::from_us(6'000'000));
  static_assert(t - Time::zero() == Duration::s(10));
  static_assert(Time::zero() < t && t < Time::max());
  EXPECT_EQ(saturating_add(Time::max() - Duration::s(1), Duration::h(1)), Time::max());
  EXPECT_EQ(saturating_add(t, Duration::s(1)), Time::from_us(11'000'000));
}

struct GoodDuration {
  const char* text;
  int64_t us;
};

class ParseDurationGood : public testing::TestWithParam<GoodDuration> {};

TEST_P(ParseDurationGood, ParsesToTheExpectedMicroseconds) {
  auto p = parse_duration(GetParam().text);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p->count_us(), GetParam().us);
  EXPECT_TRUE(p.error.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDurationGood,
    testing::Values(GoodDuration{"90s", 90'000'000}, GoodDuration{"3m", 180'000'000},
                    GoodDuration{"3min", 180'000'000}, GoodDuration{"1h30m", 5'400'000'000},
                    GoodDuration{"250ms", 250'000}, GoodDuration{"1.5s", 1'500'000},
                    GoodDuration{"2h", 7'200'000'000}, GoodDuration{"0s", 0},
                    GoodDuration{"500us", 500}, GoodDuration{"1m30.5s", 90'500'000},
                    GoodDuration{"0.000001s", 1}, GoodDuration{".5s", 500'000},
                    GoodDuration{"1h2m3s4ms5us", 3'723'004'005},
                    GoodDuration{"  20m ", 1'200'000'000}, GoodDuration{"1.25h", 4'500'000'000}));

struct BadDuration {
  const char* text;
  const char* says;  // a fragment the error must contain
};

class ParseDurationBad : public testing::TestWithParam<BadDuration> {};

TEST_P(ParseDurationBad, IsRefusedWithASentence) {
  auto p = parse_duration(GetParam().text);
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.error.find(GetParam().says), std::string::npos) << p.error;
  // Every error tells the reader what is expected.
  EXPECT_NE(p.error.find("e.g."), std::string::npos) << p.error;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDurationBad,
    testing::Values(BadDuration{"", "required"}, BadDuration{"   ", "required"},
                    BadDuration{"-5s", "negative"}, BadDuration{"3x", "'x' is not a unit"},
                    BadDuration{"90", "has no unit"}, BadDuration{"1.s", "decimal point"},
                    BadDuration{"5s junk", "unexpected"}, BadDuration{"5s!", "unexpected"},
                    BadDuration{"30m1h", "largest first"}, BadDuration{"1s1s", "largest first"},
                    BadDuration{"1.0000001s", "more precise than one microsecond"},
                    BadDuration{"0.5us", "more precise"}, BadDuration{"s", "expected a number"},
                    BadDuration{"3 m", "unexpected"}));

TEST(ParseDuration, OverflowIsRefused) {
  EXPECT_FALSE(parse_duration("99999999999999999999s").ok());
  EXPECT_FALSE(parse_duration("3000000000h").ok());
  auto p = parse_duration("9223372036854775807us");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, Duration::max());
  EXPECT_FALSE(parse_duration("9223372036854775807us1us").ok());
  EXPECT_NE(parse_duration("3000000000h").error.find("too long"), std::string::npos);
}

TEST(ParseDuration, TheDocumentedExampleErrorReadsWell) {
  EXPECT_EQ(parse_duration("3x").error,
            "'3x' is not a duration: 'x' is not a unit; use a number and a unit (us, ms, s, m, "
            "h), e.g. 90s, 3m, 1h30m, 250ms");
}

TEST(FormatDuration, UsesTheShortestHumanForm) {
  EXPECT_EQ(format_duration(Duration::zero()), "0s");
  EXPECT_EQ(format_duration(Duration::min(90)), "1h30m");
  EXPECT_EQ(format_duration(Duration::min(3)), "3m");
  EXPECT_EQ(format_duration(Duration::ms(250)), "250ms");
  EXPECT_EQ(format_duration(Duration::us(500)), "500us");
  EXPECT_EQ(format_duration(Duration::us(1500)), "1500us");
  EXPECT_EQ(format_duration(Duration::ms(90'500)), "1m30.5s");
  EXPECT_EQ(format_duration(Duration::s(90)), "1m30s");
  EXPECT_EQ(format_duration(Duration::h(2) + Duration::us(1)), "2h0.000001s");
  EXPECT_EQ(format_duration(-Duration::s(3)), "-3s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  const int64_t samples[] = {0,
                             1,
                             999,
                             1000,
                             250'000,
                             999'999,
                             1'000'000,
                             1'000'001,
                             59'999'999,
                             60'000'000,
                             90'500'000,
                             3'599'999'999,
                             3'600'000'000,
                             5'400'000'000,
                             86'400'000'000 + 17,
                             123'456'789'012,
                             INT64_MAX};
  for (int64_t us : samples) {
    const auto d = Duration::us(us);
    const auto text = format_duration(d);
    auto back = parse_duration(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error;
    EXPECT_EQ(*back, d) << text;
  }
}

TEST(FormatTime, IsHoursMinutesSecondsAndMicroseconds) {
  EXPECT_EQ(format_time(Time::zero()), "00:00:00.000000");
  EXPECT_EQ(format_time(Time::zero() + Duration::ms(192'500)), "00:03:12.500000");
  EXPECT_EQ(format_time(Time::zero() + Duration::h(123)), "123:00:00.000000");
  EXPECT_EQ(format_time(Time::from_us(3'661'000'001)), "01:01:01.000001");
  EXPECT_EQ(format_time(Time::from_us(-1'500'000)), "-00:00:01.500000");
}

}  // namespace
}  // namespace lockstep::sim
