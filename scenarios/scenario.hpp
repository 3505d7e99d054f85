// A scenario: a named, tagged script of steps run against a simulated site in
// virtual time. This header holds the types every part of scenarios/ shares:
// the parsed scenario (parser.hpp fills it), and what running one produced
// (the executor fills it, the runner reports it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace lockstep::scenarios {

// Where something is in a scenario file (1-based; 0 = unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "suite/a.yaml:12:5"
};

struct Step;  // defined in steps.hpp (the step vocabulary)

struct WorldRef {
  std::string file;            // empty: the built-in default world
  std::string overrides_yaml;  // inline overrides, as YAML text merged over the world
  SourceLocation location;     // the `world:` value in the scenario file (line 0: none)
};

struct Scenario {
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  WorldRef world;
  std::optional<std::uint64_t> seed;  // the file's own seed; --seed overrides
  SourceLocation location;            // the file, line 1
};

// Why a run failed, for a person: the step, what was expected and what was
// observed, never an access code (unless the run reveals codes).
struct Failure {
  std::size_t step_index = 0;  // 0-based
  SourceLocation location;     // the step's line
  std::string step;            // the step as written, one line ("click: Save")
  std::string expected;
  std::string observed;
  sim::Time at;  // virtual time of the failure
};

struct RunResult {
  bool passed = false;
  std::optional<Failure> failure;
  std::uint64_t seed = 0;
  sim::Time virtual_end;  // virtual time covered
  double wall_seconds = 0;
  std::uint64_t events = 0;              // kernel events executed
  std::string trace_digest;              // sim::Trace digest of the run
  std::vector<std::string> trace_jsonl;  // the trace, kept only when asked (failed runs)
};

}  // namespace lockstep::scenarios
