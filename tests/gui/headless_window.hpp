// The GUI tests' window: the real AppShell, headless (SDL's offscreen video
// driver and the software renderer), so that the tests need no display.
// Only one window is open at a time (AppShell::open refuses a second).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "gui/app_shell.hpp"

namespace lockstep::gui {

inline ShellOptions headless_options(int width = 1600, int height = 1000) {
  ShellOptions options;
  options.width = width;
  options.height = height;
  options.headless = true;
  return options;
}

// Opens the headless window; a window that does not open fails the test
// (with SDL's reason) and gives null, for the caller's ASSERT_TRUE.
inline std::unique_ptr<AppShell> open_headless_window(int width = 1600, int height = 1000) {
  std::string error;
  auto shell = AppShell::open(headless_options(width, height), &error);
  EXPECT_TRUE(shell) << "the headless window did not open: " << error;
  return shell;
}

}  // namespace lockstep::gui
