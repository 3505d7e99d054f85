// lockstep: one executable, one subcommand per workflow.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <string>

#include "app/commands.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Lockstep: a deterministic simulator and test bench for the user codes of a security "
      "system — panel, keypads, smart locks and the cloud behind the website and app."};
  app.set_version_flag("--version", std::string("lockstep ") + lockstep::app::kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  std::map<const CLI::App*, lockstep::app::Command> commands;
  auto add = [&](lockstep::app::Command (*registrar)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    auto command = registrar(app);
    commands[app.get_subcommands({})[before]] = std::move(command);
  };
  add(lockstep::app::add_demo_command);
  add(lockstep::app::add_check_code_command);
  add(lockstep::app::add_world_command);
  add(lockstep::app::add_gui_command);
  add(lockstep::app::add_run_command);
  add(lockstep::app::add_bench_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // 2: bad input, as every subcommand
  }
  for (const auto& [sub, run] : commands) {
    if (sub->parsed()) return run();
  }
  return 2;
}
