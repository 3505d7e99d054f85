#include "devices/cloud.hpp"

#include <memory>
#include <string>
#include <tuple>
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
using State = SyncStatus::State;

class MockDownlink : public Port<CloudToPanel> {
 public:
  MOCK_METHOD(void, send, (CloudToPanel &&), (override));
};

constexpr core::LockIndex kFront{0};
constexpr core::LockIndex kBack{1};
constexpr core::LockIndex kGarageDoor{2};
constexpr core::PartitionIndex kHouse{0};
constexpr core::PartitionIndex kGarage{1};
// The default world: Alex Rivera (1, master, everything), Sam Chen (2, House,
// Front and Back Door), Jordan Patel (3, Garage, Garage Door).
constexpr core::UserId kAlex{1};
constexpr core::UserId kSam{2};
constexpr core::UserId kJordan{3};
constexpr const char* kSamsCode = "3619";

class CloudTest : public ::testing::Test {
 protected:
  CloudTest() {
    trace.add_sink(sink);
    ON_CALL(downlink, send(_)).WillByDefault([this](CloudToPanel m) { sent.push_back(m); });
    session = *cloud.log_in("owner@example.com", "correct horse", Channel::website);
  }

  static core::Directory world_directory() { return build_directory(default_world()).value(); }

  // The default world's cloud (owned by Alex Rivera unless said), on this test's kernel.
  Cloud make_cloud(sim::Trace& on, Port<CloudToPanel>& link, Outbox& mail,
                   Account owner = Account{"owner@example.com", "correct horse", "Alex Rivera"}) {
    return Cloud{scheduler,
                 on,
                 world_directory(),
                 std::move(owner),
                 link,
                 mail,
                 sim::RandomStreams(42).stream("cloud")};
  }

  core::Grants grants(const std::vector<bool>& partitions, const std::vector<bool>& locks) const {
    return core::Grants{core::Toggles::of(partitions), core::Toggles::of(locks)};
  }

  const ApplyUserEdit& edit_sent(std::size_t i) const {
    return std::get<ApplyUserEdit>(sent.at(i));
  }

  core::Result<SaveReceipt> save_code(core::UserId user, const char* code,
                                      std::optional<core::Grants> g = std::nullopt) {
    return cloud.save_user(session, user,
                           core::CodeEdit{core::AccessCode(code), std::move(g), {}, {}});
  }

  // A generated code for `user` with every grant, saved and applied at the
  // panel; the edit, and the code in *code when given.
  EditId save_applied_code(core::UserId user, std::string* code = nullptr) {
    const core::Grants everything = core::Grants::everything(cloud.directory().config());
    auto generated = cloud.generate_code(session, user, everything);
    EXPECT_TRUE(generated.ok());
    auto r = cloud.save_user(session, user, core::CodeEdit{*generated, everything, {}, {}});
    EXPECT_TRUE(r.ok() && r->edit.has_value());
    cloud.receive(EditApplied{*r->edit, user, std::nullopt});
    if (code != nullptr) *code = generated->reveal();
    return *r->edit;
  }

  void arm_house() {
    cloud.receive(PartitionChanged{kHouse, core::PartitionState::armed_away, kAlex});
  }

  std::vector<const Notification*> notifications(Notification::Kind kind) const {
    std::vector<const Notification*> out;
    for (const auto& n : outbox.sent())
      if (n.kind == kind) out.push_back(&n);
    return out;
  }

  sim::Scheduler scheduler;
  sim::Trace trace;
  std::shared_ptr<sim::MemorySink> sink = std::make_shared<sim::MemorySink>();
  NiceMock<MockDownlink> downlink;
  std::vector<CloudToPanel> sent;
  Outbox outbox;
  Cloud cloud = make_cloud(trace, downlink, outbox);
  Session session;
};

// ---- sessions ------------------------------------------------------------------

TEST_F(CloudTest, LogInWithTheRightEmailAndPasswordOpensASessionOnThatChannel) {
  auto app = cloud.log_in("  Owner@Example.com ", "correct horse", Channel::app);
  ASSERT_TRUE(app.ok());
  EXPECT_EQ(app->channel, Channel::app);
  EXPECT_NE(app->id, session.id);
  EXPECT_EQ(cloud.sessions().size(), 2U);
}

TEST_F(CloudTest, LogInFailsAlikeForAWrongPasswordAndAnUnknownEmail) {
  auto wrong_password = cloud.log_in("owner@example.com", "correct horsE", Channel::app);
  auto unknown_email = cloud.log_in("other@example.com", "correct horse", Channel::app);
  auto prefix = cloud.log_in("owner@example.com", "correct", Channel::app);
  for (const auto* r : {&wrong_password, &unknown_email, &prefix}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().id, core::ErrorId::login_failed);
  }
  EXPECT_EQ(cloud.sessions().size(), 1U);
}

TEST_F(CloudTest, PasswordsAreNeverTracedNorReturned) {
  (void)cloud.log_in("owner@example.com", "wrong password!", Channel::api);
  EXPECT_TRUE(cloud.account().password.empty());
  EXPECT_EQ(cloud.account().email, "owner@example.com");
  for (const auto& r : sink->records()) {
    const std::string line = sim::to_json_line(r);
    EXPECT_EQ(line.find("correct horse"), std::string::npos) << line;
    EXPECT_EQ(line.find("wrong password!"), std::string::npos) << line;
  }
}

TEST_F(CloudTest, EveryCallNeedsALiveSession) {
  const Session forged{SessionId{999}, Channel::website};
  EXPECT_CALL(downlink, send(_)).Times(0);
  auto r = cloud.save_user(forged, kSam, core::CodeEdit{core::AccessCode("6158"), {}, {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().id, core::ErrorId::session_invalid);
  EXPECT_EQ(cloud.create_user(forged, "Ada", "Lovelace").error().id,
            core::ErrorId::session_invalid);
  EXPECT_EQ(cloud.arm(forged, kHouse, ArmMode::away).error().id, core::ErrorId::session_invalid);

  // The right id on the wrong channel is not the session either.
  const Session other_channel{session.id, Channel::app};
  EXPECT_EQ(cloud.rename(other_channel, kSam, "S", "C").first_error().id,
            core::ErrorId::session_invalid);

  ASSERT_TRUE(cloud.log_out(session).ok());
  EXPECT_EQ(cloud.generate_code(session, kSam, cloud.directory().find(kSam)->grants).error().id,
            core::ErrorId::session_invalid);
  EXPECT_EQ(cloud.log_out(session).first_error().id, core::ErrorId::session_invalid);
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
}

// ---- initial state -----------------------------------------------------------------

TEST_F(CloudTest, AWorldsInitialUsersStartActiveWhereTheyAreGranted) {
  const SyncRow sam = cloud.sync_row(kSam);
  EXPECT_EQ(sam.panel.state, State::active);
  ASSERT_EQ(sam.locks.size(), 3U);
  EXPECT_EQ(sam.locks[0].state, State::active);
  EXPECT_EQ(sam.locks[1].state, State::active);
  EXPECT_EQ(sam.locks[2].state, State::none);
  EXPECT_EQ(cloud.sync(kJordan, kGarageDoor).state, State::active);
  EXPECT_TRUE(cloud.pending_edits().empty());
  ASSERT_EQ(cloud.known_partitions().size(), 2U);
  EXPECT_EQ(cloud.known_partitions()[0].name, "House");
  EXPECT_EQ(cloud.known_partitions()[0].state, core::PartitionState::disarmed);
}

// ---- saving and sync -------------------------------------------------------------

TEST_F(CloudTest, CreatingAUserSendsNothingUntilTheyHaveACode) {
  auto id = cloud.create_user(session, "Ada", "Lovelace");
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(cloud.sync(*id, kPanel).state, State::none);
  EXPECT_FALSE(cloud.directory().find(*id)->code.has_value());
}

TEST_F(CloudTest, SaveSendsTheWholeRecordWithItsGrantsAndMarksEveryChangedDevicePending) {
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  auto r = save_code(ada, "6158", grants({true, false}, {true, false, false}));
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->edit.has_value());

  ASSERT_EQ(sent.size(), 1U);
  const ApplyUserEdit& m = edit_sent(0);
  EXPECT_EQ(m.edit, *r->edit);
  EXPECT_EQ(m.user, ada);
  ASSERT_TRUE(m.record.has_value());
  EXPECT_EQ(m.record->name, "Ada Lovelace");
  EXPECT_EQ(m.record->code->reveal(), "6158");
  EXPECT_EQ(m.record->grants, grants({true, false}, {true, false, false}));

  const SyncRow row = cloud.sync_row(ada);
  EXPECT_EQ(row.panel.state, State::pending);
  EXPECT_EQ(row.panel.reason, kSentWaitingForPanel);
  EXPECT_EQ(row.panel.edit, r->edit);
  EXPECT_EQ(row.locks[0].state, State::pending);
  EXPECT_EQ(row.locks[0].reason, kWaitingForPanel);
  EXPECT_EQ(row.locks[1].state, State::none);
  EXPECT_EQ(row.locks[2].state, State::none);
  ASSERT_EQ(cloud.pending_edits().size(), 1U);
  EXPECT_FALSE(cloud.pending_edits()[0].queued);
}

// A row keeps a few locks' statuses in place and more on the heap: a system
// with more locks than that shows each lock's own status.
TEST_F(CloudTest, ASystemWithManyLocksShowsEachLocksStatusInTheUsersRow) {
  core::SystemConfig config = world_directory().config();
  const core::LockConfig front = config.locks.at(0);
  for (int i = 0; i < 3; ++i) {
    config.locks.push_back(front);
    config.locks.back().name = "Shed " + std::to_string(i + 1);
  }
  ASSERT_EQ(config.locks.size(), 6U);
  Cloud many{scheduler,
             trace,
             core::Directory(config),
             Account{"owner@example.com", "correct horse", "Alex Rivera"},
             downlink,
             outbox,
             sim::RandomStreams(42).stream("cloud")};
  const Session s = *many.log_in("owner@example.com", "correct horse", Channel::website);
  const core::UserId ada = *many.create_user(s, "Ada", "Lovelace");
  const auto r =
      many.save_user(s, ada,
                     core::CodeEdit{core::AccessCode("6158"),
                                    grants({true, false}, {true, false, false, false, false, true}),
                                    {},
                                    {}});
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->edit.has_value());
  many.receive(EditApplied{*r->edit, ada, std::nullopt});
  many.receive(LockSyncResult{*r->edit, ada, core::LockIndex{5}, std::nullopt});

  const SyncRow row = many.sync_row(ada);
  ASSERT_EQ(row.locks.size(), 6U);
  EXPECT_EQ(row.panel.state, State::active);
  EXPECT_EQ(row.locks[0].state, State::pending);
  for (std::size_t l = 1; l < 5; ++l)
    EXPECT_EQ(row.locks[l].state, State::none) << l;
  EXPECT_EQ(row.locks[5].state, State::active);
  EXPECT_EQ(many.sync(ada, core::LockIndex{5}).state, State::active);
}

// Locks enforce schedules: a change of access times alone is an edit for the
// panel and for every lock the user holds, pending until each confirms.
TEST_F(CloudTest, AScheduleChangeAloneIsPendingOnThePanelAndOnTheUsersLocks) {
  core::CodeEdit e;
  e.access_times = core::RestrictedSchedule{{core::ScheduleBlock{0b1100000, 10 * 60, 14 * 60}}};
  const auto r = cloud.save_user(session, kJordan, e);
  ASSERT_TRUE(r.ok()) << core::name(r.error().id);
  ASSERT_TRUE(r->edit.has_value());
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(edit_sent(0).record->access_times, *e.access_times);
  EXPECT_EQ(cloud.sync(kJordan, kPanel).state, State::pending);
  EXPECT_EQ(cloud.sync(kJordan, kGarageDoor).state, State::pending);
  EXPECT_EQ(cloud.sync(kJordan, kGarageDoor).reason, kWaitingForPanel);
  EXPECT_EQ(cloud.sync(kJordan, kFront).state, State::none);
}

TEST_F(CloudTest, SavingAnUnchangedFormIsNotAnEdit) {
  auto r = save_code(kSam, kSamsCode);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->edit.has_value());
  EXPECT_TRUE(sent.empty());
  EXPECT_TRUE(outbox.sent().empty());
}

TEST_F(CloudTest, EditAppliedThenLockResultsTakeEachDeviceToActive) {
  auto r = save_code(kSam, "6158");  // Sam holds Front and Back Door
  ASSERT_TRUE(r.ok());
  const EditId e = *r->edit;
  scheduler.run_for(sim::Duration::s(90));
  cloud.receive(EditApplied{e, kSam, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  EXPECT_EQ(cloud.sync(kSam, kPanel).since, sim::Time::zero() + sim::Duration::s(90));
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::pending);
  EXPECT_EQ(cloud.sync(kSam, kFront).reason, kWaitingForLockToWake);
  EXPECT_EQ(cloud.sync(kSam, kBack).reason, kWaitingForLockToWake);
  EXPECT_EQ(cloud.sync(kSam, kGarageDoor).state, State::none);
  EXPECT_TRUE(cloud.pending_edits().empty());
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), "6158");

  cloud.receive(LockSyncResult{e, kSam, kFront, std::nullopt});
  cloud.receive(LockSyncResult{e, kSam, kBack, core::ErrorId::lock_unreachable});
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::active);
  EXPECT_EQ(cloud.sync(kSam, kBack).state, State::failed);
  EXPECT_EQ(cloud.sync(kSam, kBack).error, core::ErrorId::lock_unreachable);
}

TEST_F(CloudTest, TurningALockOffMakesItPendingThenHoldNothing) {
  auto r = cloud.save_user(session, kSam,
                           core::CodeEdit{{}, grants({true, false}, {true, false, false}), {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::active);  // unchanged there
  EXPECT_EQ(cloud.sync(kSam, kBack).state, State::pending);
  cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  cloud.receive(LockSyncResult{*r->edit, kSam, kBack, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kBack).state, State::none);
}

// ---- refusals ------------------------------------------------------------------------

TEST_F(CloudTest, TheCoresRefusalsComeBackUnchangedAndNothingIsSent) {
  EXPECT_CALL(downlink, send(_)).Times(0);
  const std::vector<core::PartitionStatus> disarmed = cloud.known_partitions();
  for (const char* code : {"36a9", "4827", "12", "1111", "123456"}) {
    const core::CodeEdit edit{core::AccessCode(code), {}, {}, {}};
    const core::Verdict expected = cloud.directory().preview(kSam, edit, disarmed);
    ASSERT_FALSE(expected.ok()) << code;
    auto r = cloud.save_user(session, kSam, edit);
    ASSERT_FALSE(r.ok()) << code;
    EXPECT_EQ(r.verdict().problems(), expected.problems()) << code;
  }
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  EXPECT_TRUE(outbox.sent().empty());
}

TEST_F(CloudTest, WhileItKnowsTheSystemIsArmedTheCloudRefusesEditsAndSendsNothing) {
  arm_house();
  EXPECT_CALL(downlink, send(_)).Times(0);
  auto r = save_code(kSam, "6158");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().id, core::ErrorId::system_armed);
  EXPECT_EQ(cloud.create_user(session, "Ada", "Lovelace").error().id, core::ErrorId::system_armed);
  EXPECT_EQ(cloud.delete_user(session, kJordan).error().id, core::ErrorId::system_armed);
  // Edits that never reach the panel are fine while armed.
  EXPECT_TRUE(cloud.rename(session, kSam, "Samuel", "Chen").ok());
  EXPECT_TRUE(cloud.add_contact(session, kSam, core::EmailInput{"sam@example.org", "html"}).ok());
  EXPECT_TRUE(cloud.set_language(session, kSam, "es").ok());
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
  ::testing::Mock::VerifyAndClearExpectations(&downlink);

  cloud.receive(PartitionChanged{kHouse, core::PartitionState::disarmed, kAlex});
  EXPECT_TRUE(save_code(kSam, "6158").ok());
  EXPECT_EQ(sent.size(), 1U);
}

// ---- panel offline -------------------------------------------------------------------

TEST_F(CloudTest, EditsQueueWhileThePanelIsOfflineAndGoOutInOrderOnReconnection) {
  cloud.set_panel_online(false);
  auto a = save_code(kSam, "6158");
  auto b = save_code(kJordan, "2947");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(cloud.sync(kSam, kPanel).reason, kPanelOfflineQueued);
  EXPECT_EQ(cloud.sync(kJordan, kPanel).reason, kPanelOfflineQueued);
  auto pending = cloud.pending_edits();
  ASSERT_EQ(pending.size(), 2U);
  EXPECT_TRUE(pending[0].queued && pending[1].queued);

  scheduler.run_for(sim::Duration::h(1));
  {
    ::testing::InSequence in_order;
    EXPECT_CALL(downlink, send(_))
        .WillOnce([&](CloudToPanel m) { EXPECT_EQ(std::get<ApplyUserEdit>(m).edit, *a->edit); })
        .RetiresOnSaturation();
    EXPECT_CALL(downlink, send(_))
        .WillOnce([&](CloudToPanel m) { EXPECT_EQ(std::get<ApplyUserEdit>(m).edit, *b->edit); })
        .RetiresOnSaturation();
  }
  cloud.set_panel_online(true);
  EXPECT_EQ(cloud.sync(kSam, kPanel).reason, kSentWaitingForPanel);
  EXPECT_EQ(cloud.sync(kSam, kPanel).since, sim::Time::zero() + sim::Duration::h(1));
  EXPECT_FALSE(cloud.pending_edits()[0].queued);
}

TEST_F(CloudTest, AQueuedEditCanBeCancelledAndEverythingGoesBackToBeforeIt) {
  cloud.set_panel_online(false);
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(cloud.cancel_pending(session, *r->edit).ok());
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::active);
  EXPECT_TRUE(cloud.pending_edits().empty());
  EXPECT_CALL(downlink, send(_)).Times(0);
  cloud.set_panel_online(true);
  // Cancelling twice: there is no such pending edit any more.
  EXPECT_EQ(cloud.cancel_pending(session, *r->edit).first_error().id,
            core::ErrorId::edit_not_found);
}

TEST_F(CloudTest, CancellingANewUsersFirstCodeLeavesThemWithoutACode) {
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  cloud.set_panel_online(false);
  auto r = save_code(ada, "6158", grants({true, false}, {true, false, false}));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(cloud.cancel_pending(session, *r->edit).ok());
  EXPECT_FALSE(cloud.directory().find(ada)->code.has_value());
  EXPECT_EQ(cloud.directory().find(ada)->display_name(), "Ada Lovelace");
  EXPECT_EQ(cloud.sync(ada, kPanel).state, State::none);
  // The code is free again.
  EXPECT_TRUE(save_code(kJordan, "6158").ok());
}

TEST_F(CloudTest, CancellingAlsoCancelsTheSameUsersLaterQueuedEditsButNoOneElses) {
  cloud.set_panel_online(false);
  auto first = save_code(kSam, "6158");
  auto other = save_code(kJordan, "2947");
  auto second = save_code(kSam, "7093");
  ASSERT_TRUE(first.ok() && other.ok() && second.ok());
  ASSERT_TRUE(cloud.cancel_pending(session, *first->edit).ok());
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
  EXPECT_EQ(cloud.directory().find(kJordan)->code->reveal(), "2947");
  ASSERT_EQ(cloud.pending_edits().size(), 1U);
  EXPECT_EQ(cloud.pending_edits()[0].edit, *other->edit);
}

TEST_F(CloudTest, OnceSentAnEditIsNoLongerCancellable) {
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(cloud.cancel_pending(session, *r->edit).first_error().id,
            core::ErrorId::edit_not_cancellable);
  EXPECT_EQ(cloud.cancel_pending(session, EditId{12345}).first_error().id,
            core::ErrorId::edit_not_found);
  cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  EXPECT_EQ(cloud.cancel_pending(session, *r->edit).first_error().id,
            core::ErrorId::edit_not_found);
}

// ---- superseded ----------------------------------------------------------------------

TEST_F(CloudTest, ANewerEditOfTheSameUserSupersedesTheUnfinishedOlderOne) {
  auto first = save_code(kSam, "6158");
  auto second = save_code(kSam, "7093");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(cloud.edit_sync(*first->edit, kPanel)->state, State::superseded);
  EXPECT_EQ(cloud.edit_sync(*first->edit, kFront)->state, State::superseded);
  EXPECT_EQ(cloud.sync(kSam, kPanel).edit, second->edit);
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::pending);
  auto pending = cloud.pending_edits();
  ASSERT_EQ(pending.size(), 2U);
  EXPECT_TRUE(pending[0].superseded);
  EXPECT_FALSE(pending[1].superseded);

  // The older edit's answer does not move the row; the newer one's does.
  cloud.receive(EditApplied{*first->edit, kSam, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::pending);
  cloud.receive(LockSyncResult{*first->edit, kSam, kFront, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::pending);
  cloud.receive(EditApplied{*second->edit, kSam, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  EXPECT_EQ(cloud.sync(kSam, kPanel).edit, second->edit);
  cloud.receive(LockSyncResult{*second->edit, kSam, kFront, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kFront).state, State::active);
  EXPECT_EQ(cloud.edit_sync(*first->edit, kPanel)->state, State::superseded);
}

TEST_F(CloudTest, AnEditThatDoesNotTouchALockLeavesTheOlderEditPendingThere) {
  auto grant = cloud.save_user(
      session, kSam, core::CodeEdit{{}, grants({true, false}, {true, true, true}), {}, {}});
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(cloud.sync(kSam, kGarageDoor).state, State::pending);
  auto role = cloud.save_user(session, kSam, core::CodeEdit{{}, {}, {}, core::Role::guest});
  ASSERT_TRUE(role.ok());
  ASSERT_TRUE(role->edit.has_value());
  EXPECT_EQ(cloud.sync(kSam, kGarageDoor).edit, grant->edit);
  EXPECT_EQ(cloud.sync(kSam, kGarageDoor).state, State::pending);
  EXPECT_EQ(cloud.edit_sync(*grant->edit, kPanel)->state, State::superseded);
  cloud.receive(EditApplied{*grant->edit, kSam, std::nullopt});
  EXPECT_EQ(cloud.sync(kSam, kGarageDoor).reason, kWaitingForLockToWake);
}

TEST_F(CloudTest, UntilThePanelConfirmsAnEditItHoldsTheInstalledRecord) {
  // Installed: every initial user with a code, as the directory had them.
  const auto installed = cloud.panel_confirmed(kSam);
  ASSERT_TRUE(installed.has_value());
  EXPECT_EQ(installed->id, kSam);
  EXPECT_EQ(installed->name, "Sam Chen");
  EXPECT_EQ(installed->code->reveal(), kSamsCode);
  EXPECT_EQ(installed->grants, cloud.directory().find(kSam)->grants);
  // A save changes the directory at once, the panel's record only when applied.
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), kSamsCode);
  cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), "6158");
  // A user created since holds nothing on the panel.
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  EXPECT_FALSE(cloud.panel_confirmed(ada).has_value());
}

TEST_F(CloudTest, ADuplicateAnswerIsIgnoredAndALateOlderAnswerNeverReplacesANewerOne) {
  auto first = save_code(kSam, "6158");
  auto second = save_code(kSam, "7093");
  ASSERT_TRUE(first.ok() && second.ok());
  // The panel answers the newer edit first (it ignores stale ones per user).
  cloud.receive(EditApplied{*second->edit, kSam, std::nullopt});
  EXPECT_TRUE(cloud.pending_edits().empty());  // the older one will get no answer
  const auto active = notifications(Notification::Kind::code_active).size();
  cloud.receive(EditApplied{*second->edit, kSam, std::nullopt});  // delivered twice
  EXPECT_EQ(notifications(Notification::Kind::code_active).size(), active);
  cloud.receive(EditApplied{*first->edit, kSam, std::nullopt});  // late, older
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), "7093");
  EXPECT_EQ(cloud.sync(kSam, kPanel).edit, second->edit);
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
}

// ---- the arm race ----------------------------------------------------------------

TEST_F(CloudTest, AnEditRefusedAtThePanelFailsEverywhereAndTheDirectoryRollsBack) {
  auto r = save_code(kSam, "6158");  // sent while disarmed
  ASSERT_TRUE(r.ok());
  scheduler.run_for(sim::Duration::s(30));
  arm_house();  // armed before the edit arrives
  scheduler.run_for(sim::Duration::s(100));
  cloud.receive(EditApplied{*r->edit, kSam, core::ErrorId::system_armed});

  const SyncRow row = cloud.sync_row(kSam);
  EXPECT_EQ(row.panel.state, State::failed);
  EXPECT_EQ(row.panel.error, core::ErrorId::system_armed);
  EXPECT_EQ(row.locks[0].state, State::failed);
  EXPECT_EQ(row.locks[0].error, core::ErrorId::system_armed);
  EXPECT_EQ(row.locks[1].error, core::ErrorId::system_armed);
  EXPECT_EQ(row.locks[2].state, State::none);
  // The directory equals what the devices hold: the previous code.
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), kSamsCode);
  EXPECT_TRUE(cloud.pending_edits().empty());
  // No "your code is active" for a code that is not.
  EXPECT_TRUE(notifications(Notification::Kind::code_active).empty());
  // The new code is free again; the old one is Sam's.
  EXPECT_EQ(cloud.directory()
                .preview(kJordan, core::CodeEdit{core::AccessCode(kSamsCode), {}, {}, {}},
                         std::vector<core::PartitionStatus>{{"House", {}}, {"Garage", {}}})
                .first_error()
                .id,
            core::ErrorId::code_in_use);
}

TEST_F(CloudTest, WhenAnotherUserTookTheOldCodeMeanwhileTheRollbackIsRefusedButStatusesStayTrue) {
  auto sam = save_code(kSam, "6158");
  ASSERT_TRUE(sam.ok());
  // Sam's old code looks free in the directory, so Jordan may take it.
  auto jordan = save_code(kJordan, kSamsCode);
  ASSERT_TRUE(jordan.ok()) << jordan.error().message();
  cloud.receive(EditApplied{*sam->edit, kSam, core::ErrorId::system_armed});
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::failed);
  EXPECT_EQ(cloud.sync(kSam, kPanel).error, core::ErrorId::system_armed);
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), "6158");  // kept: see cloud.hpp
  EXPECT_EQ(cloud.directory().find(kJordan)->code->reveal(), kSamsCode);
  bool conflict = false;
  for (const auto& r : sink->records())
    conflict = conflict || r.kind == "rollback_conflict";
  EXPECT_TRUE(conflict);
}

TEST_F(CloudTest, ARefusedFirstCodeLeavesTheNewUserWithoutOne) {
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  ASSERT_TRUE(cloud.add_contact(session, ada, core::EmailInput{"ada@example.org", "html"}).ok());
  auto r = save_code(ada, "6158", grants({true, false}, {true, false, false}));
  ASSERT_TRUE(r.ok());
  arm_house();
  cloud.receive(EditApplied{*r->edit, ada, core::ErrorId::system_armed});
  const core::User* u = cloud.directory().find(ada);
  ASSERT_NE(u, nullptr);
  EXPECT_FALSE(u->code.has_value());
  EXPECT_EQ(u->contacts.size(), 1U);  // what never reached the panel stays
  EXPECT_EQ(cloud.sync(ada, kPanel).error, core::ErrorId::system_armed);
  EXPECT_FALSE(cloud.panel_confirmed(ada).has_value());
}

TEST_F(CloudTest, OnReconnectionTheQueuedEditIsSentAndRefusedIfArmedMeanwhile) {
  cloud.set_panel_online(false);
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  cloud.set_panel_online(true);
  ASSERT_EQ(sent.size(), 1U);
  // The panel had been armed at the keypad while the link was down.
  cloud.receive(PartitionChanged{kHouse, core::PartitionState::armed_stay, kAlex});
  cloud.receive(EditApplied{*r->edit, kSam, core::ErrorId::system_armed});
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::failed);
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), kSamsCode);
}

// ---- deleting, arming -------------------------------------------------------------

// ---- resending -------------------------------------------------------------------

TEST_F(CloudTest, AnUnansweredEditIsSentAgainWithTheSameIdUntilThePanelAnswers) {
  const EditId e = *save_code(kSam, "6158")->edit;
  ASSERT_EQ(sent.size(), 1U);
  scheduler.run_for(sim::Duration::min(5) - sim::Duration::s(1));
  EXPECT_EQ(sent.size(), 1U);
  scheduler.run_for(sim::Duration::s(1));  // 5 min: sent again
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(edit_sent(1).edit, e);
  EXPECT_EQ(edit_sent(1).record->code->reveal(), "6158");
  scheduler.run_for(sim::Duration::min(10));  // then after 10 min more
  ASSERT_EQ(sent.size(), 3U);
  EXPECT_EQ(cloud.sync(kSam, kPanel).reason, kSentWaitingForPanel);
  cloud.receive(EditApplied{e, kSam, std::nullopt});
  cloud.receive(EditApplied{e, kSam, std::nullopt});  // the repeat's answer
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  scheduler.run_for(sim::Duration::h(2));
  EXPECT_EQ(sent.size(), 3U);  // answered: no more sends
}

TEST_F(CloudTest, AfterEveryTryTheStatusSaysThePanelDidNotConfirmAndALateAnswerStillCounts) {
  const EditId e = *save_code(kSam, "6158")->edit;
  // Sends at 0, 5, 15 and 35 min; the last wait (20 min, the cap) ends at 55.
  scheduler.run_for(sim::Duration::min(55) - sim::Duration::s(1));
  EXPECT_EQ(sent.size(), 4U);
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::pending);
  scheduler.run_for(sim::Duration::s(1));
  EXPECT_EQ(sent.size(), 4U);
  for (const DeviceRef device : {DeviceRef{kPanel}, DeviceRef{kFront}, DeviceRef{kBack}}) {
    const SyncStatus s = cloud.sync(kSam, device);
    EXPECT_EQ(s.state, State::failed);
    EXPECT_EQ(s.error, core::ErrorId::panel_not_confirmed);
  }
  EXPECT_TRUE(cloud.pending_edits().empty());
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), "6158");  // not rolled back
  const std::string_view why = core::sentence(core::ErrorId::panel_not_confirmed);
  EXPECT_NE(why.find("did not confirm"), std::string_view::npos);
  scheduler.run_for(sim::Duration::h(2));
  EXPECT_EQ(sent.size(), 4U);

  cloud.receive(EditApplied{e, kSam, std::nullopt});  // it did arrive after all
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::active);
  EXPECT_EQ(cloud.sync(kSam, kFront).reason, kWaitingForLockToWake);
}

TEST_F(CloudTest, NothingIsResentWhileThePanelIsOffline) {
  const EditId e = *save_code(kSam, "6158")->edit;
  cloud.set_panel_online(false);
  scheduler.run_for(sim::Duration::h(2));
  EXPECT_EQ(sent.size(), 1U);  // the link holds the first send
  EXPECT_EQ(cloud.sync(kSam, kPanel).state, State::pending);
  cloud.set_panel_online(true);
  scheduler.run_for(sim::Duration::min(5));  // a fresh wait from reconnection
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(edit_sent(1).edit, e);
}

TEST_F(CloudTest, ASupersededEditIsNotResent) {
  const EditId first = *save_code(kSam, "6158")->edit;
  const EditId second = *save_code(kSam, "7260")->edit;
  scheduler.run_for(sim::Duration::min(5));
  ASSERT_EQ(sent.size(), 3U);
  EXPECT_EQ(edit_sent(2).edit, second);
  cloud.receive(EditApplied{second, kSam, std::nullopt});
  EXPECT_TRUE(cloud.pending_edits().empty());  // the first will never be answered
  scheduler.run_for(sim::Duration::h(2));
  EXPECT_EQ(sent.size(), 3U);
  EXPECT_EQ(cloud.edit_sync(first, kPanel)->state, State::superseded);
}

TEST_F(CloudTest, DeletingAUserSendsADeleteAndEmailsTheOwner) {
  auto r = cloud.delete_user(session, kJordan);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_FALSE(edit_sent(0).record.has_value());
  EXPECT_EQ(edit_sent(0).user, kJordan);
  EXPECT_EQ(cloud.directory().find(kJordan), nullptr);
  EXPECT_EQ(cloud.sync(kJordan, kGarageDoor).state, State::pending);
  EXPECT_EQ(notifications(Notification::Kind::code_changed).size(), 1U);
  cloud.receive(EditApplied{*r->edit, kJordan, std::nullopt});
  cloud.receive(LockSyncResult{*r->edit, kJordan, kGarageDoor, std::nullopt});
  EXPECT_EQ(cloud.sync(kJordan, kPanel).state, State::none);
  EXPECT_EQ(cloud.sync(kJordan, kGarageDoor).state, State::none);
}

TEST_F(CloudTest, ADeleteRefusedAtThePanelBringsTheUserBack) {
  auto r = cloud.delete_user(session, kJordan);
  ASSERT_TRUE(r.ok());
  cloud.receive(PartitionChanged{kGarage, core::PartitionState::armed_away, kAlex});
  cloud.receive(EditApplied{*r->edit, kJordan, core::ErrorId::system_armed});
  ASSERT_NE(cloud.directory().find(kJordan), nullptr);
  EXPECT_EQ(cloud.directory().find(kJordan)->code->reveal(), "5073");
  EXPECT_EQ(cloud.sync(kJordan, kPanel).error, core::ErrorId::system_armed);
}

// A long session: the journal kept for rollbacks stays short, and a rollback
// after many settled edits still restores what the panel confirmed.
TEST_F(CloudTest, ALongSessionKeepsTheJournalShortAndRollbacksStillRestoreTheConfirmedState) {
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  const core::Grants everything = core::Grants::everything(cloud.directory().config());
  std::string adas_code;
  std::string sams_code;
  for (int i = 0; i < 400; ++i) {
    const core::UserId user = i % 2 == 0 ? ada : kSam;
    auto code = cloud.generate_code(session, user, everything);
    ASSERT_TRUE(code.ok());
    auto r = cloud.save_user(session, user, core::CodeEdit{*code, everything, {}, {}});
    ASSERT_TRUE(r.ok()) << r.error().message();
    ASSERT_TRUE(r->edit.has_value());
    cloud.receive(EditApplied{*r->edit, user, std::nullopt});
    (user == ada ? adas_code : sams_code) = code->reveal();
    if (i % 50 == 0) {
      ASSERT_TRUE(cloud.rename(session, kJordan, "Jordan", "Patel " + std::to_string(i)).ok());
    }
    EXPECT_LE(cloud.journal_size(), Cloud::kJournalFoldAt);
  }
  // Unsettled: Sam's next code, refused at the panel once armed.
  auto code = cloud.generate_code(session, kSam, everything);
  ASSERT_TRUE(code.ok());
  auto r = cloud.save_user(session, kSam, core::CodeEdit{*code, everything, {}, {}});
  ASSERT_TRUE(r.ok());
  arm_house();
  cloud.receive(EditApplied{*r->edit, kSam, core::ErrorId::system_armed});

  // Back to the last confirmed code; what was folded is all still there.
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), sams_code);
  EXPECT_EQ(cloud.panel_confirmed(kSam)->code->reveal(), sams_code);
  ASSERT_NE(cloud.directory().find(ada), nullptr);
  EXPECT_EQ(cloud.directory().find(ada)->code->reveal(), adas_code);
  EXPECT_EQ(cloud.directory().find(ada)->grants, everything);
  EXPECT_EQ(cloud.directory().find(kJordan)->display_name(), "Jordan Patel 350");
  EXPECT_EQ(cloud.directory().find(kAlex)->code, world_directory().find(kAlex)->code);
  EXPECT_EQ(cloud.sync(kSam, kPanel).error, core::ErrorId::system_armed);
  for (const auto& rec : sink->records())
    EXPECT_NE(rec.kind, "rollback_conflict");
}

// An edit the panel never answered can still be rolled back: the journal keeps
// it and what follows, folding only what came before.
TEST_F(CloudTest, AnUnansweredEditHoldsBackTheFoldAndCanStillBeRolledBack) {
  const core::Grants everything = core::Grants::everything(cloud.directory().config());
  auto stuck = save_code(kJordan, "6158");
  ASSERT_TRUE(stuck.ok());
  for (int i = 0; i < 2 * static_cast<int>(Cloud::kJournalFoldAt); ++i) {
    auto code = cloud.generate_code(session, kSam, everything);
    ASSERT_TRUE(code.ok());
    auto r = cloud.save_user(session, kSam, core::CodeEdit{*code, everything, {}, {}});
    ASSERT_TRUE(r.ok()) << r.error().message();
    cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  }
  EXPECT_GT(cloud.journal_size(), Cloud::kJournalFoldAt);  // held back by Jordan's edit
  arm_house();
  cloud.receive(EditApplied{*stuck->edit, kJordan, core::ErrorId::system_armed});
  EXPECT_EQ(cloud.directory().find(kJordan)->code->reveal(), "5073");
  // Once settled, the next operation folds the journal.
  ASSERT_TRUE(cloud.rename(session, kJordan, "Jordan", "P.").ok());
  EXPECT_LE(cloud.journal_size(), Cloud::kJournalFoldAt);
}

// A long session: settled edit records are forgotten, so the cloud keeps few;
// the newest edits' own statuses are still answered, and a rollback afterwards
// still restores what the panel confirmed.
TEST_F(CloudTest, ALongSessionKeepsFewEditRecordsAndTheNewestStillAnswer) {
  const core::UserId ada = *cloud.create_user(session, "Ada", "Lovelace");
  std::vector<EditId> edits;
  std::string sams_code;
  for (int i = 0; i < 400; ++i) {
    edits.push_back(i % 2 == 0 ? save_applied_code(ada) : save_applied_code(kSam, &sams_code));
    EXPECT_LE(cloud.edits_kept(), Cloud::kEditsForgetAt);
  }
  EXPECT_FALSE(cloud.edit_sync(edits.front(), kPanel).has_value());  // forgotten
  for (std::size_t i = edits.size() - Cloud::kEditsKept; i < edits.size(); ++i) {
    const auto panel = cloud.edit_sync(edits[i], kPanel);
    ASSERT_TRUE(panel.has_value()) << i;
    EXPECT_EQ(panel->state, SyncStatus::State::active);
  }
  // Sam's last edit still waits for the Front Door to wake.
  const auto front = cloud.edit_sync(edits.back(), core::LockIndex{0});
  ASSERT_TRUE(front.has_value());
  EXPECT_EQ(front->reason, kWaitingForLockToWake);

  // Refused once armed: back to the code the panel confirmed last.
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok()) << r.error().message();
  arm_house();
  cloud.receive(EditApplied{*r->edit, kSam, core::ErrorId::system_armed});
  EXPECT_EQ(cloud.directory().find(kSam)->code->reveal(), sams_code);
  EXPECT_EQ(cloud.edit_sync(*r->edit, kPanel)->error, core::ErrorId::system_armed);
}

// An edit the panel has not answered is never forgotten: its status is still
// answered and a late answer still finds it. Jordan's newest edit waits for
// the panel; an older one went unanswered (the panel answered a later one).
TEST_F(CloudTest, AnEditThePanelHasNotAnsweredIsNeverForgotten) {
  auto unanswered = save_code(kJordan, "6158");
  auto answered = save_code(kJordan, "2947");
  ASSERT_TRUE(unanswered.ok() && answered.ok());
  cloud.receive(EditApplied{*answered->edit, kJordan, std::nullopt});
  auto waiting = save_code(kJordan, "3816");
  ASSERT_TRUE(waiting.ok());
  for (std::size_t i = 0; i < 2 * Cloud::kEditsForgetAt; ++i)
    save_applied_code(kSam);
  EXPECT_LE(cloud.edits_kept(), Cloud::kEditsForgetAt);
  EXPECT_FALSE(cloud.edit_sync(*answered->edit, kPanel).has_value());  // settled: forgotten
  ASSERT_TRUE(cloud.edit_sync(*unanswered->edit, kPanel).has_value());
  const auto pending = cloud.edit_sync(*waiting->edit, kPanel);
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->state, SyncStatus::State::pending);
  cloud.receive(EditApplied{*unanswered->edit, kJordan, std::nullopt});
  cloud.receive(EditApplied{*waiting->edit, kJordan, std::nullopt});
  EXPECT_EQ(cloud.edit_sync(*waiting->edit, kPanel)->state, SyncStatus::State::active);
  EXPECT_EQ(cloud.sync(kJordan, kPanel).state, SyncStatus::State::active);
  for (const auto& rec : sink->records())
    EXPECT_NE(rec.kind, "unknown_edit_result");
}

TEST_F(CloudTest, RemoteArmAndDisarmSendCommandsAndQueueWhileOffline) {
  auto a = cloud.arm(session, kHouse, ArmMode::stay);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(sent.size(), 1U);
  const auto& cmd = std::get<RemoteArmCommand>(sent[0]);
  EXPECT_EQ(cmd.partition, kHouse);
  EXPECT_EQ(cmd.target, core::PartitionState::armed_stay);
  EXPECT_EQ(cmd.edit, *a);
  // Known state changes only when the panel reports it.
  EXPECT_EQ(cloud.known_partitions()[0].state, core::PartitionState::disarmed);
  EXPECT_EQ(cloud.arm(session, core::PartitionIndex{7}, ArmMode::away).error().id,
            core::ErrorId::partition_unknown);

  cloud.set_panel_online(false);
  auto d = cloud.disarm(session, kHouse);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(sent.size(), 1U);
  ASSERT_EQ(cloud.pending_edits().size(), 1U);
  EXPECT_EQ(cloud.pending_edits()[0].kind, PendingEdit::Kind::disarm);
  cloud.set_panel_online(true);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(std::get<RemoteArmCommand>(sent[1]).target, core::PartitionState::disarmed);
}

// ---- generate code ----------------------------------------------------------------

TEST_F(CloudTest, GenerateCodeDrawsFromTheSeededStreamAndTracesTheCodeOnlyAsASecret) {
  const core::Grants g = cloud.directory().find(kSam)->grants;
  auto code = cloud.generate_code(session, kSam, g);
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(cloud.directory()
                  .preview(kSam, core::CodeEdit{*code, {}, {}, {}}, cloud.known_partitions())
                  .ok());
  // Same seed, same draw.
  NiceMock<MockDownlink> other_link;
  Outbox other_outbox;
  sim::Trace other_trace;
  Cloud twin =
      make_cloud(other_trace, other_link, other_outbox, Account{"owner@example.com", "pw", "Alex"});
  auto s = *twin.log_in("owner@example.com", "pw", Channel::api);
  EXPECT_EQ(twin.generate_code(s, kSam, g)->reveal(), code->reveal());

  bool seen = false;
  for (const auto& r : sink->records()) {
    if (r.kind != "code_generated") continue;
    seen = true;
    const sim::TraceField* f = r.find("code");
    ASSERT_NE(f, nullptr);
    EXPECT_TRUE(f->secret);
    EXPECT_EQ(std::get<std::string>(f->value), sim::kMasked);
  }
  EXPECT_TRUE(seen);
}

// ---- notifications --------------------------------------------------------------

TEST_F(CloudTest, TheOwnerIsEmailedOnEveryUserCodeChange) {
  ASSERT_TRUE(save_code(kSam, "6158").ok());
  ASSERT_TRUE(
      cloud
          .save_user(session, kJordan,
                     core::CodeEdit{{}, grants({false, true}, {false, false, false}), {}, {}})
          .ok());
  ASSERT_TRUE(cloud.rename(session, kSam, "Samuel", "Chen").ok());  // not a code change
  const auto mails = notifications(Notification::Kind::code_changed);
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_EQ(mails[0]->to, "owner@example.com");
  EXPECT_EQ(mails[0]->via, Notification::Via::email);
  EXPECT_NE(mails[0]->body.find("A user code was changed for Sam Chen at Home"), std::string::npos);
  EXPECT_NE(mails[1]->body.find("Jordan Patel"), std::string::npos);
  EXPECT_FALSE(mails[0]->carries_code);
}

TEST_F(CloudTest, TheUsersContactsHearWhenTheirCodeIsActiveByTextAndEmail) {
  ASSERT_TRUE(
      cloud.add_contact(session, kSam, core::MobileInput{"(415) 555-2671", "US", "Verizon"}).ok());
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(notifications(Notification::Kind::code_active).empty());
  cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  const auto active = notifications(Notification::Kind::code_active);
  ASSERT_EQ(active.size(), 2U);  // sam.chen@example.com (plain text) and the mobile
  EXPECT_EQ(active[0]->to, "sam.chen@example.com");
  EXPECT_EQ(active[0]->format, core::EmailFormat::plain_text);
  EXPECT_EQ(active[1]->via, Notification::Via::sms);
  EXPECT_EQ(active[1]->to, "4155552671@vtext.com");
  EXPECT_EQ(active[1]->carrier, "Verizon");
  EXPECT_LE(active[1]->body.size(), kSmsMaxBytes);
}

TEST_F(CloudTest, DisarmingByAUsersCodeAndDuressAreReportedToTheOwner) {
  arm_house();
  cloud.receive(PartitionChanged{kHouse, core::PartitionState::disarmed, kSam});
  cloud.receive(PartitionChanged{kHouse, core::PartitionState::disarmed, kSam});  // no change
  const auto disarmed = notifications(Notification::Kind::code_disarmed);
  ASSERT_EQ(disarmed.size(), 1U);
  EXPECT_EQ(disarmed[0]->to, "owner@example.com");
  EXPECT_NE(disarmed[0]->body.find("Sam Chen"), std::string::npos);
  EXPECT_NE(disarmed[0]->body.find("House"), std::string::npos);

  cloud.receive(PanelEvent{PanelEventKind::duress_alarm, kJordan, kGarage, std::nullopt});
  const auto duress = notifications(Notification::Kind::duress_used);
  ASSERT_EQ(duress.size(), 1U);
  EXPECT_EQ(duress[0]->to, "owner@example.com");
  EXPECT_NE(duress[0]->body.find("Garage"), std::string::npos);
}

// Untraced, a cloud keeps each user's "code disarmed" notice and shares it
// with the outbox; what the owner reads must be what a traced cloud writes
// afresh each time, through renames, deletions and new users.
TEST_F(CloudTest, UntracedDisarmNoticesReadAsIfWrittenAtEachDisarm) {
  sim::Trace quiet;  // no sink: not enabled
  NiceMock<MockDownlink> quiet_downlink;
  Outbox quiet_outbox;
  Cloud untraced = make_cloud(quiet, quiet_downlink, quiet_outbox);
  const Session quiet_session =
      *untraced.log_in("owner@example.com", "correct horse", Channel::website);
  auto both = [&](auto&& step) {
    step(cloud, session);
    step(untraced, quiet_session);
  };
  auto disarm = [&](core::PartitionIndex p, core::UserId by) {
    both([&](Cloud& c, const Session&) {
      c.receive(PartitionChanged{p, core::PartitionState::armed_away, kAlex});
      c.receive(PartitionChanged{p, core::PartitionState::disarmed, by});
    });
    scheduler.run_for(sim::Duration::s(1));
  };
  disarm(kHouse, kSam);
  disarm(kGarage, kSam);
  disarm(kHouse, kSam);
  disarm(kHouse, core::UserId{4});  // nobody yet: "A user"
  both([](Cloud& c, const Session& s) { ASSERT_TRUE(c.rename(s, kSam, "Samuel", "Chen").ok()); });
  disarm(kHouse, kSam);
  disarm(kGarage, kJordan);
  both([](Cloud& c, const Session& s) {
    ASSERT_EQ(c.create_user(s, "Robin", "Gray").value(), core::UserId{4});
  });
  disarm(kHouse, core::UserId{4});
  both([](Cloud& c, const Session& s) { ASSERT_TRUE(c.delete_user(s, kSam).ok()); });
  disarm(kHouse, kSam);
  disarm(kGarage, kJordan);

  const auto& traced_sent = outbox.sent();
  const auto& untraced_sent = quiet_outbox.sent();
  ASSERT_EQ(untraced_sent.size(), traced_sent.size());
  EXPECT_EQ(quiet_outbox.total(), outbox.total());
  std::vector<std::string> disarm_bodies;
  for (std::size_t i = 0; i < traced_sent.size(); ++i) {
    const Notification& a = traced_sent[i];
    const Notification& b = untraced_sent[i];
    EXPECT_EQ(
        std::tie(a.at, a.kind, a.via, a.to, a.carrier, a.format, a.subject, a.body, a.carries_code),
        std::tie(b.at, b.kind, b.via, b.to, b.carrier, b.format, b.subject, b.body, b.carries_code))
        << "notification " << i;
    if (b.kind == Notification::Kind::code_disarmed) disarm_bodies.push_back(b.body);
  }
  ASSERT_EQ(disarm_bodies.size(), 9U);
  EXPECT_NE(disarm_bodies[0].find("Sam Chen"), std::string::npos);
  EXPECT_NE(disarm_bodies[1].find("Garage"), std::string::npos);
  EXPECT_NE(disarm_bodies[3].find("A user"), std::string::npos);
  EXPECT_NE(disarm_bodies[4].find("Samuel Chen"), std::string::npos);
  EXPECT_NE(disarm_bodies[6].find("Robin Gray"), std::string::npos);
  EXPECT_NE(disarm_bodies[7].find("A user"), std::string::npos);
}

TEST_F(CloudTest, ShareUserCodeIsTheOnlyMessageThatCarriesACodeAndGoesToTheUsersOwnContacts) {
  ASSERT_TRUE(
      cloud.add_contact(session, kSam, core::MobileInput{"+1 415 555 2672", "US", "T-Mobile"})
          .ok());
  auto shared = cloud.share_user_code(session, kSam);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(*shared, 2U);
  const auto shares = notifications(Notification::Kind::share_user_code);
  ASSERT_EQ(shares.size(), 2U);
  for (const auto* n : shares) {
    EXPECT_TRUE(n->carries_code);
    EXPECT_NE(n->body.find(kSamsCode), std::string::npos);
    EXPECT_TRUE(n->to == "sam.chen@example.com" || n->to == "4155552672@tmomail.net") << n->to;
  }
  EXPECT_EQ(cloud.share_user_code(session, *cloud.create_user(session, "No", "Code")).error().id,
            core::ErrorId::code_required);
  EXPECT_EQ(cloud.share_user_code(session, core::UserId{77}).error().id,
            core::ErrorId::user_not_found);

  // Every other kind of message, with every code in play: none carries one.
  auto r = save_code(kSam, "6158");
  cloud.receive(EditApplied{*r->edit, kSam, std::nullopt});
  arm_house();
  cloud.receive(PartitionChanged{kHouse, core::PartitionState::disarmed, kSam});
  cloud.receive(PanelEvent{PanelEventKind::duress_alarm, kSam, kHouse, std::nullopt});
  for (const auto& n : outbox.sent()) {
    if (n.kind == Notification::Kind::share_user_code) continue;
    EXPECT_FALSE(n.carries_code);
    for (const char* code : {"6158", kSamsCode, "4827", "5073"}) {
      EXPECT_EQ(n.body.find(code), std::string::npos) << to_string(n.kind) << ": " << n.body;
      EXPECT_EQ(n.subject.find(code), std::string::npos);
    }
  }
  EXPECT_GE(outbox.sent().size(), 6U);
}

TEST_F(CloudTest, NoTraceRecordShowsACodeInTheClear) {
  ASSERT_TRUE(save_code(kSam, "6158").ok());
  (void)cloud.generate_code(session, kSam, cloud.directory().find(kSam)->grants);
  (void)cloud.share_user_code(session, kSam);
  ASSERT_FALSE(sink->records().empty());
  for (const auto& r : sink->records()) {
    const std::string line = sim::to_json_line(r);
    EXPECT_EQ(line.find("6158"), std::string::npos) << line;
    EXPECT_EQ(line.find(kSamsCode), std::string::npos) << line;
  }
}

TEST_F(CloudTest, EveryServiceCallIsTracedWithItsUserEditAndChannel) {
  auto r = save_code(kSam, "6158");
  ASSERT_TRUE(r.ok());
  const sim::TraceRecord* saved = nullptr;
  for (const auto& rec : sink->records())
    if (rec.kind == "user_saved") saved = &rec;
  ASSERT_NE(saved, nullptr);
  EXPECT_EQ(saved->component, "cloud");
  EXPECT_EQ(std::get<std::int64_t>(saved->find("user")->value), 2);
  EXPECT_EQ(std::get<std::int64_t>(saved->find("edit")->value),
            static_cast<std::int64_t>(r->edit->value));
  EXPECT_EQ(std::get<std::string>(saved->find("channel")->value), "website");
}

}  // namespace
}  // namespace lockstep::devices
