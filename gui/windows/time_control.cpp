// The Time window, a toolbar: the virtual clock, pause / play, 1x / 10x / 60x
// / as fast as possible, step to the next event, run until propagation
// settles.
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_time_control(const TimeControlView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::time_control);
  if (!ImGui::Begin(std::string(title).c_str(), nullptr,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoTitleBar)) {
    ImGui::End();
    return;
  }
  if (fonts().large) ImGui::PushFont(fonts().large);
  ImGui::TextUnformatted(v.clock.c_str());
  if (fonts().large) ImGui::PopFont();
  ImGui::SameLine();
  ImGui::BeginGroup();
  muted_text("virtual time");
  muted_text(v.local_time);
  ImGui::EndGroup();
  ImGui::SameLine(0.0f, 24.0f);

  ImGui::BeginGroup();
  const float h = ImGui::GetFrameHeight() + 6.0f;
  if (v.paused) {
    if (primary_button(ui, title, "Play", ImVec2(80.0f, h)))
      out.push_back(action::SetPaused{false});
  } else if (button(ui, title, "Pause", ImVec2(80.0f, h))) {
    out.push_back(action::SetPaused{true});
  }
  for (Speed s : {Speed::x1, Speed::x10, Speed::x60, Speed::as_fast_as_possible}) {
    ImGui::SameLine();
    const std::string text(speed_label(s));
    const bool current = s == v.speed;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    if (button(ui, title, text.c_str(), ImVec2(0.0f, h))) out.push_back(action::SetSpeed{s});
    if (current) ImGui::PopStyleColor();
  }
  ImGui::SameLine(0.0f, 24.0f);
  if (button(ui, title, "Step", ImVec2(0.0f, h))) out.push_back(action::StepEvent{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run the next scheduled event, then pause");
  ImGui::SameLine();
  if (button(ui, title, "Run until settled", ImVec2(0.0f, h)))
    out.push_back(action::RunUntilSettled{});
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Run in virtual time until no sync is pending on any device");
  }
  ImGui::EndGroup();
  ImGui::SameLine(0.0f, 24.0f);
  ImGui::BeginGroup();
  ImGui::TextColored(colour::vec(v.settled ? colour::active : colour::pending), "%s",
                     v.settled ? "settled" : "propagating");
  muted_text(std::to_string(v.events_pending) + " events scheduled");
  ImGui::EndGroup();
  if (!v.source.empty()) {
    ImGui::SameLine(0.0f, 24.0f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    muted_text(v.source);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
  ImGui::End();
}

}  // namespace lockstep::gui
