#include "gui/layout.hpp"

#include <tuple>

#include <gtest/gtest.h>

namespace lockstep::gui {
namespace {

float area(const Rect& r) {
  return r.width() * r.height();
}

bool overlap(const Rect& a, const Rect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

class TiledLayout : public ::testing::TestWithParam<std::tuple<float, float, bool>> {};

TEST_P(TiledLayout, CoversTheScreenExactlyWithoutOverlap) {
  const auto [w, h, scenario] = GetParam();
  const auto tiles = tiled_layout(w, h, 64.0f, scenario);
  float total = 0;
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    const Rect& r = tiles[i];
    EXPECT_GE(r.x0, 0.0f) << window_title(static_cast<WindowId>(i));
    EXPECT_GE(r.y0, 0.0f);
    EXPECT_LE(r.x1, w);
    EXPECT_LE(r.y1, h);
    EXPECT_GT(r.width(), 0.0f) << window_title(static_cast<WindowId>(i));
    EXPECT_GT(r.height(), 0.0f) << window_title(static_cast<WindowId>(i));
    total += area(r);
    for (std::size_t j = i + 1; j < tiles.size(); ++j) {
      EXPECT_FALSE(overlap(r, tiles[j])) << window_title(static_cast<WindowId>(i)) << " and "
                                         << window_title(static_cast<WindowId>(j));
    }
  }
  EXPECT_FLOAT_EQ(total, w * h);
}

INSTANTIATE_TEST_SUITE_P(ScreenSizes, TiledLayout,
                         ::testing::Combine(::testing::Values(1600.0f, 1920.0f, 1280.0f, 1024.0f),
                                            ::testing::Values(1000.0f, 1080.0f, 720.0f, 768.0f),
                                            ::testing::Bool()));

TEST(TiledLayoutShape, TheTimeToolbarSpansTheTopAndTheAppIsPhoneShaped) {
  const auto tiles = tiled_layout(1600, 1000, 64);
  const Rect& time = tiles[static_cast<std::size_t>(WindowId::time_control)];
  EXPECT_EQ(time, (Rect{0, 0, 1600, 64}));
  const Rect& app = tiles[static_cast<std::size_t>(WindowId::app)];
  EXPECT_GE(app.width(), 320.0f);
  EXPECT_LE(app.width(), 400.0f);
  EXPECT_GT(app.height(), app.width() * 1.5f);
}

TEST(TiledLayoutShape, APlayedScenarioSpansTheWebsiteAndTheAppForItsCaptions) {
  const auto plain = tiled_layout(1600, 1000, 64);
  const auto tiles = tiled_layout(1600, 1000, 64, true);
  const auto at = [](const auto& t, WindowId id) { return t[static_cast<std::size_t>(id)]; };
  const Rect player = at(tiles, WindowId::scenario_player);
  EXPECT_EQ(player.x0, 0.0f);
  EXPECT_EQ(player.x1, at(tiles, WindowId::app).x1);
  EXPECT_GT(player.height(), at(plain, WindowId::scenario_player).height());
  EXPECT_EQ(at(tiles, WindowId::app).width(), at(plain, WindowId::app).width());
}

}  // namespace
}  // namespace lockstep::gui
