#include "core/sync_planner.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <map>
#include <string>
#include <utility>

namespace lockstep::core {

namespace {

SlotIndex slot_at(std::size_t i) {
  return SlotIndex(static_cast<std::uint16_t>(i));
}

}  // namespace

// How the plan is built:
//  - Desired users are keyed by user id. The contract says users are unique;
//    should a user appear twice anyway, the first entry wins and the later ones
//    are ignored (deterministic, and never more slots than users).
//  - If the desired users outnumber the slots: lock_slots_full, subject
//    "needs N of M slots", and nothing is planned.
//  - Each occupied slot, ascending: a desired user keeps it (set only if the
//    code or the access times differ); anything else is cleared. A user found in two slots (a
//    corrupt device) keeps the lowest; the others are cleared.
//  - Newcomers, in ascending user id, take the lowest free slots, counting the
//    slots just cleared as free. A cleared slot reused this way gets its clear
//    and then its set, so the removed user's code is gone before anything new
//    is written.
//  - Ops: every clear (ascending slot), then every set (ascending slot).
Result<std::vector<SlotOp>> plan_sync(const DesiredCodes& desired, const SlotTable& current) {
  std::map<UserId, const SlotContent*> wanted;  // ordered: newcomers go in user-id order
  for (const SlotContent& entry : desired)
    wanted.emplace(entry.user, &entry);

  const std::size_t capacity = current.size();
  if (wanted.size() > capacity) {
    return Problem{ErrorId::lock_slots_full, "needs " + std::to_string(wanted.size()) + " of " +
                                                 std::to_string(capacity) + " slots"};
  }

  std::vector<SlotOp> clears;
  std::vector<SlotOp> sets;
  std::vector<bool> is_free(capacity, false);
  std::map<UserId, std::size_t> placed;

  for (std::size_t i = 0; i < capacity; ++i) {
    const auto& slot = current[i];
    if (!slot) {
      is_free[i] = true;
      continue;
    }
    const auto it = wanted.find(slot->user);
    if (it == wanted.end() || placed.contains(slot->user)) {
      clears.push_back(SlotOp{SlotOpKind::clear, slot_at(i), std::nullopt});
      is_free[i] = true;
      continue;
    }
    placed.emplace(slot->user, i);
    if (!(slot->code == it->second->code) || !(slot->times == it->second->times)) {
      sets.push_back(SlotOp{SlotOpKind::set, slot_at(i), *it->second});
    }
  }

  std::size_t next_free = 0;
  for (const auto& [user, content] : wanted) {
    if (placed.contains(user)) continue;
    while (next_free < capacity && !is_free[next_free])
      ++next_free;
    // The capacity check above guarantees a free slot for every newcomer.
    assert(next_free < capacity);
    sets.push_back(SlotOp{SlotOpKind::set, slot_at(next_free), *content});
    is_free[next_free] = false;
  }

  const auto by_slot = [](const SlotOp& a, const SlotOp& b) { return a.slot < b.slot; };
  std::sort(sets.begin(), sets.end(), by_slot);  // clears are already ascending

  std::vector<SlotOp> ops = std::move(clears);
  ops.insert(ops.end(), sets.begin(), sets.end());
  return ops;
}

// A set writes its content and a clear empties the slot. An op naming a slot
// the table does not have throws std::out_of_range (a plan from plan_sync on
// the same table never does).
void apply(SlotTable& table, const std::vector<SlotOp>& ops) {
  for (const SlotOp& op : ops) {
    auto& slot = table.at(op.slot.value);
    if (op.kind == SlotOpKind::set) {
      assert(op.content.has_value());
      slot = op.content;
    } else {
      slot.reset();
    }
  }
}

}  // namespace lockstep::core
