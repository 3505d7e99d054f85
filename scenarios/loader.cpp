// make_file_loader(): scenario files to LoadedScenario values for the runner,
// through the scenario language's parser (parser.hpp). The parsed
// ScenarioDocument (Scenario + steps) is kept in LoadedScenario::document as
// a std::shared_ptr<const ScenarioDocument>; the executor gets it back with
// document_of() (executor.hpp).
#include "scenarios/executor.hpp"
#include "scenarios/parser.hpp"

namespace lockstep::scenarios {

const ScenarioDocument* document_of(const LoadedScenario& loaded) {
  return static_cast<const ScenarioDocument*>(loaded.document.get());
}

ScenarioLoader make_file_loader() {
  return [](const std::filesystem::path& path) {
    LoadResult result;
    auto parsed = parse_scenario_file(path);
    if (!parsed.ok()) {
      for (const auto& e : parsed.errors()) {
        result.errors.push_back({SourceLocation{e.file, e.line, e.column},
                                 e.field.empty() ? e.message : e.field + ": " + e.message});
      }
      return result;
    }
    auto document = std::make_shared<const ScenarioDocument>(std::move(parsed).value());
    LoadedScenario loaded;
    loaded.scenario = document->scenario;
    loaded.document = document;
    result.scenarios.push_back(std::move(loaded));
    return result;
  };
}

}  // namespace lockstep::scenarios
