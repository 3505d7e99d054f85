// Helpers the subcommands share: the default world's directory and the
// partition states of a system at rest.
#pragma once

#include <vector>

#include "core/directory.hpp"
#include "devices/world.hpp"

namespace lockstep::app {

// Every partition of `world`, disarmed.
std::vector<core::PartitionStatus> all_disarmed(const devices::World& world);

// The directory of the built-in default world (its users created and saved).
core::Directory default_directory();

}  // namespace lockstep::app
