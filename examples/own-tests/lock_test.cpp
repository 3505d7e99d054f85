// One lock alone, with a GoogleMock in place of its radio (the Port seam):
// the lock reports over Z-Wave what happens at its keypad.
#include "devices/lock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "devices/zwave.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace {

namespace devices = lockstep::devices;
namespace zwave = lockstep::devices::zwave;
using ::testing::_;

class MockRadio : public devices::FramePort {
 public:
  MOCK_METHOD(void, send, (devices::Frame &&), (override));
};

lockstep::core::LockSpec deadbolt() {
  lockstep::core::LockSpec spec;
  spec.model = "my-deadbolt";
  spec.slots = 30;
  spec.code_lengths = lockstep::core::CodeLengths{4, 8};
  spec.wake_latency = std::chrono::milliseconds(1000);
  return spec;
}

TEST(OwnLockTest, AProgrammedCodeUnlocksAndTheLockTellsThePanel) {
  lockstep::sim::Scheduler scheduler;
  lockstep::sim::Trace trace;
  ::testing::NiceMock<MockRadio> radio;
  devices::Lock lock(scheduler, trace, "Side Door", deadbolt(), radio);

  lock.receive_frame(zwave::encode(
      zwave::UserCodeSet{4, zwave::SlotStatus::enabled, lockstep::core::AccessCode("2468")}));
  scheduler.run_for(lockstep::sim::Duration::s(1));  // the lock's wake tick

  EXPECT_CALL(radio,
              send(zwave::encode(zwave::AccessNotification{zwave::AccessEvent::keypad_unlock, 4})));
  EXPECT_EQ(lock.enter_code("2468", {}).outcome, lockstep::core::EntryOutcome::accepted);
  EXPECT_EQ(lock.bolt(), devices::BoltState::unlocked);
}

}  // namespace
