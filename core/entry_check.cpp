#include "core/entry_check.hpp"

#include <algorithm>
#include <array>
#include <bit>
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

CredentialSet::CredentialSet(std::span<const Credential> held) {
  reserve(held.size());
  for (const Credential& c : held)
    add(c);
}

void CredentialSet::clear() {
  held_.clear();
  columns_.clear();
  widest_ = 0;
}

void CredentialSet::reserve(std::size_t n) {
  held_.reserve(n);
  columns_.reserve((n + kLanes - 1) / kLanes * kColumns);
}

void CredentialSet::add(const Credential& credential) {
  assert(credential.code != nullptr);
  const std::string& digits = credential.code->reveal();
  const std::size_t lane = held_.size() % kLanes;
  held_.push_back(credential);
  if (lane == 0) {
    // A new group; its unused lanes hold length 0xFF, which no code has.
    columns_.resize(columns_.size() + kColumns, 0);
    columns_.back() = ~std::uint64_t{0};
  }
  std::uint64_t* group = columns_.data() + columns_.size() - kColumns;
  const unsigned shift = static_cast<unsigned>(8 * lane);
  const std::size_t bytes = std::min(digits.size(), kMaxBytes);
  for (std::size_t j = 0; j < bytes; ++j)
    group[j] |= std::uint64_t{static_cast<unsigned char>(digits[j])} << shift;
  // A code too long to transpose keeps length 0xFF here (first_match compares
  // every code byte by byte when the set holds one).
  const std::uint64_t length = digits.size() <= kMaxBytes ? digits.size() : 0xFFU;
  group[kColumns - 1] = (group[kColumns - 1] & ~(std::uint64_t{0xFF} << shift)) | (length << shift);
  widest_ = std::max(widest_, digits.size());
}

void CredentialSet::truncate(std::size_t n) {
  if (n >= held_.size()) return;
  held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(n), held_.end());
  const std::size_t groups = (n + kLanes - 1) / kLanes;
  columns_.resize(groups * kColumns);
  if (const std::size_t lanes = n % kLanes; lanes != 0) {
    // The last group's lanes from `lanes` on become unused, as add() leaves
    // them: no bytes, length 0xFF.
    std::uint64_t* group = columns_.data() + columns_.size() - kColumns;
    const std::uint64_t kept = (std::uint64_t{1} << (8 * lanes)) - 1;
    for (std::size_t j = 0; j < kMaxBytes; ++j)
      group[j] &= kept;
    group[kColumns - 1] |= ~kept;
  }
  widest_ = 0;
  for (const Credential& c : held_)
    widest_ = std::max(widest_, c.code->size());
}

std::optional<std::size_t> CredentialSet::first_match(std::string_view typed) const {
  const std::size_t n = held_.size();
  std::size_t match = n;  // n: none
  if (widest_ > kMaxBytes || typed.size() > kMaxBytes) {
    for (std::size_t i = 0; i < n; ++i) {
      const bool equal = constant_time_equal(typed, held_[i].code->reveal());
      match = equal && match == n ? i : match;
    }
    return match == n ? std::nullopt : std::optional<std::size_t>(match);
  }

  // Byte j of `typed` in every lane (zero past its end), for j < widest_, and
  // its length: a lane of a group's column XOR-ed with these is zero where
  // that credential's byte is the same.
  constexpr std::uint64_t kOnes = 0x0101010101010101U;
  std::array<std::uint64_t, kMaxBytes> spread;  // NOLINT: only [0, widest_) is read
  const std::size_t typed_bytes = std::min(typed.size(), widest_);
  for (std::size_t j = 0; j < typed_bytes; ++j)
    spread[j] = std::uint64_t{static_cast<unsigned char>(typed[j])} * kOnes;
  for (std::size_t j = typed_bytes; j < widest_; ++j)
    spread[j] = 0;
  const std::uint64_t length = std::uint64_t{typed.size()} * kOnes;

  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FU;
  const std::size_t groups = columns_.size() / kColumns;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::uint64_t* column = columns_.data() + g * kColumns;
    std::uint64_t diff = column[kColumns - 1] ^ length;
    for (std::size_t j = 0; j < widest_; ++j)
      diff |= column[j] ^ spread[j];
    // 0x80 in each byte of diff that is zero (a lane that matched), exactly:
    // no carry crosses a byte.
    const std::uint64_t hits = ~(((diff & kLow7) + kLow7) | diff | kLow7);
    const std::size_t first =
        hits != 0 ? g * kLanes + static_cast<std::size_t>(std::countr_zero(hits)) / 8 : n;
    match = std::min(match, first);  // groups ascend: the first group with a hit decides
  }
  return match == n ? std::nullopt : std::optional<std::size_t>(match);
}

EntryResult check_entry(std::string_view typed, std::span<const Credential> held,
                        const LockoutRule& rule, LockoutState& state, Instant now,
                        LocalClock local_now) {
  return check_entry(typed, CredentialSet(held), rule, state, now, local_now);
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
EntryResult check_entry(std::string_view typed, const CredentialSet& held, const LockoutRule& rule,
                        LockoutState& state, Instant now, LocalClock local_now) {
  if (state.locked(now)) {
    EntryResult r = refused(ErrorId::locked_out);
    r.locked_until = state.locked_until;
    return r;
  }

  // Compare against every credential, with no early exit, so the time taken
  // depends only on the number and lengths of the codes, not on which matched.
  const std::optional<std::size_t> match = held.first_match(typed);

  if (!match) {
    if (state.streak < std::numeric_limits<std::uint16_t>::max()) ++state.streak;
    EntryResult r = refused(ErrorId::wrong_code);
    if (rule.attempts > 0 && state.streak >= rule.attempts) {
      state.locked_until = now + rule.duration;
      state.streak = 0;
      r.locked_until = state.locked_until;
    }
    return r;
  }

  const Credential& credential = held.held()[*match];
  if (!credential.granted) {
    EntryResult r = refused(ErrorId::no_grant);
    r.user = credential.user;
    return r;
  }
  if (credential.access_times != nullptr && !allows(*credential.access_times, local_now())) {
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
