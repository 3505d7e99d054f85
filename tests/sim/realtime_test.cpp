#include "sim/realtime.hpp"

#include <boost/asio/io_context.hpp>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::NiceMock;

class MockWallClock : public WallClock {
 public:
  MOCK_METHOD(time_point, now, (), (override));
};

// A mocked wall clock that tests move by hand.
class ManualClock {
 public:
  ManualClock() {
    ON_CALL(mock, now).WillByDefault([this] { return current; });
  }
  void advance(WallClock::time_point::duration d) { current += d; }

  NiceMock<MockWallClock> mock;
  WallClock::time_point current{seconds(1000)};
};

Time at_s(int64_t s) {
  return Time::zero() + Duration::s(s);
}

TEST(Pacer, MapsWallToVirtualTimeAtTheSpeed) {
  const WallClock::time_point w0{seconds(50)};
  Pacer p(w0, at_s(100), 10.0);
  EXPECT_EQ(p.virtual_at(w0), at_s(100));
  EXPECT_EQ(p.virtual_at(w0 + seconds(1)), at_s(110));
  EXPECT_EQ(p.virtual_at(w0 + milliseconds(150)), at_s(101) + Duration::ms(500));
  EXPECT_EQ(p.virtual_at(w0 - seconds(1)), at_s(100)) << "never before the anchor";
  EXPECT_EQ(p.wall_at(at_s(160)), w0 + seconds(6));
  EXPECT_EQ(p.wall_at(at_s(90)), w0);
}

TEST(Pacer, RoundsSoEventsNeverRunEarly) {
  const WallClock::time_point w0{};
  Pacer p(w0, Time::zero(), 3.0);
  // 1us of virtual time takes 333.33ns of wall time: wall_at rounds up...
  const auto due = *p.wall_at(Time::from_us(1));
  EXPECT_EQ(due - w0, std::chrono::nanoseconds(334));
  // ...and virtual_at rounds down.
  EXPECT_EQ(p.virtual_at(w0 + std::chrono::nanoseconds(333)), Time::zero());
  EXPECT_EQ(p.virtual_at(due), Time::from_us(1));
}

TEST(Pacer, PausedDoesNotAdvanceAndHasNoWakeTime) {
  const WallClock::time_point w0{};
  Pacer p(w0, at_s(5), 0.0);
  EXPECT_EQ(p.virtual_at(w0 + seconds(3600)), at_s(5));
  EXPECT_FALSE(p.wall_at(at_s(6)).has_value());
}

TEST(Pacer, SpeedChangesKeepVirtualTimeContinuous) {
  const WallClock::time_point w0{};
  Pacer p(w0, Time::zero(), 1.0);
  p.set_speed(w0 + seconds(10), 60.0);  // 10 virtual seconds so far
  EXPECT_EQ(p.virtual_at(w0 + seconds(10)), at_s(10));
  EXPECT_EQ(p.virtual_at(w0 + seconds(11)), at_s(70));
}

class RealTimeDriverTest : public testing::Test {
 protected:
  RealTimeDriverTest() : driver(io, s, clock.mock) {}

  boost::asio::io_context io;
  Scheduler s;
  ManualClock clock;
  RealTimeDriver driver;
};

TEST_F(RealTimeDriverTest, RealTimeSpeedRunsEventsAsTheWallClockReachesThem) {
  std::vector<Time> ran;
  s.schedule_at(at_s(2), [&] { ran.push_back(s.now()); });
  driver.start();
  EXPECT_EQ(driver.speed(), 1.0);
  clock.advance(milliseconds(1999));
  driver.sync();
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(s.now(), at_s(1) + Duration::ms(999));
  clock.advance(milliseconds(1));
  driver.sync();
  EXPECT_EQ(ran, std::vector<Time>{at_s(2)});
}

TEST_F(RealTimeDriverTest, TenTimesSpeedAdvancesTenVirtualSecondsPerWallSecond) {
  int ran = 0;
  for (int i = 1; i <= 30; ++i)
    s.schedule_at(at_s(i), [&] { ++ran; });
  driver.start();
  driver.set_speed(10);
  EXPECT_EQ(driver.speed(), 10.0);
  clock.advance(seconds(1));
  driver.sync();
  EXPECT_EQ(s.now(), at_s(10));
  EXPECT_EQ(ran, 10);
  clock.advance(seconds(1));
  EXPECT_EQ(driver.virtual_now(), at_s(20));
  driver.sync();
  EXPECT_EQ(ran, 20);
}

TEST_F(RealTimeDriverTest, SixtyTimesSpeedRunsAMinutePerSecond) {
  driver.start();
  driver.set_speed(60);
  clock.advance(seconds(3));
  driver.sync();
  EXPECT_EQ(s.now(), Time::zero() + Duration::min(3));
}

TEST_F(RealTimeDriverTest, PauseDoesNotAdvanceAndPlayResumesTheSpeed) {
  int ran = 0;
  s.schedule_at(at_s(5), [&] { ++ran; });
  driver.start();
  driver.set_speed(10);
  clock.advance(milliseconds(200));
  driver.pause();
  EXPECT_TRUE(driver.paused());
  EXPECT_EQ(driver.speed(), 0.0);
  EXPECT_EQ(s.now(), at_s(2));
  clock.advance(seconds(3600));
  driver.sync();
  EXPECT_EQ(s.now(), at_s(2));
  EXPECT_EQ(driver.virtual_now(), at_s(2));
  EXPECT_EQ(ran, 0);
  driver.play();
  EXPECT_EQ(driver.speed(), 10.0);
  clock.advance(milliseconds(300));
  driver.sync();
  EXPECT_EQ(s.now(), at_s(5));
  EXPECT_EQ(ran, 1);
}

TEST_F(RealTimeDriverTest, StepToNextEventJumpsVirtualTimeAndPacingContinuesFromThere) {
  std::vector<int> ran;
  s.schedule_at(at_s(180), [&] { ran.push_back(1); });
  s.schedule_at(at_s(181), [&] { ran.push_back(2); });
  driver.start();
  driver.pause();
  EXPECT_TRUE(driver.step_to_next_event());
  EXPECT_EQ(ran, std::vector<int>{1});
  EXPECT_EQ(s.now(), at_s(180));
  driver.play();  // 1x from 180s
  clock.advance(milliseconds(999));
  driver.sync();
  EXPECT_EQ(ran, std::vector<int>{1});
  clock.advance(milliseconds(1));
  driver.sync();
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_FALSE(driver.step_to_next_event());
}

TEST_F(RealTimeDriverTest, StepToNextEventWorksWhilePlayingAndBeforeStart) {
  int ran = 0;
  s.schedule_at(at_s(100), [&] { ++ran; });
  EXPECT_TRUE(driver.step_to_next_event());
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(s.now(), at_s(100));
}

TEST_F(RealTimeDriverTest, StopFreezesVirtualTime) {
  driver.start();
  clock.advance(seconds(2));
  driver.stop();
  EXPECT_FALSE(driver.running());
  EXPECT_EQ(s.now(), at_s(2));
  clock.advance(seconds(5));
  driver.sync();
  EXPECT_EQ(s.now(), at_s(2));
  driver.start();  // re-anchors: no jump for the stopped interval
  clock.advance(seconds(1));
  driver.sync();
  EXPECT_EQ(s.now(), at_s(3));
}

TEST(RealTimeDriverIntegration, AsFastAsPossibleDrainsTheSchedulerOnARealIoContext) {
  boost::asio::io_context io;
  Scheduler s;
  SteadyWallClock clock;
  RealTimeDriver driver(io, s, clock);
  driver.set_batch_size(100);
  int ran = 0;
  std::function<void()> chain = [&] {
    if (++ran < 10000) s.schedule_after(Duration::min(1), chain);
  };
  s.schedule_at(Time::zero(), chain);
  driver.set_as_fast_as_possible();
  EXPECT_TRUE(std::isinf(driver.speed()));
  driver.start();
  io.run();  // returns once the driver is idle
  EXPECT_EQ(ran, 10000);
  EXPECT_EQ(s.now(), Time::zero() + Duration::min(9999));
}

TEST(RealTimeDriverIntegration, PacedRunOnARealIoContextStopsFromAnEvent) {
  boost::asio::io_context io;
  Scheduler s;
  SteadyWallClock clock;
  RealTimeDriver driver(io, s, clock);
  driver.set_speed(1000);  // 20 virtual seconds in about 20 ms
  std::vector<Time> ran;
  for (int i = 1; i <= 20; ++i)
    s.schedule_at(at_s(i), [&] { ran.push_back(s.now()); });
  s.schedule_at(at_s(20), [&] {
    driver.stop();
    io.stop();
  });
  driver.start();
  io.run_for(std::chrono::seconds(10));
  ASSERT_EQ(ran.size(), 20u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(ran[i], at_s(i + 1));
}

}  // namespace
}  // namespace lockstep::sim
