#include "sim/random.hpp"

namespace lockstep::sim {

Rng::Rng(uint64_t seed) {
  uint64_t sm = seed;
  for (uint64_t& s : s_)
    s = splitmix64(sm);
}

uint64_t Rng::below_rejecting(uint64_t n, uint64_t low, uint64_t high) {
  __extension__ using u128 = unsigned __int128;
  const uint64_t threshold = (0 - n) % n;
  while (low < threshold) {
    const u128 m = static_cast<u128>(next()) * n;
    low = static_cast<uint64_t>(m);
    high = static_cast<uint64_t>(m >> 64);
  }
  return high;
}

int64_t Rng::between(int64_t lo, int64_t hi) {
  if (lo > hi) {
    const int64_t t = lo;
    lo = hi;
    hi = t;
  }
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == std::numeric_limits<uint64_t>::max()) return static_cast<int64_t>(next());
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + below(span + 1));
}

uint64_t RandomStreams::stream_seed(std::string_view component_name) const {
  uint64_t state = seed_ ^ fnv1a64(component_name);
  return splitmix64(state);
}

Rng RandomStreams::stream(std::string_view component_name) const {
  return Rng(stream_seed(component_name));
}

uint64_t derive_seed(uint64_t base, uint64_t index) {
  uint64_t a = index;
  uint64_t state = base ^ splitmix64(a);
  return splitmix64(state);
}

}  // namespace lockstep::sim
