// The scenario language's enums (steps.hpp) to their devices/ counterparts,
// value for value. The language keeps its own enums so that steps.hpp does not
// depend on the device models; the executor maps them here, one explicit
// switch each, so a value added on one side and not the other fails to compile
// with -Wswitch (every switch is exhaustive, with no default), and
// tests/scenarios/executor_test.cpp checks that every value maps onto the
// device value of the same name.
#pragma once

#include "core/arm_state.hpp"
#include "devices/cloud.hpp"
#include "devices/keypad.hpp"
#include "devices/lock.hpp"
#include "devices/outbox.hpp"
#include "scenarios/steps.hpp"

namespace lockstep::scenarios {

devices::Channel to_device(Channel channel);
devices::ArmMode to_device(ArmMode mode);
// The partition state an arming mode leads to: armed_stay, armed_away, armed_night.
core::PartitionState armed_state(ArmMode mode);
devices::Key to_device(FunctionKey key);
devices::SyncStatus::State to_device(SyncState state);
devices::Notification::Kind to_device(NotificationKind kind);
devices::Notification::Via to_device(NotificationVia via);
devices::BoltState to_device(BoltState state);

}  // namespace lockstep::scenarios
