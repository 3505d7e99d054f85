// The widgets every window shares, on top of Dear ImGui: buttons and fields
// that record themselves in the hit map, the toggle switch of the Access
// Code form, the reveal eye, sync chips, banners, keypad keys. Each takes the
// view's value and returns whether a person changed it; none holds state.
#pragma once

#include <cstddef>
#include <imgui.h>
#include <string>
#include <string_view>

#include "gui/ui_state.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

// Fonts loaded by the app shell (all the default font when no TTF is found).
struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* large = nullptr;  // captions, the keypad display
  ImFont* mono = nullptr;   // the timeline, slot tables
};
Fonts& fonts();

// Whether the open shell draws with SDL's software renderer, which fills a
// triangle at the cost of its bounding box: a large rounded shape (a fan of
// triangles each as big as the shape) costs milliseconds there. Set by the
// app shell.
void set_software_rendering(bool on);
bool software_rendering();
// The corner radius for a large shape: `r`, or 0 under the software renderer.
float large_rounding(float r);

// Colours of states, shared by every window.
namespace colour {
inline constexpr ImU32 active = IM_COL32(34, 134, 58, 255);
inline constexpr ImU32 pending = IM_COL32(191, 128, 0, 255);
inline constexpr ImU32 failed = IM_COL32(200, 38, 46, 255);
inline constexpr ImU32 muted = IM_COL32(120, 126, 134, 255);
inline constexpr ImU32 accent = IM_COL32(30, 102, 196, 255);
inline constexpr ImU32 armed = IM_COL32(200, 38, 46, 255);
inline constexpr ImU32 disarmed = IM_COL32(34, 134, 58, 255);
ImU32 of(SyncState state);
ImVec4 vec(ImU32 c);
}  // namespace colour

// The light theme: readable on a projector, like the website it shows.
void apply_theme();

// Where the widget just drawn is: recorded as "<window>/<id>".
void record_item(UiState& ui, std::string_view window, std::string_view id);

// A button recorded under its visible label (the part before "##").
bool button(UiState& ui, std::string_view window, const char* label, ImVec2 size = {0, 0});
// A primary (filled, accent-coloured) button.
bool primary_button(UiState& ui, std::string_view window, const char* label, ImVec2 size = {0, 0});
// A text link, as the website's navigation draws them.
bool link(UiState& ui, std::string_view window, const char* label);

// A labelled single-line text field showing `value`; returns true when the
// person edited it, with the whole new text in *edited. The label is drawn
// above the field, the error (if any) below it in red. Recorded under `label`.
bool text_field(UiState& ui, std::string_view window, std::string_view label,
                const TextField& field, std::string* edited, bool password = false,
                float width = -1.0f);

// A dropdown; returns true with *chosen when the person picked an option.
bool dropdown(UiState& ui, std::string_view window, std::string_view label, const Dropdown& box,
              std::size_t* chosen, float width = -1.0f);

// An iOS-style toggle switch; returns true when clicked (the caller asks for
// the opposite of `on`). Recorded as "toggle/<id>".
bool toggle_switch(UiState& ui, std::string_view window, std::string_view id, bool on);

// The eye next to a masked field; returns true when clicked.
bool eye_button(UiState& ui, std::string_view window, std::string_view id, bool revealed);

// A coloured pill "Front Door: pending"; hovering shows its detail.
void sync_chip(const SyncChip& chip);

void error_text(std::string_view text);
void muted_text(std::string_view text);
void heading(std::string_view text);
// A full-width coloured box with a bold title and a sentence.
void banner(std::string_view title, std::string_view text, ImU32 colour);

// One key of a keypad, size x size; returns true when pressed. Recorded as
// "<id>".
bool keypad_key(UiState& ui, std::string_view window, std::string_view id, const char* label,
                ImVec2 size, ImU32 colour = 0);
// A keypad's display: dark green LCD, text in the large font.
void keypad_display(std::string_view text, float width, int lines = 2);

}  // namespace lockstep::gui
