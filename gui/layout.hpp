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
//
// With a scenario open, the Scenario window takes the width of the website
// and the app, and a larger bottom band; the Timeline and the Outbox share
// the right-hand column below the lock fleet.
#pragma once

#include <array>

#include "gui/ui_state.hpp"

namespace lockstep::gui {

// Where each window goes on a screen of width x height pixels, indexed by
// WindowId, with the Time toolbar `toolbar` pixels high; `scenario`: the
// layout for a scenario being played. The tiles cover the screen exactly,
// without overlap.
std::array<Rect, kWindowCount> tiled_layout(float width, float height, float toolbar = 64.0f,
                                            bool scenario = false);

}  // namespace lockstep::gui
