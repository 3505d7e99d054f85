#include "sim/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace lockstep::sim {

Scheduler::Scheduler() = default;
Scheduler::~Scheduler() = default;

void Scheduler::reserve(std::size_t n) {
  heap_.reserve(n);
  meta_.reserve(n);
  while (chunks_.size() * kChunkSize < n) {
    chunks_.push_back(std::make_unique<Callback[]>(kChunkSize));
  }
}

uint32_t Scheduler::allocate_slot() {
  if (free_head_ != kNoSlot) {
    const uint32_t s = free_head_;
    free_head_ = meta_[s].next_free;
    return s;
  }
  const auto s = static_cast<uint32_t>(meta_.size());
  if (s > kSlotMask) {
    throw std::length_error("lockstep::sim::Scheduler: more than 2^24 events pending at once");
  }
  meta_.emplace_back();
  if ((s >> kChunkBits) >= chunks_.size()) {
    chunks_.push_back(std::make_unique<Callback[]>(kChunkSize));
  }
  return s;
}

void Scheduler::release_slot(uint32_t slot) {
  SlotMeta& m = meta_[slot];
  m.state = SlotState::free;
  m.next_free = free_head_;
  free_head_ = slot;
}

EventHandle Scheduler::schedule_at(Time t, Callback cb) {
  if (t < now_) t = now_;  // documented: the past is clamped to now
  if (next_seq_ == kMaxSeq) renumber();
  const uint32_t slot = allocate_slot();
  SlotMeta& m = meta_[slot];
  m.state = SlotState::pending;
  callback_at(slot) = std::move(cb);
  heap_push(Entry{t.us(), (next_seq_++ << kSlotBits) | slot});
  return EventHandle{slot, m.generation};
}

bool Scheduler::is_pending(EventHandle h) const {
  if (!h.valid() || h.slot >= meta_.size()) return false;
  const SlotMeta& m = meta_[h.slot];
  return m.generation == h.generation && m.state == SlotState::pending;
}

bool Scheduler::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  SlotMeta& m = meta_[h.slot];
  m.state = SlotState::cancelled;
  bump_generation(m);
  callback_at(h.slot).reset();
  ++cancelled_in_heap_;
  drop_cancelled_top();
  if (cancelled_in_heap_ > 64 && cancelled_in_heap_ * 2 > heap_.size()) compact();
  return true;
}

bool Scheduler::step() {
  assert(!running_ && "Scheduler::step/run_* called from inside an event");
  if (heap_.empty()) return false;
  const Entry top = heap_[0];
  heap_pop();
  const auto slot = static_cast<uint32_t>(top.seq_slot & kSlotMask);
  now_ = Time::from_us(top.time);
  SlotMeta& m = meta_[slot];
  m.state = SlotState::running;
  bump_generation(m);  // the handle goes stale: cancel() from inside returns false
  ++executed_;

  // The slab chunk never moves, so the callback runs in place even if it
  // schedules more events (which may grow meta_ and chunks_).
  struct Finish {
    Scheduler* self;
    uint32_t slot;
    ~Finish() {
      self->running_ = false;
      self->callback_at(slot).reset();
      self->release_slot(slot);
      self->drop_cancelled_top();
    }
  };
  running_ = true;
  Finish finish{this, slot};
  callback_at(slot)();
  return true;
}

void Scheduler::run_until(Time t) {
  stop_requested_ = false;
  while (!heap_.empty() && heap_[0].time <= t.us()) {
    step();
    if (stop_requested_) return;
  }
  if (now_ < t) now_ = t;
}

void Scheduler::run_until_idle() {
  stop_requested_ = false;
  while (step()) {
    if (stop_requested_) return;
  }
}

std::optional<Time> Scheduler::next_event_time() const {
  if (heap_.empty()) return std::nullopt;
  return Time::from_us(heap_[0].time);
}

// ---- 4-ary heap ------------------------------------------------------------

void Scheduler::heap_push(Entry e) {
  std::size_t i = heap_.size();
  heap_.push_back(e);
  Entry* h = heap_.data();
  while (i > 0) {
    const std::size_t parent = (i - 1) >> 2;
    if (!less(e, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = e;
}

void Scheduler::heap_pop() {
  const Entry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0, last);
}

void Scheduler::sift_down(std::size_t i, Entry e) {
  Entry* h = heap_.data();
  const std::size_t n = heap_.size();
  while (true) {
    const std::size_t c = 4 * i + 1;
    if (c >= n) break;
    std::size_t best = c;
    if (c + 3 < n) {
      const std::size_t b01 = less(h[c + 1], h[c]) ? c + 1 : c;
      const std::size_t b23 = less(h[c + 3], h[c + 2]) ? c + 3 : c + 2;
      best = less(h[b23], h[b01]) ? b23 : b01;
    } else {
      for (std::size_t k = c + 1; k < n; ++k) {
        if (less(h[k], h[best])) best = k;
      }
    }
    if (!less(h[best], e)) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = e;
}

void Scheduler::drop_cancelled_top() {
  while (!heap_.empty()) {
    const auto slot = static_cast<uint32_t>(heap_[0].seq_slot & kSlotMask);
    if (meta_[slot].state != SlotState::cancelled) return;
    heap_pop();
    release_slot(slot);
    --cancelled_in_heap_;
  }
}

void Scheduler::compact() {
  std::size_t out = 0;
  for (const Entry& e : heap_) {
    const auto slot = static_cast<uint32_t>(e.seq_slot & kSlotMask);
    if (meta_[slot].state == SlotState::cancelled) {
      release_slot(slot);
    } else {
      heap_[out++] = e;
    }
  }
  heap_.resize(out);
  cancelled_in_heap_ = 0;
  // Floyd's bottom-up heap construction for the 4-ary layout.
  if (out > 1) {
    for (std::size_t i = (out - 2) / 4 + 1; i-- > 0;)
      sift_down(i, heap_[i]);
  }
}

void Scheduler::renumber() {
  // A sorted array is a valid heap; relative order (hence tie order) is kept.
  std::sort(heap_.begin(), heap_.end(), less);
  uint64_t seq = 0;
  for (Entry& e : heap_)
    e.seq_slot = (seq++ << kSlotBits) | (e.seq_slot & kSlotMask);
  next_seq_ = seq;
}

}  // namespace lockstep::sim
