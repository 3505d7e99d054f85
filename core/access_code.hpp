// An access code: a secret that the core handles but never prints.
//
// AccessCode has no stream operator and no implicit conversion to text; the
// only way to its digits is reveal(), so every place that exposes a code is
// greppable. Equality is constant-time in the digits (see constant_time_equal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace lockstep::core {

// Compares two byte strings in time that depends only on their lengths, so a
// keypad cannot be timed into revealing how many leading digits were right:
// every byte of the longer one is read, differences are OR-ed together, and
// nothing returns early. Inline (a keypad entry compares against every code
// the device holds): eight bytes at a time, then four, then one.
inline bool constant_time_equal(std::string_view a, std::string_view b) {
  const std::size_t common = a.size() < b.size() ? a.size() : b.size();
  const std::string_view longer = a.size() < b.size() ? b : a;
  std::uint64_t diff = a.size() == b.size() ? 0U : 1U;
  std::size_t i = 0;
  for (; i + 8 <= common; i += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    diff |= x ^ y;
  }
  if (i + 4 <= common) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, a.data() + i, 4);
    std::memcpy(&y, b.data() + i, 4);
    diff |= x ^ y;
    i += 4;
  }
  for (; i < common; ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  for (; i < longer.size(); ++i)  // past the shorter one: compared with nothing
    diff |= static_cast<unsigned char>(longer[i]);
  return diff == 0;
}

class AccessCode {
 public:
  AccessCode() = default;
  explicit AccessCode(std::string digits) : digits_(std::move(digits)) {}

  std::size_t size() const { return digits_.size(); }
  bool empty() const { return digits_.empty(); }

  // The digits themselves. Call only where the user asked to see the code,
  // where it is compared, or where it travels to a device.
  const std::string& reveal() const { return digits_; }

  // What logs, traces and errors show instead of the code.
  static constexpr std::string_view kMask = "****";

  friend bool operator==(const AccessCode& a, const AccessCode& b) {
    return constant_time_equal(a.digits_, b.digits_);
  }

 private:
  std::string digits_;
};

}  // namespace lockstep::core
