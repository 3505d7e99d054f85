// Seeded randomness: one seed per run, one independent stream per component.
//
// Rng is xoshiro256** (Blackman & Vigna) seeded through splitmix64: fast (a few
// cycles per draw), 256 bits of state, and fully specified here, so draws are
// identical on every platform and standard library. It satisfies
// std::uniform_random_bit_generator, but prefer its own helpers (below,
// between, uniform01, chance): the std:: distributions are implementation
// defined and would make runs differ between standard libraries.
//
// RandomStreams hands each component its own Rng whose seed is
// splitmix64(run_seed ^ fnv1a64(name)): a stream depends only on the run seed
// and its own name, so adding a component (or drawing more from one) never
// changes what any other component draws.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace lockstep::sim {

// One step of splitmix64: a strong 64-bit mixer (also used to seed Rng).
constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a, 64-bit, over the bytes of s.
constexpr uint64_t fnv1a64(std::string_view s, uint64_t h = 0xcbf29ce484222325ULL) {
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Rng {
 public:
  using result_type = uint64_t;

  explicit Rng(uint64_t seed);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }
  result_type operator()() { return next(); }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n), unbiased (Lemire's multiply-and-reject). n == 0 returns 0
  // (and draws nothing). Inline: the fleet's drivers draw one per entry, and
  // the rejection step (below_rejecting) is reached with probability < n / 2^64.
  uint64_t below(uint64_t n) {
    if (n == 0) return 0;
    __extension__ using u128 = unsigned __int128;
    const u128 m = static_cast<u128>(next()) * n;
    if (static_cast<uint64_t>(m) < n) [[unlikely]]
      return below_rejecting(n, static_cast<uint64_t>(m), static_cast<uint64_t>(m >> 64));
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [lo, hi], both inclusive; requires lo <= hi (swapped otherwise).
  int64_t between(int64_t lo, int64_t hi);

  // True with probability p (p <= 0: never, p >= 1: always).
  bool chance(double p) {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return uniform01() < p;
  }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // below()'s rare step: the draw whose low half is `low` may be biased; keep
  // drawing while it is.
  uint64_t below_rejecting(uint64_t n, uint64_t low, uint64_t high);
  uint64_t s_[4];
};

class RandomStreams {
 public:
  explicit RandomStreams(uint64_t run_seed) : seed_(run_seed) {}

  // The stream for one component; the same name always gives the same stream.
  Rng stream(std::string_view component_name) const;
  // The seed that stream(component_name) uses.
  uint64_t stream_seed(std::string_view component_name) const;
  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
};

// The seed of repetition `index` of a run seeded with `base` (for --repeat K).
// derive_seed(base, 0) != base, so repetition 0 is also a fresh seed; use base
// itself for the first run if you want "--repeat 1" to equal a plain run.
uint64_t derive_seed(uint64_t base, uint64_t index);

}  // namespace lockstep::sim
