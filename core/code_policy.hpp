// The code policy: whether an access code may be given to a user.
//
// Rules, in the order they are reported:
//   1. present, digits only, at least 4 digits, a length the panel model
//      accepts, and (on "one length for the whole panel" models) the length of
//      the codes already programmed;
//   2. not another user's code (code_in_use), not the installer code nor a
//      duress code (code_reserved);
//   3. not weak: one digit repeated (1111), a straight run up or down with
//      wrap-around (1234, 7890, 9876, 3210), or on the deny list. Refused or
//      only warned about, as CodePolicy::weak_codes says;
//   4. for every lock the user is granted: a length that lock accepts
//      (including its one-length-for-all rule against the codes it holds), and
//      on five-button keypads no button-for-button collision with a code that
//      lock already holds. These errors name the lock.
// Every check is made on values passed in; nothing here knows about devices.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/device_specs.hpp"
#include "core/error.hpp"

namespace lockstep::core {

enum class WeakCodeAction : std::uint8_t { refuse, warn, allow };

struct CodePolicy {
  WeakCodeAction weak_codes = WeakCodeAction::refuse;
  // Codes refused (or warned about) as too common, beyond the built-in rules.
  std::vector<std::string> deny_list = {"1212", "1004", "2000", "6969", "4321", "1122",
                                        "2580", "0852", "1998", "1999", "2001", "5683"};
};

// A list of codes the caller keeps (the context holds views, so a caller can
// build one in storage it reuses or keeps on the stack).
using CodeList = std::span<const AccessCode* const>;

// A lock the user is (to be) granted, seen from the code policy.
struct LockTarget {
  std::string_view name;           // "Front Door": named in every error (the caller's)
  const LockSpec* spec = nullptr;  // never null
  CodeList held;                   // codes of *other* users this lock holds
};

// Everything a code is checked against. Views and pointers refer to the
// caller's data and must outlive the call.
struct CodeContext {
  const PanelSpec* panel = nullptr;    // never null
  const CodePolicy* policy = nullptr;  // never null
  CodeList other_users;                // codes of every other user of the system
  CodeList reserved;                   // installer and duress codes
  std::span<const LockTarget> locks;   // the locks the user is granted
};

// Every problem with `code` in `context` (empty verdict = accepted).
Verdict check_code(const AccessCode& code, const CodeContext& context);

// True for one repeated digit or a straight run (see rule 3); the deny list is
// separate.
bool is_trivial_sequence(std::string_view digits);

// The buttons a code presses on a five-button keypad: digit d -> button (d+1)/2
// with 0 on the fifth button ("1357" and "2468" both become "1234").
std::string five_button_presses(std::string_view digits);

// The website's "Generate Code": a code that passes check_code in `context`,
// picked deterministically from `random` (the caller's random draw). Prefers
// the shortest length every granted device accepts. Fails with
// no_code_available when no such code exists.
Result<AccessCode> generate_code(const CodeContext& context, std::uint64_t random);

}  // namespace lockstep::core
