// Entry checks: what a keypad or a lock does with a code typed into it.
//
// The caller passes the credentials the device holds and the time as values.
// Codes are compared in constant time, and every credential is compared even
// after a match, so timing says nothing about which slot matched. N
// consecutive wrong codes lock the keypad for M (from the device's
// LockoutRule); entries during a lockout are refused without being compared
// and do not extend the lockout or the streak.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/device_specs.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace lockstep::core {

enum class Role : std::uint8_t { master, standard, guest, duress };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

// One code a device holds, and whether it may be used on that device.
struct Credential {
  UserId user;
  const AccessCode* code = nullptr;  // never null
  Role role = Role::standard;
  bool granted = true;                        // the user's grant for this partition / lock
  const AccessTimes* access_times = nullptr;  // null = at all times
  // `code` packed for check_entry's word-wise comparison. A device that keeps
  // its credentials calls pack() when it builds them (and again whenever the
  // code changes); an unpacked credential is compared byte by byte, with the
  // same result.
  PackedCode packed{};

  Credential& pack() {
    packed = PackedCode::of(code->reveal());
    return *this;
  }
};

enum class EntryOutcome : std::uint8_t { accepted, duress, refused };

struct EntryResult {
  EntryOutcome outcome = EntryOutcome::refused;
  std::optional<UserId>
      user;  // accepted / duress: whose code; refused: set for no_grant / outside_schedule
  std::optional<ErrorId> reason;  // refused: wrong_code, no_grant, outside_schedule, locked_out
  std::chrono::microseconds locked_until{0};  // locked_out: when the keypad accepts codes again
};

// Time since an arbitrary origin that the caller keeps fixed (the simulated
// clock, or a panel's monotonic clock).
using Instant = std::chrono::microseconds;

// The per-keypad memory of wrong codes. A plain value: a device stores it.
struct LockoutState {
  std::uint16_t streak = 0;  // consecutive wrong codes
  Instant locked_until{0};   // locked while now < locked_until

  bool locked(Instant now) const { return now < locked_until; }
};

// Checks `typed` against `held`. Only wrong_code counts toward the lockout;
// a right code refused for no_grant or outside_schedule neither counts nor
// resets the streak, and an accepted or duress code resets it.
EntryResult check_entry(std::string_view typed, std::span<const Credential> held,
                        const LockoutRule& rule, LockoutState& state, Instant now,
                        const LocalDateTime& local_now);

}  // namespace lockstep::core
