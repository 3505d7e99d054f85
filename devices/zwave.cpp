#include "devices/zwave.hpp"

#include <array>
#include <cstdio>
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
Decoded pass(Message m) {
  return Decoded{std::move(m), {}};
}

bool known_event(std::uint8_t b) {
  for (const auto& [e, text] : kEvents) {
    if (static_cast<std::uint8_t>(e) == b) return true;
  }
  return false;
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

Decoded decode_notification(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("Notification: no command byte");
  if (bytes[1] != kNotificationReport) {
    return fail("Notification: unknown command " + hex_byte(bytes[1]));
  }
  if (bytes.size() < kNotificationHeader + 2) {
    return fail("Notification Report: expected at least 9 bytes, got " +
                std::to_string(bytes.size()));
  }
  if (bytes[2] != 0 || bytes[3] != 0 || bytes[4] != 0) {
    return fail("Notification Report: bytes 3 to 5 (v1 alarm type, level, reserved) must be 00");
  }
  if (bytes[5] != kNotificationStatusOn) {
    return fail("Notification Report: notification status " + hex_byte(bytes[5]) + ", FF expected");
  }
  if (bytes[6] != kAccessControl) {
    return fail("Notification Report: notification type " + hex_byte(bytes[6]) +
                ", only Access Control (0x06) is used");
  }
  const std::uint8_t event = bytes[7];
  if (!known_event(event)) {
    return fail("Notification Report: unknown Access Control event " + hex_byte(event));
  }
  const std::size_t params = bytes[8];
  const std::size_t following = bytes.size() - (kNotificationHeader + 2);
  if (params != following) {
    return fail("Notification Report: parameter length " + std::to_string(params) + " but " +
                std::to_string(following) + " byte(s) follow");
  }
  if (params > 1) {
    return fail("Notification Report: " + std::to_string(params) +
                " parameter bytes; at most one (the slot) expected");
  }
  AccessNotification n{static_cast<AccessEvent>(event), 0};
  if (params == 1) {
    if (bytes[9] == 0) return fail("Notification Report: slot 0 is not a user slot (1..255)");
    n.slot = bytes[9];
  }
  return pass(n);
}

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
          out.reserve(4 + m.code.size());
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
          out = {kNotificationClass,
                 kNotificationReport,
                 0x00,
                 0x00,
                 0x00,
                 kNotificationStatusOn,
                 kAccessControl,
                 static_cast<std::uint8_t>(m.event),
                 0x00};
          if (m.slot != 0) {
            out.back() = 1;
            out.push_back(wire_slot(m.slot));
          }
        } else {
          static_assert(std::is_same_v<T, BatteryReport>);
          out = {kBatteryClass, kBatteryReport, m.percent};
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
        } else {
          static_assert(std::is_same_v<T, BatteryReport>);
          if (m.percent == kBatteryLowWarning) return "Battery Report: low-battery warning";
          return "Battery Report: " + std::to_string(m.percent) + "%";
        }
      },
      message);
}

}  // namespace lockstep::devices::zwave
