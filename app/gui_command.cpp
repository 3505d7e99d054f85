// lockstep gui [--world FILE] [--scenario FILE] [--speed X] [--demo-add-user "First Last"]
//              [--screenshot FILE.png [--at DURATION] [--size WxH]]
//
// Opens the trainer GUI (SDL2 + Dear ImGui): the website and app flows, the
// panel and keypads, the lock fleet, the timeline, time control, the scenario
// player and the outbox. With --screenshot it renders headless (SDL's
// offscreen driver, software renderer) and writes a PNG, no display needed.
//
// The windows show one simulated site (gui/site_controller.hpp): the world
// file's (or the built-in default world), paced in virtual time. --at runs it
// that long in virtual time before the screenshot.
#include <charconv>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.hpp"
#include "devices/catalog.hpp"
#include "devices/world.hpp"
#include "gui/gui.hpp"
#include "gui/site_controller.hpp"
#include "gui/view_model.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/site_executor.hpp"
#include "sim/time.hpp"

namespace lockstep::app {
namespace {

struct Size {
  int width = 0;
  int height = 0;
};

// "1600x1000" → {1600, 1000}; each side 64..8192.
std::optional<Size> parse_size(const std::string& text) {
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) return std::nullopt;
  Size s;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [p1, e1] = std::from_chars(begin, begin + x, s.width);
  auto [p2, e2] = std::from_chars(begin + x + 1, end, s.height);
  if (e1 != std::errc() || e2 != std::errc() || p1 != begin + x || p2 != end) return std::nullopt;
  if (s.width < 64 || s.height < 64 || s.width > 8192 || s.height > 8192) return std::nullopt;
  return s;
}

struct Options {
  std::string world_file;
  std::string scenario_file;
  std::string speed = "1x";
  std::string screenshot;
  std::string at = "0s";
  std::string size = "1600x1000";
  std::string demo_add_user;  // "First Last"
};

int run(const Options& opt, bool size_given, bool at_given) {
  const bool paused = opt.speed == "paused" || opt.speed == "pause" || opt.speed == "0";
  const auto speed =
      paused ? std::optional<gui::Speed>(gui::Speed::x1) : gui::parse_speed(opt.speed);
  if (!speed) {
    std::cerr << "lockstep gui: --speed " << opt.speed
              << ": expected paused, 1x, 10x, 60x or max (as fast as possible)\n";
    return 2;
  }
  const auto size = parse_size(opt.size);
  if (!size) {
    std::cerr << "lockstep gui: --size " << opt.size
              << ": expected WIDTHxHEIGHT in pixels, each 64 to 8192, e.g. 1600x1000\n";
    return 2;
  }
  const auto at = sim::parse_duration(opt.at);
  if (!at) {
    std::cerr << "lockstep gui: --at " << opt.at << ": " << at.error << "\n";
    return 2;
  }
  if (at_given && opt.screenshot.empty()) {
    std::cerr << "lockstep gui: --at only applies with --screenshot FILE.png\n";
    return 2;
  }
  if (!opt.screenshot.empty()) {
    const auto parent = std::filesystem::path(opt.screenshot).parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
      std::cerr << "lockstep gui: --screenshot " << opt.screenshot << ": no folder "
                << parent.string() << "\n";
      return 2;
    }
  }
  std::optional<devices::World> world;
  if (!opt.scenario_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(opt.scenario_file, ec)) {
      std::cerr << "lockstep gui: --scenario " << opt.scenario_file << ": no such file\n";
      return 2;
    }
    auto document = scenarios::parse_scenario_file(opt.scenario_file);
    if (!document) {
      std::cerr << document.error_text();
      return 2;
    }
    // The scenario's own world (its overrides merged, as the executor does),
    // unless --world names another.
    if (opt.world_file.empty()) {
      auto loaded = scenarios::load_scenario_world(document->scenario);
      if (!loaded) {
        std::cerr << loaded.error_text();
        return 2;
      }
      world = std::move(*loaded);
    }
  }
  if (!world && opt.world_file.empty()) world = devices::default_world();
  if (!world) {
    auto loaded = devices::load_world_file(opt.world_file, devices::Catalog::builtin());
    if (!loaded) {
      std::cerr << loaded.error_text();
      return 2;
    }
    world = std::move(*loaded);
  }

  gui::SiteControllerOptions options;
  options.speed = *speed;
  options.paused = paused;
  options.scenario_file = opt.scenario_file;
  gui::SiteController controller(std::move(*world), options);
  if (!opt.demo_add_user.empty()) {
    const auto space = opt.demo_add_user.find(' ');
    const std::string first = opt.demo_add_user.substr(0, space);
    const std::string last = space == std::string::npos ? "" : opt.demo_add_user.substr(space + 1);
    const auto saved = controller.add_user_on_the_website(first, last);
    if (!saved.ok) {
      std::cerr << "lockstep gui: --demo-add-user " << opt.demo_add_user << ": " << saved.message
                << "\n";
      return 2;
    }
  }

  std::string error;
  if (!opt.screenshot.empty()) {
    controller.run_for(*at);
    if (!gui::render_screenshot(controller, opt.screenshot, size->width, size->height, &error)) {
      std::cerr << "lockstep gui: " << error << "\n";
      return 1;
    }
    std::cout << "wrote " << opt.screenshot << " (" << size->width << "x" << size->height << ")\n";
    return 0;
  }
  gui::ShellOptions shell;
  shell.title = controller.views().title;
  if (size_given) {
    shell.width = size->width;
    shell.height = size->height;
  }
  if (!gui::run_window(controller, shell, &error)) {
    std::cerr << "lockstep gui: " << error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

Command add_gui_command(CLI::App& app) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "gui",
      "Open the trainer GUI: website and app flows, panel and keypads, lock fleet, timeline, "
      "time control, scenario player, outbox. --screenshot renders a PNG with no display.");
  cmd->add_option("--world", opt->world_file,
                  "a world file (YAML; default: the built-in default world)");
  cmd->add_option("--scenario", opt->scenario_file, "a scenario to play step by step");
  cmd->add_option("--speed", opt->speed, "paused, 1x, 10x, 60x or max (as fast as possible)")
      ->capture_default_str();
  cmd->add_option("--demo-add-user", opt->demo_add_user,
                  "start as if the trainer had just added this user (\"First Last\") on the "
                  "website: a generated code, every partition and lock on, saved");
  cmd->add_option("--screenshot", opt->screenshot,
                  "render headless and write this PNG instead of opening a window");
  auto* at =
      cmd->add_option("--at", opt->at, "with --screenshot: virtual time to run first, e.g. 5m");
  auto* size = cmd->add_option("--size", opt->size, "window or screenshot size, WIDTHxHEIGHT")
                   ->capture_default_str();
  return [opt, at, size] { return run(*opt, size->count() > 0, at->count() > 0); };
}

}  // namespace lockstep::app
