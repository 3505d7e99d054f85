// lockstep gui [--world FILE] [--scenario FILE [--steps N]] [--speed X]
//              [--demo-add-user "First Last"]
//              [--screenshot FILE.png [--at DURATION] [--size WxH]]
//
// Opens the trainer GUI (SDL2 + Dear ImGui): the website and app flows, the
// panel and keypads, the lock fleet, the timeline, time control, the scenario
// player and the outbox. With --screenshot it renders headless (SDL's
// offscreen driver, software renderer) and writes a PNG, no display needed.
//
// The windows show one simulated site (gui/site_controller.hpp): the world
// file's (or the built-in default world), paced in virtual time; with
// --scenario, the scenario's run (its world, its seed), which the Scenario
// window plays step by step. --steps N plays its first N steps before the
// window opens or the screenshot is taken; --at then runs that long in
// virtual time.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "app/commands.hpp"
#include "devices/catalog.hpp"
#include "devices/world.hpp"
#include "gui/gui.hpp"
#include "gui/site_controller.hpp"
#include "gui/view_model.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario_session.hpp"
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
  std::string steps;          // --steps N: the scenario's first N steps
  bool steps_given = false;
};

// The steps the Scenario window counts: all but the `say:` captions.
std::size_t player_steps(const scenarios::ScenarioDocument& document) {
  return static_cast<std::size_t>(std::count_if(
      document.steps.begin(), document.steps.end(),
      [](const scenarios::Step& s) { return !std::holds_alternative<scenarios::Say>(s.action); }));
}

// "12" -> 12; anything but digits (a sign, a space, a fraction) -> nullopt.
std::optional<std::size_t> parse_count(const std::string& text) {
  std::size_t n = 0;
  const char* end = text.data() + text.size();
  const auto [p, e] = std::from_chars(text.data(), end, n);
  if (text.empty() || e != std::errc() || p != end) return std::nullopt;
  return n;
}

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
  if (opt.steps_given && opt.scenario_file.empty()) {
    std::cerr << "lockstep gui: --steps only applies with --scenario FILE.yaml\n";
    return 2;
  }
  if (!opt.demo_add_user.empty() && !opt.scenario_file.empty()) {
    std::cerr << "lockstep gui: --demo-add-user adds a user to a world of the GUI's own; with "
                 "--scenario the site is the scenario's (leave one of them out)\n";
    return 2;
  }
  gui::SiteControllerOptions options;
  options.speed = *speed;
  options.paused = paused;
  std::unique_ptr<gui::SiteController> controller;
  if (!opt.scenario_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(opt.scenario_file, ec)) {
      std::cerr << "lockstep gui: --scenario " << opt.scenario_file << ": no such file\n";
      return 2;
    }
    auto parsed = scenarios::parse_scenario_file(opt.scenario_file);
    if (!parsed) {
      std::cerr << parsed.error_text();
      return 2;
    }
    scenarios::ScenarioDocument document = std::move(parsed).value();
    // The scenario's own world (its overrides merged, as `lockstep run`
    // does), unless --world names another.
    if (!opt.world_file.empty())
      document.scenario.world = scenarios::WorldRef{opt.world_file, {}, {}};
    std::optional<std::size_t> steps;
    if (opt.steps_given) {
      steps = parse_count(opt.steps);
      const std::size_t most = player_steps(document);
      if (!steps || *steps > most) {
        std::cerr << "lockstep gui: --steps " << opt.steps << ": expected a whole number from 0 to "
                  << most << " (the steps of " << opt.scenario_file
                  << ", its say: captions not counted)\n";
        return 2;
      }
    }
    const std::uint64_t seed = document.scenario.seed.value_or(scenarios::kDefaultSeed);
    std::string error;
    controller = gui::SiteController::for_scenario(
        std::make_shared<const scenarios::ScenarioDocument>(std::move(document)), seed, options,
        &error);
    if (!controller) {
      std::cerr << "lockstep gui: --scenario " << opt.scenario_file << ": " << error << "\n";
      return 2;
    }
    for (std::size_t i = 0; steps && i < *steps; ++i)
      controller->apply(gui::action::ScenarioStep{});
    if (const auto* session = controller->scenario(); session && session->failure()) {
      const scenarios::Failure& f = *session->failure();
      std::cerr << "lockstep gui: the scenario failed at " << scenarios::format_location(f.location)
                << "  " << f.step << "\n  expected  " << f.expected << "\n  observed  "
                << f.observed << "\n";
    }
  } else {
    std::optional<devices::World> world;
    if (opt.world_file.empty()) {
      world = devices::default_world();
    } else {
      auto loaded = devices::load_world_file(opt.world_file, devices::Catalog::builtin());
      if (!loaded) {
        std::cerr << loaded.error_text();
        return 2;
      }
      world = std::move(*loaded);
    }
    controller = std::make_unique<gui::SiteController>(std::move(*world), options);
  }
  if (!opt.demo_add_user.empty()) {
    const auto space = opt.demo_add_user.find(' ');
    const std::string first = opt.demo_add_user.substr(0, space);
    const std::string last = space == std::string::npos ? "" : opt.demo_add_user.substr(space + 1);
    const auto saved = controller->add_user_on_the_website(first, last);
    if (!saved.ok) {
      std::cerr << "lockstep gui: --demo-add-user " << opt.demo_add_user << ": " << saved.message
                << "\n";
      return 2;
    }
  }

  std::string error;
  if (!opt.screenshot.empty()) {
    controller->run_for(*at);
    if (!gui::render_screenshot(*controller, opt.screenshot, size->width, size->height, &error)) {
      std::cerr << "lockstep gui: " << error << "\n";
      return 1;
    }
    std::cout << "wrote " << opt.screenshot << " (" << size->width << "x" << size->height << ")\n";
    return 0;
  }
  gui::ShellOptions shell;
  shell.title = controller->views().title;
  if (size_given) {
    shell.width = size->width;
    shell.height = size->height;
  }
  if (!gui::run_window(*controller, shell, &error)) {
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
  cmd->add_option("--scenario", opt->scenario_file,
                  "a scenario to play step by step: every window shows its run (its world, its "
                  "seed), the Scenario window plays it; starts paused");
  auto* steps =
      cmd->add_option("--steps", opt->steps,
                      "with --scenario: play its first N steps (as the Step button does; say: "
                      "captions are not steps) before the window opens or the screenshot is taken")
          ->type_name("N");
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
  return [opt, at, size, steps] {
    opt->steps_given = steps->count() > 0;
    return run(*opt, size->count() > 0, at->count() > 0);
  };
}

}  // namespace lockstep::app
