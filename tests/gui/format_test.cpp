#include "gui/format.hpp"

#include <gtest/gtest.h>

namespace lockstep::gui {
namespace {

TEST(Masking, AMaskedFieldShowsOneStarPerTypedDigit) {
  EXPECT_EQ(masked(0), "");
  EXPECT_EQ(masked(4), "****");
  EXPECT_EQ(masked(6), "******");
}

TEST(Masking, ALockSlotAlwaysShowsFourStarsWhateverTheCodeLength) {
  EXPECT_EQ(kSlotCodeMask, "****");
}

TEST(ShortTexts, SlotsBatteryAndChips) {
  EXPECT_EQ(slots_text(3, 30), "3 / 30");
  EXPECT_EQ(battery_text(87), "87%");
  EXPECT_EQ(battery_text(140), "100%");
  EXPECT_EQ(battery_text(-3), "0%");
  EXPECT_EQ(chip_text({"Front Door", SyncState::pending, "sent, waiting for panel"}),
            "Front Door: pending");
}

std::vector<TimelineRow> trace() {
  return {
      {"00:00:01.000", "website", "edit_accepted", "Taylor Brooks saved", "edit 1"},
      {"00:02:10.500", "panel", "edit_applied", "Taylor Brooks", "edit 1"},
      {"00:02:13.000", "Front Door", "slot_set", "slot 4 ****", "edit 1"},
      {"00:05:00.000", "panel", "partition_changed", "House: Armed Away", ""},
      {"00:06:00.000", "website", "edit_accepted", "Sam Chen saved", "edit 2"},
  };
}

TEST(TimelineFilter, MatchesAnyColumnIgnoringCase) {
  const auto rows = trace();
  EXPECT_EQ(filter_timeline(rows, "", ""), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(filter_timeline(rows, "PANEL", ""), (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(filter_timeline(rows, "front door", ""), (std::vector<std::size_t>{2}));
  EXPECT_EQ(filter_timeline(rows, "armed", ""), (std::vector<std::size_t>{3}));
  EXPECT_EQ(filter_timeline(rows, "nothing like this", ""), std::vector<std::size_t>{});
}

TEST(TimelineFilter, FollowingAnEditShowsOnlyItsRowsFromWebsiteToLock) {
  const auto rows = trace();
  EXPECT_EQ(filter_timeline(rows, "", "edit 1"), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(filter_timeline(rows, "panel", "edit 1"), (std::vector<std::size_t>{1}));
}

TEST(TimelineCache, ExtendsWhenRowsAreAppendedAndRecomputesWhenTheFilterChanges) {
  TimelineView view;
  view.rows = trace();
  UiState ui;
  ui.timeline_filter = "website";
  refresh_timeline_cache(view, ui);
  EXPECT_EQ(ui.timeline_cache.visible, (std::vector<std::size_t>{0, 4}));

  view.rows.push_back({"00:07:00.000", "website", "log_in", "alex", ""});
  refresh_timeline_cache(view, ui);
  EXPECT_EQ(ui.timeline_cache.visible, (std::vector<std::size_t>{0, 4, 5}));

  ui.timeline_filter.clear();
  ui.timeline_thread = "edit 2";
  refresh_timeline_cache(view, ui);
  EXPECT_EQ(ui.timeline_cache.visible, (std::vector<std::size_t>{4}));

  view.rows.resize(2);  // a new run: fewer rows
  ui.timeline_thread.clear();
  refresh_timeline_cache(view, ui);
  EXPECT_EQ(ui.timeline_cache.visible, (std::vector<std::size_t>{0, 1}));
}

TEST(HitMapIds, FindsWhatWasRecordedAndListsIdsSorted) {
  HitMap hits;
  hits.record("Website/Users", Rect{10, 20, 60, 40});
  hits.record("App/Menu", Rect{0, 0, 5, 5});
  ASSERT_TRUE(hits.find("Website/Users"));
  EXPECT_FLOAT_EQ(hits.find("Website/Users")->center_x(), 35.0f);
  EXPECT_FALSE(hits.find("Website/Nothing"));
  EXPECT_EQ(hits.ids(), (std::vector<std::string>{"App/Menu", "Website/Users"}));
}

}  // namespace
}  // namespace lockstep::gui
