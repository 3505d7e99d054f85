#include "core/sync_planner.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <functional>
#include <span>
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
  // (user, content) sorted by user id, first entry of a user kept: newcomers
  // go in user-id order. Sorted vectors, not maps: no allocation per user.
  // The entries point into `desired`, so ordering equal users by address
  // keeps them in their order there (a stable sort without its buffer).
  std::vector<std::pair<UserId, const SlotContent*>> wanted;
  wanted.reserve(desired.size());
  for (const SlotContent& entry : desired)
    wanted.emplace_back(entry.user, &entry);
  const auto by_user = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && std::less<>{}(a.second, b.second));
  });
  wanted.erase(std::unique(wanted.begin(), wanted.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               wanted.end());

  const std::size_t capacity = current.size();
  if (wanted.size() > capacity) {
    return Problem{ErrorId::lock_slots_full, "needs " + std::to_string(wanted.size()) + " of " +
                                                 std::to_string(capacity) + " slots"};
  }

  // Clears go straight into the plan (they come out ascending). Sets are
  // gathered as (slot, content in `desired`) and sorted as such, so each
  // content is copied once, into a plan sized for it.
  std::vector<SlotOp> ops;
  std::vector<std::pair<SlotIndex, const SlotContent*>> sets;
  // Flags a byte each, not std::vector<bool>: no bit packing on every test.
  // One buffer holds both arrays (one allocation per plan, not two).
  std::vector<std::uint8_t> flags(capacity + wanted.size(), 0);
  const std::span<std::uint8_t> is_free(flags.data(), capacity);
  const std::span<std::uint8_t> placed(flags.data() + capacity, wanted.size());  // as `wanted`

  for (std::size_t i = 0; i < capacity; ++i) {
    const auto& slot = current[i];
    if (!slot) {
      is_free[i] = 1;
      continue;
    }
    const auto it =
        std::lower_bound(wanted.begin(), wanted.end(),
                         std::pair<UserId, const SlotContent*>{slot->user, nullptr}, by_user);
    const auto k = static_cast<std::size_t>(it - wanted.begin());
    if (it == wanted.end() || it->first != slot->user || placed[k]) {
      ops.push_back(SlotOp{SlotOpKind::clear, slot_at(i), std::nullopt});
      is_free[i] = 1;
      continue;
    }
    placed[k] = 1;
    if (!(slot->code == it->second->code) || !(slot->times == it->second->times)) {
      sets.emplace_back(slot_at(i), it->second);
    }
  }

  std::size_t next_free = 0;
  for (std::size_t k = 0; k < wanted.size(); ++k) {
    if (placed[k]) continue;
    while (next_free < capacity && !is_free[next_free])
      ++next_free;
    // The capacity check above guarantees a free slot for every newcomer.
    assert(next_free < capacity);
    sets.emplace_back(slot_at(next_free), wanted[k].second);
    is_free[next_free] = 0;
  }

  // Each slot is set at most once, so the order by slot is total.
  std::sort(sets.begin(), sets.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  ops.reserve(ops.size() + sets.size());
  for (const auto& [slot, content] : sets)
    ops.push_back(SlotOp{SlotOpKind::set, slot, *content});
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
