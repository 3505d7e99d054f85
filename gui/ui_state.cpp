#include "gui/ui_state.hpp"

namespace lockstep::gui {

std::optional<Rect> HitMap::find(std::string_view id) const {
  auto it = rects_.find(id);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> HitMap::ids() const {
  std::vector<std::string> out;
  out.reserve(rects_.size());
  for (const auto& [id, rect] : rects_)
    out.push_back(id);
  return out;
}

std::string_view window_title(WindowId id) {
  switch (id) {
    case WindowId::website:
      return "Website";
    case WindowId::app:
      return "App";
    case WindowId::panel:
      return "Panel and Keypads";
    case WindowId::lock_fleet:
      return "Lock Fleet";
    case WindowId::timeline:
      return "Timeline";
    case WindowId::time_control:
      return "Time";
    case WindowId::scenario_player:
      return "Scenario";
    case WindowId::outbox:
      return "Outbox";
  }
  return "?";
}

}  // namespace lockstep::gui
