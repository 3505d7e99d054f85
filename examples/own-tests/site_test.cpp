// A whole simulated site in virtual time: the article's website flow creates
// a user code, and a few simulated minutes later the Front Door opens with it.
#include "devices/site.hpp"

#include <gtest/gtest.h>

#include "devices/client.hpp"
#include "devices/world.hpp"

namespace {

using lockstep::core::EntryOutcome;
using lockstep::core::LockIndex;
using lockstep::devices::Channel;
using lockstep::devices::ClientSession;
using lockstep::devices::default_world;
using lockstep::devices::SiteRun;
using lockstep::sim::Duration;

TEST(OwnSiteTest, ACodeSavedOnTheWebsiteOpensTheFrontDoorAFewMinutesLater) {
  SiteRun run(default_world(), /*seed=*/7);
  ClientSession web(run.site().cloud(), Channel::website);
  const auto& account = default_world().account;
  ASSERT_TRUE(web.log_in(account.email, account.password).ok);
  ASSERT_TRUE(web.open_users().ok);
  ASSERT_TRUE(web.add_new_user().ok);
  ASSERT_TRUE(web.enter_name("Casey", "Morgan").ok);
  ASSERT_TRUE(web.create().ok);
  ASSERT_TRUE(web.enter_access_code("8362").ok);
  ASSERT_TRUE(web.toggle("House", true).ok);
  ASSERT_TRUE(web.toggle("Front Door", true).ok);
  ASSERT_TRUE(web.save().ok);

  auto& front_door = run.site().lock(LockIndex{0});
  EXPECT_EQ(front_door.enter_code("8362", run.site().local_now()).outcome, EntryOutcome::refused)
      << "nothing reaches a lock at once: allow a few minutes";
  run.run_for(Duration::min(10));
  EXPECT_EQ(front_door.enter_code("8362", run.site().local_now()).outcome, EntryOutcome::accepted);
}

}  // namespace
