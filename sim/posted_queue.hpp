// PostedQueue: the scheduler's first-in-first-out queue of posted events
// (Scheduler::post), each a Callback and its sequence number.
//
// Entries live in blocks of 16 that never move, so the scheduler runs the
// front event's callback where it lies, even while that callback posts more:
// take() removes the front entry from the queue and hands it out; its storage
// stays valid until release(), called once the callback has returned. Blocks
// whose entries have all been released are reused, so a queue holds about its
// peak length in blocks and allocates nothing once warm, and a queue that
// never empties (each event posting the next) does not grow.
//
// At most one entry is taken at a time (the scheduler runs one event at a
// time). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "sim/callback.hpp"

namespace lockstep::sim {

class PostedQueue {
 public:
  struct Entry {
    Callback cb;
    uint64_t seq = 0;
  };

  PostedQueue() = default;
  ~PostedQueue();
  PostedQueue(const PostedQueue&) = delete;
  PostedQueue& operator=(const PostedQueue&) = delete;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The entry take() would hand out. The queue must not be empty.
  const Entry& front() const { return *head_; }

  // Appends f (any callable a Callback takes), built in place. If building
  // it throws, the queue is as it was.
  template <class F>
  void push(F&& f, uint64_t seq) {
    if (tail_ == tail_end_) add_block();
    tail_->cb.emplace_empty(std::forward<F>(f));  // released entries are empty
    tail_->seq = seq;
    ++tail_;
    ++size_;
  }

  // Removes the front entry (the queue must not be empty) and returns it; it
  // stays where it is until release(e).
  Entry& take() {
    Entry& e = *head_++;
    --size_;
    // Keep head_ on a readable entry: past its block's end it moves to the
    // next block, if the queue goes on there.
    if (head_ == head_block_->entries + kBlockEntries && head_block_->next != nullptr) {
      head_block_ = head_block_->next;
      head_ = head_block_->entries;
    }
    return e;
  }
  // Destroys the taken entry's callback and reuses the blocks it and every
  // earlier entry have left.
  void release(Entry& e) noexcept {
    e.cb.reset();
    if (first_ != head_block_) {
      tidy();
    } else if (size_ == 0) {
      // Empty within one block (the usual case: one delivery posted, run):
      // start again at its front.
      head_ = first_->entries;
      tail_ = head_;
    }
  }

  // Visits every entry, front to back (the scheduler renumbers them).
  template <class Fn>
  void for_each(Fn&& fn) {
    Block* b = head_block_;
    Entry* p = head_;
    for (std::size_t n = size_; n > 0; --n) {
      if (p == b->entries + kBlockEntries) {
        b = b->next;
        p = b->entries;
      }
      fn(*p++);
    }
  }

 private:
  static constexpr std::size_t kBlockEntries = 16;
  struct Block {
    Entry entries[kBlockEntries];
    Block* next = nullptr;
  };
  void add_block();
  // After a release: hands the blocks left behind to spare_, and starts an
  // empty queue again at the front of its block.
  void tidy() noexcept;
  static void free_list(Block* b) noexcept;

  // The blocks in use form a list first_ -> ... -> last_: first_ holds the
  // oldest entry not yet released (a taken one, or the front), head_block_
  // the front, last_ the entry push() fills next.
  Block* first_ = nullptr;
  Block* head_block_ = nullptr;
  Block* last_ = nullptr;
  Block* spare_ = nullptr;  // released blocks, for reuse
  Entry* head_ = nullptr;
  Entry* tail_ = nullptr;
  Entry* tail_end_ = nullptr;  // the end of last_'s entries
  std::size_t size_ = 0;
};

}  // namespace lockstep::sim
