#include "gui/view_model.hpp"

#include <gtest/gtest.h>

namespace lockstep::gui {
namespace {

TEST(Speed, ParsesWhatTheCommandLineAccepts) {
  EXPECT_EQ(parse_speed("1x"), Speed::x1);
  EXPECT_EQ(parse_speed("10"), Speed::x10);
  EXPECT_EQ(parse_speed("60X"), Speed::x60);
  EXPECT_EQ(parse_speed("max"), Speed::as_fast_as_possible);
  EXPECT_EQ(parse_speed("afap"), Speed::as_fast_as_possible);
  EXPECT_FALSE(parse_speed("2x"));
  EXPECT_FALSE(parse_speed(""));
  EXPECT_FALSE(parse_speed("fast-ish"));
}

TEST(ArticleWords, TheBannersQuoteTheHelpArticle) {
  EXPECT_EQ(kArmedBannerAdvice,
            "Verify the security system is disarmed before attempting to edit a user code "
            "remotely.");
  EXPECT_EQ(kAllowFewMinutes,
            "Allow a few minutes for the new user code to be active at the panel.");
  EXPECT_EQ(label::add_new_user, "Add New User");
  EXPECT_EQ(label::add_contact, "+ Add Contact");
}

TEST(Describe, NeverShowsWhatWasTypedIntoTheAccessCodeOrPassword) {
  const std::string code = describe(action::SetField{Client::website, Field::access_code, "4827"});
  EXPECT_EQ(code.find("4827"), std::string::npos) << code;
  EXPECT_NE(code.find("****"), std::string::npos) << code;
  const std::string password = describe(action::SetField{Client::app, Field::password, "hunter2"});
  EXPECT_EQ(password.find("hunter2"), std::string::npos) << password;
  const std::string login = describe(action::LogIn{Client::app, "alex@example.com", "hunter2"});
  EXPECT_EQ(login.find("hunter2"), std::string::npos) << login;
}

TEST(Describe, NeverShowsTheDigitsPressedAtAKeypad) {
  const std::string s = describe(action::PressKeypadKey{"Hall Keypad", action::Key::d7});
  EXPECT_EQ(s.find('7'), std::string::npos) << s;
  EXPECT_EQ(describe(action::PressKeypadKey{"Hall Keypad", action::Key::arm_away}),
            "Hall Keypad press Away");
}

TEST(Describe, NamesClicksByTheArticleLabel) {
  EXPECT_EQ(describe(action::Click{Client::website, "Add New User"}),
            "website click \"Add New User\"");
  EXPECT_EQ(describe(action::ToggleDevice{Client::app, {DeviceRef::Kind::lock, 2}, false}),
            "app toggle lock 2 off");
}

TEST(Keys, DigitKeysMapZeroToNine) {
  EXPECT_EQ(action::digit_key(0), action::Key::d0);
  EXPECT_EQ(action::digit_key(9), action::Key::d9);
  EXPECT_FALSE(action::digit_key(10));
  EXPECT_EQ(action::to_string(action::Key::pound), "#");
}

}  // namespace
}  // namespace lockstep::gui
