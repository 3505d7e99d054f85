#include "core/access_code.hpp"

#include <string>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

TEST(ConstantTimeEqual, EqualOnlyWhenEveryByteAndTheLengthMatch) {
  // Every length from 0 to 20 (the 8-, 4- and 1-byte steps and their mixes),
  // a difference at every position, and every proper prefix.
  for (std::size_t n = 0; n <= 20; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i)
      a.push_back(static_cast<char>('0' + (i * 7) % 10));
    EXPECT_TRUE(constant_time_equal(a, std::string(a))) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = static_cast<char>(b[i] ^ 0x01);
      EXPECT_FALSE(constant_time_equal(a, b)) << n << " differs at " << i;
      b[i] = static_cast<char>(a[i] ^ 0x80);  // the high bit counts too
      EXPECT_FALSE(constant_time_equal(a, b)) << n << " high bit at " << i;
    }
    for (std::size_t k = 0; k < n; ++k) {
      EXPECT_FALSE(constant_time_equal(a, a.substr(0, k))) << n << " vs prefix " << k;
      EXPECT_FALSE(constant_time_equal(a.substr(0, k), a)) << n << " prefix " << k << " first";
    }
  }
  // A longer string padded with NUL bytes still differs by its length.
  EXPECT_FALSE(constant_time_equal(std::string("1234"), std::string("1234\0", 5)));
  EXPECT_TRUE(AccessCode("4812") == AccessCode("4812"));
  EXPECT_FALSE(AccessCode("4812") == AccessCode("48120"));
}

}  // namespace
}  // namespace lockstep::core
