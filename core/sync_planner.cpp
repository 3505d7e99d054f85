#include "core/sync_planner.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <span>
#include <string>
#include <utility>

#include "core/sync_plan_into.hpp"

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
  // References into `desired`, in its order: the stable sort of
  // plan_sync_into keeps a repeated user's first entry first.
  std::vector<DesiredRef> refs;
  refs.reserve(desired.size());
  for (const SlotContent& entry : desired)
    refs.push_back(DesiredRef{entry.user, &entry.code, &entry.times});
  std::vector<SlotOp> ops;
  PlanScratch scratch;
  if (auto problem = plan_sync_into(refs, current, ops, scratch)) return *problem;
  return ops;
}

std::optional<Problem> plan_sync_into(std::vector<DesiredRef>& desired, const SlotTable& current,
                                      std::vector<SlotOp>& ops, PlanScratch& scratch) {
  ops.clear();
  // Sorted by user id, first entry of a user kept: newcomers go in user-id
  // order. A table kept in id order (a panel's) is sorted already.
  const auto by_user = [](const DesiredRef& a, const DesiredRef& b) { return a.user < b.user; };
  if (!std::is_sorted(desired.begin(), desired.end(), by_user)) {
    std::stable_sort(desired.begin(), desired.end(), by_user);
  }
  desired.erase(
      std::unique(desired.begin(), desired.end(),
                  [](const DesiredRef& a, const DesiredRef& b) { return a.user == b.user; }),
      desired.end());

  const std::size_t capacity = current.size();
  if (desired.size() > capacity) {
    return Problem{ErrorId::lock_slots_full, "needs " + std::to_string(desired.size()) + " of " +
                                                 std::to_string(capacity) + " slots"};
  }

  // One mark per slot, then one per desired user (placed or not). A slot's
  // mark: kFree while nothing is to be in it, else 1 + the index of the desired
  // user whose content it is to be set to (0: kept as it is). Clears go
  // straight into the plan (they come out ascending); sets are read off the
  // marks in slot order afterwards.
  constexpr std::uint32_t kFree = 0x8000'0000U;
  auto& marks = scratch.marks;
  marks.assign(capacity + desired.size(), 0);
  const std::span<std::uint32_t> slot_mark(marks.data(), capacity);
  const std::span<std::uint32_t> placed(marks.data() + capacity, desired.size());  // as `desired`

  // Slots filled from empty hold users in id order, so the user after the
  // last one found is tried first (the same answer as the search: users are
  // unique by now).
  std::size_t hint = 0;
  for (std::size_t i = 0; i < capacity; ++i) {
    const auto& slot = current[i];
    if (!slot) {
      slot_mark[i] = kFree;
      continue;
    }
    std::size_t k = hint;
    if (k >= desired.size() || desired[k].user != slot->user) {
      k = static_cast<std::size_t>(
          std::lower_bound(desired.begin(), desired.end(), slot->user,
                           [](const DesiredRef& d, UserId user) { return d.user < user; }) -
          desired.begin());
    }
    if (k == desired.size() || desired[k].user != slot->user || placed[k] != 0) {
      ops.push_back(SlotOp{SlotOpKind::clear, slot_at(i), std::nullopt});
      slot_mark[i] = kFree;
      continue;
    }
    hint = k + 1;
    const DesiredRef* it = &desired[k];
    placed[k] = 1;
    if (!(slot->code == *it->code) || !(slot->times == *it->times)) {
      slot_mark[i] = static_cast<std::uint32_t>(k + 1);
    }
  }

  std::size_t next_free = 0;
  for (std::size_t k = 0; k < desired.size(); ++k) {
    if (placed[k] != 0) continue;
    while (next_free < capacity && slot_mark[next_free] != kFree)
      ++next_free;
    // The capacity check above guarantees a free slot for every newcomer.
    assert(next_free < capacity);
    slot_mark[next_free] = static_cast<std::uint32_t>(k + 1);
  }

  // Each slot is set at most once, so the order by slot is total. At most one
  // set per desired user: room for them at once, not a regrowth per doubling.
  ops.reserve(ops.size() + desired.size());
  for (std::size_t i = 0; i < capacity; ++i) {
    const std::uint32_t from = slot_mark[i] & ~kFree;
    if (from == 0) continue;
    const DesiredRef& d = desired[from - 1];
    ops.push_back(SlotOp{SlotOpKind::set, slot_at(i), SlotContent{d.user, *d.code, *d.times}});
  }
  return std::nullopt;
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
