// lockstep bench fleet --sites N --hours H --seed S [--jobs J] [--window W] [--trace FILE]
//
// Runs the fleet workload FW1 (../shared/bench/fleet-workload.md) on the real
// stack (fleet/fleet.hpp) and prints exactly, one per line on stdout:
//   the FW1 counters as `name value`, then `events N`, `wall_s X`,
//   `events_per_s Y`, `peak_rss_kb Z`
// and nothing else. `events` is FW1's count of model callbacks (detail 8);
// the kernel's own count of executed events goes to stderr as
// `kernel_events N` (see bench/README.md, "Fleet (FW1)"). Progress goes to
// stderr, only when stderr is a terminal. Bad flags: exit 2.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "app/commands.hpp"
#include "fleet/fleet.hpp"
#include "sim/time.hpp"

namespace lockstep::app {
namespace {

struct BenchOptions {
  std::uint64_t sites = 0;
  double hours = 24;
  std::uint64_t seed = 1;
  unsigned jobs = 1;
  std::string trace;
  std::string window = "all";
};

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

int run_fleet_command(const BenchOptions& o) {
  fleet::FleetOptions options;
  options.sites = o.sites;
  options.hours = o.hours;
  options.seed = o.seed;
  options.jobs = o.jobs;
  options.trace_path = o.trace;
  if (o.window == "all") {
    options.window = fleet::FleetOptions::kWholeRun;
  } else {
    const auto window = sim::parse_duration(o.window);
    if (!window.ok()) {
      std::fprintf(stderr,
                   "lockstep bench fleet: --window: %s (or 'all': each site's whole span in "
                   "one turn)\n",
                   window.error.c_str());
      return 2;
    }
    options.window = *window;
  }
  const bool tty = isatty(STDERR_FILENO) == 1;
  if (tty) {
    options.progress = [](double done) {
      std::fprintf(stderr, "\rfleet: %3.0f %% done", done * 100.0);
      std::fflush(stderr);
    };
  }
  fleet::FleetResult result;
  try {
    result = fleet::run_fleet(options);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "lockstep bench fleet: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lockstep bench fleet: %s\n", e.what());
    return 1;
  }
  if (tty) std::fprintf(stderr, "\n");
  const fleet::FleetCounters& c = result.counters;
  fleet::for_each_counter(c, [](const char* name, std::uint64_t value) {
    std::printf("%s %llu\n", name, static_cast<unsigned long long>(value));
  });
  std::printf("wall_s %.3f\n", result.wall_s);
  std::printf("events_per_s %.0f\n",
              result.wall_s > 0 ? static_cast<double>(c.events) / result.wall_s : 0.0);
  std::printf("peak_rss_kb %ld\n", peak_rss_kb());
  std::fflush(stdout);
  std::fprintf(stderr, "kernel_events %llu\nturns %llu\n",
               static_cast<unsigned long long>(c.kernel_events),
               static_cast<unsigned long long>(result.turns));
  if (c.edits_refused_other != 0) {
    std::fprintf(stderr, "edits_refused_other %llu (the cloud refused edits for another reason)\n",
                 static_cast<unsigned long long>(c.edits_refused_other));
  }
  return 0;
}

}  // namespace

Command add_bench_command(CLI::App& app) {
  auto opt = std::make_shared<BenchOptions>();
  auto* bench = app.add_subcommand("bench", "Benchmarks of the simulator on fixed workloads.");
  bench->require_subcommand(1);
  auto* fleet_cmd = bench->add_subcommand(
      "fleet",
      "Run the fleet workload FW1 (N sites of panel, 2 keypads, 4 locks and the cloud) on the "
      "real stack and print its counters, events, wall_s, events_per_s and peak_rss_kb.");
  fleet_cmd->add_option("--sites", opt->sites, "number of sites (N)")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
  fleet_cmd->add_option("--hours", opt->hours, "simulated span in hours (H)")
      ->capture_default_str()
      ->check(CLI::Range(1e-6, 8760.0));
  fleet_cmd->add_option("--seed", opt->seed, "64-bit seed; same seed, same counters")
      ->capture_default_str();
  fleet_cmd->add_option("--jobs", opt->jobs, "threads; the sites are split across them")
      ->capture_default_str()
      ->check(CLI::Range(1U, 1024U));
  fleet_cmd
      ->add_option("--window", opt->window,
                   "how a thread interleaves its sites: 'all' runs each site's whole span in "
                   "turn, one site in memory at a time; a duration keeps every site resident "
                   "and runs each site's events of one window in turn (0s: exact time order "
                   "across sites). The counters are the same for any window")
      ->capture_default_str();
  fleet_cmd->add_option("--trace", opt->trace,
                        "write the JSON Lines trace of every site to FILE (slow, large)");
  return [opt, fleet_cmd] {
    if (fleet_cmd->parsed()) return run_fleet_command(*opt);
    return 2;
  };
}

}  // namespace lockstep::app
