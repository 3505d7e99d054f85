#include "core/error.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

TEST(ErrorIds, EveryIdHasAUniqueSnakeCaseNameThatParsesBack) {
  std::set<std::string_view> seen;
  for (ErrorId id : all_errors()) {
    const std::string_view n = name(id);
    EXPECT_TRUE(seen.insert(n).second) << "duplicate name " << n;
    EXPECT_FALSE(n.empty());
    for (char c : n)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << n;
    ASSERT_TRUE(error_from_name(n).has_value()) << n;
    EXPECT_EQ(*error_from_name(n), id);
  }
}

TEST(ErrorIds, EveryIdHasASentenceForAPersonAndAField) {
  for (ErrorId id : all_errors()) {
    const std::string_view s = sentence(id);
    ASSERT_FALSE(s.empty()) << name(id);
    EXPECT_TRUE(s.front() >= 'A' && s.front() <= 'Z') << name(id) << " starts lower-case";
    EXPECT_EQ(s.back(), '.') << name(id) << " is not a sentence";
    EXPECT_FALSE(field(id).empty()) << name(id);
  }
}

TEST(ErrorIds, StableNamesOfTheIssueExist) {
  for (const char* n :
       {"code_not_digits", "code_wrong_length", "code_in_use", "code_reserved", "code_weak",
        "code_length_unsupported_by_lock", "system_armed", "user_limit_reached", "lock_slots_full",
        "name_required", "phone_invalid_for_country", "carrier_unknown", "email_invalid"}) {
    EXPECT_TRUE(error_from_name(n).has_value()) << n;
  }
  EXPECT_FALSE(error_from_name("no_such_error").has_value());
  EXPECT_FALSE(error_from_name("").has_value());
}

TEST(Problem, MessageNamesTheSubjectBeforeTheSentence) {
  const Problem p{ErrorId::lock_slots_full, "Front Door"};
  EXPECT_EQ(p.message(), "Front Door: " + std::string(sentence(ErrorId::lock_slots_full)));
  EXPECT_EQ(Problem{ErrorId::code_in_use}.message(), sentence(ErrorId::code_in_use));
}

TEST(Verdict, WarningsDoNotRefuseButErrorsDo) {
  Verdict v;
  EXPECT_TRUE(v.ok());
  v.add(Problem{ErrorId::code_weak, "", Severity::warning});
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.warnings().size(), 1U);
  v.add(Problem{ErrorId::code_in_use});
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::code_in_use);
  EXPECT_TRUE(v.has(ErrorId::code_weak));
  EXPECT_FALSE(v.has(ErrorId::system_armed));
}

TEST(Result, HoldsEitherAValueOrTheRefusal) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Problem{ErrorId::user_not_found};
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().id, ErrorId::user_not_found);
}

}  // namespace
}  // namespace lockstep::core
