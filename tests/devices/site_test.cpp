// End-to-end tests of the simulated site, in virtual time: the default world,
// the article's flows through the cloud, and every device observed directly.
// Each test reads like the scenario it checks.
#include "devices/site.hpp"

#include <string>

#include <gtest/gtest.h>

#include "devices/client.hpp"
#include "devices/world.hpp"

namespace lockstep::devices {
namespace {

using core::EntryOutcome;
using core::ErrorId;
using core::PartitionState;
using sim::Duration;
using State = SyncStatus::State;

constexpr std::uint64_t kSeed = 42;
const core::LockIndex kFrontDoor{0};
const core::LockIndex kBackDoor{1};
const core::LockIndex kGarageDoor{2};
const core::PartitionIndex kHouse{0};

class SiteTest : public ::testing::Test {
 protected:
  Site& site() { return run_.site(); }
  Cloud& cloud() { return site().cloud(); }
  void run_for(Duration d) { run_.run_for(d); }

  ClientSession logged_in(Channel channel) {
    ClientSession client(cloud(), channel);
    const auto& account = default_world().account;
    EXPECT_TRUE(client.log_in(account.email, account.password).ok);
    return client;
  }

  // The article's website flow: Users -> Add New User -> name -> Create ->
  // Access Code -> toggles -> Save.
  core::UserId add_casey_on_the_website(const char* code = "8362") {
    ClientSession web = logged_in(Channel::website);
    EXPECT_TRUE(web.open_users().ok);
    EXPECT_TRUE(web.add_new_user().ok);
    EXPECT_TRUE(web.enter_name("Casey", "Morgan").ok);
    EXPECT_TRUE(web.create().ok);
    EXPECT_TRUE(web.enter_access_code(code).ok);
    EXPECT_TRUE(web.toggle("House", true).ok);
    EXPECT_TRUE(web.toggle("Front Door", true).ok);
    EXPECT_TRUE(web.toggle("Back Door", true).ok);
    const StepResult saved = web.save();
    EXPECT_TRUE(saved.ok) << saved.message;
    return user("Casey Morgan");
  }

  core::UserId user(std::string_view name) {
    for (const auto& u : cloud().directory().users()) {
      if (u.display_name() == name) return u.id;
    }
    ADD_FAILURE() << "no user " << name;
    return core::UserId{};
  }

  State panel_state(core::UserId u) { return cloud().sync(u, kPanel).state; }
  State lock_state(core::UserId u, core::LockIndex l) { return cloud().sync(u, l).state; }

  EntryOutcome try_code(core::LockIndex l, const char* code) {
    return site().lock(l).enter_code(code, site().local_now()).outcome;
  }

  SiteRun run_{default_world(), kSeed};
};

TEST_F(SiteTest, TheLocalClockIsTheWorldsStartPlusTheSimulatedMinutes) {
  // Irregular steps across midnights, a month end and back-to-back reads:
  // always what add_minutes says for the minutes elapsed.
  const core::LocalDateTime start = site().world().start_local;
  for (const Duration step :
       {Duration::s(59), Duration::s(1), Duration::min(17), Duration::h(15), Duration::min(1),
        Duration::h(23) + Duration::min(59), Duration::h(24 * 30), Duration::s(30)}) {
    run_for(step);
    const std::int64_t minutes = run_.now().us() / 60'000'000;
    EXPECT_EQ(site().local_now(), core::add_minutes(start, minutes)) << minutes;
    EXPECT_EQ(site().local_now(), core::add_minutes(start, minutes)) << "read twice";
  }
}

TEST_F(SiteTest, TheDefaultWorldStartsInstalledWithEveryUserActiveEverywhere) {
  EXPECT_EQ(site().panel().users().size(), 3U);
  EXPECT_EQ(site().lock(kFrontDoor).slots_used(), 2U);   // Alex, Sam
  EXPECT_EQ(site().lock(kGarageDoor).slots_used(), 2U);  // Alex, Jordan
  const auto alex = user("Alex Rivera");
  EXPECT_EQ(panel_state(alex), State::active);
  EXPECT_EQ(lock_state(alex, kGarageDoor), State::active);
  EXPECT_EQ(try_code(kFrontDoor, "4827"), EntryOutcome::accepted);
  EXPECT_EQ(site().keypad(0).display(), "Ready");
}

TEST_F(SiteTest, ThePanelReadsTheWorldsSystemWithoutACopyOfItsOwn) {
  // A fleet builds thousands of sites from one world: the panel borrows it.
  EXPECT_EQ(&site().panel().config(), &site().world().system);
}

TEST_F(SiteTest, AWebsiteUserBecomesActiveAtThePanelWithinAFewMinutesThenOpensItsLocks) {
  const auto casey = add_casey_on_the_website();
  EXPECT_EQ(panel_state(casey), State::pending);
  EXPECT_EQ(cloud().sync(casey, kPanel).reason, kSentWaitingForPanel);

  // cloud_to_panel is uniform(60s, 240s): nothing can arrive in the first minute.
  run_for(Duration::s(59));
  EXPECT_EQ(panel_state(casey), State::pending);
  EXPECT_EQ(site().panel().find_user(casey), nullptr);
  EXPECT_EQ(try_code(kFrontDoor, "8362"), EntryOutcome::refused);

  run_for(Duration::s(240 - 59 + 10));  // the panel's report needs a few seconds more
  EXPECT_EQ(panel_state(casey), State::active);
  ASSERT_NE(site().panel().find_user(casey), nullptr);

  run_for(Duration::min(1));  // panel -> locks: seconds, plus wake latency and the report
  EXPECT_EQ(lock_state(casey, kFrontDoor), State::active);
  EXPECT_EQ(lock_state(casey, kBackDoor), State::active);
  EXPECT_EQ(lock_state(casey, kGarageDoor), State::none);
  EXPECT_EQ(try_code(kFrontDoor, "8362"), EntryOutcome::accepted);
  EXPECT_EQ(try_code(kBackDoor, "8362"), EntryOutcome::accepted);
  EXPECT_EQ(try_code(kGarageDoor, "8362"), EntryOutcome::refused);

  // And at the Hall Keypad (House), the new code arms and disarms.
  site().keypad(0).type("8362A");
  EXPECT_EQ(site().panel().partitions()[0].state, PartitionState::exit_delay);
}

TEST_F(SiteTest, AnEditThatRacesTheArmingIsRefusedAtThePanelAndTheOldCodeKeepsWorking) {
  const auto sam = user("Sam Chen");
  ClientSession web = logged_in(Channel::website);
  ASSERT_TRUE(web.open_users().ok);
  ASSERT_TRUE(web.open_user("Sam Chen").ok);
  ASSERT_TRUE(web.enter_access_code("9051").ok);
  ASSERT_TRUE(web.save().ok);  // disarmed when saved: the cloud accepts and sends it

  run_for(Duration::s(5));
  site().keypad(0).type("4827A");  // Alex arms the House before the edit arrives
  run_for(Duration::min(10));

  EXPECT_EQ(site().panel().partitions()[0].state, PartitionState::armed_away);
  const SyncStatus panel = cloud().sync(sam, kPanel);
  EXPECT_EQ(panel.state, State::failed);
  EXPECT_EQ(panel.error, ErrorId::system_armed);
  // No device holds the new code; the old one still works everywhere.
  EXPECT_EQ(try_code(kFrontDoor, "9051"), EntryOutcome::refused);
  EXPECT_EQ(try_code(kFrontDoor, "3619"), EntryOutcome::accepted);
  EXPECT_EQ(try_code(kBackDoor, "3619"), EntryOutcome::accepted);
  site().keypad(0).type("3619D");
  EXPECT_EQ(site().panel().partitions()[0].state, PartitionState::disarmed);
  // The cloud's directory says what the devices hold.
  EXPECT_TRUE(*cloud().directory().find(sam)->code == core::AccessCode("3619"));
}

TEST_F(SiteTest, TheCloudRefusesEditsWhileItKnowsTheSystemIsArmed) {
  site().keypad(0).type("4827A");
  run_for(Duration::min(1));  // exit delay, then the report reaches the cloud
  ClientSession web = logged_in(Channel::app);
  ASSERT_TRUE(web.tap_menu().ok);
  ASSERT_TRUE(web.open_users().ok);
  ASSERT_TRUE(web.open_user("Sam Chen").ok);
  ASSERT_TRUE(web.enter_access_code("9051").ok);
  const StepResult saved = web.save();
  ASSERT_FALSE(saved.ok);
  ASSERT_TRUE(saved.problem);
  EXPECT_EQ(saved.problem->id, ErrorId::system_armed);
  EXPECT_TRUE(cloud().pending_edits().empty());
}

TEST_F(SiteTest, EditsMadeWhileThePanelIsOfflineWaitInOrderAndArriveOnReconnection) {
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::link_down, "cloud_to_panel").ok());
  const auto casey = add_casey_on_the_website();
  EXPECT_EQ(cloud().sync(casey, kPanel).reason, kPanelOfflineQueued);

  run_for(Duration::h(1));
  EXPECT_EQ(panel_state(casey), State::pending);
  EXPECT_EQ(site().panel().find_user(casey), nullptr);

  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::link_up, "cloud_to_panel").ok());
  run_for(Duration::min(5));
  EXPECT_EQ(panel_state(casey), State::active);
  EXPECT_EQ(lock_state(casey, kFrontDoor), State::active);
}

TEST_F(SiteTest, ALockAsleepForLessThanTheRetryBudgetGetsTheCodeOnALaterAttempt) {
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::lock_asleep, "Front Door").ok());
  const auto casey = add_casey_on_the_website();
  while (site().panel().find_user(casey) == nullptr &&
         run_.now() < sim::Time::zero() + Duration::min(5)) {
    run_for(Duration::s(1));
  }
  ASSERT_NE(site().panel().find_user(casey), nullptr) << "the edit never reached the panel";
  run_for(Duration::s(20));  // the first attempt goes unheard
  EXPECT_EQ(lock_state(casey, kFrontDoor), State::pending);
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::lock_awake, "Front Door").ok());
  run_for(Duration::min(2));
  EXPECT_EQ(lock_state(casey, kFrontDoor), State::active);
  EXPECT_EQ(try_code(kFrontDoor, "8362"), EntryOutcome::accepted);
}

TEST_F(SiteTest, ALockUnreachablePastTheRetryBudgetFailsWithLockUnreachable) {
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::lock_unreachable, "Front Door").ok());
  const auto casey = add_casey_on_the_website();
  run_for(Duration::min(10));
  EXPECT_EQ(panel_state(casey), State::active);
  const SyncStatus front = cloud().sync(casey, kFrontDoor);
  EXPECT_EQ(front.state, State::failed);
  EXPECT_EQ(front.error, ErrorId::lock_unreachable);
  EXPECT_EQ(lock_state(casey, kBackDoor), State::active);
  EXPECT_EQ(try_code(kFrontDoor, "8362"), EntryOutcome::refused);
}

// A Z-Wave radio out of range loses frames: nothing the panel sent into the
// outage lands later behind its back. Once the radio is back, the panel's
// probe finds the slot empty, writes the code, and the status turns active:
// at every point the website says what the Front Door holds.
TEST_F(SiteTest, AfterARadioOutageTheLockStatusFollowsWhatTheLockHolds) {
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::link_down, "panel_to_lock").ok());
  const auto casey = add_casey_on_the_website();
  run_for(Duration::min(6));  // at the panel within 4 min; three attempts, 70 s
  const SyncStatus front = cloud().sync(casey, kFrontDoor);
  EXPECT_EQ(front.state, State::failed);
  EXPECT_EQ(front.error, ErrorId::lock_unreachable);
  EXPECT_FALSE(site().lock(kFrontDoor).holds("8362"));
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::link_up, "panel_to_lock").ok());
  run_for(Duration::s(10));
  EXPECT_FALSE(site().lock(kFrontDoor).holds("8362"));  // nothing held back lands
  EXPECT_EQ(cloud().sync(casey, kFrontDoor).state, State::failed);
  run_for(Duration::min(5));
  EXPECT_TRUE(site().lock(kFrontDoor).holds("8362"));
  EXPECT_EQ(lock_state(casey, kFrontDoor), State::active);
  EXPECT_EQ(try_code(kFrontDoor, "8362"), EntryOutcome::accepted);
}

// Jordan may enter weekdays 08:00-18:00 (the default world starts Monday
// 08:00). The Garage Door enforces it with its own clock, like the Garage
// Keypad; a schedule change alone reaches the lock and is enforced there.
TEST_F(SiteTest, TheGarageDoorEnforcesJordansScheduleAndAScheduleChangeReachesIt) {
  const auto jordan = user("Jordan Patel");
  EXPECT_EQ(try_code(kGarageDoor, "5073"), EntryOutcome::accepted);
  run_for(Duration::h(10) + Duration::min(30));  // Monday 18:30
  EXPECT_EQ(site().lock(kGarageDoor).enter_code("5073", site().local_now()).reason,
            ErrorId::outside_schedule);
  run_for(Duration::h(111) + Duration::min(30));  // Saturday 10:00
  EXPECT_EQ(try_code(kGarageDoor, "5073"), EntryOutcome::refused);

  core::CodeEdit weekends;
  weekends.access_times =
      core::RestrictedSchedule{{core::ScheduleBlock{0b1100000, 9 * 60, 17 * 60}}};
  const auto& account = default_world().account;
  const auto session = cloud().log_in(account.email, account.password, Channel::api);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(cloud().save_user(*session, jordan, weekends).ok());
  run_for(Duration::min(6));
  EXPECT_EQ(lock_state(jordan, kGarageDoor), State::active);
  EXPECT_EQ(try_code(kGarageDoor, "5073"), EntryOutcome::accepted);  // Saturday 10:06
  run_for(Duration::h(48));                                          // Monday 10:06
  EXPECT_EQ(site().lock(kGarageDoor).enter_code("5073", site().local_now()).reason,
            ErrorId::outside_schedule);
}

TEST_F(SiteTest, AFullLockRefusesTheSaveAndNamesTheLock) {
  World small = default_world();
  small.system.locks[0].spec.slots = 2;  // Front Door: Alex and Sam fill it
  SiteRun run(small, kSeed);
  ClientSession web(run.site().cloud(), Channel::website);
  ASSERT_TRUE(web.log_in(small.account.email, small.account.password).ok);
  ASSERT_TRUE(web.open_users().ok);
  ASSERT_TRUE(web.add_new_user().ok);
  ASSERT_TRUE(web.enter_name("Casey", "Morgan").ok);
  ASSERT_TRUE(web.create().ok);
  ASSERT_TRUE(web.enter_access_code("8362").ok);
  ASSERT_TRUE(web.toggle("Front Door", true).ok);
  const StepResult saved = web.save();
  ASSERT_FALSE(saved.ok);
  ASSERT_TRUE(saved.problem);
  EXPECT_EQ(saved.problem->id, ErrorId::lock_slots_full);
  EXPECT_EQ(saved.problem->subject, "Front Door");
}

TEST_F(SiteTest, APowerCycleKeepsThePanelsUsers) {
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::power_off, "panel").ok());
  EXPECT_FALSE(cloud().panel_online());
  run_for(Duration::min(30));
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::power_on, "panel").ok());
  EXPECT_TRUE(cloud().panel_online());
  EXPECT_EQ(site().panel().users().size(), 3U);
  site().keypad(0).type("3619A");
  EXPECT_EQ(site().panel().partitions()[0].state, PartitionState::exit_delay);
}

TEST_F(SiteTest, ADuressCodeDisarmsAndRaisesASilentAlarmAtTheCloud) {
  auto session = cloud().log_in(default_world().account.email, default_world().account.password,
                                Channel::website);
  ASSERT_TRUE(session.ok());
  auto help = cloud().create_user(*session, "Help", "Me", core::Role::duress);
  ASSERT_TRUE(help.ok());
  core::Grants house = core::Grants::nothing(cloud().directory().config());
  house.partitions.set(0);
  ASSERT_TRUE(cloud().save_user(*session, *help, {core::AccessCode("7308"), house, {}, {}}).ok());
  run_for(Duration::min(5));
  ASSERT_EQ(panel_state(*help), State::active);

  site().keypad(0).type("4827A");
  run_for(Duration::min(1));
  ASSERT_EQ(site().panel().partitions()[0].state, PartitionState::armed_away);
  site().keypad(0).type("7308D");
  EXPECT_EQ(site().panel().partitions()[0].state, PartitionState::disarmed);
  run_for(Duration::min(1));
  bool duress_reported = false;
  for (const auto& n : site().outbox().sent()) {
    duress_reported = duress_reported || n.kind == Notification::Kind::duress_used;
  }
  EXPECT_TRUE(duress_reported);
}

TEST_F(SiteTest, TheSameSeedGivesTheSameTraceAndAnotherSeedAnotherOne) {
  auto digest_of = [](std::uint64_t seed) {
    SiteRun run(default_world(), seed);
    run.trace().set_digest_enabled(true);
    ClientSession web(run.site().cloud(), Channel::website);
    const auto& account = default_world().account;
    EXPECT_TRUE(web.log_in(account.email, account.password).ok);
    EXPECT_TRUE(web.open_users().ok);
    EXPECT_TRUE(web.open_user("Sam Chen").ok);
    EXPECT_TRUE(web.enter_access_code("9051").ok);
    EXPECT_TRUE(web.save().ok);
    run.run_for(Duration::min(10));
    return run.trace().digest_hex();
  };
  EXPECT_EQ(digest_of(7), digest_of(7));
  EXPECT_NE(digest_of(7), digest_of(8));
}

TEST_F(SiteTest, NoAccessCodeAppearsInTheTraceUnlessRevealed) {
  auto memory = std::make_shared<sim::MemorySink>();
  run_.trace().add_sink(memory);
  add_casey_on_the_website("8362");
  run_for(Duration::min(10));
  ASSERT_FALSE(memory->records().empty());
  for (const auto& r : memory->records()) {
    const std::string line = sim::to_json_line(r);
    EXPECT_EQ(line.find("8362"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace lockstep::devices
