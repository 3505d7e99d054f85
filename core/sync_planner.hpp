// The sync planner: turns "what this device should hold" and "what it holds
// now" into the slot operations that take one to the other.
//
// Slot assignment is stable: a user who stays keeps their slot (its content
// is rewritten only if its code or access times changed); users no longer wanted are cleared;
// newcomers take the lowest free slots, in user-id order, after the clears. Applying a plan yields
// exactly the desired set, and planning again yields nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace lockstep::core {

struct SlotContent {
  UserId user;
  AccessCode code;
  // When the code works; a device that enforces schedules (a lock) is given
  // them with the code.
  AccessTimes times = AtAllTimes{};
  friend bool operator==(const SlotContent&, const SlotContent&) = default;
};

// What a device holds: one entry per slot, empty when free. size() is the
// device's capacity.
using SlotTable = std::vector<std::optional<SlotContent>>;

// What a device should hold: one entry per user, any order, users unique.
using DesiredCodes = std::vector<SlotContent>;

enum class SlotOpKind : std::uint8_t { set, clear };

struct SlotOp {
  SlotOpKind kind = SlotOpKind::set;
  SlotIndex slot;
  std::optional<SlotContent> content;  // set: what to write; clear: empty
  friend bool operator==(const SlotOp&, const SlotOp&) = default;
};

// Clears first (ascending slot), then sets (ascending slot). Fails with
// lock_slots_full, and plans nothing, when the desired users do not fit.
Result<std::vector<SlotOp>> plan_sync(const DesiredCodes& desired, const SlotTable& current);

// Applies operations in order (what a device does as they arrive).
void apply(SlotTable& table, const std::vector<SlotOp>& ops);

}  // namespace lockstep::core
