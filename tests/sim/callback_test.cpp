#include "sim/callback.hpp"

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

TEST(Callback, DefaultIsEmptyAndALambdaIsNot) {
  Callback empty;
  EXPECT_FALSE(empty);
  int n = 0;
  Callback cb([&n] { ++n; });
  ASSERT_TRUE(cb);
  cb();
  cb();
  EXPECT_EQ(n, 2);
}

TEST(Callback, TypicalCapturesFitInline) {
  struct Six {
    void* p[6];
  };
  auto small = [p = static_cast<int*>(nullptr), v = std::vector<uint8_t>{}, t = int64_t{0}] {
    (void)p;
    (void)v;
    (void)t;
  };
  static_assert(Callback::fits_inline<decltype(small)>);
  static_assert(Callback::fits_inline<Six>);
  auto big = [a = std::array<char, 100>{}] { (void)a; };
  static_assert(!Callback::fits_inline<decltype(big)>);
}

TEST(Callback, MoveOnlyCapturesWorkAndAreDestroyedOnce) {
  auto counter = std::make_shared<int>(0);
  {
    auto p = std::make_unique<int>(41);
    Callback a([p = std::move(p), counter] { *counter += *p + 1; });
    EXPECT_EQ(counter.use_count(), 2);
    Callback b(std::move(a));
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
    b();
    EXPECT_EQ(*counter, 42);
    Callback c;
    c = std::move(b);
    c();
    EXPECT_EQ(*counter, 84);
    EXPECT_EQ(counter.use_count(), 2);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Callback, OversizedCapturesGoToTheHeapAndStillWork) {
  auto counter = std::make_shared<int>(0);
  std::array<int, 64> big{};
  big[63] = 5;
  {
    Callback a([big, counter] { *counter += big[63]; });
    Callback b = std::move(a);
    b();
    EXPECT_EQ(*counter, 5);
    EXPECT_EQ(counter.use_count(), 2);
    b.reset();
    EXPECT_EQ(counter.use_count(), 1);
    EXPECT_FALSE(b);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Callback, ReassigningDestroysThePreviousCallable) {
  auto first = std::make_shared<int>(0);
  auto second = std::make_shared<int>(0);
  Callback cb([first] {});
  EXPECT_EQ(first.use_count(), 2);
  cb = Callback([second] {});
  EXPECT_EQ(first.use_count(), 1);
  EXPECT_EQ(second.use_count(), 2);
  cb = nullptr;
  EXPECT_EQ(second.use_count(), 1);
}

}  // namespace
}  // namespace lockstep::sim
