// The default tiled layout of the GUI's windows (Dear ImGui 1.86 has no
// docking): applied on first use only, so a trainer can move and resize
// windows afterwards. Pure arithmetic, unit-tested.
//
//   +------------------------------------------------------------------+
//   | Time (a toolbar: clock, pause/play, speeds, step, settle)         |
//   +----------------------+-------------+-----------------------------+
//   | Website              | App (phone) | Panel and Keypads           |
//   |                      |             +-----------------------------+
//   |                      |             | Lock Fleet                  |
//   +----------------------+-------------+-----------------------------+
//   | Scenario (captions)  | Outbox      | Timeline                    |
//   +----------------------+-------------+-----------------------------+
#pragma once

#include <array>

#include "gui/ui_state.hpp"

namespace lockstep::gui {

// Where each window goes on a screen of width x height pixels, indexed by
// WindowId, with the Time toolbar `toolbar` pixels high. The tiles cover the
// screen exactly, without overlap.
std::array<Rect, kWindowCount> tiled_layout(float width, float height, float toolbar = 64.0f);

}  // namespace lockstep::gui
