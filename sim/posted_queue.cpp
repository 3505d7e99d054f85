#include "sim/posted_queue.hpp"

namespace lockstep::sim {

PostedQueue::~PostedQueue() {
  free_list(first_);
  free_list(spare_);
}

void PostedQueue::free_list(Block* b) noexcept {
  while (b != nullptr) {
    Block* next = b->next;
    delete b;
    b = next;
  }
}

void PostedQueue::add_block() {
  Block* b = spare_;
  if (b != nullptr) {
    spare_ = b->next;
    b->next = nullptr;
  } else {
    b = new Block;
  }
  if (last_ == nullptr) {
    first_ = b;
    head_block_ = b;
  } else {
    last_->next = b;
  }
  last_ = b;
  tail_ = b->entries;
  tail_end_ = tail_ + kBlockEntries;
  if (size_ == 0) {  // the front will be the entry about to be pushed
    head_block_ = b;
    head_ = tail_;
  }
}

void PostedQueue::tidy() noexcept {
  // Every block before the front's has been read to the end and released.
  while (first_ != head_block_) {
    Block* b = first_;
    first_ = b->next;
    b->next = spare_;
    spare_ = b;
  }
  if (size_ == 0) {
    // Empty: the next push starts again at the front of the one block left.
    head_ = first_->entries;
    tail_ = head_;
  }
}

}  // namespace lockstep::sim
