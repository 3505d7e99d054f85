#include "core/access_times.hpp"

#include <ostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lockstep::core {
namespace {

LocalDateTime at(std::int32_t y, int mo, int d, int h = 0, int mi = 0) {
  return LocalDateTime{y, static_cast<std::uint8_t>(mo), static_cast<std::uint8_t>(d),
                       static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(mi)};
}

std::uint8_t day_bit(Weekday d) {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(d));
}

constexpr std::uint8_t kWeekdays = 0x1f;  // Monday..Friday
constexpr std::uint8_t kWeekend = 0x60;   // Saturday, Sunday

std::string describe(const LocalDateTime& t) {
  return std::to_string(t.year) + "-" + std::to_string(t.month) + "-" + std::to_string(t.day) +
         " " + std::to_string(t.hour) + ":" + std::to_string(t.minute);
}

// ---------------------------------------------------------------------------
// LocalDateTime

struct WeekdayCase {
  LocalDateTime date;
  Weekday expected;
};

void PrintTo(const WeekdayCase& c, std::ostream* os) {
  *os << describe(c.date);
}

class LocalDateWeekday : public ::testing::TestWithParam<WeekdayCase> {};

TEST_P(LocalDateWeekday, IsTheCalendarDayOfTheWeek) {
  EXPECT_EQ(GetParam().date.weekday(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, LocalDateWeekday,
                         ::testing::Values(WeekdayCase{at(2000, 1, 1), Weekday::saturday},
                                           WeekdayCase{at(1970, 1, 1), Weekday::thursday},
                                           WeekdayCase{at(2026, 11, 26), Weekday::thursday},
                                           WeekdayCase{at(2024, 2, 29), Weekday::thursday},
                                           WeekdayCase{at(2024, 3, 1), Weekday::friday},
                                           WeekdayCase{at(2000, 2, 29), Weekday::tuesday},
                                           WeekdayCase{at(1999, 12, 31), Weekday::friday},
                                           WeekdayCase{at(1969, 12, 31), Weekday::wednesday},
                                           WeekdayCase{at(1900, 1, 1), Weekday::monday},
                                           WeekdayCase{at(2001, 9, 9), Weekday::sunday},
                                           WeekdayCase{at(2026, 1, 5), Weekday::monday},
                                           WeekdayCase{at(2026, 1, 6), Weekday::tuesday},
                                           WeekdayCase{at(2026, 1, 7), Weekday::wednesday},
                                           WeekdayCase{at(2100, 3, 1), Weekday::monday},
                                           WeekdayCase{at(1600, 1, 1), Weekday::saturday}));

TEST(LocalDateWeekday, DoesNotDependOnTheTimeOfDay) {
  EXPECT_EQ(at(2026, 11, 26, 0, 0).weekday(), Weekday::thursday);
  EXPECT_EQ(at(2026, 11, 26, 23, 59).weekday(), Weekday::thursday);
}

TEST(LocalDateWeekday, AdvancesByOneEachDayAcrossYears) {
  // 2023-01-01 was a Sunday; walk 800 days through a leap year.
  LocalDateTime t = at(2023, 1, 1);
  unsigned expected = static_cast<unsigned>(Weekday::sunday);
  for (int i = 0; i < 800; ++i) {
    ASSERT_TRUE(t.valid()) << describe(t);
    ASSERT_EQ(static_cast<unsigned>(t.weekday()), expected) << describe(t);
    expected = (expected + 1) % 7;
    t.day = static_cast<std::uint8_t>(t.day + 1);
    if (!t.valid()) {
      t.day = 1;
      t.month = static_cast<std::uint8_t>(t.month + 1);
      if (t.month > 12) {
        t.month = 1;
        ++t.year;
      }
    }
  }
  EXPECT_EQ(t, at(2025, 3, 11));  // 800 days after 2023-01-01
}

struct ValidityCase {
  LocalDateTime value;
  bool valid;
};

void PrintTo(const ValidityCase& c, std::ostream* os) {
  *os << describe(c.value);
}

class LocalDateValidity : public ::testing::TestWithParam<ValidityCase> {};

TEST_P(LocalDateValidity, FollowsTheGregorianCalendarAndTheClock) {
  EXPECT_EQ(GetParam().value.valid(), GetParam().valid);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LocalDateValidity,
    ::testing::Values(ValidityCase{at(2024, 2, 29), true},   // divisible by 4
                      ValidityCase{at(2023, 2, 29), false},  // not a leap year
                      ValidityCase{at(2023, 2, 28), true},
                      ValidityCase{at(2000, 2, 29), true},   // divisible by 400
                      ValidityCase{at(1900, 2, 29), false},  // divisible by 100 only
                      ValidityCase{at(2100, 2, 29), false}, ValidityCase{at(2024, 2, 30), false},
                      ValidityCase{at(2026, 1, 31), true}, ValidityCase{at(2026, 4, 30), true},
                      ValidityCase{at(2026, 4, 31), false}, ValidityCase{at(2026, 6, 31), false},
                      ValidityCase{at(2026, 9, 31), false}, ValidityCase{at(2026, 11, 31), false},
                      ValidityCase{at(2026, 12, 31), true}, ValidityCase{at(2026, 0, 1), false},
                      ValidityCase{at(2026, 13, 1), false}, ValidityCase{at(2026, 5, 0), false},
                      ValidityCase{at(2026, 5, 32), false},
                      ValidityCase{at(2026, 5, 1, 23, 59), true},
                      ValidityCase{at(2026, 5, 1, 24, 0), false},
                      ValidityCase{at(2026, 5, 1, 0, 60), false},
                      ValidityCase{LocalDateTime{}, true}));

TEST(LocalDateTime, OrdersChronologically) {
  EXPECT_LT(at(2026, 1, 1, 23, 59), at(2026, 1, 2, 0, 0));
  EXPECT_LT(at(2025, 12, 31, 23, 59), at(2026, 1, 1, 0, 0));
  EXPECT_LT(at(2026, 2, 1), at(2026, 10, 1));
  EXPECT_EQ(at(2026, 2, 1, 8, 30).minute_of_day(), 510);
}

// ---------------------------------------------------------------------------
// validate()

struct ValidateCase {
  std::string what;
  AccessTimes times;
  std::vector<Problem> problems;
};

void PrintTo(const ValidateCase& c, std::ostream* os) {
  *os << c.what;
}

class AccessTimesValidation : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(AccessTimesValidation, ReportsEveryBadBlockOrWindow) {
  const Verdict verdict = validate(GetParam().times);
  EXPECT_EQ(verdict.problems(), GetParam().problems);
  EXPECT_EQ(verdict.ok(), GetParam().problems.empty());
}

const Problem kBadSchedule{ErrorId::schedule_invalid};
const Problem kBadWindow{ErrorId::temporary_window_invalid};
Problem bad_block(int n) {
  return Problem{ErrorId::schedule_invalid, "block " + std::to_string(n)};
}

INSTANTIATE_TEST_SUITE_P(
    Table, AccessTimesValidation,
    ::testing::Values(
        ValidateCase{"at_all_times", AtAllTimes{}, {}},
        ValidateCase{"office_hours", RestrictedSchedule{{{kWeekdays, 8 * 60, 18 * 60}}}, {}},
        ValidateCase{"whole_week_whole_day", RestrictedSchedule{{{0x7f, 0, 1440}}}, {}},
        ValidateCase{"one_minute_block", RestrictedSchedule{{{0x01, 0, 1}}}, {}},
        ValidateCase{"several_blocks",
                     RestrictedSchedule{{{kWeekdays, 8 * 60, 12 * 60},
                                         {kWeekdays, 13 * 60, 17 * 60},
                                         {kWeekend, 10 * 60, 14 * 60}}},
                     {}},
        ValidateCase{"no_blocks", RestrictedSchedule{}, {kBadSchedule}},
        ValidateCase{"no_days", RestrictedSchedule{{{0, 8 * 60, 9 * 60}}}, {bad_block(1)}},
        ValidateCase{
            "day_bit_beyond_sunday", RestrictedSchedule{{{0x80, 8 * 60, 9 * 60}}}, {bad_block(1)}},
        ValidateCase{"start_equals_end", RestrictedSchedule{{{0x01, 600, 600}}}, {bad_block(1)}},
        ValidateCase{"start_after_end", RestrictedSchedule{{{0x01, 1320, 360}}}, {bad_block(1)}},
        ValidateCase{"end_past_midnight", RestrictedSchedule{{{0x01, 0, 1441}}}, {bad_block(1)}},
        ValidateCase{"second_and_third_blocks_bad",
                     RestrictedSchedule{{{0x01, 0, 60}, {0, 0, 60}, {0x02, 90, 30}}},
                     {bad_block(2), bad_block(3)}},
        ValidateCase{"window", TemporaryAccess{at(2026, 11, 26, 9), at(2026, 11, 29, 18)}, {}},
        ValidateCase{"one_minute_window",
                     TemporaryAccess{at(2026, 11, 26, 9, 0), at(2026, 11, 26, 9, 1)},
                     {}},
        ValidateCase{"window_ends_at_start",
                     TemporaryAccess{at(2026, 11, 26, 9), at(2026, 11, 26, 9)},
                     {kBadWindow}},
        ValidateCase{"window_ends_before_start",
                     TemporaryAccess{at(2026, 11, 29), at(2026, 11, 26)},
                     {kBadWindow}},
        ValidateCase{"window_starts_on_invalid_date",
                     TemporaryAccess{at(2026, 2, 29), at(2026, 3, 2)},
                     {kBadWindow}},
        ValidateCase{"window_ends_at_invalid_time",
                     TemporaryAccess{at(2026, 3, 1), at(2026, 3, 2, 24, 0)},
                     {kBadWindow}}),
    [](const auto& row) { return row.param.what; });

TEST(AccessTimesValidation, RefusalsNameTheAccessTimesField) {
  EXPECT_EQ(field(ErrorId::schedule_invalid), "access_times");
  EXPECT_EQ(field(ErrorId::temporary_window_invalid), "access_times");
}

// ---------------------------------------------------------------------------
// allows()

struct AllowsCase {
  std::string what;
  AccessTimes times;
  LocalDateTime now;
  bool allowed;
};

void PrintTo(const AllowsCase& c, std::ostream* os) {
  *os << c.what;
}

class AccessTimesAllows : public ::testing::TestWithParam<AllowsCase> {};

TEST_P(AccessTimesAllows, LetsTheCodeWorkOnlyInsideItsTimes) {
  EXPECT_EQ(allows(GetParam().times, GetParam().now), GetParam().allowed);
}

// 2026-11-26 is a Thursday, 2026-11-28 a Saturday.
const RestrictedSchedule kThursdayMornings{{{day_bit(Weekday::thursday), 8 * 60, 12 * 60}}};
const RestrictedSchedule kSplitWeek{{{kWeekdays, 9 * 60, 17 * 60}, {kWeekend, 0, 1440}}};
const TemporaryAccess kHolidayWindow{at(2026, 11, 26, 9, 0), at(2026, 11, 29, 18, 0)};

INSTANTIATE_TEST_SUITE_P(
    Table, AccessTimesAllows,
    ::testing::Values(
        AllowsCase{"always_at_midnight", AtAllTimes{}, at(2026, 11, 26, 0, 0), true},
        AllowsCase{"always_late", AtAllTimes{}, at(2026, 11, 26, 23, 59), true},
        AllowsCase{"always_even_with_invalid_now", AtAllTimes{}, at(2026, 2, 30), true},
        AllowsCase{"block_start_is_inclusive", kThursdayMornings, at(2026, 11, 26, 8, 0), true},
        AllowsCase{"block_minute_before_start", kThursdayMornings, at(2026, 11, 26, 7, 59), false},
        AllowsCase{"block_inside", kThursdayMornings, at(2026, 11, 26, 10, 30), true},
        AllowsCase{"block_last_minute", kThursdayMornings, at(2026, 11, 26, 11, 59), true},
        AllowsCase{"block_end_is_exclusive", kThursdayMornings, at(2026, 11, 26, 12, 0), false},
        AllowsCase{"block_other_day_same_time", kThursdayMornings, at(2026, 11, 27, 10, 0), false},
        AllowsCase{"block_previous_week_same_day", kThursdayMornings, at(2026, 11, 19, 10, 0),
                   true},
        AllowsCase{"weekday_block_on_friday", kSplitWeek, at(2026, 11, 27, 16, 59), true},
        AllowsCase{"weekday_block_after_hours", kSplitWeek, at(2026, 11, 27, 17, 0), false},
        AllowsCase{"weekend_block_first_minute", kSplitWeek, at(2026, 11, 28, 0, 0), true},
        AllowsCase{"weekend_block_reaches_midnight", kSplitWeek, at(2026, 11, 29, 23, 59), true},
        AllowsCase{"weekend_block_not_on_monday_early", kSplitWeek, at(2026, 11, 30, 0, 0), false},
        AllowsCase{"empty_schedule_allows_nothing", RestrictedSchedule{}, at(2026, 11, 26, 10),
                   false},
        AllowsCase{"schedule_refuses_invalid_now", RestrictedSchedule{{{0x7f, 0, 1440}}},
                   at(2026, 2, 30, 10), false},
        AllowsCase{"window_start_is_inclusive", kHolidayWindow, at(2026, 11, 26, 9, 0), true},
        AllowsCase{"window_minute_before_start", kHolidayWindow, at(2026, 11, 26, 8, 59), false},
        AllowsCase{"window_day_before", kHolidayWindow, at(2026, 11, 25, 12, 0), false},
        AllowsCase{"window_inside_at_night", kHolidayWindow, at(2026, 11, 27, 3, 0), true},
        AllowsCase{"window_last_minute", kHolidayWindow, at(2026, 11, 29, 17, 59), true},
        AllowsCase{"window_end_is_exclusive", kHolidayWindow, at(2026, 11, 29, 18, 0), false},
        AllowsCase{"window_next_year", kHolidayWindow, at(2027, 11, 27, 12, 0), false},
        AllowsCase{"window_refuses_invalid_now", kHolidayWindow, at(2026, 11, 27, 25, 0), false}),
    [](const auto& row) { return row.param.what; });

TEST(AccessTimesAllows, ScheduleFollowsEachDayBitThroughAWholeWeek) {
  // 2026-11-23 is a Monday.
  for (unsigned d = 0; d < 7; ++d) {
    const RestrictedSchedule only_that_day{{{day_bit(static_cast<Weekday>(d)), 0, 1440}}};
    for (int offset = 0; offset < 7; ++offset) {
      const LocalDateTime now = at(2026, 11, 23 + offset, 12, 0);
      EXPECT_EQ(allows(only_that_day, now), static_cast<unsigned>(offset) == d)
          << "day bit " << d << " on " << describe(now);
    }
  }
}

TEST(AddMinutes, CrossesDaysMonthsLeapDaysAndYearsBothWays) {
  struct Case {
    LocalDateTime from;
    std::int64_t minutes;
    LocalDateTime to;
  };
  const Case cases[] = {
      {{2026, 11, 26, 8, 0}, 90, {2026, 11, 26, 9, 30}},
      {{2026, 11, 26, 23, 59}, 1, {2026, 11, 27, 0, 0}},
      {{2024, 2, 28, 23, 0}, 60, {2024, 2, 29, 0, 0}},
      {{2023, 2, 28, 23, 0}, 60, {2023, 3, 1, 0, 0}},
      {{2026, 12, 31, 23, 30}, 45, {2027, 1, 1, 0, 15}},
      {{2027, 1, 1, 0, 15}, -45, {2026, 12, 31, 23, 30}},
      {{2026, 3, 2, 8, 0}, 7 * 24 * 60, {2026, 3, 9, 8, 0}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(add_minutes(c.from, c.minutes), c.to) << c.minutes;
  }
}

}  // namespace
}  // namespace lockstep::core
