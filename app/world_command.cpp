// lockstep world show [FILE] / lockstep world check FILE... / lockstep world models
//
// `show` prints a site as readable tables (the default world when no file is
// given); `check` validates world files and reports every problem with
// file:line:column; `models` lists the device catalog. Codes are masked.
#include <fmt/format.h>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/access_times.hpp"
#include "devices/catalog.hpp"
#include "devices/world.hpp"
#include "sim/distribution.hpp"

namespace lockstep::app {
namespace {

std::string lengths_text(const core::CodeLengths& l) {
  std::string out =
      l.min == l.max ? std::to_string(l.min) : std::to_string(l.min) + "-" + std::to_string(l.max);
  for (auto x : l.excluded)
    out += " not " + std::to_string(x);
  if (l.same_length_for_all) out += ", one length for all";
  return out;
}

std::string access_text(const core::AccessTimes& times) {
  if (std::holds_alternative<core::AtAllTimes>(times)) return "At All Times";
  if (const auto* s = std::get_if<core::RestrictedSchedule>(&times)) {
    return fmt::format("Restricted Schedule ({} block{})", s->blocks.size(),
                       s->blocks.size() == 1 ? "" : "s");
  }
  const auto& t = std::get<core::TemporaryAccess>(times);
  return fmt::format(
      "Temporary Access {:04}-{:02}-{:02} {:02}:{:02} to {:04}-{:02}-{:02} {:02}:{:02}",
      t.start.year, t.start.month, t.start.day, t.start.hour, t.start.minute, t.end.year,
      t.end.month, t.end.day, t.end.hour, t.end.minute);
}

template <class Names>
std::string granted(const core::Toggles& flags, const Names& names) {
  std::string out;
  for (std::size_t i = 0; i < flags.size() && i < names.size(); ++i) {
    if (!flags[i]) continue;
    if (!out.empty()) out += ", ";
    out += names[i].name;
  }
  return out.empty() ? "-" : out;
}

void show(const devices::World& w) {
  const auto& sys = w.system;
  const auto& panel = sys.panel;
  std::cout << fmt::format("World \"{}\"  ({})\n", w.name, w.source);
  std::cout << fmt::format("Starts {:04}-{:02}-{:02} {:02}:{:02} site-local", w.start_local.year,
                           w.start_local.month, w.start_local.day, w.start_local.hour,
                           w.start_local.minute)
            << (w.seed ? fmt::format("; seed {}", *w.seed) : std::string()) << "\n\n";

  std::cout << fmt::format("Panel: {} [{}]\n", w.panel_model_name, panel.model);
  std::cout << fmt::format(
      "  {} users max, codes of {}; keypad lockout after {} wrong codes for {}s, "
      "programming while armed: {}\n\n",
      panel.max_users, lengths_text(panel.code_lengths), panel.keypad_lockout.attempts,
      panel.keypad_lockout.duration.count(), panel.programming_while_armed ? "yes" : "no");

  std::cout << "Partitions\n";
  for (std::size_t i = 0; i < sys.partitions.size(); ++i) {
    std::cout << fmt::format("  {}. {}\n", i + 1, sys.partitions[i].name);
  }
  std::cout << "\nKeypads\n";
  for (const auto& k : w.keypads) {
    std::cout << fmt::format("  {:<20} on {}\n", k.name, sys.partitions[k.partition.value].name);
  }
  std::cout << fmt::format("\nLocks\n  {:<16} {:<22} {:<10} {:>5}  {}\n", "name", "model",
                           "partition", "slots", "code lengths");
  for (std::size_t i = 0; i < sys.locks.size(); ++i) {
    const auto& l = sys.locks[i];
    const auto part = w.lock_placements.size() > i
                          ? sys.partitions[w.lock_placements[i].partition.value].name
                          : std::string("-");
    std::cout << fmt::format("  {:<16} {:<22} {:<10} {:>5}  {}{}\n", l.name, l.spec.model, part,
                             l.spec.slots, lengths_text(l.spec.code_lengths),
                             l.spec.five_button_keypad ? ", five-button keypad" : "");
  }
  std::cout << fmt::format("\nUsers\n  {:<18} {:<9} {:<5} {:<16} {:<34} {}\n", "name", "role",
                           "code", "partitions", "locks", "access");
  for (const auto& u : w.users) {
    std::cout << fmt::format("  {:<18} {:<9} {:<5} {:<16} {:<34} {}\n", u.display_name(),
                             core::to_string(u.role), u.code ? core::AccessCode::kMask : "-",
                             granted(u.grants.partitions, sys.partitions),
                             granted(u.grants.locks, sys.locks), access_text(u.access_times));
  }
  std::cout << "\nLinks\n";
  const std::pair<const char*, const devices::LinkSpec*> links[] = {
      {"cloud_to_panel", &w.links.cloud_to_panel},
      {"panel_to_cloud", &w.links.panel_to_cloud},
      {"panel_to_lock", &w.links.panel_to_lock}};
  for (const auto& [name, spec] : links) {
    std::cout << fmt::format("  {:<16} delay {:<22} loss {}\n", name, spec->delay.to_string(),
                             spec->loss);
  }
  std::cout << "\nFaults\n";
  if (w.faults.empty()) std::cout << "  none scheduled\n";
  for (const auto& f : w.faults) {
    std::cout << fmt::format("  at {:<8} {:<18} {}{}\n", sim::format_duration(f.at), f.kind,
                             f.target,
                             f.duration ? " for " + sim::format_duration(*f.duration) : "");
  }
  for (const auto& warning : w.warnings)
    std::cout << "warning: " << warning.to_string() << "\n";
}

int run_show(const std::string& file) {
  if (file.empty()) {
    show(devices::default_world());
    return 0;
  }
  auto world = devices::load_world_file(file, devices::Catalog::builtin());
  if (!world) {
    std::cerr << world.error_text();
    return 2;
  }
  show(*world);
  return 0;
}

int run_check(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& file : files) {
    auto world = devices::load_world_file(file, devices::Catalog::builtin());
    if (!world) {
      std::cerr << world.error_text();
      std::cerr << fmt::format("{}: {} problem{}\n", file, world.errors().size(),
                               world.errors().size() == 1 ? "" : "s");
      status = 2;
      continue;
    }
    for (const auto& w : world->warnings)
      std::cerr << "warning: " << w.to_string() << "\n";
    std::cout << fmt::format("{}: ok ({}: {} partitions, {} keypads, {} locks, {} users)\n", file,
                             world->name, world->system.partitions.size(), world->keypads.size(),
                             world->system.locks.size(), world->users.size());
  }
  return status;
}

int run_models() {
  const auto& catalog = devices::Catalog::builtin();
  std::cout << fmt::format("Panels\n  {:<24} {:<30} {:>5}  {}\n", "id", "name", "users",
                           "code lengths");
  for (const auto& p : catalog.panels()) {
    std::cout << fmt::format("  {:<24} {:<30} {:>5}  {}{}\n", p.id, p.name, p.spec.max_users,
                             lengths_text(p.spec.code_lengths),
                             p.spec.programming_while_armed ? ", programs while armed" : "");
  }
  std::cout << fmt::format("\nLocks\n  {:<24} {:<30} {:>5}  {}\n", "id", "name", "slots",
                           "code lengths");
  for (const auto& l : catalog.locks()) {
    std::cout << fmt::format("  {:<24} {:<30} {:>5}  {}{}\n", l.id, l.name, l.spec.slots,
                             lengths_text(l.spec.code_lengths),
                             l.spec.five_button_keypad ? ", five-button keypad" : "");
  }
  std::cout << "\nSources of every figure: devices/catalog.yaml\n";
  return 0;
}

}  // namespace

Command add_world_command(CLI::App& app) {
  struct Options {
    std::string show_file;
    std::vector<std::string> check_files;
  };
  auto opt = std::make_shared<Options>();
  auto* world = app.add_subcommand("world", "Show, check and list the parts of simulated sites.");
  world->require_subcommand(1);
  auto* show_cmd = world->add_subcommand(
      "show", "Print a site as tables (the built-in default world when no FILE is given).");
  show_cmd->add_option("file", opt->show_file, "a world file (YAML); see devices/README.md");
  auto* check_cmd =
      world->add_subcommand("check",
                            "Validate world files; every problem is reported as file:line:column. "
                            "Exit 0 when all are valid, 2 otherwise.");
  check_cmd->add_option("files", opt->check_files, "world files (YAML)")->required();
  auto* models_cmd =
      world->add_subcommand("models", "List the panel and lock models of the device catalog.");
  return [opt, show_cmd, check_cmd, models_cmd] {
    if (show_cmd->parsed()) return run_show(opt->show_file);
    if (check_cmd->parsed()) return run_check(opt->check_files);
    if (models_cmd->parsed()) return run_models();
    return 2;
  };
}

}  // namespace lockstep::app
