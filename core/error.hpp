// Stable error ids and the problems the core reports.
//
// Every refusal in Lockstep is one ErrorId: a stable snake_case name that
// scenarios, the HTTP API and tests match on, a sentence for a person, and the
// field of the form it concerns. A Problem adds context ("Front Door") but
// never an access code: nothing the core says may reveal a code.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lockstep::core {

// X(id, field, sentence). The order is the wire order; append only.
#define LOCKSTEP_CORE_ERRORS(X)                                                                 \
  X(code_required, "access_code", "Enter an access code.")                                      \
  X(code_not_digits, "access_code", "An access code may contain digits 0-9 only.")              \
  X(code_too_short, "access_code", "An access code needs at least 4 digits.")                   \
  X(code_wrong_length, "access_code", "This panel does not accept codes of this length.")       \
  X(code_length_mismatch, "access_code",                                                        \
    "Every code on this panel must have the same length as the codes already programmed.")      \
  X(code_in_use, "access_code", "Another user already has this code; choose a different one.")  \
  X(code_reserved, "access_code",                                                               \
    "This code is reserved (installer or duress code); choose a different one.")                \
  X(code_weak, "access_code",                                                                   \
    "This code is too easy to guess (repeated digits, a straight run or a common code).")       \
  X(code_length_unsupported_by_lock, "grants.locks",                                            \
    "This lock does not accept codes of this length; change the code or turn the lock off.")    \
  X(code_button_collision, "grants.locks",                                                      \
    "On this lock's five-button keypad the code presses the same buttons as another user's "    \
    "code; choose a different one.")                                                            \
  X(no_code_available, "access_code",                                                           \
    "No code satisfies every rule for this user's devices; turn some locks off and try again.") \
  X(system_armed, "system",                                                                     \
    "User codes cannot be edited while the security system is armed. Disarm the system "        \
    "and try again.")                                                                           \
  X(user_limit_reached, "users", "The panel holds no more users; delete a user first.")         \
  X(lock_slots_full, "grants.locks",                                                            \
    "This lock has no free code slot; turn it off for another user first.")                     \
  X(user_not_found, "user", "There is no such user on this system.")                            \
  X(partition_unknown, "grants.partitions", "There is no such partition on this system.")       \
  X(lock_unknown, "grants.locks", "There is no such lock on this system.")                      \
  X(role_not_supported, "role", "This panel does not support that kind of user.")               \
  X(name_required, "name", "Enter the user's first and last name.")                             \
  X(name_too_long, "name", "A name may have at most 64 characters.")                            \
  X(name_invalid, "name", "A name may not contain control characters or invalid text.")         \
  X(country_unknown, "contact.country", "Choose a country from the list.")                      \
  X(phone_invalid_for_country, "contact.number",                                                \
    "This is not a valid mobile number for the chosen country.")                                \
  X(carrier_unknown, "contact.carrier", "Choose a carrier from the list for this country.")     \
  X(sms_unsupported_in_country, "contact.country",                                              \
    "Text messages are not offered in this country; add an email address instead.")             \
  X(email_invalid, "contact.email", "This is not a valid email address.")                       \
  X(email_format_unknown, "contact.email_format", "Choose an email format from the list.")      \
  X(contact_not_found, "contact", "There is no such contact for this user.")                    \
  X(contact_limit_reached, "contact", "A user may have at most 5 contacts.")                    \
  X(schedule_invalid, "access_times",                                                           \
    "A schedule block needs at least one day and a start time before its end time.")            \
  X(temporary_window_invalid, "access_times",                                                   \
    "Temporary access needs a valid start date and time before its end.")                       \
  X(wrong_code, "code", "Invalid code.")                                                        \
  X(no_grant, "code", "This code is not allowed on this device.")                               \
  X(outside_schedule, "code", "This code is not allowed at this time.")                         \
  X(locked_out, "code", "Too many wrong codes; the keypad is temporarily locked.")              \
  X(language_unknown, "language", "Choose a language from the list.")                           \
  X(lock_unreachable, "device",                                                                 \
    "The lock did not answer after every retry; check its batteries and its distance to the "   \
    "panel, then save again.")                                                                  \
  X(lock_refused_duplicate, "device",                                                           \
    "The lock refused the code because another of its slots already holds it.")                 \
  X(lock_refused_length, "device", "The lock refused the code because of its length.")          \
  X(lock_jammed, "device", "The lock is jammed; clear the bolt and try again.")                 \
  X(login_failed, "login", "The email address or password is not right.")                       \
  X(session_invalid, "login", "Your session has ended; log in again.")                          \
  X(edit_not_found, "edit", "There is no such pending edit.")                                   \
  X(edit_not_cancellable, "edit",                                                               \
    "The panel already has this edit; it can no longer be cancelled.")                          \
  X(panel_not_confirmed, "device",                                                              \
    "The panel did not confirm the change after several tries; check that it is powered and "   \
    "connected, then save again.")                                                              \
  X(lock_refused_schedule, "device",                                                            \
    "The lock refused the user's schedule; it may not support schedules.")

enum class ErrorId : std::uint8_t {
#define LOCKSTEP_ENUM(id, field, sentence) id,
  LOCKSTEP_CORE_ERRORS(LOCKSTEP_ENUM)
#undef LOCKSTEP_ENUM
};

// The stable name, e.g. "code_in_use".
std::string_view name(ErrorId id);
// The sentence for a person. Never contains a code.
std::string_view sentence(ErrorId id);
// The form field the error concerns, e.g. "access_code" or "grants.locks".
std::string_view field(ErrorId id);
// Parses a stable name; nullopt when unknown.
std::optional<ErrorId> error_from_name(std::string_view text);
// Every id, in wire order (for tables, schemas and exhaustive tests).
std::span<const ErrorId> all_errors();

enum class Severity : std::uint8_t { error, warning };

// One thing wrong with an input. `subject` names what it concerns beyond the
// field (a lock or partition name, a contact index); it must never hold a code.
struct Problem {
  ErrorId id;
  std::string subject = {};
  Severity severity = Severity::error;

  // "code_length_unsupported_by_lock" at "Front Door" reads:
  // "Front Door: This lock does not accept codes of this length; ..."
  std::string message() const;
  friend bool operator==(const Problem&, const Problem&) = default;
};

// The outcome of validating or applying an edit: errors refuse it, warnings
// (e.g. a weak code under a warn-only policy) let it through.
class Verdict {
 public:
  Verdict() = default;
  Verdict(Problem p) { add(std::move(p)); }  // NOLINT(google-explicit-constructor)

  void add(Problem p) { problems_.push_back(std::move(p)); }
  void merge(const Verdict& other);
  bool ok() const;  // no error (warnings allowed)
  bool has(ErrorId id) const;
  const std::vector<Problem>& problems() const { return problems_; }
  std::vector<Problem> errors() const;
  std::vector<Problem> warnings() const;
  // The first error; precondition: !ok().
  const Problem& first_error() const;

 private:
  std::vector<Problem> problems_;
};

// A value or the verdict that refused it.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Verdict refusal) : v_(std::move(refusal)) {}  // NOLINT(google-explicit-constructor)
  Result(Problem refusal) : v_(Verdict(std::move(refusal))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const Verdict& verdict() const { return std::get<Verdict>(v_); }
  const Problem& error() const { return verdict().first_error(); }

 private:
  std::variant<T, Verdict> v_;
};

}  // namespace lockstep::core
