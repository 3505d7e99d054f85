#include "devices/lock.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "devices/zwave.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {
namespace {

using core::AccessCode;
using core::EntryOutcome;
using core::ErrorId;
using sim::Duration;
using sim::Time;
using ::testing::InSequence;
using ::testing::Invoke;
using ::testing::StrictMock;
using zwave::AccessEvent;
using zwave::SlotStatus;

class MockFramePort : public FramePort {
 public:
  MOCK_METHOD(void, send, (Frame &&), (override));
};

Frame notice(AccessEvent event, std::uint16_t slot = 0) {
  return zwave::encode(zwave::AccessNotification{event, slot});
}

core::LockSpec deadbolt() {
  core::LockSpec spec;
  spec.model = "test-deadbolt";
  spec.slots = 30;
  spec.code_lengths = core::CodeLengths{4, 8};
  spec.refuses_duplicate_codes = true;
  spec.wake_latency = std::chrono::milliseconds(1000);
  spec.keypad_lockout = core::LockoutRule{5, std::chrono::seconds(60)};
  return spec;
}

class LockTest : public ::testing::Test {
 protected:
  LockTest() {
    trace_.add_sink(sink_);
    make(deadbolt());
  }

  Lock& make(core::LockSpec spec) {
    lock_ = std::make_unique<Lock>(sched_, trace_, "Front Door", std::move(spec), port_);
    return *lock_;
  }

  void deliver(const zwave::Message& m) { lock_->receive_frame(zwave::encode(m)); }

  // Delivers a set and runs to the wake tick, expecting `reply`.
  void program(std::uint16_t slot, const char* code, AccessEvent reply,
               SlotStatus status = SlotStatus::enabled) {
    EXPECT_CALL(port_, send(notice(reply, slot)));
    deliver(zwave::UserCodeSet{slot, status, AccessCode(code)});
    settle();
    ::testing::Mock::VerifyAndClearExpectations(&port_);
  }

  // Runs every event due up to the next whole second (one wake tick of a 1 s lock).
  void settle() { sched_.run_for(Duration::s(1)); }

  core::EntryResult enter(std::string_view typed) { return lock_->enter_code(typed, {}); }

  std::size_t count(std::string_view kind) const {
    std::size_t n = 0;
    for (const auto& r : sink_->records()) {
      n += r.kind == kind ? 1 : 0;
    }
    return n;
  }

  sim::Scheduler sched_;
  sim::Trace trace_;
  std::shared_ptr<sim::MemorySink> sink_ = std::make_shared<sim::MemorySink>();
  StrictMock<MockFramePort> port_;
  std::unique_ptr<Lock> lock_;
};

// ---- schedules (Schedule Entry Lock inside Supervision) ----------------------------

constexpr core::LocalDateTime kMondayMorning{2026, 3, 2, 9, 0};
constexpr core::LocalDateTime kMondayEvening{2026, 3, 2, 18, 30};
constexpr core::LocalDateTime kSaturdayMorning{2026, 3, 7, 10, 0};

class LockScheduleTest : public LockTest {
 protected:
  // Sends `command` inside Supervision Get and expects the report `status`.
  void supervised(const zwave::Message& command,
                  zwave::SupervisionStatus status = zwave::SupervisionStatus::success) {
    EXPECT_CALL(port_, send(zwave::encode(zwave::SupervisionReport{session_, status})));
    deliver(zwave::SupervisionGet{session_, zwave::encode(command)});
    settle();
    ::testing::Mock::VerifyAndClearExpectations(&port_);
    ++session_;
  }
  core::EntryResult enter_at(std::string_view typed, const core::LocalDateTime& when) {
    EXPECT_CALL(port_, send(::testing::_)).Times(::testing::AnyNumber());
    auto r = lock_->enter_code(typed, when);
    ::testing::Mock::VerifyAndClearExpectations(&port_);
    return r;
  }
  std::uint8_t session_ = 1;
};

TEST_F(LockScheduleTest, AWeekdayScheduleOpensOnlyWithinItsHoursAgainstTheLocksClock) {
  const core::RestrictedSchedule weekdays{{core::ScheduleBlock{0b0011111, 8 * 60, 18 * 60}}};
  for (const auto& command : zwave::schedule_commands(2, weekdays))
    supervised(command);  // a newcomer's schedule goes first
  program(2, "5073", AccessEvent::code_added);
  const auto held = lock_->slot_times(2);  // one block per week-day entry
  ASSERT_TRUE(std::holds_alternative<core::RestrictedSchedule>(held));
  EXPECT_EQ(std::get<core::RestrictedSchedule>(held).blocks.size(), 5U);
  EXPECT_EQ(enter_at("5073", kMondayMorning).outcome, EntryOutcome::accepted);
  const auto evening = enter_at("5073", kMondayEvening);
  EXPECT_EQ(evening.outcome, EntryOutcome::refused);
  EXPECT_EQ(evening.reason, ErrorId::outside_schedule);
  EXPECT_EQ(enter_at("5073", kSaturdayMorning).reason, ErrorId::outside_schedule);

  supervised(zwave::ScheduleEnableSet{2, false});  // at all times again
  EXPECT_EQ(enter_at("5073", kSaturdayMorning).outcome, EntryOutcome::accepted);
}

TEST_F(LockScheduleTest, EnabledWithoutEntriesOpensNothingAndAClearDropsTheSchedule) {
  program(1, "4827", AccessEvent::code_added);
  supervised(zwave::ScheduleEnableSet{1, true});
  EXPECT_EQ(enter_at("4827", kMondayMorning).reason, ErrorId::outside_schedule);
  program(1, "", AccessEvent::code_deleted, SlotStatus::available);
  program(1, "4827", AccessEvent::code_added);
  EXPECT_EQ(lock_->slot_times(1), core::AccessTimes{core::AtAllTimes{}});
  EXPECT_EQ(enter_at("4827", kMondayMorning).outcome, EntryOutcome::accepted);
}

TEST_F(LockScheduleTest, AYearDayWindowAndErasedEntries) {
  program(3, "2580", AccessEvent::code_added);
  supervised(zwave::ScheduleEnableSet{3, true});
  supervised(zwave::YearDayScheduleSet{zwave::ScheduleAction::modify, 3, 1,
                                       core::LocalDateTime{2026, 3, 2, 8, 0},
                                       core::LocalDateTime{2026, 3, 3, 8, 0}});
  EXPECT_EQ(enter_at("2580", kMondayEvening).outcome, EntryOutcome::accepted);
  EXPECT_EQ(enter_at("2580", kSaturdayMorning).reason, ErrorId::outside_schedule);
  supervised(zwave::YearDayScheduleSet{zwave::ScheduleAction::erase, 3, 1, {}, {}});
  EXPECT_EQ(enter_at("2580", kMondayEvening).reason, ErrorId::outside_schedule);
}

// The lock asks its clock for the local time only when the slot that matched
// has a schedule (working it out costs the caller), and then exactly once.
TEST_F(LockScheduleTest, TheClockIsAskedOnlyForASlotWithASchedule) {
  int asked = 0;
  const auto clock = [&asked] {
    ++asked;
    return kSaturdayMorning;
  };
  const auto enter = [&](std::string_view typed) {
    EXPECT_CALL(port_, send(::testing::_)).Times(::testing::AnyNumber());
    const core::EntryResult r = lock_->enter_code(typed, clock);
    ::testing::Mock::VerifyAndClearExpectations(&port_);
    return r;
  };
  program(1, "4827", AccessEvent::code_added);
  program(2, "5073", AccessEvent::code_added);
  supervised(zwave::ScheduleEnableSet{2, true});  // slot 2: no entries, so never
  EXPECT_EQ(enter("4827").outcome, EntryOutcome::accepted);
  EXPECT_EQ(enter("0000").reason, ErrorId::wrong_code);
  EXPECT_EQ(asked, 0);
  EXPECT_EQ(enter("5073").reason, ErrorId::outside_schedule);
  EXPECT_EQ(asked, 1);
  supervised(zwave::ScheduleEnableSet{2, false});
  EXPECT_EQ(enter("5073").outcome, EntryOutcome::accepted);
  EXPECT_EQ(asked, 1);
}

TEST_F(LockScheduleTest, RefusalsAndCommandsItDoesNotSupervise) {
  supervised(zwave::ScheduleEnableSet{31, true}, zwave::SupervisionStatus::fail);  // no slot 31
  supervised(zwave::WeekDayScheduleSet{zwave::ScheduleAction::modify, 1, 1, core::Weekday::monday,
                                       18 * 60, 8 * 60},
             zwave::SupervisionStatus::fail);  // stop before start
  supervised(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("4827")},
             zwave::SupervisionStatus::no_support);
  EXPECT_EQ(lock_->slots_used(), 0U);
}

TEST_F(LockScheduleTest, ProvisionedAccessTimesAreEnforcedFromTheStart) {
  core::SlotTable table(30);
  table[0] =
      core::SlotContent{core::UserId(3), AccessCode("5073"),
                        core::RestrictedSchedule{{core::ScheduleBlock{0b0011111, 480, 1080}}}};
  lock_->provision(table);
  EXPECT_EQ(enter_at("5073", kMondayMorning).outcome, EntryOutcome::accepted);
  EXPECT_EQ(enter_at("5073", kSaturdayMorning).reason, ErrorId::outside_schedule);
}

// ---- slots over the radio ---------------------------------------------------------

TEST_F(LockTest, StartsListeningLockedFullBatteryAndEmpty) {
  EXPECT_EQ(lock_->radio_state(), RadioState::listening);
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_EQ(lock_->battery_percent(), 100);
  EXPECT_EQ(lock_->slots_used(), 0U);
  EXPECT_EQ(lock_->slots().size(), 30U);
  EXPECT_EQ(lock_->slot(1), SlotView{});
}

TEST_F(LockTest, UserCodeSetStoresTheCodeAndAnswersCodeAdded) {
  program(3, "1234", AccessEvent::code_added);
  EXPECT_TRUE(lock_->holds("1234"));
  EXPECT_TRUE(lock_->holds(AccessCode("1234")));
  EXPECT_FALSE(lock_->holds("4321"));
  EXPECT_EQ(lock_->slot_of(AccessCode("1234")), 3);
  EXPECT_EQ(lock_->slots_used(), 1U);
  EXPECT_EQ(lock_->slot(3), (SlotView{SlotStatus::enabled, 4}));
  EXPECT_EQ(lock_->slots()[2], (SlotView{SlotStatus::enabled, 4}));
  EXPECT_EQ(count("code_added"), 1U);
}

TEST_F(LockTest, UserCodeSetAvailableClearsTheSlotAndAnswersCodeDeleted) {
  program(3, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::code_deleted, 3)));
  deliver(zwave::UserCodeSet{3, SlotStatus::available, AccessCode()});
  settle();
  EXPECT_FALSE(lock_->holds("1234"));
  EXPECT_EQ(lock_->slots_used(), 0U);
  EXPECT_EQ(lock_->slot(3), SlotView{});
  // Clearing a free slot is acknowledged too (a retried delete).
  EXPECT_CALL(port_, send(notice(AccessEvent::code_deleted, 3)));
  deliver(zwave::UserCodeSet{3, SlotStatus::available, AccessCode()});
  settle();
}

TEST_F(LockTest, ACodeHeldInAnotherSlotIsRefusedAsDuplicate) {
  program(1, "1234", AccessEvent::code_added);
  program(2, "1234", AccessEvent::code_duplicate);
  EXPECT_EQ(lock_->slot(2).status, SlotStatus::available);
  EXPECT_EQ(lock_->slots_used(), 1U);
  // The same code again in its own slot is a retry, not a duplicate.
  program(1, "1234", AccessEvent::code_added);
  // A disabled slot still holds its code.
  program(4, "5678", AccessEvent::code_added, SlotStatus::disabled);
  program(5, "5678", AccessEvent::code_duplicate);
}

TEST_F(LockTest, ALockThatAllowsDuplicatesStoresThem) {
  core::LockSpec spec = deadbolt();
  spec.refuses_duplicate_codes = false;
  make(spec);
  program(1, "1234", AccessEvent::code_added);
  program(2, "1234", AccessEvent::code_added);
  EXPECT_EQ(lock_->slots_used(), 2U);
}

TEST_F(LockTest, AnUnsupportedLengthIsRejected) {
  core::LockSpec spec = deadbolt();
  spec.code_lengths = core::CodeLengths{4, 8, {5}};
  make(spec);
  program(1, "123456789", AccessEvent::code_rejected);  // 9 > 8
  program(2, "12345", AccessEvent::code_rejected);      // excluded
  program(3, "12345678", AccessEvent::code_added);
  EXPECT_EQ(lock_->slots_used(), 1U);
  EXPECT_FALSE(lock_->holds("123456789"));
}

TEST_F(LockTest, ASlotBeyondTheModelIsRejected) {
  program(31, "1234", AccessEvent::code_rejected);
  EXPECT_CALL(port_, send(notice(AccessEvent::code_rejected, 31)));
  deliver(zwave::UserCodeSet{31, SlotStatus::available, AccessCode()});
  settle();
  EXPECT_CALL(port_, send(notice(AccessEvent::code_rejected, 40)));
  deliver(zwave::UserCodeGet{40});
  settle();
  EXPECT_EQ(lock_->slots_used(), 0U);
  program(30, "1234", AccessEvent::code_added);  // the last slot exists
}

TEST_F(LockTest, OneLengthForAllIsCheckedAgainstTheOtherSlotsOnly) {
  core::LockSpec spec = deadbolt();
  spec.code_lengths.same_length_for_all = true;
  make(spec);
  program(1, "1234", AccessEvent::code_added);
  program(2, "123456", AccessEvent::code_rejected);
  // Slot 1 is the only code held: it may change its own length...
  program(1, "654321", AccessEvent::code_added);
  // ...and then six digits is the length for all.
  program(2, "123456", AccessEvent::code_added);
  program(3, "1234", AccessEvent::code_rejected);
  EXPECT_EQ(lock_->slot(1).code_length, 6U);
}

TEST_F(LockTest, UserCodeGetAndUsersNumberGetAreAnswered) {
  program(7, "24680", AccessEvent::code_added, SlotStatus::disabled);
  {
    InSequence seq;
    EXPECT_CALL(
        port_,
        send(zwave::encode(zwave::UserCodeReport{7, SlotStatus::disabled, AccessCode("24680")})));
    EXPECT_CALL(port_, send(zwave::encode(zwave::UserCodeReport{8, SlotStatus::available, {}})));
    EXPECT_CALL(port_, send(zwave::encode(zwave::UsersNumberReport{30})));
  }
  deliver(zwave::UserCodeGet{7});
  deliver(zwave::UserCodeGet{8});
  deliver(zwave::UsersNumberGet{});
  settle();
}

TEST_F(LockTest, MalformedAndUnexpectedFramesAreTracedAndIgnored) {
  lock_->receive_frame(Frame{0x63, 0x01, 0x00, 0x01, '1', '2', '3', '4'});  // slot 0
  lock_->receive_frame(Frame{});
  deliver(zwave::AccessNotification{AccessEvent::code_added, 1});  // locks do not take these
  settle();                                                        // StrictMock: nothing sent
  EXPECT_EQ(count("frame_malformed"), 2U);
  EXPECT_EQ(count("frame_unexpected"), 1U);
  EXPECT_EQ(lock_->slots_used(), 0U);
}

// ---- wake ticks and radio faults ------------------------------------------------------

TEST_F(LockTest, AOneSecondLockHearsAFrameOnlyAtItsNextWakeTick) {
  std::vector<Time> sent_at;
  EXPECT_CALL(port_, send(notice(AccessEvent::code_added, 1))).WillOnce(Invoke([&](const Frame&) {
    sent_at.push_back(sched_.now());
  }));
  sched_.run_until(Time::from_us(300'000));
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1234")});
  EXPECT_EQ(lock_->frames_queued(), 1U);
  sched_.run_until(Time::from_us(999'999));
  EXPECT_TRUE(sent_at.empty());
  EXPECT_FALSE(lock_->holds("1234"));
  sched_.run_until(Time::from_us(1'000'000));
  EXPECT_EQ(sent_at, std::vector<Time>{Time::from_us(1'000'000)});
  EXPECT_TRUE(lock_->holds("1234"));
  EXPECT_EQ(lock_->frames_queued(), 0U);
}

TEST_F(LockTest, AQuarterSecondLockHearsSooner) {
  core::LockSpec spec = deadbolt();
  spec.wake_latency = std::chrono::milliseconds(250);
  make(spec);
  std::vector<Time> sent_at;
  EXPECT_CALL(port_, send(::testing::_)).WillRepeatedly(Invoke([&](const Frame&) {
    sent_at.push_back(sched_.now());
  }));
  sched_.run_until(Time::from_us(300'000));
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1234")});
  deliver(zwave::UserCodeSet{2, SlotStatus::enabled, AccessCode("5678")});  // same tick
  sched_.run_until(Time::from_us(2'000'000));
  deliver(zwave::UsersNumberGet{});  // exactly on a tick: heard at once
  sched_.run_until(Time::from_us(3'000'000));
  EXPECT_EQ(sent_at, (std::vector<Time>{Time::from_us(500'000), Time::from_us(500'000),
                                        Time::from_us(2'000'000)}));
}

TEST_F(LockTest, FramesAreHandledInArrivalOrderWithinATick) {
  {
    InSequence seq;
    EXPECT_CALL(port_, send(notice(AccessEvent::code_added, 1)));
    EXPECT_CALL(port_, send(notice(AccessEvent::code_deleted, 1)));
    EXPECT_CALL(port_, send(notice(AccessEvent::code_added, 1)));
  }
  sched_.run_until(Time::from_us(100'000));
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1111")});
  deliver(zwave::UserCodeSet{1, SlotStatus::available, {}});
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("2580")});
  settle();
  EXPECT_TRUE(lock_->holds("2580"));
  EXPECT_FALSE(lock_->holds("1111"));
}

TEST_F(LockTest, AnAsleepLockMissesFrames) {
  lock_->set_asleep(true);
  EXPECT_EQ(lock_->radio_state(), RadioState::asleep);
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1234")});
  settle();
  EXPECT_FALSE(lock_->holds("1234"));
  EXPECT_EQ(count("frame_missed"), 1U);
  lock_->set_asleep(false);
  program(1, "1234", AccessEvent::code_added);
}

TEST_F(LockTest, AFrameQueuedForTheTickIsMissedIfTheLockFallsAsleepFirst) {
  sched_.run_until(Time::from_us(200'000));
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1234")});
  lock_->set_asleep(true);
  EXPECT_EQ(lock_->frames_queued(), 0U);
  settle();
  EXPECT_FALSE(lock_->holds("1234"));
  EXPECT_EQ(count("frame_missed"), 1U);
}

TEST_F(LockTest, AnUnreachableLockMissesFramesAndItsOwnFramesAreLost) {
  program(1, "1234", AccessEvent::code_added);
  lock_->set_reachable(false);
  EXPECT_EQ(lock_->radio_state(), RadioState::unreachable);
  deliver(zwave::UserCodeSet{2, SlotStatus::enabled, AccessCode("5678")});
  settle();
  EXPECT_FALSE(lock_->holds("5678"));
  // Its keypad still works; the keypad_unlock notification never leaves.
  EXPECT_EQ(enter("1234").outcome, EntryOutcome::accepted);
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);
  EXPECT_EQ(count("frame_not_sent"), 1U);
  lock_->set_reachable(true);
  program(2, "5678", AccessEvent::code_added);
}

TEST_F(LockTest, UnreachableWinsOverAsleepAndDeadWinsOverBoth) {
  lock_->set_asleep(true);
  lock_->set_reachable(false);
  EXPECT_EQ(lock_->radio_state(), RadioState::unreachable);
  lock_->power_off();
  EXPECT_EQ(lock_->radio_state(), RadioState::dead);
  lock_->power_on();
  lock_->set_reachable(true);
  EXPECT_EQ(lock_->radio_state(), RadioState::asleep);
}

TEST_F(LockTest, ADeadLockMissesFramesAndItsKeypadIsDark) {
  program(1, "1234", AccessEvent::code_added);
  lock_->set_battery(0);  // 0 %: no warning can go out
  EXPECT_EQ(lock_->radio_state(), RadioState::dead);
  deliver(zwave::UserCodeSet{2, SlotStatus::enabled, AccessCode("5678")});
  settle();
  EXPECT_FALSE(lock_->holds("5678"));
  const core::EntryResult r = enter("1234");
  EXPECT_EQ(r.outcome, EntryOutcome::refused);
  EXPECT_FALSE(r.reason.has_value());
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_EQ(lock_->keypad_lockout().streak, 0);
}

// ---- keypad, bolt, auto-relock ----------------------------------------------------------

TEST_F(LockTest, TheRightCodeUnlocksAndReportsItsSlot) {
  program(3, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 3)));
  const core::EntryResult r = enter("1234");
  EXPECT_EQ(r.outcome, EntryOutcome::accepted);
  ASSERT_TRUE(r.user.has_value());
  EXPECT_EQ(r.user->value, 3U);  // the slot
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);
  EXPECT_EQ(count("unlocked"), 1U);
}

TEST_F(LockTest, AWrongCodeOrADisabledSlotDoesNotOpen) {
  program(1, "1234", AccessEvent::code_added);
  program(2, "5678", AccessEvent::code_added, SlotStatus::disabled);
  core::EntryResult r = enter("4321");
  EXPECT_EQ(r.outcome, EntryOutcome::refused);
  EXPECT_EQ(r.reason, ErrorId::wrong_code);
  r = enter("5678");
  EXPECT_EQ(r.reason, ErrorId::wrong_code);
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_EQ(count("entry_refused"), 2U);
}

TEST_F(LockTest, TheCodeStopsWorkingOnceItsSlotIsCleared) {
  program(1, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::code_deleted, 1)));
  deliver(zwave::UserCodeSet{1, SlotStatus::available, {}});
  settle();
  EXPECT_EQ(enter("1234").reason, ErrorId::wrong_code);
}

TEST_F(LockTest, FiveWrongCodesDisableTheKeypadForTheLockoutDuration) {
  program(1, "1234", AccessEvent::code_added);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(enter("0000").reason, ErrorId::wrong_code);
  }
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_disabled)));
  const core::EntryResult fifth = enter("0000");
  EXPECT_EQ(fifth.reason, ErrorId::wrong_code);
  EXPECT_EQ(fifth.locked_until, std::chrono::seconds(61));  // now = 1 s, plus 60 s
  ::testing::Mock::VerifyAndClearExpectations(&port_);

  // Even the right code is refused during the lockout, and nothing is sent.
  sched_.run_until(Time::from_us(60'999'999));
  EXPECT_EQ(enter("1234").reason, ErrorId::locked_out);
  EXPECT_EQ(lock_->bolt(), BoltState::locked);

  sched_.run_until(Time::from_us(61'000'000));
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  EXPECT_EQ(enter("1234").outcome, EntryOutcome::accepted);
  EXPECT_EQ(count("keypad_disabled"), 1U);
}

TEST_F(LockTest, TheBoltRelocksThirtySecondsAfterAnUnlock) {
  program(1, "1234", AccessEvent::code_added);  // now = 1 s
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  enter("1234");
  EXPECT_EQ(lock_->relock_at(), Time::from_us(31'000'000));
  sched_.run_until(Time::from_us(30'999'999));
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);
  EXPECT_CALL(port_, send(notice(AccessEvent::auto_relocked)));
  sched_.run_until(Time::from_us(31'000'000));
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_EQ(lock_->relock_at(), std::nullopt);
  EXPECT_EQ(count("relocked"), 1U);
}

TEST_F(LockTest, UnlockingAgainPostponesTheRelock) {
  program(1, "1234", AccessEvent::code_added);  // now = 1 s
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1))).Times(2);
  enter("1234");
  sched_.run_until(Time::from_us(21'000'000));
  enter("1234");
  sched_.run_until(Time::from_us(50'999'999));
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);
  EXPECT_CALL(port_, send(notice(AccessEvent::auto_relocked))).Times(1);
  sched_.run_until(Time::from_us(60'000'000));
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_EQ(count("relocked"), 1U);
}

TEST_F(LockTest, AutoRelockIsConfigurableAndCanBeTurnedOff) {
  lock_ = std::make_unique<Lock>(sched_, trace_, "Back Door", deadbolt(), port_, Duration::s(5));
  program(1, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1))).Times(2);
  EXPECT_CALL(port_, send(notice(AccessEvent::auto_relocked)));
  enter("1234");
  sched_.run_for(Duration::s(5));
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  lock_->set_auto_relock(Duration::zero());
  enter("1234");
  sched_.run_for(Duration::h(1));
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);
}

TEST_F(LockTest, AJammedBoltDoesNotMoveForTheRightCode) {
  program(1, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  enter("1234");
  EXPECT_CALL(port_, send(notice(AccessEvent::jammed))).Times(2);
  lock_->jam();
  EXPECT_EQ(lock_->bolt(), BoltState::jammed);
  EXPECT_EQ(lock_->relock_at(), std::nullopt);  // the relock was cancelled
  const core::EntryResult r = enter("1234");
  EXPECT_EQ(r.outcome, EntryOutcome::refused);
  EXPECT_EQ(r.reason, ErrorId::lock_jammed);
  EXPECT_EQ(r.user->value, 1U);
  sched_.run_for(Duration::min(5));
  EXPECT_EQ(lock_->bolt(), BoltState::jammed);
  ::testing::Mock::VerifyAndClearExpectations(&port_);

  lock_->unjam();
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  EXPECT_EQ(enter("1234").outcome, EntryOutcome::accepted);
}

TEST_F(LockTest, AFiveButtonKeypadComparesTheButtonsPressed) {
  core::LockSpec spec = deadbolt();
  spec.five_button_keypad = true;
  make(spec);
  program(1, "2468", AccessEvent::code_added);
  program(2, "1357", AccessEvent::code_duplicate);  // presses the same buttons
  program(2, "1350", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  EXPECT_EQ(enter("1357").outcome, EntryOutcome::accepted);
  // 9 and 0 share the fifth button: "2460" and "1359" press what "1350" presses.
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 2))).Times(2);
  EXPECT_EQ(enter("2460").outcome, EntryOutcome::accepted);
  EXPECT_EQ(enter("1359").outcome, EntryOutcome::accepted);
  EXPECT_EQ(enter("1111").reason, ErrorId::wrong_code);
  // holds() is about the digits stored, not the buttons.
  EXPECT_TRUE(lock_->holds("2468"));
  EXPECT_FALSE(lock_->holds("1357"));
}

// ---- battery and power ------------------------------------------------------------------

TEST_F(LockTest, LowBatteryIsReportedOnce) {
  const Frame warning = zwave::encode(zwave::BatteryReport{zwave::kBatteryLowWarning});
  lock_->set_battery(50);  // nothing
  EXPECT_CALL(port_, send(::testing::Eq(warning))).Times(1);
  lock_->set_battery(20);
  lock_->set_battery(15);
  lock_->set_battery(5);
  ::testing::Mock::VerifyAndClearExpectations(&port_);
  EXPECT_EQ(lock_->battery_percent(), 5);
  EXPECT_EQ(lock_->radio_state(), RadioState::listening);
  // New batteries re-arm the warning.
  lock_->set_battery(100);
  EXPECT_CALL(port_, send(::testing::Eq(warning))).Times(1);
  lock_->set_battery(10);
  EXPECT_EQ(count("battery_low"), 2U);
}

TEST_F(LockTest, BatteryLevelsAreClampedAndNewBatteriesRevive) {
  lock_->set_battery(250);
  EXPECT_EQ(lock_->battery_percent(), 100);
  lock_->set_battery(-3);
  EXPECT_EQ(lock_->battery_percent(), 0);
  EXPECT_EQ(lock_->radio_state(), RadioState::dead);
  lock_->set_battery(90);
  EXPECT_EQ(lock_->radio_state(), RadioState::listening);
  program(1, "1234", AccessEvent::code_added);
}

TEST_F(LockTest, APowerCycleKeepsTheCodes) {
  program(1, "1234", AccessEvent::code_added);
  program(2, "9876", AccessEvent::code_added, SlotStatus::disabled);
  lock_->power_off();
  EXPECT_FALSE(lock_->powered());
  EXPECT_EQ(lock_->radio_state(), RadioState::dead);
  deliver(zwave::UserCodeSet{1, SlotStatus::available, {}});
  settle();
  EXPECT_FALSE(enter("1234").reason.has_value());
  lock_->power_on();
  EXPECT_EQ(lock_->radio_state(), RadioState::listening);
  EXPECT_TRUE(lock_->holds("1234"));
  EXPECT_TRUE(lock_->holds("9876"));
  EXPECT_EQ(lock_->slot(2).status, SlotStatus::disabled);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  EXPECT_EQ(enter("1234").outcome, EntryOutcome::accepted);
}

TEST_F(LockTest, PowerLossDropsQueuedFramesAndTheRelockTimerRestartsOnPowerOn) {
  program(1, "1234", AccessEvent::code_added);  // now = 1 s
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  enter("1234");
  sched_.run_until(Time::from_us(1'500'000));
  deliver(zwave::UserCodeSet{2, SlotStatus::enabled, AccessCode("5678")});
  lock_->power_off();
  EXPECT_EQ(lock_->frames_queued(), 0U);
  EXPECT_EQ(lock_->relock_at(), std::nullopt);
  sched_.run_until(Time::from_us(100'000'000));
  EXPECT_EQ(lock_->bolt(), BoltState::unlocked);  // the bolt stays where it was
  EXPECT_FALSE(lock_->holds("5678"));
  lock_->power_on();
  EXPECT_EQ(lock_->relock_at(), Time::from_us(130'000'000));
  EXPECT_CALL(port_, send(notice(AccessEvent::auto_relocked)));
  sched_.run_until(Time::from_us(130'000'000));
  EXPECT_EQ(lock_->bolt(), BoltState::locked);
}

TEST_F(LockTest, DestroyingALockCancelsItsEvents) {
  program(1, "1234", AccessEvent::code_added);
  EXPECT_CALL(port_, send(notice(AccessEvent::keypad_unlock, 1)));
  enter("1234");
  deliver(zwave::UsersNumberGet{});
  lock_.reset();
  EXPECT_EQ(sched_.pending(), 0U);
  sched_.run_for(Duration::min(1));
}

// ---- secrets ------------------------------------------------------------------------------

TEST_F(LockTest, NoTraceRecordRevealsACode) {
  const std::string code = "86429173";
  EXPECT_CALL(port_, send(::testing::_)).Times(::testing::AnyNumber());
  deliver(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode(code)});
  deliver(zwave::UserCodeSet{2, SlotStatus::enabled, AccessCode(code)});         // duplicate
  deliver(zwave::UserCodeSet{31, SlotStatus::enabled, AccessCode(code)});        // rejected
  deliver(zwave::UserCodeSet{3, SlotStatus::enabled, AccessCode("123456789")});  // length
  deliver(zwave::UserCodeGet{1});
  settle();
  enter(code);
  enter("00000000");
  lock_->set_reachable(false);
  deliver(zwave::UserCodeSet{4, SlotStatus::enabled, AccessCode(code)});
  enter(code);

  ASSERT_GT(sink_->records().size(), 5U);
  std::size_t secrets = 0;
  for (const sim::TraceRecord& r : sink_->records()) {
    const std::string line = sim::to_json_line(r);
    EXPECT_EQ(line.find(code), std::string::npos) << line;
    EXPECT_EQ(line.find("123456789"), std::string::npos) << line;
    for (const auto& f : r.fields) {
      secrets += f.secret ? 1 : 0;
    }
  }
  EXPECT_GE(secrets, 3U);  // the codes are there, as secret fields
}

TEST_F(LockTest, DescribeOfEveryFrameTheLockSendsHidesTheCode) {
  program(5, "97531", AccessEvent::code_added);
  std::vector<Frame> sent;
  EXPECT_CALL(port_, send(::testing::_)).WillRepeatedly(Invoke([&](Frame f) {
    sent.push_back(std::move(f));
  }));
  deliver(zwave::UserCodeGet{5});
  settle();
  ASSERT_EQ(sent.size(), 1U);
  const zwave::Decoded d = zwave::decode(sent[0]);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d.message,
            zwave::Message(zwave::UserCodeReport{5, SlotStatus::enabled, AccessCode("97531")}));
  EXPECT_EQ(zwave::describe(*d.message), "User Code Report slot 5 enabled ****");
}

TEST_F(LockTest, WithTracingOffNothingIsRecorded) {
  sim::Trace quiet;
  StrictMock<MockFramePort> port;
  Lock lock(sched_, quiet, "Garage Door", deadbolt(), port);
  EXPECT_CALL(port, send(notice(AccessEvent::code_added, 1)));
  lock.receive_frame(zwave::encode(zwave::UserCodeSet{1, SlotStatus::enabled, AccessCode("1234")}));
  sched_.run_for(Duration::s(1));
  EXPECT_FALSE(quiet.enabled());
  EXPECT_EQ(quiet.records(), 0U);
  EXPECT_TRUE(lock.holds("1234"));
}

TEST(LockNames, StatesHaveNames) {
  EXPECT_EQ(to_string(RadioState::listening), "listening");
  EXPECT_EQ(to_string(RadioState::dead), "dead");
  EXPECT_EQ(to_string(BoltState::jammed), "jammed");
  EXPECT_EQ(to_string(BoltState::unlocked), "unlocked");
}

}  // namespace
}  // namespace lockstep::devices
