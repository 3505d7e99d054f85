// Internal to lockstep::devices: strict reading of YAML nodes for the catalog
// and world loaders. Every accessor reports what is wrong at the node's
// position (file:line:column, field) and how to fix it, and returns nullopt;
// loaders carry on so that one run reports every problem in a file.
//
// Not installed for other layers: it exposes yaml-cpp, which lockstep::devices
// links privately.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "devices/world_error.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace lockstep::devices::yaml_read {

// Levenshtein distance (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate when it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);
// "; did you mean 'x'?" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
// "a, b, c"
std::string join(const std::vector<std::string>& names);
// "users[2]" / "users[2].code" / "code"
std::string index(std::string_view field, std::size_t i);
std::string member(std::string_view field, std::string_view key);
// "a mapping", "a list", "a value", "nothing"
std::string describe(const YAML::Node& node);

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void error(const YAML::Mark& at, std::string field, std::string message);
  void error(const YAML::Node& at, std::string field, std::string message);
  bool failed() const { return !errors_.empty(); }
  std::vector<WorldError>& errors() { return errors_; }

  // `node` must be a mapping whose keys are all in `allowed` (unknown keys
  // are reported with a did-you-mean, repeated keys too) and that holds every
  // key in `required`. Returns false when it is not a mapping at all.
  bool map(const YAML::Node& node, const std::string& field,
           std::initializer_list<std::string_view> allowed,
           std::initializer_list<std::string_view> required = {});
  bool seq(const YAML::Node& node, const std::string& field, std::string_view of_what);

  // A non-empty scalar.
  std::optional<std::string> text(const YAML::Node& node, const std::string& field,
                                  std::string_view expected = "a text value");
  std::optional<bool> boolean(const YAML::Node& node, const std::string& field);
  std::optional<std::uint64_t> integer(const YAML::Node& node, const std::string& field,
                                       std::uint64_t min, std::uint64_t max);
  std::optional<double> probability(const YAML::Node& node, const std::string& field);
  std::optional<sim::Duration> duration(const YAML::Node& node, const std::string& field);
  std::optional<sim::Distribution> distribution(const YAML::Node& node, const std::string& field);
  // One of `choices` (did-you-mean when not).
  std::optional<std::string> choice(const YAML::Node& node, const std::string& field,
                                    const std::vector<std::string>& choices, std::string_view what);

 private:
  std::string file_;
  std::vector<WorldError> errors_;
};

// Parses `text` into a document; a syntax error becomes one WorldError with
// yaml-cpp's own message and position.
std::optional<YAML::Node> load(std::string_view text, Reader& reader);

}  // namespace lockstep::devices::yaml_read
