#include "gui/format.hpp"

#include <algorithm>
#include <cctype>

namespace lockstep::gui {

std::string masked(std::size_t length) {
  return std::string(length, '*');
}

std::string slots_text(std::size_t used, std::size_t total) {
  return std::to_string(used) + " / " + std::to_string(total);
}

std::string battery_text(int percent) {
  return std::to_string(std::clamp(percent, 0, 100)) + "%";
}

std::string chip_text(const SyncChip& chip) {
  return chip.device + ": " + std::string(to_string(chip.state));
}

namespace {

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [&](char a, char b) { return lower(a) == lower(b); });
  return it != hay.end();
}

bool keep(const TimelineRow& row, std::string_view filter, std::string_view thread) {
  return (thread.empty() || row.thread == thread) && row_matches(row, filter);
}

}  // namespace

bool row_matches(const TimelineRow& row, std::string_view filter) {
  return contains_ci(row.time, filter) || contains_ci(row.component, filter) ||
         contains_ci(row.kind, filter) || contains_ci(row.summary, filter) ||
         contains_ci(row.thread, filter);
}

std::vector<std::size_t> filter_timeline(const std::vector<TimelineRow>& rows,
                                         std::string_view filter, std::string_view thread) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (keep(rows[i], filter, thread)) out.push_back(i);
  return out;
}

void refresh_timeline_cache(const TimelineView& view, UiState& ui) {
  auto& cache = ui.timeline_cache;
  const bool same_query = cache.filter == ui.timeline_filter && cache.thread == ui.timeline_thread;
  if (same_query && cache.rows == view.rows.size()) return;
  if (same_query && cache.rows < view.rows.size()) {
    for (std::size_t i = cache.rows; i < view.rows.size(); ++i)
      if (keep(view.rows[i], cache.filter, cache.thread)) cache.visible.push_back(i);
  } else {
    cache.filter = ui.timeline_filter;
    cache.thread = ui.timeline_thread;
    cache.visible = filter_timeline(view.rows, cache.filter, cache.thread);
  }
  cache.rows = view.rows.size();
}

}  // namespace lockstep::gui
