// What the core needs to know about a panel model and a lock model.
//
// These are plain values; the device catalog (devices/) fills them from its
// file, and a production panel would fill them from its firmware constants.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lockstep::core {

// Which code lengths a device accepts.
struct CodeLengths {
  std::uint8_t min = 4;
  std::uint8_t max = 4;
  // Lengths inside [min, max] that are refused, e.g. 5 on a "4 or 6" panel.
  std::vector<std::uint8_t> excluded = {};
  // True when every code the device holds must have the same length (a "4 or
  // 6 digit" panel; a deadbolt whose codes share one length).
  bool same_length_for_all = false;

  bool accepts(std::size_t length) const;
  friend bool operator==(const CodeLengths&, const CodeLengths&) = default;
};

// N consecutive wrong codes lock the keypad for a while.
struct LockoutRule {
  std::uint16_t attempts = 5;
  std::chrono::seconds duration{std::chrono::minutes(5)};
  friend bool operator==(const LockoutRule&, const LockoutRule&) = default;
};

enum class DuressScope : std::uint8_t { none, per_system, per_partition };

struct PanelSpec {
  std::string model;
  std::uint16_t max_users = 48;
  // Whether installer / duress codes take a user slot on this model.
  bool special_codes_count_toward_capacity = false;
  CodeLengths code_lengths;
  std::uint8_t max_partitions = 1;
  LockoutRule keypad_lockout;
  bool supports_master = true;
  bool supports_installer = true;
  DuressScope duress = DuressScope::per_system;
  // Some real panels accept code programming while armed. The arm-state guard
  // lets edits through on those models; on every other it refuses them.
  bool programming_while_armed = false;
};

struct LockSpec {
  std::string model;
  std::uint16_t slots = 30;
  CodeLengths code_lengths{4, 8};
  // Five buttons, two digits each (1-2, 3-4, 5-6, 7-8, 9-0): codes that press
  // the same buttons in the same order open the lock alike.
  bool five_button_keypad = false;
  // The lock refuses to store a code that another slot already holds.
  bool refuses_duplicate_codes = true;
  std::chrono::milliseconds wake_latency{1000};
  LockoutRule keypad_lockout{5, std::chrono::minutes(1)};
};

}  // namespace lockstep::core
