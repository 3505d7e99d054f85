#include "core/access_code.hpp"

namespace lockstep::core {

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walk the longer string in full whatever the contents; fold every
  // difference (and the length difference) into one accumulator.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

}  // namespace lockstep::core
