#include "app/site_defaults.hpp"

#include <stdexcept>

namespace lockstep::app {

std::vector<core::PartitionStatus> all_disarmed(const devices::World& world) {
  std::vector<core::PartitionStatus> out;
  for (const auto& p : world.system.partitions) {
    out.push_back({p.name, core::PartitionState::disarmed});
  }
  return out;
}

core::Directory default_directory() {
  auto dir = devices::build_directory(devices::default_world());
  if (!dir) throw std::logic_error("the built-in default world is invalid:\n" + dir.error_text());
  return std::move(dir).value();
}

}  // namespace lockstep::app
