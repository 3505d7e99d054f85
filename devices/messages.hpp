// What travels between the cloud and the panel over the communicator link
// (cellular / IP in real systems). These are C++ values: the communicator
// protocol is not modelled byte for byte; the panel <-> lock radio is (see
// zwave.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/arm_state.hpp"
#include "core/directory.hpp"
#include "core/entry_check.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace lockstep::devices {

// One accepted edit at the cloud; the panel applies edits in EditId order.
using EditId = core::Id<struct EditIdTag, std::uint64_t>;

// The panel's copy of one user: everything the panel and its locks need.
struct PanelUser {
  core::UserId id;
  std::string name;  // for the panel's event log and keypad display
  core::Role role = core::Role::standard;
  std::optional<core::AccessCode> code;
  core::Grants grants;
  core::AccessTimes access_times = core::AtAllTimes{};
};

// ---- cloud -> panel --------------------------------------------------------

// Upsert (record set) or delete (record empty) one user.
struct ApplyUserEdit {
  EditId edit;
  core::UserId user;
  std::optional<PanelUser> record;
};

// Arming or disarming from the website or app.
struct RemoteArmCommand {
  EditId edit;
  core::PartitionIndex partition;
  core::PartitionState target = core::PartitionState::armed_away;  // or disarmed
};

using CloudToPanel = std::variant<ApplyUserEdit, RemoteArmCommand>;

// ---- panel -> cloud --------------------------------------------------------

// The panel's verdict on an edit: applied to its user table, or refused
// (system_armed) with nothing applied.
struct EditApplied {
  EditId edit;
  core::UserId user;
  std::optional<core::ErrorId> error;
};

// One lock's verdict on the operations an edit caused for one user.
struct LockSyncResult {
  EditId edit;
  core::UserId user;
  core::LockIndex lock;
  std::optional<core::ErrorId> error;  // e.g. lock_unreachable, lock_refused_duplicate
};

struct PartitionChanged {
  core::PartitionIndex partition;
  core::PartitionState state = core::PartitionState::disarmed;
  std::optional<core::UserId> by;  // whose code armed / disarmed it
};

enum class PanelEventKind : std::uint8_t {
  duress_alarm,    // a duress code disarmed: silent alarm
  keypad_lockout,  // too many wrong codes at a keypad
  lock_unlocked,   // a user's code opened a lock
  lock_jammed,
  lock_battery_low,
  power_restored,
};

struct PanelEvent {
  PanelEventKind kind = PanelEventKind::duress_alarm;
  std::optional<core::UserId> user;
  std::optional<core::PartitionIndex> partition;
  std::optional<core::LockIndex> lock;
};

using PanelToCloud = std::variant<EditApplied, LockSyncResult, PartitionChanged, PanelEvent>;

}  // namespace lockstep::devices
