// The Panel and Keypads window: each partition's state, and each keypad drawn
// as a keypad (display, 3x4 digits, Away / Stay / Night / Disarm keys) that a
// trainer can press.
#include <algorithm>
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {
namespace {

using action::Key;

void draw_keypad(const KeypadView& k, UiState& ui, std::string_view window,
                 std::vector<GuiAction>& out) {
  const float key = std::max(ImGui::GetFrameHeight() * 1.1f, 26.0f);
  const float gap = ImGui::GetStyle().ItemSpacing.x * 0.6f;
  const float fn_w = std::max(
      key * 1.7f, ImGui::CalcTextSize("Disarm").x + ImGui::GetStyle().FramePadding.x * 2.0f);
  const float width = key * 3.0f + gap * 3.0f + fn_w;

  ImGui::BeginGroup();
  heading(k.name);
  ImGui::SameLine();
  muted_text(k.partition + (k.locked_out ? " - locked out" : ""));
  keypad_display(k.display, width);

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  static constexpr const char* kDigits[4][3] = {
      {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"*", "0", "#"}};
  static constexpr Key kDigitKeys[4][3] = {{Key::d1, Key::d2, Key::d3},
                                           {Key::d4, Key::d5, Key::d6},
                                           {Key::d7, Key::d8, Key::d9},
                                           {Key::star, Key::d0, Key::pound}};
  static constexpr const char* kFn[4] = {"Away", "Stay", "Night", "Disarm"};
  static constexpr Key kFnKeys[4] = {Key::arm_away, Key::arm_stay, Key::arm_night, Key::disarm};
  static constexpr ImU32 kFnColour[4] = {colour::armed, IM_COL32(196, 110, 20, 255),
                                         IM_COL32(90, 70, 160, 255), colour::disarmed};
  ImGui::PushID(k.name.c_str());
  for (int row = 0; row < 4; ++row) {
    for (int col = 0; col < 3; ++col) {
      if (col > 0) ImGui::SameLine();
      const std::string id = k.name + "/" + kDigits[row][col];
      if (keypad_key(ui, window, id, kDigits[row][col], ImVec2(key, key))) {
        out.push_back(action::PressKeypadKey{k.name, kDigitKeys[row][col]});
      }
    }
    ImGui::SameLine(0.0f, gap * 2.0f);
    const std::string id = k.name + "/" + kFn[row];
    if (keypad_key(ui, window, id, kFn[row], ImVec2(fn_w, key), kFnColour[row])) {
      out.push_back(action::PressKeypadKey{k.name, kFnKeys[row]});
    }
  }
  ImGui::PopID();
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

}  // namespace

void draw_panel(const PanelView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::panel);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  heading(v.model.empty() ? "Panel" : v.model);
  ImGui::SameLine();
  ImGui::TextColored(colour::vec(v.online ? colour::active : colour::failed), "%s",
                     v.online ? "online" : "offline");
  ImGui::SameLine();
  muted_text(v.users);

  // Partitions on one line, each state in its colour.
  for (std::size_t i = 0; i < v.partitions.size(); ++i) {
    const PartitionRow& p = v.partitions[i];
    if (i > 0) ImGui::SameLine(0.0f, 28.0f);
    const ImU32 c = p.alarm ? colour::failed : (p.armed ? colour::armed : colour::disarmed);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float r = ImGui::GetTextLineHeight() * 0.3f;
    ImGui::GetWindowDrawList()->AddCircleFilled(
        ImVec2(at.x + r, at.y + ImGui::GetTextLineHeight() * 0.5f), r, c, 12);
    ImGui::Dummy(ImVec2(r * 2.0f, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::Text("%s", p.name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(colour::vec(c), "%s", p.state.c_str());
    if (!p.countdown.empty()) {
      ImGui::SameLine();
      muted_text(p.countdown);
    }
  }
  ImGui::Separator();

  // Keypads side by side while they fit.
  const float avail = ImGui::GetContentRegionAvail().x;
  float x = 0.0f;
  float row_y = ImGui::GetCursorPosY();
  for (std::size_t i = 0; i < v.keypads.size(); ++i) {
    const float w = std::max(ImGui::GetFrameHeight() * 1.1f, 26.0f) * 5.2f + 40.0f;
    if (i > 0 && x + w <= avail) {
      ImGui::SameLine(0.0f, 24.0f);
      ImGui::SetCursorPosY(row_y);  // not the baseline of the keys beside
    } else if (i > 0) {
      x = 0.0f;
      row_y = ImGui::GetCursorPosY();
    }
    draw_keypad(v.keypads[i], ui, title, out);
    x += w + 24.0f;
  }

  if (!v.event_log.empty()) {
    ImGui::Separator();
    heading("Event log");
    const std::size_t first = v.event_log.size() > 50 ? v.event_log.size() - 50 : 0;
    for (std::size_t i = first; i < v.event_log.size(); ++i)
      ImGui::TextUnformatted(v.event_log[i].c_str());
  }
  ImGui::End();
}

}  // namespace lockstep::gui
