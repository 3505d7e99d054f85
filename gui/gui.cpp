#include "gui/gui.hpp"

#include <chrono>
#include <variant>
#include <vector>

#include "gui/ui_state.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

bool run_window(Controller& controller, const ShellOptions& options, std::string* error) {
  auto shell = AppShell::open(options, error);
  if (!shell) return false;
  UiState ui;
  std::vector<GuiAction> actions;
  auto last = std::chrono::steady_clock::now();
  bool running = true;
  while (running) {
    const auto now = std::chrono::steady_clock::now();
    controller.advance(std::chrono::duration<double>(now - last).count());
    last = now;
    actions.clear();
    running =
        shell->frame([&](float w, float h) { draw_all(controller.views(), ui, actions, w, h); });
    for (const auto& a : actions) {
      if (std::holds_alternative<action::Quit>(a)) running = false;
      controller.apply(a);
    }
  }
  return true;
}

bool render_screenshot(Controller& controller, const std::string& png_path, int width, int height,
                       std::string* error, int frames) {
  ShellOptions options;
  options.width = width;
  options.height = height;
  options.headless = true;
  auto shell = AppShell::open(options, error);
  if (!shell) return false;
  UiState ui;
  std::vector<GuiAction> ignored;
  Image image;
  for (int i = 0; i < frames; ++i) {
    ignored.clear();
    shell->frame([&](float w, float h) { draw_all(controller.views(), ui, ignored, w, h); },
                 i + 1 == frames ? &image : nullptr);
  }
  return write_png(png_path, image, error);
}

}  // namespace lockstep::gui
