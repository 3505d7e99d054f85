// The code policy and "Generate Code".
//
// Choices made here (the header states the rules):
//   - A code that is empty, not all ASCII digits, or shorter than 4 digits is
//     reported with that one problem and nothing else: none of the later rules
//     says anything useful about such a string.
//   - A length the panel refuses (code_wrong_length) suppresses the panel's
//     one-length-for-all check (code_length_mismatch), which would only repeat
//     it; the remaining rules (in use, reserved, weak, locks) are still
//     reported so the user sees everything at once.
//   - A user without a code (an empty AccessCode) does not fix the length of a
//     one-length-for-all panel or lock, and collides with nothing.
//   - Each lock contributes at most one length problem and at most one
//     collision problem, named by the lock, in the order the locks are given.
//   - Every comparison of a code with another code (other users, reserved
//     codes, the deny list) is constant-time, and every candidate is compared
//     with every entry (no early exit on a match).
//   - Generate Code never proposes a weak code, even when the policy allows
//     weak codes, unless nothing else exists.
#include "core/code_policy.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace lockstep::core {

bool CodeLengths::accepts(std::size_t length) const {
  if (length < min || length > max) return false;
  return std::none_of(excluded.begin(), excluded.end(),
                      [&](std::uint8_t e) { return e == length; });
}

namespace {

constexpr std::size_t kMinimumDigits = 4;

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when any non-empty code in `codes` has a length other than `length`.
bool other_length_held(CodeList codes, std::size_t length) {
  return std::any_of(codes.begin(), codes.end(), [&](const AccessCode* c) {
    return c != nullptr && !c->empty() && c->size() != length;
  });
}

// Constant-time membership: compares with every entry, whatever matches.
bool equals_any(const AccessCode& code, CodeList codes) {
  bool found = false;
  for (const AccessCode* other : codes) {
    if (other == nullptr) continue;
    found = (*other == code) || found;
  }
  return found;
}

bool on_deny_list(std::string_view digits, const std::vector<std::string>& deny_list) {
  bool found = false;
  for (const std::string& denied : deny_list) {
    found = constant_time_equal(digits, denied) || found;
  }
  return found;
}

bool is_weak(std::string_view digits, const CodePolicy& policy) {
  return is_trivial_sequence(digits) || on_deny_list(digits, policy.deny_list);
}

// A lock's length rules: the lengths it accepts, and its one-length-for-all
// rule against the codes it holds.
bool lock_takes_length(const LockTarget& lock, std::size_t length) {
  const CodeLengths& rule = lock.spec->code_lengths;
  if (!rule.accepts(length)) return false;
  return !(rule.same_length_for_all && other_length_held(lock.held, length));
}

bool collides_on_buttons(std::string_view digits, const LockTarget& lock) {
  if (!lock.spec->five_button_keypad) return false;
  const std::string presses = five_button_presses(digits);
  bool found = false;
  for (const AccessCode* held : lock.held) {
    if (held == nullptr || held->empty()) continue;
    found = constant_time_equal(presses, five_button_presses(held->reveal())) || found;
  }
  return found;
}

// The panel's and every granted lock's length rules, as check_code applies
// them; used by Generate Code to choose a length.
bool every_device_takes_length(const CodeContext& context, std::size_t length) {
  if (length < kMinimumDigits) return false;
  const CodeLengths& panel = context.panel->code_lengths;
  if (!panel.accepts(length)) return false;
  if (panel.same_length_for_all && other_length_held(context.other_users, length)) return false;
  return std::all_of(context.locks.begin(), context.locks.end(), [&](const LockTarget& lock) {
    return lock.spec == nullptr || lock_takes_length(lock, length);
  });
}

// splitmix64: a small, well-mixed sequence fully determined by its seed.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }

 private:
  std::uint64_t state_;
};

std::string random_digits(SplitMix64& rng, std::size_t length) {
  std::string out(length, '0');
  for (char& c : out)
    c = static_cast<char>('0' + rng.next() % 10U);
  return out;
}

// `value` as exactly `length` decimal digits, zero-padded.
std::string fixed_digits(std::uint64_t value, std::size_t length) {
  std::string out(length, '0');
  for (std::size_t i = length; i > 0; --i) {
    out[i - 1] = static_cast<char>('0' + value % 10U);
    value /= 10U;
  }
  return out;
}

enum class Fit : std::uint8_t { no, weak_but_allowed, yes };

// What Generate Code tries candidates against. check_code has the last word;
// the set of button patterns held by five-button locks only spares it the
// candidates that are certain to collide (in a near-full space, nearly all).
// A hash lookup is not constant-time, which is fine here: the candidates are
// the generator's own draws, not a code someone typed.
class Candidates {
 public:
  explicit Candidates(const CodeContext& context) : context_(context) {
    for (const LockTarget& lock : context.locks) {
      if (lock.spec == nullptr || !lock.spec->five_button_keypad) continue;
      for (const AccessCode* held : lock.held) {
        if (held != nullptr && !held->empty()) {
          taken_presses_.insert(five_button_presses(held->reveal()));
        }
      }
    }
  }

  Fit fit(const std::string& digits) const {
    if (!taken_presses_.empty() && taken_presses_.count(five_button_presses(digits)) != 0) {
      return Fit::no;
    }
    const Verdict verdict = check_code(AccessCode(digits), context_);
    if (!verdict.problems().empty()) return Fit::no;
    // Under WeakCodeAction::allow check_code is silent about weak codes; the
    // generator still avoids them while anything else is available.
    if (is_weak(digits, *context_.policy)) return Fit::weak_but_allowed;
    return Fit::yes;
  }

 private:
  const CodeContext& context_;
  std::unordered_set<std::string> taken_presses_;
};

// Random draws first; for lengths whose whole space is small enough, an
// exhaustive scan from a random offset, so a free code is always found when
// one exists. Longer spaces are never nearly full in practice (10^7 codes
// against a few hundred held ones), so many draws suffice there.
constexpr int kRandomTries = 64;
constexpr int kLongCodeTries = 20'000;
constexpr std::size_t kMaxScannedLength = 6;

std::optional<std::string> pick(const Candidates& candidates, std::size_t length, SplitMix64& rng,
                                std::optional<std::string>& weak_fallback) {
  const int tries = length <= kMaxScannedLength ? kRandomTries : kLongCodeTries;
  for (int i = 0; i < tries; ++i) {
    std::string digits = random_digits(rng, length);
    const Fit f = candidates.fit(digits);
    if (f == Fit::yes) return digits;
    if (f == Fit::weak_but_allowed && !weak_fallback) weak_fallback = std::move(digits);
  }
  if (length > kMaxScannedLength) return std::nullopt;

  std::uint64_t space = 1;
  for (std::size_t i = 0; i < length; ++i)
    space *= 10U;
  const std::uint64_t offset = rng.next() % space;
  for (std::uint64_t i = 0; i < space; ++i) {
    std::string digits = fixed_digits((offset + i) % space, length);
    const Fit f = candidates.fit(digits);
    if (f == Fit::yes) return digits;
    if (f == Fit::weak_but_allowed && !weak_fallback) weak_fallback = std::move(digits);
  }
  return std::nullopt;
}

}  // namespace

Verdict check_code(const AccessCode& code, const CodeContext& context) {
  const std::string& digits = code.reveal();
  const std::size_t length = digits.size();

  // Rule 1: present, digits only, long enough, a length the panel accepts.
  if (digits.empty()) return Problem{ErrorId::code_required};
  if (!all_digits(digits)) return Problem{ErrorId::code_not_digits};
  if (length < kMinimumDigits) return Problem{ErrorId::code_too_short};

  Verdict verdict;
  const CodeLengths& panel = context.panel->code_lengths;
  if (!panel.accepts(length)) {
    verdict.add(Problem{ErrorId::code_wrong_length});
  } else if (panel.same_length_for_all && other_length_held(context.other_users, length)) {
    verdict.add(Problem{ErrorId::code_length_mismatch});
  }

  // Rule 2: unique within the system, and not a reserved code.
  if (equals_any(code, context.other_users)) verdict.add(Problem{ErrorId::code_in_use});
  if (equals_any(code, context.reserved)) verdict.add(Problem{ErrorId::code_reserved});

  // Rule 3: not weak, as the policy says.
  const WeakCodeAction action = context.policy->weak_codes;
  if (action != WeakCodeAction::allow && is_weak(digits, *context.policy)) {
    verdict.add(Problem{ErrorId::code_weak,
                        {},
                        action == WeakCodeAction::refuse ? Severity::error : Severity::warning});
  }

  // Rule 4: every granted lock, named.
  for (const LockTarget& lock : context.locks) {
    if (lock.spec == nullptr) continue;
    if (!lock_takes_length(lock, length)) {
      verdict.add(Problem{ErrorId::code_length_unsupported_by_lock, std::string(lock.name)});
    }
    if (collides_on_buttons(digits, lock)) {
      verdict.add(Problem{ErrorId::code_button_collision, std::string(lock.name)});
    }
  }
  return verdict;
}

bool is_trivial_sequence(std::string_view digits) {
  if (digits.empty() || !all_digits(digits)) return false;
  bool same = true;
  bool up = true;
  bool down = true;
  for (std::size_t i = 1; i < digits.size(); ++i) {
    const int prev = digits[i - 1] - '0';
    const int cur = digits[i] - '0';
    same = same && cur == prev;
    up = up && cur == (prev + 1) % 10;
    down = down && cur == (prev + 9) % 10;
  }
  return same || up || down;
}

std::string five_button_presses(std::string_view digits) {
  std::string out;
  out.reserve(digits.size());
  for (const char c : digits) {
    if (c == '0') {
      out += '5';
    } else if (c >= '1' && c <= '9') {
      out += static_cast<char>('1' + (c - '1') / 2);
    } else {
      out += c;  // not a digit: no button; kept so distinct inputs stay distinct
    }
  }
  return out;
}

Result<AccessCode> generate_code(const CodeContext& context, std::uint64_t random) {
  SplitMix64 rng(random);
  const Candidates candidates(context);
  std::optional<std::string> weak_fallback;
  const std::size_t longest = context.panel->code_lengths.max;
  // Shortest length first; a longer one only when the shorter has no free code.
  for (std::size_t length = kMinimumDigits; length <= longest; ++length) {
    if (!every_device_takes_length(context, length)) continue;
    if (auto digits = pick(candidates, length, rng, weak_fallback)) {
      return AccessCode(std::move(*digits));
    }
  }
  if (weak_fallback) return AccessCode(std::move(*weak_fallback));
  return Problem{ErrorId::no_code_available};
}

}  // namespace lockstep::core
