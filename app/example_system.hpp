// The built-in example system the core demonstration and check-code use:
// the article's home with partitions House and Garage and three locks.
#pragma once

#include "core/directory.hpp"

namespace lockstep::app {

core::Directory example_directory();
std::span<const core::PartitionStatus> all_disarmed();

}  // namespace lockstep::app
