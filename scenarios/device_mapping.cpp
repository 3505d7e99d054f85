#include "scenarios/device_mapping.hpp"

namespace lockstep::scenarios {

// Each switch is exhaustive with no default: -Wswitch (an error here) catches
// a value added to either enum. The returns after the switches only satisfy
// compilers that do not see that every enumerator returns.

devices::Channel to_device(Channel channel) {
  switch (channel) {
    case Channel::website:
      return devices::Channel::website;
    case Channel::app:
      return devices::Channel::app;
  }
  return devices::Channel::website;
}

devices::ArmMode to_device(ArmMode mode) {
  switch (mode) {
    case ArmMode::stay:
      return devices::ArmMode::stay;
    case ArmMode::away:
      return devices::ArmMode::away;
    case ArmMode::night:
      return devices::ArmMode::night;
  }
  return devices::ArmMode::away;
}

core::PartitionState armed_state(ArmMode mode) {
  switch (mode) {
    case ArmMode::stay:
      return core::PartitionState::armed_stay;
    case ArmMode::away:
      return core::PartitionState::armed_away;
    case ArmMode::night:
      return core::PartitionState::armed_night;
  }
  return core::PartitionState::armed_away;
}

devices::Key to_device(FunctionKey key) {
  switch (key) {
    case FunctionKey::arm_away:
      return devices::Key::arm_away;
    case FunctionKey::arm_stay:
      return devices::Key::arm_stay;
    case FunctionKey::arm_night:
      return devices::Key::arm_night;
    case FunctionKey::disarm:
      return devices::Key::disarm;
    case FunctionKey::clear:
      return devices::Key::clear;
  }
  return devices::Key::clear;
}

devices::SyncStatus::State to_device(SyncState state) {
  using S = devices::SyncStatus::State;
  switch (state) {
    case SyncState::none:
      return S::none;
    case SyncState::pending:
      return S::pending;
    case SyncState::active:
      return S::active;
    case SyncState::failed:
      return S::failed;
    case SyncState::superseded:
      return S::superseded;
  }
  return S::none;
}

devices::Notification::Kind to_device(NotificationKind kind) {
  using K = devices::Notification::Kind;
  switch (kind) {
    case NotificationKind::code_changed:
      return K::code_changed;
    case NotificationKind::code_active:
      return K::code_active;
    case NotificationKind::code_disarmed:
      return K::code_disarmed;
    case NotificationKind::duress_used:
      return K::duress_used;
    case NotificationKind::share_user_code:
      return K::share_user_code;
  }
  return K::code_changed;
}

devices::Notification::Via to_device(NotificationVia via) {
  switch (via) {
    case NotificationVia::sms:
      return devices::Notification::Via::sms;
    case NotificationVia::email:
      return devices::Notification::Via::email;
  }
  return devices::Notification::Via::email;
}

devices::BoltState to_device(BoltState state) {
  switch (state) {
    case BoltState::locked:
      return devices::BoltState::locked;
    case BoltState::unlocked:
      return devices::BoltState::unlocked;
    case BoltState::jammed:
      return devices::BoltState::jammed;
  }
  return devices::BoltState::locked;
}

}  // namespace lockstep::scenarios
