#include "core/sync_planner.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

SlotContent entry(std::uint32_t user, const char* code) {
  return SlotContent{UserId(user), AccessCode(code)};
}
SlotOp set(std::uint16_t slot, std::uint32_t user, const char* code) {
  return SlotOp{SlotOpKind::set, SlotIndex(slot), entry(user, code)};
}
SlotOp clear(std::uint16_t slot) {
  return SlotOp{SlotOpKind::clear, SlotIndex(slot), std::nullopt};
}
const std::nullopt_t kFree = std::nullopt;

// Ops as readable text, for failure messages. Test codes are fake, so they
// may be shown here.
std::string describe(const std::vector<SlotOp>& ops) {
  std::string out;
  for (const SlotOp& op : ops) {
    out += op.kind == SlotOpKind::set ? "set " : "clear ";
    out += std::to_string(op.slot.value);
    if (op.content) {
      out += " u" + std::to_string(op.content->user.value) + "=" + op.content->code.reveal();
    }
    out += "; ";
  }
  return out;
}

// ------------------------------------------------------------ examples

struct PlanCase {
  const char* name;
  SlotTable current;
  DesiredCodes desired;
  std::vector<SlotOp> ops;
};
void PrintTo(const PlanCase& c, std::ostream* os) {
  *os << c.name;
}

class SyncPlannerExamples : public ::testing::TestWithParam<PlanCase> {};

TEST_P(SyncPlannerExamples, PlansTheExpectedOpsAndReachesTheDesiredSet) {
  const PlanCase& c = GetParam();
  const auto plan = plan_sync(c.desired, c.current);
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  EXPECT_EQ(*plan, c.ops) << "planned: " << describe(*plan) << "\nexpected: " << describe(c.ops);

  SlotTable table = c.current;
  apply(table, *plan);
  const auto again = plan_sync(c.desired, table);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty()) << describe(*again);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SyncPlannerExamples,
    ::testing::Values(
        PlanCase{"an_empty_device_is_filled_in_user_id_order",
                 {kFree, kFree, kFree},
                 {entry(2, "2222"), entry(3, "3333"), entry(1, "1111")},
                 {set(0, 1, "1111"), set(1, 2, "2222"), set(2, 3, "3333")}},
        PlanCase{"a_full_device_is_emptied",
                 {entry(1, "1111"), entry(2, "2222"), entry(3, "3333")},
                 {},
                 {clear(0), clear(1), clear(2)}},
        PlanCase{"a_device_already_in_sync_needs_nothing",
                 {kFree, entry(4, "4444"), kFree, entry(2, "2222")},
                 {entry(2, "2222"), entry(4, "4444")},
                 {}},
        PlanCase{"a_changed_code_is_one_set_in_the_same_slot",
                 {entry(1, "1111"), entry(2, "2222"), entry(3, "3333")},
                 {entry(1, "1111"), entry(2, "2929"), entry(3, "3333")},
                 {set(1, 2, "2929")}},
        PlanCase{"a_code_of_another_length_is_a_change",
                 {entry(1, "1111")},
                 {entry(1, "111111")},
                 {set(0, 1, "111111")}},
        PlanCase{"a_newcomer_reuses_the_lowest_slot_a_removed_user_freed",
                 {entry(1, "1111"), entry(2, "2222"), entry(3, "3333"), kFree},
                 {entry(1, "1111"), entry(3, "3333"), entry(9, "9999")},
                 {clear(1), set(1, 9, "9999")}},
        PlanCase{"newcomers_fill_holes_lowest_first_in_user_id_order",
                 {kFree, entry(5, "5555"), kFree, entry(7, "7777"), kFree},
                 {entry(7, "7777"), entry(3, "3333"), entry(5, "5555"), entry(1, "1111")},
                 {set(0, 1, "1111"), set(2, 3, "3333")}},
        PlanCase{"clears_come_first_then_sets_each_in_ascending_slot_order",
                 {entry(1, "1111"), entry(2, "2222"), entry(3, "3333"), entry(4, "4444")},
                 {entry(5, "5555"), entry(3, "3333"), entry(1, "1112")},
                 {clear(1), clear(3), set(0, 1, "1112"), set(1, 5, "5555")}},
        PlanCase{"exactly_as_many_users_as_slots_fit",
                 {entry(1, "1111"), kFree},
                 {entry(1, "1111"), entry(2, "2222")},
                 {set(1, 2, "2222")}},
        PlanCase{"a_user_in_two_slots_keeps_the_lowest",
                 {entry(1, "1111"), entry(2, "2222"), entry(1, "1111")},
                 {entry(1, "1111"), entry(2, "2222")},
                 {clear(2)}},
        PlanCase{"a_user_in_two_slots_keeps_the_lowest_even_if_the_other_has_the_right_code",
                 {entry(1, "1111"), entry(1, "4444")},
                 {entry(1, "4444")},
                 {clear(1), set(0, 1, "4444")}},
        PlanCase{"a_user_in_two_slots_who_is_not_wanted_is_cleared_from_both",
                 {entry(1, "1111"), entry(1, "1111"), entry(2, "2222")},
                 {entry(2, "2222")},
                 {clear(0), clear(1)}},
        PlanCase{"a_desired_user_listed_twice_gets_the_first_code_and_one_slot",
                 {kFree},
                 {entry(1, "1111"), entry(1, "2222")},
                 {set(0, 1, "1111")}}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

// -------------------------------------------------------- lock is full

struct FullCase {
  const char* name;
  SlotTable current;
  DesiredCodes desired;
  const char* subject;
};
void PrintTo(const FullCase& c, std::ostream* os) {
  *os << c.name;
}

class SyncPlannerFull : public ::testing::TestWithParam<FullCase> {};

TEST_P(SyncPlannerFull, RefusesWithLockSlotsFullAndPlansNothing) {
  const FullCase& c = GetParam();
  const auto plan = plan_sync(c.desired, c.current);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.verdict().problems().size(), 1U);
  EXPECT_EQ(plan.error().id, ErrorId::lock_slots_full);
  EXPECT_EQ(plan.error().subject, c.subject);
  for (const SlotContent& d : c.desired) {
    EXPECT_EQ(plan.error().message().find(d.code.reveal()), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SyncPlannerFull,
    ::testing::Values(
        FullCase{"one_user_too_many_for_a_full_lock",
                 {entry(1, "1111"), entry(2, "2222")},
                 {entry(1, "1111"), entry(2, "2222"), entry(3, "3333")},
                 "needs 3 of 2 slots"},
        FullCase{"too_many_newcomers_for_an_empty_lock",
                 {kFree, kFree},
                 {entry(7, "7777"), entry(8, "8888"), entry(9, "9999")},
                 "needs 3 of 2 slots"},
        FullCase{"any_user_for_a_lock_without_slots", {}, {entry(1, "1111")}, "needs 1 of 0 slots"},
        FullCase{"thirty_one_users_for_thirty_slots", SlotTable(30),
                 [] {
                   DesiredCodes d;
                   for (std::uint32_t u = 1; u <= 31; ++u) {
                     d.push_back(SlotContent{UserId(u), AccessCode(std::to_string(5000 + u))});
                   }
                   return d;
                 }(),
                 "needs 31 of 30 slots"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(SyncPlanner, AnEmptyWishOnALockWithoutSlotsNeedsNothing) {
  const auto plan = plan_sync({}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->empty());
}

// ------------------------------------------------------- stable slots

std::map<UserId, std::size_t> slots_of(const SlotTable& table) {
  std::map<UserId, std::size_t> out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i]) out.emplace(table[i]->user, i);
  }
  return out;
}

TEST(SyncPlanner, SlotsStayPutAcrossRepeatedPlans) {
  SlotTable table(5);
  const std::vector<DesiredCodes> rounds = {
      {entry(1, "1111"), entry(2, "2222"), entry(3, "3333")},
      {entry(3, "3333"), entry(1, "1111")},                                      // 2 leaves
      {entry(3, "3003"), entry(1, "1111"), entry(4, "4444"), entry(5, "5555")},  // 4, 5 join
      {entry(5, "5555"), entry(1, "1111"), entry(4, "4444"), entry(3, "3003"), entry(6, "6666")},
  };
  const std::vector<std::map<UserId, std::size_t>> expected = {
      {{UserId(1), 0}, {UserId(2), 1}, {UserId(3), 2}},
      {{UserId(1), 0}, {UserId(3), 2}},
      {{UserId(1), 0}, {UserId(3), 2}, {UserId(4), 1}, {UserId(5), 3}},
      {{UserId(1), 0}, {UserId(3), 2}, {UserId(4), 1}, {UserId(5), 3}, {UserId(6), 4}},
  };
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    const auto plan = plan_sync(rounds[r], table);
    ASSERT_TRUE(plan.ok());
    apply(table, *plan);
    EXPECT_EQ(slots_of(table), expected[r]);
    const auto again = plan_sync(rounds[r], table);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->empty()) << describe(*again);
  }
}

// A lock enforces schedules itself: a change of access times alone rewrites
// the user's slot in place, with the whole content; the same times need nothing.
TEST(SyncPlanner, AChangeOfAccessTimesAloneRewritesTheSlotInPlace) {
  SlotTable table = {entry(1, "1111"), entry(2, "2222"), kFree};
  SlotContent weekdays = entry(2, "2222");
  weekdays.times = RestrictedSchedule{{ScheduleBlock{0b0011111, 8 * 60, 18 * 60}}};
  const auto plan = plan_sync({entry(1, "1111"), weekdays}, table);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 1U) << describe(*plan);
  EXPECT_EQ(plan->front().slot, SlotIndex(1));
  EXPECT_EQ(plan->front().content, weekdays);
  apply(table, *plan);
  const auto again = plan_sync({entry(1, "1111"), weekdays}, table);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty()) << describe(*again);
}

TEST(SyncPlannerApply, AppliesOpsInOrder) {
  SlotTable table = {entry(1, "1111"), kFree};
  apply(table, {clear(0), set(0, 2, "2222"), set(1, 3, "3333"), set(1, 4, "4444")});
  const SlotTable expected = {entry(2, "2222"), entry(4, "4444")};
  EXPECT_EQ(table, expected);
}

// ------------------------------------------------------ property test

// Portable bounded draws (std::uniform_int_distribution differs between
// standard libraries; the modulo bias is irrelevant here).
std::uint64_t draw(std::mt19937_64& rng, std::uint64_t lo, std::uint64_t hi) {
  return lo + rng() % (hi - lo + 1);
}

AccessCode random_code(std::mt19937_64& rng) {
  const auto length = draw(rng, 4, 8);
  std::string digits;
  for (std::uint64_t i = 0; i < length; ++i) {
    digits += static_cast<char>('0' + draw(rng, 0, 9));
  }
  return AccessCode(std::move(digits));
}

// Up to `count` distinct users from 1..60, in random order.
std::vector<std::uint32_t> random_users(std::mt19937_64& rng, std::size_t count) {
  std::vector<std::uint32_t> all;
  for (std::uint32_t u = 1; u <= 60; ++u)
    all.push_back(u);
  for (std::size_t i = all.size() - 1; i > 0; --i) {
    std::swap(all[i], all[draw(rng, 0, i)]);
  }
  all.resize(std::min(count, all.size()));
  return all;
}

SlotTable random_table(std::mt19937_64& rng, std::size_t capacity) {
  SlotTable table(capacity);
  const auto fill_percent = draw(rng, 0, 100);
  for (auto& slot : table) {
    if (draw(rng, 1, 100) <= fill_percent) {
      // Users may repeat: a corrupt device is part of the input space.
      slot = SlotContent{UserId(static_cast<std::uint32_t>(draw(rng, 1, 60))), random_code(rng)};
    }
  }
  return table;
}

// The lowest slot each user holds in `table`, and its code.
std::map<UserId, std::pair<std::size_t, AccessCode>> lowest_slots(const SlotTable& table) {
  std::map<UserId, std::pair<std::size_t, AccessCode>> out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i]) out.emplace(table[i]->user, std::pair{i, table[i]->code});
  }
  return out;
}

DesiredCodes random_desired(std::mt19937_64& rng, const SlotTable& current, std::size_t count) {
  const auto held = lowest_slots(current);
  DesiredCodes desired;
  for (std::uint32_t u : random_users(rng, count)) {
    const auto it = held.find(UserId(u));
    // Half the users who are already on the device keep their code.
    if (it != held.end() && draw(rng, 0, 1) == 0) {
      desired.push_back(SlotContent{UserId(u), it->second.second});
    } else {
      desired.push_back(SlotContent{UserId(u), random_code(rng)});
    }
  }
  return desired;
}

using CodeSet = std::set<std::pair<std::uint32_t, std::string>>;

CodeSet as_set(const DesiredCodes& desired) {
  CodeSet out;
  for (const auto& d : desired)
    out.emplace(d.user.value, d.code.reveal());
  return out;
}

TEST(SyncPlannerProperty, AnyPlanReachesTheDesiredSetKeepsSlotsAndIsMinimal) {
  std::mt19937_64 rng(0x10C857E9ULL);
  constexpr int kCases = 2000;
  for (int n = 0; n < kCases; ++n) {
    SCOPED_TRACE("case " + std::to_string(n));
    const std::size_t capacity = draw(rng, 1, 40);
    const SlotTable current = random_table(rng, capacity);
    const DesiredCodes desired = random_desired(rng, current, draw(rng, 0, capacity));
    ASSERT_LE(desired.size(), capacity);

    const auto plan = plan_sync(desired, current);
    ASSERT_TRUE(plan.ok()) << plan.error().message();
    const std::vector<SlotOp>& ops = *plan;

    // Clears first, then sets; each group strictly ascending; sets carry content.
    std::size_t first_set = 0;
    while (first_set < ops.size() && ops[first_set].kind == SlotOpKind::clear)
      ++first_set;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      ASSERT_EQ(ops[i].kind, i < first_set ? SlotOpKind::clear : SlotOpKind::set) << describe(ops);
      ASSERT_EQ(ops[i].content.has_value(), ops[i].kind == SlotOpKind::set);
      ASSERT_LT(ops[i].slot.value, capacity);
      if (i > 0 && i != first_set) {
        ASSERT_LT(ops[i - 1].slot.value, ops[i].slot.value) << describe(ops);
      }
    }

    SlotTable result = current;
    apply(result, ops);

    // Exactly the desired set, each user once.
    DesiredCodes held;
    for (const auto& slot : result) {
      if (slot) held.push_back(*slot);
    }
    ASSERT_EQ(held.size(), desired.size());
    ASSERT_EQ(as_set(held), as_set(desired));

    // Users in both keep their (lowest) slot; newcomers take the lowest free
    // slots in user-id order; only what changed is written or cleared.
    const auto before = lowest_slots(current);
    const auto after = slots_of(result);
    std::set<std::size_t> free_after_clears;
    std::size_t occupied = 0;
    for (std::size_t i = 0; i < capacity; ++i) {
      if (current[i]) ++occupied;
    }
    std::size_t kept = 0;
    std::size_t rewritten = 0;
    std::vector<UserId> newcomers;
    for (const auto& d : desired) {
      const auto it = before.find(d.user);
      if (it == before.end()) {
        newcomers.push_back(d.user);
        continue;
      }
      ++kept;
      ASSERT_EQ(after.at(d.user), it->second.first) << "user " << d.user.value << " moved";
      if (!(it->second.second == d.code)) ++rewritten;
    }
    std::set<std::size_t> kept_slots;
    for (const auto& [user, slot] : after) {
      if (before.contains(user)) kept_slots.insert(slot);
    }
    for (std::size_t i = 0; i < capacity; ++i) {
      if (!kept_slots.contains(i)) free_after_clears.insert(i);
    }
    std::sort(newcomers.begin(), newcomers.end());
    auto free_it = free_after_clears.begin();
    for (UserId u : newcomers) {
      ASSERT_EQ(after.at(u), *free_it) << "newcomer " << u.value;
      ++free_it;
    }
    ASSERT_EQ(first_set, occupied - kept) << describe(ops);
    ASSERT_EQ(ops.size() - first_set, newcomers.size() + rewritten) << describe(ops);

    // Planning again needs nothing.
    const auto again = plan_sync(desired, result);
    ASSERT_TRUE(again.ok());
    ASSERT_TRUE(again->empty()) << describe(*again);
  }
}

TEST(SyncPlannerProperty, TooManyDesiredUsersAreAlwaysRefusedWithLockSlotsFull) {
  std::mt19937_64 rng(0x5107F011ULL);
  for (int n = 0; n < 500; ++n) {
    SCOPED_TRACE("case " + std::to_string(n));
    const std::size_t capacity = draw(rng, 0, 40);
    const SlotTable current = random_table(rng, capacity);
    const std::size_t count = capacity + draw(rng, 1, 20);
    const DesiredCodes desired = random_desired(rng, current, count);
    ASSERT_EQ(desired.size(), count);
    const auto plan = plan_sync(desired, current);
    ASSERT_FALSE(plan.ok());
    ASSERT_EQ(plan.error().id, ErrorId::lock_slots_full);
    ASSERT_EQ(plan.error().subject,
              "needs " + std::to_string(count) + " of " + std::to_string(capacity) + " slots");
  }
}

}  // namespace
}  // namespace lockstep::core
