// The scenario runner behind `lockstep run [paths...]`: finds scenario files,
// loads them all (any load error stops everything before a single run), picks
// the runs (--filter, --tags, --seed, --repeat, --shard), runs them on a small
// thread pool and reports them in discovery order: one line per run on `out`,
// a block per failure with a replay command, and a closing summary whose last
// line is exactly "N passed, N failed" (", N skipped" when --fail-fast left
// runs out). Optional JUnit XML, JSON and per-failure JSON Lines traces.
//
// The runner knows nothing about the step language nor the simulated site. It
// sees two seams, both plain std::function values so that the parser and the
// executor plug in without the runner depending on them:
//
//   ScenarioLoader   path -> the scenarios in that file (usually one), each
//                    with an opaque `document` the executor understands, or
//                    the load errors with file:line:column.
//   ScenarioExecutor (scenario, seed, options) -> RunResult. Called from
//                    several threads at once (--jobs): it must not share
//                    mutable state between calls. It must be a pure function
//                    of (scenario, seed): the replay line depends on it.
//
// The real ones are made in scenarios/executor.hpp (make_file_loader,
// make_site_executor); tests pass fakes.
//
// Decisions (also in `lockstep run --help`):
//   * Seeds. A run's base seed is --seed if given, else the scenario's own
//     `seed:`, else kDefaultSeed (1). With --repeat K, repetition 0 uses the
//     base seed itself and repetition k >= 1 uses sim::derive_seed(base, k), so
//     --repeat 1 is a plain run and every replay line is `--seed <its seed>`.
//   * --filter: a glob (fnmatch: * ? [...], backslash escapes) matched against
//     the whole scenario name when it has one of * ? [ ; otherwise a
//     case-sensitive substring of the name.
//   * --tags a,b,-c: runs scenarios having any of a, b (all when no positive
//     tag is given) and none of c.
//   * --shard i/n (1 <= i <= n), or GTEST_SHARD_INDEX (0-based) with
//     GTEST_TOTAL_SHARDS; --shard wins when both are set. Runs are numbered in
//     discovery order after filtering and repetition; run r belongs to shard
//     r % n. GTEST_SHARD_STATUS_FILE is touched when set, as GoogleTest does.
//   * Nothing found or nothing matched --filter/--tags: exit 2 (a typo in a CI
//     job or a replay line must not look green). A shard that happens to get
//     no run: exit 0, with a note.
//   * --fail-fast: no new run starts once one has failed; the report holds the
//     runs up to the first failure in discovery order (exactly what --jobs 1
//     gives) and counts the rest as skipped.
//   * Output never depends on --jobs: the JSON and JUnit files and stdout are
//     identical for any --jobs, except wall times.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/time.hpp"

namespace lockstep::scenarios {

// The base seed when neither --seed nor the scenario gives one.
inline constexpr std::uint64_t kDefaultSeed = 1;

// What the executor is asked to do besides running.
struct RunOptions {
  bool reveal_codes = false;  // let access codes through into the trace and the failure text
  bool keep_trace = false;    // fill RunResult::trace_jsonl (the runner keeps only failed runs')
};

// One scenario as loaded from a file.
struct LoadedScenario {
  Scenario scenario;
  // The parsed document (steps and all), owned here and opaque to the runner:
  // the loader and the executor that come as a pair agree on its type.
  std::shared_ptr<const void> document;

  // Filled by the runner after loading:
  std::string file;     // the path to open, as given on the command line joined with the
                        // path found under it: what the replay line uses
  std::string display;  // shown in reports: relative to the folder given (or `file`)
  std::string group;    // the folder it is in: the JUnit testsuite and classname
};

struct LoadError {
  SourceLocation location;  // file:line:column (0 = unknown)
  std::string message;
};

struct LoadResult {
  std::vector<LoadedScenario> scenarios;  // usually one per file
  std::vector<LoadError> errors;          // any error fails the whole command (exit 2)
};

using ScenarioLoader = std::function<LoadResult(const std::filesystem::path& file)>;
using ScenarioExecutor =
    std::function<RunResult(const LoadedScenario&, std::uint64_t seed, const RunOptions&)>;

// 0-based shard index out of `total` shards.
struct Shard {
  std::uint32_t index = 0;
  std::uint32_t total = 1;
  bool operator==(const Shard&) const = default;
};

// "i/n" with 1 <= i <= n (as a person counts), to a 0-based Shard.
sim::Parsed<Shard> parse_shard(std::string_view text);
// GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX (0-based), either may be null
// (unset). Both unset: success with no value in the optional; one of them
// unset or either malformed/out of range: failure.
sim::Parsed<std::optional<Shard>> shard_from_gtest_env(const char* total, const char* index);

struct RunnerOptions {
  std::vector<std::string> paths;  // files or folders; folders are searched recursively
  std::string filter;
  std::vector<std::string> tags;  // "tag" (any of) or "-tag" (none of)
  std::optional<std::uint64_t> seed;
  std::uint64_t repeat = 1;    // >= 1
  unsigned jobs = 0;           // 0: std::thread::hardware_concurrency()
  std::optional<Shard> shard;  // already merged with the GTEST_ variables by the caller
  bool fail_fast = false;
  std::string junit_file;  // empty: none
  std::string json_file;   // empty: none
  std::string trace_dir;   // empty: no trace files
  bool reveal_codes = false;

  bool color = false;                // ANSI colours for PASS/FAIL
  bool progress = false;             // \r-updated progress line on `err` for long runs
  std::string program = "lockstep";  // how the replay line starts

  // The wall clock used for timings; tests replace it to get exact output.
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
};

// One planned run and, once done, its result.
struct RunRecord {
  std::shared_ptr<const LoadedScenario> scenario;
  std::uint64_t seed = 0;
  std::uint64_t repetition = 0;  // 0-based, < --repeat
  std::size_t index = 0;         // in the whole list of runs, before sharding
  bool skipped = false;          // not run or not reported (--fail-fast)
  RunResult result;
  std::string test_name;   // the name, plus " [seed N]" when --repeat > 1
  std::string replay;      // the command that reruns exactly this run
  std::string trace_file;  // written for failed runs with --trace-dir
};

struct SuiteOutcome {
  int exit_code = 2;  // 0 all passed, 1 some failed, 2 bad input
  std::vector<std::shared_ptr<const LoadedScenario>> scenarios;  // all loaded, discovery order
  std::vector<RunRecord> runs;  // this shard's runs, in discovery order
  std::size_t passed = 0, failed = 0, skipped = 0;
};

// Runs a whole `lockstep run`: see the top of this file.
SuiteOutcome run_suite(const RunnerOptions& options, const ScenarioLoader& load,
                       const ScenarioExecutor& execute, std::ostream& out, std::ostream& err);

// ---- the pieces, public for tests and for other front ends (GUI) -----------

// Scenario files under `paths` in discovery order: each path in the order
// given; a folder's *.yaml and *.yml files recursively, sorted by their path
// relative to it (byte order), skipping names that start with '.'; a file
// given by name is taken whatever its extension. A file reached twice is kept
// once (its first place). Errors: paths that do not exist, folders with no
// scenario file.
struct FoundFile {
  std::filesystem::path path;  // to open
  std::string display;         // relative to the folder given, or the path as given
  std::string group;           // its folder for JUnit
};
struct Discovery {
  std::vector<FoundFile> files;
  std::vector<std::string> errors;
};
Discovery discover_scenario_files(const std::vector<std::string>& paths);

bool name_matches_filter(std::string_view name, std::string_view filter);
// Tag selectors must be non-empty ("-" alone is refused by the command).
bool tags_match(const std::vector<std::string>& tags, const std::vector<std::string>& selectors);

// A --filter value that selects exactly this name.
std::string exact_filter(std::string_view name);
// A word for a POSIX shell: unchanged when safe, else in single quotes.
std::string shell_quote(std::string_view word);
std::string replay_command(std::string_view program, std::string_view file, std::uint64_t seed,
                           std::string_view scenario_name);

// "file:line:col" with the parts that are known.
std::string format_location(const SourceLocation& where);
// Wall time for people: "850us", "3.1ms", "1.25s".
std::string format_wall(double seconds);

// XML 1.0 escaping: & < > " ' as entities (devices::html_escape's: &amp;
// &lt; &gt; &quot; &#39;); CR always, and tab and newline in
// attributes, as character references (so they survive attribute-value
// normalisation); other control characters, U+FFFE/U+FFFF and invalid UTF-8
// become U+FFFD (XML 1.0 cannot carry them at all).
std::string xml_escape(std::string_view text, bool attribute = true);

void write_junit(std::ostream& out, const std::vector<RunRecord>& runs);
// The --json document (as text, 2-space indented).
std::string json_report(const SuiteOutcome& outcome, const RunnerOptions& options);

}  // namespace lockstep::scenarios
