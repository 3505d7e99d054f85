// The Scenario window: the open scenario's current step and its caption
// (`say:`) large enough for a class to read, Step / Run / Restart, the step
// that comes next, the current step's expectations passing or failing live,
// the failure in `lockstep run`'s words, and every step with its state.
#include <cmath>
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {
namespace {

ImU32 colour_of(Check c) {
  return c == Check::passed ? colour::active : c == Check::failed ? colour::failed : colour::muted;
}

const char* mark_of(Check c) {
  return c == Check::passed ? "PASS" : c == Check::failed ? "FAIL" : "....";
}

// "step 3 of 20 - running", "... - passed", "... - FAILED".
std::string status_text(const ScenarioPlayerView& v) {
  std::string s = v.step == 0 ? "ready, " + std::to_string(v.steps) + " steps"
                              : "step " + std::to_string(v.step) + " of " + std::to_string(v.steps);
  if (v.failed) return s + " - FAILED";
  if (v.finished) return s + " - passed";
  if (v.in_step) s += " - waiting";
  if (v.running) s += " - running";
  return s;
}

// `text` cut to `width` pixels in the current font, with "..." when cut.
std::string fit(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string out = text;
  while (!out.empty() && ImGui::CalcTextSize((out + "...").c_str()).x > width) {
    // One character: its UTF-8 continuation bytes, then its first byte.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
      out.pop_back();
    if (!out.empty()) out.pop_back();
  }
  return out + "...";
}

void wrapped(const std::string& text, ImU32 c) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(c));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// The current step, its caption (large, for the audience), the next step,
// the failure and the expectations.
void draw_now(const ScenarioPlayerView& v) {
  if (fonts().large) ImGui::PushFont(fonts().large);
  if (!v.step_text.empty()) {
    // One line: a long step (an expect: with its conditions) is listed in
    // full under Expectations and Steps.
    const std::string line =
        fit(std::to_string(v.step) + ". " + v.step_text, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(colour::vec(v.failed ? colour::failed : colour::accent), "%s", line.c_str());
  }
  if (!v.caption.empty()) wrapped(v.caption, IM_COL32(20, 24, 28, 255));
  if (fonts().large) ImGui::PopFont();
  if (!v.next.empty()) wrapped("Next: " + v.next, colour::muted);

  if (!v.failure.empty()) {
    ImGui::Spacing();
    if (fonts().mono) ImGui::PushFont(fonts().mono);
    for (const auto& line : v.failure)
      wrapped(line, colour::failed);
    if (fonts().mono) ImGui::PopFont();
  }
  if (!v.note.empty()) wrapped(v.note, v.finished && !v.failed ? colour::active : colour::muted);

  if (!v.expectations.empty()) {
    ImGui::Spacing();
    heading(v.step == 0 ? "Expectations of the first step" : "Expectations");
    for (const auto& e : v.expectations) {
      ImGui::TextColored(colour::vec(colour_of(e.state)), "%s", mark_of(e.state));
      ImGui::SameLine();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(e.text.c_str());
      ImGui::PopTextWrapPos();
      if (!e.detail.empty()) {
        ImGui::Indent(ImGui::CalcTextSize("PASS ").x);
        wrapped(e.detail, colour::muted);
        ImGui::Unindent(ImGui::CalcTextSize("PASS ").x);
      }
    }
  }
}

// Every step, passed / failed / not yet run; the current one marked.
void draw_outline(const ScenarioPlayerView& v, UiState& ui) {
  if (!v.outline.empty()) {
    heading("Steps");
    if (fonts().mono) ImGui::PushFont(fonts().mono);
    for (std::size_t i = 0; i < v.outline.size(); ++i) {
      const OutlineRow& row = v.outline[i];
      const ImU32 c = row.current ? (row.state == Check::failed ? colour::failed : colour::accent)
                                  : colour_of(row.state);
      const char* mark = row.state == Check::passed   ? "ok  "
                         : row.state == Check::failed ? "FAIL"
                                                      : "    ";
      ImGui::TextColored(colour::vec(c), "%s%s %2zu  %s", row.current ? ">" : " ", mark, i + 1,
                         row.text.c_str());
      // The window follows the run: the current step scrolls into view once.
      if (row.current && ui.scenario_step_in_view != v.step) {
        ImGui::SetScrollHereY(0.3f);
        ui.scenario_step_in_view = v.step;
      }
    }
    if (fonts().mono) ImGui::PopFont();
  }
}

}  // namespace

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
    ImGui::End();
    return;
  }
  heading(v.name.empty() ? v.file : v.name);
  muted_text(v.file + "  " + v.seed);

  ImGui::BeginDisabled(!v.can_execute);
  if (primary_button(ui, title, "Step")) out.push_back(action::ScenarioStep{});
  ImGui::SameLine();
  if (v.running) {
    if (button(ui, title, "Pause")) out.push_back(action::ScenarioRun{false});
  } else if (button(ui, title, "Run")) {
    out.push_back(action::ScenarioRun{true});
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (button(ui, title, "Restart")) out.push_back(action::ScenarioRestart{});
  ImGui::SameLine();
  ImGui::TextColored(colour::vec(v.failed     ? colour::failed
                                 : v.finished ? colour::active
                                              : colour::muted),
                     "%s", status_text(v).c_str());
  ImGui::Separator();

  // The current step and its caption on the left (the whole width when the
  // window is narrow), every step on the right (below), each scrolling.
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const bool side_by_side = room.x > 720.0f;
  const ImVec2 now_size = side_by_side ? ImVec2(std::floor(room.x * 0.6f), room.y)
                                       : ImVec2(room.x, std::floor(room.y * 0.6f));
  ImGui::BeginChild("now", now_size);
  draw_now(v);
  ImGui::EndChild();
  if (side_by_side) ImGui::SameLine();
  ImGui::BeginChild("steps", ImVec2(0, 0), true);
  draw_outline(v, ui);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace lockstep::gui
