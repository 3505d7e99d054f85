#include "sim/realtime.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lockstep::sim {

WallClock::~WallClock() = default;

WallClock::time_point SteadyWallClock::now() {
  return std::chrono::steady_clock::now();
}

// ---- Pacer -----------------------------------------------------------------

Time Pacer::virtual_at(time_point w) const {
  if (speed_ == 0 || w <= wall_) return virtual_;
  const auto elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(w - wall_).count();
  const double virt_us = std::floor(static_cast<double>(elapsed_ns) * speed_ / 1000.0);
  const double room = static_cast<double>(Time::max().us() - virtual_.us());
  if (virt_us >= room) return Time::max();
  return virtual_ + Duration::us(static_cast<int64_t>(virt_us));
}

std::optional<Pacer::time_point> Pacer::wall_at(Time v) const {
  if (speed_ == 0) return std::nullopt;
  if (v <= virtual_) return wall_;
  const double ns = std::ceil(static_cast<double>((v - virtual_).count_us()) * 1000.0 / speed_);
  // Far beyond any real wait: clamp to a century.
  constexpr double kCentury = 100.0 * 365 * 24 * 3600 * 1e9;
  const auto d = std::chrono::nanoseconds(static_cast<int64_t>(std::min(ns, kCentury)));
  return wall_ + std::chrono::duration_cast<time_point::duration>(d);
}

void Pacer::set_speed(time_point wall, double speed) {
  virtual_ = virtual_at(wall);
  wall_ = wall;
  speed_ = speed < 0 ? 0 : speed;
}

// ---- RealTimeDriver --------------------------------------------------------

RealTimeDriver::RealTimeDriver(boost::asio::io_context& io, Scheduler& scheduler, WallClock& clock)
    : io_(io), scheduler_(scheduler), clock_(clock), timer_(io) {
  pacer_ = Pacer(clock_.now(), scheduler_.now(), 1.0);
}

RealTimeDriver::~RealTimeDriver() {
  timer_.cancel();
}

double RealTimeDriver::speed() const {
  if (afap_) return std::numeric_limits<double>::infinity();
  return pacer_.speed();
}

void RealTimeDriver::reanchor() {
  pacer_.anchor(clock_.now(), scheduler_.now());
}

void RealTimeDriver::set_speed(double factor) {
  if (running_ && !afap_) sync();  // catch up at the old speed first
  if (factor < 0 || std::isnan(factor)) factor = 0;
  afap_ = false;
  pacer_ = Pacer(clock_.now(), scheduler_.now(), factor);
  if (running_) arm();
}

void RealTimeDriver::set_as_fast_as_possible() {
  if (running_ && !afap_) sync();
  afap_ = true;
  if (running_) arm();
}

void RealTimeDriver::pause() {
  if (paused()) return;
  if (!afap_) speed_before_pause_ = pacer_.speed();
  set_speed(0);
}

void RealTimeDriver::play() {
  if (!paused()) return;
  set_speed(speed_before_pause_ > 0 ? speed_before_pause_ : 1.0);
}

bool RealTimeDriver::step_to_next_event() {
  if (running_ && !afap_) sync();
  const bool ran = scheduler_.step();
  reanchor();
  if (running_) arm();
  return ran;
}

void RealTimeDriver::start() {
  running_ = true;
  reanchor();
  arm();
}

void RealTimeDriver::stop() {
  if (running_ && !afap_) sync();
  running_ = false;
  timer_.cancel();
}

Time RealTimeDriver::virtual_now() {
  if (afap_ || !running_) return scheduler_.now();
  return std::max(scheduler_.now(), pacer_.virtual_at(clock_.now()));
}

void RealTimeDriver::sync() {
  if (!running_ || in_sync_) return;
  in_sync_ = true;
  if (afap_) {
    for (std::size_t i = 0; i < batch_ && scheduler_.step(); ++i) {
    }
    reanchor();
  } else if (pacer_.speed() > 0) {
    const Time target = pacer_.virtual_at(clock_.now());
    if (target > scheduler_.now()) scheduler_.run_until(target);
  }
  in_sync_ = false;
  arm();
}

void RealTimeDriver::arm() {
  timer_.cancel();
  if (!running_) return;
  std::chrono::nanoseconds wait;
  if (afap_) {
    if (scheduler_.pending() == 0) return;  // idle: io_context may finish
    wait = std::chrono::nanoseconds(0);
  } else {
    if (pacer_.speed() == 0) return;  // paused
    const auto now = clock_.now();
    wait = max_sleep_;
    if (auto next = scheduler_.next_event_time()) {
      if (auto due = pacer_.wall_at(*next)) {
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::max(*due - now, WallClock::time_point::duration(0))));
      }
    }
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled (re-armed, stopped or destroyed): touch nothing
    on_timer();
  });
}

void RealTimeDriver::on_timer() {
  sync();
}

}  // namespace lockstep::sim
