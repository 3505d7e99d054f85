// The sync planner (sync_planner.hpp) for a caller that plans again and again
// from a table it keeps itself (a panel re-planning a lock on every edit):
// the desired codes are given by reference, not copied, and the plan goes
// into storage the caller reuses, so a plan allocates nothing once warm.
// Kept apart from sync_planner.hpp, which most of the code base includes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/sync_planner.hpp"

namespace lockstep::core {

// One desired code, pointing into the caller's data (alive for the call).
struct DesiredRef {
  UserId user;
  const AccessCode* code = nullptr;    // never null
  const AccessTimes* times = nullptr;  // never null
};

// Reused working storage of plan_sync_into (its contents mean nothing).
struct PlanScratch {
  std::vector<std::uint32_t> marks;
};

// The plan plan_sync(desired, current) would make, for the same desired codes
// given by reference: `ops` is cleared and receives the plan (each set's
// content copied from `desired`). `desired` is put in user-id order in place
// (stable; already ordered costs one pass), and as in plan_sync the first entry
// of a user wins. Returns lock_slots_full (and leaves `ops` empty) when the
// desired users do not fit.
std::optional<Problem> plan_sync_into(std::vector<DesiredRef>& desired, const SlotTable& current,
                                      std::vector<SlotOp>& ops, PlanScratch& scratch);

}  // namespace lockstep::core
