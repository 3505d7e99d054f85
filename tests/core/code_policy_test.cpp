#include "core/code_policy.hpp"

#include <cstdint>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lockstep::core {

// Readable failures: "code_in_use@Front Door(warning)".
void PrintTo(const Problem& p, std::ostream* os) {
  *os << name(p.id);
  if (!p.subject.empty()) *os << '@' << p.subject;
  if (p.severity == Severity::warning) *os << "(warning)";
}

namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

// The panel rules of the models the bench ships.
const CodeLengths kExactly4{4, 4};
const CodeLengths kFourOrSixUniform{4, 6, {5}, true};
const CodeLengths kFourToEight{4, 8};

struct LockSetup {
  std::string name;
  LockSpec spec;
  std::vector<std::string> held;
};

// Owns every value a CodeContext points at.
struct World {
  PanelSpec panel;
  CodePolicy policy;
  std::vector<std::string> others;
  std::vector<std::string> reserved;
  std::vector<LockSetup> locks;

  // Rebuilt on every call; the World must stay put while the context is used.
  const CodeContext& context() {
    std::size_t count = others.size() + reserved.size();
    for (const auto& l : locks)
      count += l.held.size();
    store_.clear();
    store_.reserve(count);  // no reallocation: the context points into it
    pointers_.clear();
    pointers_.reserve(count);
    targets_.clear();
    // The views of `held` (each a run of pointers_) of every lock, in order.
    auto keep = [&](const std::vector<std::string>& codes) {
      const std::size_t first = pointers_.size();
      for (const auto& digits : codes)
        pointers_.push_back(&store_.emplace_back(digits));
      return CodeList(pointers_.data() + first, codes.size());
    };
    ctx_ = CodeContext{};
    ctx_.panel = &panel;
    ctx_.policy = &policy;
    ctx_.other_users = keep(others);
    ctx_.reserved = keep(reserved);
    for (const auto& l : locks)
      targets_.push_back(LockTarget{l.name, &l.spec, keep(l.held)});
    ctx_.locks = targets_;
    return ctx_;
  }

  Verdict check(const std::string& code) { return check_code(AccessCode(code), context()); }

 private:
  std::vector<AccessCode> store_;
  std::vector<const AccessCode*> pointers_;
  std::vector<LockTarget> targets_;
  CodeContext ctx_;
};

World panel_with(const CodeLengths& lengths) {
  World w;
  w.panel.code_lengths = lengths;
  return w;
}

LockSpec lock_spec(CodeLengths lengths, bool five_buttons = false) {
  LockSpec spec;
  spec.code_lengths = std::move(lengths);
  spec.five_button_keypad = five_buttons;
  return spec;
}

Problem error(ErrorId id, std::string subject = {}) {
  return Problem{id, std::move(subject), Severity::error};
}
Problem warning(ErrorId id) {
  return Problem{id, {}, Severity::warning};
}

// Every 4-digit code made of one digit per button (1, 3, 5, 7, 9): one code
// for each of the 625 four-button patterns.
std::vector<std::string> one_code_per_button_pattern() {
  std::vector<std::string> codes;
  const std::string odd = "13579";
  for (char a : odd) {
    for (char b : odd) {
      for (char c : odd) {
        for (char d : odd)
          codes.push_back(std::string{a, b, c, d});
      }
    }
  }
  return codes;
}

// ---------------------------------------------------------------------------
// CodeLengths::accepts

struct AcceptsCase {
  const char* rule_name;
  CodeLengths rule;
  std::size_t length;
  bool accepted;
};

TEST(CodeLengthsTest, AcceptsExactlyTheLengthsInsideItsRangeThatAreNotExcluded) {
  const std::vector<AcceptsCase> cases = {
      {"exactly 4", kExactly4, 0, false},      {"exactly 4", kExactly4, 3, false},
      {"exactly 4", kExactly4, 4, true},       {"exactly 4", kExactly4, 5, false},
      {"4 or 6", kFourOrSixUniform, 3, false}, {"4 or 6", kFourOrSixUniform, 4, true},
      {"4 or 6", kFourOrSixUniform, 5, false}, {"4 or 6", kFourOrSixUniform, 6, true},
      {"4 or 6", kFourOrSixUniform, 7, false}, {"4 to 8", kFourToEight, 3, false},
      {"4 to 8", kFourToEight, 4, true},       {"4 to 8", kFourToEight, 5, true},
      {"4 to 8", kFourToEight, 8, true},       {"4 to 8", kFourToEight, 9, false},
      {"4 to 8", kFourToEight, 260, false},  // 260 % 256 == 4
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.rule_name) + ", length " + std::to_string(c.length));
    EXPECT_EQ(c.rule.accepts(c.length), c.accepted);
  }
}

// ---------------------------------------------------------------------------
// Rule 1: present, digits only, at least 4, the panel's length rule.

struct ShapeCase {
  const char* rule_name;
  CodeLengths rule;
  std::string code;
  std::vector<Problem> expected;
};

TEST(CheckCodeTest, RefusesEmptyNonDigitAndTooShortCodesWithOneProblemEach) {
  const std::vector<ShapeCase> cases = {
      {"4 to 8", kFourToEight, "", {error(ErrorId::code_required)}},
      {"4 to 8", kFourToEight, "12a4", {error(ErrorId::code_not_digits)}},
      {"4 to 8", kFourToEight, "73 91", {error(ErrorId::code_not_digits)}},
      {"4 to 8", kFourToEight, "-7391", {error(ErrorId::code_not_digits)}},
      {"4 to 8", kFourToEight, "73.91", {error(ErrorId::code_not_digits)}},
      {"4 to 8",
       kFourToEight,
       "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4",  // Arabic-Indic 1234
       {error(ErrorId::code_not_digits)}},
      {"4 to 8", kFourToEight, "ab", {error(ErrorId::code_not_digits)}},  // not "too short"
      {"4 to 8", kFourToEight, "1", {error(ErrorId::code_too_short)}},
      {"4 to 8", kFourToEight, "111", {error(ErrorId::code_too_short)}},  // not "weak"
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.rule_name) + ", code \"" + c.code + "\"");
    World w = panel_with(c.rule);
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

TEST(CheckCodeTest, AppliesEachPanelLengthRuleAtEveryBoundary) {
  const auto ok = std::vector<Problem>{};
  const auto too_short = std::vector<Problem>{error(ErrorId::code_too_short)};
  const auto wrong = std::vector<Problem>{error(ErrorId::code_wrong_length)};
  const std::vector<ShapeCase> cases = {
      {"exactly 4", kExactly4, "739", too_short},
      {"exactly 4", kExactly4, "7391", ok},
      {"exactly 4", kExactly4, "73915", wrong},
      {"exactly 4", kExactly4, "739152", wrong},
      {"exactly 4", kExactly4, "7391524", wrong},
      {"exactly 4", kExactly4, "73915246", wrong},
      {"exactly 4", kExactly4, "739152468", wrong},
      {"4 or 6", kFourOrSixUniform, "739", too_short},
      {"4 or 6", kFourOrSixUniform, "7391", ok},
      {"4 or 6", kFourOrSixUniform, "73915", wrong},
      {"4 or 6", kFourOrSixUniform, "739152", ok},
      {"4 or 6", kFourOrSixUniform, "7391524", wrong},
      {"4 or 6", kFourOrSixUniform, "73915246", wrong},
      {"4 or 6", kFourOrSixUniform, "739152468", wrong},
      {"4 to 8", kFourToEight, "739", too_short},
      {"4 to 8", kFourToEight, "7391", ok},
      {"4 to 8", kFourToEight, "73915", ok},
      {"4 to 8", kFourToEight, "739152", ok},
      {"4 to 8", kFourToEight, "7391524", ok},
      {"4 to 8", kFourToEight, "73915246", ok},
      {"4 to 8", kFourToEight, "739152468", wrong},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.rule_name) + ", " + std::to_string(c.code.size()) + " digits");
    World w = panel_with(c.rule);
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

TEST(CheckCodeTest, RefusesTooShortEvenWhenThePanelModelWouldAcceptIt) {
  World w = panel_with(CodeLengths{2, 8});
  EXPECT_THAT(w.check("739").problems(), ElementsAre(error(ErrorId::code_too_short)));
  EXPECT_TRUE(w.check("7391").ok());
}

struct UniformCase {
  const char* description;
  CodeLengths rule;
  std::vector<std::string> others;
  std::string code;
  std::vector<Problem> expected;
};

TEST(CheckCodeTest, OnAOneLengthPanelRequiresTheLengthOfTheCodesAlreadyProgrammed) {
  const auto mismatch = std::vector<Problem>{error(ErrorId::code_length_mismatch)};
  const std::vector<UniformCase> cases = {
      {"4 digits on a 4-or-6 panel holding 6-digit codes",
       kFourOrSixUniform,
       {"582046"},
       "7391",
       mismatch},
      {"6 digits on a 4-or-6 panel holding 4-digit codes",
       kFourOrSixUniform,
       {"5820"},
       "739152",
       mismatch},
      {"6 digits on a 4-or-6 panel holding 6-digit codes",
       kFourOrSixUniform,
       {"582046", "104857"},
       "739152",
       {}},
      {"4 digits on an empty 4-or-6 panel", kFourOrSixUniform, {}, "7391", {}},
      {"a user without a code does not fix the length", kFourOrSixUniform, {""}, "739152", {}},
      {"5 digits on a 4-or-6 panel is the wrong length, not a mismatch",
       kFourOrSixUniform,
       {"582046"},
       "73915",
       {error(ErrorId::code_wrong_length)}},
      {"mixed lengths on a 4-to-8 panel are fine", kFourToEight, {"582046"}, "7391", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(c.rule);
    w.others = c.others;
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

// ---------------------------------------------------------------------------
// Rule 2: in use, reserved.

struct UniqueCase {
  const char* description;
  std::vector<std::string> others;
  std::vector<std::string> reserved;
  std::string code;
  std::vector<Problem> expected;
};

TEST(CheckCodeTest, RefusesAnotherUsersCodeAndReservedCodesSeparately) {
  const std::vector<UniqueCase> cases = {
      {"another user's code", {"5820", "7391"}, {}, "7391", {error(ErrorId::code_in_use)}},
      {"the installer or a duress code", {}, {"7391"}, "7391", {error(ErrorId::code_reserved)}},
      {"both another user's and a reserved code",
       {"7391"},
       {"7391"},
       "7391",
       {error(ErrorId::code_in_use), error(ErrorId::code_reserved)}},
      {"a code one digit away", {"7391"}, {"7391"}, "7392", {}},
      {"a longer code starting with another user's code", {"7391"}, {"7391"}, "73915", {}},
      {"a shorter code that another user's code starts with", {"73915"}, {"73915"}, "7391", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(kFourToEight);
    w.others = c.others;
    w.reserved = c.reserved;
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

// ---------------------------------------------------------------------------
// Rule 3: weak codes.

TEST(IsTrivialSequenceTest, FindsRepeatedDigitsAndStraightRunsWithWrapAround) {
  const std::vector<std::string> trivial = {"1111", "0000", "999999", "12345678", "1234", "0123",
                                            "7890", "8901", "9012",   "3210",     "9876", "1098",
                                            "0987", "2109", "654321", "56789012"};
  for (const auto& d : trivial) {
    SCOPED_TRACE(d);
    EXPECT_TRUE(is_trivial_sequence(d));
  }
  const std::vector<std::string> not_trivial = {"7391", "1235", "1243", "1357",  "2468", "1122",
                                                "1212", "9870", "0124", "11112", "",     "12a4"};
  for (const auto& d : not_trivial) {
    SCOPED_TRACE(d);
    EXPECT_FALSE(is_trivial_sequence(d));
  }
}

struct WeakCase {
  const char* description;
  WeakCodeAction action;
  std::string code;
  std::vector<Problem> expected;
  bool accepted;
};

TEST(CheckCodeTest, RefusesWarnsOrAllowsWeakCodesAsThePolicySays) {
  const std::vector<WeakCase> cases = {
      {"a straight run under refuse",
       WeakCodeAction::refuse,
       "1234",
       {error(ErrorId::code_weak)},
       false},
      {"a straight run under warn",
       WeakCodeAction::warn,
       "1234",
       {warning(ErrorId::code_weak)},
       true},
      {"a straight run under allow", WeakCodeAction::allow, "1234", {}, true},
      {"a repeated digit under refuse",
       WeakCodeAction::refuse,
       "555555",
       {error(ErrorId::code_weak)},
       false},
      {"a wrapped run down under warn",
       WeakCodeAction::warn,
       "1098",
       {warning(ErrorId::code_weak)},
       true},
      {"a deny-list code under refuse",
       WeakCodeAction::refuse,
       "2580",
       {error(ErrorId::code_weak)},
       false},
      {"a deny-list code under warn",
       WeakCodeAction::warn,
       "2580",
       {warning(ErrorId::code_weak)},
       true},
      {"a deny-list code under allow", WeakCodeAction::allow, "2580", {}, true},
      {"a strong code under refuse", WeakCodeAction::refuse, "7391", {}, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(kFourToEight);
    w.policy.weak_codes = c.action;
    const Verdict v = w.check(c.code);
    EXPECT_EQ(v.problems(), c.expected);
    EXPECT_EQ(v.ok(), c.accepted);
  }
}

TEST(CheckCodeTest, UsesTheConfiguredDenyListExactly) {
  World w = panel_with(kFourToEight);
  w.policy.deny_list = {"7391"};
  EXPECT_THAT(w.check("7391").problems(), ElementsAre(error(ErrorId::code_weak)));
  EXPECT_THAT(w.check("73915").problems(), IsEmpty());  // not a prefix match
  EXPECT_THAT(w.check("1212").problems(), IsEmpty());   // the default list was replaced
  EXPECT_THAT(w.check("1234").problems(), ElementsAre(error(ErrorId::code_weak)));  // built-in

  World defaults = panel_with(kFourToEight);
  EXPECT_THAT(defaults.check("1212").problems(), ElementsAre(error(ErrorId::code_weak)));
}

// ---------------------------------------------------------------------------
// Rule 4: locks.

struct LockCase {
  const char* description;
  std::vector<LockSetup> locks;
  std::string code;
  std::vector<Problem> expected;
};

TEST(CheckCodeTest, RefusesLengthsAGrantedLockDoesNotAcceptNamingTheLock) {
  const auto unsupported = [](const char* lock) {
    return error(ErrorId::code_length_unsupported_by_lock, lock);
  };
  const std::vector<LockCase> cases = {
      {"4 digits on a 4-to-8 lock", {{"Front Door", lock_spec({4, 8}), {}}}, "7391", {}},
      {"4 digits on a 6-to-8 lock",
       {{"Garage", lock_spec({6, 8}), {}}},
       "7391",
       {unsupported("Garage")}},
      {"9 digits on a 4-to-8 lock (the panel takes them)",
       {{"Front Door", lock_spec({4, 8}), {}}},
       "739152468",
       {unsupported("Front Door")}},
      {"5 digits on a lock that excludes 5",
       {{"Front Door", lock_spec({4, 6, {5}}), {}}},
       "73915",
       {unsupported("Front Door")}},
      {"4 digits on a one-length lock holding 6-digit codes",
       {{"Deadbolt", lock_spec({4, 8, {}, true}), {"582046"}}},
       "7391",
       {unsupported("Deadbolt")}},
      {"4 digits on a one-length lock holding 4-digit codes",
       {{"Deadbolt", lock_spec({4, 8, {}, true}), {"5820", "1048"}}},
       "7391",
       {}},
      {"4 digits on an empty one-length lock",
       {{"Deadbolt", lock_spec({4, 8, {}, true}), {}}},
       "7391",
       {}},
      {"6-digit codes held by a lock without the one-length rule",
       {{"Front Door", lock_spec({4, 8}), {"582046"}}},
       "7391",
       {}},
      {"only the lock that refuses is named",
       {{"Front Door", lock_spec({4, 8}), {}}, {"Garage", lock_spec({6, 8}), {}}},
       "7391",
       {unsupported("Garage")}},
      {"every refusing lock is named, in order",
       {{"Garage", lock_spec({6, 8}), {}},
        {"Front Door", lock_spec({4, 8}), {}},
        {"Deadbolt", lock_spec({4, 8, {}, true}), {"582046"}}},
       "7391",
       {unsupported("Garage"), unsupported("Deadbolt")}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(CodeLengths{4, 10});
    w.locks = c.locks;
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

TEST(FiveButtonPressesTest, MapsTwoDigitsToEachButtonWithZeroOnTheFifth) {
  EXPECT_EQ(five_button_presses("1357"), "1234");
  EXPECT_EQ(five_button_presses("2468"), "1234");
  EXPECT_EQ(five_button_presses("1234567890"), "1122334455");
  EXPECT_EQ(five_button_presses("90"), "55");
  EXPECT_EQ(five_button_presses(""), "");
}

TEST(CheckCodeTest, RefusesFiveButtonCollisionsWithCodesTheLockHoldsNamingTheLock) {
  const std::vector<LockCase> cases = {
      {"1357 against a held 2468",
       {{"Back Door", lock_spec({4, 8}, true), {"5820", "2468"}}},
       "1357",
       {error(ErrorId::code_button_collision, "Back Door")}},
      {"7391 against a held 8402",
       {{"Back Door", lock_spec({4, 8}, true), {"8402"}}},
       "7391",
       {error(ErrorId::code_button_collision, "Back Door")}},
      {"different buttons", {{"Back Door", lock_spec({4, 8}, true), {"2469"}}}, "1357", {}},
      {"same buttons but a longer held code",
       {{"Back Door", lock_spec({4, 8}, true), {"24680"}}},
       "1357",
       {}},
      {"same buttons on a ten-button lock",
       {{"Back Door", lock_spec({4, 8}), {"2468"}}},
       "1357",
       {}},
      {"only the five-button lock is named",
       {{"Front Door", lock_spec({4, 8}), {"2468"}},
        {"Back Door", lock_spec({4, 8}, true), {"2468"}}},
       "1357",
       {error(ErrorId::code_button_collision, "Back Door")}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(kFourToEight);
    w.locks = c.locks;
    EXPECT_EQ(w.check(c.code).problems(), c.expected);
  }
}

TEST(CheckCodeTest, ReportsEveryRuleInTheDocumentedOrder) {
  World w = panel_with(kFourOrSixUniform);
  w.others = {"1234", "5820"};
  w.reserved = {"1234"};
  w.locks = {{"Garage", lock_spec({6, 8}), {}}, {"Back Door", lock_spec({4, 8}, true), {"2143"}}};
  EXPECT_THAT(w.check("1234").problems(),
              ElementsAre(error(ErrorId::code_in_use), error(ErrorId::code_reserved),
                          error(ErrorId::code_weak),
                          error(ErrorId::code_length_unsupported_by_lock, "Garage"),
                          error(ErrorId::code_button_collision, "Back Door")));

  w.others = {"582046"};
  EXPECT_THAT(w.check("7391").problems(),
              ElementsAre(error(ErrorId::code_length_mismatch),
                          error(ErrorId::code_length_unsupported_by_lock, "Garage")));
}

TEST(CheckCodeTest, AcceptsAGoodCodeWithAnEmptyVerdict) {
  World w = panel_with(kFourToEight);
  w.others = {"5820"};
  w.reserved = {"1048"};
  w.locks = {{"Front Door", lock_spec({4, 8}, true), {"5820"}}};
  const Verdict v = w.check("7391");
  EXPECT_TRUE(v.ok());
  EXPECT_THAT(v.problems(), IsEmpty());
}

// ---------------------------------------------------------------------------
// Generate Code.

Result<AccessCode> generate(World& w, std::uint64_t random) {
  return generate_code(w.context(), random);
}

TEST(GenerateCodeTest, GivesTheSameCodeForTheSameRandomNumber) {
  for (std::uint64_t random : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
    SCOPED_TRACE(random);
    World a = panel_with(kFourToEight);
    World b = panel_with(kFourToEight);
    const auto first = generate(a, random);
    const auto second = generate(b, random);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first->reveal(), second->reveal());
  }
}

TEST(GenerateCodeTest, GivesDifferentCodesForDifferentRandomNumbers) {
  World w = panel_with(kExactly4);
  std::set<std::string> codes;
  for (std::uint64_t random = 0; random < 100; ++random) {
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    codes.insert(code->reveal());
  }
  EXPECT_GE(codes.size(), 95U);
}

TEST(GenerateCodeTest, GivesACodeThatPassesCheckCodeWithoutWarnings) {
  World w = panel_with(kFourToEight);
  w.policy.weak_codes = WeakCodeAction::warn;
  w.others = {"5820", "104857"};
  w.reserved = {"9174"};
  w.locks = {{"Front Door", lock_spec({4, 8}, true), {"5820"}}};
  for (std::uint64_t random = 0; random < 200; ++random) {
    SCOPED_TRACE(random);
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code->size(), 4U);
    EXPECT_THAT(check_code(*code, w.context()).problems(), IsEmpty());
  }
}

TEST(GenerateCodeTest, NeverProposesAWeakCodeEvenWhenThePolicyAllowsThem) {
  World w = panel_with(kExactly4);
  w.policy.weak_codes = WeakCodeAction::allow;
  for (std::uint64_t random = 0; random < 500; ++random) {
    SCOPED_TRACE(random);
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    EXPECT_FALSE(is_trivial_sequence(code->reveal()));
    EXPECT_THAT(w.policy.deny_list, Not(Contains(code->reveal())));
  }
}

TEST(GenerateCodeTest, PrefersFourDigitsOnAnEmptyFourOrSixPanel) {
  World w = panel_with(kFourOrSixUniform);
  const auto code = generate(w, 7);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->size(), 4U);
}

TEST(GenerateCodeTest, RespectsTheSixDigitLengthOfAOneLengthPanel) {
  World w = panel_with(kFourOrSixUniform);
  w.others = {"582046", "104857"};
  for (std::uint64_t random = 0; random < 50; ++random) {
    SCOPED_TRACE(random);
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code->size(), 6U);
    EXPECT_TRUE(check_code(*code, w.context()).ok());
  }
}

TEST(GenerateCodeTest, PicksTheShortestLengthEveryGrantedLockAccepts) {
  World w = panel_with(kFourToEight);
  w.locks = {{"Front Door", lock_spec({4, 8}), {}}, {"Garage", lock_spec({6, 8}), {}}};
  const auto code = generate(w, 3);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->size(), 6U);

  World deadbolt = panel_with(kFourToEight);
  deadbolt.locks = {{"Deadbolt", lock_spec({4, 8, {}, true}), {"5820461"}}};
  const auto seven = generate(deadbolt, 3);
  ASSERT_TRUE(seven.ok());
  EXPECT_EQ(seven->size(), 7U);
}

TEST(GenerateCodeTest, AvoidsTheButtonsOfCodesAFiveButtonLockHolds) {
  // The lock holds every pattern starting with buttons 1 to 4: four random
  // 4-digit codes in five would collide.
  std::vector<std::string> held;
  for (const auto& c : one_code_per_button_pattern()) {
    if (c.front() != '9') held.push_back(c);
  }
  World w = panel_with(kExactly4);
  w.locks = {{"Back Door", lock_spec({4, 8}, true), held}};
  for (std::uint64_t random = 0; random < 50; ++random) {
    SCOPED_TRACE(random);
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(five_button_presses(code->reveal()).front(), '5');
  }
}

TEST(GenerateCodeTest, FindsTheLastFreeButtonPatternWhenRandomDrawsMissIt) {
  // Every four-button pattern but "3142" is held: 16 of 10,000 codes are free.
  std::vector<std::string> held;
  for (const auto& c : one_code_per_button_pattern()) {
    if (five_button_presses(c) != "3142") held.push_back(c);
  }
  World w = panel_with(kExactly4);
  w.locks = {{"Back Door", lock_spec({4, 4}, true), held}};
  for (std::uint64_t random : {1ULL, 2ULL, 3ULL}) {
    SCOPED_TRACE(random);
    const auto code = generate(w, random);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(five_button_presses(code->reveal()), "3142");
    EXPECT_THAT(check_code(*code, w.context()).problems(), IsEmpty());
  }
}

struct ImpossibleCase {
  const char* description;
  CodeLengths panel;
  std::vector<std::string> others;
  std::vector<LockSetup> locks;
};

TEST(GenerateCodeTest, SaysNoCodeIsAvailableWhenTheDevicesShareNoLength) {
  const std::vector<ImpossibleCase> cases = {
      {"a 4-digit panel and a lock taking 6 or more",
       kExactly4,
       {},
       {{"Garage", lock_spec({6, 8}), {}}}},
      {"a panel fixed at 6 digits and a 4-digit lock",
       kFourOrSixUniform,
       {"582046"},
       {{"Front Door", lock_spec({4, 4}), {}}}},
      {"a panel fixed at 6 digits and a one-length lock holding 4-digit codes",
       kFourOrSixUniform,
       {"582046"},
       {{"Deadbolt", lock_spec({4, 8, {}, true}), {"5820"}}}},
      {"two locks with no common length",
       kFourToEight,
       {},
       {{"Front Door", lock_spec({4, 5}), {}}, {"Garage", lock_spec({6, 8}), {}}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    World w = panel_with(c.panel);
    w.others = c.others;
    w.locks = c.locks;
    const auto code = generate(w, 99);
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.error(), error(ErrorId::no_code_available));
  }
}

TEST(GenerateCodeTest, SaysNoCodeIsAvailableWhenEveryCodeOfTheOnlyLengthCollides) {
  World w = panel_with(kExactly4);
  w.locks = {{"Back Door", lock_spec({4, 4}, true), one_code_per_button_pattern()}};
  const auto code = generate(w, 5);
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.error(), error(ErrorId::no_code_available));
}

// ---------------------------------------------------------------------------
// No message ever contains a code.

struct RefusalCase {
  const char* description;
  World world;
  std::string code;
};

World setup(const CodeLengths& lengths, void (*configure)(World&)) {
  World w = panel_with(lengths);
  configure(w);
  return w;
}

TEST(CodePolicyMessagesTest, NeverContainTheRefusedCode) {
  const auto none = [](World&) {};
  std::vector<RefusalCase> cases;
  cases.push_back({"required", setup(kFourToEight, none), ""});
  cases.push_back({"not digits", setup(kFourToEight, none), "73a91"});
  cases.push_back({"too short", setup(kFourToEight, none), "739"});
  cases.push_back({"wrong length", setup(kExactly4, none), "73915"});
  cases.push_back({"length mismatch",
                   setup(kFourOrSixUniform, [](World& w) { w.others = {"582046"}; }), "7391"});
  cases.push_back({"in use", setup(kFourToEight, [](World& w) { w.others = {"7391"}; }), "7391"});
  cases.push_back(
      {"reserved", setup(kFourToEight, [](World& w) { w.reserved = {"7391"}; }), "7391"});
  cases.push_back({"weak (deny list)",
                   setup(kFourToEight, [](World& w) { w.policy.deny_list = {"7391"}; }), "7391"});
  cases.push_back({"weak (warning)",
                   setup(kFourToEight,
                         [](World& w) {
                           w.policy.weak_codes = WeakCodeAction::warn;
                           w.policy.deny_list = {"7391"};
                         }),
                   "7391"});
  cases.push_back({"weak (run)", setup(kFourToEight, none), "4567"});
  cases.push_back({"lock length",
                   setup(kFourToEight,
                         [](World& w) {
                           w.locks = {{"Garage", lock_spec({6, 8}), {}}};
                         }),
                   "7391"});
  cases.push_back({"one-length lock",
                   setup(kFourToEight,
                         [](World& w) {
                           w.locks = {{"Deadbolt", lock_spec({4, 8, {}, true}), {"582046"}}};
                         }),
                   "7391"});
  cases.push_back({"button collision",
                   setup(kFourToEight,
                         [](World& w) {
                           w.locks = {{"Back Door", lock_spec({4, 8}, true), {"8402"}}};
                         }),
                   "7391"});

  std::set<ErrorId> seen;
  const auto inspect = [&](const Problem& p, const std::string& code) {
    seen.insert(p.id);
    const std::string message = p.message();
    if (!code.empty()) {
      EXPECT_EQ(message.find(code), std::string::npos) << message;
      EXPECT_EQ(p.subject.find(code), std::string::npos) << p.subject;
    }
    // Nor any other code: no run of three or more digits at all.
    int run = 0;
    for (char ch : message) {
      run = (ch >= '0' && ch <= '9') ? run + 1 : 0;
      EXPECT_LT(run, 3) << message;
    }
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.description);
    const Verdict v = c.world.check(c.code);
    ASSERT_THAT(v.problems(), Not(IsEmpty()));
    for (const Problem& p : v.problems())
      inspect(p, c.code);
  }

  // Generate Code's refusal, for a context holding codes.
  World impossible = panel_with(kExactly4);
  impossible.others = {"7391"};
  impossible.locks = {{"Garage", lock_spec({6, 8}), {"739152"}}};
  const auto generated = generate(impossible, 1);
  ASSERT_FALSE(generated.ok());
  inspect(generated.error(), "7391");

  // Every error the code policy can give was produced above.
  const std::set<ErrorId> policy_errors = {ErrorId::code_required,
                                           ErrorId::code_not_digits,
                                           ErrorId::code_too_short,
                                           ErrorId::code_wrong_length,
                                           ErrorId::code_length_mismatch,
                                           ErrorId::code_in_use,
                                           ErrorId::code_reserved,
                                           ErrorId::code_weak,
                                           ErrorId::code_length_unsupported_by_lock,
                                           ErrorId::code_button_collision,
                                           ErrorId::no_code_available};
  EXPECT_EQ(seen, policy_errors);
}

}  // namespace
}  // namespace lockstep::core
