// Operates the real window as a person does: mouse and keyboard events
// pushed through SDL's event queue (offscreen), widgets found by the ids they
// were drawn under. Checks the GuiActions the windows return.
//
// The controller is the real one (a simulated default world, paused): what
// the clicks did is checked through the service API, as issue 6 asks.
#include <algorithm>

#include <gtest/gtest.h>

#include "devices/world.hpp"
#include "gui/site_controller.hpp"
#include "gui/test_driver.hpp"
#include "headless_window.hpp"

namespace lockstep::gui {
namespace {

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shell_ = open_headless_window(1600, 1000);
    ASSERT_TRUE(shell_);
    driver_ = std::make_unique<TestDriver>(*shell_, controller_, ui_);
    driver_->run_frames(3);  // Dear ImGui lays windows out over the first frames
  }

  // Clicks `id`, failing the test with every drawn id when it is not there.
  void click(std::string_view id) {
    ASSERT_TRUE(driver_->click(id)) << "no widget \"" << id << "\"; drawn:\n"
                                    << driver_->drawn_ids();
  }
  void type_into(std::string_view id, std::string_view text) {
    ASSERT_TRUE(driver_->type_into(id, text)) << "no widget \"" << id << "\"; drawn:\n"
                                              << driver_->drawn_ids();
  }
  template <class T>
  std::vector<T> actions_of() const {
    std::vector<T> out;
    for (const auto& a : driver_->actions())
      if (const auto* x = std::get_if<T>(&a)) out.push_back(*x);
    return out;
  }
  std::vector<std::string> clicks(Client c) const {
    std::vector<std::string> out;
    for (const auto& x : actions_of<action::Click>())
      if (x.client == c) out.push_back(x.label);
    return out;
  }

  static SiteControllerOptions paused() {
    SiteControllerOptions o;
    o.paused = true;
    return o;
  }

  SiteController controller_{devices::default_world(), paused()};
  UiState ui_;
  std::unique_ptr<AppShell> shell_;
  std::unique_ptr<TestDriver> driver_;
};

TEST_F(InputTest, ClickingLogInLogsTheWebsiteInWithTheWorldsAccount) {
  click("Website/Log In");
  const auto logins = actions_of<action::LogIn>();
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].client, Client::website);
  EXPECT_EQ(logins[0].username, devices::default_world().account.email) << "prefilled";
  driver_->run_frames(1);
  EXPECT_EQ(controller_.views().website.page, Page::home);
  EXPECT_EQ(controller_.site().cloud().sessions().size(), 1u);
}

// Issue 6: log in, Users -> Add New User, a first and last name, Create, an
// access code, the toggles (one lock turned off again), Save - by mouse and
// keyboard through SDL's event queue - then the service API says the user
// exists with exactly those grants and is pending at the panel.
TEST_F(InputTest, TheArticlesWebsiteFlowByMouseAndKeyboardCreatesAPendingUser) {
  click("Website/Log In");
  click("Website/Users");
  click("Website/Add New User");
  type_into("Website/First Name", "Taylor");
  type_into("Website/Last Name", "Brooks");
  click("Website/Create");
  type_into("Website/Access Code", "7391");
  click("Website/toggle/House");  // a new user starts with every toggle off
  click("Website/toggle/Front Door");
  click("Website/toggle/Back Door");
  click("Website/toggle/Garage Door");
  click("Website/toggle/Back Door");  // ... and one lock off again
  click("Website/Save");
  driver_->run_frames(1);

  EXPECT_EQ(clicks(Client::website),
            (std::vector<std::string>{"Users", "Add New User", "Create", "Save"}));
  const auto& form = controller_.views().website.access_code;
  std::string done;
  for (const auto& a : driver_->actions())
    done += describe(a) + "\n";
  EXPECT_TRUE(form.saved) << form.error << form.access_code.error << "\nactions:\n" << done;
  EXPECT_EQ(form.user_name, "Taylor Brooks");

  // Through the service API.
  const devices::Cloud& cloud = controller_.site().cloud();
  const core::User* taylor = nullptr;
  for (const auto& u : cloud.directory().users())
    if (u.display_name() == "Taylor Brooks") taylor = &u;
  ASSERT_NE(taylor, nullptr) << "the cloud has no Taylor Brooks";
  EXPECT_EQ(taylor->grants.partitions, core::Toggles::of({true, false}));   // House, not Garage
  EXPECT_EQ(taylor->grants.locks, core::Toggles::of({true, false, true}));  // not the Back Door
  ASSERT_TRUE(taylor->code);
  EXPECT_TRUE(*taylor->code == core::AccessCode("7391"));
  const devices::SyncStatus panel = cloud.sync(taylor->id, devices::kPanel);
  EXPECT_EQ(panel.state, devices::SyncStatus::State::pending);
  EXPECT_EQ(panel.reason, devices::kSentWaitingForPanel);
  EXPECT_EQ(cloud.sync(taylor->id, core::LockIndex(0)).state, devices::SyncStatus::State::pending);
  EXPECT_EQ(cloud.sync(taylor->id, core::LockIndex(1)).state, devices::SyncStatus::State::none);
  ASSERT_EQ(cloud.pending_edits().size(), 1u);
  EXPECT_EQ(cloud.pending_edits()[0].user, taylor->id);
}

TEST_F(InputTest, TheAccessCodeIsMaskedUntilTheEyeIsClicked) {
  click("Website/Log In");
  click("Website/Users");
  click("Website/Add New User");
  type_into("Website/First Name", "Taylor");
  type_into("Website/Last Name", "Brooks");
  click("Website/Create");
  EXPECT_FALSE(ui_.reveal_website_code);
  click("Website/eye/Access Code");
  EXPECT_TRUE(ui_.reveal_website_code);
  click("Website/eye/Access Code");
  EXPECT_FALSE(ui_.reveal_website_code);
}

TEST_F(InputTest, TheAppReachesAddThroughItsMenu) {
  click("App/Log In");
  click("App/Menu");
  click("App/Users");
  click("App/Add");
  EXPECT_EQ(clicks(Client::app), (std::vector<std::string>{"Menu", "Users", "Add"}));
  EXPECT_EQ(controller_.views().app.page, Page::new_user);
  EXPECT_EQ(controller_.views().website.page, Page::login) << "the website is another session";
}

TEST_F(InputTest, KeypadKeysAndTimeButtonsReturnTheirActions) {
  click("Panel and Keypads/Hall Keypad/1");
  click("Panel and Keypads/Hall Keypad/Away");
  click("Time/10x");
  click("Time/Run until settled");
  const auto keys = actions_of<action::PressKeypadKey>();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], (action::PressKeypadKey{"Hall Keypad", action::Key::d1}));
  EXPECT_EQ(keys[1], (action::PressKeypadKey{"Hall Keypad", action::Key::arm_away}));
  EXPECT_EQ(actions_of<action::SetSpeed>(), (std::vector<action::SetSpeed>{{Speed::x10}}));
  EXPECT_EQ(actions_of<action::RunUntilSettled>().size(), 1u);
}

TEST_F(InputTest, SelectingALockShowsItsKeypadWhoseKeysReturnActions) {
  click("Lock Fleet/row/Back Door");
  EXPECT_EQ(actions_of<action::SelectLock>(), (std::vector<action::SelectLock>{{1}}));
  click("Lock Fleet/keypad/Back Door/3-4");  // a five-button lock: 1-2 3-4 5-6 7-8 9-0
  click("Lock Fleet/keypad/Back Door/Lock");
  const auto keys = actions_of<action::PressLockKey>();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], (action::PressLockKey{1, action::Key::d3}));
  EXPECT_EQ(keys[1], (action::PressLockKey{1, action::Key::lock}));
}

TEST_F(InputTest, TheFleetTableDrawsOnlyTheVisibleRowsOfAThousandLocks) {
  struct Fleet final : Controller {
    Views v;
    const Views& views() override { return v; }
    void apply(const GuiAction&) override {}
    void advance(double) override {}
  } fleet;
  for (int i = 0; i < 1000; ++i) {
    LockRow r;
    r.name = "Lock " + std::to_string(i);
    r.model = "deadbolt-30";
    r.slots_total = 30;
    fleet.v.locks.rows.push_back(r);
  }
  UiState ui;
  TestDriver driver(*shell_, fleet, ui);
  driver.run_frames(3);
  std::size_t rows_drawn = 0;
  for (const auto& id : ui.hits.ids())
    if (id.rfind("Lock Fleet/row/", 0) == 0) ++rows_drawn;
  EXPECT_GT(rows_drawn, 3u);
  EXPECT_LT(rows_drawn, 60u) << "ImGuiListClipper should skip rows out of view";
  EXPECT_TRUE(driver.find("Lock Fleet/row/Lock 0"));
  EXPECT_FALSE(driver.find("Lock Fleet/row/Lock 999"));
}

}  // namespace
}  // namespace lockstep::gui
