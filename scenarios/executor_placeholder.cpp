// PLACEHOLDER for make_site_executor() until steps run on a simulated site:
// every run FAILS with "execution not implemented yet" (exit 1), so nothing
// can pass by accident. Replace this file; see executor.hpp.
#include "scenarios/executor.hpp"

namespace lockstep::scenarios {

ScenarioExecutor make_site_executor() {
  return [](const LoadedScenario& loaded, std::uint64_t seed, const RunOptions&) {
    RunResult result;
    result.passed = false;
    result.seed = seed;
    Failure f;
    f.location = loaded.scenario.location;
    f.step = "(the scenario's steps)";
    f.expected = "the steps to run on a simulated site";
    f.observed = "execution not implemented yet (scenarios/executor_placeholder.cpp)";
    result.failure = std::move(f);
    return result;
  };
}

}  // namespace lockstep::scenarios
