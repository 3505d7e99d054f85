// Strongly typed identifiers, so a lock index is never passed as a partition.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace lockstep::core {

template <class Tag, class Rep = std::uint32_t>
struct Id {
  Rep value = 0;
  constexpr Id() = default;
  constexpr explicit Id(Rep v) : value(v) {}
  friend constexpr auto operator<=>(Id, Id) = default;
};

using UserId = Id<struct UserIdTag>;             // unique within a system, never reused
using PartitionIndex = Id<struct PartitionTag>;  // 0-based position in SystemConfig::partitions
using LockIndex = Id<struct LockTag>;            // 0-based position in SystemConfig::locks
using SlotIndex = Id<struct SlotTag, std::uint16_t>;  // 0-based code slot on a device

}  // namespace lockstep::core

template <class Tag, class Rep>
struct std::hash<lockstep::core::Id<Tag, Rep>> {
  std::size_t operator()(lockstep::core::Id<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value);
  }
};
