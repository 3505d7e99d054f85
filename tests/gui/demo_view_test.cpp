// The placeholder views (gui/demo_view.hpp) of the built-in default world.
#include "gui/demo_view.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "devices/world.hpp"

namespace lockstep::gui {
namespace {

TEST(DemoViews, ShowTheDefaultWorldsPartitionsKeypadsLocksAndUsers) {
  const Views v = build_demo_views(devices::default_world());
  ASSERT_EQ(v.panel.partitions.size(), 2u);
  EXPECT_EQ(v.panel.partitions[0].name, "House");
  EXPECT_EQ(v.panel.partitions[1].name, "Garage");
  EXPECT_EQ(v.panel.partitions[0].state, "Disarmed");
  ASSERT_EQ(v.panel.keypads.size(), 2u);
  EXPECT_EQ(v.panel.keypads[0].name, "Hall Keypad");
  EXPECT_EQ(v.panel.keypads[0].partition, "House");

  ASSERT_EQ(v.locks.rows.size(), 3u);
  EXPECT_EQ(v.locks.rows[0].name, "Front Door");
  EXPECT_EQ(v.locks.rows[0].model, "deadbolt-30");
  EXPECT_EQ(v.locks.rows[0].slots_total, 30u);
  EXPECT_EQ(v.locks.rows[0].slots_used, 2u);  // Alex and Sam
  EXPECT_EQ(v.locks.rows[2].name, "Garage Door");
  EXPECT_EQ(v.locks.rows[2].slots_used, 2u);  // Alex and Jordan

  ASSERT_EQ(v.website.users.size(), 3u);
  const UserRow& sam = v.website.users[1];
  EXPECT_EQ(sam.name, "Sam Chen");
  EXPECT_EQ(sam.partitions, (std::vector<std::string>{"House"}));
  EXPECT_EQ(sam.locks, (std::vector<std::string>{"Front Door", "Back Door"}));
  EXPECT_TRUE(sam.sync.empty()) << "the placeholder shows no sync status it did not simulate";
  EXPECT_EQ(v.app.users, v.website.users);
  EXPECT_EQ(v.website.page, Page::login);
  EXPECT_NE(v.time.source.find("Placeholder"), std::string::npos);
}

TEST(DemoViews, NeverHoldAnAccessCode) {
  const Views v = build_demo_views(devices::default_world());
  std::vector<std::string> texts;
  for (const auto& r : v.timeline.rows)
    texts.push_back(r.summary);
  for (const auto& k : v.panel.keypads)
    texts.push_back(k.display);
  for (const auto& u : v.website.users)
    texts.push_back(u.name + u.role);
  for (const auto& text : texts) {
    for (const char* code : {"4827", "3619", "5073"})
      EXPECT_EQ(text.find(code), std::string::npos) << text;
  }
}

TEST(DemoController, WalksTheArticlesWebsitePagesWithoutSendingAnything) {
  DemoController c(devices::default_world());
  c.apply(action::LogIn{Client::website, "trainer@example.com", "pw"});
  EXPECT_EQ(c.views().website.page, Page::home);
  c.apply(action::Click{Client::website, "Users"});
  EXPECT_EQ(c.views().website.page, Page::users);
  c.apply(action::Click{Client::website, "Add New User"});
  EXPECT_EQ(c.views().website.page, Page::new_user);
  c.apply(action::SetField{Client::website, Field::first_name, "Taylor"});
  c.apply(action::SetField{Client::website, Field::last_name, "Brooks"});
  c.apply(action::Click{Client::website, "Create"});
  const auto& form = c.views().website.access_code;
  EXPECT_EQ(c.views().website.page, Page::access_code);
  EXPECT_EQ(form.user_name, "Taylor Brooks");
  ASSERT_EQ(form.locks.size(), 3u);
  c.apply(action::ToggleDevice{Client::website, {DeviceRef::Kind::lock, 1}, false});
  EXPECT_FALSE(c.views().website.access_code.locks[1].on);
  c.apply(action::Click{Client::website, "Save"});
  EXPECT_FALSE(c.views().website.access_code.saved) << "nothing was sent, so nothing is saved";
  EXPECT_EQ(c.views().website.users.size(), 3u);
  // The app is a separate session.
  EXPECT_EQ(c.views().app.page, Page::login);
}

TEST(DemoController, SelectingALockShowsItsSeededSlotsMasked) {
  DemoController c(devices::default_world());
  c.apply(action::SelectLock{1});
  ASSERT_TRUE(c.views().locks.selected);
  const LockDetail& d = *c.views().locks.selected;
  EXPECT_EQ(d.lock, 1u);
  EXPECT_TRUE(d.five_button_keypad);  // deadbolt-5button-19
  ASSERT_EQ(d.slots.size(), 19u);
  EXPECT_EQ(d.slots[0].user, "Alex Rivera");
  EXPECT_TRUE(d.slots[0].has_code);
  EXPECT_EQ(d.slots[2].status, "available");
}

}  // namespace
}  // namespace lockstep::gui
