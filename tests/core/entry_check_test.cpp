#include "core/entry_check.hpp"

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

constexpr LocalDateTime at(std::int32_t y, std::uint8_t mo, std::uint8_t d, std::uint8_t h,
                           std::uint8_t mi) {
  return LocalDateTime{y, mo, d, h, mi};
}

// 2024-01-01 is a Monday.
constexpr LocalDateTime kMonday10 = at(2024, 1, 1, 10, 0);

constexpr std::uint8_t bit(Weekday d) {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(d));
}

// What one keypad holds in these tests.
struct Keypad {
  AccessCode alice{"1234"};  // standard, at all times
  AccessCode bob{"9999"};    // duress
  AccessCode carol{"5555"};  // grant off for this device
  AccessCode dave{"2468"};   // temporary access 2024-01-01 08:00 .. 2024-01-02 08:00
  AccessCode erin{"1357"};   // Mondays 09:00-17:00
  AccessTimes dave_times = TemporaryAccess{at(2024, 1, 1, 8, 0), at(2024, 1, 2, 8, 0)};
  AccessTimes erin_times =
      RestrictedSchedule{{ScheduleBlock{bit(Weekday::monday), 9 * 60, 17 * 60}}};

  std::vector<Credential> held() const {
    return {
        Credential{UserId(1), &alice, Role::standard, true, nullptr},
        Credential{UserId(2), &bob, Role::duress, true, nullptr},
        Credential{UserId(3), &carol, Role::standard, false, nullptr},
        Credential{UserId(4), &dave, Role::guest, true, &dave_times},
        Credential{UserId(5), &erin, Role::standard, true, &erin_times},
    };
  }
};

// ---------------------------------------------------------------- roles

TEST(RoleNames, EveryRoleRoundTripsThroughItsName) {
  for (Role r : {Role::master, Role::standard, Role::guest, Role::duress}) {
    EXPECT_EQ(role_from_string(to_string(r)), r) << to_string(r);
  }
  EXPECT_EQ(to_string(Role::master), "master");
  EXPECT_EQ(to_string(Role::standard), "standard");
  EXPECT_EQ(to_string(Role::guest), "guest");
  EXPECT_EQ(to_string(Role::duress), "duress");
}

TEST(RoleNames, UnknownOrMiscasedNamesAreRejected) {
  EXPECT_EQ(role_from_string(""), std::nullopt);
  EXPECT_EQ(role_from_string("installer"), std::nullopt);
  EXPECT_EQ(role_from_string("Master"), std::nullopt);
  EXPECT_EQ(role_from_string("duress "), std::nullopt);
}

// ------------------------------------------------------- single entries

struct SingleEntryCase {
  const char* name;
  std::string typed;
  LocalDateTime local_now;
  EntryOutcome outcome;
  std::optional<ErrorId> reason;
  std::optional<std::uint32_t> user;
  std::uint16_t streak_after;  // every case starts with a streak of 2
};
void PrintTo(const SingleEntryCase& c, std::ostream* os) {
  *os << c.name;
}

class EntryCheckSingleEntry : public ::testing::TestWithParam<SingleEntryCase> {};

TEST_P(EntryCheckSingleEntry, GivesTheDocumentedOutcomeAndStreak) {
  const SingleEntryCase& c = GetParam();
  const Keypad keypad;
  const auto held = keypad.held();
  const LockoutRule rule{5, seconds(60)};
  LockoutState state{2, Instant(0)};

  const EntryResult r =
      check_entry(c.typed, held, rule, state, Instant(seconds(1000)), c.local_now);

  EXPECT_EQ(r.outcome, c.outcome);
  EXPECT_EQ(r.reason, c.reason);
  if (c.user) {
    EXPECT_EQ(r.user, UserId(*c.user));
  } else {
    EXPECT_EQ(r.user, std::nullopt);
  }
  EXPECT_EQ(r.locked_until, microseconds(0));
  EXPECT_EQ(state.streak, c.streak_after);
  EXPECT_EQ(state.locked_until, Instant(0));
}

constexpr auto kAccepted = EntryOutcome::accepted;
constexpr auto kRefused = EntryOutcome::refused;

INSTANTIATE_TEST_SUITE_P(
    Cases, EntryCheckSingleEntry,
    ::testing::Values(
        SingleEntryCase{"the_right_code_is_accepted_and_resets_the_streak", "1234", kMonday10,
                        kAccepted, std::nullopt, 1, 0},
        SingleEntryCase{"a_duress_code_reports_duress_and_resets_the_streak", "9999", kMonday10,
                        EntryOutcome::duress, std::nullopt, 2, 0},
        SingleEntryCase{"a_wrong_code_is_refused_and_counts", "0000", kMonday10, kRefused,
                        ErrorId::wrong_code, std::nullopt, 3},
        SingleEntryCase{"a_code_without_a_grant_is_refused_and_does_not_count", "5555", kMonday10,
                        kRefused, ErrorId::no_grant, 3, 2},
        SingleEntryCase{"temporary_access_is_refused_before_its_window", "2468",
                        at(2024, 1, 1, 7, 59), kRefused, ErrorId::outside_schedule, 4, 2},
        SingleEntryCase{"temporary_access_works_from_the_start_of_its_window", "2468",
                        at(2024, 1, 1, 8, 0), kAccepted, std::nullopt, 4, 0},
        SingleEntryCase{"temporary_access_works_inside_its_window", "2468", at(2024, 1, 2, 7, 59),
                        kAccepted, std::nullopt, 4, 0},
        SingleEntryCase{"temporary_access_is_refused_at_the_end_of_its_window", "2468",
                        at(2024, 1, 2, 8, 0), kRefused, ErrorId::outside_schedule, 4, 2},
        SingleEntryCase{"a_restricted_schedule_works_inside_its_block", "1357", kMonday10,
                        kAccepted, std::nullopt, 5, 0},
        SingleEntryCase{"a_restricted_schedule_is_refused_before_its_block", "1357",
                        at(2024, 1, 1, 8, 59), kRefused, ErrorId::outside_schedule, 5, 2},
        SingleEntryCase{"a_restricted_schedule_is_refused_at_the_end_of_its_block", "1357",
                        at(2024, 1, 1, 17, 0), kRefused, ErrorId::outside_schedule, 5, 2},
        SingleEntryCase{"a_restricted_schedule_is_refused_on_another_day", "1357",
                        at(2024, 1, 2, 10, 0), kRefused, ErrorId::outside_schedule, 5, 2},
        SingleEntryCase{"a_prefix_of_a_code_is_a_wrong_code", "123", kMonday10, kRefused,
                        ErrorId::wrong_code, std::nullopt, 3},
        SingleEntryCase{"a_code_with_an_extra_digit_is_a_wrong_code", "12345", kMonday10, kRefused,
                        ErrorId::wrong_code, std::nullopt, 3},
        SingleEntryCase{"a_code_with_a_trailing_nul_is_a_wrong_code", std::string("1234\0", 5),
                        kMonday10, kRefused, ErrorId::wrong_code, std::nullopt, 3},
        SingleEntryCase{"an_empty_entry_is_a_wrong_code", "", kMonday10, kRefused,
                        ErrorId::wrong_code, std::nullopt, 3}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EntryCheck, WithNoCredentialsEveryCodeIsWrong) {
  LockoutState state;
  const EntryResult r =
      check_entry("1234", CredentialSet{}, LockoutRule{}, state, Instant(0), kMonday10);
  EXPECT_EQ(r.outcome, EntryOutcome::refused);
  EXPECT_EQ(r.reason, ErrorId::wrong_code);
  EXPECT_EQ(state.streak, 1);
}

TEST(EntryCheck, WhenTwoCredentialsHoldTheSameCodeTheFirstDecides) {
  const AccessCode same{"4321"};
  const std::vector<Credential> held = {
      Credential{UserId(7), &same, Role::standard, false, nullptr},
      Credential{UserId(8), &same, Role::standard, true, nullptr},
  };
  LockoutState state;
  const EntryResult r = check_entry("4321", held, LockoutRule{}, state, Instant(0), kMonday10);
  EXPECT_EQ(r.reason, ErrorId::no_grant);
  EXPECT_EQ(r.user, UserId(7));
}

TEST(EntryCheck, AMatchLaterInTheListIsFound) {
  const AccessCode a{"1111"};
  const AccessCode b{"2222"};
  const AccessCode c{"3333"};
  const std::vector<Credential> held = {
      Credential{UserId(1), &a},
      Credential{UserId(2), &b},
      Credential{UserId(3), &c},
  };
  LockoutState state;
  const EntryResult r = check_entry("3333", held, LockoutRule{}, state, Instant(0), kMonday10);
  EXPECT_EQ(r.outcome, EntryOutcome::accepted);
  EXPECT_EQ(r.user, UserId(3));
}

// ------------------------------------------------------------- lockouts

// One entry of a sequence: what is typed when, and what must come back.
struct Step {
  std::string typed;
  std::int64_t at_us;  // Instant, in microseconds
  EntryOutcome outcome;
  std::optional<ErrorId> reason;
  std::int64_t locked_until_us;  // expected result.locked_until
  std::uint16_t streak_after;
};

struct LockoutCase {
  const char* name;
  std::vector<Step> steps;
};
void PrintTo(const LockoutCase& c, std::ostream* os) {
  *os << c.name;
}

class EntryCheckLockout : public ::testing::TestWithParam<LockoutCase> {};

constexpr std::int64_t kSec = 1'000'000;
// The rule under test: 3 wrong codes lock the keypad for 60 s.
const LockoutRule kRule{3, seconds(60)};

const std::string kRight = "1234";
const std::string kWrong = "0000";
const std::string kNoGrant = "5555";
constexpr auto kWrongCode = ErrorId::wrong_code;
constexpr auto kLockedOut = ErrorId::locked_out;

TEST_P(EntryCheckLockout, FollowsTheSequence) {
  const Keypad keypad;
  const auto held = keypad.held();
  LockoutState state;
  std::int64_t locked_until = 0;
  const auto& steps = GetParam().steps;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    SCOPED_TRACE("step " + std::to_string(i) + " at " + std::to_string(s.at_us) + " us");
    const EntryResult r =
        check_entry(s.typed, held, kRule, state, Instant(microseconds(s.at_us)), kMonday10);
    EXPECT_EQ(r.outcome, s.outcome);
    EXPECT_EQ(r.reason, s.reason);
    EXPECT_EQ(r.locked_until, microseconds(s.locked_until_us));
    EXPECT_EQ(state.streak, s.streak_after);
    if (s.locked_until_us != 0) locked_until = s.locked_until_us;
    // The keypad stays locked until the last lockout that was started.
    EXPECT_EQ(state.locked_until, Instant(microseconds(locked_until)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EntryCheckLockout,
    ::testing::Values(LockoutCase{"one_wrong_code_fewer_than_the_limit_does_not_lock",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 1 * kSec, kRefused, kWrongCode, 0, 2},
                                   {kRight, 2 * kSec, kAccepted, std::nullopt, 0, 0}}},
                      LockoutCase{"exactly_the_limit_of_wrong_codes_locks_and_resets_the_streak",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 1 * kSec, kRefused, kWrongCode, 0, 2},
                                   {kWrong, 2 * kSec, kRefused, kWrongCode, 62 * kSec, 0}}},
                      LockoutCase{"entries_during_a_lockout_are_refused_without_extending_it",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 0, kRefused, kWrongCode, 0, 2},
                                   {kWrong, 0, kRefused, kWrongCode, 60 * kSec, 0},
                                   {kWrong, 1 * kSec, kRefused, kLockedOut, 60 * kSec, 0},
                                   {kWrong, 2 * kSec, kRefused, kLockedOut, 60 * kSec, 0},
                                   {kWrong, 3 * kSec, kRefused, kLockedOut, 60 * kSec, 0},
                                   {kRight, 30 * kSec, kRefused, kLockedOut, 60 * kSec, 0},
                                   {kNoGrant, 59 * kSec, kRefused, kLockedOut, 60 * kSec, 0}}},
                      LockoutCase{"a_lockout_ends_exactly_at_locked_until",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 0, kRefused, kWrongCode, 0, 2},
                                   {kWrong, 0, kRefused, kWrongCode, 60 * kSec, 0},
                                   {kRight, 60 * kSec - 1, kRefused, kLockedOut, 60 * kSec, 0},
                                   {kRight, 60 * kSec, kAccepted, std::nullopt, 0, 0}}},
                      LockoutCase{"after_a_lockout_the_count_starts_again",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 0, kRefused, kWrongCode, 0, 2},
                                   {kWrong, 0, kRefused, kWrongCode, 60 * kSec, 0},
                                   {kWrong, 60 * kSec, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 61 * kSec, kRefused, kWrongCode, 0, 2},
                                   {kWrong, 62 * kSec, kRefused, kWrongCode, 122 * kSec, 0}}},
                      LockoutCase{"the_right_code_resets_the_streak",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 1 * kSec, kRefused, kWrongCode, 0, 2},
                                   {kRight, 2 * kSec, kAccepted, std::nullopt, 0, 0},
                                   {kWrong, 3 * kSec, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 4 * kSec, kRefused, kWrongCode, 0, 2}}},
                      LockoutCase{"a_duress_code_resets_the_streak",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 1 * kSec, kRefused, kWrongCode, 0, 2},
                                   {"9999", 2 * kSec, EntryOutcome::duress, std::nullopt, 0, 0},
                                   {kWrong, 3 * kSec, kRefused, kWrongCode, 0, 1}}},
                      LockoutCase{"a_code_without_a_grant_neither_counts_nor_resets",
                                  {{kWrong, 0, kRefused, kWrongCode, 0, 1},
                                   {kWrong, 1 * kSec, kRefused, kWrongCode, 0, 2},
                                   {kNoGrant, 2 * kSec, kRefused, ErrorId::no_grant, 0, 2},
                                   {kNoGrant, 3 * kSec, kRefused, ErrorId::no_grant, 0, 2},
                                   {kWrong, 4 * kSec, kRefused, kWrongCode, 64 * kSec, 0}}}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EntryCheckLockoutSchedule, ACodeOutsideItsScheduleNeitherCountsNorResets) {
  const Keypad keypad;
  const auto held = keypad.held();
  LockoutState state;
  const LocalDateTime sunday = at(2024, 1, 7, 10, 0);
  EXPECT_EQ(check_entry(kWrong, held, kRule, state, Instant(0), sunday).reason, kWrongCode);
  EXPECT_EQ(check_entry(kWrong, held, kRule, state, Instant(1), sunday).reason, kWrongCode);
  const EntryResult outside = check_entry("1357", held, kRule, state, Instant(2), sunday);
  EXPECT_EQ(outside.reason, ErrorId::outside_schedule);
  EXPECT_EQ(state.streak, 2);
  const EntryResult third = check_entry(kWrong, held, kRule, state, Instant(3), sunday);
  EXPECT_EQ(third.reason, kWrongCode);
  EXPECT_EQ(third.locked_until, Instant(3) + seconds(60));
  EXPECT_TRUE(state.locked(Instant(4)));
}

TEST(EntryCheckLockoutRule, ZeroAttemptsNeverLocks) {
  const Keypad keypad;
  const auto held = keypad.held();
  LockoutState state;
  const LockoutRule never{0, seconds(60)};
  for (int i = 0; i < 100; ++i) {
    const EntryResult r = check_entry(kWrong, held, never, state, Instant(i), kMonday10);
    ASSERT_EQ(r.reason, kWrongCode);
    ASSERT_EQ(r.locked_until, microseconds(0));
  }
  EXPECT_FALSE(state.locked(Instant(100)));
  EXPECT_EQ(state.streak, 100);
  EXPECT_EQ(check_entry(kRight, held, never, state, Instant(101), kMonday10).outcome,
            EntryOutcome::accepted);
}

TEST(EntryCheckLockoutRule, AOneAttemptRuleLocksOnTheFirstWrongCode) {
  const Keypad keypad;
  const auto held = keypad.held();
  LockoutState state;
  const LockoutRule strict{1, seconds(5)};
  const EntryResult r = check_entry(kWrong, held, strict, state, Instant(seconds(10)), kMonday10);
  EXPECT_EQ(r.reason, kWrongCode);
  EXPECT_EQ(r.locked_until, Instant(seconds(15)));
  EXPECT_EQ(check_entry(kRight, held, strict, state, Instant(seconds(14)), kMonday10).reason,
            kLockedOut);
}

// ------------------------------------------------------ credential sets

// The first credential in `held` whose code is `typed`, byte by byte: what
// CredentialSet::first_match must find, however it compares.
std::optional<std::size_t> reference_match(std::string_view typed,
                                           const std::vector<Credential>& held) {
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (held[i].code->reveal() == typed) return i;
  }
  return std::nullopt;
}

// Devices keep their credentials in a CredentialSet (codes transposed,
// compared eight at a time); the result must be exactly the byte-wise one, for
// codes short enough to transpose and for longer ones (compared byte by byte).
TEST(EntryCheck, CredentialSetsDecideExactlyAsAByteWiseComparison) {
  const std::vector<AccessCode> codes = {AccessCode{"1234"},
                                         AccessCode{"12345"},
                                         AccessCode{"123400"},
                                         AccessCode{"12340000"},
                                         AccessCode{"1234567890123456"},
                                         AccessCode{"12345678901234567"},
                                         AccessCode{"9876543210"}};
  std::vector<Credential> all;
  std::vector<Credential> short_ones;  // every code short enough to transpose
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const Credential c{UserId(static_cast<std::uint32_t>(i + 1)), &codes[i]};
    all.push_back(c);
    if (codes[i].size() <= CredentialSet::kMaxBytes) short_ones.push_back(c);
  }
  const std::vector<std::string> typed = {"1234",
                                          "12345",
                                          "123",
                                          "1234000",
                                          "12340000",
                                          "1234567890123456",
                                          "1234567890123457",
                                          "12345678901234567",
                                          "123456789012345678",
                                          "9876543210",
                                          "0000",
                                          ""};
  for (const std::vector<Credential>* held : {&all, &short_ones}) {
    const CredentialSet set(*held);
    ASSERT_EQ(set.size(), held->size());
    for (const std::string& t : typed) {
      EXPECT_EQ(set.first_match(t), reference_match(t, *held)) << t;
      LockoutState state;
      const EntryResult r = check_entry(t, set, LockoutRule{}, state, Instant(0), kMonday10);
      const auto expected = reference_match(t, *held);
      EXPECT_EQ(r.user, expected ? std::optional<UserId>((*held)[*expected].user) : std::nullopt)
          << t;
      EXPECT_EQ(r.reason, expected ? std::nullopt : std::optional<ErrorId>(ErrorId::wrong_code))
          << t;
    }
  }
  LockoutState state;
  EXPECT_EQ(check_entry("12345678901234567", all, LockoutRule{}, state, Instant(0), kMonday10).user,
            UserId(6));
  EXPECT_EQ(check_entry("123400", all, LockoutRule{}, state, Instant(0), kMonday10).user,
            UserId(3));
}

// Every length a set transposes (0 to 16 bytes), a difference at every
// position (low and high bit), every proper prefix and a NUL-padded code:
// equal exactly when the strings are, whichever lane of a group holds it.
TEST(EntryCheck, ACredentialSetMatchesExactlyTheSameCodeAtEveryLengthAndLane) {
  const std::string digits = "8274619305718264";
  for (std::size_t n = 0; n <= CredentialSet::kMaxBytes; ++n) {
    const std::string code = digits.substr(0, n);
    for (std::size_t lane = 0; lane < 8; ++lane) {
      std::vector<AccessCode> codes;
      for (std::size_t i = 0; i < lane; ++i)
        codes.emplace_back("x" + std::to_string(i));  // never typed below
      codes.emplace_back(code);
      std::vector<Credential> held;
      for (const AccessCode& c : codes)
        held.push_back(Credential{UserId(static_cast<std::uint32_t>(held.size() + 1)), &c});
      const CredentialSet set(held);
      EXPECT_EQ(set.first_match(code), lane) << n << " in lane " << lane;
      for (std::size_t i = 0; i < n; ++i) {
        std::string typed = code;
        typed[i] = static_cast<char>(typed[i] ^ 0x01);
        EXPECT_EQ(set.first_match(typed), std::nullopt) << n << " differs at " << i;
        typed[i] = static_cast<char>(code[i] ^ 0x80);
        EXPECT_EQ(set.first_match(typed), std::nullopt) << n << " high bit at " << i;
      }
      for (std::size_t k = 0; k < n; ++k) {
        EXPECT_EQ(set.first_match(code.substr(0, k)), std::nullopt) << n << " prefix " << k;
      }
      EXPECT_EQ(set.first_match(code + std::string(1, '\0')), std::nullopt) << n;
      EXPECT_EQ(set.first_match(code + "0"), std::nullopt) << n;
    }
  }
}

// A set compares eight codes per step; over many groups of eight the first
// credential holding the code still decides, wherever the duplicates fall.
TEST(EntryCheck, ManyCredentialsTheFirstHoldingTheCodeDecides) {
  std::vector<AccessCode> codes;
  for (std::size_t i = 0; i < 150; ++i)
    codes.emplace_back(std::to_string(100000 + i));
  codes[70] = AccessCode{"100003"};   // a duplicate of 3, nine groups later
  codes[140] = AccessCode{"100100"};  // a duplicate of 100, in a later group
  codes[101] = AccessCode{"100100"};  // and in the same group
  codes[149] = AccessCode{"100128"};  // a duplicate of 128 (first of its group)
  std::vector<Credential> held;
  for (std::size_t i = 0; i < codes.size(); ++i)
    held.push_back(Credential{UserId(static_cast<std::uint32_t>(i + 1)), &codes[i]});
  const CredentialSet set(held);
  for (const char* t : {"100003", "100063", "100064", "100100", "100127", "100128", "100139",
                        "100148", "100070", "100149", "999999"}) {
    EXPECT_EQ(set.first_match(t), reference_match(t, held)) << t;
  }
  EXPECT_EQ(set.first_match("100003"), 3U);
  EXPECT_EQ(set.first_match("100100"), 100U);
  EXPECT_EQ(set.first_match("100128"), 128U);
  EXPECT_EQ(set.first_match("100070"), std::nullopt);  // slot 70 holds 100003 instead
}

// A set is rebuilt by clear() and add(); what it held before is gone.
TEST(EntryCheck, AClearedSetHoldsOnlyWhatIsAddedAfterwards) {
  const AccessCode old_code{"12345678901234567890"};  // long: compared byte by byte
  const AccessCode new_code{"4321"};
  CredentialSet set;
  set.add(Credential{UserId(1), &old_code});
  EXPECT_EQ(set.first_match("12345678901234567890"), 0U);
  set.clear();
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.first_match("12345678901234567890"), std::nullopt);
  set.add(Credential{UserId(2), &new_code});
  EXPECT_EQ(set.first_match("4321"), 0U);
  EXPECT_EQ(set.held()[0].user, UserId(2));
}

// A device whose later credentials changed keeps the earlier ones and adds
// the rest again: the set then decides exactly as one built afresh, at every
// cut, including within a group and after a long code was dropped.
TEST(EntryCheck, ATruncatedSetDecidesAsOneBuiltAfresh) {
  std::vector<AccessCode> codes;
  for (std::size_t i = 0; i < 19; ++i)
    codes.emplace_back(std::to_string(1000 + i));
  codes[12] = AccessCode{"12345678901234567890"};  // long: compared byte by byte
  std::vector<AccessCode> later;                   // what the later ones became
  for (std::size_t i = 0; i < codes.size(); ++i)
    later.emplace_back(std::to_string(50000 + i));
  std::vector<std::string> typed = {"12345678901234567890", "", "0000", "1000"};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    typed.push_back(codes[i].reveal());
    typed.push_back(later[i].reveal());
  }
  for (std::size_t cut = 0; cut <= codes.size(); ++cut) {
    std::vector<Credential> held;
    CredentialSet set;
    for (std::size_t i = 0; i < codes.size(); ++i)
      set.add(Credential{UserId(static_cast<std::uint32_t>(i + 1)), &codes[i]});
    set.truncate(cut);
    ASSERT_EQ(set.size(), cut);
    for (std::size_t i = 0; i < cut; ++i)
      held.push_back(Credential{UserId(static_cast<std::uint32_t>(i + 1)), &codes[i]});
    for (std::size_t i = cut; i < codes.size(); ++i) {
      const Credential c{UserId(static_cast<std::uint32_t>(i + 1)), &later[i]};
      set.add(c);
      held.push_back(c);
    }
    for (const std::string& t : typed)
      EXPECT_EQ(set.first_match(t), reference_match(t, held)) << t << " cut at " << cut;
  }
}

}  // namespace
}  // namespace lockstep::core
