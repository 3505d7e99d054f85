// The App window: the phone app in a phone-sized frame. A title bar with the
// Menu button, then the page (the same pages as the website, stacked).
#include <algorithm>
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/client_pages.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {
namespace {

std::string_view page_title(Page p) {
  switch (p) {
    case Page::login:
      return "Log in";
    case Page::home:
      return "Home";
    case Page::menu:
      return "Menu";
    case Page::users:
      return "Users";
    case Page::new_user:
      return "Add User";
    case Page::access_code:
      return "User";
    case Page::add_contact:
      return "Add Contact";
    case Page::mobile:
      return "Mobile Number";
    case Page::email:
      return "Email Address";
  }
  return "";
}

}  // namespace

void draw_app(const AppView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::app);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  // The phone: a 9:19.5 bezel centred in the window.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float h = std::max(avail.y - 4.0f, 200.0f);
  const float w = std::clamp(std::min(avail.x - 8.0f, h * 9.0f / 19.5f), 200.0f, 400.0f);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max((avail.x - w) * 0.5f, 0.0f));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(28, 30, 34, 255), large_rounding(26.0f));
  const float bezel = 10.0f;
  const float bar = 18.0f;  // the status bar with the camera notch
  dl->AddRectFilled(ImVec2(p.x + w * 0.38f, p.y + 6.0f), ImVec2(p.x + w * 0.62f, p.y + 12.0f),
                    IM_COL32(60, 62, 68, 255), 3.0f);
  ImGui::SetCursorScreenPos(ImVec2(p.x + bezel, p.y + bezel + bar));

  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1, 1, 1, 1));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, large_rounding(8.0f));
  ImGui::BeginChild("screen", ImVec2(w - bezel * 2.0f, h - bezel * 2.0f - bar), false);
  // App bar.
  const ImVec2 s = ImGui::GetCursorScreenPos();
  const float bar_h = ImGui::GetFrameHeight() + 12.0f;
  ImGui::GetWindowDrawList()->AddRectFilled(
      s, ImVec2(s.x + ImGui::GetContentRegionAvail().x + 16.0f, s.y + bar_h), colour::accent);
  ImGui::SetCursorScreenPos(ImVec2(s.x + 6.0f, s.y + 6.0f));
  if (v.page != Page::login && v.page != Page::menu) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(1, 1, 1, 0.18f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (button(ui, title, "Menu")) out.push_back(action::Click{v.client, "Menu"});
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
  }
  ImGui::AlignTextToFramePadding();
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  heading(page_title(v.page));
  ImGui::PopStyleColor();
  ImGui::SetCursorScreenPos(ImVec2(s.x, s.y + bar_h + 8.0f));

  ImGui::Indent(8.0f);
  PageContext ctx{title, &ui.reveal_app_code, 0.0f, true};
  ctx.field_width = ImGui::GetContentRegionAvail().x - 44.0f;
  draw_client_page(v, ctx, ui, out);
  ImGui::Unindent(8.0f);
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace lockstep::gui
