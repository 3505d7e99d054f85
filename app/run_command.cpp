// lockstep run [paths...]: runs scenario suites in virtual time and reports
// them (scenarios/runner.hpp does the work; this file is the command line).
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "app/commands.hpp"
#include "scenarios/executor.hpp"
#include "scenarios/runner.hpp"

#ifndef LOCKSTEP_SOURCE_DIR
#define LOCKSTEP_SOURCE_DIR ""
#endif

namespace lockstep::app {
namespace {

namespace fs = std::filesystem;

struct RunCommandOptions {
  scenarios::RunnerOptions runner;
  std::string seed;
  std::string shard;
};

// The bundled suites: <source tree>/scenarios when this binary was built from
// a source tree that is still there, else ./scenarios.
std::string default_scenarios_folder() {
  const fs::path bundled = fs::path(LOCKSTEP_SOURCE_DIR) / "scenarios";
  std::error_code ec;
  if (!std::string_view(LOCKSTEP_SOURCE_DIR).empty() && fs::is_directory(bundled, ec)) {
    return bundled.generic_string();
  }
  return "scenarios";
}

bool colour_wanted() {
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: set and non-empty
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') &&
         !(term != nullptr && std::string_view(term) == "dumb");
}

int run_run(RunCommandOptions& opt, const std::string& program) {
  scenarios::RunnerOptions& o = opt.runner;
  if (!opt.seed.empty()) {
    std::uint64_t seed = 0;
    const char* end = opt.seed.data() + opt.seed.size();
    const auto [p, ec] = std::from_chars(opt.seed.data(), end, seed);
    if (ec != std::errc{} || p != end) {
      std::cerr << "lockstep run: --seed '" << opt.seed
                << "': expected a whole number from 0 to 18446744073709551615\n";
      return 2;
    }
    o.seed = seed;
  }

  if (!opt.shard.empty()) {
    const auto shard = scenarios::parse_shard(opt.shard);
    if (!shard) {
      std::cerr << "lockstep run: " << shard.error << "\n";
      return 2;
    }
    o.shard = *shard;
  } else {
    const auto shard = scenarios::shard_from_gtest_env(std::getenv("GTEST_TOTAL_SHARDS"),
                                                       std::getenv("GTEST_SHARD_INDEX"));
    if (!shard) {
      std::cerr << "lockstep run: " << shard.error << "\n";
      return 2;
    }
    o.shard = *shard.value;
  }
  if (o.shard) {
    // As GoogleTest does: tell the CI system that sharding is understood.
    if (const char* status = std::getenv("GTEST_SHARD_STATUS_FILE"); status != nullptr && *status) {
      std::ofstream touch(status, std::ios::app);
    }
  }

  if (o.paths.empty()) o.paths = {default_scenarios_folder()};
  o.color = colour_wanted();
  o.progress = isatty(STDOUT_FILENO) == 1;
  o.program = program.empty() ? std::string("lockstep") : program;

  const auto outcome = scenarios::run_suite(o, scenarios::make_file_loader(),
                                            scenarios::make_site_executor(), std::cout, std::cerr);
  return outcome.exit_code;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto opt = std::make_shared<RunCommandOptions>();
  auto& r = opt->runner;
  auto* cmd = app.add_subcommand(
      "run",
      "Run scenario suites in virtual time: one line per run, each failure with its step, "
      "expected vs observed, seed and a replay command, then a summary ending in \"N passed, N "
      "failed\". Exit 0 all passed, 1 some failed, 2 bad input (a file that does not load, a bad "
      "option, a missing path, nothing matching --filter/--tags).");
  cmd->add_option("paths", r.paths,
                  "scenario files (.yaml, .yml) or folders, searched recursively in sorted order "
                  "(default: the bundled scenarios/ folder)");
  cmd->add_option("--filter", r.filter,
                  "run the scenarios whose name contains this text; with * ? or [...] it is a glob "
                  "on the whole name");
  cmd->add_option("--tags", r.tags,
                  "run scenarios having any of these tags; -tag excludes (comma-separated or "
                  "repeated: --tags smoke,-slow)")
      ->delimiter(',')
      ->type_name("TAG,...");
  cmd->add_option("--seed", opt->seed,
                  "base seed of every run, overriding the scenarios' own seed (default: the "
                  "scenario's seed:, else 1); a whole number")
      ->type_name("N");
  cmd->add_option("--repeat", r.repeat,
                  "run each scenario K times: the base seed, then K-1 seeds derived from it")
      ->type_name("K")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}));
  r.jobs = std::max(1u, std::thread::hardware_concurrency());
  cmd->add_option("--jobs,-j", r.jobs, "runs at once (scenarios are independent)")
      ->type_name("J")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  cmd->add_option("--shard", opt->shard,
                  "run only shard i of n (1 <= i <= n): run number r goes to shard r % n + 1. "
                  "Without it, GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX (0-based) are honoured")
      ->type_name("i/n");
  cmd->add_flag("--fail-fast", r.fail_fast,
                "start no new run after a failure; the rest are reported as skipped");
  cmd->add_option("--junit", r.junit_file, "write a JUnit XML report to FILE")->type_name("FILE");
  cmd->add_option("--json", r.json_file, "write a JSON report of every run to FILE")
      ->type_name("FILE");
  cmd->add_option("--trace-dir", r.trace_dir,
                  "write the JSON Lines trace of each failed run into DIR "
                  "(<scenario>-seed<N>.jsonl)")
      ->type_name("DIR");
  cmd->add_flag("--reveal-codes", r.reveal_codes,
                "let access codes appear in traces and failures (masked by default)");
  cmd->footer(
      "Examples:\n"
      "  lockstep run                                  the bundled suites\n"
      "  lockstep run scenarios/website --tags smoke   one folder, smoke-tagged scenarios\n"
      "  lockstep run --filter armed --repeat 20      20 seeds of each matching scenario\n"
      "  lockstep run --shard 2/4 --junit out/junit.xml   the second quarter, for CI\n"
      "  lockstep run scenarios/website/create_user.yaml --seed 42 --filter 'Exact name'\n"
      "                                                replay one run (each failure prints this)\n"
      "Colour: only when stdout is a terminal and NO_COLOR is unset. A progress line is shown on\n"
      "stderr when stdout is a terminal and the run takes more than a second.");
  return [opt, cmd] {
    const CLI::App* parent = cmd->get_parent();
    return run_run(*opt, parent != nullptr ? parent->get_name() : std::string());
  };
}

}  // namespace lockstep::app
