// Every window, tiled on first use (gui/layout.hpp).
#include <imgui.h>

#include "gui/layout.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_all(const Views& views, UiState& ui, std::vector<GuiAction>& out, float width,
              float height) {
  ui.hits.clear();
  const float toolbar = ImGui::GetFontSize() * 2.6f + 24.0f;
  const auto tiles = tiled_layout(width, height, toolbar, !views.scenario.file.empty());
  auto place = [&](WindowId id) {
    const Rect& r = tiles[static_cast<std::size_t>(id)];
    ImGui::SetNextWindowPos(ImVec2(r.x0, r.y0), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_FirstUseEver);
  };
  place(WindowId::time_control);
  draw_time_control(views.time, ui, out);
  place(WindowId::website);
  draw_website(views.website, ui, out);
  place(WindowId::app);
  draw_app(views.app, ui, out);
  place(WindowId::panel);
  draw_panel(views.panel, ui, out);
  place(WindowId::lock_fleet);
  draw_lock_fleet(views.locks, ui, out);
  place(WindowId::timeline);
  draw_timeline(views.timeline, ui, out);
  place(WindowId::scenario_player);
  draw_scenario_player(views.scenario, ui, out);
  place(WindowId::outbox);
  draw_outbox(views.outbox, ui, out);
  ++ui.frame;
}

}  // namespace lockstep::gui
