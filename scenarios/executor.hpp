// The two seams between `lockstep run` (scenarios/runner.hpp) and the rest of
// scenarios/: how a file becomes scenarios, and how a scenario runs.
//
//   make_file_loader()   scenarios/loader.cpp: parse_scenario_file()
//                        (parser.hpp); every error with file:line:column.
//                        LoadedScenario::document holds the ScenarioDocument.
//   make_site_executor() scenarios/executor.cpp: runs the steps on a simulated
//                        site with the invariants checked after every event
//                        (site_executor.hpp, invariants.hpp). Callable from
//                        several threads at once (--jobs); a pure function of
//                        (scenario, seed).
#pragma once

#include "scenarios/runner.hpp"

namespace lockstep::scenarios {

struct ScenarioDocument;  // parser.hpp

ScenarioLoader make_file_loader();
// The parsed document (steps) of a scenario make_file_loader() loaded.
const ScenarioDocument* document_of(const LoadedScenario& loaded);
ScenarioExecutor make_site_executor();

}  // namespace lockstep::scenarios
