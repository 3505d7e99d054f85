#include "devices/zwave.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::devices::zwave {
namespace {

using core::AccessCode;

Frame bytes(std::initializer_list<int> list) {
  Frame f;
  for (int b : list) {
    f.push_back(static_cast<std::uint8_t>(b));
  }
  return f;
}

Frame with_text(Frame head, std::string_view text) {
  head.insert(head.end(), text.begin(), text.end());
  return head;
}

std::vector<Message> every_message() {
  return {
      UserCodeSet{3, SlotStatus::enabled, AccessCode("1234")},
      UserCodeSet{255, SlotStatus::disabled, AccessCode("0123456789")},
      UserCodeSet{1, SlotStatus::available, AccessCode()},
      UserCodeGet{7},
      UserCodeReport{30, SlotStatus::enabled, AccessCode("987654")},
      UserCodeReport{2, SlotStatus::available, AccessCode()},
      UsersNumberGet{},
      UsersNumberReport{250},
      AccessNotification{AccessEvent::keypad_unlock, 4},
      AccessNotification{AccessEvent::auto_relocked, 0},
      AccessNotification{AccessEvent::jammed, 0},
      AccessNotification{AccessEvent::code_deleted, 12},
      AccessNotification{AccessEvent::code_added, 1},
      AccessNotification{AccessEvent::code_duplicate, 5},
      AccessNotification{AccessEvent::keypad_disabled, 0},
      AccessNotification{AccessEvent::code_rejected, 200},
      BatteryReport{80},
      BatteryReport{0},
      BatteryReport{kBatteryLowWarning},
      ScheduleEnableSet{3, true},
      ScheduleEnableSet{3, false},
      WeekDayScheduleSet{ScheduleAction::modify, 3, 1, core::Weekday::sunday, 8 * 60, 24 * 60},
      WeekDayScheduleSet{ScheduleAction::erase, 3, 7, core::Weekday::saturday, 0, 0},
      YearDayScheduleSet{ScheduleAction::modify, 2, 1, core::LocalDateTime{2026, 3, 2, 8, 0},
                         core::LocalDateTime{2099, 12, 31, 23, 59}},
      SupervisionGet{63, encode(ScheduleEnableSet{3, true})},
      SupervisionReport{5, SupervisionStatus::success},
      SupervisionReport{0, SupervisionStatus::fail},
      SupervisionReport{1, SupervisionStatus::no_support},
  };
}

TEST(ZWave, AFrameIsAnInlineValueOfAtMost31Bytes) {
  Frame f{0x63, 0x01};
  f.insert(f.end(), std::string_view("12").begin(), std::string_view("12").end());
  EXPECT_EQ(f, bytes({0x63, 0x01, '1', '2'}));
  EXPECT_NE(f, bytes({0x63, 0x01, '1'}));
  const Frame copy(f.begin(), f.end());
  EXPECT_EQ(copy, f);
  EXPECT_THROW(f.insert(f.begin(), f.begin(), f.end()), std::invalid_argument);
  Frame full;
  for (std::size_t i = 0; i < Frame::kCapacity; ++i)
    full.push_back(0x30);
  EXPECT_THROW(full.push_back(0x30), std::length_error);
  EXPECT_EQ(full.size(), Frame::kCapacity);
  // The longest frame the protocol writes fits with room to spare.
  EXPECT_EQ(encode(UserCodeSet{255, SlotStatus::enabled, AccessCode("0123456789")}).size(), 14U);
}

TEST(ZWave, BytesThatDoNotFitInAFrameAreRefusedWithNoneAdded) {
  // A frame is appended to a whole run at a time: a run that does not fit
  // throws before any of its bytes lands, so the frame is still the valid
  // one it was.
  Frame frame = {0x71, 0x05};
  const std::vector<std::uint8_t> too_many(Frame::kCapacity - 1, 0x30);
  EXPECT_THROW(frame.insert(frame.end(), too_many.begin(), too_many.end()), std::length_error);
  EXPECT_EQ(frame, (Frame{0x71, 0x05}));
  const std::vector<std::uint8_t> fits(Frame::kCapacity - 2, 0x31);
  frame.insert(frame.end(), fits.begin(), fits.end());
  EXPECT_EQ(frame.size(), Frame::kCapacity);
}

TEST(ZWave, EveryMessageSurvivesEncodeThenDecode) {
  for (const Message& m : every_message()) {
    SCOPED_TRACE(describe(m));
    const Frame f = encode(m);
    const Decoded d = decode(f);
    ASSERT_TRUE(d.ok()) << d.error;
    EXPECT_TRUE(d.error.empty());
    EXPECT_EQ(*d.message, m);
  }
}

TEST(ZWave, ANotificationEncodesTheSameAloneAndAsAMessage) {
  for (const Message& m : every_message()) {
    if (const auto* n = std::get_if<AccessNotification>(&m)) {
      SCOPED_TRACE(describe(m));
      EXPECT_EQ(encode(*n), encode(m));
    }
  }
}

TEST(ZWave, UserCodeSetBytesFollowTheArchitectureNote) {
  EXPECT_EQ(encode(UserCodeSet{3, SlotStatus::enabled, AccessCode("1234")}),
            bytes({0x63, 0x01, 0x03, 0x01, 0x31, 0x32, 0x33, 0x34}));
  EXPECT_EQ(encode(UserCodeSet{250, SlotStatus::disabled, AccessCode("567890")}),
            bytes({0x63, 0x01, 0xFA, 0x02, 0x35, 0x36, 0x37, 0x38, 0x39, 0x30}));
  // Status available carries no code bytes, whatever the struct holds.
  EXPECT_EQ(encode(UserCodeSet{9, SlotStatus::available, AccessCode("1234")}),
            bytes({0x63, 0x01, 0x09, 0x00}));
}

TEST(ZWave, OtherFramesHaveTheirExactBytes) {
  EXPECT_EQ(encode(UserCodeGet{3}), bytes({0x63, 0x02, 0x03}));
  EXPECT_EQ(encode(UserCodeReport{3, SlotStatus::enabled, AccessCode("4321")}),
            bytes({0x63, 0x03, 0x03, 0x01, 0x34, 0x33, 0x32, 0x31}));
  EXPECT_EQ(encode(UsersNumberGet{}), bytes({0x63, 0x04}));
  EXPECT_EQ(encode(UsersNumberReport{30}), bytes({0x63, 0x05, 0x1E}));
  EXPECT_EQ(encode(AccessNotification{AccessEvent::code_added, 3}),
            bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0E, 0x01, 0x03}));
  EXPECT_EQ(encode(AccessNotification{AccessEvent::keypad_unlock, 1}),
            bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x06, 0x01, 0x01}));
  EXPECT_EQ(encode(AccessNotification{AccessEvent::jammed}),
            bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0B, 0x00}));
  EXPECT_EQ(encode(BatteryReport{kBatteryLowWarning}), bytes({0x80, 0x03, 0xFF}));
  EXPECT_EQ(encode(BatteryReport{55}), bytes({0x80, 0x03, 0x37}));
}

TEST(ZWave, ScheduleEntryLockAndSupervisionFramesHaveTheirExactBytes) {
  EXPECT_EQ(encode(ScheduleEnableSet{3, true}), bytes({0x4E, 0x01, 0x03, 0x01}));
  // Monday is day 01 on the wire (Sunday 00); 18:00 stop, 24:00 = midnight.
  EXPECT_EQ(encode(WeekDayScheduleSet{ScheduleAction::modify, 3, 2, core::Weekday::monday,
                                      8 * 60 + 30, 18 * 60}),
            bytes({0x4E, 0x03, 0x01, 0x03, 0x02, 0x01, 0x08, 0x1E, 0x12, 0x00}));
  EXPECT_EQ(
      encode(WeekDayScheduleSet{ScheduleAction::modify, 1, 1, core::Weekday::sunday, 0, 24 * 60}),
      bytes({0x4E, 0x03, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x18, 0x00}));
  EXPECT_EQ(
      encode(YearDayScheduleSet{ScheduleAction::modify, 4, 1, core::LocalDateTime{2026, 3, 2, 8, 0},
                                core::LocalDateTime{2026, 3, 9, 18, 5}}),
      bytes({0x4E, 0x06, 0x01, 0x04, 0x01, 26, 3, 2, 8, 0, 26, 3, 9, 18, 5}));
  EXPECT_EQ(encode(SupervisionGet{5, bytes({0x4E, 0x01, 0x03, 0x00})}),
            bytes({0x6C, 0x01, 0x05, 0x04, 0x4E, 0x01, 0x03, 0x00}));
  EXPECT_EQ(encode(SupervisionReport{5, SupervisionStatus::success}),
            bytes({0x6C, 0x02, 0x05, 0xFF, 0x00}));
  EXPECT_EQ(describe(WeekDayScheduleSet{ScheduleAction::modify, 3, 2, core::Weekday::monday, 8 * 60,
                                        18 * 60}),
            "Week Day Schedule Set slot 3 entry 2 Monday 08:00-18:00");
  EXPECT_EQ(describe(SupervisionGet{5, encode(ScheduleEnableSet{3, false})}),
            "Supervision Get session 5: Schedule Enable Set slot 3 off");
}

TEST(ZWave, ScheduleFramesOutsideTheirRangesAreRefused) {
  for (const Frame& f : {bytes({0x4E, 0x01, 0x03, 0x02}),                           // enabled 02
                         bytes({0x4E, 0x03, 0x01, 0x03, 0x01, 0x07, 8, 0, 18, 0}),  // day 07
                         bytes({0x4E, 0x03, 0x01, 0x03, 0x01, 0x01, 8, 0, 24, 1}),  // 24:01
                         bytes({0x4E, 0x03, 0x01, 0x03, 0x00, 0x01, 8, 0, 18, 0}),  // entry 0
                         bytes({0x4E, 0x06, 0x01, 0x04, 0x01, 26, 13, 2, 8, 0, 26, 3, 9, 18, 5}),
                         bytes({0x6C, 0x01, 0x05, 0x09, 0x4E, 0x01, 0x03, 0x00}),  // length
                         bytes({0x6C, 0x02, 0x05, 0x07, 0x00})}) {                 // status
    const Decoded d = decode(f);
    EXPECT_FALSE(d.ok());
    EXPECT_FALSE(d.error.empty());
  }
}

// What the panel writes for a user's access times.
TEST(ZWave, ScheduleCommandsGiveOneWeekDayEntryPerDayOrOneYearDayWindow) {
  EXPECT_TRUE(schedule_commands(3, core::AtAllTimes{}).empty());
  const core::RestrictedSchedule weekdays{{core::ScheduleBlock{0b0011111, 8 * 60, 18 * 60}}};
  const auto weekly = schedule_commands(3, weekdays);
  ASSERT_EQ(weekly.size(), 6U);
  EXPECT_EQ(weekly[0], Message(ScheduleEnableSet{3, true}));
  for (std::uint8_t i = 1; i <= 5; ++i) {
    const WeekDayScheduleSet entry{
        ScheduleAction::modify, 3, i, static_cast<core::Weekday>(i - 1), 8 * 60, 18 * 60};
    EXPECT_EQ(weekly[i], Message(entry));
  }
  const core::TemporaryAccess week{core::LocalDateTime{2026, 3, 2, 8, 0},
                                   core::LocalDateTime{2026, 3, 9, 8, 0}};
  const auto window = schedule_commands(2, week);
  ASSERT_EQ(window.size(), 2U);
  EXPECT_EQ(window[1],
            Message(YearDayScheduleSet{ScheduleAction::modify, 2, 1, week.start, week.end}));
  // Enabled with no entry at all: the code opens nothing.
  EXPECT_EQ(schedule_commands(1, core::RestrictedSchedule{}).size(), 1U);
}

TEST(ZWave, ValuesTheWireCannotCarryAreEncodedSoThatReceiversRefuseThem) {
  // Slot 256 does not fit one byte: it goes out as slot 0, which is malformed.
  const Frame f = encode(UserCodeSet{256, SlotStatus::enabled, AccessCode("1234")});
  EXPECT_EQ(f[2], 0x00);
  EXPECT_FALSE(decode(f).ok());
  EXPECT_FALSE(decode(encode(UserCodeGet{0})).ok());
  EXPECT_FALSE(decode(encode(AccessNotification{AccessEvent::code_added, 300})).ok());
  // A code of the wrong length is written as given and refused on decode.
  EXPECT_FALSE(decode(encode(UserCodeSet{1, SlotStatus::enabled, AccessCode("123")})).ok());
  // Users Number Report is one byte in v1: more than 255 users reads as 255.
  EXPECT_EQ(encode(UsersNumberReport{1000}), bytes({0x63, 0x05, 0xFF}));
}

struct Malformed {
  const char* name;
  Frame frame;
  const char* error_has;  // a fragment the error sentence must contain
};

std::vector<Malformed> malformed_frames() {
  return {
      {"empty", {}, "empty frame"},
      {"unknown class", bytes({0x42, 0x01}), "unknown command class 0x42"},
      {"class only", bytes({0x63}), "no command byte"},
      {"unknown user code command", bytes({0x63, 0x09, 0x01}), "unknown command 0x09"},
      {"set without status", bytes({0x63, 0x01, 0x03}), "expected a slot and a status"},
      {"set slot 0", with_text(bytes({0x63, 0x01, 0x00, 0x01}), "1234"), "slot 0"},
      {"set unknown status", with_text(bytes({0x63, 0x01, 0x03, 0x05}), "1234"),
       "unknown slot status 0x05"},
      {"set code too short", with_text(bytes({0x63, 0x01, 0x03, 0x01}), "123"), "3 digit(s)"},
      {"set code too long", with_text(bytes({0x63, 0x01, 0x03, 0x01}), "12345678901"),
       "11 digit(s)"},
      {"set no code", bytes({0x63, 0x01, 0x03, 0x01}), "0 digit(s)"},
      {"set non-digit", with_text(bytes({0x63, 0x01, 0x03, 0x01}), "12a4"),
       "code byte 3 is not an ASCII digit"},
      {"set available with code", with_text(bytes({0x63, 0x01, 0x03, 0x00}), "1234"),
       "status available carries no code"},
      {"report non-digit", with_text(bytes({0x63, 0x03, 0x03, 0x01}), "12 4"), "User Code Report"},
      {"report slot 0", bytes({0x63, 0x03, 0x00, 0x00}), "slot 0"},
      {"get too short", bytes({0x63, 0x02}), "User Code Get: expected 3 bytes"},
      {"get too long", bytes({0x63, 0x02, 0x01, 0x02}), "User Code Get: expected 3 bytes"},
      {"get slot 0", bytes({0x63, 0x02, 0x00}), "slot 0"},
      {"users number get too long", bytes({0x63, 0x04, 0x00}), "Users Number Get"},
      {"users number report short", bytes({0x63, 0x05}), "Users Number Report"},
      {"notification unknown command", bytes({0x71, 0x04}), "unknown command 0x04"},
      {"notification short", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0E}),
       "at least 9 bytes"},
      {"notification v1 bytes", bytes({0x71, 0x05, 0x01, 0x00, 0x00, 0xFF, 0x06, 0x0E, 0x00}),
       "must be 00"},
      {"notification status", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0x00, 0x06, 0x0E, 0x00}),
       "notification status 0x00"},
      {"notification type", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x07, 0x0E, 0x00}),
       "notification type 0x07"},
      {"unknown event", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x2A, 0x00}),
       "unknown Access Control event 0x2A"},
      {"params length lies", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0E, 0x02, 0x03}),
       "parameter length 2 but 1 byte(s) follow"},
      {"too many params", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0E, 0x02, 0x03, 0x04}),
       "at most one"},
      {"notification slot 0", bytes({0x71, 0x05, 0x00, 0x00, 0x00, 0xFF, 0x06, 0x0E, 0x01, 0x00}),
       "slot 0"},
      {"battery unknown command", bytes({0x80, 0x02}), "Battery: unknown command 0x02"},
      {"battery short", bytes({0x80, 0x03}), "expected 3 bytes"},
      {"battery level", bytes({0x80, 0x03, 0x65}), "level 101"},
  };
}

TEST(ZWave, MalformedFramesGiveAClearErrorAndNoMessage) {
  for (const Malformed& m : malformed_frames()) {
    SCOPED_TRACE(m.name);
    const Decoded d = decode(m.frame);
    EXPECT_FALSE(d.ok());
    EXPECT_FALSE(d.message.has_value());
    EXPECT_NE(d.error.find(m.error_has), std::string::npos) << d.error;
  }
}

TEST(ZWave, DecodeNeverCrashesOnAnyShortFrame) {
  // Every one-byte frame, every command byte of each class and every prefix
  // of each valid frame decodes to either a message or an error, never both,
  // never neither.
  std::vector<Frame> frames;
  for (int a = 0; a < 256; ++a) {
    frames.push_back(bytes({a}));
  }
  for (int a : {0x00, 0x63, 0x71, 0x80, 0xFF}) {
    for (int b = 0; b < 256; ++b) {
      frames.push_back(bytes({a, b}));
      frames.push_back(bytes({a, b, 0x03}));
    }
  }
  for (const Message& m : every_message()) {
    const Frame f = encode(m);
    for (std::size_t n = 0; n <= f.size() + 1; ++n) {
      Frame cut(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(std::min(n, f.size())));
      if (n > f.size()) cut.push_back(0x00);
      frames.push_back(cut);
    }
  }
  for (const Frame& f : frames) {
    const Decoded d = decode(f);
    EXPECT_NE(d.ok(), !d.error.empty());
  }
}

// The receiver's in-place read of a notification agrees with decode() on
// every frame: the same notification when decode() gives one, else nothing.
TEST(ZWave, ANotificationReadInPlaceIsWhatDecodeGives) {
  std::vector<Frame> frames;
  for (const Malformed& m : malformed_frames())
    frames.push_back(m.frame);
  for (const Message& m : every_message()) {
    const Frame f = encode(m);
    frames.push_back(f);
    for (std::size_t n = 0; n < f.size(); ++n) {
      frames.emplace_back(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(n));
      for (int b : {0x00, 0x01, 0x02, 0x05, 0x06, 0x09, 0x11, 0x13, 0x1F, 0x20, 0x71, 0xFF}) {
        Frame changed = f;
        changed[n] = static_cast<std::uint8_t>(b);
        frames.push_back(changed);
        changed.push_back(0x01);
        frames.push_back(changed);
      }
    }
  }
  std::size_t notifications = 0;
  for (const Frame& f : frames) {
    const Decoded d = decode(f);
    const auto* expected = d.ok() ? std::get_if<AccessNotification>(&*d.message) : nullptr;
    const std::optional<AccessNotification> read = as_access_notification(f);
    ASSERT_EQ(read.has_value(), expected != nullptr) << d.error;
    if (expected != nullptr) {
      EXPECT_EQ(*read, *expected);
      ++notifications;
    }
  }
  EXPECT_GT(notifications, 8U);
}

TEST(ZWave, DescribeMasksTheCode) {
  EXPECT_EQ(describe(UserCodeSet{3, SlotStatus::enabled, AccessCode("1234")}),
            "User Code Set slot 3 enabled ****");
  EXPECT_EQ(describe(UserCodeSet{3, SlotStatus::available, AccessCode()}),
            "User Code Set slot 3 available");
  EXPECT_EQ(describe(UserCodeReport{8, SlotStatus::disabled, AccessCode("86420")}),
            "User Code Report slot 8 disabled ****");
  EXPECT_EQ(describe(UserCodeGet{2}), "User Code Get slot 2");
  EXPECT_EQ(describe(UsersNumberReport{30}), "Users Number Report 30");
  EXPECT_EQ(describe(AccessNotification{AccessEvent::code_added, 3}),
            "Access Control: code added, slot 3");
  EXPECT_EQ(describe(AccessNotification{AccessEvent::jammed}), "Access Control: jammed");
  EXPECT_EQ(describe(BatteryReport{kBatteryLowWarning}), "Battery Report: low-battery warning");
  EXPECT_EQ(describe(BatteryReport{40}), "Battery Report: 40%");
}

TEST(ZWave, NeitherDescribeNorDecodeErrorsEverContainTheCode) {
  for (const char* code : {"1234", "0123456789", "987654"}) {
    SCOPED_TRACE(code);
    for (const Message& m : {Message{UserCodeSet{3, SlotStatus::enabled, AccessCode(code)}},
                             Message{UserCodeReport{3, SlotStatus::disabled, AccessCode(code)}}}) {
      EXPECT_EQ(describe(m).find(code), std::string::npos);
    }
  }
  // A code with one bad byte: the error names its position, not its digits.
  const Decoded d = decode(with_text(bytes({0x63, 0x01, 0x03, 0x01}), "97531x"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error.find("9753"), std::string::npos);
  EXPECT_EQ(d.error.find('x'), std::string::npos);
}

TEST(ZWave, NamesOfStatusesAndEvents) {
  EXPECT_EQ(to_string(SlotStatus::available), "available");
  EXPECT_EQ(to_string(SlotStatus::enabled), "enabled");
  EXPECT_EQ(to_string(SlotStatus::disabled), "disabled");
  EXPECT_EQ(to_string(AccessEvent::keypad_disabled), "keypad temporarily disabled");
  EXPECT_EQ(to_string(AccessEvent::code_duplicate), "code not added: duplicate");
}

}  // namespace
}  // namespace lockstep::devices::zwave
