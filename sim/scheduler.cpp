#include "sim/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <new>
#include <stdexcept>

namespace lockstep::sim {

// ---- heap storage ----------------------------------------------------------

namespace {
constexpr std::size_t kLine = 64;
constexpr std::size_t kLead = 3;  // entries before entry 0, so entry 1 is line-aligned
}  // namespace

Scheduler::EntryArray::~EntryArray() {
  if (raw_ != nullptr) ::operator delete (raw_, std::align_val_t{kLine});
}

void Scheduler::EntryArray::grow(std::size_t at_least) {
  std::size_t cap = capacity_ == 0 ? 8 : capacity_ * 2;
  if (cap < at_least) cap = at_least;
  void* raw = ::operator new ((kLead + cap + 3) * sizeof(Entry), std::align_val_t{kLine});
  Entry* data = static_cast<Entry*>(raw) + kLead;
  if (size_ != 0) std::memcpy(data, data_, size_ * sizeof(Entry));
  for (std::size_t i = size_; i < cap + 3; ++i)
    data[i] = kSentinel;
  if (raw_ != nullptr) ::operator delete (raw_, std::align_val_t{kLine});
  raw_ = raw;
  data_ = data;
  capacity_ = cap;
}

Scheduler::Scheduler() = default;
Scheduler::~Scheduler() = default;

void Scheduler::add_chunk() {
  chunks_.push_back(std::make_unique<Slot[]>(std::size_t{kFirstChunk} << chunks_.size()));
  if (chunks_.size() == 1) first_chunk_ = chunks_[0].get();
}

void Scheduler::reserve(std::size_t n) {
  heap_.reserve(n);
  while (slots_before_chunk(chunks_.size()) < n)
    add_chunk();
}

uint32_t Scheduler::new_slot() {
  const uint32_t s = slot_count_;
  if (s >= kNoSlot) {
    throw std::length_error("lockstep::sim::Scheduler: more than 2^24 - 1 events pending at once");
  }
  if (s >= slots_before_chunk(chunks_.size())) add_chunk();
  ++slot_count_;
  return s;
}

EventHandle Scheduler::enqueue(Time t, uint32_t slot) {
  if (t < now_) t = now_;  // documented: the past is clamped to now
  if (next_seq_ == kMaxSeq) renumber();
  Slot& m = slot_at(slot);
  m.set_state(kPending);
  push(Entry{t.us(), (next_seq_++ << kSlotBits) | slot});
  return EventHandle{slot, m.generation};
}

bool Scheduler::is_pending(EventHandle h) const {
  if (!h.valid() || h.slot >= slot_count_) return false;
  const Slot& m = slot_at(h.slot);
  return m.generation == h.generation && m.state() == kPending;
}

bool Scheduler::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  Slot& m = slot_at(h.slot);
  m.set_state(kCancelled);
  bump_generation(m);
  m.cb.reset();
  ++cancelled_in_heap_;
  drop_cancelled_top();  // keeps the invariant: the top is a live event
  if (cancelled_in_heap_ > 64 && cancelled_in_heap_ * 2 > heap_.size()) compact();
  return true;
}

bool Scheduler::step() {
  assert(!running_ && "Scheduler::step/run_* called from inside an event");
  return run_next(kNoLimit);
}

// Inline in the run loop: half of a fleet site's events are posted
// deliveries, and the call cost a tenth of one.
[[gnu::always_inline]] inline void Scheduler::run_posted() {
  // Run where it lies: the queue's blocks never move, even if the callback
  // posts more.
  PostedQueue::Entry& e = posted_.take();
  ++executed_;
  struct Finish {
    Scheduler* self;
    PostedQueue::Entry* e;
    ~Finish() {
      self->running_ = false;
      self->posted_.release(*e);
    }
  };
  running_ = true;
  Finish finish{this, &e};
  e.cb();
}

// The one loop behind step() and run_*: what is next (a posted event, or the
// heap's top), whether it is due by `limit`, and running it, decided in one
// pass over the queues.
[[gnu::always_inline]] inline bool Scheduler::run_next(int64_t limit) {
  if (has_posted() && posted_first()) {
    if (now_.us() > limit) return false;
    run_posted();
    return true;
  }
  if (heap_.empty()) return false;
  const Entry next = top();
  if (next.time > limit) return false;
  pop_top();
  // The next event's slot is a likely cache miss: start loading it while this
  // event runs.
  if (!heap_.empty()) {
    __builtin_prefetch(&slot_at(static_cast<uint32_t>(top().seq_slot & kSlotMask)));
  }
  const auto slot = static_cast<uint32_t>(next.seq_slot & kSlotMask);
  now_ = Time::from_us(next.time);
  Slot& m = slot_at(slot);
  m.set_state(kRunning);
  bump_generation(m);  // the handle goes stale: cancel() from inside returns false
  ++executed_;

  // Slots never move, so the callback runs in place even if it schedules
  // more events (which may add chunks).
  struct Finish {
    Scheduler* self;
    Slot* slot;
    uint32_t index;
    ~Finish() {
      self->running_ = false;
      slot->cb.reset();
      self->release_slot(index);
      if (self->cancelled_in_heap_ != 0) self->drop_cancelled_top();
    }
  };
  running_ = true;
  Finish finish{this, &m, slot};
  m.cb();
  return true;
}

void Scheduler::run_loop(int64_t limit) {
  assert(!running_ && "Scheduler::step/run_* called from inside an event");
  stop_requested_ = false;
  while (run_next(limit)) {
    if (stop_requested_) return;
  }
}

void Scheduler::run_until(Time t) {
  run_loop(t.us());
  if (!stop_requested_ && now_ < t) now_ = t;
}

void Scheduler::run_through(Time t) {
  run_loop(t.us());
}

void Scheduler::run_until_idle() {
  run_loop(kNoLimit);
}

std::optional<Time> Scheduler::next_event_time() const {
  if (has_posted()) return now_;
  if (heap_.empty()) return std::nullopt;
  return Time::from_us(top().time);
}

// ---- either shape ------------------------------------------------------------

[[gnu::always_inline]] inline void Scheduler::pop_top() {
  if (small_) {
    heap_.drop_back();
  } else {
    heap_pop();
    if (heap_.empty()) small_ = true;
  }
}

[[gnu::always_inline]] inline void Scheduler::push(Entry e) {
  if (!small_) {
    heap_push(e);
    return;
  }
  const std::size_t n = heap_.size();
  if (n == kSmallLimit) {
    // Outgrown: ascending order is a valid min-heap.
    std::reverse(heap_.begin(), heap_.end());
    heap_.seal();
    small_ = false;
    heap_push(e);
    return;
  }
  // Latest first: e goes after every entry later than it, and the earlier
  // entries move up by one. The scan starts from the earliest entry, so it
  // passes exactly the entries that move: few for the many events due soon
  // (radio deliveries, relocks, timers), so each is moved as it is passed
  // (insertion sort's inner loop; cheaper than a memmove call for a few).
  // e's sequence number is above every pending one (numbers only grow;
  // renumbering keeps that), so an entry runs before e exactly when its time
  // is not later: times alone decide.
  heap_.append(e);
  Entry* const a = heap_.data();
  std::size_t p = n;
  while (p > 0 && a[p - 1].time <= e.time) {
    a[p] = a[p - 1];
    --p;
  }
  a[p] = e;
}

// ---- 4-ary heap ------------------------------------------------------------

[[gnu::always_inline]] inline void Scheduler::heap_push(Entry e) {
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

// Index of the smallest of the four children starting at c, without branches
// (the comparisons of random keys would mispredict half the time).
[[gnu::always_inline]] inline std::size_t Scheduler::min_of_four(const Entry* h, std::size_t c) {
  const std::size_t b01 = c + static_cast<std::size_t>(less(h[c + 1], h[c]));
  const std::size_t b23 = c + 2 + static_cast<std::size_t>(less(h[c + 3], h[c + 2]));
  // A mask, not `?:`: GCC turns the conditional into a (mispredicted) branch.
  const std::size_t take23 = 0 - static_cast<std::size_t>(less(h[b23], h[b01]));
  return b01 ^ ((b01 ^ b23) & take23);
}

// Removes the root. Bottom-up ("Floyd") deletion: move the hole down to a leaf
// along the smallest children, then sift the former last entry up from there.
// The last entry nearly always belongs near the bottom, so this saves one
// comparison per level over the textbook sift-down. Sentinels after the last
// entry make every child group full.
void Scheduler::heap_pop() {
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return;
  Entry* const h = heap_.data();
  Entry* const end = h + n;
  Entry* hole = h;
  for (Entry* c = h + 1; c < end; c = h + 4 * (hole - h) + 1) {
    // Smallest of c[0..3] without branches (random keys would mispredict).
    const Entry* a = c + static_cast<std::ptrdiff_t>(less(c[1], c[0]));
    const Entry* b = c + 2 + static_cast<std::ptrdiff_t>(less(c[3], c[2]));
    const auto take_b = 0 - static_cast<uintptr_t>(less(*b, *a));
    const auto best = reinterpret_cast<Entry*>(
        reinterpret_cast<uintptr_t>(a) ^
        ((reinterpret_cast<uintptr_t>(a) ^ reinterpret_cast<uintptr_t>(b)) & take_b));
    *hole = *best;
    hole = best;
  }
  std::size_t i = static_cast<std::size_t>(hole - h);
  while (i > 0) {
    const std::size_t parent = (i - 1) >> 2;
    if (!less(last, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = last;
}

void Scheduler::sift_down(std::size_t i, Entry e) {
  Entry* h = heap_.data();
  const std::size_t n = heap_.size();
  for (std::size_t c = 4 * i + 1; c < n; c = 4 * i + 1) {
    const std::size_t best = min_of_four(h, c);
    if (!less(h[best], e)) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = e;
}

void Scheduler::drop_cancelled_top() {
  while (!heap_.empty()) {
    const auto slot = static_cast<uint32_t>(top().seq_slot & kSlotMask);
    if (slot_at(slot).state() != kCancelled) return;
    pop_top();
    release_slot(slot);
    --cancelled_in_heap_;
  }
}

void Scheduler::compact() {
  std::size_t out = 0;
  for (const Entry& e : heap_) {
    const auto slot = static_cast<uint32_t>(e.seq_slot & kSlotMask);
    if (slot_at(slot).state() == kCancelled) {
      release_slot(slot);
    } else {
      heap_[out++] = e;
    }
  }
  heap_.shrink_to(out);
  cancelled_in_heap_ = 0;
  if (small_) return;  // filtering kept the order
  if (out == 0) {
    small_ = true;
    return;
  }
  // Floyd's bottom-up heap construction for the 4-ary layout.
  if (out > 1) {
    for (std::size_t i = (out - 2) / 4 + 1; i-- > 0;)
      sift_down(i, heap_[i]);
  }
}

void Scheduler::renumber() {
  // An ascending array is a valid heap; relative order (hence tie order) is
  // kept. The small shape wants it latest first. Posted events are due now,
  // no later than any entry: merged in by their numbers among the entries due
  // now.
  std::sort(heap_.begin(), heap_.end(), less);
  uint64_t seq = 0;
  const auto number = [&seq](Entry& e) {
    e.seq_slot = (seq++ << kSlotBits) | (e.seq_slot & kSlotMask);
  };
  std::size_t h = 0;
  posted_.for_each([&](PostedQueue::Entry& p) {
    // The heap's entries that run before p: due now and numbered before it.
    for (; h < heap_.size(); ++h) {
      Entry& e = heap_[h];
      if (e.time > now_.us() || p.seq < (e.seq_slot >> kSlotBits)) break;
      number(e);
    }
    p.seq = seq++;
  });
  for (; h < heap_.size(); ++h)
    number(heap_[h]);
  next_seq_ = seq;
  if (small_) std::reverse(heap_.begin(), heap_.end());
}

}  // namespace lockstep::sim
