// The pages of the article's flows, shared by the Website and App windows:
// log in, Users, Add New User (name, Create), the Access Code form (code with
// the reveal eye, a toggle per partition and per lock, Save), + Add Contact
// (Mobile Number or Email Address). The website and the app differ only in
// their frame and in how Users is reached (the app's Menu).
#pragma once

#include <string_view>
#include <vector>

#include "gui/ui_state.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

struct PageContext {
  std::string_view window;  // hit-map prefix: "Website" / "App"
  bool* reveal_code;        // the eye's state for this client
  float field_width;        // width of text fields and dropdowns
  bool compact;             // the phone: stack instead of tables
};

// The armed banner (when armed) and the current page's content.
void draw_client_page(const ClientView& view, const PageContext& ctx, UiState& ui,
                      std::vector<GuiAction>& out);

}  // namespace lockstep::gui
