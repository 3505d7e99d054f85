// The panel <-> lock radio frames, shaped after Z-Wave: the User Code Command
// Class (0x63, version 1: one-byte slot) and the Notification Command Class
// (0x71) Access Control events, plus the Battery Command Class (0x80) report.
// See devices/ARCHITECTURE.md, "The radio protocol".
//
// Byte layout (hex):
//   User Code Set          63 01 <slot> <status> <code digits>   (status 00: no code bytes)
//   User Code Get          63 02 <slot>
//   User Code Report       63 03 <slot> <status> <code digits>   (status 00: no code bytes)
//   Users Number Get       63 04
//   Users Number Report    63 05 <supported>
//   Access Control event   71 05 00 00 00 FF 06 <event> <params length> <params>
//                          params: the slot (one byte) for events about a slot, none otherwise
//   Battery Report         80 03 <percent 0..100, or FF = low-battery warning>
//   Schedule Entry Lock (0x4E), a user's access times at a lock:
//   Enable Set             4E 01 <slot> <00 at all times / 01 only within its entries>
//   Week Day Schedule Set  4E 03 <action 00 erase / 01 modify> <slot> <entry 1..255>
//                          <day 00 Sunday..06 Saturday> <start hour> <start minute>
//                          <stop hour> <stop minute>        (stop 24:00 = midnight)
//   Year Day Schedule Set  4E 06 <action> <slot> <entry> <start: year 00..99 (2000+),
//                          month, day, hour, minute> <stop: the same five>
//   Supervision (0x6C), how a lock confirms a command that has no report:
//   Supervision Get        6C 01 <session 0..63> <length> <encapsulated command>
//   Supervision Report     6C 02 <session> <status 00 no support / 02 fail / FF success> 00
// slot: 1..255 (1-based); status: 00 available, 01 enabled, 02 disabled;
// code digits: 4..10 ASCII digits '0'..'9'.
//
// encode() writes exactly that. It does not validate: a value the wire cannot
// carry is written so that every receiver refuses it — a slot outside 1..255
// goes out as slot 0 (malformed), a code is written as given (a 3-digit code
// makes a frame that decode() refuses). Two exceptions, both lossless for
// valid values: status available writes no code bytes (whatever `code`
// holds), and Users Number Report clamps `supported` to 255 (the v1 field is
// one byte). An AccessNotification with slot 0 carries no parameter.
//
// decode() never throws and never crashes: any byte string gives a message or
// an error sentence. Errors never quote code bytes (they are secrets).
//
// describe() is the text for traces and logs, with any code masked:
// "User Code Set slot 3 enabled ****".
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "devices/ports.hpp"

namespace lockstep::devices::zwave {

inline constexpr std::uint8_t kUserCodeClass = 0x63;
inline constexpr std::uint8_t kNotificationClass = 0x71;
inline constexpr std::uint8_t kBatteryClass = 0x80;
inline constexpr std::uint8_t kScheduleEntryLockClass = 0x4E;
inline constexpr std::uint8_t kSupervisionClass = 0x6C;
inline constexpr std::uint8_t kAccessControl = 0x06;  // notification type
inline constexpr std::uint8_t kBatteryLowWarning = 0xFF;
inline constexpr std::size_t kMinCodeDigits = 4;
inline constexpr std::size_t kMaxCodeDigits = 10;
inline constexpr std::uint16_t kMaxSlot = 255;  // one byte on the wire (v1)

enum class SlotStatus : std::uint8_t { available = 0, enabled = 1, disabled = 2 };

enum class AccessEvent : std::uint8_t {
  keypad_unlock = 0x06,    // param: slot
  auto_relocked = 0x09,    //
  jammed = 0x0B,           //
  code_deleted = 0x0D,     // param: slot
  code_added = 0x0E,       // param: slot
  code_duplicate = 0x0F,   // param: slot (new code not added: duplicate)
  keypad_disabled = 0x10,  // keypad temporarily disabled (lockout)
  code_rejected = 0x13,    // param: slot (unsupported length or no such slot)
};

// "available", "enabled", "disabled".
std::string_view to_string(SlotStatus status);
// "keypad unlock", "code added", ...
std::string_view to_string(AccessEvent event);

struct UserCodeSet {
  std::uint16_t slot = 1;  // 1-based
  SlotStatus status = SlotStatus::enabled;
  core::AccessCode code;  // empty when status is available
  friend bool operator==(const UserCodeSet&, const UserCodeSet&) = default;
};

struct UserCodeGet {
  std::uint16_t slot = 1;
  friend bool operator==(const UserCodeGet&, const UserCodeGet&) = default;
};

struct UserCodeReport {
  std::uint16_t slot = 1;
  SlotStatus status = SlotStatus::available;
  core::AccessCode code;  // empty when status is available
  friend bool operator==(const UserCodeReport&, const UserCodeReport&) = default;
};

struct UsersNumberGet {
  friend bool operator==(const UsersNumberGet&, const UsersNumberGet&) = default;
};

struct UsersNumberReport {
  std::uint16_t supported = 0;
  friend bool operator==(const UsersNumberReport&, const UsersNumberReport&) = default;
};

struct AccessNotification {
  AccessEvent event = AccessEvent::code_added;
  std::uint16_t slot = 0;  // 0 = the event concerns no slot
  friend bool operator==(const AccessNotification&, const AccessNotification&) = default;
};

struct BatteryReport {
  std::uint8_t percent = 100;  // 0..100, or kBatteryLowWarning
  friend bool operator==(const BatteryReport&, const BatteryReport&) = default;
};

// Schedule Entry Lock: whether the slot's entries restrict its code.
struct ScheduleEnableSet {
  std::uint16_t slot = 1;
  bool enabled = true;  // false: the code works at all times
  friend bool operator==(const ScheduleEnableSet&, const ScheduleEnableSet&) = default;
};

enum class ScheduleAction : std::uint8_t { erase = 0, modify = 1 };

// One week-day entry: one day, start to stop (minutes of the day; stop 1440
// is midnight).
struct WeekDayScheduleSet {
  ScheduleAction action = ScheduleAction::modify;
  std::uint16_t slot = 1;
  std::uint8_t entry = 1;  // 1..255, per slot
  core::Weekday day = core::Weekday::monday;
  std::uint16_t start_minute = 0;
  std::uint16_t stop_minute = 0;
  friend bool operator==(const WeekDayScheduleSet&, const WeekDayScheduleSet&) = default;
};

// One year-day entry: a window of dates and times (years 2000..2099).
struct YearDayScheduleSet {
  ScheduleAction action = ScheduleAction::modify;
  std::uint16_t slot = 1;
  std::uint8_t entry = 1;
  core::LocalDateTime start;
  core::LocalDateTime stop;
  friend bool operator==(const YearDayScheduleSet&, const YearDayScheduleSet&) = default;
};

struct SupervisionGet {
  std::uint8_t session = 0;  // 0..63
  Frame command;             // the encapsulated command's bytes
  friend bool operator==(const SupervisionGet&, const SupervisionGet&) = default;
};

enum class SupervisionStatus : std::uint8_t { no_support = 0x00, fail = 0x02, success = 0xFF };

struct SupervisionReport {
  std::uint8_t session = 0;
  SupervisionStatus status = SupervisionStatus::success;
  friend bool operator==(const SupervisionReport&, const SupervisionReport&) = default;
};

using Message =
    std::variant<UserCodeSet, UserCodeGet, UserCodeReport, UsersNumberGet, UsersNumberReport,
                 AccessNotification, BatteryReport, ScheduleEnableSet, WeekDayScheduleSet,
                 YearDayScheduleSet, SupervisionGet, SupervisionReport>;

Frame encode(const Message& message);
// The same bytes as encode(Message(n)), for the frame a lock sends most (on
// every unlock and relock) without making a Message first (inline, below).
inline Frame encode(const AccessNotification& n);

struct Decoded {
  std::optional<Message> message;
  std::string error;  // set when !ok(): what is wrong, never the code bytes

  bool ok() const { return message.has_value(); }
};

Decoded decode(std::span<const std::uint8_t> bytes);
// The AccessNotification decode() gives for `bytes`; nothing when decode()
// gives another message or an error. Read in place (no Decoded, no string,
// no call): the frame a lock sends most, on every unlock and relock.
inline std::optional<AccessNotification> as_access_notification(
    std::span<const std::uint8_t> bytes);

// Trace text with codes masked: "User Code Set slot 3 enabled ****",
// "Access Control: code added, slot 3", "Battery Report: low-battery warning".
std::string describe(const Message& message);

// The Schedule Entry Lock commands that give `slot` these access times, in
// order: nothing for AtAllTimes; otherwise Enable Set on, then one week-day
// entry per day of each block (entries numbered from 1), or one year-day
// entry for temporary access. (The slot is assumed to hold no entries: a
// User Code Set available clears them.)
std::vector<Message> schedule_commands(std::uint16_t slot, const core::AccessTimes& times);

// Bit e set for each AccessEvent e (all below 32): the events decode() knows.
inline constexpr std::uint32_t kAccessEvents =
    1U << static_cast<unsigned>(AccessEvent::keypad_unlock) |
    1U << static_cast<unsigned>(AccessEvent::auto_relocked) |
    1U << static_cast<unsigned>(AccessEvent::jammed) |
    1U << static_cast<unsigned>(AccessEvent::code_deleted) |
    1U << static_cast<unsigned>(AccessEvent::code_added) |
    1U << static_cast<unsigned>(AccessEvent::code_duplicate) |
    1U << static_cast<unsigned>(AccessEvent::keypad_disabled) |
    1U << static_cast<unsigned>(AccessEvent::code_rejected);

inline Frame encode(const AccessNotification& n) {
  Frame out = {kNotificationClass,
               0x05,
               0x00,
               0x00,
               0x00,
               0xFF,
               kAccessControl,
               static_cast<std::uint8_t>(n.event),
               0x00};
  if (n.slot != 0) {
    out.back() = 1;
    // Outside 1..255 the wire cannot carry it: slot 0, which receivers refuse.
    out.push_back(n.slot <= kMaxSlot ? static_cast<std::uint8_t>(n.slot) : std::uint8_t{0});
  }
  return out;
}

inline std::optional<AccessNotification> as_access_notification(
    std::span<const std::uint8_t> bytes) {
  // 71 05 00 00 00 FF 06 <event> <params length> [<slot>]: at most one
  // parameter, so 9 or 10 bytes; the first eight read as one word.
  const std::size_t size = bytes.size();
  if (size != 9 && size != 10) return std::nullopt;
  const std::uint8_t* b = bytes.data();
  std::uint8_t event = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t word;
    std::memcpy(&word, b, sizeof word);
    constexpr std::uint64_t kHeader = std::uint64_t{kNotificationClass} | std::uint64_t{0x05} << 8 |
                                      std::uint64_t{0xFF} << 40 |
                                      std::uint64_t{kAccessControl} << 48;
    if ((word & 0x00FF'FFFF'FFFF'FFFFULL) != kHeader) return std::nullopt;
    event = static_cast<std::uint8_t>(word >> 56);
  } else {
    if (b[0] != kNotificationClass || b[1] != 0x05 || (b[2] | b[3] | b[4]) != 0 || b[5] != 0xFF ||
        b[6] != kAccessControl) {
      return std::nullopt;
    }
    event = b[7];
  }
  if (event >= 32 || ((kAccessEvents >> event) & 1U) == 0) return std::nullopt;
  if (b[8] != size - 9) return std::nullopt;
  std::uint16_t slot = 0;
  if (size == 10) {
    if (b[9] == 0) return std::nullopt;  // slot 0 is not a user slot
    slot = b[9];
  }
  return AccessNotification{static_cast<AccessEvent>(event), slot};
}

}  // namespace lockstep::devices::zwave
