// [SECTION] Helpers
// [SECTION] Log in, home, menu
// [SECTION] Users list
// [SECTION] Add New User
// [SECTION] Access Code form
// [SECTION] + Add Contact (Mobile Number, Email Address)
// [SECTION] Entry point
#include "gui/windows/client_pages.hpp"

#include <imgui.h>
#include <string>

#include "gui/format.hpp"
#include "gui/widgets.hpp"

namespace lockstep::gui {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------

std::string str(std::string_view s) {
  return std::string(s);
}

void click(std::vector<GuiAction>& out, const ClientView& v, std::string_view what) {
  out.push_back(action::Click{v.client, str(what)});
}

void field(const ClientView& v, const PageContext& ctx, UiState& ui, std::vector<GuiAction>& out,
           Field f, const TextField& value, bool password = false) {
  std::string edited;
  if (text_field(ui, ctx.window, field_label(f), value, &edited, password, ctx.field_width)) {
    out.push_back(action::SetField{v.client, f, std::move(edited)});
  }
}

void choice(const ClientView& v, const PageContext& ctx, UiState& ui, std::vector<GuiAction>& out,
            Field f, const Dropdown& box) {
  std::size_t chosen = 0;
  if (dropdown(ui, ctx.window, field_label(f), box, &chosen, ctx.field_width)) {
    out.push_back(action::Choose{v.client, f, chosen});
  }
}

void form_error(std::string_view error) {
  if (!error.empty()) error_text(error);
}

void cancel_button(const ClientView& v, const PageContext& ctx, UiState& ui,
                   std::vector<GuiAction>& out) {
  ImGui::SameLine();
  if (button(ui, ctx.window, str(label::cancel).c_str())) click(out, v, label::cancel);
}

// ---------------------------------------------------------------------------
// [SECTION] Log in, home, menu
// ---------------------------------------------------------------------------

void login_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                std::vector<GuiAction>& out) {
  heading("Log in");
  muted_text(v.client == Client::website ? "Security system dealer website"
                                         : "Security system app");
  ImGui::Spacing();
  field(v, ctx, ui, out, Field::username, v.login.username);
  field(v, ctx, ui, out, Field::password, v.login.password, /*password=*/true);
  form_error(v.login.error);
  ImGui::Spacing();
  if (primary_button(ui, ctx.window, str(label::log_in).c_str())) {
    out.push_back(action::LogIn{v.client, v.login.username.value, v.login.password.value});
  }
}

void home_page(const ClientView& v) {
  heading(v.system_name.empty() ? "System" : v.system_name);
  for (const auto& p : v.partition_states)
    ImGui::BulletText("%s", p.c_str());
  ImGui::Spacing();
  muted_text(v.client == Client::website
                 ? "Choose Users to add or edit the people who can use this system."
                 : "Tap Menu, then Users, to add or edit the people who can use this system.");
}

void menu_page(const ClientView& v, const PageContext& ctx, UiState& ui,
               std::vector<GuiAction>& out) {
  heading("Menu");
  ImGui::Separator();
  const float w = ImGui::GetContentRegionAvail().x;
  if (ImGui::Selectable("Users", false, 0, ImVec2(w, ImGui::GetFrameHeight()))) {
    click(out, v, label::users);
  }
  record_item(ui, ctx.window, label::users);
  for (const char* other : {"Security System", "Locks", "Notifications", "Settings"}) {
    ImGui::BeginDisabled();
    ImGui::Selectable(other, false, 0, ImVec2(w, ImGui::GetFrameHeight()));
    ImGui::EndDisabled();
  }
  ImGui::Separator();
  if (button(ui, ctx.window, str(label::log_out).c_str())) click(out, v, label::log_out);
}

// ---------------------------------------------------------------------------
// [SECTION] Users list
// ---------------------------------------------------------------------------

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) {
    if (!s.empty()) s += ", ";
    s += n;
  }
  return s.empty() ? "-" : s;
}

void chips(const std::vector<SyncChip>& list, float wrap_width) {
  float x = 0.0f;
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.6f;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const float w =
        ImGui::CalcTextSize((list[i].device + " " + str(to_string(list[i].state))).c_str()).x +
        24.0f;
    if (i > 0) {
      if (x + spacing + w <= wrap_width) {
        ImGui::SameLine(0.0f, spacing);
        x += spacing;
      } else {
        x = 0.0f;
      }
    }
    sync_chip(list[i]);
    x += w;
  }
}

void users_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                std::vector<GuiAction>& out) {
  heading("Users");
  ImGui::SameLine(ImGui::GetContentRegionAvail().x -
                  ImGui::CalcTextSize(v.client == Client::website ? "Add New User" : "Add").x -
                  ImGui::GetStyle().FramePadding.x * 2.0f + ImGui::GetCursorPosX() -
                  ImGui::GetStyle().ItemSpacing.x);
  const std::string_view add = v.client == Client::website ? label::add_new_user : label::add;
  if (primary_button(ui, ctx.window, str(add).c_str())) click(out, v, add);
  ImGui::Separator();
  if (v.users.empty()) {
    muted_text("No users yet.");
    return;
  }
  if (ctx.compact) {
    for (const auto& u : v.users) {
      ImGui::PushID(u.name.c_str());
      if (ImGui::Selectable(u.name.c_str())) out.push_back(action::OpenUser{v.client, u.name});
      record_item(ui, ctx.window, "user/" + u.name);
      muted_text(u.role + " - " + joined(u.partitions) + "; " + joined(u.locks));
      chips(u.sync, ImGui::GetContentRegionAvail().x);
      ImGui::Separator();
      ImGui::PopID();
    }
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("users", 4, flags)) return;
  ImGui::TableSetupColumn("Name", 0, 1.3f);
  ImGui::TableSetupColumn("Partitions", 0, 1.0f);
  ImGui::TableSetupColumn("Locks", 0, 1.3f);
  ImGui::TableSetupColumn("Sync", 0, 2.2f);
  ImGui::TableHeadersRow();
  for (const auto& u : v.users) {
    ImGui::PushID(u.name.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(u.name.c_str(), false, ImGuiSelectableFlags_None)) {
      out.push_back(action::OpenUser{v.client, u.name});
    }
    record_item(ui, ctx.window, "user/" + u.name);
    muted_text(u.role);
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(joined(u.partitions).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(joined(u.locks).c_str());
    ImGui::PopTextWrapPos();
    ImGui::TableNextColumn();
    chips(u.sync, ImGui::GetContentRegionAvail().x);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

// ---------------------------------------------------------------------------
// [SECTION] Add New User
// ---------------------------------------------------------------------------

void new_user_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                   std::vector<GuiAction>& out) {
  heading("Add New User");
  muted_text("Enter the user's first and last name, and then " +
             str(v.client == Client::website ? "click" : "tap") + " Create.");
  ImGui::Spacing();
  field(v, ctx, ui, out, Field::first_name, v.new_user.first_name);
  field(v, ctx, ui, out, Field::last_name, v.new_user.last_name);
  form_error(v.new_user.error);
  ImGui::Spacing();
  if (primary_button(ui, ctx.window, str(label::create).c_str())) click(out, v, label::create);
  cancel_button(v, ctx, ui, out);
}

// ---------------------------------------------------------------------------
// [SECTION] Access Code form
// ---------------------------------------------------------------------------

void toggles(const ClientView& v, const PageContext& ctx, UiState& ui, std::vector<GuiAction>& out,
             const char* title, const std::vector<DeviceToggle>& list) {
  if (list.empty()) return;
  heading(title);
  for (const auto& t : list) {
    ImGui::PushID(title);
    ImGui::PushID(t.name.c_str());
    if (toggle_switch(ui, ctx.window, t.name, t.on)) {
      out.push_back(action::ToggleDevice{v.client, t.device, !t.on});
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(t.name.c_str());
    if (!t.error.empty()) {
      ImGui::Indent(ImGui::GetFrameHeight() * 1.8f + ImGui::GetStyle().ItemSpacing.x);
      error_text(t.error);
      ImGui::Unindent(ImGui::GetFrameHeight() * 1.8f + ImGui::GetStyle().ItemSpacing.x);
    }
    ImGui::PopID();
    ImGui::PopID();
  }
}

void access_code_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                      std::vector<GuiAction>& out) {
  const auto& f = v.access_code;
  heading(f.user_name.empty() ? "User" : f.user_name);
  ImGui::Spacing();

  // Access Code: masked unless the eye is open; the eye sits beside it.
  ImGui::TextUnformatted("Access Code");
  ImGui::SetNextItemWidth(ctx.field_width > 0 ? ctx.field_width : 200.0f);
  {
    ImGui::PushID("access_code");
    const std::string& text = f.access_code.value;
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CharsDecimal;
    if (!*ctx.reveal_code) flags |= ImGuiInputTextFlags_Password;
    char buffer[64] = {};
    text.copy(buffer, sizeof(buffer) - 1);
    if (!f.access_code.error.empty())
      ImGui::PushStyleColor(ImGuiCol_Border, colour::vec(colour::failed));
    const bool changed = ImGui::InputText("##Access Code", buffer, sizeof(buffer), flags);
    if (!f.access_code.error.empty()) ImGui::PopStyleColor();
    record_item(ui, ctx.window, "Access Code");
    if (changed) out.push_back(action::SetField{v.client, Field::access_code, buffer});
    ImGui::PopID();
  }
  ImGui::SameLine();
  if (eye_button(ui, ctx.window, "Access Code", *ctx.reveal_code)) {
    *ctx.reveal_code = !*ctx.reveal_code;
  }
  if (!f.code_rule.empty()) muted_text(f.code_rule);
  if (!f.access_code.error.empty()) error_text(f.access_code.error);

  ImGui::Spacing();
  toggles(v, ctx, ui, out, "Partitions", f.partitions);
  ImGui::Spacing();
  toggles(v, ctx, ui, out, "Locks", f.locks);
  ImGui::Spacing();
  form_error(f.error);
  if (primary_button(ui, ctx.window, str(label::save).c_str())) click(out, v, label::save);
  ImGui::SameLine();
  if (button(ui, ctx.window, str(label::back).c_str())) click(out, v, label::back);

  if (f.saved) {
    ImGui::Spacing();
    banner("Saved", kAllowFewMinutes, colour::accent);
    chips(f.sync, ImGui::GetContentRegionAvail().x);
  }

  ImGui::Spacing();
  ImGui::Separator();
  heading("Contacts");
  if (f.contacts.empty()) muted_text("No contacts.");
  for (const auto& c : f.contacts)
    ImGui::BulletText("%s", c.c_str());
  if (button(ui, ctx.window, str(label::add_contact).c_str())) click(out, v, label::add_contact);
}

// ---------------------------------------------------------------------------
// [SECTION] + Add Contact
// ---------------------------------------------------------------------------

void add_contact_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                      std::vector<GuiAction>& out) {
  heading("Add Contact");
  muted_text("How should " +
             (v.access_code.user_name.empty() ? str("this user") : v.access_code.user_name) +
             " be reached?");
  ImGui::Spacing();
  const ImVec2 size(ctx.field_width > 0 ? ctx.field_width : 0.0f, 0.0f);
  if (button(ui, ctx.window, str(label::mobile_number).c_str(), size))
    click(out, v, label::mobile_number);
  if (button(ui, ctx.window, str(label::email_address).c_str(), size))
    click(out, v, label::email_address);
  ImGui::Spacing();
  if (button(ui, ctx.window, str(label::cancel).c_str())) click(out, v, label::cancel);
}

void mobile_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                 std::vector<GuiAction>& out) {
  heading("Add Contact");
  field(v, ctx, ui, out, Field::mobile_number, v.mobile.number);
  choice(v, ctx, ui, out, Field::mobile_country, v.mobile.country);
  choice(v, ctx, ui, out, Field::mobile_carrier, v.mobile.carrier);
  form_error(v.mobile.error);
  ImGui::Spacing();
  if (primary_button(ui, ctx.window, str(label::save).c_str())) click(out, v, label::save);
  cancel_button(v, ctx, ui, out);
}

void email_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                std::vector<GuiAction>& out) {
  heading("Add Contact");
  field(v, ctx, ui, out, Field::email_address, v.email.address);
  choice(v, ctx, ui, out, Field::email_format, v.email.format);
  form_error(v.email.error);
  ImGui::Spacing();
  if (primary_button(ui, ctx.window, str(label::save).c_str())) click(out, v, label::save);
  cancel_button(v, ctx, ui, out);
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Entry point
// ---------------------------------------------------------------------------

void draw_client_page(const ClientView& v, const PageContext& ctx, UiState& ui,
                      std::vector<GuiAction>& out) {
  if (v.page != Page::login && v.system_armed) {
    banner(kArmedBannerTitle, kArmedBannerAdvice, colour::armed);
    ImGui::Spacing();
  }
  if (!v.notice.empty() && v.page != Page::login) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour::vec(colour::active));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(v.notice.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  switch (v.page) {
    case Page::login:
      login_page(v, ctx, ui, out);
      break;
    case Page::home:
      home_page(v);
      break;
    case Page::menu:
      menu_page(v, ctx, ui, out);
      break;
    case Page::users:
      users_page(v, ctx, ui, out);
      break;
    case Page::new_user:
      new_user_page(v, ctx, ui, out);
      break;
    case Page::access_code:
      access_code_page(v, ctx, ui, out);
      break;
    case Page::add_contact:
      add_contact_page(v, ctx, ui, out);
      break;
    case Page::mobile:
      mobile_page(v, ctx, ui, out);
      break;
    case Page::email:
      email_page(v, ctx, ui, out);
      break;
  }
}

}  // namespace lockstep::gui
