// The Scenario window: the open scenario's current step and its caption
// (`say:`) large enough for a class to read, step / run / restart, and the
// expectations passing or failing live.
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_scenario_player(const ScenarioPlayerView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::scenario_player);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  if (v.file.empty()) {
    muted_text(
        "No scenario open. Start with `lockstep gui --scenario FILE.yaml` to play one "
        "step by step, with its captions.");
  } else {
    heading(v.name.empty() ? v.file : v.name);
    muted_text(v.file);
  }
  ImGui::BeginDisabled(v.file.empty() || !v.can_execute);
  if (button(ui, title, "Step") && !v.file.empty()) out.push_back(action::ScenarioStep{});
  ImGui::SameLine();
  if (v.running) {
    if (button(ui, title, "Pause")) out.push_back(action::ScenarioRun{false});
  } else if (button(ui, title, "Run")) {
    out.push_back(action::ScenarioRun{true});
  }
  ImGui::SameLine();
  if (button(ui, title, "Restart")) out.push_back(action::ScenarioRestart{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (v.steps > 0) {
    muted_text("step " + std::to_string(v.step) + " of " + std::to_string(v.steps) +
               (v.finished ? " - finished" : ""));
  }

  if (!v.note.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    muted_text(v.note);
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  if (!v.step_text.empty())
    ImGui::TextColored(colour::vec(colour::accent), "%s", v.step_text.c_str());
  if (!v.caption.empty()) {
    if (fonts().large) ImGui::PushFont(fonts().large);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(v.caption.c_str());
    ImGui::PopTextWrapPos();
    if (fonts().large) ImGui::PopFont();
  }
  if (!v.expectations.empty()) {
    ImGui::Spacing();
    heading("Expectations");
    for (const auto& e : v.expectations) {
      const ImU32 c = e.state == Check::passed   ? colour::active
                      : e.state == Check::failed ? colour::failed
                                                 : colour::muted;
      const char* mark = e.state == Check::passed   ? "PASS"
                         : e.state == Check::failed ? "FAIL"
                                                    : "....";
      ImGui::TextColored(colour::vec(c), "%s", mark);
      ImGui::SameLine();
      ImGui::TextUnformatted(e.text.c_str());
      if (!e.detail.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.detail.c_str());
    }
  }
  if (!v.outline.empty()) {
    ImGui::Spacing();
    heading("Steps");
    if (fonts().mono) ImGui::PushFont(fonts().mono);
    for (std::size_t i = 0; i < v.outline.size(); ++i) {
      const bool current = i + 1 == v.step;
      ImGui::TextColored(colour::vec(current ? colour::accent : colour::muted), "%s%2zu  %s",
                         current ? ">" : " ", i + 1, v.outline[i].c_str());
    }
    if (fonts().mono) ImGui::PopFont();
  }
  ImGui::End();
}

}  // namespace lockstep::gui
