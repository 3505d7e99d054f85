// View-only state of the trainer GUI: what is shown and how (revealed
// fields, the selected timeline thread, filter text, which windows are open)
// and the hit map of the widgets drawn last frame. A plain struct, separate
// from the model and from the views; no ImGui or SDL include.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::gui {

// A rectangle in window pixels (y down).
struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  float center_x() const { return (x0 + x1) / 2; }
  float center_y() const { return (y0 + y1) / 2; }
  bool contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
  friend bool operator==(const Rect&, const Rect&) = default;
};

// Where each widget of the last frame was, keyed "<Window>/<label>":
// "Website/Users", "Website/First Name", "Website/toggle/Front Door",
// "Panel/Hall Keypad/1", "Lock Fleet/row/Back Door", "Time/10x".
// Drawing code records every widget a person can operate; the test driver
// clicks and types by these ids, as a person would by what they read.
class HitMap {
 public:
  void clear() { rects_.clear(); }
  void record(std::string id, Rect rect) { rects_[std::move(id)] = rect; }
  std::optional<Rect> find(std::string_view id) const;
  std::vector<std::string> ids() const;  // sorted; for test failure messages
  std::size_t size() const { return rects_.size(); }

 private:
  std::map<std::string, Rect, std::less<>> rects_;
};

// The windows of the GUI, in tiling order.
enum class WindowId : std::size_t {
  website,
  app,
  panel,
  lock_fleet,
  timeline,
  time_control,
  scenario_player,
  outbox,
};
inline constexpr std::size_t kWindowCount = 8;
std::string_view window_title(WindowId id);  // "Website", "Lock Fleet", ...

struct UiState {
  HitMap hits;  // rebuilt every frame

  // The eye next to Access Code: show the typed code in clear.
  bool reveal_website_code = false;
  bool reveal_app_code = false;

  // Timeline: substring filter (case-insensitive, over every column) and the
  // followed thread ("edit 7"; "" = none). The filtered row indices are
  // cached until the filter or the number of rows changes.
  std::string timeline_filter;
  std::string timeline_thread;
  bool timeline_follow_tail = true;
  struct TimelineCache {
    std::string filter;
    std::string thread;
    std::size_t rows = static_cast<std::size_t>(-1);
    std::vector<std::size_t> visible;
  } timeline_cache;

  // Lock fleet: the row chosen last (the controller also gets SelectLock).
  std::optional<std::size_t> selected_lock;

  // Scenario: the step the window last scrolled into view (1-based).
  std::size_t scenario_step_in_view = 0;

  // Frames drawn so far; the layout is applied on the first use only.
  std::size_t frame = 0;
};

}  // namespace lockstep::gui
