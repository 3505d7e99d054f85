#include "core/entry_check.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <limits>
#include <utility>

namespace lockstep::core {

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames{{
    {Role::master, "master"},
    {Role::standard, "standard"},
    {Role::guest, "guest"},
    {Role::duress, "duress"},
}};

EntryResult refused(ErrorId reason) {
  EntryResult r;
  r.outcome = EntryOutcome::refused;
  r.reason = reason;
  return r;
}

}  // namespace

std::string_view to_string(Role role) {
  for (const auto& [r, text] : kRoleNames) {
    if (r == role) return text;
  }
  return "unknown";
}

std::optional<Role> role_from_string(std::string_view text) {
  for (const auto& [r, name] : kRoleNames) {
    if (name == text) return r;
  }
  return std::nullopt;
}

// Outcomes, in the order they are decided:
//  - locked (now < state.locked_until): refused / locked_out with locked_until;
//    nothing is compared and the state is left exactly as it was.
//  - no credential matches: refused / wrong_code and the streak grows. The
//    entry that makes the streak reach rule.attempts is still reported as
//    wrong_code, but it also starts the lockout: state.locked_until (and the
//    result's locked_until) become now + rule.duration and the streak goes back
//    to 0, so the first entry after the lockout starts a fresh count.
//    rule.attempts == 0 disables the lockout (the streak then saturates).
//  - a match whose grant is off: refused / no_grant, user set, streak unchanged.
//  - a match outside its access times: refused / outside_schedule, user set,
//    streak unchanged.
//  - a match with the duress role: duress, user set, streak reset.
//  - any other match: accepted, user set, streak reset.
// When two credentials hold the same code (a device should never allow it),
// the first one in `held` decides.
EntryResult check_entry(std::string_view typed, std::span<const Credential> held,
                        const LockoutRule& rule, LockoutState& state, Instant now,
                        const LocalDateTime& local_now) {
  if (state.locked(now)) {
    EntryResult r = refused(ErrorId::locked_out);
    r.locked_until = state.locked_until;
    return r;
  }

  // Compare against every credential, with no early exit, so the time taken
  // depends only on the number and lengths of the codes, not on which matched.
  // Packed credentials (every device's) are compared as words.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  const PackedCode typed_packed = PackedCode::of(typed);
  std::size_t match = kNone;
  for (std::size_t i = 0; i < held.size(); ++i) {
    const Credential& c = held[i];
    assert(c.code != nullptr);
    const bool equal = typed_packed.packed && c.packed.packed
                           ? typed_packed.equal(c.packed)
                           : constant_time_equal(typed, c.code->reveal());
    if (equal && match == kNone) match = i;
  }

  if (match == kNone) {
    if (state.streak < std::numeric_limits<std::uint16_t>::max()) ++state.streak;
    EntryResult r = refused(ErrorId::wrong_code);
    if (rule.attempts > 0 && state.streak >= rule.attempts) {
      state.locked_until = now + rule.duration;
      state.streak = 0;
      r.locked_until = state.locked_until;
    }
    return r;
  }

  const Credential& credential = held[match];
  if (!credential.granted) {
    EntryResult r = refused(ErrorId::no_grant);
    r.user = credential.user;
    return r;
  }
  if (credential.access_times != nullptr && !allows(*credential.access_times, local_now)) {
    EntryResult r = refused(ErrorId::outside_schedule);
    r.user = credential.user;
    return r;
  }

  state.streak = 0;
  EntryResult r;
  r.outcome = credential.role == Role::duress ? EntryOutcome::duress : EntryOutcome::accepted;
  r.user = credential.user;
  return r;
}

}  // namespace lockstep::core
