// The world a scenario runs on: the default world or a world file, with the
// scenario's `overrides:` merged over its YAML text (see site_executor.hpp).
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "devices/catalog.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::scenarios {
namespace {

YAML::Node merged(const YAML::Node& base, const YAML::Node& over) {
  if (!base.IsMap() || !over.IsMap()) return YAML::Clone(over);
  YAML::Node out = YAML::Clone(base);
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    const YAML::Node existing = out[key];
    if (existing.IsDefined() && !existing.IsNull()) {
      out[key] = merged(existing, it->second);
    } else {
      out[key] = YAML::Clone(it->second);
    }
  }
  return out;
}

}  // namespace

sim::Parsed<std::string> merge_yaml(std::string_view base, std::string_view overrides) {
  try {
    const YAML::Node b = YAML::Load(std::string(base));
    const YAML::Node o = YAML::Load(std::string(overrides));
    YAML::Emitter out;
    out << merged(b, o);
    if (!out.good()) return sim::Parsed<std::string>::failure(out.GetLastError());
    return sim::Parsed<std::string>::success(std::string(out.c_str()) + "\n");
  } catch (const YAML::Exception& e) {
    return sim::Parsed<std::string>::failure(e.what());
  }
}

Loaded<devices::World> load_scenario_world(const Scenario& scenario) {
  const WorldRef& ref = scenario.world;
  const devices::Catalog& catalog = devices::Catalog::builtin();
  const auto at_world = [&](std::string message) {
    return std::vector<devices::WorldError>{
        devices::WorldError{ref.location.file.empty() ? scenario.location.file : ref.location.file,
                            ref.location.line, ref.location.column, "world", std::move(message)}};
  };
  if (ref.overrides_yaml.empty()) {
    if (ref.file.empty()) return devices::default_world();
    return devices::load_world_file(ref.file, catalog);
  }
  std::string base;
  std::string base_name;
  if (ref.file.empty()) {
    base = std::string(devices::default_world_text());
    base_name = std::string(devices::kDefaultWorldSource);
  } else {
    std::ifstream in(ref.file, std::ios::binary);
    if (!in) return at_world("cannot read the world file " + ref.file);
    std::ostringstream text;
    text << in.rdbuf();
    base = text.str();
    base_name = ref.file;
  }
  auto text = merge_yaml(base, ref.overrides_yaml);
  if (!text) return at_world("cannot merge the overrides into " + base_name + ": " + text.error);
  return devices::parse_world(*text, base_name + " + overrides of " + scenario.location.file,
                              catalog);
}

}  // namespace lockstep::scenarios
