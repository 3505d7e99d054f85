// Panel: every partition transition, edits from the cloud (applied, refused
// while armed, programming while armed), the lock sync with its retries and
// refusals, frames from locks, power cycles, keypad checks and duress.
// Locks are GoogleMock radios; acknowledgements are zwave frames fed to
// receive_frame() by the test.
#include "devices/panel.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/directory.hpp"
#include "devices/zwave.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {
namespace {

using core::ErrorId;
using core::LockIndex;
using core::PartitionIndex;
using core::PartitionState;
using core::UserId;
using sim::Duration;
using ::testing::_;
using ::testing::NiceMock;

class MockUplink : public Port<PanelToCloud> {
 public:
  MOCK_METHOD(void, send, (PanelToCloud &&), (override));
};

class MockRadio : public FramePort {
 public:
  MOCK_METHOD(void, send, (Frame &&), (override));
};

class MockStore : public UserStore {
 public:
  MOCK_METHOD(std::vector<PanelUser>, load, (), (override));
  MOCK_METHOD(void, save, (const std::vector<PanelUser>&), (override));
};

constexpr PartitionIndex kHouse{0};
constexpr PartitionIndex kGarage{1};
constexpr LockIndex kFront{0};
constexpr LockIndex kBack{1};
constexpr LockIndex kGarageDoor{2};

core::SystemConfig make_config(bool programming_while_armed = false) {
  core::SystemConfig c;
  c.name = "Test Site";
  c.panel.model = "test-panel";
  c.panel.max_users = 48;
  c.panel.code_lengths = core::CodeLengths{4, 4};
  c.panel.max_partitions = 2;
  c.panel.keypad_lockout = core::LockoutRule{3, std::chrono::minutes(3)};
  c.panel.programming_while_armed = programming_while_armed;
  c.partitions = {{"House"}, {"Garage"}};
  core::LockSpec big;
  big.model = "test-deadbolt";
  big.slots = 30;
  core::LockSpec small = big;
  small.model = "test-small";
  small.slots = 2;
  c.locks = {{"Front Door", big}, {"Back Door", big}, {"Garage Door", small}};
  return c;
}

PanelUser make_user(std::uint32_t id, std::string name, std::string code,
                    std::vector<bool> partitions = {true, true},
                    std::vector<bool> locks = {true, true, true},
                    core::Role role = core::Role::standard) {
  PanelUser u;
  u.id = UserId(id);
  u.name = std::move(name);
  u.role = role;
  u.code = core::AccessCode(std::move(code));
  u.grants.partitions = core::Toggles::of(partitions);
  u.grants.locks = core::Toggles::of(locks);
  return u;
}

template <class T>
std::vector<T> only(const std::vector<PanelToCloud>& messages) {
  std::vector<T> out;
  for (const auto& m : messages) {
    if (const auto* v = std::get_if<T>(&m)) out.push_back(*v);
  }
  return out;
}

zwave::UserCodeSet as_set(const Frame& frame) {
  const auto decoded = zwave::decode(frame);
  EXPECT_TRUE(decoded.ok()) << decoded.error;
  if (!decoded.ok()) return {};
  const auto* set = std::get_if<zwave::UserCodeSet>(&*decoded.message);
  EXPECT_NE(set, nullptr);
  return set != nullptr ? *set : zwave::UserCodeSet{};
}

// The slot of a User Code Get, or 0 when the frame is something else.
std::uint16_t get_slot(const Frame& frame) {
  const auto decoded = zwave::decode(frame);
  if (!decoded.ok()) return 0;
  const auto* get = std::get_if<zwave::UserCodeGet>(&*decoded.message);
  return get != nullptr ? get->slot : 0;
}

std::size_t count_sets(const std::vector<Frame>& frames) {
  std::size_t n = 0;
  for (const Frame& f : frames) {
    const auto decoded = zwave::decode(f);
    if (decoded.ok() && std::holds_alternative<zwave::UserCodeSet>(*decoded.message)) ++n;
  }
  return n;
}

class PanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    trace.add_sink(sink);
    ON_CALL(uplink, send(_)).WillByDefault([this](PanelToCloud m) { sent.push_back(m); });
    for (std::size_t i = 0; i < radios.size(); ++i) {
      ON_CALL(radios[i], send(_)).WillByDefault([this, i](Frame f) { frames[i].push_back(f); });
    }
    ON_CALL(store, load()).WillByDefault([this] { return stored; });
    ON_CALL(store, save(_)).WillByDefault([this](const std::vector<PanelUser>& u) {
      stored = u;
      ++saves;
    });
  }

  void build(core::SystemConfig config = make_config(), PanelTiming timing = {}) {
    panel =
        std::make_unique<Panel>(sched, trace, config, timing, uplink,
                                std::vector<FramePort*>{&radios[0], &radios[1], &radios[2]}, store);
  }

  void edit(std::uint64_t id, PanelUser user) {
    const UserId uid = user.id;
    panel->receive(ApplyUserEdit{EditId(id), uid, std::move(user)});
  }
  void remove(std::uint64_t id, std::uint32_t user) {
    panel->receive(ApplyUserEdit{EditId(id), UserId(user), std::nullopt});
  }
  void ack(LockIndex lock, zwave::AccessEvent event, std::uint16_t slot) {
    panel->receive_frame(lock, zwave::encode(zwave::AccessNotification{event, slot}));
  }
  void report(LockIndex lock, std::uint16_t slot, std::optional<std::string> code) {
    zwave::UserCodeReport r{slot, zwave::SlotStatus::available, {}};
    if (code) {
      r.status = zwave::SlotStatus::enabled;
      r.code = core::AccessCode(*code);
    }
    panel->receive_frame(lock, zwave::encode(r));
  }
  // The event log's newest lines are `expected`, in order.
  void expect_log_ends_with(const std::vector<std::string>& expected) {
    std::vector<std::string> lines;
    for (const auto& entry : panel->event_log())
      lines.push_back(entry.text);
    ASSERT_GE(lines.size(), expected.size());
    EXPECT_EQ(std::vector<std::string>(lines.end() - static_cast<std::ptrdiff_t>(expected.size()),
                                       lines.end()),
              expected);
  }
  // Adds a user and acknowledges every frame it causes on every lock.
  void add_synced(std::uint64_t edit_id, PanelUser user) {
    edit(edit_id, std::move(user));
    for (std::size_t i = 0; i < 3; ++i) {
      while (!panel->pending_ops(LockIndex(static_cast<std::uint32_t>(i))).empty()) {
        const auto& op = panel->pending_ops(LockIndex(static_cast<std::uint32_t>(i))).front();
        ack(LockIndex(static_cast<std::uint32_t>(i)),
            op.op.kind == core::SlotOpKind::set ? zwave::AccessEvent::code_added
                                                : zwave::AccessEvent::code_deleted,
            static_cast<std::uint16_t>(op.op.slot.value + 1));
      }
    }
  }
  // Answers the frame in flight on `lock` as a lock that takes everything
  // would, until nothing is in flight; returns the frames it answered.
  std::vector<zwave::Message> answer_all(LockIndex lock) {
    std::vector<zwave::Message> answered;
    while (!panel->pending_ops(lock).empty()) {
      const auto decoded = zwave::decode(frames[lock.value].back());
      if (!decoded.ok()) break;
      answered.push_back(*decoded.message);
      if (const auto* sup = std::get_if<zwave::SupervisionGet>(&*decoded.message)) {
        panel->receive_frame(lock, zwave::encode(zwave::SupervisionReport{
                                       sup->session, zwave::SupervisionStatus::success}));
      } else if (const auto* set = std::get_if<zwave::UserCodeSet>(&*decoded.message)) {
        ack(lock,
            set->status == zwave::SlotStatus::available ? zwave::AccessEvent::code_deleted
                                                        : zwave::AccessEvent::code_added,
            set->slot);
      } else {
        break;
      }
    }
    return answered;
  }
  void clear_outputs() {
    sent.clear();
    for (auto& f : frames)
      f.clear();
  }
  PartitionState state(PartitionIndex p) const { return panel->partitions()[p.value].state; }

  sim::Scheduler sched;
  sim::Trace trace;
  std::shared_ptr<sim::MemorySink> sink = std::make_shared<sim::MemorySink>();
  NiceMock<MockUplink> uplink;
  std::array<NiceMock<MockRadio>, 3> radios;
  NiceMock<MockStore> store;
  std::vector<PanelUser> stored;
  int saves = 0;
  std::vector<PanelToCloud> sent;
  std::array<std::vector<Frame>, 3> frames;
  std::unique_ptr<Panel> panel;
};

// ---- partitions ----------------------------------------------------------------

TEST_F(PanelTest, StartsDisarmedWithTheStoredUsers) {
  stored = {make_user(2, "Bo Li", "2222"), make_user(1, "Ada Lovelace", "1111")};
  build();
  EXPECT_TRUE(panel->powered());
  EXPECT_TRUE(panel->online());
  ASSERT_EQ(panel->users().size(), 2U);
  EXPECT_EQ(panel->users()[0].id, UserId(1));  // ascending id
  EXPECT_TRUE(panel->all_disarmed());
  const auto statuses = panel->partition_statuses();
  ASSERT_EQ(statuses.size(), 2U);
  EXPECT_EQ(statuses[0].name, "House");
  EXPECT_EQ(statuses[1].state, PartitionState::disarmed);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(panel->believed_slots(kFront).size(), 30U);
  EXPECT_EQ(panel->believed_slots(kGarageDoor).size(), 2U);
}

TEST_F(PanelTest, ArmAwayRunsTheExitDelayThenArms) {
  build();
  ASSERT_TRUE(panel->arm(kHouse, PartitionState::armed_away, UserId(3)));
  EXPECT_EQ(state(kHouse), PartitionState::exit_delay);
  EXPECT_EQ(panel->partitions()[0].mode, PartitionState::armed_away);
  EXPECT_EQ(panel->partitions()[0].deadline, sim::Time::zero() + Duration::s(30));
  auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].partition, kHouse);
  EXPECT_EQ(changes[0].state, PartitionState::exit_delay);
  EXPECT_EQ(changes[0].by, UserId(3));

  sched.run_for(Duration::s(29));
  EXPECT_EQ(state(kHouse), PartitionState::exit_delay);
  sched.run_for(Duration::s(1));
  EXPECT_EQ(state(kHouse), PartitionState::armed_away);
  EXPECT_FALSE(panel->partitions()[0].deadline.has_value());
  changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[1].state, PartitionState::armed_away);
  EXPECT_EQ(changes[1].by, UserId(3));
  EXPECT_EQ(state(kGarage), PartitionState::disarmed);  // partitions are independent
}

TEST_F(PanelTest, StayAndNightUseTheExitDelayToo) {
  build();
  ASSERT_TRUE(panel->arm(kHouse, PartitionState::armed_stay));
  ASSERT_TRUE(panel->arm(kGarage, PartitionState::armed_night));
  EXPECT_EQ(state(kHouse), PartitionState::exit_delay);
  EXPECT_EQ(state(kGarage), PartitionState::exit_delay);
  sched.run_for(Duration::s(30));
  EXPECT_EQ(state(kHouse), PartitionState::armed_stay);
  EXPECT_EQ(state(kGarage), PartitionState::armed_night);
}

TEST_F(PanelTest, ZeroExitDelayArmsAtOnce) {
  PanelTiming timing;
  timing.exit_delay = Duration::zero();
  build(make_config(), timing);
  ASSERT_TRUE(panel->arm(kHouse, PartitionState::armed_away, UserId(1)));
  EXPECT_EQ(state(kHouse), PartitionState::armed_away);
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].state, PartitionState::armed_away);
}

TEST_F(PanelTest, ArmIsRefusedUnlessDisarmedAndForNonArmedModes) {
  build();
  EXPECT_FALSE(panel->arm(kHouse, PartitionState::alarm));
  EXPECT_FALSE(panel->arm(kHouse, PartitionState::disarmed));
  EXPECT_FALSE(panel->arm(PartitionIndex(7), PartitionState::armed_away));
  ASSERT_TRUE(panel->arm(kHouse, PartitionState::armed_away));
  EXPECT_FALSE(panel->arm(kHouse, PartitionState::armed_stay));  // in exit delay
  sched.run_for(Duration::s(30));
  EXPECT_FALSE(panel->arm(kHouse, PartitionState::armed_stay));  // armed
  EXPECT_EQ(state(kHouse), PartitionState::armed_away);
  EXPECT_EQ(only<PartitionChanged>(sent).size(), 2U);
}

TEST_F(PanelTest, DisarmDuringExitDelayCancelsTheArming) {
  build();
  panel->arm(kHouse, PartitionState::armed_away);
  sched.run_for(Duration::s(10));
  ASSERT_TRUE(panel->disarm(kHouse, UserId(2)));
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
  sched.run_for(Duration::min(5));
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[1].state, PartitionState::disarmed);
  EXPECT_EQ(changes[1].by, UserId(2));
  EXPECT_FALSE(panel->disarm(kHouse));  // already disarmed: nothing to report
  EXPECT_EQ(only<PartitionChanged>(sent).size(), 2U);
}

TEST_F(PanelTest, DisarmFromArmed) {
  build();
  panel->arm(kHouse, PartitionState::armed_night);
  sched.run_for(Duration::s(30));
  ASSERT_TRUE(panel->disarm(kHouse, UserId(1)));
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
}

TEST_F(PanelTest, EntryDelayThenAlarm) {
  build();
  EXPECT_FALSE(panel->trip_entry(kHouse));  // disarmed: nothing
  panel->arm(kHouse, PartitionState::armed_away);
  EXPECT_FALSE(panel->trip_entry(kHouse));  // leaving during the exit delay
  sched.run_for(Duration::s(30));
  ASSERT_TRUE(panel->trip_entry(kHouse));
  EXPECT_EQ(state(kHouse), PartitionState::entry_delay);
  EXPECT_EQ(panel->partitions()[0].mode, PartitionState::armed_away);
  EXPECT_FALSE(panel->trip_entry(kHouse));  // already counting
  sched.run_for(Duration::s(29));
  EXPECT_EQ(state(kHouse), PartitionState::entry_delay);
  sched.run_for(Duration::s(1));
  EXPECT_EQ(state(kHouse), PartitionState::alarm);
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 4U);
  EXPECT_EQ(changes[2].state, PartitionState::entry_delay);
  EXPECT_EQ(changes[3].state, PartitionState::alarm);

  ASSERT_TRUE(panel->disarm(kHouse, UserId(1)));  // alarm → disarmed
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
}

TEST_F(PanelTest, DisarmDuringEntryDelayPreventsTheAlarm) {
  build();
  panel->arm(kHouse, PartitionState::armed_stay);
  sched.run_for(Duration::s(30));
  panel->trip_entry(kHouse);
  sched.run_for(Duration::s(12));
  ASSERT_TRUE(panel->disarm(kHouse, UserId(1)));
  sched.run_for(Duration::min(2));
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
}

TEST_F(PanelTest, ZeroEntryDelayGoesStraightToAlarm) {
  PanelTiming timing;
  timing.exit_delay = Duration::zero();
  timing.entry_delay = Duration::zero();
  build(make_config(), timing);
  panel->arm(kGarage, PartitionState::armed_night);
  ASSERT_TRUE(panel->trip_entry(kGarage));
  EXPECT_EQ(state(kGarage), PartitionState::alarm);
}

TEST_F(PanelTest, RemoteArmCommandArmsAndDisarms) {
  build();
  panel->receive(RemoteArmCommand{EditId(1), kGarage, PartitionState::armed_away});
  EXPECT_EQ(state(kGarage), PartitionState::exit_delay);
  sched.run_for(Duration::s(30));
  EXPECT_EQ(state(kGarage), PartitionState::armed_away);
  panel->receive(RemoteArmCommand{EditId(2), kGarage, PartitionState::disarmed});
  EXPECT_EQ(state(kGarage), PartitionState::disarmed);
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_FALSE(changes[0].by.has_value());  // remote: no user code
}

TEST_F(PanelTest, RemoteArmCommandThatChangesNothingReReportsTheState) {
  build();
  panel->receive(RemoteArmCommand{EditId(1), kHouse, PartitionState::disarmed});
  panel->receive(RemoteArmCommand{EditId(2), kHouse, PartitionState::alarm});
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[0].state, PartitionState::disarmed);
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
  panel->receive(RemoteArmCommand{EditId(3), PartitionIndex(9), PartitionState::armed_away});
  EXPECT_EQ(only<PartitionChanged>(sent).size(), 2U);
}

// ---- edits ---------------------------------------------------------------------

TEST_F(PanelTest, EditAppliedWhenDisarmedSavesAndSyncsExactlyTheGrantedLocks) {
  build();
  EXPECT_CALL(store, save(_)).Times(1);
  EXPECT_CALL(radios[0], send(_)).Times(1);
  EXPECT_CALL(radios[1], send(_)).Times(0);
  EXPECT_CALL(radios[2], send(_)).Times(1);
  edit(5, make_user(3, "Alex Rivera", "4812", {true, false}, {true, false, true}));

  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0].edit, EditId(5));
  EXPECT_EQ(applied[0].user, UserId(3));
  EXPECT_FALSE(applied[0].error.has_value());
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].id, UserId(3));
  ASSERT_EQ(panel->users().size(), 1U);
  EXPECT_EQ(panel->users()[0].name, "Alex Rivera");

  ASSERT_EQ(frames[0].size(), 1U);
  const auto set = as_set(frames[0][0]);
  EXPECT_EQ(set.slot, 1);
  EXPECT_EQ(set.status, zwave::SlotStatus::enabled);
  EXPECT_EQ(set.code.reveal(), "4812");
  EXPECT_EQ(as_set(frames[2][0]).slot, 1);
  ASSERT_EQ(panel->pending_ops(kFront).size(), 1U);
  EXPECT_EQ(panel->pending_ops(kFront).front().edit, EditId(5));
  EXPECT_EQ(panel->pending_ops(kFront).front().attempts, 1U);
  EXPECT_TRUE(panel->pending_ops(kBack).empty());
  EXPECT_TRUE(only<LockSyncResult>(sent).empty());  // nothing acknowledged yet
}

TEST_F(PanelTest, AcknowledgementUpdatesTheBelievedTableAndReportsOk) {
  build();
  edit(5, make_user(3, "Alex Rivera", "4812", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::code_added, 1);
  ASSERT_TRUE(panel->believed_slots(kFront)[0].has_value());
  EXPECT_EQ(panel->believed_slots(kFront)[0]->user, UserId(3));
  EXPECT_EQ(panel->believed_slots(kFront)[0]->code.reveal(), "4812");
  EXPECT_TRUE(panel->pending_ops(kFront).empty());
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(5));
  EXPECT_EQ(results[0].user, UserId(3));
  EXPECT_EQ(results[0].lock, kFront);
  EXPECT_FALSE(results[0].error.has_value());
  sched.run_for(Duration::min(5));
  EXPECT_EQ(frames[0].size(), 1U);  // no retry after the acknowledgement
}

TEST_F(PanelTest, EditRefusedWhileArmedChangesNothing) {
  stored = {make_user(1, "Ada Lovelace", "1111")};
  build();
  panel->arm(kGarage, PartitionState::armed_away);
  sched.run_for(Duration::s(30));
  clear_outputs();
  EXPECT_CALL(store, save(_)).Times(0);
  for (auto& r : radios)
    EXPECT_CALL(r, send(_)).Times(0);
  edit(9, make_user(1, "Ada Lovelace", "9999"));
  edit(10, make_user(2, "Bo Li", "2222"));
  remove(11, 1);

  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 3U);
  for (const auto& a : applied) {
    ASSERT_TRUE(a.error.has_value());
    EXPECT_EQ(*a.error, ErrorId::system_armed);
  }
  ASSERT_EQ(panel->users().size(), 1U);
  EXPECT_EQ(panel->users()[0].code->reveal(), "1111");
  EXPECT_TRUE(only<LockSyncResult>(sent).empty());
}

TEST_F(PanelTest, EditRefusedDuringAnExitDelay) {
  build();
  panel->arm(kHouse, PartitionState::armed_stay);
  edit(1, make_user(1, "Ada Lovelace", "1111"));
  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0].error, ErrorId::system_armed);
  EXPECT_TRUE(panel->users().empty());
}

TEST_F(PanelTest, PanelThatProgramsWhileArmedAppliesTheEdit) {
  build(make_config(/*programming_while_armed=*/true));
  panel->arm(kHouse, PartitionState::armed_away);
  sched.run_for(Duration::s(30));
  EXPECT_CALL(store, save(_)).Times(1);
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_FALSE(applied[0].error.has_value());
  EXPECT_EQ(panel->users().size(), 1U);
  EXPECT_EQ(frames[0].size(), 1U);
}

TEST_F(PanelTest, UserTableFullIsRefused) {
  auto config = make_config();
  config.panel.max_users = 1;
  build(config);
  edit(1, make_user(1, "Ada Lovelace", "1111"));
  edit(2, make_user(2, "Bo Li", "2222"));
  edit(3, make_user(1, "Ada Lovelace", "1112"));  // a change still fits
  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 3U);
  EXPECT_FALSE(applied[0].error.has_value());
  EXPECT_EQ(applied[1].error, ErrorId::user_limit_reached);
  EXPECT_FALSE(applied[2].error.has_value());
  EXPECT_EQ(panel->users().size(), 1U);
}

TEST_F(PanelTest, StaleAndRepeatedEditsAreNotAppliedAgain) {
  build();
  edit(5, make_user(1, "Ada Lovelace", "1111"));
  EXPECT_CALL(store, save(_)).Times(0);
  edit(5, make_user(1, "Ada Lovelace", "1111"));  // delivered twice
  edit(4, make_user(1, "Ada Lovelace", "4444"));  // older than the last applied
  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 2U);
  EXPECT_EQ(applied[1].edit, EditId(5));
  EXPECT_EQ(panel->users()[0].code->reveal(), "1111");
}

// The cloud resends an edit it has no answer to: a repeat gets the first
// answer again, a refusal too, even after the panel was disarmed meanwhile.
TEST_F(PanelTest, ARepeatedEditGetsItsFirstAnswerAgainAndIsAppliedOnce) {
  build();
  panel->arm(kGarage, PartitionState::armed_away);
  sched.run_for(Duration::s(30));
  edit(9, make_user(1, "Ada Lovelace", "1111"));
  panel->disarm(kGarage);
  clear_outputs();
  EXPECT_CALL(store, save(_)).Times(0);
  edit(9, make_user(1, "Ada Lovelace", "1111"));  // delivered again, now disarmed
  auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0].edit, EditId(9));
  EXPECT_EQ(applied[0].error, ErrorId::system_armed);
  EXPECT_TRUE(panel->users().empty());
  EXPECT_TRUE(frames[0].empty());
  ::testing::Mock::VerifyAndClearExpectations(&store);

  edit(10, make_user(1, "Ada Lovelace", "1111"));  // a new edit is applied
  ASSERT_EQ(panel->users().size(), 1U);
  clear_outputs();
  edit(10, make_user(1, "Ada Lovelace", "1111"));
  applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_FALSE(applied[0].error.has_value());
  EXPECT_TRUE(frames[0].empty());  // not synced to the locks again
  EXPECT_EQ(panel->stats().edits_applied, 1U);
}

TEST_F(PanelTest, DeleteClearsTheUsersSlots) {
  build();
  add_synced(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  clear_outputs();
  remove(2, 1);
  EXPECT_TRUE(panel->users().empty());
  EXPECT_TRUE(stored.empty());
  ASSERT_EQ(frames[0].size(), 1U);
  const auto set = as_set(frames[0][0]);
  EXPECT_EQ(set.slot, 1);
  EXPECT_EQ(set.status, zwave::SlotStatus::available);
  EXPECT_TRUE(frames[1].empty());
  ack(kFront, zwave::AccessEvent::code_deleted, 1);
  EXPECT_FALSE(panel->believed_slots(kFront)[0].has_value());
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(2));
  EXPECT_FALSE(results[0].error.has_value());
}

TEST_F(PanelTest, TurningALockOffClearsItAndLeavesTheOthers) {
  build();
  add_synced(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, true, false}));
  clear_outputs();
  edit(2, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  EXPECT_TRUE(frames[0].empty());  // Front Door already holds it
  ASSERT_EQ(frames[1].size(), 1U);
  EXPECT_EQ(as_set(frames[1][0]).status, zwave::SlotStatus::available);
  // Front Door had nothing to do: ok at once for this edit.
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].lock, kFront);
  EXPECT_EQ(results[0].edit, EditId(2));
  EXPECT_FALSE(results[0].error.has_value());
}

// ---- lock sync -----------------------------------------------------------------

TEST_F(PanelTest, OneOperationInFlightPerLock) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  edit(2, make_user(2, "Bo Li", "2222", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 1U);                   // Bo waits for Ada's acknowledgement...
  EXPECT_EQ(panel->pending_ops(kFront).size(), 1U);  // ...and is planned after it
  ack(kFront, zwave::AccessEvent::code_added, 1);
  ASSERT_EQ(frames[0].size(), 2U);
  const auto second = as_set(frames[0][1]);
  EXPECT_EQ(second.slot, 2);
  EXPECT_EQ(second.code.reveal(), "2222");
  ack(kFront, zwave::AccessEvent::code_added, 2);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].user, UserId(1));
  EXPECT_EQ(results[0].edit, EditId(1));
  EXPECT_EQ(results[1].user, UserId(2));
  EXPECT_EQ(results[1].edit, EditId(2));
}

TEST_F(PanelTest, AnEditWhileAnOperationIsInFlightIsPlannedAfterIt) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  edit(2, make_user(1, "Ada Lovelace", "1357", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 1U);
  ack(kFront, zwave::AccessEvent::code_added, 1);
  ASSERT_EQ(frames[0].size(), 2U);  // the new code rewrites the same slot
  const auto rewrite = as_set(frames[0][1]);
  EXPECT_EQ(rewrite.slot, 1);
  EXPECT_EQ(rewrite.code.reveal(), "1357");
  ack(kFront, zwave::AccessEvent::code_added, 1);
  EXPECT_EQ(panel->believed_slots(kFront)[0]->code.reveal(), "1357");
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].edit, EditId(1));  // the in-flight op served edit 1
  EXPECT_EQ(results[1].edit, EditId(2));
}

TEST_F(PanelTest, RetriesThenReportsUnreachableAfterThreeAttempts) {
  build();
  edit(7, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 1U);
  sched.run_for(Duration::s(29));
  EXPECT_EQ(frames[0].size(), 1U);
  sched.run_for(Duration::s(1));  // t = 30 s
  ASSERT_EQ(frames[0].size(), 2U);
  EXPECT_EQ(frames[0][1], frames[0][0]);  // the same frame again
  EXPECT_EQ(panel->pending_ops(kFront).front().attempts, 2U);
  sched.run_for(Duration::s(30));  // t = 60 s
  ASSERT_EQ(frames[0].size(), 3U);
  EXPECT_TRUE(only<LockSyncResult>(sent).empty());
  sched.run_for(Duration::s(10));  // t = 70 s: the last attempt timed out
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(7));
  EXPECT_EQ(results[0].lock, kFront);
  EXPECT_EQ(results[0].error, ErrorId::lock_unreachable);
  EXPECT_FALSE(panel->believed_slots(kFront)[0].has_value());  // unchanged
  EXPECT_TRUE(panel->pending_ops(kFront).empty());
  sched.run_for(Duration::h(1));
  EXPECT_EQ(count_sets(frames[0]), 3U);  // given up: only checks of the slot follow
}

TEST_F(PanelTest, AnAcknowledgementBetweenAttemptsStillCounts) {
  build();
  edit(7, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  sched.run_for(Duration::s(15));  // the first attempt timed out at 10 s
  ack(kFront, zwave::AccessEvent::code_added, 1);
  sched.run_for(Duration::min(5));
  EXPECT_EQ(frames[0].size(), 1U);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_FALSE(results[0].error.has_value());
}

TEST_F(PanelTest, TheNextOperationGoesAfterAnUnreachableOne) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}),
            make_user(2, "Bo Li", "2222", {true, true}, {true, false, false})};
  build();
  panel->sync_locks();  // one plan: Ada in slot 1, then Bo in slot 2
  ASSERT_EQ(panel->pending_ops(kFront).size(), 2U);
  sched.run_for(Duration::s(70));
  ASSERT_EQ(frames[0].size(), 4U);  // three for Ada, then Bo's first
  EXPECT_EQ(as_set(frames[0][3]).slot, 2);
  ack(kFront, zwave::AccessEvent::code_added, 2);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].user, UserId(1));
  EXPECT_EQ(results[0].error, ErrorId::lock_unreachable);
  EXPECT_EQ(results[1].user, UserId(2));
  EXPECT_FALSE(results[1].error.has_value());
  EXPECT_FALSE(panel->believed_slots(kFront)[0].has_value());
  EXPECT_EQ(panel->believed_slots(kFront)[1]->user, UserId(2));
}

TEST_F(PanelTest, TheNextPlanTriesAnUnreachableUserAgain) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  sched.run_for(Duration::s(70));
  ASSERT_EQ(only<LockSyncResult>(sent).size(), 1U);  // unreachable
  edit(2, make_user(2, "Bo Li", "2222", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 4U);  // first: what does slot 1 hold now?
  EXPECT_EQ(get_slot(frames[0][3]), 1);
  report(kFront, 1, std::nullopt);  // nothing: the attempts never landed
  ASSERT_EQ(frames[0].size(), 5U);  // Ada again first (lowest free slot), then Bo
  EXPECT_EQ(as_set(frames[0][4]).code.reveal(), "1111");
  ack(kFront, zwave::AccessEvent::code_added, 1);
  ack(kFront, zwave::AccessEvent::code_added, 2);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[1].edit, EditId(1));
  EXPECT_FALSE(results[1].error.has_value());
  EXPECT_EQ(results[2].edit, EditId(2));
}

// The radio lost only the answer: the lock added Ada's code after the panel
// gave up. The next frame heard from that lock makes the panel check the slot,
// and the cloud is told the truth (ok) without writing the code again.
TEST_F(PanelTest, ACodeThatLandedAfterUnreachableIsFoundAtTheNextContact) {
  build();
  edit(7, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  sched.run_for(Duration::s(70));
  ASSERT_EQ(only<LockSyncResult>(sent).size(), 1U);
  EXPECT_EQ(only<LockSyncResult>(sent)[0].error, ErrorId::lock_unreachable);
  ASSERT_EQ(panel->unsure_slots(kFront).size(), 1U);
  EXPECT_EQ(panel->unsure_slots(kFront)[0], core::SlotIndex(0));

  clear_outputs();
  panel->receive_frame(kFront, zwave::encode(zwave::BatteryReport{80}));  // heard from
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(get_slot(frames[0][0]), 1);
  report(kFront, 1, "1111");
  ASSERT_EQ(panel->believed_slots(kFront)[0]->user, UserId(1));
  EXPECT_TRUE(panel->unsure_slots(kFront).empty());
  EXPECT_EQ(frames[0].size(), 1U);  // nothing to write: the lock has it
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(7));
  EXPECT_EQ(results[0].user, UserId(1));
  EXPECT_FALSE(results[0].error.has_value());
  sched.run_for(Duration::h(1));
  EXPECT_EQ(frames[0].size(), 1U);  // no more probes
}

// Nobody talks to the lock: the panel probes it every lock_probe_interval.
// Once it answers, the code is written again and the status ends ok.
TEST_F(PanelTest, AProbeFindsTheLockBackAndSendsTheCodeAgain) {
  PanelTiming timing;
  timing.lock_probe_interval = Duration::min(5);
  build(make_config(), timing);
  edit(7, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  sched.run_for(Duration::s(70));  // unreachable at 70 s
  clear_outputs();
  sched.run_for(Duration::min(5) - Duration::s(1));
  EXPECT_TRUE(frames[0].empty());
  sched.run_for(Duration::s(1));
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(get_slot(frames[0][0]), 1);
  report(kFront, 1, std::nullopt);
  ASSERT_EQ(frames[0].size(), 2U);
  EXPECT_EQ(as_set(frames[0][1]).code.reveal(), "1111");
  ack(kFront, zwave::AccessEvent::code_added, 1);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(7));
  EXPECT_FALSE(results[0].error.has_value());
  EXPECT_EQ(panel->believed_slots(kFront)[0]->user, UserId(1));
}

// A check nobody answers: the users waiting on that lock are told
// lock_unreachable (nothing is planned blind), and the probe goes on.
TEST_F(PanelTest, AnUnansweredCheckFailsTheWaitingUsersAndProbesAgain) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  sched.run_for(Duration::s(70));
  clear_outputs();
  edit(2, make_user(2, "Bo Li", "2222", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(get_slot(frames[0][0]), 1);
  sched.run_for(Duration::s(70));  // three checks, unanswered
  EXPECT_EQ(frames[0].size(), 3U);
  EXPECT_EQ(count_sets(frames[0]), 0U);
  auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].user, UserId(2));
  EXPECT_EQ(results[0].error, ErrorId::lock_unreachable);
  // The probe runs every 2 min from the first lock_unreachable (t = 70 s).
  sched.run_for(Duration::s(49));  // t = 189 s
  EXPECT_EQ(frames[0].size(), 3U);
  sched.run_for(Duration::s(1));
  ASSERT_EQ(frames[0].size(), 4U);
  EXPECT_EQ(get_slot(frames[0][3]), 1);
  report(kFront, 1, std::nullopt);  // back: both are written, both end ok
  ack(kFront, zwave::AccessEvent::code_added, 1);
  ack(kFront, zwave::AccessEvent::code_added, 2);
  results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 3U);
  EXPECT_FALSE(results[1].error.has_value());
  EXPECT_FALSE(results[2].error.has_value());
}

// A clear given up on: the lock still holds the deleted user's code, and the
// check finds it, so the clear is sent again.
TEST_F(PanelTest, AClearThatDidNotLandIsSentAgainAfterTheCheck) {
  build();
  add_synced(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  clear_outputs();
  remove(2, 1);
  sched.run_for(Duration::s(70));
  ASSERT_EQ(only<LockSyncResult>(sent).size(), 1U);
  EXPECT_EQ(only<LockSyncResult>(sent)[0].error, ErrorId::lock_unreachable);
  clear_outputs();
  sched.run_for(panel->timing().lock_probe_interval);
  ASSERT_EQ(frames[0].size(), 1U);
  report(kFront, 1, "1111");
  ASSERT_EQ(frames[0].size(), 2U);
  EXPECT_EQ(as_set(frames[0][1]).status, zwave::SlotStatus::available);
  ack(kFront, zwave::AccessEvent::code_deleted, 1);
  EXPECT_FALSE(panel->believed_slots(kFront)[0].has_value());
  ASSERT_EQ(only<LockSyncResult>(sent).size(), 1U);
  EXPECT_FALSE(only<LockSyncResult>(sent)[0].error.has_value());
}

// ---- schedules travel with the code -------------------------------------------------

core::RestrictedSchedule schedule_of(std::uint8_t days, std::uint16_t start, std::uint16_t end) {
  return core::RestrictedSchedule{{core::ScheduleBlock{days, start, end}}};
}

// The inner command of a Supervision Get, or the message itself.
zwave::Message unwrap(const zwave::Message& m) {
  if (const auto* sup = std::get_if<zwave::SupervisionGet>(&m)) {
    return *zwave::decode(sup->command).message;
  }
  return m;
}

TEST_F(PanelTest, AGuestsScheduleIsWrittenBeforeTheCodeAndAcknowledgedBySupervision) {
  build();
  PanelUser jordan = make_user(3, "Jordan Patel", "5073", {false, true}, {false, false, true});
  jordan.access_times = schedule_of(0b0011111, 8 * 60, 18 * 60);
  edit(4, jordan);
  const auto answered = answer_all(kGarageDoor);
  ASSERT_EQ(answered.size(), 7U);  // Enable Set, five week days, then the code
  EXPECT_EQ(unwrap(answered[0]), zwave::Message(zwave::ScheduleEnableSet{1, true}));
  for (std::size_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(std::holds_alternative<zwave::SupervisionGet>(answered[i]));
    const auto day = std::get<zwave::WeekDayScheduleSet>(unwrap(answered[i]));
    EXPECT_EQ(day.slot, 1);
    EXPECT_EQ(day.day, static_cast<core::Weekday>(i - 1));
    EXPECT_EQ(day.start_minute, 8 * 60);
    EXPECT_EQ(day.stop_minute, 18 * 60);
  }
  EXPECT_EQ(as_set(frames[2].back()).code.reveal(), "5073");
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_FALSE(results[0].error.has_value());
  EXPECT_EQ(panel->believed_slots(kGarageDoor)[0]->times, jordan.access_times);
}

// "A schedule change alone must reach the lock": same code, new hours. The
// slot is emptied first (no stale entry survives), then written again.
TEST_F(PanelTest, AScheduleChangeAloneIsWrittenAgainFromAnEmptySlot) {
  build();
  PanelUser jordan = make_user(3, "Jordan Patel", "5073", {false, true}, {false, false, true});
  jordan.access_times = schedule_of(0b0011111, 8 * 60, 18 * 60);
  edit(4, jordan);
  answer_all(kGarageDoor);
  clear_outputs();
  jordan.access_times = schedule_of(0b1100000, 10 * 60, 14 * 60);  // weekends only
  edit(5, jordan);
  const auto answered = answer_all(kGarageDoor);
  ASSERT_EQ(answered.size(), 5U);
  EXPECT_EQ(answered[0], zwave::Message(zwave::UserCodeSet{1, zwave::SlotStatus::available, {}}));
  EXPECT_EQ(unwrap(answered[1]), zwave::Message(zwave::ScheduleEnableSet{1, true}));
  EXPECT_EQ(std::get<zwave::WeekDayScheduleSet>(unwrap(answered[2])).day, core::Weekday::saturday);
  EXPECT_EQ(std::get<zwave::WeekDayScheduleSet>(unwrap(answered[3])).day, core::Weekday::sunday);
  EXPECT_EQ(as_set(frames[2].back()).code.reveal(), "5073");
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(5));
  EXPECT_FALSE(results[0].error.has_value());

  clear_outputs();
  jordan.access_times = core::AtAllTimes{};  // back to at all times: empty, then the code
  edit(6, jordan);
  const auto unrestricted = answer_all(kGarageDoor);
  ASSERT_EQ(unrestricted.size(), 2U);
  EXPECT_EQ(as_set(frames[2][0]).status, zwave::SlotStatus::available);
  EXPECT_EQ(as_set(frames[2][1]).code.reveal(), "5073");
  // Users at all times need no schedule frames at all.
  clear_outputs();
  edit(7, make_user(4, "Casey Morgan", "8362", {false, true}, {false, false, true}));
  EXPECT_EQ(answer_all(kGarageDoor).size(), 1U);
}

TEST_F(PanelTest, ALockThatRefusesTheScheduleFailsWithLockRefusedSchedule) {
  build();
  PanelUser jordan = make_user(3, "Jordan Patel", "5073", {false, true}, {false, false, true});
  jordan.access_times = schedule_of(0b0011111, 8 * 60, 18 * 60);
  edit(4, jordan);
  const auto decoded = zwave::decode(frames[2].back());
  const auto& sup = std::get<zwave::SupervisionGet>(*decoded.message);
  panel->receive_frame(kGarageDoor, zwave::encode(zwave::SupervisionReport{
                                        sup.session, zwave::SupervisionStatus::no_support}));
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].error, ErrorId::lock_refused_schedule);
  EXPECT_FALSE(panel->believed_slots(kGarageDoor)[0].has_value());
  EXPECT_EQ(frames[2].size(), 1U);  // no code written without its schedule
}

TEST_F(PanelTest, DuplicateAndRejectedAcknowledgementsBecomeRefusals) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, true, false}));
  ack(kFront, zwave::AccessEvent::code_duplicate, 1);
  ack(kBack, zwave::AccessEvent::code_rejected, 1);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].lock, kFront);
  EXPECT_EQ(results[0].error, ErrorId::lock_refused_duplicate);
  EXPECT_EQ(results[1].lock, kBack);
  EXPECT_EQ(results[1].error, ErrorId::lock_refused_length);
  EXPECT_FALSE(panel->believed_slots(kFront)[0].has_value());
  EXPECT_FALSE(panel->believed_slots(kBack)[0].has_value());
  sched.run_for(Duration::min(5));
  EXPECT_EQ(frames[0].size(), 1U);  // refused: not retried
}

TEST_F(PanelTest, UnmatchedAcknowledgementsAreIgnored) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::code_added, 2);    // another slot
  ack(kFront, zwave::AccessEvent::code_deleted, 1);  // a set is not acknowledged by a delete
  ack(kBack, zwave::AccessEvent::code_added, 1);     // nothing in flight there
  EXPECT_TRUE(only<LockSyncResult>(sent).empty());
  EXPECT_EQ(panel->pending_ops(kFront).size(), 1U);
  EXPECT_FALSE(panel->believed_slots(kBack)[0].has_value());
}

TEST_F(PanelTest, AFullLockReportsSlotsFullForTheUserWhoDoesNotFit) {
  build();
  add_synced(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {false, false, true}));
  add_synced(2, make_user(2, "Bo Li", "2222", {true, true}, {false, false, true}));
  clear_outputs();
  edit(3, make_user(3, "Cy Young", "3333", {true, true}, {true, false, true}));
  const auto applied = only<EditApplied>(sent);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_FALSE(applied[0].error.has_value());  // the panel holds the user
  EXPECT_TRUE(frames[2].empty());
  auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].user, UserId(3));
  EXPECT_EQ(results[0].lock, kGarageDoor);
  EXPECT_EQ(results[0].edit, EditId(3));
  EXPECT_EQ(results[0].error, ErrorId::lock_slots_full);
  EXPECT_EQ(frames[0].size(), 1U);  // the Front Door still gets the code

  // A full lock still takes deletions; the freed slot goes to the newcomer.
  clear_outputs();
  remove(4, 1);
  ASSERT_EQ(frames[2].size(), 1U);
  EXPECT_EQ(as_set(frames[2][0]).status, zwave::SlotStatus::available);
  ASSERT_EQ(panel->pending_ops(kGarageDoor).size(), 2U);
  EXPECT_EQ(panel->pending_ops(kGarageDoor)[1].user, UserId(3));
  ack(kGarageDoor, zwave::AccessEvent::code_deleted, 1);
  ack(kGarageDoor, zwave::AccessEvent::code_added, 1);
  results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].user, UserId(1));
  EXPECT_EQ(results[0].edit, EditId(4));
  EXPECT_EQ(results[1].user, UserId(3));
  EXPECT_EQ(results[1].edit, EditId(3));
  EXPECT_FALSE(results[1].error.has_value());
  EXPECT_EQ(panel->believed_slots(kGarageDoor)[0]->user, UserId(3));
}

TEST_F(PanelTest, SlotsAdoptedAtInstallationNeedNoFrames) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false})};
  build();
  core::SlotTable front(30);
  front[0] = core::SlotContent{UserId(1), core::AccessCode("1111")};
  panel->adopt_lock_slots(kFront, front);
  panel->sync_locks();
  for (const auto& f : frames)
    EXPECT_TRUE(f.empty());
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(panel->believed_slots(kFront)[0]->user, UserId(1));

  // Without adoption the panel provisions the lock itself.
  build();
  panel->sync_locks();
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(as_set(frames[0][0]).code.reveal(), "1111");
}

// An edit changes one user's slot on a lock in sync; a lock whose other slots
// are not as they should be gets those put right by the same plan.
TEST_F(PanelTest, AnEditWritesOnlyItsUsersSlotUnlessOtherSlotsAreOutOfDate) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, true}, {true, true, false}),
            make_user(2, "Bo Li", "2222", {true, true}, {true, true, false}),
            make_user(3, "Cy Young", "3333", {true, true}, {true, true, false})};
  build();
  core::SlotTable front(30);
  front[0] = core::SlotContent{UserId(1), core::AccessCode("1111")};
  front[1] = core::SlotContent{UserId(2), core::AccessCode("2222")};
  front[2] = core::SlotContent{UserId(3), core::AccessCode("3333")};
  core::SlotTable back = front;
  back[1] = core::SlotContent{UserId(2), core::AccessCode("9999")};  // an old code
  back[3] = core::SlotContent{UserId(1), core::AccessCode("1111")};  // Ada twice
  panel->adopt_lock_slots(kFront, front);
  panel->adopt_lock_slots(kBack, back);

  edit(7, make_user(3, "Cy Young", "4444", {true, true}, {true, true, false}));
  // In sync: Cy's slot alone.
  ASSERT_EQ(panel->pending_ops(kFront).size(), 1U);
  EXPECT_EQ(as_set(frames[0][0]).slot, 3);
  EXPECT_EQ(as_set(frames[0][0]).code.reveal(), "4444");
  // Out of date: Ada's second slot cleared, Bo's and Cy's codes written.
  const auto& ops = panel->pending_ops(kBack);
  ASSERT_EQ(ops.size(), 3U);
  EXPECT_EQ(ops[0].op.kind, core::SlotOpKind::clear);
  EXPECT_EQ(ops[0].op.slot.value, 3U);
  EXPECT_EQ(ops[1].user, UserId(2));
  EXPECT_EQ(ops[1].op.content->code.reveal(), "2222");
  EXPECT_EQ(ops[2].user, UserId(3));
  EXPECT_EQ(ops[2].edit, EditId(7));
  answer_all(kBack);
  ASSERT_TRUE(panel->believed_slots(kBack)[1].has_value());
  EXPECT_EQ(panel->believed_slots(kBack)[1]->code.reveal(), "2222");
  EXPECT_FALSE(panel->believed_slots(kBack)[3].has_value());

  // A newcomer takes the lowest empty slot; a user losing the lock is cleared.
  answer_all(kFront);
  clear_outputs();
  edit(8, make_user(4, "Di Ross", "5555", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(as_set(frames[0][0]).slot, 4);
  EXPECT_TRUE(frames[1].empty());
  answer_all(kFront);
  clear_outputs();
  edit(9, make_user(2, "Bo Li", "2222", {true, true}, {false, true, false}));
  ASSERT_EQ(frames[0].size(), 1U);
  EXPECT_EQ(as_set(frames[0][0]).slot, 2);
  EXPECT_EQ(as_set(frames[0][0]).status, zwave::SlotStatus::available);
  EXPECT_TRUE(frames[1].empty());  // the Back Door already holds Bo's code
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);  // the Back Door: nothing to do, Bo is synced there
  EXPECT_EQ(results[0].lock, kBack);
  EXPECT_FALSE(results[0].error.has_value());
}

TEST_F(PanelTest, SlotsGivenAtConstructionAreAdoptedLikeAdoptLockSlots) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false})};
  core::SlotTable front(3);  // shorter than the lock: sized to its 30 slots
  front[0] = core::SlotContent{UserId(1), core::AccessCode("1111")};
  panel = std::make_unique<Panel>(sched, trace, make_config(), PanelTiming{}, uplink,
                                  std::vector<FramePort*>{&radios[0], &radios[1], &radios[2]},
                                  store, std::vector<core::SlotTable>{front});
  panel->sync_locks();
  for (const auto& f : frames)
    EXPECT_TRUE(f.empty());
  EXPECT_TRUE(sent.empty());
  ASSERT_EQ(panel->believed_slots(kFront).size(), 30U);
  EXPECT_EQ(panel->believed_slots(kFront)[0]->user, UserId(1));
  // Locks beyond the tables given start empty.
  EXPECT_EQ(panel->believed_slots(kBack).size(), make_config().locks[1].spec.slots);
  EXPECT_FALSE(panel->believed_slots(kBack)[0].has_value());
}

// ---- frames from locks -------------------------------------------------------------

TEST_F(PanelTest, LockEventsBecomePanelEvents) {
  build();
  add_synced(1, make_user(4, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  clear_outputs();
  ack(kFront, zwave::AccessEvent::keypad_unlock, 1);
  ack(kBack, zwave::AccessEvent::jammed, 0);
  panel->receive_frame(kGarageDoor, zwave::encode(zwave::BatteryReport{0xFF}));
  panel->receive_frame(kGarageDoor, zwave::encode(zwave::BatteryReport{80}));  // not low
  ack(kBack, zwave::AccessEvent::keypad_disabled, 0);
  const auto events = only<PanelEvent>(sent);
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[0].kind, PanelEventKind::lock_unlocked);
  EXPECT_EQ(events[0].user, UserId(4));
  EXPECT_EQ(events[0].lock, kFront);
  EXPECT_EQ(events[1].kind, PanelEventKind::lock_jammed);
  EXPECT_EQ(events[1].lock, kBack);
  EXPECT_EQ(events[2].kind, PanelEventKind::lock_battery_low);
  EXPECT_EQ(events[2].lock, kGarageDoor);
  EXPECT_EQ(events[3].kind, PanelEventKind::keypad_lockout);
}

TEST_F(PanelTest, MalformedFramesAreTracedAndIgnored) {
  build();
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  clear_outputs();
  panel->receive_frame(kFront, Frame{});
  panel->receive_frame(kFront, Frame{0x71, 0x05});
  panel->receive_frame(kFront, Frame{0xAA, 0xBB, 0xCC});
  panel->receive_frame(LockIndex(9), zwave::encode(zwave::BatteryReport{0xFF}));
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(panel->pending_ops(kFront).size(), 1U);
  int malformed = 0;
  for (const auto& r : sink->records())
    malformed += r.kind == "frame_malformed" ? 1 : 0;
  EXPECT_EQ(malformed, 3);
}

// ---- power -------------------------------------------------------------------------

// The real store is given each change as it is applied (one record written,
// not the whole table): after adds out of id order, a change and a delete it
// holds exactly the panel's table, which is what the panel has after a power
// cycle.
TEST_F(PanelTest, RealStoreHoldsThePanelsTableAfterEveryKindOfEdit) {
  MemoryUserStore nvm;
  panel = std::make_unique<Panel>(sched, trace, make_config(), PanelTiming{}, uplink,
                                  std::vector<FramePort*>{&radios[0], &radios[1], &radios[2]}, nvm);
  const auto summary = [](const std::vector<PanelUser>& users) {
    std::string out;
    for (const PanelUser& u : users) {
      out += std::to_string(u.id.value) + ":" + u.name + ":" + (u.code ? u.code->reveal() : "-") +
             (u.grants.lock(kBack) ? ":back" : "") + " ";
    }
    return out;
  };
  edit(1, make_user(3, "Cy Young", "3333"));
  edit(2, make_user(1, "Ada Lovelace", "1111"));
  edit(3, make_user(2, "Bo Li", "2222"));
  EXPECT_EQ(summary(nvm.users()),
            "1:Ada Lovelace:1111:back 2:Bo Li:2222:back 3:Cy Young:3333:back ");
  edit(4, make_user(1, "Ada Lovelace", "4444", {true, true}, {true, false, false}));
  remove(5, 3);
  remove(6, 7);  // no such user: nothing to write
  EXPECT_EQ(summary(nvm.users()), "1:Ada Lovelace:4444 2:Bo Li:2222:back ");
  EXPECT_EQ(summary(nvm.users()), summary(panel->users()));
  EXPECT_EQ(nvm.saves(), 5U);

  panel->power_off();
  panel->power_on();
  EXPECT_EQ(summary(panel->users()), "1:Ada Lovelace:4444 2:Bo Li:2222:back ");
}

TEST_F(PanelTest, PowerCycleKeepsUsersAndResendsUnacknowledgedOperations) {
  MemoryUserStore nvm;  // the real in-memory store this time
  panel = std::make_unique<Panel>(sched, trace, make_config(), PanelTiming{}, uplink,
                                  std::vector<FramePort*>{&radios[0], &radios[1], &radios[2]}, nvm);
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::code_added, 1);
  edit(2, make_user(2, "Bo Li", "2222", {true, true}, {true, false, false}));
  ASSERT_EQ(frames[0].size(), 2U);  // Bo's set, not acknowledged yet

  panel->power_off();
  EXPECT_FALSE(panel->powered());
  EXPECT_TRUE(panel->users().empty());  // RAM is gone...
  EXPECT_EQ(nvm.users().size(), 2U);    // ...the store is not
  clear_outputs();
  ack(kFront, zwave::AccessEvent::code_added, 2);  // ignored while off
  edit(3, make_user(3, "Cy Young", "3333"));       // ignored while off
  EXPECT_FALSE(panel->arm(kHouse, PartitionState::armed_away));
  sched.run_for(Duration::min(10));
  EXPECT_TRUE(frames[0].empty());  // no retries while off
  EXPECT_TRUE(sent.empty());

  panel->power_on();
  ASSERT_EQ(panel->users().size(), 2U);
  EXPECT_EQ(panel->users()[1].name, "Bo Li");
  const auto events = only<PanelEvent>(sent);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, PanelEventKind::power_restored);
  ASSERT_EQ(frames[0].size(), 1U);  // Bo's set again; Ada's is not repeated
  EXPECT_EQ(as_set(frames[0][0]).slot, 2);
  EXPECT_EQ(as_set(frames[0][0]).code.reveal(), "2222");
  ack(kFront, zwave::AccessEvent::code_added, 2);
  const auto results = only<LockSyncResult>(sent);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].edit, EditId(2));
  EXPECT_FALSE(results[0].error.has_value());
  ASSERT_TRUE(panel->believed_slots(kFront)[0].has_value());
  EXPECT_EQ(panel->believed_slots(kFront)[0]->user, UserId(1));
}

TEST_F(PanelTest, PartitionsComeBackAsTheyWereAfterPowerLoss) {
  build();
  panel->arm(kHouse, PartitionState::armed_away);
  sched.run_for(Duration::s(30));
  panel->arm(kGarage, PartitionState::armed_stay);
  sched.run_for(Duration::s(20));
  panel->power_off();
  sched.run_for(Duration::min(5));
  EXPECT_EQ(state(kGarage), PartitionState::exit_delay);  // frozen, no timers
  panel->power_on();
  EXPECT_EQ(state(kHouse), PartitionState::armed_away);
  EXPECT_EQ(state(kGarage), PartitionState::exit_delay);  // restarts in full
  sched.run_for(Duration::s(29));
  EXPECT_EQ(state(kGarage), PartitionState::exit_delay);
  sched.run_for(Duration::s(1));
  EXPECT_EQ(state(kGarage), PartitionState::armed_stay);
}

TEST_F(PanelTest, KeypadChecksAreRefusedWhileOff) {
  stored = {make_user(1, "Ada Lovelace", "1111")};
  build();
  panel->power_off();
  core::LockoutState lockout;
  const auto r = panel->check_keypad_code(kHouse, "1111", lockout, {});
  EXPECT_EQ(r.outcome, core::EntryOutcome::refused);
  EXPECT_FALSE(r.reason.has_value());
  EXPECT_EQ(lockout.streak, 0);
}

// ---- keypad checks -------------------------------------------------------------------

TEST_F(PanelTest, KeypadCheckUsesTheTableAndThePartitionGrant) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, false})};
  build();
  core::LockoutState lockout;
  auto r = panel->check_keypad_code(kHouse, "1111", lockout, {});
  EXPECT_EQ(r.outcome, core::EntryOutcome::accepted);
  EXPECT_EQ(r.user, UserId(1));
  r = panel->check_keypad_code(kGarage, "1111", lockout, {});
  EXPECT_EQ(r.outcome, core::EntryOutcome::refused);
  EXPECT_EQ(r.reason, ErrorId::no_grant);

  edit(1, make_user(1, "Ada Lovelace", "2468", {true, true}));  // the cache follows the table
  r = panel->check_keypad_code(kGarage, "2468", lockout, {});
  EXPECT_EQ(r.outcome, core::EntryOutcome::accepted);
  r = panel->check_keypad_code(kHouse, "1111", lockout, {});
  EXPECT_EQ(r.reason, ErrorId::wrong_code);
}

TEST_F(PanelTest, KeypadChecksFollowEveryKindOfEditIncludingOneOfLockAccessAlone) {
  stored = {make_user(1, "Ada Lovelace", "1111", {true, false}),
            make_user(2, "Bo Li", "2222", {true, true})};
  build();
  core::LockoutState lockout;
  // Lock access alone: the keypads take the same codes as before.
  edit(1, make_user(1, "Ada Lovelace", "1111", {true, false}, {false, true, false}));
  EXPECT_EQ(panel->check_keypad_code(kHouse, "1111", lockout, {}).user, UserId(1));
  EXPECT_EQ(panel->check_keypad_code(kGarage, "1111", lockout, {}).reason, ErrorId::no_grant);
  EXPECT_EQ(panel->check_keypad_code(kGarage, "2222", lockout, {}).user, UserId(2));
  // A partition grant, a role, a schedule: each reaches the keypads.
  edit(2, make_user(1, "Ada Lovelace", "1111", {false, true}, {false, true, false}));
  EXPECT_EQ(panel->check_keypad_code(kHouse, "1111", lockout, {}).reason, ErrorId::no_grant);
  EXPECT_EQ(panel->check_keypad_code(kGarage, "1111", lockout, {}).user, UserId(1));
  edit(3, make_user(1, "Ada Lovelace", "1111", {false, true}, {false, true, false},
                    core::Role::duress));
  EXPECT_EQ(panel->check_keypad_code(kGarage, "1111", lockout, {}).outcome,
            core::EntryOutcome::duress);
}

TEST_F(PanelTest, DuressDisarmsAndRaisesASilentAlarm) {
  stored = {
      make_user(1, "Ada Lovelace", "1111"),
      make_user(9, "Duress", "9999", {true, true}, {false, false, false}, core::Role::duress)};
  build();
  panel->arm(kHouse, PartitionState::armed_away, UserId(1));
  sched.run_for(Duration::s(30));
  clear_outputs();
  core::LockoutState lockout;
  const auto r = panel->check_keypad_code(kHouse, "9999", lockout, {});
  EXPECT_EQ(r.outcome, core::EntryOutcome::duress);
  EXPECT_EQ(r.user, UserId(9));
  EXPECT_EQ(state(kHouse), PartitionState::disarmed);
  const auto events = only<PanelEvent>(sent);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, PanelEventKind::duress_alarm);
  EXPECT_EQ(events[0].user, UserId(9));
  EXPECT_EQ(events[0].partition, kHouse);
  const auto changes = only<PartitionChanged>(sent);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].state, PartitionState::disarmed);
}

TEST_F(PanelTest, RepeatedWrongCodesLockTheKeypadOutAndReportIt) {
  stored = {make_user(1, "Ada Lovelace", "1111")};
  build();
  core::LockoutState lockout;
  panel->check_keypad_code(kHouse, "0000", lockout, {});
  panel->check_keypad_code(kHouse, "0001", lockout, {});
  EXPECT_TRUE(only<PanelEvent>(sent).empty());
  const auto third = panel->check_keypad_code(kHouse, "0002", lockout, {});
  EXPECT_EQ(third.reason, ErrorId::wrong_code);
  EXPECT_TRUE(lockout.locked(core::Instant(sched.now().us())));
  auto events = only<PanelEvent>(sent);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, PanelEventKind::keypad_lockout);
  EXPECT_EQ(events[0].partition, kHouse);
  const auto locked = panel->check_keypad_code(kHouse, "1111", lockout, {});
  EXPECT_EQ(locked.reason, ErrorId::locked_out);
  sched.run_for(Duration::min(3));
  EXPECT_EQ(panel->check_keypad_code(kHouse, "1111", lockout, {}).outcome,
            core::EntryOutcome::accepted);
}

// ---- event log and secrecy -------------------------------------------------------------

TEST_F(PanelTest, EventLogLinesNameWhoDidItAsTheyWereThen) {
  build();
  add_synced(1, make_user(4, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  panel->arm(kHouse, PartitionState::armed_away, UserId(4));
  sched.run_for(Duration::s(30));
  ack(kFront, zwave::AccessEvent::keypad_unlock, 1);
  ack(kFront, zwave::AccessEvent::keypad_unlock, 9);  // nobody the panel knows
  panel->disarm(kHouse);
  remove(2, 4);  // the lines above still name Ada
  expect_log_ends_with({
      "House exit delay 30s, arming away by Ada Lovelace",
      "House armed away by Ada Lovelace",
      "Front Door unlocked by Ada Lovelace",
      "Front Door unlocked",
      "House disarmed remotely",
      "User 4 deleted",
  });
  EXPECT_EQ(panel->event_log().back().time, sched.now());
}

// A lock's acknowledgement is logged as it comes, naming the user by number.
TEST_F(PanelTest, EventLogSaysWhichCodesEachLockSetAndCleared) {
  build();
  edit(1, make_user(4, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::code_added, 1);
  remove(2, 4);
  ack(kFront, zwave::AccessEvent::code_deleted, 1);
  expect_log_ends_with({
      "User 4 added",
      "Front Door: user 4 code set",
      "User 4 deleted",
      "Front Door: user 4 code cleared",
  });
}

// Lines name their user when the log is read; a rename or a power loss in
// between must not change what an earlier line says.
TEST_F(PanelTest, EventLogLinesKeepTheNameThroughARenameAndAPowerLoss) {
  build();
  add_synced(1, make_user(4, "Ada Lovelace", "1111", {true, true}, {true, false, false}));
  add_synced(2, make_user(5, "Alan Turing", "2222", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::keypad_unlock, 1);
  panel->arm(kHouse, PartitionState::armed_away, UserId(5));
  sched.run_for(Duration::s(30));
  panel->disarm(kHouse, UserId(5));
  edit(3, make_user(4, "Ada King", "1111", {true, true}, {true, false, false}));
  panel->arm(kHouse, PartitionState::armed_away, UserId(4));
  panel->power_off();  // read while off: the panel holds no user table then
  expect_log_ends_with({
      "Front Door unlocked by Ada Lovelace",
      "House exit delay 30s, arming away by Alan Turing",
      "House armed away by Alan Turing",
      "House disarmed by Alan Turing",
      "User 4 changed",
      "House exit delay 30s, arming away by Ada King",
      "Power lost",
  });
}

// The event log's lines, oldest first (reading the log).
std::vector<std::string> log_lines(const Panel& panel) {
  std::vector<std::string> out;
  for (const auto& entry : panel.event_log())
    out.push_back(entry.text);
  return out;
}

// Arms House away by `user`, or disarms it by `user` when it is armed: one
// log line either way (with no exit delay).
void toggle_house(Panel& panel, std::uint32_t user) {
  if (!panel.arm(kHouse, PartitionState::armed_away, UserId(user))) {
    panel.disarm(kHouse, UserId(user));
  }
}

// The newest `capacity` lines are kept whether the log is read between
// lines or not (a read log, a partly read one and one never read).
TEST_F(PanelTest, EventLogKeepsTheNewestLinesWhetherReadOrNot) {
  PanelTiming timing;
  timing.event_log_capacity = 3;
  timing.exit_delay = Duration::zero();
  build(make_config(), timing);
  const auto lines = [&] { return log_lines(*panel); };
  const auto toggle = [&](std::uint32_t user) { toggle_house(*panel, user); };
  toggle(1);
  toggle(2);
  EXPECT_EQ(lines(),
            (std::vector<std::string>{"House armed away by user 1", "House disarmed by user 2"}));
  toggle(3);
  toggle(4);
  EXPECT_EQ(lines(),
            (std::vector<std::string>{"House disarmed by user 2", "House armed away by user 3",
                                      "House disarmed by user 4"}));
  for (std::uint32_t user = 5; user <= 11; ++user)
    toggle(user);
  EXPECT_EQ(lines(),
            (std::vector<std::string>{"House armed away by user 9", "House disarmed by user 10",
                                      "House armed away by user 11"}));
}

// A log that filled up unread (its oldest lines overwritten in turn) and is
// then read keeps logging: what follows is kept after what was read.
TEST_F(PanelTest, EventLogReadAfterWrappingKeepsLogging) {
  PanelTiming timing;
  timing.event_log_capacity = 3;
  timing.exit_delay = Duration::zero();
  build(make_config(), timing);
  for (std::uint32_t user = 1; user <= 5; ++user)
    toggle_house(*panel, user);
  EXPECT_EQ(log_lines(*panel),
            (std::vector<std::string>{"House armed away by user 3", "House disarmed by user 4",
                                      "House armed away by user 5"}));
  toggle_house(*panel, 6);
  EXPECT_EQ(log_lines(*panel),
            (std::vector<std::string>{"House disarmed by user 4", "House armed away by user 5",
                                      "House disarmed by user 6"}));
  for (std::uint32_t user = 7; user <= 14; ++user)
    toggle_house(*panel, user);
  EXPECT_EQ(log_lines(*panel),
            (std::vector<std::string>{"House disarmed by user 12", "House armed away by user 13",
                                      "House disarmed by user 14"}));
}

TEST_F(PanelTest, EventLogIsBoundedAndNeverHoldsACode) {
  PanelTiming timing;
  timing.event_log_capacity = 5;
  build(make_config(), timing);
  edit(1, make_user(3, "Alex Rivera", "4812", {true, true}, {true, false, false}));
  ack(kFront, zwave::AccessEvent::code_added, 1);
  panel->arm(kHouse, PartitionState::armed_away, UserId(3));
  sched.run_for(Duration::s(30));
  panel->disarm(kHouse, UserId(3));
  for (int i = 0; i < 10; ++i)
    panel->trip_entry(kHouse);
  const auto& log = panel->event_log();
  EXPECT_LE(log.size(), 5U);
  EXPECT_FALSE(log.empty());
  for (const auto& entry : log)
    EXPECT_EQ(entry.text.find("4812"), std::string::npos);
  for (const auto& record : sink->records()) {
    for (const auto& f : record.fields) {
      if (const auto* s = std::get_if<std::string>(&f.value)) {
        EXPECT_EQ(s->find("4812"), std::string::npos) << record.kind;
      }
    }
  }
}

}  // namespace
}  // namespace lockstep::devices
