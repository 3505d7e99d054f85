// The Lock Fleet window: a table of every lock (name, model, partition,
// link, battery, slots used / total, pending operations), clipped so a fleet
// of 1,000 locks costs only the visible rows; and for the selected lock, its
// slots (user, status; codes masked) and its own keypad.
#include <algorithm>
#include <imgui.h>
#include <string>

#include "gui/format.hpp"
#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {
namespace {

using action::Key;

float lock_key_size() {
  return std::max(ImGui::GetFrameHeight() * 1.05f, 24.0f);
}

float keypad_display_height(int lines) {
  const ImFont* f = fonts().mono ? fonts().mono : ImGui::GetFont();
  return (f->FontSize + 2.0f) * static_cast<float>(lines) + 12.0f;
}

ImU32 link_colour(LockLink l) {
  switch (l) {
    case LockLink::online:
      return colour::active;
    case LockLink::asleep:
      return colour::muted;
    case LockLink::unreachable:
    case LockLink::dead:
      return colour::failed;
  }
  return colour::muted;
}

void fleet_table(const LockFleetView& v, UiState& ui, std::string_view window,
                 std::vector<GuiAction>& out, float height) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("locks", 7, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Lock", 0, 1.6f);
  ImGui::TableSetupColumn("Model", 0, 1.7f);
  ImGui::TableSetupColumn("Partition", 0, 1.0f);
  ImGui::TableSetupColumn("Link", 0, 1.0f);
  ImGui::TableSetupColumn("Battery", 0, 0.8f);
  ImGui::TableSetupColumn("Slots", 0, 0.8f);
  ImGui::TableSetupColumn("Pending", 0, 0.8f);
  ImGui::TableHeadersRow();

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(v.rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto index = static_cast<std::size_t>(i);
      const LockRow& r = v.rows[index];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      const bool selected = ui.selected_lock == index;
      if (ImGui::Selectable(r.name.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
        ui.selected_lock = index;
        out.push_back(action::SelectLock{index});
      }
      record_item(ui, window, "row/" + r.name);
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.model.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.partition.c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(colour::vec(r.jammed ? colour::failed : link_colour(r.link)), "%s",
                         r.jammed ? "jammed" : std::string(to_string(r.link)).c_str());
      ImGui::TableNextColumn();
      const ImU32 battery = r.battery_percent <= 15 ? colour::failed : IM_COL32(30, 34, 40, 255);
      ImGui::TextColored(colour::vec(battery), "%s", battery_text(r.battery_percent).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(slots_text(r.slots_used, r.slots_total).c_str());
      ImGui::TableNextColumn();
      if (r.pending_ops > 0) {
        ImGui::TextColored(colour::vec(colour::pending), "%zu", r.pending_ops);
      } else {
        ImGui::TextColored(colour::vec(colour::muted), "0");
      }
    }
  }
  ImGui::EndTable();
}

void slot_table(const LockDetail& d, float width, float height) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("slots", 4, flags, ImVec2(width, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Slot", 0, 0.5f);
  ImGui::TableSetupColumn("User", 0, 1.6f);
  ImGui::TableSetupColumn("Status", 0, 1.2f);
  ImGui::TableSetupColumn("Code", 0, 0.7f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(d.slots.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const SlotRow& s = d.slots[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", s.slot);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.user.empty() ? "-" : s.user.c_str());
      ImGui::TableNextColumn();
      const bool pending = s.status.rfind("pending", 0) == 0;
      const ImU32 c =
          pending ? colour::pending : (s.status == "available" ? colour::muted : colour::active);
      ImGui::TextColored(colour::vec(c), "%s", s.status.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.has_code ? kSlotCodeMask.data() : "");
    }
  }
  ImGui::EndTable();
}

// The selected lock's own keypad. A ten-key lock: 1-9, then Lock and 0;
// a five-button lock: 1-2 3-4 / 5-6 7-8 / 9-0 Lock (a press sends the lower
// digit of its pair).
float lock_keypad_height(bool five_button) {
  const float key = lock_key_size();
  const float gap = ImGui::GetStyle().ItemSpacing.y * 0.6f;
  const int rows = five_button ? 3 : 4;
  return ImGui::GetTextLineHeightWithSpacing() + keypad_display_height(1) +
         ImGui::GetStyle().ItemSpacing.y + static_cast<float>(rows) * (key + gap);
}

void lock_keypad(const LockDetail& d, const LockRow& row, UiState& ui, std::string_view window,
                 std::vector<GuiAction>& out) {
  const float key = lock_key_size();
  const float gap = ImGui::GetStyle().ItemSpacing.x * 0.6f;
  ImGui::BeginGroup();
  // The bolt's state heads the display: "Locked" / "Unlocked", then what
  // the lock's keypad shows.
  ImGui::TextColored(colour::vec(d.bolt_locked ? colour::armed : colour::disarmed), "%s",
                     d.bolt_locked ? "Locked" : "Unlocked");
  keypad_display(d.keypad_display, key * 3.0f + gap * 2.0f, 1);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  ImGui::PushID("lock keypad");
  auto press = [&](const char* text, Key k, ImVec2 size, ImU32 c = 0) {
    const std::string id = "keypad/" + row.name + "/" + text;
    if (keypad_key(ui, window, id, text, size, c)) {
      out.push_back(action::PressLockKey{d.lock, k});
    }
  };
  if (d.five_button_keypad) {
    static constexpr const char* kPairs[6] = {"1-2", "3-4", "5-6", "7-8", "9-0", "Lock"};
    static constexpr Key kPairKeys[6] = {Key::d1, Key::d3, Key::d5, Key::d7, Key::d9, Key::lock};
    const ImVec2 size((key * 3.0f + gap) * 0.5f, key);
    for (int i = 0; i < 6; ++i) {
      if (i % 2 == 1) ImGui::SameLine();
      press(kPairs[i], kPairKeys[i], size, kPairKeys[i] == Key::lock ? colour::armed : 0);
    }
  } else {
    static constexpr const char* kDigits[3][3] = {
        {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}};
    static constexpr Key kKeys[3][3] = {
        {Key::d1, Key::d2, Key::d3}, {Key::d4, Key::d5, Key::d6}, {Key::d7, Key::d8, Key::d9}};
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        if (c > 0) ImGui::SameLine();
        press(kDigits[r][c], kKeys[r][c], ImVec2(key, key));
      }
    }
    press("Lock", Key::lock, ImVec2(key * 2.0f + gap, key), colour::armed);
    ImGui::SameLine();
    press("0", Key::d0, ImVec2(key, key));
  }
  ImGui::PopID();
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

}  // namespace

void draw_lock_fleet(const LockFleetView& v, UiState& ui, std::vector<GuiAction>& out) {
  const std::string_view title = window_title(WindowId::lock_fleet);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  std::size_t pending = 0, offline = 0;
  for (const auto& r : v.rows) {
    pending += r.pending_ops;
    if (r.link == LockLink::unreachable || r.link == LockLink::dead) ++offline;
  }
  ImGui::Text("%zu locks", v.rows.size());
  ImGui::SameLine();
  muted_text(std::to_string(pending) + " operations pending, " + std::to_string(offline) +
             " unreachable or dead");

  const bool detail = v.selected && v.selected->lock < v.rows.size();
  const float avail = ImGui::GetContentRegionAvail().y;
  const float detail_h = detail ? lock_keypad_height(v.selected->five_button_keypad) +
                                      ImGui::GetTextLineHeightWithSpacing() +
                                      ImGui::GetStyle().ItemSpacing.y
                                : 0.0f;
  const float min_table = ImGui::GetTextLineHeightWithSpacing() * 4.0f + 8.0f;
  fleet_table(v, ui, title, out, detail ? std::max(avail - detail_h, min_table) : 0.0f);
  if (!detail) {
    if (v.rows.empty()) muted_text("No locks.");
    ImGui::End();
    return;
  }
  const LockDetail& d = *v.selected;
  heading("Slots of " + v.rows[d.lock].name);
  const float keypad_w = lock_key_size() * 3.0f + 24.0f;
  slot_table(d, std::max(ImGui::GetContentRegionAvail().x - keypad_w - 16.0f, 120.0f),
             lock_keypad_height(d.five_button_keypad));
  ImGui::SameLine(0.0f, 16.0f);
  lock_keypad(d, v.rows[d.lock], ui, title, out);
  ImGui::End();
}

}  // namespace lockstep::gui
