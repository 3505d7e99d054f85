// The `lockstep` subcommands. Each registers its options on the CLI11 app and
// returns the process exit code when run: 0 success, 1 the check or run
// failed, 2 bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lockstep::app {

using Command = std::function<int()>;

Command add_check_code_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_gui_command(CLI::App& app);
Command add_world_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_bench_command(CLI::App& app);

}  // namespace lockstep::app
