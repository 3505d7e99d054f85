// The Timeline window: the trace as a scrolling list in virtual time,
// filtered by a text typed by the trainer; clicking a row of an edit follows
// that edit (website → cloud → panel → each lock). Clipped: only visible rows
// are drawn, and the filtered index is cached (gui/format.hpp).
#include <imgui.h>
#include <string>

#include "gui/format.hpp"
#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_timeline(const TimelineView& v, UiState& ui, std::vector<GuiAction>& /*out*/) {
  const std::string_view title = window_title(WindowId::timeline);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  char filter[128] = {};
  ui.timeline_filter.copy(filter, sizeof(filter) - 1);
  ImGui::SetNextItemWidth(220.0f);
  if (ImGui::InputTextWithHint("##filter", "Filter (component, kind, text)", filter,
                               sizeof(filter))) {
    ui.timeline_filter = filter;
  }
  record_item(ui, title, "Filter");
  ImGui::SameLine();
  ImGui::Checkbox("Follow new events", &ui.timeline_follow_tail);
  record_item(ui, title, "Follow new events");
  if (!ui.timeline_thread.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(colour::vec(colour::accent), "Following %s", ui.timeline_thread.c_str());
    ImGui::SameLine();
    if (button(ui, title, "Show all")) ui.timeline_thread.clear();
  }

  refresh_timeline_cache(v, ui);
  const auto& visible = ui.timeline_cache.visible;
  ImGui::SameLine();
  muted_text(std::to_string(visible.size()) + " / " + std::to_string(v.rows.size()) + " events");

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("trace", 4, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Time", 0, 0.9f);
    ImGui::TableSetupColumn("Component", 0, 0.9f);
    ImGui::TableSetupColumn("Kind", 0, 1.1f);
    ImGui::TableSetupColumn("Summary", 0, 3.2f);
    ImGui::TableHeadersRow();
    if (fonts().mono) ImGui::PushFont(fonts().mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TimelineRow& r = v.rows[visible[static_cast<std::size_t>(i)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(i);
        const bool followed = !r.thread.empty() && r.thread == ui.timeline_thread;
        if (ImGui::Selectable(r.time.c_str(), followed, ImGuiSelectableFlags_SpanAllColumns) &&
            !r.thread.empty()) {
          ui.timeline_thread = followed ? std::string() : r.thread;
        }
        if (!r.thread.empty() && ImGui::IsItemHovered()) {
          ImGui::SetTooltip("Click to follow %s", r.thread.c_str());
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.component.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(colour::vec(colour::accent), "%s", r.kind.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.summary.c_str());
      }
    }
    if (fonts().mono) ImGui::PopFont();
    if (ui.timeline_follow_tail && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) {
      ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace lockstep::gui
