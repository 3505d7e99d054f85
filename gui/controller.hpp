// What the GUI talks to: a source of views and a sink of actions. The real
// one, SiteController (gui/site_controller.hpp), owns a devices::Site and
// paces its virtual time: it rebuilds the views from the site and sends each
// action through the cloud's service API, as the scenario runner and the
// HTTP server do. Tests may implement it to draw any views they like.
#pragma once

#include "gui/view_model.hpp"

namespace lockstep::gui {

class Controller {
 public:
  virtual ~Controller() = default;
  // The views to draw this frame.
  virtual const Views& views() = 0;
  // One thing the person did (in the order they did it).
  virtual void apply(const GuiAction& action) = 0;
  // Wall-clock seconds since the last frame: paces virtual time.
  virtual void advance(double wall_seconds) = 0;
};

}  // namespace lockstep::gui
