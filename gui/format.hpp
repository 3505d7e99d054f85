// Pure helpers of the drawing code: masking, short texts, timeline
// filtering. No ImGui; unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gui/ui_state.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

// What a masked field shows for `length` typed characters: one '*' each.
std::string masked(std::size_t length);
// What a lock slot shows for a stored code: always four stars, whatever the
// code's length (the length is a secret too).
inline constexpr std::string_view kSlotCodeMask = "****";

std::string slots_text(std::size_t used, std::size_t total);  // "3 / 30"
std::string battery_text(int percent);                        // "87%"
// "Front Door: pending"
std::string chip_text(const SyncChip& chip);

// Case-insensitive substring match over every column of a row; an empty
// filter matches everything.
bool row_matches(const TimelineRow& row, std::string_view filter);

// The indices of the rows to show: matching `filter`, and in `thread` unless
// it is empty.
std::vector<std::size_t> filter_timeline(const std::vector<TimelineRow>& rows,
                                         std::string_view filter, std::string_view thread);

// Brings ui.timeline_cache up to date with the view and ui's filter and
// thread: recomputed when those changed, extended when rows were appended.
void refresh_timeline_cache(const TimelineView& view, UiState& ui);

}  // namespace lockstep::gui
