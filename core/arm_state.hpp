// The arm-state guard: "User codes cannot be edited while the security
// system is armed."
//
// Choices (documented here because devices and the cloud rely on them):
// - "Armed" means any partition not disarmed: armed stay / away / night, exit
//   delay, entry delay and alarm all count. Disarm every partition first.
// - Guarded edits are those a panel must apply: a code, a grant, access times,
//   a role, or a user's existence (create / delete).
// - Unguarded edits never reach the panel: a name, contacts, language.
// - A panel model whose spec says programming_while_armed lets guarded edits
//   through; real panels of that kind exist, and the catalog marks them.
// - The refusal names the partitions that are not disarmed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/device_specs.hpp"
#include "core/error.hpp"

namespace lockstep::core {

enum class PartitionState : std::uint8_t {
  disarmed,
  exit_delay,
  armed_stay,
  armed_away,
  armed_night,
  entry_delay,
  alarm,
};

std::string_view to_string(PartitionState state);  // "armed_away"
std::string_view label(PartitionState state);      // "Armed Away"
std::optional<PartitionState> partition_state_from_string(std::string_view text);

enum class EditKind : std::uint8_t {
  create_user,
  delete_user,
  code,
  grants,
  access_times,
  role,
  name,
  contacts,
  language,
};

// True for edits a panel must apply (see the choices above).
bool touches_panel(EditKind kind);

struct PartitionStatus {
  std::string name;  // "House"
  PartitionState state = PartitionState::disarmed;
};

// system_armed naming the partitions that are not disarmed, or nothing.
std::optional<Problem> check_edit_allowed(EditKind kind,
                                          std::span<const PartitionStatus> partitions,
                                          const PanelSpec& panel);

}  // namespace lockstep::core
