// The window: SDL2 + SDL_Renderer + Dear ImGui set-up and teardown, one frame
// at a time, screenshots, and input injection for tests.
//
// Headless (ShellOptions::headless): SDL's `offscreen` video driver and the
// software renderer draw real frames with no display; capture() reads them
// back and write_png() saves them. Input injection pushes real SDL events
// (mouse motion and buttons, text input, keys) into SDL's queue; the next
// frame() consumes them exactly as it consumes a person's.
//
// The mouse follows the events (as Dear ImGui 1.87+ does), not SDL's polled
// state: 1.86's SDL backend polls SDL_GetMouseState, which pushed events do
// not change and which the offscreen driver never focuses.
//
// No SDL or ImGui type appears here: callers (the `gui` command, tests) need
// neither include.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::gui {

struct ShellOptions {
  std::string title = "Lockstep";
  int width = 1600;
  int height = 1000;
  // The offscreen video driver and the software renderer: no display needed.
  bool headless = false;
};

// Pixels, 8-bit RGBA, rows top to bottom.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
  // How many different colours the image has (a blank frame has one).
  std::size_t distinct_colours() const;
};

// Writes `image` as a PNG; false with *error set when it cannot.
bool write_png(const std::string& path, const Image& image, std::string* error);

enum class KeyCode : std::uint8_t { enter, tab, backspace, escape, left, right, home, end };

class AppShell {
 public:
  // Opens the window (one at a time: Dear ImGui has one global context).
  // nullptr with *error set when SDL cannot.
  static std::unique_ptr<AppShell> open(const ShellOptions& options, std::string* error);
  ~AppShell();
  AppShell(const AppShell&) = delete;
  AppShell& operator=(const AppShell&) = delete;

  // Drawing code for one frame, given the screen size in pixels.
  using DrawFn = std::function<void(float width, float height)>;

  // Drains SDL's event queue, runs one Dear ImGui frame with `draw`, renders
  // and presents it; with `capture`, reads the frame back first. Returns false
  // once the window was asked to close.
  bool frame(const DrawFn& draw, Image* capture = nullptr);

  int width() const;
  int height() const;
  bool quit_requested() const;

  // Input injection: real SDL events, consumed by the next frame().
  void push_mouse_move(float x, float y);
  void push_mouse_button(float x, float y, bool down);  // the left button
  void push_text(std::string_view utf8);
  void push_key(KeyCode key, bool down);

 private:
  struct Impl;
  explicit AppShell(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lockstep::gui
