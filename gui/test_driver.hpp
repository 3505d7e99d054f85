// Operates the real window the way a person does, for tests: finds a widget
// by the id it was drawn under (the hit map, "Website/Users") and clicks or
// types into it through SDL's event queue. Every frame's actions go to the
// controller, as in the running GUI, and are kept for assertions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/app_shell.hpp"
#include "gui/controller.hpp"
#include "gui/ui_state.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

class TestDriver {
 public:
  // The shell should be headless; the driver draws every window (draw_all).
  TestDriver(AppShell& shell, Controller& controller, UiState& ui);

  // Runs `n` frames: draws, then applies the frame's actions in order.
  void run_frames(int n = 1);

  // Where `id` was drawn in the last frame.
  std::optional<Rect> find(std::string_view id) const;
  // Moves the mouse to the middle of `id`, presses and releases the left
  // button, one frame each. False (and nothing pushed) when `id` was not
  // drawn last frame.
  bool click(std::string_view id);
  // Clicks `id` (a text field) and types `text` into it.
  bool type_into(std::string_view id, std::string_view text);
  // Types into whatever has the keyboard focus.
  void type(std::string_view text);
  // Presses and releases a key.
  void press(KeyCode key);

  const std::vector<GuiAction>& actions() const { return actions_; }
  void clear_actions() { actions_.clear(); }
  // Every id drawn last frame, one a line: for failure messages.
  std::string drawn_ids() const;
  // Renders one more frame and returns its pixels.
  Image capture();

 private:
  void one_frame(Image* capture);

  AppShell& shell_;
  Controller& controller_;
  UiState& ui_;
  std::vector<GuiAction> actions_;
};

}  // namespace lockstep::gui
