#include "core/arm_state.hpp"

#include <algorithm>
#include <array>

namespace lockstep::core {
namespace {

struct StateText {
  std::string_view id;
  std::string_view label;
};

constexpr std::array<StateText, 7> kStates = {{
    {"disarmed", "Disarmed"},
    {"exit_delay", "Exit Delay"},
    {"armed_stay", "Armed Stay"},
    {"armed_away", "Armed Away"},
    {"armed_night", "Armed Night"},
    {"entry_delay", "Entry Delay"},
    {"alarm", "Alarm"},
}};

}  // namespace

std::string_view to_string(PartitionState state) {
  return kStates[static_cast<std::size_t>(state)].id;
}

std::string_view label(PartitionState state) {
  return kStates[static_cast<std::size_t>(state)].label;
}

std::optional<PartitionState> partition_state_from_string(std::string_view text) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (kStates[i].id == text) return static_cast<PartitionState>(i);
  }
  return std::nullopt;
}

bool touches_panel(EditKind kind) {
  switch (kind) {
    case EditKind::create_user:
    case EditKind::delete_user:
    case EditKind::code:
    case EditKind::grants:
    case EditKind::access_times:
    case EditKind::role:
      return true;
    case EditKind::name:
    case EditKind::contacts:
    case EditKind::language:
      return false;
  }
  return true;
}

std::optional<Problem> check_edit_allowed(EditKind kind,
                                          std::span<const PartitionStatus> partitions,
                                          const PanelSpec& panel) {
  if (!touches_panel(kind) || panel.programming_while_armed) return std::nullopt;
  // The usual case, without building the text of an armed list.
  if (std::all_of(partitions.begin(), partitions.end(),
                  [](const PartitionStatus& p) { return p.state == PartitionState::disarmed; })) {
    return std::nullopt;
  }
  std::string armed;
  for (const auto& p : partitions) {
    if (p.state == PartitionState::disarmed) continue;
    if (!armed.empty()) armed += ", ";
    armed += p.name;
    armed += " (";
    armed += label(p.state);
    armed += ")";
  }
  if (armed.empty()) return std::nullopt;
  return Problem{ErrorId::system_armed, armed};
}

}  // namespace lockstep::core
