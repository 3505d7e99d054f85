// Keypad: key buffer, function keys, display texts computed from virtual time,
// lockout and duress, on a real Panel with mocked links.
#include "devices/keypad.hpp"

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/directory.hpp"
#include "devices/panel.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {
namespace {

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

constexpr PartitionIndex kHouse{0};
constexpr PartitionIndex kGarage{1};

core::SystemConfig keypad_config() {
  core::SystemConfig c;
  c.panel.model = "test-panel";
  c.panel.code_lengths = core::CodeLengths{4, 4};
  c.panel.max_partitions = 2;
  c.panel.keypad_lockout = core::LockoutRule{3, std::chrono::minutes(3)};
  c.partitions = {{"House"}, {"Garage"}};
  core::LockSpec lock;
  lock.slots = 30;
  c.locks = {{"Front Door", lock}};
  return c;
}

PanelUser keypad_user(std::uint32_t id, std::string code, std::vector<bool> partitions,
                      core::Role role = core::Role::standard) {
  PanelUser u;
  u.id = UserId(id);
  u.name = "User " + std::to_string(id);
  u.role = role;
  u.code = core::AccessCode(std::move(code));
  u.grants.partitions = core::Toggles::of(partitions);
  u.grants.locks = core::Toggles::of({false});
  return u;
}

class KeypadTest : public ::testing::Test {
 protected:
  KeypadTest()
      : store({keypad_user(1, "1234", {true, true}), keypad_user(2, "5678", {false, true}),
               keypad_user(9, "9090", {true, true}, core::Role::duress), scheduled_user()}) {
    trace.add_sink(sink);
    ON_CALL(uplink, send(_)).WillByDefault([this](PanelToCloud m) { sent.push_back(m); });
    panel = std::make_unique<Panel>(sched, trace, keypad_config(), PanelTiming{}, uplink,
                                    std::vector<FramePort*>{&radio}, store);
    keypad = std::make_unique<Keypad>(sched, trace, "Hall Keypad", kHouse, *panel,
                                      [this] { return local; });
  }

  // User 3 may use the keypad on weekdays 08:00-18:00 only.
  static PanelUser scheduled_user() {
    PanelUser u = keypad_user(3, "3141", {true, true});
    core::RestrictedSchedule schedule;
    schedule.blocks.push_back(core::ScheduleBlock{0b0011111, 8 * 60, 18 * 60});
    u.access_times = schedule;
    return u;
  }

  PartitionState house() const { return panel->partitions()[kHouse.value].state; }

  sim::Scheduler sched;
  sim::Trace trace;
  std::shared_ptr<sim::MemorySink> sink = std::make_shared<sim::MemorySink>();
  NiceMock<MockUplink> uplink;
  NiceMock<MockRadio> radio;
  MemoryUserStore store;
  std::vector<PanelToCloud> sent;
  core::LocalDateTime local{2024, 3, 6, 12, 0};  // a Wednesday, noon
  std::unique_ptr<Panel> panel;
  std::unique_ptr<Keypad> keypad;
};

TEST_F(KeypadTest, ShowsReadyWhenDisarmed) {
  EXPECT_EQ(keypad->display(), "Ready");
  EXPECT_EQ(keypad->name(), "Hall Keypad");
  EXPECT_EQ(keypad->partition(), kHouse);
}

TEST_F(KeypadTest, DigitsShowAsStarsAndClearEmptiesTheBuffer) {
  keypad->type("12");
  EXPECT_EQ(keypad->display(), "**");
  EXPECT_EQ(keypad->buffered(), 2U);
  keypad->press(Key::clear);
  EXPECT_EQ(keypad->buffered(), 0U);
  EXPECT_EQ(keypad->display(), "Ready");
  keypad->type("123456");  // no longer than the panel's longest code
  EXPECT_EQ(keypad->display(), "****");
}

TEST_F(KeypadTest, ArmAwayCountsTheExitDelayDownThenShowsArmed) {
  keypad->type("1234A");
  EXPECT_EQ(house(), PartitionState::exit_delay);
  EXPECT_EQ(panel->partitions()[0].by, UserId(1));
  EXPECT_EQ(keypad->display(), "Exit delay 30");
  sched.run_for(Duration::s(18));
  EXPECT_EQ(keypad->display(), "Exit delay 12");
  sched.run_for(Duration::ms(500));
  EXPECT_EQ(keypad->display(), "Exit delay 12");  // rounded up
  sched.run_for(Duration::ms(11'500));
  EXPECT_EQ(keypad->display(), "Armed Away");
  EXPECT_EQ(house(), PartitionState::armed_away);
}

TEST_F(KeypadTest, ArmStayAndNightShowTheirModes) {
  keypad->type("1234S");
  sched.run_for(Duration::s(30));
  EXPECT_EQ(keypad->display(), "Armed Stay");
  keypad->type("1234D");
  EXPECT_EQ(keypad->display(), "Ready");
  keypad->type("1234N");
  sched.run_for(Duration::s(30));
  EXPECT_EQ(keypad->display(), "Armed Night");
}

TEST_F(KeypadTest, EntryDelayCountsDownAndAValidCodeDisarms) {
  keypad->type("1234A");
  sched.run_for(Duration::s(30));
  panel->trip_entry(kHouse);
  sched.run_for(Duration::s(3));
  EXPECT_EQ(keypad->display(), "Entry delay 27");
  keypad->type("12");
  EXPECT_EQ(keypad->display(), "**");
  keypad->type("34D");
  EXPECT_EQ(house(), PartitionState::disarmed);
  EXPECT_EQ(keypad->display(), "Ready");
}

TEST_F(KeypadTest, AlarmWhenTheEntryDelayRunsOut) {
  keypad->type("1234A");
  sched.run_for(Duration::s(30));
  panel->trip_entry(kHouse);
  sched.run_for(Duration::s(30));
  EXPECT_EQ(keypad->display(), "ALARM");
  keypad->type("1234D");
  EXPECT_EQ(keypad->display(), "Ready");
}

TEST_F(KeypadTest, InvalidCodeShowsForThreeSeconds) {
  keypad->type("0000D");
  EXPECT_EQ(keypad->display(), "Invalid code");
  ASSERT_TRUE(keypad->last_result().has_value());
  EXPECT_EQ(keypad->last_result()->reason, core::ErrorId::wrong_code);
  sched.run_for(Duration::ms(2'999));
  EXPECT_EQ(keypad->display(), "Invalid code");
  sched.run_for(Duration::ms(1));
  EXPECT_EQ(keypad->display(), "Ready");
}

TEST_F(KeypadTest, ADigitDismissesTheMessage) {
  keypad->type("0000A");
  keypad->type("1");
  EXPECT_EQ(keypad->display(), "*");
}

TEST_F(KeypadTest, NotAllowedForACodeWithoutThisPartition) {
  keypad->type("5678A");  // user 2 has the Garage only
  EXPECT_EQ(keypad->display(), "Not allowed");
  EXPECT_EQ(house(), PartitionState::disarmed);
  Keypad garage(sched, trace, "Garage Keypad", kGarage, *panel, [this] { return local; });
  garage.type("5678A");
  EXPECT_EQ(panel->partitions()[kGarage.value].state, PartitionState::exit_delay);
}

TEST_F(KeypadTest, NotAllowedNowOutsideTheUsersSchedule) {
  keypad->type("3141A");
  EXPECT_EQ(house(), PartitionState::exit_delay);  // Wednesday noon: allowed
  keypad->type("3141D");
  local = core::LocalDateTime{2024, 3, 9, 12, 0};  // Saturday
  keypad->type("3141A");
  EXPECT_EQ(keypad->display(), "Not allowed now");
  EXPECT_EQ(house(), PartitionState::disarmed);
}

TEST_F(KeypadTest, ArmingAnArmedPartitionIsNotAllowed) {
  keypad->type("1234A");
  keypad->type("1234S");
  EXPECT_EQ(keypad->display(), "Not allowed");
  EXPECT_EQ(panel->partitions()[0].mode, PartitionState::armed_away);
}

TEST_F(KeypadTest, AnEmptyBufferIsNotSubmitted) {
  keypad->press(Key::arm_away);
  EXPECT_EQ(keypad->display(), "Ready");
  EXPECT_FALSE(keypad->last_result().has_value());
  EXPECT_EQ(keypad->lockout().streak, 0);
}

TEST_F(KeypadTest, ThreeWrongCodesLockTheKeypadOut) {
  keypad->type("0000D");
  keypad->type("0001D");
  keypad->type("0002D");
  EXPECT_TRUE(keypad->locked_out());
  EXPECT_EQ(keypad->display(), "Locked out 3:00");
  sched.run_for(Duration::s(1));
  EXPECT_EQ(keypad->display(), "Locked out 2:59");
  keypad->type("1234A");  // ignored: not even checked
  EXPECT_EQ(house(), PartitionState::disarmed);
  EXPECT_EQ(keypad->buffered(), 0U);
  sched.run_for(Duration::s(59));
  EXPECT_EQ(keypad->display(), "Locked out 2:00");
  sched.run_for(Duration::min(2));
  EXPECT_FALSE(keypad->locked_out());
  EXPECT_EQ(keypad->display(), "Ready");
  keypad->type("1234A");
  EXPECT_EQ(house(), PartitionState::exit_delay);

  int lockouts = 0;
  for (const auto& m : sent) {
    if (const auto* e = std::get_if<PanelEvent>(&m)) {
      lockouts += e->kind == PanelEventKind::keypad_lockout ? 1 : 0;
    }
  }
  EXPECT_EQ(lockouts, 1);
}

TEST_F(KeypadTest, EachKeypadHasItsOwnLockout) {
  keypad->type("0000D0001D0002D");
  EXPECT_TRUE(keypad->locked_out());
  Keypad other(sched, trace, "Bedroom Keypad", kHouse, *panel, [this] { return local; });
  EXPECT_EQ(other.display(), "Ready");
  other.type("1234A");
  EXPECT_EQ(house(), PartitionState::exit_delay);
}

TEST_F(KeypadTest, DuressLooksLikeANormalDisarmButRaisesTheSilentAlarm) {
  keypad->type("1234A");
  sched.run_for(Duration::s(30));
  sent.clear();
  keypad->type("9090D");
  EXPECT_EQ(house(), PartitionState::disarmed);
  EXPECT_EQ(keypad->display(), "Ready");
  bool duress = false;
  for (const auto& m : sent) {
    if (const auto* e = std::get_if<PanelEvent>(&m)) {
      duress = duress || (e->kind == PanelEventKind::duress_alarm && e->user == UserId(9));
    }
  }
  EXPECT_TRUE(duress);
}

TEST_F(KeypadTest, BlankAndDeafWhileThePanelIsOff) {
  panel->power_off();
  EXPECT_EQ(keypad->display(), "");
  keypad->type("1234");
  EXPECT_EQ(keypad->buffered(), 0U);
  panel->power_on();
  EXPECT_EQ(keypad->display(), "Ready");
}

TEST_F(KeypadTest, TraceCountsKeysAndNamesUsersButNeverDigits) {
  keypad->type("1234A");
  keypad->type("0000D");
  bool saw_count = false;
  bool saw_user = false;
  for (const auto& r : sink->records()) {
    if (r.component != "Hall Keypad") continue;
    if (r.kind == "keys") {
      const auto* f = r.find("buffered");
      ASSERT_NE(f, nullptr);
      saw_count = saw_count || std::get<int64_t>(f->value) == 4;
    }
    if (r.kind == "code_result" && r.find("user") != nullptr) {
      saw_user = saw_user || std::get<int64_t>(r.find("user")->value) == 1;
    }
    for (const auto& f : r.fields) {
      if (const auto* s = std::get_if<std::string>(&f.value)) {
        EXPECT_EQ(s->find("1234"), std::string::npos);
        EXPECT_EQ(s->find("0000"), std::string::npos);
      }
    }
  }
  EXPECT_TRUE(saw_count);
  EXPECT_TRUE(saw_user);
}

// Untraced, type() takes a run of digits at once; what the keypad does must
// be what pressing each key does.
TEST_F(KeypadTest, UntracedTypingDoesWhatEachKeyDoes) {
  sim::Trace quiet;  // no sink: not enabled
  ASSERT_FALSE(quiet.enabled());
  Keypad hall(sched, quiet, "Quiet Keypad", kHouse, *panel, [this] { return local; });
  hall.type("12x3456");  // other characters ignored, no longer than the longest code
  EXPECT_EQ(hall.buffered(), 4U);
  EXPECT_EQ(hall.display(), "****");
  hall.type("C0000D");
  EXPECT_EQ(hall.display(), "Invalid code");
  hall.type("1");  // a digit dismisses the message
  EXPECT_EQ(hall.display(), "*");
  hall.type("C");
  // A lockout started by a function key mid-string ignores the keys after it.
  hall.type("0001D0002D1234A");
  EXPECT_TRUE(hall.locked_out());
  EXPECT_EQ(hall.buffered(), 0U);
  EXPECT_EQ(house(), PartitionState::disarmed);
  sched.run_for(Duration::min(3));
  hall.type("1234A");
  EXPECT_EQ(house(), PartitionState::exit_delay);
  // The user's schedule still applies (the keypad asks the time for it).
  hall.type("3141D");
  EXPECT_EQ(house(), PartitionState::disarmed);
  local = core::LocalDateTime{2024, 3, 9, 12, 0};  // Saturday
  hall.type("3141A");
  EXPECT_EQ(hall.display(), "Not allowed now");
  panel->power_off();
  hall.type("1234");
  EXPECT_EQ(hall.buffered(), 0U);
}

// The keypad works out the local time only for a code restricted in time:
// other codes are accepted whatever the clock says, without asking it.
TEST(KeypadClock, AskedOnlyWhenACodeHasAccessTimes) {
  sim::Scheduler sched;
  sim::Trace trace;
  NiceMock<MockUplink> uplink;
  NiceMock<MockRadio> radio;
  MemoryUserStore store({keypad_user(1, "1234", {true, true})});
  Panel panel(sched, trace, keypad_config(), PanelTiming{}, uplink, std::vector<FramePort*>{&radio},
              store);
  int asked = 0;
  Keypad keypad(sched, trace, "Hall Keypad", kHouse, panel, [&] {
    ++asked;
    return core::LocalDateTime{2024, 3, 9, 3, 0};
  });
  keypad.type("1234A");
  EXPECT_EQ(panel.partitions()[kHouse.value].state, PartitionState::exit_delay);
  EXPECT_EQ(asked, 0);

  MemoryUserStore scheduled_store(
      {keypad_user(1, "1234", {true, true}), [] {
         PanelUser u = keypad_user(3, "3141", {true, true});
         core::RestrictedSchedule schedule;
         schedule.blocks.push_back(core::ScheduleBlock{0b0011111, 8 * 60, 18 * 60});
         u.access_times = schedule;
         return u;
       }()});
  Panel scheduled(sched, trace, keypad_config(), PanelTiming{}, uplink,
                  std::vector<FramePort*>{&radio}, scheduled_store);
  Keypad other(sched, trace, "Hall Keypad", kHouse, scheduled, [&] {
    ++asked;
    return core::LocalDateTime{2024, 3, 9, 3, 0};  // Saturday, 03:00
  });
  other.type("3141A");
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(other.display(), "Not allowed now");
  other.type("1234A");  // at all times
  EXPECT_EQ(scheduled.partitions()[kHouse.value].state, PartitionState::exit_delay);
  EXPECT_EQ(asked, 1);  // not asked for a code that works at all times
}

TEST(KeypadKeys, DigitKeys) {
  EXPECT_EQ(digit_key('0'), Key::d0);
  EXPECT_EQ(digit_key('9'), Key::d9);
  EXPECT_FALSE(digit_key('A').has_value());
}

}  // namespace
}  // namespace lockstep::devices
