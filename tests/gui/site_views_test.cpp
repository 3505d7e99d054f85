// The views of a real simulated site (the default world) as the controller
// builds them, with no window: the article's website flow through
// SiteController::apply, then what the Users list, the panel, the lock fleet,
// the timeline and the outbox show as virtual time passes. Each test reads
// like what a trainer would do in front of a class.
#include "gui/site_views.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "devices/world.hpp"
#include "gui/site_controller.hpp"

namespace lockstep::gui {
namespace {

using sim::Duration;
using State = devices::SyncStatus::State;

constexpr const char* kCaseyCode = "8362";

class SiteViewsTest : public ::testing::Test {
 protected:
  void web(GuiAction a) { c_.apply(a); }
  void click(const char* what) { web(action::Click{Client::website, what}); }
  void set(Field f, std::string v) { web(action::SetField{Client::website, f, std::move(v)}); }
  void toggle(DeviceRef::Kind kind, std::uint32_t index, bool on) {
    web(action::ToggleDevice{Client::website, {kind, index}, on});
  }
  const WebsiteView& website() { return c_.views().website; }

  void log_in() {
    const auto& account = devices::default_world().account;
    web(action::LogIn{Client::website, account.email, account.password});
  }

  // Log in -> Users -> Add New User -> Casey Morgan -> Create -> code ->
  // House, Front Door, Back Door on -> Save.
  void add_casey(const char* code = kCaseyCode) {
    log_in();
    click("Users");
    click("Add New User");
    set(Field::first_name, "Casey");
    set(Field::last_name, "Morgan");
    click("Create");
    set(Field::access_code, code);
    toggle(DeviceRef::Kind::partition, 0, true);
    toggle(DeviceRef::Kind::lock, 0, true);
    toggle(DeviceRef::Kind::lock, 1, true);
    click("Save");
  }

  const UserRow* row(const std::string& name) {
    for (const auto& u : website().users)
      if (u.name == name) return &u;
    return nullptr;
  }

  static const SyncChip* chip(const UserRow& r, std::string_view device) {
    for (const auto& c : r.sync)
      if (c.device == device) return &c;
    return nullptr;
  }

  core::UserId user_id(std::string_view name) {
    for (const auto& u : c_.site().cloud().directory().users())
      if (u.display_name() == name) return u.id;
    return core::UserId{};
  }

  SiteController c_{devices::default_world(), paused()};

  static SiteControllerOptions paused() {
    SiteControllerOptions o;
    o.paused = true;
    return o;
  }
};

TEST_F(SiteViewsTest, TheDefaultWorldOpensOnTheLogInPageWithTheInstalledSite) {
  const Views& v = c_.views();
  EXPECT_EQ(v.title, "Lockstep - Home");
  EXPECT_EQ(v.website.page, Page::login);
  EXPECT_EQ(v.app.page, Page::login);
  EXPECT_EQ(v.website.login.username.value, devices::default_world().account.email);
  ASSERT_EQ(v.panel.partitions.size(), 2u);
  EXPECT_EQ(v.panel.partitions[0].name, "House");
  EXPECT_EQ(v.panel.partitions[0].state, "Disarmed");
  ASSERT_EQ(v.panel.keypads.size(), 2u);
  EXPECT_EQ(v.panel.keypads[0].display, "House\nReady");
  EXPECT_EQ(v.panel.users, "3 / 48 users");
  EXPECT_EQ(v.time.clock, "00:00:00");
  EXPECT_EQ(v.time.local_time, "2026-03-02 08:00:00");
  EXPECT_TRUE(v.time.paused);
  EXPECT_TRUE(v.time.settled);
  EXPECT_NE(v.time.source.find("<built-in default>"), std::string::npos);
}

TEST_F(SiteViewsTest, AfterSaveTheNewUserIsPendingOnThePanelAndOnEachGrantedLock) {
  add_casey();
  const WebsiteView& v = website();
  EXPECT_EQ(v.page, Page::access_code);
  EXPECT_TRUE(v.access_code.saved) << "the \"Allow a few minutes\" notice";
  EXPECT_TRUE(v.access_code.error.empty()) << v.access_code.error;

  const UserRow* casey = row("Casey Morgan");
  ASSERT_NE(casey, nullptr);
  EXPECT_EQ(casey->partitions, (std::vector<std::string>{"House"}));
  EXPECT_EQ(casey->locks, (std::vector<std::string>{"Front Door", "Back Door"}));
  ASSERT_EQ(casey->sync.size(), 3u) << "the panel and the two granted locks";
  EXPECT_EQ(casey->sync[0].device, "Panel");
  EXPECT_EQ(casey->sync[0].state, SyncState::pending);
  EXPECT_EQ(casey->sync[0].detail, devices::kSentWaitingForPanel);
  EXPECT_EQ(chip(*casey, "Front Door")->state, SyncState::pending);
  EXPECT_EQ(chip(*casey, "Front Door")->detail, devices::kWaitingForPanel);
  EXPECT_EQ(chip(*casey, "Back Door")->state, SyncState::pending);
  EXPECT_EQ(chip(*casey, "Garage Door"), nullptr);
  EXPECT_EQ(v.access_code.sync, casey->sync) << "the form shows the same live chips";
  EXPECT_FALSE(c_.views().time.settled);
}

TEST_F(SiteViewsTest, TenMinutesLaterEveryChipIsActiveAndTheCodeOpensTheFrontDoor) {
  add_casey();
  c_.run_for(Duration::min(10));
  const UserRow* casey = row("Casey Morgan");
  ASSERT_NE(casey, nullptr);
  for (const auto& chip : casey->sync)
    EXPECT_EQ(chip.state, SyncState::active) << chip.device << ": " << chip.detail;
  EXPECT_TRUE(c_.views().time.settled);
  EXPECT_EQ(c_.views().time.clock, "00:10:00");
  EXPECT_EQ(c_.views().time.local_time, "2026-03-02 08:10:00");

  // At the Front Door's own keypad: the digits, then its Lock key.
  c_.apply(action::SelectLock{0});
  for (char d : std::string(kCaseyCode))
    c_.apply(action::PressLockKey{0, *action::digit_key(d - '0')});
  EXPECT_EQ(c_.views().locks.selected->keypad_display, "****");
  c_.apply(action::PressLockKey{0, action::Key::lock});
  EXPECT_EQ(c_.views().locks.selected->keypad_display, "Unlocked");
  EXPECT_FALSE(c_.views().locks.selected->bolt_locked);
}

TEST_F(SiteViewsTest, RunUntilSettledStopsWhenNoDeviceIsPendingAnyMore) {
  add_casey();
  c_.apply(action::RunUntilSettled{});
  EXPECT_TRUE(c_.settled());
  const auto casey = user_id("Casey Morgan");
  EXPECT_EQ(c_.site().cloud().sync(casey, devices::kPanel).state, State::active);
  EXPECT_EQ(c_.site().cloud().sync(casey, core::LockIndex(1)).state, State::active);
  const sim::Time settled_at = c_.scheduler().now();
  EXPECT_GE(settled_at, sim::Time::zero() + Duration::s(60)) << "a few minutes, not at once";
  EXPECT_LT(settled_at, sim::Time::zero() + Duration::min(6));
}

TEST_F(SiteViewsTest, ArmingAtTheHallKeypadShowsTheArmedBannerAndSaveIsRefusedWithTheAdvice) {
  for (char d : std::string("4827"))  // Alex's code, then Away
    c_.apply(action::PressKeypadKey{"Hall Keypad", *action::digit_key(d - '0')});
  c_.apply(action::PressKeypadKey{"Hall Keypad", action::Key::arm_away});
  EXPECT_NE(c_.views().panel.keypads[0].display.find("Exit delay"), std::string::npos)
      << c_.views().panel.keypads[0].display;
  EXPECT_FALSE(c_.views().panel.partitions[0].countdown.empty());
  c_.run_for(Duration::min(1));  // the exit delay, then the report reaches the cloud
  EXPECT_EQ(c_.views().panel.partitions[0].state, "Armed Away");
  EXPECT_TRUE(c_.views().panel.partitions[0].armed);

  log_in();
  EXPECT_TRUE(website().system_armed) << "the banner";
  click("Users");
  web(action::OpenUser{Client::website, "Sam Chen"});
  set(Field::access_code, "9051");
  click("Save");
  const WebsiteView& v = website();
  EXPECT_EQ(v.page, Page::access_code);
  EXPECT_FALSE(v.access_code.saved);
  EXPECT_NE(v.access_code.error.find(core::sentence(core::ErrorId::system_armed)),
            std::string::npos)
      << v.access_code.error;
  EXPECT_NE(v.access_code.error.find(devices::kDisarmFirst), std::string::npos)
      << v.access_code.error;
  EXPECT_TRUE(c_.site().cloud().pending_edits().empty()) << "nothing was sent";

  // The cloud refuses even to create a user while armed.
  click("Users");
  click("Add New User");
  set(Field::first_name, "Casey");
  set(Field::last_name, "Morgan");
  click("Create");
  EXPECT_EQ(website().page, Page::new_user);
  EXPECT_NE(website().new_user.error.find(devices::kDisarmFirst), std::string::npos);
}

TEST_F(SiteViewsTest, TheCoresRefusalsLandNextToTheFieldTheyConcern) {
  log_in();
  click("Users");
  click("Add New User");
  click("Create");  // no name
  EXPECT_EQ(website().page, Page::new_user);
  EXPECT_NE(website().new_user.first_name.error.find(core::sentence(core::ErrorId::name_required)),
            std::string::npos)
      << website().new_user.first_name.error;

  set(Field::first_name, "Casey");
  set(Field::last_name, "Morgan");
  click("Create");
  EXPECT_TRUE(website().new_user.first_name.error.empty());
  set(Field::access_code, "3619");  // Sam's code
  toggle(DeviceRef::Kind::partition, 0, true);
  click("Save");
  EXPECT_EQ(website().access_code.access_code.error, core::sentence(core::ErrorId::code_in_use));
  EXPECT_FALSE(website().access_code.saved);

  set(Field::access_code, "1234");  // a straight run
  click("Save");
  EXPECT_EQ(website().access_code.access_code.error, core::sentence(core::ErrorId::code_weak));
}

TEST_F(SiteViewsTest, AContactIsAddedThroughTheMobileNumberForm) {
  add_casey();
  click("+ Add Contact");
  EXPECT_EQ(website().page, Page::add_contact);
  click("Mobile Number");
  EXPECT_EQ(website().page, Page::mobile);
  const auto& countries = website().mobile.country.options;
  const auto us = std::find(countries.begin(), countries.end(), "United States (US)");
  ASSERT_NE(us, countries.end());
  web(action::Choose{Client::website, Field::mobile_country,
                     static_cast<std::size_t>(us - countries.begin())});
  set(Field::mobile_number, "not a number");
  web(action::Choose{Client::website, Field::mobile_carrier, 0});
  click("Save");
  EXPECT_EQ(website().page, Page::mobile);
  EXPECT_EQ(website().mobile.number.error,
            core::sentence(core::ErrorId::phone_invalid_for_country));
  set(Field::mobile_number, "(201) 555-0123");
  click("Save");
  EXPECT_EQ(website().page, Page::access_code);
  ASSERT_EQ(website().access_code.contacts.size(), 1u);
  EXPECT_NE(website().access_code.contacts[0].find("+12015550123"), std::string::npos);
  EXPECT_EQ(row("Casey Morgan")->contacts, 1u);
}

TEST_F(SiteViewsTest, TheAppReachesAddThroughItsMenuInItsOwnSession) {
  const auto& account = devices::default_world().account;
  c_.apply(action::LogIn{Client::app, account.email, account.password});
  c_.apply(action::Click{Client::app, "Users"});
  EXPECT_EQ(c_.views().app.page, Page::home) << "the app has no Users link: Menu first";
  EXPECT_FALSE(c_.views().app.access_code.error.empty());
  c_.apply(action::Click{Client::app, "Menu"});
  c_.apply(action::Click{Client::app, "Users"});
  c_.apply(action::Click{Client::app, "Add"});
  EXPECT_EQ(c_.views().app.page, Page::new_user);
  EXPECT_EQ(c_.views().website.page, Page::login);
}

TEST_F(SiteViewsTest, TheLockFleetShowsEveryLockAndTheSelectedLocksSlotsWithoutCodes) {
  add_casey();
  c_.run_for(Duration::s(242));  // the edit reaches the panel; the locks are being written
  const LockFleetView& v = c_.views().locks;
  ASSERT_EQ(v.rows.size(), 3u);
  EXPECT_EQ(v.rows[0].name, "Front Door");
  EXPECT_EQ(v.rows[0].model, "deadbolt-30");
  EXPECT_EQ(v.rows[0].partition, "House");
  EXPECT_EQ(v.rows[0].link, LockLink::online);
  EXPECT_EQ(v.rows[0].battery_percent, 100);
  EXPECT_EQ(v.rows[0].slots_total, 30u);
  EXPECT_EQ(v.rows[2].name, "Garage Door");
  EXPECT_EQ(v.rows[2].slots_used, 2u);  // Alex and Jordan
  EXPECT_EQ(v.rows[2].pending_ops, 0u);

  c_.apply(action::SelectLock{1});
  ASSERT_TRUE(c_.views().locks.selected);
  const LockDetail& d = *c_.views().locks.selected;
  EXPECT_TRUE(d.five_button_keypad);
  ASSERT_EQ(d.slots.size(), 19u);
  EXPECT_EQ(d.slots[0].user, "Alex Rivera");
  EXPECT_TRUE(d.slots[0].has_code);
  EXPECT_EQ(d.slots[0].status, "enabled");

  c_.run_for(Duration::min(5));
  const LockDetail& later = *c_.views().locks.selected;
  const auto casey = std::find_if(later.slots.begin(), later.slots.end(),
                                  [](const SlotRow& s) { return s.user == "Casey Morgan"; });
  ASSERT_NE(casey, later.slots.end());
  EXPECT_EQ(casey->status, "enabled");
  EXPECT_EQ(c_.views().locks.rows[1].slots_used, 3u);
  EXPECT_EQ(c_.views().locks.rows[1].pending_ops, 0u);
}

TEST_F(SiteViewsTest, TheTimelineFollowsAnEditFromTheCloudToThePanelToEachLockAndHoldsNoCode) {
  add_casey();
  c_.run_for(Duration::min(10));
  c_.apply(action::PressLockKey{0, action::Key::d8});  // typed but never shown
  const auto& rows = c_.views().timeline.rows;
  ASSERT_FALSE(rows.empty());
  std::set<std::string> components_of_edit;
  for (const auto& r : rows) {
    for (const std::string* text : {&r.time, &r.component, &r.kind, &r.summary, &r.thread})
      EXPECT_EQ(text->find(kCaseyCode), std::string::npos) << r.kind << ": " << *text;
    if (r.thread == "edit 1") components_of_edit.insert(r.component);
  }
  EXPECT_TRUE(components_of_edit.count("cloud"));
  EXPECT_TRUE(components_of_edit.count("panel"));
  EXPECT_TRUE(components_of_edit.count("Front Door")) << "the lock's code_added joins the thread";
  EXPECT_TRUE(components_of_edit.count("Back Door"));
  EXPECT_FALSE(components_of_edit.count("Garage Door"));
  const bool masked_code_shown = std::any_of(rows.begin(), rows.end(), [](const TimelineRow& r) {
    return r.kind == "code_added" && r.summary.find("code=****") != std::string::npos;
  });
  EXPECT_TRUE(masked_code_shown);
}

TEST_F(SiteViewsTest, TimeStandsStillWhenPausedAndRunsSixtyTimesFasterAt60x) {
  c_.advance(5.0);
  EXPECT_EQ(c_.views().time.clock, "00:00:00");
  c_.apply(action::SetSpeed{Speed::x60});
  EXPECT_FALSE(c_.views().time.paused);
  c_.advance(0.5);
  c_.advance(0.5);
  EXPECT_EQ(c_.views().time.clock, "00:01:00");
  c_.apply(action::SetPaused{true});
  c_.advance(1.0);
  EXPECT_EQ(c_.views().time.clock, "00:01:00");
}

TEST_F(SiteViewsTest, StepRunsExactlyOneEventThenPauses) {
  add_casey();
  c_.apply(action::SetSpeed{Speed::x1});
  const auto before = c_.scheduler().events_executed();
  const auto next = c_.scheduler().next_event_time();
  ASSERT_TRUE(next);
  c_.apply(action::StepEvent{});
  EXPECT_EQ(c_.scheduler().events_executed(), before + 1);
  EXPECT_EQ(c_.scheduler().now(), *next);
  EXPECT_TRUE(c_.views().time.paused);
}

TEST_F(SiteViewsTest, AsFastAsPossibleRunsABoundedBatchOfEventsPerFrame) {
  SiteControllerOptions o;
  o.speed = Speed::as_fast_as_possible;
  o.events_per_frame = 2;
  SiteController fast(devices::default_world(), o);
  const auto& account = devices::default_world().account;
  fast.apply(action::LogIn{Client::website, account.email, account.password});
  fast.apply(action::Click{Client::website, "Users"});
  fast.apply(action::Click{Client::website, "Add New User"});
  fast.apply(action::SetField{Client::website, Field::first_name, "Casey"});
  fast.apply(action::SetField{Client::website, Field::last_name, "Morgan"});
  fast.apply(action::Click{Client::website, "Create"});
  fast.apply(action::SetField{Client::website, Field::access_code, kCaseyCode});
  fast.apply(action::ToggleDevice{Client::website, {DeviceRef::Kind::lock, 0}, true});
  fast.apply(action::Click{Client::website, "Save"});
  const auto before = fast.scheduler().events_executed();
  fast.advance(0.016);
  EXPECT_LE(fast.scheduler().events_executed(), before + 2);
  for (int frame = 0; frame < 200 && !fast.settled(); ++frame)
    fast.advance(0.016);
  EXPECT_TRUE(fast.settled());
}

TEST(OutboxViews, ShowsEachNotificationInItsFormatAndMasksTheOneThatCarriesACode) {
  devices::Outbox outbox;
  const auto sms = devices::render_sms(devices::code_changed_message("Casey Morgan", "Home"),
                                       core::MobileContact{"+14155552671", "US", "Verizon"},
                                       sim::Time::zero() + Duration::s(75));
  outbox.send(sms);
  const auto shared = devices::render_email(
      devices::share_user_code_message("Casey Morgan", "Home", core::AccessCode(kCaseyCode)),
      "casey@example.com", core::EmailFormat::plain_text, sim::Time::zero());
  ASSERT_NE(shared.body.find(kCaseyCode), std::string::npos) << "the message itself carries it";
  outbox.send(shared);

  const OutboxView v = build_outbox_view(outbox);
  ASSERT_EQ(v.messages.size(), 2u);
  EXPECT_EQ(v.messages[0].channel, "SMS via Verizon");
  EXPECT_EQ(v.messages[0].to, "4155552671@vtext.com");
  EXPECT_EQ(v.messages[0].time, "00:01:15");
  EXPECT_EQ(v.messages[1].channel, "Email (Plain Text)");
  EXPECT_EQ(v.messages[1].body.find(kCaseyCode), std::string::npos) << v.messages[1].body;
  EXPECT_NE(v.messages[1].body.find("****"), std::string::npos);
}

TEST_F(SiteViewsTest, SavingNotifiesTheOwnerInTheOutboxAndAnHtmlEmailShowsAsText) {
  add_casey();
  const auto& messages = c_.views().outbox.messages;
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back().to, "alex.rivera@example.com");
  EXPECT_EQ(messages.back().channel, "Email (HTML)");
  EXPECT_EQ(messages.back().body.find('<'), std::string::npos) << messages.back().body;
  EXPECT_NE(messages.back().body.find("Casey Morgan"), std::string::npos) << messages.back().body;
  for (const auto& m : messages)
    EXPECT_EQ(m.body.find(kCaseyCode), std::string::npos);
}

TEST(HtmlText, KeepsTheTextOfEachParagraphAndUnescapesEntities) {
  EXPECT_EQ(html_text("<html><head><title>T</title></head><body><h1>Hi</h1>\n<p>A &amp; B "
                      "&lt;3</p><p>C</p></body></html>"),
            "Hi\nA & B <3\nC");
}

TEST(FieldOf, PlacesEachErrorOnTheFieldTheCoreNames) {
  EXPECT_EQ(field_of({core::ErrorId::code_in_use}), Field::access_code);
  EXPECT_EQ(field_of({core::ErrorId::name_required}), Field::first_name);
  EXPECT_EQ(field_of({core::ErrorId::carrier_unknown}), Field::mobile_carrier);
  EXPECT_EQ(field_of({core::ErrorId::email_format_unknown}), Field::email_format);
  EXPECT_EQ(field_of({core::ErrorId::system_armed}), std::nullopt);
  EXPECT_EQ(field_of({core::ErrorId::lock_slots_full, "Front Door"}), std::nullopt);
}

}  // namespace
}  // namespace lockstep::gui
