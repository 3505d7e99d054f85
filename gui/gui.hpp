// The trainer GUI's entry points, used by `lockstep gui`.
#pragma once

#include <string>

#include "gui/app_shell.hpp"
#include "gui/controller.hpp"

namespace lockstep::gui {

// Opens the window and runs frames until it is closed: each frame advances
// the controller by the wall time that passed, draws every window and sends
// the person's actions to the controller. False with *error when the window
// cannot open.
bool run_window(Controller& controller, const ShellOptions& options, std::string* error);

// Renders `frames` frames headless (Dear ImGui needs a few to lay windows
// out) at width x height and writes the last one to `png_path`.
bool render_screenshot(Controller& controller, const std::string& png_path, int width, int height,
                       std::string* error, int frames = 4);

}  // namespace lockstep::gui
