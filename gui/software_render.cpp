#include "gui/software_render.hpp"

#include <SDL.h>
#include <cmath>
#include <cstddef>
#include <imgui.h>
#include <initializer_list>

namespace lockstep::gui {
namespace {

// Indices p[0..5] of two triangles forming an axis-aligned rectangle a, b,
// c, a, c, d in one colour with every UV the white pixel: what
// ImDrawList::PrimRect writes (a = min, c = max), and what a non-antialiased
// horizontal or vertical line segment writes (any two opposite corners).
// The rectangle's min and max corners in *lo, *hi.
bool is_solid_rect(const ImDrawVert* v, const ImDrawIdx* p, ImVec2 white, ImVec2* lo, ImVec2* hi) {
  if (p[3] != p[0] || p[4] != p[2]) return false;
  const ImDrawVert& a = v[p[0]];
  const ImDrawVert& b = v[p[1]];
  const ImDrawVert& c = v[p[2]];
  const ImDrawVert& d = v[p[5]];
  const bool ab_horizontal =
      a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x;
  const bool ab_vertical =
      a.pos.x == b.pos.x && b.pos.y == c.pos.y && c.pos.x == d.pos.x && d.pos.y == a.pos.y;
  if (!ab_horizontal && !ab_vertical) return false;
  if (a.col != b.col || a.col != c.col || a.col != d.col) return false;
  for (const ImDrawVert* x : {&a, &b, &c, &d})
    if (x->uv.x != white.x || x->uv.y != white.y) return false;
  *lo = ImVec2(a.pos.x < c.pos.x ? a.pos.x : c.pos.x, a.pos.y < c.pos.y ? a.pos.y : c.pos.y);
  *hi = ImVec2(a.pos.x < c.pos.x ? c.pos.x : a.pos.x, a.pos.y < c.pos.y ? c.pos.y : a.pos.y);
  return lo->x < hi->x && lo->y < hi->y;
}

// A glyph (ImDrawList::PrimRectUV): the same corners, one colour, UVs
// spanning whole texels, as many as the destination has pixels (a 1:1 copy;
// the destination lands on the nearest whole pixel, the pixels whose centres
// the two triangles cover).
bool is_copy_rect(const ImDrawVert* v, const ImDrawIdx* p, ImVec2 tex_size, SDL_Rect* src) {
  if (p[3] != p[0] || p[4] != p[2]) return false;
  const ImDrawVert& a = v[p[0]];
  const ImDrawVert& b = v[p[1]];
  const ImDrawVert& c = v[p[2]];
  const ImDrawVert& d = v[p[5]];
  if (a.pos.y != b.pos.y || b.pos.x != c.pos.x || c.pos.y != d.pos.y || d.pos.x != a.pos.x)
    return false;
  if (a.uv.y != b.uv.y || b.uv.x != c.uv.x || c.uv.y != d.uv.y || d.uv.x != a.uv.x) return false;
  if (a.col != b.col || a.col != c.col || a.col != d.col) return false;
  const float sx = a.uv.x * tex_size.x, sy = a.uv.y * tex_size.y;
  const float sw = (c.uv.x - a.uv.x) * tex_size.x, sh = (c.uv.y - a.uv.y) * tex_size.y;
  const float dw = c.pos.x - a.pos.x, dh = c.pos.y - a.pos.y;
  auto whole = [](float f) { return f == static_cast<float>(static_cast<int>(f)); };
  if (!(dw > 0 && dh > 0) || sw != dw || sh != dh) return false;
  if (!whole(sx) || !whole(sy) || !whole(sw) || !whole(sh)) return false;
  *src = {static_cast<int>(sx), static_cast<int>(sy), static_cast<int>(sw), static_cast<int>(sh)};
  return true;
}

}  // namespace

void render_draw_data_software(SDL_Renderer* renderer, ImDrawData* draw_data) {
  float rsx = 1.0f, rsy = 1.0f;
  SDL_RenderGetScale(renderer, &rsx, &rsy);
  const ImVec2 scale(rsx == 1.0f ? draw_data->FramebufferScale.x : 1.0f,
                     rsy == 1.0f ? draw_data->FramebufferScale.y : 1.0f);
  const int fb_width = static_cast<int>(draw_data->DisplaySize.x * scale.x);
  const int fb_height = static_cast<int>(draw_data->DisplaySize.y * scale.y);
  if (fb_width <= 0 || fb_height <= 0) return;

  SDL_Rect old_viewport{}, old_clip{};
  const bool old_clip_enabled = SDL_RenderIsClipEnabled(renderer) == SDL_TRUE;
  SDL_RenderGetViewport(renderer, &old_viewport);
  SDL_RenderGetClipRect(renderer, &old_clip);
  SDL_RenderSetViewport(renderer, nullptr);
  SDL_RenderSetClipRect(renderer, nullptr);

  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const ImVec2 white = atlas->TexUvWhitePixel;
  const ImVec2 atlas_size(static_cast<float>(atlas->TexWidth),
                          static_cast<float>(atlas->TexHeight));
  const ImVec2 clip_off = draw_data->DisplayPos;
  for (int n = 0; n < draw_data->CmdListsCount; ++n) {
    const ImDrawList* list = draw_data->CmdLists[n];
    for (int ci = 0; ci < list->CmdBuffer.Size; ++ci) {
      const ImDrawCmd* cmd = &list->CmdBuffer[ci];
      if (cmd->UserCallback != nullptr) {
        if (cmd->UserCallback != ImDrawCallback_ResetRenderState) cmd->UserCallback(list, cmd);
        continue;
      }
      ImVec2 lo((cmd->ClipRect.x - clip_off.x) * scale.x, (cmd->ClipRect.y - clip_off.y) * scale.y);
      ImVec2 hi((cmd->ClipRect.z - clip_off.x) * scale.x, (cmd->ClipRect.w - clip_off.y) * scale.y);
      if (lo.x < 0.0f) lo.x = 0.0f;
      if (lo.y < 0.0f) lo.y = 0.0f;
      if (hi.x > static_cast<float>(fb_width)) hi.x = static_cast<float>(fb_width);
      if (hi.y > static_cast<float>(fb_height)) hi.y = static_cast<float>(fb_height);
      if (hi.x <= lo.x || hi.y <= lo.y) continue;
      const SDL_Rect clip{static_cast<int>(lo.x), static_cast<int>(lo.y),
                          static_cast<int>(hi.x - lo.x), static_cast<int>(hi.y - lo.y)};
      SDL_RenderSetClipRect(renderer, &clip);

      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd->VtxOffset;
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd->IdxOffset;
      const int vtx_count = list->VtxBuffer.Size - static_cast<int>(cmd->VtxOffset);
      auto* tex = static_cast<SDL_Texture*>(cmd->GetTexID());
      const auto* base = reinterpret_cast<const char*>(vtx);
      const bool font_texture = cmd->GetTexID() == atlas->TexID && tex != nullptr;
      bool modulated = false;  // the texture's colour mod was set for a glyph
      auto geometry = [&](std::size_t from, std::size_t to) {
        if (to <= from) return;
        if (modulated) {
          SDL_SetTextureColorMod(tex, 255, 255, 255);
          SDL_SetTextureAlphaMod(tex, 255);
          modulated = false;
        }
        SDL_RenderGeometryRaw(renderer, tex,
                              reinterpret_cast<const float*>(base + offsetof(ImDrawVert, pos)),
                              static_cast<int>(sizeof(ImDrawVert)),
                              reinterpret_cast<const SDL_Color*>(base + offsetof(ImDrawVert, col)),
                              static_cast<int>(sizeof(ImDrawVert)),
                              reinterpret_cast<const float*>(base + offsetof(ImDrawVert, uv)),
                              static_cast<int>(sizeof(ImDrawVert)), vtx_count, idx + from,
                              static_cast<int>(to - from), static_cast<int>(sizeof(ImDrawIdx)));
      };

      const std::size_t count = cmd->ElemCount;
      std::size_t pending = 0;  // first index not yet drawn
      std::size_t i = 0;
      while (i + 3 <= count) {
        if (ImVec2 r0, r1; i + 6 <= count && is_solid_rect(vtx, idx + i, white, &r0, &r1)) {
          geometry(pending, i);
          const ImU32 col = vtx[idx[i]].col;
          const auto alpha = static_cast<Uint8>(col >> IM_COL32_A_SHIFT);
          if (alpha != 0) {
            SDL_SetRenderDrawBlendMode(renderer,
                                       alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(col >> IM_COL32_R_SHIFT),
                                   static_cast<Uint8>(col >> IM_COL32_G_SHIFT),
                                   static_cast<Uint8>(col >> IM_COL32_B_SHIFT), alpha);
            const SDL_FRect r{r0.x * scale.x, r0.y * scale.y, (r1.x - r0.x) * scale.x,
                              (r1.y - r0.y) * scale.y};
            SDL_RenderFillRectF(renderer, &r);
          }
          i += 6;
          pending = i;
        } else if (SDL_Rect src{}; i + 6 <= count && font_texture && scale.x == 1.0f &&
                                   scale.y == 1.0f &&
                                   is_copy_rect(vtx, idx + i, atlas_size, &src)) {
          geometry(pending, i);
          const ImDrawVert& a = vtx[idx[i]];
          const ImU32 col = a.col;
          SDL_SetTextureColorMod(tex, static_cast<Uint8>(col >> IM_COL32_R_SHIFT),
                                 static_cast<Uint8>(col >> IM_COL32_G_SHIFT),
                                 static_cast<Uint8>(col >> IM_COL32_B_SHIFT));
          SDL_SetTextureAlphaMod(tex, static_cast<Uint8>(col >> IM_COL32_A_SHIFT));
          modulated = true;
          const SDL_Rect dst{static_cast<int>(std::lround(a.pos.x)),
                             static_cast<int>(std::lround(a.pos.y)), src.w, src.h};
          SDL_RenderCopy(renderer, tex, &src, &dst);
          i += 6;
          pending = i;
        } else {
          i += 3;
        }
      }
      geometry(pending, count);
      if (modulated) {
        SDL_SetTextureColorMod(tex, 255, 255, 255);
        SDL_SetTextureAlphaMod(tex, 255);
      }
    }
  }

  SDL_RenderSetViewport(renderer, &old_viewport);
  SDL_RenderSetClipRect(renderer, old_clip_enabled ? &old_clip : nullptr);
}

}  // namespace lockstep::gui
