// The seams between a device and the world around it. Each is a small
// interface so a test can put a GoogleMock in its place and exercise one
// device alone; a Site wires the real ones (links on the kernel).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <stdexcept>

namespace lockstep::devices {

// Bytes on the panel <-> lock radio (see zwave.hpp for their layout), kept
// inline: a frame is a 32-byte value, so sending one allocates nothing and a
// link's delivery event holds it in the scheduler's slot. At most kCapacity
// bytes (the longest frame the protocol here writes is 14 bytes; a Z-Wave
// payload is at most 46): adding more throws std::length_error.
// A sequence of bytes like std::vector<std::uint8_t> (begin/end, size,
// push_back, insert at the end, ==); it converts to std::span.
class Frame {
 public:
  static constexpr std::size_t kCapacity = 31;
  using value_type = std::uint8_t;
  using size_type = std::size_t;
  using reference = std::uint8_t&;
  using const_reference = const std::uint8_t&;
  using iterator = std::uint8_t*;
  using const_iterator = const std::uint8_t*;

  Frame() = default;
  Frame(std::initializer_list<std::uint8_t> bytes) { append(bytes.begin(), bytes.end()); }
  template <std::input_iterator It>
  Frame(It first, It last) {
    append(first, last);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint8_t* data() { return bytes_; }
  const std::uint8_t* data() const { return bytes_; }
  iterator begin() { return bytes_; }
  iterator end() { return bytes_ + size_; }
  const_iterator begin() const { return bytes_; }
  const_iterator end() const { return bytes_ + size_; }
  std::uint8_t& operator[](std::size_t i) { return bytes_[i]; }
  std::uint8_t operator[](std::size_t i) const { return bytes_[i]; }
  std::uint8_t& back() { return bytes_[size_ - 1]; }

  void clear() { size_ = 0; }
  template <std::input_iterator It>
  void assign(It first, It last) {
    clear();
    append(first, last);
  }
  void push_back(std::uint8_t b) {
    if (size_ == kCapacity) too_long();
    bytes_[size_++] = b;
  }
  // Appends [first, last); `at` must be end() (frames only grow at the end).
  template <std::input_iterator It>
  void insert(const_iterator at, It first, It last) {
    if (at != end()) throw std::invalid_argument("Frame: insert only at the end");
    append(first, last);
  }

  void insert(const_iterator at, std::initializer_list<std::uint8_t> bytes) {
    insert(at, bytes.begin(), bytes.end());
  }

  friend bool operator==(const Frame& a, const Frame& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  // All or nothing: a run that does not fit throws before a byte is added.
  // Ranges of known length (every frame the protocol builds) are checked
  // once, not byte by byte.
  template <class It>
  void append(It first, It last) {
    if constexpr (std::random_access_iterator<It>) {
      const auto n = static_cast<std::size_t>(last - first);
      if (n > kCapacity - size_) too_long();
      for (std::size_t i = 0; i < n; ++i)
        bytes_[size_ + i] = static_cast<std::uint8_t>(first[i]);
      size_ = static_cast<std::uint8_t>(size_ + n);
    } else {
      Frame grown = *this;
      for (; first != last; ++first)
        grown.push_back(static_cast<std::uint8_t>(*first));
      *this = grown;
    }
  }
  [[noreturn]] static void too_long() {
    throw std::length_error("Frame: a radio frame holds at most 31 bytes");
  }

  std::uint8_t size_ = 0;
  std::uint8_t bytes_[kCapacity] = {};
};
static_assert(sizeof(Frame) == 32);

// One direction of a channel. send() hands the message over; whether, when
// and in which order it arrives is the channel's business (sim::Link).
// Taken as an rvalue: the message is moved once, where the channel keeps it,
// not copied into each by-value parameter on the way (a sender that keeps its
// own copy passes one: send(Message(kept))).
template <class Message>
class Port {
 public:
  virtual ~Port() = default;
  virtual void send(Message&& message) = 0;
};

using FramePort = Port<Frame>;

}  // namespace lockstep::devices
