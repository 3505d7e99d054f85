#include "gui/widgets.hpp"

#include <algorithm>
#include <string>

#include "gui/format.hpp"

namespace lockstep::gui {

Fonts& fonts() {
  static Fonts f;
  return f;
}

namespace {
bool g_software_rendering = false;
}  // namespace

void set_software_rendering(bool on) {
  g_software_rendering = on;
}

bool software_rendering() {
  return g_software_rendering;
}

float large_rounding(float r) {
  return g_software_rendering ? 0.0f : r;
}

namespace colour {

ImU32 of(SyncState state) {
  switch (state) {
    case SyncState::active:
      return active;
    case SyncState::pending:
      return pending;
    case SyncState::failed:
      return failed;
    case SyncState::superseded:
    case SyncState::none:
      return muted;
  }
  return muted;
}

ImVec4 vec(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

}  // namespace colour

void apply_theme() {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 4.0f;
  s.FrameRounding = 4.0f;
  s.GrabRounding = 4.0f;
  s.PopupRounding = 4.0f;
  s.ChildRounding = 4.0f;
  s.WindowBorderSize = 1.0f;
  s.FrameBorderSize = 1.0f;
  s.WindowPadding = ImVec2(10, 8);
  s.FramePadding = ImVec2(8, 5);
  s.ItemSpacing = ImVec2(8, 6);
  s.CellPadding = ImVec2(6, 3);
  s.ScrollbarSize = 12.0f;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.84f, 0.86f, 0.90f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.17f, 0.29f, 0.47f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.84f, 0.86f, 0.90f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.91f, 0.93f, 0.96f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.66f, 0.78f, 0.95f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.83f, 0.89f, 0.98f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
}

void record_item(UiState& ui, std::string_view window, std::string_view id) {
  // Only what a person can see and reach: the part of the item inside its
  // window's clip rectangle (scrolled-out and clipped items are left out).
  if (!ImGui::IsItemVisible()) return;
  const ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = dl->GetClipRectMin();
  const ImVec2 clip_max = dl->GetClipRectMax();
  const ImVec2 a(std::max(ImGui::GetItemRectMin().x, clip_min.x),
                 std::max(ImGui::GetItemRectMin().y, clip_min.y));
  const ImVec2 b(std::min(ImGui::GetItemRectMax().x, clip_max.x),
                 std::min(ImGui::GetItemRectMax().y, clip_max.y));
  if (a.x >= b.x || a.y >= b.y) return;
  std::string key;
  key.reserve(window.size() + 1 + id.size());
  key.append(window).append("/").append(id);
  ui.hits.record(std::move(key), Rect{a.x, a.y, b.x, b.y});
}

namespace {

std::string_view visible(const char* label) {
  std::string_view s(label);
  return s.substr(0, s.find("##"));
}

int resize_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

bool input_string(const char* id, std::string* s, ImGuiInputTextFlags flags) {
  flags |= ImGuiInputTextFlags_CallbackResize;
  return ImGui::InputText(id, s->data(), s->capacity() + 1, flags, resize_string, s);
}

}  // namespace

bool button(UiState& ui, std::string_view window, const char* label, ImVec2 size) {
  const bool pressed = ImGui::Button(label, size);
  record_item(ui, window, visible(label));
  return pressed;
}

bool primary_button(UiState& ui, std::string_view window, const char* label, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_Button, colour::vec(colour::accent));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour::vec(IM_COL32(52, 124, 220, 255)));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, colour::vec(IM_COL32(20, 80, 160, 255)));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  const bool pressed = button(ui, window, label, size);
  ImGui::PopStyleColor(4);
  return pressed;
}

bool link(UiState& ui, std::string_view window, const char* label) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(colour::accent));
  ImGui::TextUnformatted(visible(label).data(), visible(label).data() + visible(label).size());
  ImGui::PopStyleColor();
  record_item(ui, window, visible(label));
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y), b, colour::accent);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  return hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
}

bool text_field(UiState& ui, std::string_view window, std::string_view label,
                const TextField& field, std::string* edited, bool password, float width) {
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  std::string id = "##";
  id.append(label);
  std::string text = field.value;
  ImGui::SetNextItemWidth(width);
  if (!field.error.empty()) ImGui::PushStyleColor(ImGuiCol_Border, colour::vec(colour::failed));
  const bool changed = input_string(id.c_str(), &text, password ? ImGuiInputTextFlags_Password : 0);
  if (!field.error.empty()) ImGui::PopStyleColor();
  record_item(ui, window, label);
  if (!field.error.empty()) error_text(field.error);
  if (changed) *edited = std::move(text);
  return changed;
}

bool dropdown(UiState& ui, std::string_view window, std::string_view label, const Dropdown& box,
              std::size_t* chosen, float width) {
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  std::string id = "##";
  id.append(label);
  const char* preview = box.selected && *box.selected < box.options.size()
                            ? box.options[*box.selected].c_str()
                            : "Select...";
  ImGui::SetNextItemWidth(width);
  bool picked = false;
  const bool open = ImGui::BeginCombo(id.c_str(), preview);
  record_item(ui, window, label);
  if (open) {
    for (std::size_t i = 0; i < box.options.size(); ++i) {
      const bool is_selected = box.selected == i;
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(box.options[i].c_str(), is_selected)) {
        *chosen = i;
        picked = true;
      }
      std::string option_id(label);
      option_id.append("/").append(box.options[i]);
      record_item(ui, window, option_id);
      if (is_selected) ImGui::SetItemDefaultFocus();
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (!box.error.empty()) error_text(box.error);
  return picked;
}

bool toggle_switch(UiState& ui, std::string_view window, std::string_view id, bool on) {
  const float h = ImGui::GetFrameHeight() * 0.85f;
  const float w = h * 1.8f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  std::string imgui_id = "##toggle/";
  imgui_id.append(id);
  const bool clicked = ImGui::InvisibleButton(imgui_id.c_str(), ImVec2(w, h));
  std::string hit = "toggle/";
  hit.append(id);
  record_item(ui, window, hit);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 track =
      on ? colour::accent
         : (ImGui::IsItemHovered() ? IM_COL32(170, 176, 186, 255) : IM_COL32(190, 196, 204, 255));
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), track, h * 0.5f);
  const float r = h * 0.5f - 2.0f;
  const float cx = on ? p.x + w - r - 2.0f : p.x + r + 2.0f;
  dl->AddCircleFilled(ImVec2(cx, p.y + h * 0.5f), r, IM_COL32(255, 255, 255, 255), 20);
  return clicked;
}

bool eye_button(UiState& ui, std::string_view window, std::string_view id, bool revealed) {
  const float h = ImGui::GetFrameHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  std::string imgui_id = "##eye/";
  imgui_id.append(id);
  const bool clicked = ImGui::InvisibleButton(imgui_id.c_str(), ImVec2(h * 1.2f, h));
  std::string hit = "eye/";
  hit.append(id);
  record_item(ui, window, hit);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 ink = hovered ? colour::accent : IM_COL32(80, 86, 96, 255);
  const ImVec2 c(p.x + h * 0.6f, p.y + h * 0.5f);
  const float rx = h * 0.42f;
  const float ry = h * 0.26f;
  dl->AddBezierQuadratic(ImVec2(c.x - rx, c.y), ImVec2(c.x, c.y - ry * 2.0f), ImVec2(c.x + rx, c.y),
                         ink, 1.6f);
  dl->AddBezierQuadratic(ImVec2(c.x - rx, c.y), ImVec2(c.x, c.y + ry * 2.0f), ImVec2(c.x + rx, c.y),
                         ink, 1.6f);
  dl->AddCircleFilled(c, ry * 0.75f, ink, 16);
  if (!revealed) {
    dl->AddLine(ImVec2(c.x - rx * 0.8f, c.y + ry * 1.4f), ImVec2(c.x + rx * 0.8f, c.y - ry * 1.4f),
                ink, 1.8f);
  }
  if (hovered) ImGui::SetTooltip("%s", revealed ? "Hide the code" : "Show the code");
  return clicked;
}

void sync_chip(const SyncChip& chip) {
  const std::string text = chip.device + " " + std::string(to_string(chip.state));
  const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
  const ImVec2 pad(7.0f, 2.0f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ts.x + pad.x * 2.0f + 10.0f, ts.y + pad.y * 2.0f);
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 c = colour::of(chip.state);
  ImVec4 bg = colour::vec(c);
  bg.w = 0.14f;
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::ColorConvertFloat4ToU32(bg),
                    size.y * 0.5f);
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), c, size.y * 0.5f);
  dl->AddCircleFilled(ImVec2(p.x + pad.x + 3.0f, p.y + size.y * 0.5f), 3.0f, c, 12);
  dl->AddText(ImVec2(p.x + pad.x + 10.0f, p.y + pad.y), IM_COL32(30, 34, 40, 255), text.c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    heading(chip_text(chip));
    if (!chip.detail.empty()) ImGui::TextUnformatted(chip.detail.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void error_text(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(colour::failed));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void muted_text(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(colour::muted));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void heading(std::string_view text) {
  if (fonts().bold) ImGui::PushFont(fonts().bold);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  if (fonts().bold) ImGui::PopFont();
}

void banner(std::string_view title, std::string_view text, ImU32 c) {
  ImVec4 bg = colour::vec(c);
  bg.w = 0.12f;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
  ImGui::PushStyleColor(ImGuiCol_Border, colour::vec(c));
  const float wrap = ImGui::GetContentRegionAvail().x - 20.0f;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float text_h = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap).y;
  const float h = line + text_h + ImGui::GetStyle().WindowPadding.y * 2.0f + 4.0f;
  std::string id = "##banner/";
  id.append(title);
  ImGui::BeginChild(id.c_str(), ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(c));
  heading(title);
  ImGui::PopStyleColor();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
}

bool keypad_key(UiState& ui, std::string_view window, std::string_view id, const char* label,
                ImVec2 size, ImU32 c) {
  if (c != 0) {
    ImGui::PushStyleColor(ImGuiCol_Button, colour::vec(c));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  }
  // The id is pushed, not appended: a "#" key would read "###..." to ImGui.
  ImGui::PushID(id.data(), id.data() + id.size());
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopID();
  record_item(ui, window, id);
  if (c != 0) ImGui::PopStyleColor(2);
  return pressed;
}

void keypad_display(std::string_view text, float width, int lines) {
  ImFont* f = fonts().mono ? fonts().mono : ImGui::GetFont();
  const float line_h = f->FontSize + 2.0f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(width, line_h * static_cast<float>(lines) + 12.0f);
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(40, 66, 44, 255), 4.0f);
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(20, 30, 20, 255), 4.0f);
  float y = p.y + 6.0f;
  std::size_t start = 0;
  for (int i = 0; i < lines && start <= text.size(); ++i) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view part = text.substr(start, end - start);
    dl->PushClipRect(p, ImVec2(p.x + size.x - 4.0f, p.y + size.y), true);
    dl->AddText(f, f->FontSize, ImVec2(p.x + 8.0f, y), IM_COL32(170, 240, 160, 255), part.data(),
                part.data() + part.size());
    dl->PopClipRect();
    y += line_h;
    start = end + 1;
  }
}

}  // namespace lockstep::gui
