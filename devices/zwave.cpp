#include "devices/zwave.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>

namespace lockstep::devices::zwave {

namespace {

constexpr std::uint8_t kUserCodeSet = 0x01;
constexpr std::uint8_t kUserCodeGet = 0x02;
constexpr std::uint8_t kUserCodeReport = 0x03;
constexpr std::uint8_t kUsersNumberGet = 0x04;
constexpr std::uint8_t kUsersNumberReport = 0x05;
constexpr std::uint8_t kNotificationReport = 0x05;
constexpr std::uint8_t kBatteryReport = 0x03;
constexpr std::uint8_t kNotificationStatusOn = 0xFF;
constexpr std::uint8_t kScheduleEnableSet = 0x01;
constexpr std::uint8_t kWeekDayScheduleSet = 0x03;
constexpr std::uint8_t kYearDayScheduleSet = 0x06;
constexpr std::uint8_t kSupervisionGet = 0x01;
constexpr std::uint8_t kSupervisionReport = 0x02;
constexpr std::uint8_t kSessionMask = 0x3F;

// The offset of <event> in an Access Control notification, and the fixed
// header before it: 71 05 00 00 00 FF 06.
constexpr std::size_t kNotificationHeader = 7;

constexpr std::array<std::pair<AccessEvent, std::string_view>, 8> kEvents{{
    {AccessEvent::keypad_unlock, "keypad unlock"},
    {AccessEvent::auto_relocked, "auto-relocked"},
    {AccessEvent::jammed, "jammed"},
    {AccessEvent::code_deleted, "code deleted"},
    {AccessEvent::code_added, "code added"},
    {AccessEvent::code_duplicate, "code not added: duplicate"},
    {AccessEvent::keypad_disabled, "keypad temporarily disabled"},
    {AccessEvent::code_rejected, "code not added: unsupported length or no such slot"},
}};

std::string hex_byte(std::uint8_t b) {
  std::array<char, 5> buf{};
  std::snprintf(buf.data(), buf.size(), "0x%02X", b);
  return std::string(buf.data());
}

std::uint8_t wire_slot(std::uint16_t slot) {
  // Outside 1..255 the wire cannot carry it: slot 0, which receivers refuse.
  return slot >= 1 && slot <= kMaxSlot ? static_cast<std::uint8_t>(slot) : std::uint8_t{0};
}

void put_code(Frame& out, SlotStatus status, const core::AccessCode& code) {
  if (status == SlotStatus::available) return;
  const std::string& digits = code.reveal();  // the code travels to the device
  out.insert(out.end(), digits.begin(), digits.end());
}

Decoded fail(std::string why) {
  return Decoded{std::nullopt, std::move(why)};
}
// The message is built in its place in the result (no variant moved twice).
template <class T>
Decoded pass(T m) {
  Decoded d;
  d.message.emplace(std::in_place_type<T>, std::move(m));
  return d;
}

// Bit e set for each event code e of kEvents (all below 32).
constexpr std::uint32_t kKnownEvents = [] {
  std::uint32_t mask = 0;
  for (const auto& [e, text] : kEvents)
    mask |= std::uint32_t{1} << static_cast<unsigned>(e);
  return mask;
}();

static_assert(kKnownEvents == kAccessEvents,
              "zwave.hpp's as_access_notification knows every event");

bool known_event(std::uint8_t b) {
  return b < 32 && ((kKnownEvents >> b) & 1U) != 0;
}

// <slot> <status> <code digits> from `rest` (the bytes after class and command).
template <class T>
Decoded decode_slot_status_code(std::string_view what, std::span<const std::uint8_t> rest) {
  if (rest.size() < 2) {
    return fail(std::string(what) + ": expected a slot and a status, got " +
                std::to_string(rest.size()) + " byte(s) after the command");
  }
  const std::uint8_t slot = rest[0];
  if (slot == 0) return fail(std::string(what) + ": slot 0 is not a user slot (1..255)");
  const std::uint8_t status = rest[1];
  if (status > static_cast<std::uint8_t>(SlotStatus::disabled)) {
    return fail(std::string(what) + ": unknown slot status " + hex_byte(status) +
                " (00 available, 01 enabled, 02 disabled)");
  }
  const std::span<const std::uint8_t> code = rest.subspan(2);
  T m;
  m.slot = slot;
  m.status = static_cast<SlotStatus>(status);
  if (m.status == SlotStatus::available) {
    if (!code.empty()) {
      return fail(std::string(what) + ": status available carries no code, got " +
                  std::to_string(code.size()) + " code byte(s)");
    }
    return pass(std::move(m));
  }
  if (code.size() < kMinCodeDigits || code.size() > kMaxCodeDigits) {
    return fail(std::string(what) + ": a code of " + std::to_string(code.size()) +
                " digit(s); 4 to 10 expected");
  }
  std::string digits;
  digits.reserve(code.size());
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] < '0' || code[i] > '9') {
      // Never quote the byte: it is part of a code.
      return fail(std::string(what) + ": code byte " + std::to_string(i + 1) +
                  " is not an ASCII digit");
    }
    digits += static_cast<char>(code[i]);
  }
  m.code = core::AccessCode(std::move(digits));
  return pass(std::move(m));
}

Decoded decode_user_code(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("User Code: no command byte");
  const std::span<const std::uint8_t> rest = bytes.subspan(2);
  switch (bytes[1]) {
    case kUserCodeSet:
      return decode_slot_status_code<UserCodeSet>("User Code Set", rest);
    case kUserCodeReport:
      return decode_slot_status_code<UserCodeReport>("User Code Report", rest);
    case kUserCodeGet:
      if (rest.size() != 1) {
        return fail("User Code Get: expected 3 bytes, got " + std::to_string(bytes.size()));
      }
      if (rest[0] == 0) return fail("User Code Get: slot 0 is not a user slot (1..255)");
      return pass(UserCodeGet{rest[0]});
    case kUsersNumberGet:
      if (!rest.empty()) {
        return fail("Users Number Get: expected 2 bytes, got " + std::to_string(bytes.size()));
      }
      return pass(UsersNumberGet{});
    case kUsersNumberReport:
      if (rest.size() != 1) {
        return fail("Users Number Report: expected 3 bytes, got " + std::to_string(bytes.size()));
      }
      return pass(UsersNumberReport{rest[0]});
    default:
      return fail("User Code: unknown command " + hex_byte(bytes[1]));
  }
}

// What is wrong with a Notification frame, if anything: the checks of
// decode(), made without building a message or a string, so that the frame a
// lock sends on every unlock and relock is read in place (as_access_notification).
enum class NotificationFault : std::uint8_t {
  none,
  no_command,
  command,
  short_frame,
  header,
  status,
  type,
  event,
  param_length,
  params,
  slot_zero,
};

// The event and its parameters, after a valid header (bytes 0..6).
NotificationFault check_notification_event(std::span<const std::uint8_t> bytes,
                                           AccessNotification& out) {
  const std::uint8_t event = bytes[7];
  if (!known_event(event)) return NotificationFault::event;
  const std::size_t params = bytes[8];
  if (params != bytes.size() - (kNotificationHeader + 2)) return NotificationFault::param_length;
  if (params > 1) return NotificationFault::params;
  out = AccessNotification{static_cast<AccessEvent>(event), 0};
  if (params == 1) {
    if (bytes[9] == 0) return NotificationFault::slot_zero;
    out.slot = bytes[9];
  }
  return NotificationFault::none;
}

// `bytes` starts with the Notification class. On none, `out` holds the message.
NotificationFault check_notification(std::span<const std::uint8_t> bytes, AccessNotification& out) {
  // The common case first: a whole, valid header, compared at once.
  constexpr std::array<std::uint8_t, kNotificationHeader> kHeader = {
      kNotificationClass,    kNotificationReport, 0x00, 0x00, 0x00,
      kNotificationStatusOn, kAccessControl};
  if (bytes.size() >= kNotificationHeader + 2 &&
      std::memcmp(bytes.data(), kHeader.data(), kHeader.size()) == 0) {
    return check_notification_event(bytes, out);
  }
  if (bytes.size() < 2) return NotificationFault::no_command;
  if (bytes[1] != kNotificationReport) return NotificationFault::command;
  if (bytes.size() < kNotificationHeader + 2) return NotificationFault::short_frame;
  if ((bytes[2] | bytes[3] | bytes[4]) != 0) return NotificationFault::header;
  if (bytes[5] != kNotificationStatusOn) return NotificationFault::status;
  if (bytes[6] != kAccessControl) return NotificationFault::type;
  return check_notification_event(bytes, out);
}

Decoded decode_notification(std::span<const std::uint8_t> bytes) {
  AccessNotification n;
  switch (check_notification(bytes, n)) {
    case NotificationFault::none:
      return pass(n);
    case NotificationFault::no_command:
      return fail("Notification: no command byte");
    case NotificationFault::command:
      return fail("Notification: unknown command " + hex_byte(bytes[1]));
    case NotificationFault::short_frame:
      return fail("Notification Report: expected at least 9 bytes, got " +
                  std::to_string(bytes.size()));
    case NotificationFault::header:
      return fail("Notification Report: bytes 3 to 5 (v1 alarm type, level, reserved) must be 00");
    case NotificationFault::status:
      return fail("Notification Report: notification status " + hex_byte(bytes[5]) +
                  ", FF expected");
    case NotificationFault::type:
      return fail("Notification Report: notification type " + hex_byte(bytes[6]) +
                  ", only Access Control (0x06) is used");
    case NotificationFault::event:
      return fail("Notification Report: unknown Access Control event " + hex_byte(bytes[7]));
    case NotificationFault::param_length:
      return fail("Notification Report: parameter length " + std::to_string(bytes[8]) + " but " +
                  std::to_string(bytes.size() - (kNotificationHeader + 2)) + " byte(s) follow");
    case NotificationFault::params:
      return fail("Notification Report: " + std::to_string(bytes[8]) +
                  " parameter bytes; at most one (the slot) expected");
    case NotificationFault::slot_zero:
      return fail("Notification Report: slot 0 is not a user slot (1..255)");
  }
  return fail("Notification Report: malformed");
}

// Z-Wave numbers days from Sunday (0); core::Weekday from Monday (0).
std::uint8_t wire_day(core::Weekday day) {
  return static_cast<std::uint8_t>((static_cast<int>(day) + 1) % 7);
}
core::Weekday core_day(std::uint8_t day) {
  return static_cast<core::Weekday>((day + 6) % 7);
}

void put_time(Frame& out, std::uint16_t minute) {
  out.push_back(static_cast<std::uint8_t>(minute / 60));
  out.push_back(static_cast<std::uint8_t>(minute % 60));
}

void put_date_time(Frame& out, const core::LocalDateTime& t) {
  const int year = std::clamp(t.year - 2000, 0, 99);
  out.insert(out.end(), {static_cast<std::uint8_t>(year), t.month, t.day, t.hour, t.minute});
}

// A date and time from <year 00..99> <month> <day> <hour> <minute>.
std::optional<core::LocalDateTime> date_time(std::span<const std::uint8_t> b) {
  core::LocalDateTime t{2000 + b[0], b[1], b[2], b[3], b[4]};
  if (b[0] > 99 || !t.valid()) return std::nullopt;
  return t;
}

Decoded decode_schedule(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("Schedule Entry Lock: no command byte");
  const std::span<const std::uint8_t> rest = bytes.subspan(2);
  switch (bytes[1]) {
    case kScheduleEnableSet:
      if (rest.size() != 2) {
        return fail("Schedule Enable Set: expected 4 bytes, got " + std::to_string(bytes.size()));
      }
      if (rest[0] == 0) return fail("Schedule Enable Set: slot 0 is not a user slot (1..255)");
      if (rest[1] > 1) return fail("Schedule Enable Set: enabled must be 00 or 01");
      return pass(ScheduleEnableSet{rest[0], rest[1] == 1});
    case kWeekDayScheduleSet: {
      if (rest.size() != 8) {
        return fail("Week Day Schedule Set: expected 10 bytes, got " +
                    std::to_string(bytes.size()));
      }
      if (rest[0] > 1) return fail("Week Day Schedule Set: action must be 00 erase or 01 modify");
      if (rest[1] == 0 || rest[2] == 0) {
        return fail("Week Day Schedule Set: slot and entry start at 1");
      }
      if (rest[3] > 6) return fail("Week Day Schedule Set: day must be 00 (Sunday) to 06");
      const bool start_ok = rest[4] <= 23 && rest[5] <= 59;
      const bool stop_ok = (rest[6] <= 23 && rest[7] <= 59) || (rest[6] == 24 && rest[7] == 0);
      if (!start_ok || !stop_ok) {
        return fail("Week Day Schedule Set: a time outside 00:00..23:59 (stop may be 24:00)");
      }
      WeekDayScheduleSet m;
      m.action = static_cast<ScheduleAction>(rest[0]);
      m.slot = rest[1];
      m.entry = rest[2];
      m.day = core_day(rest[3]);
      m.start_minute = static_cast<std::uint16_t>(rest[4] * 60 + rest[5]);
      m.stop_minute = static_cast<std::uint16_t>(rest[6] * 60 + rest[7]);
      return pass(m);
    }
    case kYearDayScheduleSet: {
      if (rest.size() != 13) {
        return fail("Year Day Schedule Set: expected 15 bytes, got " +
                    std::to_string(bytes.size()));
      }
      if (rest[0] > 1) return fail("Year Day Schedule Set: action must be 00 erase or 01 modify");
      if (rest[1] == 0 || rest[2] == 0) {
        return fail("Year Day Schedule Set: slot and entry start at 1");
      }
      const auto start = date_time(rest.subspan(3, 5));
      const auto stop = date_time(rest.subspan(8, 5));
      if (!start || !stop) return fail("Year Day Schedule Set: an invalid date or time");
      return pass(YearDayScheduleSet{static_cast<ScheduleAction>(rest[0]), rest[1], rest[2], *start,
                                     *stop});
    }
    default:
      return fail("Schedule Entry Lock: unknown command " + hex_byte(bytes[1]));
  }
}

Decoded decode_supervision(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("Supervision: no command byte");
  const std::span<const std::uint8_t> rest = bytes.subspan(2);
  if (bytes[1] == kSupervisionGet) {
    if (rest.size() < 3 || rest[1] != rest.size() - 2) {
      return fail("Supervision Get: the length byte does not match the command that follows");
    }
    if (rest.size() - 2 > Frame::kCapacity) {
      return fail("Supervision Get: the encapsulated command is longer than a frame");
    }
    SupervisionGet m;
    m.session = rest[0] & kSessionMask;
    m.command.assign(rest.begin() + 2, rest.end());
    return pass(std::move(m));
  }
  if (bytes[1] == kSupervisionReport) {
    if (rest.size() != 3) {
      return fail("Supervision Report: expected 5 bytes, got " + std::to_string(bytes.size()));
    }
    const std::uint8_t status = rest[1];
    if (status != 0x00 && status != 0x02 && status != 0xFF) {
      return fail("Supervision Report: unknown status " + hex_byte(status) +
                  " (00 no support, 02 fail, FF success)");
    }
    return pass(SupervisionReport{static_cast<std::uint8_t>(rest[0] & kSessionMask),
                                  static_cast<SupervisionStatus>(status)});
  }
  return fail("Supervision: unknown command " + hex_byte(bytes[1]));
}

std::string clock_text(std::uint16_t minute) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "%02d:%02d", minute / 60, minute % 60);
  return std::string(buf.data());
}

std::string date_time_text(const core::LocalDateTime& t) {
  std::array<char, 24> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d %02d:%02d", static_cast<int>(t.year),
                t.month, t.day, t.hour, t.minute);
  return std::string(buf.data());
}

constexpr std::array<std::string_view, 7> kDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

Decoded decode_battery(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("Battery: no command byte");
  if (bytes[1] != kBatteryReport) return fail("Battery: unknown command " + hex_byte(bytes[1]));
  if (bytes.size() != 3) {
    return fail("Battery Report: expected 3 bytes, got " + std::to_string(bytes.size()));
  }
  const std::uint8_t percent = bytes[2];
  if (percent > 100 && percent != kBatteryLowWarning) {
    return fail("Battery Report: level " + std::to_string(percent) +
                " is outside 0..100 (FF = low-battery warning)");
  }
  return pass(BatteryReport{percent});
}

}  // namespace

std::string_view to_string(SlotStatus status) {
  switch (status) {
    case SlotStatus::available:
      return "available";
    case SlotStatus::enabled:
      return "enabled";
    case SlotStatus::disabled:
      return "disabled";
  }
  return "unknown";
}

std::string_view to_string(AccessEvent event) {
  for (const auto& [e, text] : kEvents) {
    if (e == event) return text;
  }
  return "unknown event";
}

Frame encode(const Message& message) {
  Frame out;
  std::visit(
      [&out](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, UserCodeSet> || std::is_same_v<T, UserCodeReport>) {
          const std::uint8_t command =
              std::is_same_v<T, UserCodeSet> ? kUserCodeSet : kUserCodeReport;
          out = {kUserCodeClass, command, wire_slot(m.slot), static_cast<std::uint8_t>(m.status)};
          put_code(out, m.status, m.code);
        } else if constexpr (std::is_same_v<T, UserCodeGet>) {
          out = {kUserCodeClass, kUserCodeGet, wire_slot(m.slot)};
        } else if constexpr (std::is_same_v<T, UsersNumberGet>) {
          out = {kUserCodeClass, kUsersNumberGet};
        } else if constexpr (std::is_same_v<T, UsersNumberReport>) {
          const auto supported =
              static_cast<std::uint8_t>(m.supported > kMaxSlot ? kMaxSlot : m.supported);
          out = {kUserCodeClass, kUsersNumberReport, supported};
        } else if constexpr (std::is_same_v<T, AccessNotification>) {
          out = encode(m);
        } else if constexpr (std::is_same_v<T, BatteryReport>) {
          out = {kBatteryClass, kBatteryReport, m.percent};
        } else if constexpr (std::is_same_v<T, ScheduleEnableSet>) {
          out = {kScheduleEntryLockClass, kScheduleEnableSet, wire_slot(m.slot),
                 static_cast<std::uint8_t>(m.enabled ? 1 : 0)};
        } else if constexpr (std::is_same_v<T, WeekDayScheduleSet>) {
          out = {kScheduleEntryLockClass,
                 kWeekDayScheduleSet,
                 static_cast<std::uint8_t>(m.action),
                 wire_slot(m.slot),
                 m.entry,
                 wire_day(m.day)};
          put_time(out, m.start_minute);
          put_time(out, m.stop_minute);
        } else if constexpr (std::is_same_v<T, YearDayScheduleSet>) {
          out = {kScheduleEntryLockClass, kYearDayScheduleSet, static_cast<std::uint8_t>(m.action),
                 wire_slot(m.slot), m.entry};
          put_date_time(out, m.start);
          put_date_time(out, m.stop);
        } else if constexpr (std::is_same_v<T, SupervisionGet>) {
          out = {kSupervisionClass, kSupervisionGet,
                 static_cast<std::uint8_t>(m.session & kSessionMask),
                 static_cast<std::uint8_t>(std::min<std::size_t>(m.command.size(), 255))};
          out.insert(out.end(), m.command.begin(), m.command.end());
        } else {
          static_assert(std::is_same_v<T, SupervisionReport>);
          out = {kSupervisionClass, kSupervisionReport,
                 static_cast<std::uint8_t>(m.session & kSessionMask),
                 static_cast<std::uint8_t>(m.status), 0x00};
        }
      },
      message);
  return out;
}

Decoded decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return fail("empty frame");
  switch (bytes[0]) {
    case kUserCodeClass:
      return decode_user_code(bytes);
    case kNotificationClass:
      return decode_notification(bytes);
    case kBatteryClass:
      return decode_battery(bytes);
    case kScheduleEntryLockClass:
      return decode_schedule(bytes);
    case kSupervisionClass:
      return decode_supervision(bytes);
    default:
      return fail("unknown command class " + hex_byte(bytes[0]));
  }
}

std::string describe(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::string {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, UserCodeSet> || std::is_same_v<T, UserCodeReport>) {
          std::string s = std::is_same_v<T, UserCodeSet> ? "User Code Set" : "User Code Report";
          s += " slot " + std::to_string(m.slot) + " ";
          s += to_string(m.status);
          if (m.status != SlotStatus::available) {
            s += " ";
            s += core::AccessCode::kMask;
          }
          return s;
        } else if constexpr (std::is_same_v<T, UserCodeGet>) {
          return "User Code Get slot " + std::to_string(m.slot);
        } else if constexpr (std::is_same_v<T, UsersNumberGet>) {
          return "Users Number Get";
        } else if constexpr (std::is_same_v<T, UsersNumberReport>) {
          return "Users Number Report " + std::to_string(m.supported);
        } else if constexpr (std::is_same_v<T, AccessNotification>) {
          std::string s = "Access Control: ";
          s += to_string(m.event);
          if (m.slot != 0) s += ", slot " + std::to_string(m.slot);
          return s;
        } else if constexpr (std::is_same_v<T, BatteryReport>) {
          if (m.percent == kBatteryLowWarning) return "Battery Report: low-battery warning";
          return "Battery Report: " + std::to_string(m.percent) + "%";
        } else if constexpr (std::is_same_v<T, ScheduleEnableSet>) {
          return "Schedule Enable Set slot " + std::to_string(m.slot) +
                 (m.enabled ? " on" : " off");
        } else if constexpr (std::is_same_v<T, WeekDayScheduleSet>) {
          std::string s = "Week Day Schedule Set slot " + std::to_string(m.slot) + " entry " +
                          std::to_string(m.entry);
          if (m.action == ScheduleAction::erase) return s + " erase";
          return s + " " + std::string(kDayNames.at(static_cast<std::size_t>(m.day))) + " " +
                 clock_text(m.start_minute) + "-" + clock_text(m.stop_minute);
        } else if constexpr (std::is_same_v<T, YearDayScheduleSet>) {
          std::string s = "Year Day Schedule Set slot " + std::to_string(m.slot) + " entry " +
                          std::to_string(m.entry);
          if (m.action == ScheduleAction::erase) return s + " erase";
          return s + " " + date_time_text(m.start) + " to " + date_time_text(m.stop);
        } else if constexpr (std::is_same_v<T, SupervisionGet>) {
          const Decoded inner = decode(m.command);
          return "Supervision Get session " + std::to_string(m.session) + ": " +
                 (inner.ok() ? describe(*inner.message) : std::string("malformed command"));
        } else {
          static_assert(std::is_same_v<T, SupervisionReport>);
          const char* status = m.status == SupervisionStatus::success ? "success"
                               : m.status == SupervisionStatus::fail  ? "fail"
                                                                      : "no support";
          return "Supervision Report session " + std::to_string(m.session) + " " + status;
        }
      },
      message);
}

std::vector<Message> schedule_commands(std::uint16_t slot, const core::AccessTimes& times) {
  std::vector<Message> out;
  if (std::holds_alternative<core::AtAllTimes>(times)) return out;
  out.emplace_back(ScheduleEnableSet{slot, true});
  if (const auto* window = std::get_if<core::TemporaryAccess>(&times)) {
    out.emplace_back(
        YearDayScheduleSet{ScheduleAction::modify, slot, 1, window->start, window->end});
    return out;
  }
  std::uint8_t entry = 0;
  for (const core::ScheduleBlock& block : std::get<core::RestrictedSchedule>(times).blocks) {
    for (int day = 0; day < 7; ++day) {
      if ((block.days & (1U << day)) == 0 || entry == 255) continue;
      out.emplace_back(WeekDayScheduleSet{ScheduleAction::modify, slot, ++entry,
                                          static_cast<core::Weekday>(day), block.start_minute,
                                          block.end_minute});
    }
  }
  return out;
}

}  // namespace lockstep::devices::zwave
