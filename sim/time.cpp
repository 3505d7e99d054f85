#include "sim/time.hpp"

#include <array>
#include <cstdio>

namespace lockstep::sim {
namespace {

constexpr std::string_view kDurationHint =
    "use a number and a unit (us, ms, s, m, h), e.g. 90s, 3m, 1h30m, 250ms";

struct Unit {
  std::string_view name;
  int64_t us;
  int rank;  // larger = bigger unit; parts must come in decreasing rank
};

constexpr std::array<Unit, 6> kUnits{{
    {"h", 3'600'000'000, 5},
    {"min", 60'000'000, 4},
    {"m", 60'000'000, 4},
    {"s", 1'000'000, 3},
    {"ms", 1'000, 2},
    {"us", 1, 1},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view s) {
  std::string r;
  r.reserve(s.size() + 2);
  r += '\'';
  r.append(s);
  r += '\'';
  return r;
}

}  // namespace

Parsed<Duration> parse_duration(std::string_view raw) {
  using P = Parsed<Duration>;
  const std::string_view text = trim(raw);
  const std::string hint = std::string(kDurationHint);
  if (text.empty()) return P::failure("a duration is required: " + hint);
  if (text.front() == '-') {
    return P::failure(quoted(text) + " is negative: durations cannot be negative; " + hint);
  }
  const std::string not_a = quoted(text) + " is not a duration: ";

  int64_t total = 0;
  int last_rank = 100;
  std::size_t i = 0;
  while (i < text.size()) {
    // Number: digits, optionally '.' digits.
    const std::size_t num_start = i;
    int64_t whole = 0;
    bool overflow = false;
    while (i < text.size() && is_digit(text[i])) {
      if (__builtin_mul_overflow(whole, int64_t{10}, &whole) ||
          __builtin_add_overflow(whole, int64_t{text[i] - '0'}, &whole)) {
        overflow = true;
      }
      ++i;
    }
    const bool had_whole_digits = i > num_start;
    std::string_view frac;
    if (i < text.size() && text[i] == '.') {
      ++i;
      const std::size_t fs = i;
      while (i < text.size() && is_digit(text[i]))
        ++i;
      frac = text.substr(fs, i - fs);
      if (frac.empty()) {
        return P::failure(not_a + "a decimal point must be followed by digits; " + hint);
      }
    }
    if (!had_whole_digits && frac.empty()) {
      if (num_start > 0) {
        return P::failure(not_a + "unexpected " + quoted(text.substr(num_start)) + "; " + hint);
      }
      return P::failure(not_a + "expected a number at " + quoted(text.substr(num_start)) + "; " +
                        hint);
    }
    // Unit: letters.
    const std::size_t unit_start = i;
    while (i < text.size() && is_alpha(text[i]))
      ++i;
    const std::string_view unit_text = text.substr(unit_start, i - unit_start);
    if (unit_text.empty()) {
      if (i < text.size()) {
        return P::failure(not_a + "unexpected " + quoted(text.substr(i)) + "; " + hint);
      }
      return P::failure(not_a + "the number " + quoted(text.substr(num_start)) + " has no unit; " +
                        hint);
    }
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (u.name == unit_text) unit = &u;
    }
    if (unit == nullptr) {
      return P::failure(not_a + quoted(unit_text) + " is not a unit; " + hint);
    }
    if (unit->rank >= last_rank) {
      return P::failure(not_a + "units must appear once each, largest first (e.g. 1h30m); " + hint);
    }
    last_rank = unit->rank;
    // value = whole * unit + frac * unit / 10^len(frac), exactly.
    int64_t part = 0;
    if (overflow || __builtin_mul_overflow(whole, unit->us, &part)) {
      return P::failure(quoted(text) + " is too long: durations must be under about 292000 years");
    }
    if (!frac.empty()) {
      // Fractions beyond 18 digits cannot be represented; anything below 1us is refused below.
      int64_t scale = 1;
      int64_t f = 0;
      for (char c : frac) {
        if (scale >= 1'000'000'000'000'000'000 / 10) {
          if (c != '0') {
            return P::failure(not_a + "it is more precise than one microsecond; " + hint);
          }
          continue;
        }
        scale *= 10;
        f = f * 10 + (c - '0');
      }
      // f/scale * unit must be a whole number of microseconds.
      // unit->us <= 3.6e9, f < scale <= 1e17: use 128-bit arithmetic.
      __extension__ using i128 = __int128;
      const i128 num = static_cast<i128>(f) * unit->us;
      if (num % scale != 0) {
        return P::failure(not_a + "it is more precise than one microsecond; " + hint);
      }
      const auto frac_us = static_cast<int64_t>(num / scale);
      if (__builtin_add_overflow(part, frac_us, &part)) {
        return P::failure(quoted(text) +
                          " is too long: durations must be under about 292000 years");
      }
    }
    if (__builtin_add_overflow(total, part, &total)) {
      return P::failure(quoted(text) + " is too long: durations must be under about 292000 years");
    }
  }
  return P::success(Duration::us(total));
}

std::string format_duration(Duration d) {
  int64_t us = d.count_us();
  if (us == 0) return "0s";
  std::string out;
  uint64_t u;
  if (us < 0) {
    out = "-";
    u = 0 - static_cast<uint64_t>(us);
  } else {
    u = static_cast<uint64_t>(us);
  }
  if (u < 1'000'000) {
    if (u % 1000 == 0) return out + std::to_string(u / 1000) + "ms";
    return out + std::to_string(u) + "us";
  }
  const uint64_t hours = u / 3'600'000'000ULL;
  u %= 3'600'000'000ULL;
  const uint64_t minutes = u / 60'000'000ULL;
  u %= 60'000'000ULL;
  const uint64_t secs = u / 1'000'000ULL;
  const uint64_t frac = u % 1'000'000ULL;
  if (hours != 0) out += std::to_string(hours) + "h";
  if (minutes != 0) out += std::to_string(minutes) + "m";
  if (secs != 0 || frac != 0) {
    out += std::to_string(secs);
    if (frac != 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(frac));
      std::string f(buf);
      while (f.back() == '0')
        f.pop_back();
      out += "." + f;
    }
    out += "s";
  }
  return out;
}

std::string format_time(Time t) {
  int64_t us = t.us();
  std::string sign;
  uint64_t u;
  if (us < 0) {
    sign = "-";
    u = 0 - static_cast<uint64_t>(us);
  } else {
    u = static_cast<uint64_t>(us);
  }
  const uint64_t hours = u / 3'600'000'000ULL;
  const uint64_t minutes = (u / 60'000'000ULL) % 60;
  const uint64_t secs = (u / 1'000'000ULL) % 60;
  const uint64_t frac = u % 1'000'000ULL;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%02llu:%02llu:%02llu.%06llu", sign.c_str(),
                static_cast<unsigned long long>(hours), static_cast<unsigned long long>(minutes),
                static_cast<unsigned long long>(secs), static_cast<unsigned long long>(frac));
  return buf;
}

}  // namespace lockstep::sim
