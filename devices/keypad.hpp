// Keypad: the panel's wired keypad for one partition — keys in, code + function
// out, and a one-line display.
//
// State machine (every state but the buffer is derived from time and the
// panel, so the keypad schedules no events: the display is computed from
// scheduler.now() whenever it is read):
//
//   idle --digit--> entering (buffer shown as one '*' per digit)
//   entering --digit--> entering (digits beyond the panel's longest code are ignored)
//   entering --clear--> idle
//   entering --function key--> check by the panel (core::check_entry with this
//       keypad's own LockoutState); the buffer is emptied, then:
//     accepted / duress, disarm      → panel.disarm(partition, user)
//     accepted / duress, arm_<mode>  → panel.arm(partition, armed_<mode>, user);
//                                      if the panel refuses (not disarmed): "Not allowed"
//     refused wrong_code             → message "Invalid code" for 3 s
//     refused no_grant               → message "Not allowed" for 3 s
//     refused outside_schedule       → message "Not allowed now" for 3 s
//     refused, lockout started       → locked_out
//   idle --function key--> nothing (an empty buffer is not submitted)
//   message --digit--> entering (the message goes away); --3 s--> idle
//   locked_out: every key is ignored until the lockout ends → idle
//   panel powered off: keys ignored, display blank
//
// A duress code looks exactly like a normal disarm here: the panel sends the
// silent alarm (PanelEvent duress_alarm) and disarms.
//
// display(), in order of precedence:
//   ""                   the panel is off
//   "Locked out 3:00"    while locked out (m:ss left, rounded up)
//   the message          for 3 s after a refusal
//   "****"               while typing
//   "Exit delay 30" / "Entry delay 27"   seconds left, rounded up
//   "ALARM", "Armed Away", "Armed Stay", "Armed Night", "Ready" (disarmed)
//
// Trace (component = the keypad's name): "keys" with the number of digits in
// the buffer (never the digits), "code_result" with the outcome, the user id
// and the reason; "key_ignored" while locked out.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/access_times.hpp"
#include "core/entry_check.hpp"
#include "core/ids.hpp"
#include "devices/panel.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {

enum class Key : std::uint8_t {
  d0,
  d1,
  d2,
  d3,
  d4,
  d5,
  d6,
  d7,
  d8,
  d9,
  clear,
  arm_away,
  arm_stay,
  arm_night,
  disarm,
};

// d0..d9 for '0'..'9'; nullopt for anything else.
std::optional<Key> digit_key(char c);

class Keypad {
 public:
  static constexpr sim::Duration kMessageTime = sim::Duration::s(3);

  // `local_clock` gives the site's local date and time for access-time checks;
  // when empty the keypad uses core::LocalDateTime{} (access times that need a
  // real date then refuse).
  Keypad(sim::Scheduler& scheduler, sim::Trace& trace, std::string name,
         core::PartitionIndex partition, Panel& panel,
         std::function<core::LocalDateTime()> local_clock = {});

  void press(Key key);
  // Presses each character of `keys`: digits, and 'C' clear, 'A' arm away,
  // 'S' arm stay, 'N' arm night, 'D' disarm (for scenarios and tests).
  void type(std::string_view keys);

  std::string display() const;

  const std::string& name() const { return name_; }
  core::PartitionIndex partition() const { return partition_; }
  std::size_t buffered() const { return buffer_.size(); }
  const core::LockoutState& lockout() const { return lockout_; }
  bool locked_out() const;
  // The last check's result (for tests and the GUI).
  const std::optional<core::EntryResult>& last_result() const { return last_result_; }

 private:
  void submit(Key key);
  void show(std::string_view message);

  sim::Scheduler& sched_;
  sim::Trace& trace_;
  std::string name_;
  core::PartitionIndex partition_;
  Panel& panel_;
  std::function<core::LocalDateTime()> local_clock_;

  std::string buffer_;  // digits typed so far (never traced or shown)
  core::LockoutState lockout_;
  std::string message_;
  sim::Time message_until_;
  std::optional<core::EntryResult> last_result_;
};

}  // namespace lockstep::devices
