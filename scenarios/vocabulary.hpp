// Words of the scenario language that the trainer GUI shows too: where a
// person acts (Channel: "website", "app") and a user's sync status on a
// device (SyncState: "pending", "active", ...). One list each, so that a
// chip in the GUI and a scenario's `state:` say the same thing.
//
// Plain values with nothing but the standard library: steps.hpp includes
// this header, and so does gui/view_model.hpp, which includes no model
// header. Each is named value for value like its devices/ counterpart
// (devices::Channel without `api`, devices::SyncStatus::State); the
// executor's mapping is in device_mapping.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace lockstep::scenarios {

// Where a person acts: the dealer's website (verb "click") or the phone app
// (verb "tap"). Like devices::Channel, without its `api`.
enum class Channel : std::uint8_t { website, app };
std::string_view to_string(Channel channel);  // "website", "app"

// The cloud's sync status of one user on one device (devices::SyncStatus::State).
enum class SyncState : std::uint8_t { none, pending, active, failed, superseded };
std::string_view to_string(SyncState state);  // "pending"
std::optional<SyncState> sync_state_from_string(std::string_view text);
std::span<const SyncState> all_sync_states();

}  // namespace lockstep::scenarios
