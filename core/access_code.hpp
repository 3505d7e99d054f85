// An access code: a secret that the core handles but never prints.
//
// AccessCode has no stream operator and no implicit conversion to text; the
// only way to its digits is reveal(), so every place that exposes a code is
// greppable. Equality is constant-time in the digits (see constant_time_equal).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace lockstep::core {

// Compares two byte strings in time that depends only on their lengths, so a
// keypad cannot be timed into revealing how many leading digits were right.
bool constant_time_equal(std::string_view a, std::string_view b);

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
