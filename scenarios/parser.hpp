// Reading scenario files: YAML text in, a Scenario and its steps out (the
// language is documented in scenarios/README.md, its JSON Schema is
// scenarios/scenario.schema.json).
//
// Strict, in the manner of world files (devices/world.hpp): every problem in a
// file is reported in one go, each with file:line:column, the field in the
// file's own terms ("steps[4].click") and the fix; unknown step names, keys,
// button labels, error ids, states and fault kinds get "did you mean".
// No error and no Step::text ever contains an access code or a password.
//
// What the parser checks: the shape of every step, the values that have a
// fixed vocabulary (labels per channel, keypad keys, modes, states, error ids,
// fault kinds, link names, durations), where `expect:`, `within:` and time
// windows may appear, and that form steps follow a click or tap. What it does
// not: user, partition, lock and keypad names (the executor resolves them
// against the world and reports at the step's location), and the values a
// person types into a form (codes, names, phone numbers, emails: testing the
// core's refusals of them is the point of many scenarios).
//
// `world:` paths are resolved against the scenario file's folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "devices/world_error.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/steps.hpp"

namespace lockstep::scenarios {

using devices::Loaded;
// file, line, column, field, message; to_string() reads
// "suite/a.yaml:12:5: steps[3]: unknown step 'clik'; did you mean 'click'?"
using ScenarioError = devices::WorldError;

struct ScenarioDocument {
  Scenario scenario;
  std::vector<Step> steps;
};

Loaded<ScenarioDocument> parse_scenario_file(const std::filesystem::path& path);
// `source_name` names the text in errors; relative `world:` paths are resolved
// against its folder.
Loaded<ScenarioDocument> parse_scenario(std::string_view yaml_text, std::string source_name);

// The keys a scenario file may have at its top level.
std::vector<std::string> scenario_keys();  // name, description, tags, world, seed, steps

// The keys `world: {overrides: ...}` may hold: those of a world file.
std::vector<std::string> world_override_keys();

}  // namespace lockstep::scenarios
