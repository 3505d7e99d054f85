#include "gui/layout.hpp"

#include <algorithm>
#include <cmath>

namespace lockstep::gui {

std::array<Rect, kWindowCount> tiled_layout(float width, float height, float toolbar,
                                            bool scenario) {
  std::array<Rect, kWindowCount> out{};
  auto at = [&](WindowId id) -> Rect& { return out[static_cast<std::size_t>(id)]; };
  const float top = std::clamp(toolbar, 0.0f, height);
  // Three columns (website, the phone-sized app, the devices) over two bands:
  // the flows and devices above; scenario captions, outbox and timeline below.
  const float app_w =
      std::clamp(std::round(width * 0.2f), std::min(width, 320.0f), std::min(width, 400.0f));
  const float rest = width - app_w;
  const float x1 = std::round(rest * 0.44f);
  const float x2 = x1 + app_w;
  const float body = height - top;
  const float band = top + std::round(body * (scenario ? 0.64f : 0.72f));
  const float y_panel = top + std::round((band - top) * 0.47f);

  at(WindowId::time_control) = {0, 0, width, top};
  at(WindowId::website) = {0, top, x1, band};
  at(WindowId::app) = {x1, top, x2, band};
  at(WindowId::panel) = {x2, top, width, y_panel};
  at(WindowId::lock_fleet) = {x2, y_panel, width, band};
  if (scenario) {
    // The player spans the website and app columns: its captions are for a class.
    const float y_outbox = band + std::round((height - band) * 0.55f);
    at(WindowId::scenario_player) = {0, band, x2, height};
    at(WindowId::timeline) = {x2, band, width, y_outbox};
    at(WindowId::outbox) = {x2, y_outbox, width, height};
    return out;
  }
  at(WindowId::scenario_player) = {0, band, x1, height};
  at(WindowId::outbox) = {x1, band, x2, height};
  at(WindowId::timeline) = {x2, band, width, height};
  return out;
}

}  // namespace lockstep::gui
