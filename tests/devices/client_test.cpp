#include "devices/client.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "devices/world.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using Page = ClientSession::Page;
using State = SyncStatus::State;

class MockDownlink : public Port<CloudToPanel> {
 public:
  MOCK_METHOD(void, send, (CloudToPanel &&), (override));
};

constexpr const char* kEmail = "alex.rivera@example.com";
constexpr const char* kPassword = "s3cret-Pa55";

class ClientTest : public ::testing::Test {
 protected:
  ClientTest() {
    ON_CALL(downlink, send(_)).WillByDefault([this](CloudToPanel m) { sent.push_back(m); });
  }

  void expect_ok(const StepResult& r, const char* step) {
    EXPECT_TRUE(r.ok) << step << ": " << r.message;
  }

  // The article's website flow up to and including "Click Save".
  void website_flow_to_save(ClientSession& web) {
    expect_ok(web.log_in(kEmail, kPassword), "log in");
    expect_ok(web.open_users(), "Click Users");
    expect_ok(web.add_new_user(), "Click Add New User");
    expect_ok(web.enter_name("Ada", "Lovelace"), "enter name");
    expect_ok(web.create(), "Click Create");
    expect_ok(web.enter_access_code("6158"), "Access Code");
    expect_ok(web.toggle("House", true), "toggle House");
    expect_ok(web.toggle("Front Door", true), "toggle Front Door");
    expect_ok(web.toggle("Garage Door", true), "toggle Garage Door");
    expect_ok(web.toggle("Garage Door", false), "toggle Garage Door off");
    expect_ok(web.save(), "Click Save");
  }

  sim::Scheduler scheduler;
  sim::Trace trace;
  NiceMock<MockDownlink> downlink;
  std::vector<CloudToPanel> sent;
  Outbox outbox;
  Cloud cloud{scheduler,
              trace,
              build_directory(default_world()).value(),
              Account{kEmail, kPassword, "Alex Rivera"},
              downlink,
              outbox};
};

TEST_F(ClientTest, TheWebsiteFlowOfTheArticleStepByStep) {
  ClientSession web(cloud, Channel::website);
  EXPECT_EQ(web.page(), Page::logged_out);
  expect_ok(web.log_in(kEmail, kPassword), "1. Log into the website");
  EXPECT_EQ(web.page(), Page::home);
  expect_ok(web.open_users(), "2. Click Users");
  EXPECT_EQ(web.page(), Page::users);
  expect_ok(web.add_new_user(), "3. Click Add New User");
  EXPECT_EQ(web.page(), Page::new_user_name);
  expect_ok(web.enter_name("Ada", "Lovelace"), "4. Enter the first and last name");
  expect_ok(web.create(), "4. click Create");
  EXPECT_EQ(web.page(), Page::user_code_form);
  ASSERT_TRUE(web.current_user().has_value());
  const core::UserId ada = *web.current_user();
  EXPECT_EQ(cloud.directory().find(ada)->display_name(), "Ada Lovelace");
  EXPECT_EQ(web.toggles(), core::Grants::nothing(cloud.directory().config()));

  expect_ok(web.enter_access_code("6158"), "5. In Access Code, enter the code");
  expect_ok(web.toggle("House", true), "6. toggle House");
  expect_ok(web.toggle("Front Door", true), "6. toggle Front Door");
  EXPECT_TRUE(sent.empty());
  const StepResult saved = web.save();
  ASSERT_TRUE(saved.ok) << saved.message;
  EXPECT_EQ(web.notice(), "Allow a few minutes for the new user code to be active at the panel.");
  EXPECT_EQ(saved.message, web.notice());

  // What went to the panel: the code and exactly the toggled devices.
  ASSERT_EQ(sent.size(), 1U);
  const auto& edit = std::get<ApplyUserEdit>(sent[0]);
  EXPECT_EQ(edit.user, ada);
  EXPECT_EQ(edit.edit, web.last_edit());
  ASSERT_TRUE(edit.record.has_value());
  EXPECT_EQ(edit.record->code->reveal(), "6158");
  EXPECT_EQ(edit.record->grants, (core::Grants{core::Toggles::of({true, false}),
                                               core::Toggles::of({true, false, false})}));
  EXPECT_EQ(cloud.sync(ada, kPanel).state, State::pending);
  EXPECT_EQ(cloud.sync(ada, kPanel).reason, kSentWaitingForPanel);
  EXPECT_EQ(cloud.sync(ada, core::LockIndex{0}).state, State::pending);
  EXPECT_EQ(cloud.sync(ada, core::LockIndex{1}).state, State::none);

  // 8. + Add Contact -> Mobile Number -> number, Country, Carrier -> Save.
  expect_ok(web.add_contact(), "8. click + Add Contact");
  EXPECT_EQ(web.page(), Page::contact_choice);
  expect_ok(web.choose_mobile_number(), "8.1 Mobile Number");
  EXPECT_EQ(web.page(), Page::mobile_form);
  expect_ok(web.enter_mobile("(415) 555-2673", "US", "AT&T"), "enter mobile");
  expect_ok(web.save_contact(), "8.2 Click Save");
  EXPECT_EQ(web.page(), Page::user_code_form);
  // ... and Email Address -> address, Email Format -> Save.
  expect_ok(web.add_contact(), "+ Add Contact");
  expect_ok(web.choose_email_address(), "Email Address");
  EXPECT_EQ(web.page(), Page::email_form);
  expect_ok(web.enter_email("ada@example.org", "Short Text"), "enter email");
  expect_ok(web.save_contact(), "Click Save");
  const auto& contacts = cloud.directory().find(ada)->contacts;
  ASSERT_EQ(contacts.size(), 2U);
  EXPECT_EQ(std::get<core::MobileContact>(contacts[0]).e164, "+14155552673");
  EXPECT_EQ(std::get<core::EmailContact>(contacts[1]).format, core::EmailFormat::short_text);
  EXPECT_EQ(sent.size(), 1U);  // contacts never reach the panel

  // The panel confirms: Ada's contacts hear that the code is active.
  cloud.receive(EditApplied{*web.last_edit(), ada, std::nullopt});
  EXPECT_EQ(cloud.sync(ada, kPanel).state, State::active);
  std::size_t active = 0;
  for (const auto& n : outbox.sent()) {
    if (n.kind != Notification::Kind::code_active) continue;
    ++active;
    EXPECT_TRUE(n.to == "4155552673@txt.att.net" || n.to == "ada@example.org") << n.to;
  }
  EXPECT_EQ(active, 2U);
}

TEST_F(ClientTest, TheAppFlowOfTheArticleStepByStep) {
  ClientSession app(cloud, Channel::app);
  expect_ok(app.log_in(kEmail, kPassword), "1. Log into the app");
  EXPECT_EQ(app.session()->channel, Channel::app);
  expect_ok(app.tap_menu(), "2. Tap Menu");
  EXPECT_EQ(app.page(), Page::menu);
  expect_ok(app.open_users(), "3. Tap Users");
  expect_ok(app.add_new_user(), "4. Tap Add");
  expect_ok(app.enter_name("Grace", "Hopper"), "5. Enter the name");
  expect_ok(app.create(), "5. tap Create");
  expect_ok(app.generate_code(), "6. Generate Code");
  ASSERT_TRUE(app.access_code_field().has_value());
  expect_ok(app.toggle("Garage", true), "7. toggle Garage");
  expect_ok(app.toggle("Garage Door", true), "7. toggle Garage Door");
  const StepResult saved = app.save();
  ASSERT_TRUE(saved.ok) << saved.message;
  EXPECT_EQ(app.notice(), kAllowAFewMinutes);
  ASSERT_EQ(sent.size(), 1U);
  const auto& edit = std::get<ApplyUserEdit>(sent[0]);
  EXPECT_EQ(edit.record->code, app.access_code_field());
  EXPECT_EQ(edit.record->grants, (core::Grants{core::Toggles::of({false, true}),
                                               core::Toggles::of({false, false, true})}));
  // A generated code never appears in a step's message.
  EXPECT_EQ(saved.message.find(app.access_code_field()->reveal()), std::string::npos);

  expect_ok(app.add_contact(), "9. tap + Add Contact");
  expect_ok(app.choose_email_address(), "Email Address");
  expect_ok(app.enter_email("grace@example.org", "html"), "enter email");
  expect_ok(app.save_contact(), "Tap Save");
  EXPECT_EQ(cloud.directory().find(*app.current_user())->contacts.size(), 1U);
}

TEST_F(ClientTest, StepsFromTheWrongPageChangeNothingAndSayWhy) {
  ClientSession web(cloud, Channel::website);
  StepResult r = web.open_users();
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.problem.has_value());
  EXPECT_NE(r.message.find("log in"), std::string::npos);
  EXPECT_EQ(web.page(), Page::logged_out);

  expect_ok(web.log_in(kEmail, kPassword), "log in");
  r = web.create();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "\"Click Create\" is not on the Home page; add a new user first.");
  EXPECT_FALSE(web.save().ok);
  EXPECT_FALSE(web.add_new_user().ok);
  EXPECT_FALSE(web.choose_mobile_number().ok);
  EXPECT_FALSE(web.save_contact().ok);
  EXPECT_FALSE(web.log_in(kEmail, kPassword).ok);
  r = web.tap_menu();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "The website has no Menu; click Users.");
  EXPECT_EQ(web.page(), Page::home);
  EXPECT_EQ(cloud.directory().users().size(), 3U);
  EXPECT_TRUE(sent.empty());

  ClientSession app(cloud, Channel::app);
  expect_ok(app.log_in(kEmail, kPassword), "log in");
  r = app.open_users();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "\"Tap Users\" is not on the Home page; tap Menu first.");
  expect_ok(app.tap_menu(), "Tap Menu");
  expect_ok(app.open_users(), "Tap Users");
  expect_ok(app.add_new_user(), "Tap Add");
  r = app.enter_access_code("6158");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(app.page(), Page::new_user_name);
}

TEST_F(ClientTest, WhileArmedSaveIsRefusedWithTheArticlesAdviceAndNothingIsSent) {
  ClientSession web(cloud, Channel::website);
  expect_ok(web.log_in(kEmail, kPassword), "log in");
  expect_ok(web.open_users(), "Click Users");
  expect_ok(web.open_user("Sam Chen"), "open Sam Chen");
  expect_ok(web.enter_access_code("6158"), "Access Code");
  cloud.receive(PartitionChanged{core::PartitionIndex{0}, core::PartitionState::armed_away, {}});
  EXPECT_CALL(downlink, send(_)).Times(0);
  const StepResult r = web.save();
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_EQ(r.problem->id, core::ErrorId::system_armed);
  EXPECT_NE(r.message.find("Verify the security system is disarmed before attempting to edit a "
                           "user code remotely."),
            std::string::npos);
  EXPECT_TRUE(web.notice().empty());
  EXPECT_EQ(web.page(), Page::user_code_form);
  EXPECT_EQ(cloud.directory().find(core::UserId{2})->code->reveal(), "3619");
}

TEST_F(ClientTest, RefusalsFromTheCoreStayOnTheirPageWithTheCoresProblem) {
  ClientSession web(cloud, Channel::website);
  website_flow_to_save(web);
  ASSERT_EQ(sent.size(), 1U);

  expect_ok(web.enter_access_code("4827"), "Alex's code");
  StepResult r = web.save();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::code_in_use);
  EXPECT_EQ(r.message, r.problem->message());
  EXPECT_EQ(r.message.find("4827"), std::string::npos);

  r = web.toggle("Attic", true);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::lock_unknown);

  expect_ok(web.add_contact(), "+ Add Contact");
  expect_ok(web.choose_mobile_number(), "Mobile Number");
  expect_ok(web.enter_mobile("(415) 555-2673", "US", "Sprint"), "enter mobile");
  r = web.save_contact();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::carrier_unknown);
  EXPECT_EQ(web.page(), Page::mobile_form);

  ClientSession app(cloud, Channel::app);
  expect_ok(app.log_in(kEmail, kPassword), "log in");
  expect_ok(app.tap_menu(), "Tap Menu");
  expect_ok(app.open_users(), "Tap Users");
  expect_ok(app.add_new_user(), "Tap Add");
  expect_ok(app.enter_name("  ", "Nobody"), "blank first name");
  r = app.create();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::name_required);
  EXPECT_EQ(app.page(), Page::new_user_name);
}

TEST_F(ClientTest, AFailedLogInAndAnEndedSessionGoBackToTheLogInPage) {
  ClientSession web(cloud, Channel::website);
  StepResult r = web.log_in(kEmail, "guess");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::login_failed);
  EXPECT_EQ(web.page(), Page::logged_out);

  expect_ok(web.log_in(kEmail, kPassword), "log in");
  expect_ok(web.open_users(), "Click Users");
  expect_ok(web.add_new_user(), "Click Add New User");
  expect_ok(web.enter_name("Ada", "Lovelace"), "name");
  // The session ends elsewhere (another tab logs it out).
  ASSERT_TRUE(cloud.log_out(*web.session()).ok());
  r = web.create();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem->id, core::ErrorId::session_invalid);
  EXPECT_EQ(web.page(), Page::logged_out);
  EXPECT_EQ(cloud.directory().users().size(), 3U);
}

}  // namespace
}  // namespace lockstep::devices
