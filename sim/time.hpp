// Virtual time for the simulation kernel.
//
// Duration is a signed count of microseconds; Time is microseconds since the
// start of the run (Time::zero()). Both are plain 8-byte values with constexpr
// arithmetic, so they cost nothing over a raw int64_t.
//
// Text forms (for scenarios, the command line and the GUI):
//   parse_duration("90s" | "3m" | "1h30m" | "250ms" | "1.5s" | "500us" | "0s")
//     units: h, m (or min), s, ms, us; several parts in decreasing unit order
//     ("1h30m", "1m30.5s"); decimals allowed down to a whole microsecond.
//     Refused, with a sentence saying why: empty text, negative values, a
//     number with no unit, an unknown unit, repeated or out-of-order units,
//     values finer than 1us, overflow, trailing junk.
//   format_duration(d): the shortest form built from h/m/s (with a decimal
//     fraction of seconds), or ms/us below one second; always parses back to
//     the same Duration when d >= 0 (negative durations print with a leading
//     '-', which parse_duration refuses by design).
//   format_time(t): "H:MM:SS.ffffff", hours zero-padded to two digits and
//     growing as needed ("00:03:12.500000", "123:00:00.000000").
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace lockstep::sim {

class Duration {
 public:
  constexpr Duration() = default;

  static constexpr Duration us(int64_t n) { return Duration(n); }
  static constexpr Duration ms(int64_t n) { return Duration(n * 1'000); }
  static constexpr Duration s(int64_t n) { return Duration(n * 1'000'000); }
  static constexpr Duration min(int64_t n) { return Duration(n * 60'000'000); }
  static constexpr Duration h(int64_t n) { return Duration(n * 3'600'000'000); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t count_us() const { return us_; }
  double seconds() const { return static_cast<double>(us_) / 1e6; }

  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration operator-() const { return Duration(-us_); }
  constexpr Duration operator*(int64_t k) const { return Duration(us_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(us_ / k); }
  constexpr Duration& operator+=(Duration o) {
    us_ += o.us_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    us_ -= o.us_;
    return *this;
  }
  friend constexpr Duration operator*(int64_t k, Duration d) { return d * k; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr bool operator==(const Duration&) const = default;

 private:
  constexpr explicit Duration(int64_t n) : us_(n) {}
  int64_t us_ = 0;
};

class Time {
 public:
  constexpr Time() = default;

  static constexpr Time zero() { return Time(0); }
  static constexpr Time from_us(int64_t n) { return Time(n); }
  static constexpr Time max() { return Time(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t us() const { return us_; }
  double seconds() const { return static_cast<double>(us_) / 1e6; }

  constexpr Time operator+(Duration d) const { return Time(us_ + d.count_us()); }
  constexpr Time operator-(Duration d) const { return Time(us_ - d.count_us()); }
  constexpr Duration operator-(Time o) const { return Duration::us(us_ - o.us_); }
  constexpr Time& operator+=(Duration d) {
    us_ += d.count_us();
    return *this;
  }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr bool operator==(const Time&) const = default;

 private:
  constexpr explicit Time(int64_t n) : us_(n) {}
  int64_t us_ = 0;
};

// t + d, saturating at Time::max() instead of overflowing (for "run for ever").
constexpr Time saturating_add(Time t, Duration d) {
  if (d.count_us() > 0 && t.us() > std::numeric_limits<int64_t>::max() - d.count_us()) {
    return Time::max();
  }
  return t + d;
}

// The result of parsing text: a value, or a sentence for a person saying what
// was wrong and what is expected.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;

  static Parsed success(T v) { return Parsed{std::move(v), {}}; }
  static Parsed failure(std::string why) { return Parsed{std::nullopt, std::move(why)}; }

  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
};

Parsed<Duration> parse_duration(std::string_view text);
std::string format_duration(Duration d);
std::string format_time(Time t);

}  // namespace lockstep::sim
