// When a user's code works: At All Times, a Restricted Schedule (weekly
// blocks) or Temporary Access (a window of dates and times).
//
// Times are the site's local wall time, passed in as plain values: the core
// never reads a clock or a time zone database.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace lockstep::core {

enum class Weekday : std::uint8_t {
  monday,
  tuesday,
  wednesday,
  thursday,
  friday,
  saturday,
  sunday
};

struct LocalDateTime {
  std::int32_t year = 2000;
  std::uint8_t month = 1;   // 1..12
  std::uint8_t day = 1;     // 1..31
  std::uint8_t hour = 0;    // 0..23
  std::uint8_t minute = 0;  // 0..59

  bool valid() const;
  Weekday weekday() const;  // proleptic Gregorian calendar
  std::uint16_t minute_of_day() const { return static_cast<std::uint16_t>(hour * 60 + minute); }
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

struct ScheduleBlock {
  std::uint8_t days = 0;           // bit i set = Weekday(i) included
  std::uint16_t start_minute = 0;  // minute of day, inclusive
  std::uint16_t end_minute = 0;    // minute of day, exclusive; 1440 = midnight
  friend bool operator==(const ScheduleBlock&, const ScheduleBlock&) = default;
};

struct AtAllTimes {
  friend bool operator==(AtAllTimes, AtAllTimes) { return true; }
};
struct RestrictedSchedule {
  std::vector<ScheduleBlock> blocks;
  friend bool operator==(const RestrictedSchedule&, const RestrictedSchedule&) = default;
};
struct TemporaryAccess {
  LocalDateTime start;  // inclusive
  LocalDateTime end;    // exclusive
  friend bool operator==(const TemporaryAccess&, const TemporaryAccess&) = default;
};

using AccessTimes = std::variant<AtAllTimes, RestrictedSchedule, TemporaryAccess>;

// `t` moved by `minutes` (either sign), across days, months and years. The
// site's local clock is its start time plus the simulated minutes elapsed;
// daylight-saving changes are not modelled.
LocalDateTime add_minutes(const LocalDateTime& t, std::int64_t minutes);

// schedule_invalid / temporary_window_invalid, or an empty verdict.
Verdict validate(const AccessTimes& times);

// Whether a code with these access times works at `now` (site-local).
bool allows(const AccessTimes& times, const LocalDateTime& now);

}  // namespace lockstep::core
