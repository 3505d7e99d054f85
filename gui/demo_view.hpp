// PLACEHOLDER until devices::Site lands: views built from a world's static
// data (its partitions, keypads, locks and initial users, as the world file
// seeds them), so `lockstep gui` opens and can be clicked through today.
//
// Nothing here is simulated and no rule is applied: the DemoController walks
// the article's pages (log in, Users, Add New User, Create, Access Code,
// toggles, + Add Contact, ...) and echoes what is typed, but Save sends
// nothing anywhere, no sync chip is shown, the clock does not move and the
// keypads only echo masked key presses. Every view says so in its source
// line. The real controller replaces this file: it builds the views from the
// Site and sends actions through the cloud's service API.
#pragma once

#include <optional>
#include <string>

#include "devices/world.hpp"
#include "gui/controller.hpp"
#include "gui/view_model.hpp"

namespace lockstep::gui {

struct DemoOptions {
  Speed speed = Speed::x1;
  std::string scenario_file;  // shown, not played (the runner is not wired)
};

// The views of `world` at its start, before anything ran.
Views build_demo_views(const devices::World& world, const DemoOptions& options = {});

class DemoController final : public Controller {
 public:
  explicit DemoController(devices::World world, DemoOptions options = {});
  const Views& views() override { return views_; }
  void apply(const GuiAction& action) override;
  void advance(double /*wall_seconds*/) override {}

 private:
  ClientView& client(Client c);
  void click(ClientView& v, const std::string& label);
  void open_user_form(ClientView& v, const std::string& name);
  void select_lock(std::size_t index);

  devices::World world_;
  DemoOptions options_;
  Views views_;
};

}  // namespace lockstep::gui
