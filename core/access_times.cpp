// Access times: At All Times, Restricted Schedule, Temporary Access.
//
// Choices made here:
// - Dates are proleptic Gregorian; weekdays come from Howard Hinnant's
//   days_from_civil (computed in 64 bits so any int32 year is safe).
// - A schedule block covers [start_minute, end_minute) of each day it names;
//   end_minute = 1440 reaches midnight. Blocks never wrap past midnight: a
//   night shift is two blocks.
// - validate() reports one schedule_invalid per bad block, its subject naming
//   the block ("block 2", counted from 1), or one with no subject when there
//   are no blocks at all.
// - allows() fails closed: an invalid `now` is refused by a schedule or a
//   temporary window (At All Times still allows it).
#include "core/access_times.hpp"

#include <string>
#include <type_traits>

namespace lockstep::core {
namespace {

constexpr std::uint16_t kMinutesPerDay = 24 * 60;
constexpr std::uint8_t kAllDays = 0x7f;  // bits 0..6, Monday..Sunday

constexpr bool is_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap(y)) ? 29U : kDays[m - 1];
}

// Days since 1970-01-01 (Howard Hinnant, "chrono-Compatible Low-Level Date
// Algorithms").
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

static_assert(days_from_civil(1970, 1, 1) == 0);

// The inverse of days_from_civil (Hinnant's civil_from_days).
struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};
constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}
static_assert(civil_from_days(0).year == 1970 && civil_from_days(0).day == 1);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).month == 2);
static_assert(days_from_civil(2000, 1, 1) == 10957);

// 1970-01-01 was a Thursday (Weekday index 3, counting from Monday = 0).
constexpr unsigned weekday_index(std::int64_t days) {
  const std::int64_t shifted = days + 3;
  return static_cast<unsigned>(shifted >= 0 ? shifted % 7 : 6 - (-shifted - 1) % 7);
}

static_assert(weekday_index(days_from_civil(2000, 1, 1)) == 5);  // a Saturday

bool block_valid(const ScheduleBlock& b) {
  return b.days != 0 && (b.days & ~kAllDays) == 0 && b.start_minute < b.end_minute &&
         b.end_minute <= kMinutesPerDay;
}

bool block_allows(const ScheduleBlock& b, Weekday day, std::uint16_t minute) {
  const auto bit = static_cast<unsigned>(1U << static_cast<unsigned>(day));
  return (b.days & bit) != 0 && b.start_minute <= minute && minute < b.end_minute;
}

}  // namespace

bool LocalDateTime::valid() const {
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > days_in_month(year, month)) return false;
  return hour < 24 && minute < 60;
}

Weekday LocalDateTime::weekday() const {
  return static_cast<Weekday>(weekday_index(days_from_civil(year, month, day)));
}

LocalDateTime add_minutes(const LocalDateTime& t, std::int64_t minutes) {
  const std::int64_t total =
      days_from_civil(t.year, t.month, t.day) * kMinutesPerDay + t.minute_of_day() + minutes;
  const std::int64_t days =
      total >= 0 ? total / kMinutesPerDay : (total - kMinutesPerDay + 1) / kMinutesPerDay;
  const auto minute_of_day = static_cast<unsigned>(total - days * kMinutesPerDay);
  const Civil c = civil_from_days(days);
  return LocalDateTime{static_cast<std::int32_t>(c.year), static_cast<std::uint8_t>(c.month),
                       static_cast<std::uint8_t>(c.day),
                       static_cast<std::uint8_t>(minute_of_day / 60),
                       static_cast<std::uint8_t>(minute_of_day % 60)};
}

Verdict validate(const AccessTimes& times) {
  Verdict verdict;
  if (const auto* schedule = std::get_if<RestrictedSchedule>(&times)) {
    if (schedule->blocks.empty()) verdict.add(Problem{ErrorId::schedule_invalid});
    for (std::size_t i = 0; i < schedule->blocks.size(); ++i) {
      if (!block_valid(schedule->blocks[i])) {
        verdict.add(Problem{ErrorId::schedule_invalid, "block " + std::to_string(i + 1)});
      }
    }
  } else if (const auto* window = std::get_if<TemporaryAccess>(&times)) {
    if (!window->start.valid() || !window->end.valid() || !(window->start < window->end)) {
      verdict.add(Problem{ErrorId::temporary_window_invalid});
    }
  }
  return verdict;
}

bool allows(const AccessTimes& times, const LocalDateTime& now) {
  return std::visit(
      [&](const auto& t) -> bool {
        using T = std::decay_t<decltype(t)>;
        if constexpr (std::is_same_v<T, AtAllTimes>) {
          return true;
        } else {
          if (!now.valid()) return false;
          if constexpr (std::is_same_v<T, RestrictedSchedule>) {
            const Weekday day = now.weekday();
            const std::uint16_t minute = now.minute_of_day();
            for (const auto& b : t.blocks) {
              if (block_allows(b, day, minute)) return true;
            }
            return false;
          } else {
            return t.start <= now && now < t.end;
          }
        }
      },
      times);
}

}  // namespace lockstep::core
