#include "gui/test_driver.hpp"

#include "gui/windows/windows.hpp"

namespace lockstep::gui {

TestDriver::TestDriver(AppShell& shell, Controller& controller, UiState& ui)
    : shell_(shell), controller_(controller), ui_(ui) {}

void TestDriver::one_frame(Image* capture) {
  std::vector<GuiAction> frame_actions;
  shell_.frame([&](float w, float h) { draw_all(controller_.views(), ui_, frame_actions, w, h); },
               capture);
  for (auto& a : frame_actions) {
    controller_.apply(a);
    actions_.push_back(std::move(a));
  }
}

void TestDriver::run_frames(int n) {
  for (int i = 0; i < n; ++i)
    one_frame(nullptr);
}

std::optional<Rect> TestDriver::find(std::string_view id) const {
  return ui_.hits.find(id);
}

bool TestDriver::click(std::string_view id) {
  auto rect = find(id);
  if (!rect) return false;
  shell_.push_mouse_move(rect->center_x(), rect->center_y());
  run_frames(1);  // hover
  // A window can settle by a frame (a scrollbar appears): aim again.
  rect = find(id);
  if (!rect) return false;
  const float x = rect->center_x();
  const float y = rect->center_y();
  shell_.push_mouse_move(x, y);
  run_frames(1);
  shell_.push_mouse_button(x, y, true);
  run_frames(1);  // press
  shell_.push_mouse_button(x, y, false);
  run_frames(2);  // release: the click; then the result drawn
  return true;
}

bool TestDriver::type_into(std::string_view id, std::string_view text) {
  if (!click(id)) return false;
  type(text);
  return true;
}

void TestDriver::type(std::string_view text) {
  shell_.push_text(text);
  run_frames(2);
}

void TestDriver::press(KeyCode key) {
  shell_.push_key(key, true);
  run_frames(1);
  shell_.push_key(key, false);
  run_frames(1);
}

std::string TestDriver::drawn_ids() const {
  std::string out;
  for (const auto& id : ui_.hits.ids())
    out += id + "\n";
  return out;
}

Image TestDriver::capture() {
  Image image;
  one_frame(&image);
  return image;
}

}  // namespace lockstep::gui
