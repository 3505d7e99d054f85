// A row of on/off switches whose length is fixed at run time: one per
// partition, or one per lock, of a system (core::Grants holds two).
//
// The first 64 switches live in one inline word, so the systems that exist in
// practice (a handful of partitions, a few locks) copy, compare and test their
// grants without touching the heap. A bigger system (a 1,000-lock fleet world
// in the GUI) keeps the switches past 64 in a vector, so there is no fixed
// limit on the number of partitions or locks.
//
// Invariant: every bit at or past size() is zero, and the vector holds exactly
// the words past the first that size() needs; equality is therefore plain
// member-wise equality.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <vector>

namespace lockstep::core {

class Toggles {
 public:
  Toggles() = default;
  // `count` switches, all on or all off. (Parentheses, not braces.)
  explicit Toggles(std::size_t count, bool on) { assign(count, on); }
  // Toggles::of({true, false, true}): one switch per value, in order.
  static Toggles of(std::initializer_list<bool> values) {
    Toggles out(values.size(), false);
    std::size_t i = 0;
    for (const bool v : values)
      out.set(i++, v);
    return out;
  }
  static Toggles of(const std::vector<bool>& values) {
    Toggles out(values.size(), false);
    for (std::size_t i = 0; i < values.size(); ++i)
      out.set(i, values[i]);
    return out;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Switch i; i < size().
  bool operator[](std::size_t i) const { return ((word(i) >> (i % kBits)) & 1U) != 0; }
  // Switch i, or false when there is no switch i.
  bool test(std::size_t i) const { return i < size_ && (*this)[i]; }
  // How many switches are on.
  std::size_t count() const;

  // Sets switch i; throws std::out_of_range when there is no switch i.
  void set(std::size_t i, bool on = true) {
    if (i >= size_) throw std::out_of_range("core::Toggles::set: no such switch");
    const std::uint64_t bit = std::uint64_t{1} << (i % kBits);
    std::uint64_t& w = word(i);
    w = on ? (w | bit) : (w & ~bit);
  }
  // `count` switches, all on or all off.
  void assign(std::size_t count, bool on);
  // Every switch on or off; the size stays.
  void fill(bool on) { assign(size_, on); }
  // Keeps the first min(size(), count) switches; new ones are `on`.
  void resize(std::size_t count, bool on = false);

  friend bool operator==(const Toggles&, const Toggles&) = default;

 private:
  static constexpr std::size_t kBits = 64;

  const std::uint64_t& word(std::size_t i) const {
    return i < kBits ? first_ : more_[i / kBits - 1];
  }
  std::uint64_t& word(std::size_t i) { return i < kBits ? first_ : more_[i / kBits - 1]; }
  // Clears the bits at or past size_ in the last word.
  void clear_tail();

  std::size_t size_ = 0;
  std::uint64_t first_ = 0;          // switches 0..63
  std::vector<std::uint64_t> more_;  // switches 64.., 64 per word; empty up to 64 switches
};

inline std::size_t Toggles::count() const {
  std::size_t n = 0;
  n += static_cast<std::size_t>(std::popcount(first_));
  for (const std::uint64_t w : more_)
    n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

inline void Toggles::assign(std::size_t count, bool on) {
  size_ = count;
  const std::uint64_t fill = on ? ~std::uint64_t{0} : 0;
  first_ = fill;
  more_.assign(count > kBits ? (count - 1) / kBits : 0, fill);
  clear_tail();
}

inline void Toggles::resize(std::size_t count, bool on) {
  const std::size_t old = size_;
  size_ = count;
  more_.resize(count > kBits ? (count - 1) / kBits : 0, 0);
  if (count > old && on) {
    for (std::size_t i = old; i < count; ++i)
      word(i) |= std::uint64_t{1} << (i % kBits);
  }
  clear_tail();
}

inline void Toggles::clear_tail() {
  if (size_ < kBits) first_ &= (std::uint64_t{1} << size_) - 1;
  if (!more_.empty() && size_ % kBits != 0) {
    more_.back() &= (std::uint64_t{1} << (size_ % kBits)) - 1;
  }
}

}  // namespace lockstep::core
