// The Outbox window: every notification sent to a contact, rendered as it
// was sent (an SMS through its carrier, an email in its format).
#include <imgui.h>
#include <string>

#include "gui/widgets.hpp"
#include "gui/windows/windows.hpp"

namespace lockstep::gui {

void draw_outbox(const OutboxView& v, UiState& /*ui*/, std::vector<GuiAction>& /*out*/) {
  const std::string_view title = window_title(WindowId::outbox);
  if (!ImGui::Begin(std::string(title).c_str())) {
    ImGui::End();
    return;
  }
  if (v.messages.empty()) muted_text("No notifications sent yet.");
  // Newest first: the trainer looks for what just went out.
  for (std::size_t n = v.messages.size(); n-- > 0;) {
    const Notification& m = v.messages[n];
    ImGui::PushID(static_cast<int>(n));
    heading(m.channel);
    ImGui::SameLine();
    muted_text(m.time);
    muted_text("to " + m.to);
    if (!m.subject.empty()) ImGui::Text("Subject: %s", m.subject.c_str());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(m.body.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace lockstep::gui
