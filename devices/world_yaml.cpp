#include "devices/world_yaml.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

namespace lockstep::devices::yaml_read {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A typo, not a different word: at most a third of the longer name, and at
  // least 2 edits allowed so that short keys still get a suggestion.
  const std::size_t limit = std::max<std::size_t>(2, std::max(word.size(), std::size_t{3}) / 3);
  if (best && best_distance <= limit && best_distance > 0) return best;
  return std::nullopt;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto c = closest(word, candidates)) return "; did you mean '" + *c + "'?";
  return {};
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string index(std::string_view field, std::size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

std::string member(std::string_view field, std::string_view key) {
  if (field.empty()) return std::string(key);
  return std::string(field) + "." + std::string(key);
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping (key: value entries)";
  if (node.IsSequence()) return "a list";
  return "a single value";
}

void Reader::error(const YAML::Mark& at, std::string field, std::string message) {
  WorldError e;
  e.file = file_;
  if (!at.is_null() && at.line >= 0) {
    e.line = at.line + 1;
    e.column = at.column + 1;
  }
  e.field = std::move(field);
  e.message = std::move(message);
  errors_.push_back(std::move(e));
}

void Reader::error(const YAML::Node& at, std::string field, std::string message) {
  error(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), std::move(field), std::move(message));
}

bool Reader::map(const YAML::Node& node, const std::string& field,
                 std::initializer_list<std::string_view> allowed,
                 std::initializer_list<std::string_view> required) {
  if (!node.IsDefined()) return false;  // missing: the parent's map() reported it
  if (!node.IsMap()) {
    error(node, field, "expected a mapping (key: value entries), found " + describe(node));
    return false;
  }
  const std::vector<std::string> known(allowed.begin(), allowed.end());
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(key, field, "a key must be a plain name, found " + describe(key));
      continue;
    }
    const std::string name = key.Scalar();
    const std::string where = member(field, name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string msg = "unknown key '" + name + "'" + did_you_mean(name, known);
      msg += (msg.back() == '?' ? " " : "; ");
      msg += "known keys here: " + join(known);
      error(key, where, std::move(msg));
      continue;
    }
    if (!seen.insert(name).second) {
      error(key, where, "key '" + name + "' appears twice; keep one");
    }
  }
  for (const auto key : required) {
    const YAML::Node value = node[std::string(key)];
    if (!value.IsDefined()) {
      error(node, field.empty() ? std::string(key) : field,
            "missing required key '" + std::string(key) + "'; add it");
    }
  }
  return true;
}

bool Reader::seq(const YAML::Node& node, const std::string& field, std::string_view of_what) {
  if (!node.IsDefined()) return false;  // missing: map() reported it
  if (!node.IsSequence()) {
    error(node, field,
          "expected a list of " + std::string(of_what) + " (\"- ...\" lines or [a, b]), found " +
              describe(node));
    return false;
  }
  return true;
}

std::optional<std::string> Reader::text(const YAML::Node& node, const std::string& field,
                                        std::string_view expected) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  if (!node.IsScalar() || node.Scalar().empty()) {
    error(node, field, "expected " + std::string(expected) + ", found " + describe(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> Reader::boolean(const YAML::Node& node, const std::string& field) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    const std::string found = node.IsScalar() ? "'" + node.Scalar() + "'" : describe(node);
    error(node, field, "expected true or false, found " + found);
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> Reader::integer(const YAML::Node& node, const std::string& field,
                                             std::uint64_t min, std::uint64_t max) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (!node.IsScalar()) {
    error(node, field, "expected a whole number in " + range + ", found " + describe(node));
    return std::nullopt;
  }
  const std::string& s = node.Scalar();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
    error(node, field, "expected a whole number in " + range + ", found '" + s + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, field, s + " is out of range; use a whole number in " + range);
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::probability(const YAML::Node& node, const std::string& field) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !(value >= 0.0) ||
      !(value <= 1.0)) {
    const std::string found = node.IsScalar() ? "'" + node.Scalar() + "'" : describe(node);
    error(node, field,
          "expected a probability from 0.0 (never lost) to 1.0 (always lost), found " + found);
    return std::nullopt;
  }
  return value;
}

std::optional<sim::Duration> Reader::duration(const YAML::Node& node, const std::string& field) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  if (!node.IsScalar()) {
    error(node, field,
          "expected a duration such as 90s, 3m, 1h30m or 250ms, found " + describe(node));
    return std::nullopt;
  }
  auto parsed = sim::parse_duration(node.Scalar());
  if (!parsed) {
    error(node, field,
          "bad duration '" + node.Scalar() + "': " + parsed.error +
              " (examples: 90s, 3m, 1h30m, 250ms)");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<sim::Distribution> Reader::distribution(const YAML::Node& node,
                                                      const std::string& field) {
  if (!node.IsDefined()) return std::nullopt;  // missing: map() reported it
  if (!node.IsScalar()) {
    error(node, field,
          "expected a delay distribution such as \"uniform(60s, 240s)\", \"fixed(2s)\", "
          "\"exponential(20m)\" or \"normal(5s, 1s)\", found " +
              describe(node));
    return std::nullopt;
  }
  auto parsed = sim::parse_distribution(node.Scalar());
  if (!parsed) {
    error(node, field, "bad delay distribution '" + node.Scalar() + "': " + parsed.error);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::string> Reader::choice(const YAML::Node& node, const std::string& field,
                                          const std::vector<std::string>& choices,
                                          std::string_view what) {
  auto value = text(node, field, "one of: " + join(choices));
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    error(node, field,
          "unknown " + std::string(what) + " '" + *value + "'; use one of: " + join(choices) +
              did_you_mean(*value, choices));
    return std::nullopt;
  }
  return value;
}

std::optional<YAML::Node> load(std::string_view text, Reader& reader) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    reader.error(e.mark, "",
                 "this is not valid YAML: " + e.msg +
                     " (check the indentation and the quotes on this line and the line above)");
  } catch (const YAML::Exception& e) {
    reader.error(e.mark, "", std::string("this is not valid YAML: ") + e.msg);
  }
  return std::nullopt;
}

}  // namespace lockstep::devices::yaml_read

namespace lockstep::devices {

std::string WorldError::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

}  // namespace lockstep::devices
