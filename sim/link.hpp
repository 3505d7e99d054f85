// Link<Message>: a one-way channel between two components.
//
// send(m) at time t:
//   link down, when_down == drop  -> lost (counted in lost and lost_down)
//   link down, when_down == hold  -> kept in order; sent when the link comes up
//   link up                       -> lost with probability loss_probability
//                                    (lost_random), otherwise delivered at
//                                    t + latency.sample()
// Ordering: with fifo == true a message is never delivered before one sent
// earlier: its delivery time is max(sampled, previous delivery time), and
// equal times keep send order (the scheduler's tie rule). With fifo == false
// each message takes its own sampled latency, so deliveries may reorder.
// In flight when the link goes down: by default the message is still
// delivered — it already left (in_flight_on_down == deliver). With
// in_flight_on_down == lose, every message sent before the link went down
// and not yet delivered is lost on arrival (lost_in_flight), even if the
// link is up again by then. The setting in force when a message is sent
// decides its fate (set_config applies to messages sent from then on).
// Randomness: one draw for loss (only when 0 < p < 1) and one latency sample
// per transmitted message, all from the link's own Rng — give each link its
// own RandomStreams stream so links do not disturb each other.
// Lifetime: a Link must outlive its in-flight deliveries (the scheduler's
// events point at it): destroy the Scheduler first, or drain it.
// Cost: a message of up to 40 bytes (32 on a link that loses what is in
// flight when it goes down: the event also carries the epoch it left in)
// travels inside its delivery event; a larger one waits in the link's own
// reused slots. Either way a message in
// flight allocates nothing once the link has seen its peak in flight.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"

namespace lockstep::sim {

struct LinkConfig {
  enum class WhenDown { drop, hold };
  enum class InFlightOnDown { deliver, lose };

  Distribution latency = Distribution::fixed(Duration::zero());
  double loss_probability = 0;  // 0..1, per message
  bool fifo = true;             // false: deliveries may reorder by sampled latency
  WhenDown when_down = WhenDown::drop;
  InFlightOnDown in_flight_on_down = InFlightOnDown::deliver;
};

struct LinkCounters {
  uint64_t sent = 0;       // send() calls
  uint64_t delivered = 0;  // handed to the receiver
  uint64_t lost = 0;       // lost_random + lost_down + lost_in_flight
  uint64_t held = 0;       // messages held right now, waiting for the link to come up
  uint64_t lost_random = 0;
  uint64_t lost_down = 0;
  uint64_t lost_in_flight = 0;
  uint64_t held_total = 0;  // messages ever held
  uint64_t in_flight = 0;   // transmitted, not yet delivered or lost
};

template <class Message>
class Link {
 public:
  using Deliver = std::function<void(Message&&)>;

  // A small receiver (a lambda capturing a pointer or two: trivially
  // copyable, at most two pointers' size) is kept in the link and called
  // through one plain function pointer; any other goes in a Deliver.
  template <class F>
  static constexpr bool kSmallReceiver =
      !std::is_same_v<std::decay_t<F>, Deliver> && sizeof(std::decay_t<F>) <= 2 * sizeof(void*) &&
      alignof(std::decay_t<F>) <= alignof(void*) && std::is_trivially_copyable_v<std::decay_t<F>> &&
      std::is_invocable_v<std::decay_t<F>&, Message&&>;

  Link(Scheduler& scheduler, Rng rng, LinkConfig config, Deliver deliver, std::string name = {})
      : scheduler_(scheduler),
        rng_(rng),
        config_(std::move(config)),
        deliver_(std::move(deliver)),
        name_(std::move(name)) {
    receive_ = [](void* storage, Message&& m) {
      Link* link;
      std::memcpy(&link, storage, sizeof link);
      link->deliver_(std::move(m));
    };
    const Link* self = this;
    std::memcpy(receiver_, &self, sizeof self);
    instant_ = is_instant(config_);
  }
  template <class F>
  requires kSmallReceiver<F> Link(Scheduler& scheduler, Rng rng, LinkConfig config, F deliver,
                                  std::string name = {})
      : scheduler_(scheduler), rng_(rng), config_(std::move(config)), name_(std::move(name)) {
    using Fn = std::decay_t<F>;
    receive_ = [](void* storage, Message&& m) { (*static_cast<Fn*>(storage))(std::move(m)); };
    ::new (static_cast<void*>(receiver_)) Fn(deliver);
    instant_ = is_instant(config_);
  }
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  // Taken by reference and moved along to the delivery event: a message is
  // copied or moved once, into the event, not once per hop on the way.
  void send(const Message& m) { send(Message(m)); }
  void send(Message&& m) {
    ++counters_.sent;
    if (!up_) [[unlikely]] {
      send_while_down(std::move(m));
      return;
    }
    transmit(std::move(m));
  }

  // Brings the link up or down. Going up sends every held message, in order.
  void set_up(bool up) {
    if (up == up_) return;
    up_ = up;
    if (!up) {
      ++down_epoch_;
      return;
    }
    std::size_t sent = 0;
    while (sent < held_.size() && up_) {
      Message m = std::move(held_[sent++]);
      --counters_.held;
      transmit(std::move(m));
    }
    held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(sent));
  }
  bool up() const { return up_; }

  const LinkCounters& counters() const { return counters_; }
  const LinkConfig& config() const { return config_; }
  // Applies to messages sent from now on.
  void set_config(LinkConfig config) {
    config_ = std::move(config);
    instant_ = is_instant(config_);
  }
  const std::string& name() const { return name_; }

 private:
  // No loss and no delay: nothing drawn, delivered now (the radio's answer
  // leg in the fleet benchmark, and every zero-latency link).
  static bool is_instant(const LinkConfig& c) {
    return !(c.loss_probability > 0) && c.latency.kind() == Distribution::Kind::fixed &&
           c.latency.a() == Duration::zero();
  }

  // Out of line, so a send through an up link (every send in a fleet) saves
  // and restores no registers for it.
  [[gnu::noinline]] void send_while_down(Message&& m) {
    if (config_.when_down == LinkConfig::WhenDown::hold) {
      held_.push_back(std::move(m));
      ++counters_.held;
      ++counters_.held_total;
    } else {
      ++counters_.lost;
      ++counters_.lost_down;
    }
  }

  // An instant link with no later delivery pending delivers now: nothing
  // to draw, nothing to wait for. That case (every hop to the panel and to
  // the cloud in a fleet) is inline and posts straight away; the rest is a
  // call.
  void transmit(Message&& m) {
    const Time now = scheduler_.now();
    if (instant_ && last_delivery_ <= now) [[likely]] {
      last_delivery_ = now;
      ++counters_.in_flight;
      dispatch(std::move(m), [this](auto&& delivery) {
        scheduler_.post(std::forward<decltype(delivery)>(delivery));
      });
      return;
    }
    transmit_later(std::move(m));
  }
  // Not instant, or a later delivery is pending: loss and latency are drawn.
  [[gnu::noinline]] void transmit_later(Message&& m) {
    const double p = config_.loss_probability;
    if (p > 0 && (p >= 1 || rng_.chance(p))) {
      ++counters_.lost;
      ++counters_.lost_random;
      return;
    }
    Time at = scheduler_.now() + config_.latency.sample(rng_);
    if (config_.fifo) at = std::max(at, last_delivery_);
    last_delivery_ = std::max(last_delivery_, at);
    ++counters_.in_flight;
    // A delivery is never cancelled, so one due now (a zero-latency link) is
    // posted: the same order as scheduling it now, for less.
    dispatch(std::move(m), [this, at](auto&& delivery) {
      if (at <= scheduler_.now()) {
        scheduler_.post(std::forward<decltype(delivery)>(delivery));
      } else {
        scheduler_.schedule_at(at, std::forward<decltype(delivery)>(delivery));
      }
    });
  }

  // Builds the delivery event and hands it to `deliver_at` (which posts or
  // schedules it). Only a link that loses what is in flight when it goes
  // down needs the epoch the message left in. (Inlined: a call here costs a
  // fifth of a hop.)
  template <class DeliverAt>
  [[gnu::always_inline]] void dispatch(Message&& m, DeliverAt&& deliver_at) {
    if (config_.in_flight_on_down == LinkConfig::InFlightOnDown::lose) {
      const uint64_t epoch = down_epoch_;
      if constexpr (fits_inline(16)) {
        deliver_at([this, epoch, msg = std::move(m)]() mutable {
          arrive_unless_down(epoch, std::move(msg));
        });
      } else {
        const uint32_t slot = park(std::move(m));
        deliver_at([this, epoch, slot] { arrive_unless_down(epoch, unpark(slot)); });
      }
    } else if constexpr (fits_inline(8)) {
      deliver_at([this, msg = std::move(m)]() mutable { arrive(std::move(msg)); });
    } else {
      const uint32_t slot = park(std::move(m));
      deliver_at([this, slot] { arrive(unpark(slot)); });
    }
  }

  // A message small enough rides in its delivery event (the scheduler's
  // inline callback: `this`, the epoch if needed, and the message); a larger
  // one waits in parked_ and the event carries its index, so no delivery
  // allocates. `extra`: the bytes beside the message.
  static constexpr bool fits_inline(std::size_t extra) {
    return sizeof(Message) + extra <= Callback::inline_capacity &&
           alignof(Message) <= Callback::inline_alignment &&
           std::is_nothrow_move_constructible_v<Message>;
  }
  static constexpr uint32_t kNoParking = UINT32_MAX;

  uint32_t park(Message&& m) {
    uint32_t slot = free_parking_;
    if (slot == kNoParking) {
      slot = static_cast<uint32_t>(parked_.size());
      parked_.emplace_back();
    } else {
      free_parking_ = parked_[slot].next_free;
    }
    parked_[slot].message.emplace(std::move(m));
    return slot;
  }
  Message unpark(uint32_t slot) {
    Parked& p = parked_[slot];
    Message m = std::move(*p.message);
    p.message.reset();
    p.next_free = free_parking_;
    free_parking_ = slot;
    return m;
  }

  void arrive_unless_down(uint64_t epoch, Message&& m) {
    if (epoch != down_epoch_) {
      --counters_.in_flight;
      ++counters_.lost;
      ++counters_.lost_in_flight;
      return;
    }
    arrive(std::move(m));
  }
  void arrive(Message&& m) {
    --counters_.in_flight;
    ++counters_.delivered;
    receive_(receiver_, std::move(m));
  }

  Scheduler& scheduler_;
  Rng rng_;
  LinkConfig config_;
  // The receiver: receive_(receiver_, m) calls the small callable kept in
  // receiver_, or (built from a Deliver) deliver_ through the Link in it.
  void (*receive_)(void*, Message&&) = nullptr;
  alignas(void*) unsigned char receiver_[2 * sizeof(void*)];
  Deliver deliver_;
  bool instant_ = false;
  std::string name_;
  bool up_ = true;
  uint64_t down_epoch_ = 0;
  Time last_delivery_ = Time::zero();
  std::vector<Message> held_;  // (a std::deque allocates ~600 bytes when built)
  struct Parked {
    std::optional<Message> message;
    uint32_t next_free = kNoParking;
  };
  std::vector<Parked> parked_;  // in flight, too large to ride in the event
  uint32_t free_parking_ = kNoParking;
  LinkCounters counters_;
};

}  // namespace lockstep::sim
