// The JSON Schema and the README describe the same language as the parser:
// these tests compare their lists with the C++ tables, so a step, label,
// error id or state added on one side and not the other fails here. The
// README's whole examples are also run on the simulated site and must pass.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenarios/parser.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::scenarios {
namespace {

using nlohmann::json;

std::string read(const std::string& relative) {
  std::ifstream in(std::string(LOCKSTEP_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const json& schema() {
  static const json s = json::parse(read("scenarios/scenario.schema.json"));
  return s;
}

const json& def(const std::string& name) {
  return schema().at("definitions").at(name);
}

std::set<std::string> keys(const json& object) {
  std::set<std::string> out;
  for (const auto& [k, v] : object.items())
    out.insert(k);
  return out;
}

std::set<std::string> enum_of(const json& j) {
  std::set<std::string> out;
  for (const auto& v : j.at("enum"))
    out.insert(v.get<std::string>());
  return out;
}

template <class Range>
std::set<std::string> names(const Range& range) {
  std::set<std::string> out;
  for (const auto& v : range)
    out.insert(std::string(v));
  return out;
}

TEST(Schema, IsValidJsonForDraft07) {
  ASSERT_NO_THROW(schema());
  EXPECT_EQ(schema().at("$schema"), "http://json-schema.org/draft-07/schema#");
  EXPECT_EQ(keys(schema().at("properties")), names(scenario_keys()));
}

TEST(Schema, ListsExactlyTheParsersStepNames) {
  std::set<std::string> steps = keys(def("step").at("properties"));
  steps.erase("within");  // a modifier; `expect` is both a step and a modifier
  std::set<std::string> table;
  for (const auto& k : step_kinds())
    table.insert(std::string(k.name));
  EXPECT_EQ(steps, table);
}

TEST(Schema, DescribesEveryStep) {
  for (const auto& [name, body] : def("step").at("properties").items()) {
    EXPECT_TRUE(body.contains("description")) << name;
  }
}

TEST(Schema, LabelsPerChannelAreTheParsersLabels) {
  const json& props = def("step").at("properties");
  std::set<std::string> website, app;
  for (const auto& l : labels_of(Channel::website))
    website.insert(l);
  for (const auto& l : labels_of(Channel::app))
    app.insert(l);
  EXPECT_EQ(enum_of(props.at("click")), website);
  EXPECT_EQ(enum_of(props.at("tap")), app);
}

TEST(Schema, ErrorIdsAreTheCoresErrorIds) {
  std::set<std::string> core_ids;
  for (auto id : core::all_errors())
    core_ids.insert(std::string(core::name(id)));
  EXPECT_EQ(enum_of(def("error_id")), core_ids);
}

TEST(Schema, FaultKindsAreTheKernelsKindsAndTheWorldFileSpellings) {
  std::set<std::string> kinds;
  for (auto k : sim::all_fault_kinds())
    kinds.insert(std::string(sim::to_string(k)));
  for (const char* alias :
       {"panel_power_off", "panel_power_on", "lock_jammed", "lock_battery_low"}) {
    kinds.insert(alias);
  }
  EXPECT_EQ(enum_of(def("fault_kind")), kinds);
}

TEST(Schema, ConditionsStatesAndKindsAgreeWithTheParser) {
  EXPECT_EQ(keys(def("condition").at("properties")), names(condition_names()));
  std::set<std::string> sync;
  for (auto s : all_sync_states())
    sync.insert(std::string(to_string(s)));
  EXPECT_EQ(enum_of(def("sync").at("properties").at("state")), sync);
  std::set<std::string> partition;
  using S = core::PartitionState;
  for (S s : {S::disarmed, S::exit_delay, S::armed_stay, S::armed_away, S::armed_night,
              S::entry_delay, S::alarm}) {
    partition.insert(std::string(core::to_string(s)));
  }
  EXPECT_EQ(enum_of(def("partition_state")), partition);
  std::set<std::string> notification;
  for (auto k : all_notification_kinds())
    notification.insert(std::string(to_string(k)));
  EXPECT_EQ(enum_of(def("notification").at("properties").at("kind")), notification);
  const std::string keys_pattern = def("keypad").at("properties").at("keys").at("pattern");
  for (auto k : all_function_keys()) {
    EXPECT_THAT(keys_pattern, ::testing::HasSubstr(std::string(key_name(k))));
  }
}

// ---- the README -----------------------------------------------------------

// Every ```yaml block of scenarios/README.md that is a whole scenario (it
// starts with `name:`), with the README line its text starts on.
struct ReadmeExample {
  std::string text;
  std::size_t line = 0;
};

std::vector<ReadmeExample> readme_examples() {
  const std::string text = read("scenarios/README.md");
  std::vector<ReadmeExample> out;
  std::size_t pos = 0;
  while ((pos = text.find("```yaml\n", pos)) != std::string::npos) {
    pos += 8;
    const std::size_t end = text.find("```", pos);
    const std::string block = text.substr(pos, end - pos);
    const auto line = static_cast<std::size_t>(std::count(
                          text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) +
                      1;
    if (block.rfind("name:", 0) == 0) out.push_back(ReadmeExample{block, line});
    pos = end;
  }
  return out;
}

std::vector<std::string> readme_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : readme_examples())
    out.push_back(e.text);
  return out;
}

TEST(Readme, EveryWholeScenarioInItParses) {
  const auto blocks = readme_scenarios();
  EXPECT_GE(blocks.size(), 3U);
  for (const auto& b : blocks) {
    const auto d = parse_scenario(b, "scenarios/README.md");
    EXPECT_TRUE(d.ok()) << d.error_text() << "in:\n" << b;
  }
}

// The examples are documentation people copy: each must run and pass as
// written, on its own seed, as `lockstep run` would run it.
TEST(Readme, EveryWholeScenarioInItRunsAndPasses) {
  const auto examples = readme_examples();
  EXPECT_GE(examples.size(), 3U);
  for (const auto& e : examples) {
    const std::string where =
        "scenarios/README.md, the example starting at line " + std::to_string(e.line);
    const auto d = parse_scenario(e.text, where);
    ASSERT_TRUE(d.ok()) << d.error_text();
    const RunResult r = run_scenario(*d, d->scenario.seed.value_or(1));
    EXPECT_TRUE(r.passed) << where << " (" << d->scenario.name << ") fails"
                          << (r.failure
                                  ? " at its line " + std::to_string(r.failure->location.line) +
                                        ", `" + r.failure->step + "`: expected " +
                                        r.failure->expected + ", observed " + r.failure->observed
                                  : std::string());
  }
}

TEST(Readme, ShowsEveryStepInAnExampleThatParses) {
  std::set<std::string> shown;
  for (const auto& b : readme_scenarios()) {
    const auto d = parse_scenario(b, "scenarios/README.md");
    if (!d.ok()) continue;
    for (const auto& s : d->steps)
      shown.insert(std::string(s.name()));
  }
  for (const auto& k : step_kinds())
    EXPECT_TRUE(shown.count(std::string(k.name))) << k.name;
}

TEST(Readme, ListsEveryErrorIdAndEveryFaultKind) {
  const std::string text = read("scenarios/README.md");
  for (auto id : core::all_errors()) {
    EXPECT_NE(text.find(std::string(core::name(id))), std::string::npos) << core::name(id);
  }
  for (auto k : sim::all_fault_kinds()) {
    EXPECT_NE(text.find("`" + std::string(sim::to_string(k)) + "`"), std::string::npos)
        << sim::to_string(k);
  }
}

}  // namespace
}  // namespace lockstep::scenarios
