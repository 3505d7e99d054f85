#include "core/arm_state.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

PanelSpec panel(bool programming_while_armed) {
  PanelSpec p;
  p.programming_while_armed = programming_while_armed;
  return p;
}

struct GuardCase {
  PartitionState house;
  PartitionState garage;
  bool refused;
};

class ArmStateGuard : public ::testing::TestWithParam<GuardCase> {};

TEST_P(ArmStateGuard, RefusesCodeEditsUnlessEveryPartitionIsDisarmed) {
  const auto c = GetParam();
  const std::vector<PartitionStatus> parts = {{"House", c.house}, {"Garage", c.garage}};
  const auto refusal = check_edit_allowed(EditKind::code, parts, panel(false));
  EXPECT_EQ(refusal.has_value(), c.refused);
  if (refusal) {
    EXPECT_EQ(refusal->id, ErrorId::system_armed);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryState, ArmStateGuard,
    ::testing::Values(GuardCase{PartitionState::disarmed, PartitionState::disarmed, false},
                      GuardCase{PartitionState::armed_stay, PartitionState::disarmed, true},
                      GuardCase{PartitionState::armed_away, PartitionState::disarmed, true},
                      GuardCase{PartitionState::armed_night, PartitionState::disarmed, true},
                      GuardCase{PartitionState::exit_delay, PartitionState::disarmed, true},
                      GuardCase{PartitionState::entry_delay, PartitionState::disarmed, true},
                      GuardCase{PartitionState::alarm, PartitionState::disarmed, true},
                      GuardCase{PartitionState::disarmed, PartitionState::armed_away, true}));

TEST(ArmStateGuardRefusal, NamesThePartitionsThatAreNotDisarmed) {
  const std::vector<PartitionStatus> parts = {{"House", PartitionState::armed_away},
                                              {"Garage", PartitionState::disarmed},
                                              {"Shop", PartitionState::exit_delay}};
  const auto refusal = check_edit_allowed(EditKind::grants, parts, panel(false));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->subject, "House (Armed Away), Shop (Exit Delay)");
}

TEST(ArmStateGuardRefusal, NameContactAndLanguageEditsAreAllowedWhileArmed) {
  const std::vector<PartitionStatus> parts = {{"House", PartitionState::armed_away}};
  for (auto kind : {EditKind::name, EditKind::contacts, EditKind::language}) {
    EXPECT_FALSE(check_edit_allowed(kind, parts, panel(false)));
  }
  for (auto kind : {EditKind::create_user, EditKind::delete_user, EditKind::code, EditKind::grants,
                    EditKind::access_times, EditKind::role}) {
    EXPECT_TRUE(check_edit_allowed(kind, parts, panel(false)));
  }
}

TEST(ArmStateGuardRefusal, PanelsThatAcceptProgrammingWhileArmedLetEditsThrough) {
  const std::vector<PartitionStatus> parts = {{"House", PartitionState::armed_away}};
  EXPECT_FALSE(check_edit_allowed(EditKind::code, parts, panel(true)));
}

TEST(PartitionStateNames, RoundTrip) {
  for (int i = 0; i <= static_cast<int>(PartitionState::alarm); ++i) {
    const auto s = static_cast<PartitionState>(i);
    EXPECT_EQ(partition_state_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(partition_state_from_string("armed"));
  EXPECT_EQ(label(PartitionState::armed_away), "Armed Away");
}

}  // namespace
}  // namespace lockstep::core
