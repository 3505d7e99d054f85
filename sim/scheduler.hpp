// Scheduler: the discrete-event loop of one simulated world.
//
// Events are (time, callback). They run in time order; events at the same
// time run in the order they were scheduled (a sequence number breaks ties,
// as in FoundationDB and ns-3). Virtual time jumps from one event to the next.
//
// Layout (chosen for the fleet benchmark, issue 7):
//   heap_   the pending entries {time, seq << 24 | slot}, 16 bytes each,
//           compared as one 128-bit key, in one of two shapes:
//           - small (at most kSmallLimit entries, how a fleet site's own
//             scheduler lives: ~10 pending events): a sorted array, latest
//             first, so the next event is the last entry — popping it is
//             O(1) and scheduling is a short scan and a memmove of a few
//             cache lines, several times cheaper than sifting a heap;
//           - large (after it outgrows that): a 4-ary min-heap whose four
//             children share a cache line. It turns back into a small array
//             when it empties.
//   slots   callbacks live out of the heap in a chunked slab of 64-byte slots
//           (a 56-byte Callback + generation + state/free-list link: one cache
//           line, so running an event touches one line outside the heap);
//           chunks never move, so a callback runs in place while it schedules
//           more. Chunk k holds 16 * 2^k slots (16, 32, 64, ...), so a
//           scheduler with a dozen pending events costs about 1 KB of slab and
//           a fleet can own one scheduler per site (see SchedulerGroup). Each
//           slot has a generation counter so an EventHandle {slot, generation}
//           goes stale as soon as its event runs or is cancelled.
//   posted_ events due now that no one can cancel (post(): a link's
//           zero-latency delivery): a first-in-first-out queue beside the
//           heap, each {callback, seq}, in blocks that never move, so a
//           posted callback also runs in place (see posted_queue.hpp). They
//           take no slot, no handle and no heap entry.
//           They keep the one order rule: a posted event is due now with
//           the next sequence number, so it runs after every event already
//           due now and before any scheduled later.
//   Nothing is allocated until the first event is scheduled; the array starts
//   at 8 entries and doubles.
//   No allocation per event once the heap and slab have grown to the peak
//   number of pending events (amortised vector growth only), provided the
//   callback fits Callback's inline storage.
//
// Complexity (n = entries in the heap, including cancelled ones not yet
// skipped; always < 2 * pending() + 64):
//   | operation          | cost                                                   |
//   | ------------------ | ------------------------------------------------------ |
//   | schedule_at/after  | O(log4 n) sift-up (small: O(n), n <= 32); O(1)         |
//   |                    | amortised slot allocation                              |
//   | post               | O(1) amortised                                         |
//   | step               | O(log4 n) sift-down (small: O(1))                      |
//   | cancel             | O(1) mark dead; dead entries are skipped lazily when   |
//   |                    | they reach the top (O(log4 n) each), and the heap is   |
//   |                    | rebuilt in O(n) when dead entries outnumber live ones  |
//   | next_event_time    | O(1) (the top is always a live event)                  |
//   | pending            | O(1)                                                   |
//
// Rules:
//   - Scheduling in the past is clamped to now(): the event runs after the
//     events already due now (documented choice: deterministic and harmless,
//     so devices may schedule "at t" from stale computations).
//   - cancel() returns false for a stale or invalid handle, an event that has
//     run, is running, or was already cancelled. It is safe from inside an
//     event (including cancelling events due at the same time).
//   - step/run_* must not be called from inside an event (asserted).
//   - Capacity: at most 2^24 (16.7M) events in the heap at once (throws
//     std::length_error beyond); sequence numbers are renumbered transparently
//     every 2^40 schedules.
//   - Not thread-safe: one Scheduler per thread (a fleet gives each thread its
//     own scheduler and streams).
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "sim/callback.hpp"
#include "sim/posted_queue.hpp"
#include "sim/time.hpp"

namespace lockstep::sim {

// Identifies one scheduled event. Default-constructed: invalid.
struct EventHandle {
  uint32_t slot = 0;
  uint32_t generation = 0;  // 0 never names an event

  bool valid() const { return generation != 0; }
  bool operator==(const EventHandle&) const = default;
};

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Time now() const { return now_; }

  EventHandle schedule_at(Time t, Callback cb) {
    const uint32_t slot = allocate_slot();
    slot_at(slot).cb = std::move(cb);
    return enqueue(t, slot);
  }
  // The same for a callable a Callback takes, built straight into the
  // event's slot (no Callback in between).
  template <class F>
  requires Callback::accepts<F> EventHandle schedule_at(Time t, F&& f) {
    const uint32_t slot = allocate_slot();
    try {
      slot_at(slot).cb.emplace_empty(std::forward<F>(f));  // a free slot's is
    } catch (...) {  // a callable too big to keep inline: its allocation failed
      release_slot(slot);
      throw;
    }
    return enqueue(t, slot);
  }
  template <class F>
  EventHandle schedule_after(Duration d, F&& f) {
    return schedule_at(saturating_add(now_, d), std::forward<F>(f));
  }
  // Runs f (any callable a Callback takes) at now(), after every event
  // already due now: what schedule_at(now(), f) does, for less, and with no
  // handle — a posted event cannot be cancelled. Links deliver zero-latency
  // messages this way. f is built straight into the queue.
  template <class F>
  void post(F&& f) {
    if (next_seq_ == kMaxSeq) renumber();
    posted_.push(std::forward<F>(f), next_seq_++);
  }
  bool cancel(EventHandle h);
  // True if h names an event that has neither run nor been cancelled.
  bool is_pending(EventHandle h) const;

  // Runs the next event (advancing now() to its time); false if none.
  bool step();
  // Runs every event with time <= t, then sets now() = t (if t > now()).
  void run_until(Time t);
  void run_for(Duration d) { run_until(saturating_add(now_, d)); }
  // Runs until no event is pending. now() stays at the last event's time.
  void run_until_idle();
  // Runs every event with time <= t; unlike run_until, now() stays at the
  // last event's time (a SchedulerGroup runs a member up to the next
  // member's event this way).
  void run_through(Time t);
  // Makes the current run_until / run_for / run_until_idle return after the
  // event that is running (now() then stays at that event's time).
  void stop() { stop_requested_ = true; }

  std::optional<Time> next_event_time() const;
  uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return heap_.size() - cancelled_in_heap_ + posted_.size(); }

  // Pre-sizes the heap and slab for n pending events.
  void reserve(std::size_t n);

 private:
  struct Entry {
    int64_t time;
    uint64_t seq_slot;
  };
  // Never less than a real entry (real seq_slot values are < 2^64 - 1).
  static constexpr Entry kSentinel{INT64_MAX, UINT64_MAX};

  // The heap's storage: entry 1 starts a 64-byte line, so the four children
  // of any node (4i+1 .. 4i+4) share one cache line; and the three entries
  // after the last are always kSentinel, so every node with a child has a
  // full group of four to compare (no partial-group case on the hot path).
  class EntryArray {
   public:
    EntryArray() = default;
    ~EntryArray();
    EntryArray(const EntryArray&) = delete;
    EntryArray& operator=(const EntryArray&) = delete;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Entry* data() { return data_; }
    Entry* begin() { return data_; }
    Entry* end() { return data_ + size_; }
    Entry& operator[](std::size_t i) { return data_[i]; }
    const Entry& operator[](std::size_t i) const { return data_[i]; }
    Entry& back() { return data_[size_ - 1]; }
    void pop_back() { data_[--size_] = kSentinel; }
    std::size_t capacity() const { return capacity_; }
    void push_back(Entry e) {
      if (size_ == capacity_) grow(size_ + 1);
      data_[size_++] = e;
      data_[size_ + 2] = kSentinel;
    }
    // The small shape's own push and pop: a sorted array does not read past
    // its last entry, so they leave the sentinels alone; seal() writes them
    // before the array becomes a heap.
    void append(Entry e) {
      if (size_ == capacity_) grow(size_ + 1);
      data_[size_++] = e;
    }
    void drop_back() { --size_; }
    void seal() {
      for (std::size_t i = size_; i < size_ + 3; ++i)
        data_[i] = kSentinel;
    }
    void shrink_to(std::size_t n) {
      for (std::size_t i = n; i < size_; ++i)
        data_[i] = kSentinel;
      size_ = n;
    }
    void reserve(std::size_t n) {
      if (n > capacity_) grow(n);
    }

   private:
    void grow(std::size_t at_least);
    void* raw_ = nullptr;
    Entry* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;  // real entries; 3 sentinel entries follow
  };

  enum SlotState : uint32_t { kFree = 0, kPending = 1, kRunning = 2, kCancelled = 3 };
  struct alignas(64) Slot {
    Callback cb;
    uint32_t generation = 1;
    uint32_t link = 0;  // state << 24 | next free slot

    SlotState state() const { return static_cast<SlotState>(link >> 24); }
    void set_state(SlotState st) { link = (link & 0xffffffu) | (uint32_t{st} << 24); }
  };
  static_assert(sizeof(Slot) == 64);

  static constexpr unsigned kSlotBits = 24;
  static constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;
  static constexpr uint64_t kMaxSeq = uint64_t{1} << (64 - kSlotBits);
  // Chunk k holds kFirstChunk << k slots; slot s lives in chunk
  // bit_width(s + kFirstChunk) - kFirstChunkBits - 1.
  static constexpr unsigned kFirstChunkBits = 4;
  static constexpr uint32_t kFirstChunk = uint32_t{1} << kFirstChunkBits;
  static constexpr uint32_t kNoSlot = 0xffffffu;

  static bool less(const Entry& a, const Entry& b) {
    __extension__ using u128 = unsigned __int128;
    return ((static_cast<u128>(static_cast<uint64_t>(a.time)) << 64) | a.seq_slot) <
           ((static_cast<u128>(static_cast<uint64_t>(b.time)) << 64) | b.seq_slot);
  }
  static std::size_t chunk_of(uint32_t slot) {
    return static_cast<std::size_t>(std::bit_width(slot + kFirstChunk)) - kFirstChunkBits - 1;
  }
  static uint32_t offset_in_chunk(uint32_t slot, std::size_t chunk) {
    return slot + kFirstChunk - (kFirstChunk << chunk);
  }
  static uint32_t slots_before_chunk(std::size_t chunk) {
    return (kFirstChunk << chunk) - kFirstChunk;
  }
  // The first chunk is reached directly: freed slots are reused before new
  // ones, so no slot index exceeds the peak number of pending events, and a
  // scheduler with at most 16 (a fleet site's) never leaves the first chunk.
  Slot& slot_at(uint32_t slot) {
    if (slot < kFirstChunk) [[likely]]
      return first_chunk_[slot];
    const std::size_t c = chunk_of(slot);
    return chunks_[c][offset_in_chunk(slot, c)];
  }
  const Slot& slot_at(uint32_t slot) const {
    if (slot < kFirstChunk) [[likely]]
      return first_chunk_[slot];
    const std::size_t c = chunk_of(slot);
    return chunks_[c][offset_in_chunk(slot, c)];
  }
  void add_chunk();
  // A free slot (a freed one first), not yet pending: enqueue() makes it so.
  uint32_t allocate_slot() {
    if (free_head_ != kNoSlot) {
      const uint32_t s = free_head_;
      free_head_ = slot_at(s).link & 0xffffffu;
      return s;
    }
    return new_slot();
  }
  uint32_t new_slot();
  void release_slot(uint32_t slot) {
    slot_at(slot).link = (uint32_t{kFree} << 24) | free_head_;
    free_head_ = slot;
  }
  // Schedules the slot's callback at t.
  EventHandle enqueue(Time t, uint32_t slot);
  static void bump_generation(Slot& m) {
    if (++m.generation == 0) m.generation = 1;
  }

  // The pending entries in either shape (see Layout): the next one, its
  // removal, an insertion.
  const Entry& top() const { return small_ ? heap_[heap_.size() - 1] : heap_[0]; }
  void pop_top();
  void push(Entry e);
  static constexpr std::size_t kSmallLimit = 32;

  void heap_push(Entry e);
  void heap_pop();
  void sift_down(std::size_t i, Entry e);
  static std::size_t min_of_four(const Entry* h, std::size_t c);
  void drop_cancelled_top();
  void compact();
  void renumber();
  friend struct SchedulerTestPeer;  // tests force sequence renumbering

  bool has_posted() const { return !posted_.empty(); }
  // The first posted event runs before the heap's top (both are due now, so
  // the sequence numbers decide).
  bool posted_first() const {
    return heap_.empty() || top().time != now_.us() ||
           (top().seq_slot >> kSlotBits) > posted_.front().seq;
  }
  void run_posted();
  // Runs the next event if it is due at or before `limit`; false if none is.
  bool run_next(int64_t limit);
  static constexpr int64_t kNoLimit = INT64_MAX;
  void run_loop(int64_t limit);

  EntryArray heap_;
  bool small_ = true;   // heap_ is a sorted array, latest first (see Layout)
  PostedQueue posted_;  // all due at now()
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  Slot* first_chunk_ = nullptr;  // chunks_[0], once it exists
  uint32_t slot_count_ = 0;
  uint32_t free_head_ = kNoSlot;
  std::size_t cancelled_in_heap_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t executed_ = 0;
  Time now_ = Time::zero();
  bool running_ = false;
  bool stop_requested_ = false;
};

}  // namespace lockstep::sim
