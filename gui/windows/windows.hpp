// The windows of the trainer GUI, one file each. Every draw function reads
// its view, may change view-only state (UiState) and appends what the person
// did to `out`; none changes a model.
#pragma once

#include <vector>

#include "gui/ui_state.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

void draw_website(const WebsiteView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_app(const AppView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_panel(const PanelView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_lock_fleet(const LockFleetView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_timeline(const TimelineView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_time_control(const TimeControlView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_scenario_player(const ScenarioPlayerView& view, UiState& ui, std::vector<GuiAction>& out);
void draw_outbox(const OutboxView& view, UiState& ui, std::vector<GuiAction>& out);

// Every window, tiled (gui/layout.hpp) on first use on a width x height
// screen, and movable afterwards.
void draw_all(const Views& views, UiState& ui, std::vector<GuiAction>& out, float width,
              float height);

}  // namespace lockstep::gui
