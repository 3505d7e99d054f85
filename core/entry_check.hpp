// Entry checks: what a keypad or a lock does with a code typed into it.
//
// The caller passes the credentials the device holds and the time as values,
// and a clock for the local time (LocalClock), asked only for a code that
// has access times.
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
#include <type_traits>
#include <vector>

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
};

// The credentials a device holds, kept for check_entry: the records in the
// order given, and beside them their codes transposed into columns, eight
// credentials to a group: word j of a group holds byte j of each of its eight
// codes (zero past a code's end), one more word their lengths. A check then
// compares a typed code with eight credentials at once, a word operation per
// digit, with no branch per credential or on the digits. A device builds its
// set when its codes change (clear() then add(), which reuse the storage) and
// again whenever a code behind a credential's pointer changes.
class CredentialSet {
 public:
  // Codes up to this long are transposed; a set holding a longer one
  // compares its codes byte by byte.
  static constexpr std::size_t kMaxBytes = 16;
  static constexpr std::size_t kColumns = kMaxBytes + 1;  // a group: its bytes, then lengths

  CredentialSet() = default;
  explicit CredentialSet(std::span<const Credential> held);

  void clear();
  void reserve(std::size_t n);
  void add(const Credential& credential);
  // Keeps the first `n` credentials (all when n >= size()), whose codes must
  // still be where their pointers say: a device whose later credentials
  // changed adds only those again.
  void truncate(std::size_t n);

  std::span<const Credential> held() const { return held_; }
  std::size_t size() const { return held_.size(); }
  bool empty() const { return held_.empty(); }

  // The index of the first credential whose code is exactly `typed`. Every
  // credential is compared, with no early exit and no branch on the digits:
  // the time depends only on the number of credentials and the lengths of
  // the codes, not on which (if any) matched. When a code is longer than
  // kMaxBytes, held or typed, every code is compared byte by byte.
  std::optional<std::size_t> first_match(std::string_view typed) const;

 private:
  static constexpr std::size_t kLanes = 8;  // credentials per group

  std::vector<Credential> held_;
  std::vector<std::uint64_t> columns_;  // group g: columns_[g * kColumns + j]
  std::size_t widest_ = 0;              // the longest code held (bytes)
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

// Where check_entry gets the site's local date and time: asked only when the
// code that matched has access times, so a device whose codes work at all
// times never works it out. A reference to a callable returning a
// LocalDateTime (or to a fixed one), not a copy: pass it down a call, never
// keep it. An empty clock gives LocalDateTime{}.
class LocalClock {
 public:
  LocalClock() = default;
  // A fixed time (tests, a caller that already has it).
  LocalClock(const LocalDateTime& time)  // NOLINT(google-explicit-constructor)
      : target_(&time), ask_([](const void* t) { return *static_cast<const LocalDateTime*>(t); }) {}
  template <class F>
  requires(std::is_invocable_r_v<LocalDateTime, const F&> &&
           !std::is_same_v<std::remove_cvref_t<F>, LocalClock> &&
           !std::is_convertible_v<const F&, const LocalDateTime&>)
      LocalClock(const F& clock)  // NOLINT(google-explicit-constructor)
      : target_(&clock), ask_([](const void* f) { return (*static_cast<const F*>(f))(); }) {}

  LocalDateTime operator()() const { return ask_ != nullptr ? ask_(target_) : LocalDateTime{}; }

 private:
  const void* target_ = nullptr;
  LocalDateTime (*ask_)(const void*) = nullptr;
};

// Checks `typed` against `held`. Only wrong_code counts toward the lockout;
// a right code refused for no_grant or outside_schedule neither counts nor
// resets the streak, and an accepted or duress code resets it.
EntryResult check_entry(std::string_view typed, const CredentialSet& held, const LockoutRule& rule,
                        LockoutState& state, Instant now, LocalClock local_now);
// The same, for credentials not kept in a set (builds one for this check).
EntryResult check_entry(std::string_view typed, std::span<const Credential> held,
                        const LockoutRule& rule, LockoutState& state, Instant now,
                        LocalClock local_now);

}  // namespace lockstep::core
