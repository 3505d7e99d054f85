// Real-time pacing: runs a Scheduler against the wall clock (GUI, `serve`).
//
// Simulation code never reads the wall clock; only this driver does, through
// the WallClock interface (SteadyWallClock in production, a mock in tests).
//
// Pacer (pure arithmetic, no I/O): from an anchor (wall w0, virtual v0) and a
// speed factor, virtual_at(w) = v0 + (w - w0) * speed, rounded down to a whole
// microsecond (so an event never runs early), and wall_at(v) is its inverse,
// rounded up. Changing speed re-anchors at the current point, so virtual time
// is continuous across speed changes. Speed 0 = paused.
//
// RealTimeDriver, on a boost::asio::io_context:
//   paced (speed > 0): a steady_timer wakes when the next event is due in wall
//     time (or after max_sleep, so now() keeps tracking the wall clock while
//     nothing is scheduled); each wake runs scheduler.run_until(virtual_at(now)).
//   paused: no timer; virtual time stands still.
//   as fast as possible: runs events in batches (one timer hop between
//     batches so other io_context work keeps running); when no event is left
//     the driver goes idle (and io_context::run() can return).
//   step_to_next_event(): runs exactly the next event (virtual time jumps to
//     it), then re-anchors so pacing continues from there.
// After scheduling events from outside a driver callback (an API request),
// call sync() so the timer is re-armed for the new earliest event.
// Single-threaded: call it from the io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "sim/scheduler.hpp"
#include "sim/time.hpp"

namespace lockstep::sim {

class WallClock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~WallClock();
  virtual time_point now() = 0;
};

// The real clock: std::chrono::steady_clock.
class SteadyWallClock : public WallClock {
 public:
  time_point now() override;
};

class Pacer {
 public:
  using time_point = WallClock::time_point;

  Pacer() = default;
  Pacer(time_point wall, Time virtual_time, double speed)
      : wall_(wall), virtual_(virtual_time), speed_(speed < 0 ? 0 : speed) {}

  // Virtual time w corresponds to (never before the anchor's virtual time).
  Time virtual_at(time_point w) const;
  // Wall time at which virtual time reaches v; nullopt when paused. Never
  // before the anchor's wall time.
  std::optional<time_point> wall_at(Time v) const;

  // Re-anchors at (wall, virtual_time), keeping the speed.
  void anchor(time_point wall, Time virtual_time) {
    wall_ = wall;
    virtual_ = virtual_time;
  }
  // Re-anchors at (wall, virtual_at(wall)) and changes the speed (< 0 -> 0).
  void set_speed(time_point wall, double speed);
  double speed() const { return speed_; }
  time_point anchor_wall() const { return wall_; }
  Time anchor_virtual() const { return virtual_; }

 private:
  time_point wall_{};
  Time virtual_ = Time::zero();
  double speed_ = 1.0;
};

class RealTimeDriver {
 public:
  RealTimeDriver(boost::asio::io_context& io, Scheduler& scheduler, WallClock& clock);
  ~RealTimeDriver();
  RealTimeDriver(const RealTimeDriver&) = delete;
  RealTimeDriver& operator=(const RealTimeDriver&) = delete;

  // 0 = paused; 1 = real time; 10, 60 = accelerated. Leaves AFAP mode.
  void set_speed(double factor);
  void set_as_fast_as_possible();
  void pause();  // remembers the speed for play()
  void play();   // resumes the speed before pause() (1 if none)
  // The speed factor; +infinity in as-fast-as-possible mode, 0 when paused.
  double speed() const;
  bool paused() const { return !afap_ && pacer_.speed() == 0; }
  bool as_fast_as_possible() const { return afap_; }

  // Runs the next event now, whatever the speed (virtual time jumps to it);
  // false if there is none.
  bool step_to_next_event();

  // Anchors virtual time scheduler.now() to the wall clock's now and begins.
  void start();
  // Stops pacing (cancels the timer); start() resumes from scheduler.now().
  void stop();
  bool running() const { return running_; }

  // Runs what is due at the wall clock's now and re-arms the timer. Call
  // after scheduling from outside the driver; the timer calls it too.
  void sync();

  // The virtual time the wall clock says it is (>= scheduler.now() while
  // paced; scheduler.now() when paused or AFAP).
  Time virtual_now();

  // While paced, wake at least this often (default 50 ms of wall time).
  void set_max_sleep(std::chrono::nanoseconds d) { max_sleep_ = d; }
  // Events per batch in AFAP mode (default 4096).
  void set_batch_size(std::size_t n) { batch_ = n == 0 ? 1 : n; }

  const Pacer& pacer() const { return pacer_; }

 private:
  void arm();
  void reanchor();
  void on_timer();

  boost::asio::io_context& io_;
  Scheduler& scheduler_;
  WallClock& clock_;
  boost::asio::steady_timer timer_;
  Pacer pacer_;
  bool running_ = false;
  bool afap_ = false;
  bool in_sync_ = false;
  double speed_before_pause_ = 1.0;
  std::chrono::nanoseconds max_sleep_ = std::chrono::milliseconds(50);
  std::size_t batch_ = 4096;
};

}  // namespace lockstep::sim
