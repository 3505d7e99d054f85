// Dear ImGui's draw data on SDL's software renderer, faster. SDL rasterises
// a triangle over its whole bounding box (through a temporary surface when it
// blends) but fills an axis-aligned rectangle with a blit. So:
//   - every square filled rectangle Dear ImGui draws as two triangles with the
//     font atlas's white pixel (window and child backgrounds, table rows,
//     headers, selections, straight non-antialiased lines) becomes
//     SDL_RenderFillRect;
//   - every glyph drawn one texel per pixel (the shell snaps fonts to pixels
//     there) becomes SDL_RenderCopy of its piece of the atlas in its colour;
//   - everything else (rounded shapes) goes to SDL_RenderGeometryRaw
//     unchanged, and the order of drawing is kept.
// Same pixels to within a rectangle's edge rounding. With square corners
// (app_shell.cpp) a 1,000-lock fleet frame takes about 11 ms instead of
// 170 ms (bench/gui_frame_bench.cpp). Accelerated renderers keep the stock
// backend.
#pragma once

struct SDL_Renderer;
struct ImDrawData;

namespace lockstep::gui {

// What ImGui_ImplSDLRenderer_RenderDrawData does (Dear ImGui 1.86), with the
// rectangles filled directly. Call after ImGui_ImplSDLRenderer_NewFrame()
// created the font texture.
void render_draw_data_software(SDL_Renderer* renderer, ImDrawData* draw_data);

}  // namespace lockstep::gui
