// The Website window: the dealer website as a browser shows it. A header with
// the system and account, a navigation column (Users), and the page.
#include <algorithm>
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/client_pages.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_website(const WebsiteView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::website);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  // Header: the "address bar" and who is logged in.
  muted_text(v.page == Page::login ? "Website - Log in"
                                   : "Website - " + v.system_name + " - " + v.account);
  if (v.page != Page::login) {
    ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - 60.0f, 0.0f));
    if (link(ui, title, "Log Out")) out.push_back(action::Click{v.client, "Log Out"});
  }
  ImGui::Separator();

  PageContext ctx{title, &ui.reveal_website_code, 0.0f, false};
  ctx.field_width = std::min(320.0f, ImGui::GetContentRegionAvail().x - 40.0f);

  if (v.page == Page::login) {
    ImGui::BeginChild("page", ImVec2(0, 0), false);
    ImGui::Indent(16.0f);
    ImGui::Spacing();
    draw_client_page(v, ctx, ui, out);
    ImGui::Unindent(16.0f);
    ImGui::EndChild();
    ImGui::End();
    return;
  }

  // Navigation bar.
  heading(v.system_name.empty() ? "System" : v.system_name);
  ImGui::SameLine(0.0f, 24.0f);
  if (link(ui, title, "Home")) out.push_back(action::Click{v.client, "Home"});
  ImGui::SameLine(0.0f, 16.0f);
  if (link(ui, title, "Users")) out.push_back(action::Click{v.client, "Users"});

  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1, 1, 1, 1));
  ImGui::BeginChild("page", ImVec2(0, 0), true);
  ctx.field_width = std::min(320.0f, ImGui::GetContentRegionAvail().x - 40.0f);
  draw_client_page(v, ctx, ui, out);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace lockstep::gui
