#include "devices/catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "devices/embedded/catalog_yaml.hpp"
#include "devices/world_yaml.hpp"

namespace lockstep::devices {
namespace {

using yaml_read::member;
using yaml_read::Reader;

constexpr std::string_view kBuiltinName = "<built-in catalog>";

bool is_slug(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<core::CodeLengths> read_code_lengths(Reader& r, const YAML::Node& node,
                                                   const std::string& field) {
  if (!r.map(node, field, {"min", "max", "excluded", "same_length_for_all"}, {"min", "max"})) {
    return std::nullopt;
  }
  const std::size_t before = r.errors().size();
  core::CodeLengths out;
  auto min = r.integer(node["min"], member(field, "min"), 4, 16);
  auto max = r.integer(node["max"], member(field, "max"), 4, 16);
  if (min) out.min = static_cast<std::uint8_t>(*min);
  if (max) out.max = static_cast<std::uint8_t>(*max);
  if (min && max && *min > *max) {
    r.error(node["max"], member(field, "max"),
            "max (" + std::to_string(*max) + ") is below min (" + std::to_string(*min) +
                "); make max at least min");
  }
  if (const YAML::Node ex = node["excluded"]; ex.IsDefined()) {
    const std::string ef = member(field, "excluded");
    if (r.seq(ex, ef, "code lengths")) {
      for (std::size_t i = 0; i < ex.size(); ++i) {
        if (auto len = r.integer(ex[i], yaml_read::index(ef, i), 4, 16)) {
          out.excluded.push_back(static_cast<std::uint8_t>(*len));
        }
      }
    }
  }
  if (const YAML::Node same = node["same_length_for_all"]; same.IsDefined()) {
    if (auto b = r.boolean(same, member(field, "same_length_for_all"))) {
      out.same_length_for_all = *b;
    }
  }
  if (r.errors().size() != before) return std::nullopt;
  return out;
}

std::optional<core::LockoutRule> read_lockout(Reader& r, const YAML::Node& node,
                                              const std::string& field) {
  if (!r.map(node, field, {"attempts", "duration"}, {"attempts", "duration"})) {
    return std::nullopt;
  }
  auto attempts = r.integer(node["attempts"], member(field, "attempts"), 1, 65535);
  auto duration = r.duration(node["duration"], member(field, "duration"));
  if (duration && duration->count_us() % 1'000'000 != 0) {
    r.error(node["duration"], member(field, "duration"),
            "a keypad lockout lasts whole seconds; round it, e.g. 60s or 5m");
    return std::nullopt;
  }
  if (!attempts || !duration) return std::nullopt;
  return core::LockoutRule{static_cast<std::uint16_t>(*attempts),
                           std::chrono::seconds(duration->count_us() / 1'000'000)};
}

// The keys shared by panels and locks; returns false when a required one is
// unusable.
bool read_identity(Reader& r, const YAML::Node& node, const std::string& field, std::string& id,
                   std::string& name, std::string& source) {
  auto i = r.text(node["id"], member(field, "id"), "an id such as panel-48-hardwired");
  auto n = r.text(node["name"], member(field, "name"), "a name");
  auto s = r.text(node["source"], member(field, "source"),
                  "a note naming the product family and public document of the figures");
  if (i && !is_slug(*i)) {
    r.error(node["id"], member(field, "id"),
            "an id may hold lower-case letters, digits and '-' only, e.g. panel-48-hardwired");
    i.reset();
  }
  if (i) id = *i;
  if (n) name = *n;
  if (s) source = *s;
  return i && n && s;
}

std::optional<PanelModel> read_panel(Reader& r, const YAML::Node& node, const std::string& field) {
  if (!r.map(node, field,
             {"id", "name", "source", "max_users", "special_codes_count_toward_capacity",
              "code_lengths", "max_partitions", "keypad_lockout", "master", "installer", "duress",
              "programming_while_armed"},
             {"id", "name", "source", "max_users", "code_lengths", "max_partitions"})) {
    return std::nullopt;
  }
  const std::size_t before = r.errors().size();
  PanelModel p;
  read_identity(r, node, field, p.id, p.name, p.source);
  p.spec.model = p.id;
  if (auto v = r.integer(node["max_users"], member(field, "max_users"), 1, 65535)) {
    p.spec.max_users = static_cast<std::uint16_t>(*v);
  }
  if (auto v = r.integer(node["max_partitions"], member(field, "max_partitions"), 1, 255)) {
    p.spec.max_partitions = static_cast<std::uint8_t>(*v);
  }
  if (auto v = read_code_lengths(r, node["code_lengths"], member(field, "code_lengths"))) {
    p.spec.code_lengths = *v;
  }
  const auto flag = [&](const char* key, bool& out) {
    if (const YAML::Node n = node[key]; n.IsDefined()) {
      if (auto b = r.boolean(n, member(field, key))) out = *b;
    }
  };
  flag("special_codes_count_toward_capacity", p.spec.special_codes_count_toward_capacity);
  flag("master", p.spec.supports_master);
  flag("installer", p.spec.supports_installer);
  flag("programming_while_armed", p.spec.programming_while_armed);
  if (const YAML::Node n = node["keypad_lockout"]; n.IsDefined()) {
    if (auto v = read_lockout(r, n, member(field, "keypad_lockout"))) p.spec.keypad_lockout = *v;
  }
  if (const YAML::Node n = node["duress"]; n.IsDefined()) {
    if (auto v = r.choice(n, member(field, "duress"), {"none", "per_system", "per_partition"},
                          "duress scope")) {
      p.spec.duress = *v == "none"         ? core::DuressScope::none
                      : *v == "per_system" ? core::DuressScope::per_system
                                           : core::DuressScope::per_partition;
    }
  }
  if (r.errors().size() != before) return std::nullopt;
  return p;
}

std::optional<LockModel> read_lock(Reader& r, const YAML::Node& node, const std::string& field) {
  if (!r.map(node, field,
             {"id", "name", "source", "slots", "code_lengths", "five_button_keypad",
              "refuses_duplicate_codes", "wake_latency", "keypad_lockout"},
             {"id", "name", "source", "slots", "code_lengths"})) {
    return std::nullopt;
  }
  const std::size_t before = r.errors().size();
  LockModel l;
  read_identity(r, node, field, l.id, l.name, l.source);
  l.spec.model = l.id;
  if (auto v = r.integer(node["slots"], member(field, "slots"), 1, 65535)) {
    l.spec.slots = static_cast<std::uint16_t>(*v);
  }
  if (auto v = read_code_lengths(r, node["code_lengths"], member(field, "code_lengths"))) {
    l.spec.code_lengths = *v;
  }
  const auto flag = [&](const char* key, bool& out) {
    if (const YAML::Node n = node[key]; n.IsDefined()) {
      if (auto b = r.boolean(n, member(field, key))) out = *b;
    }
  };
  flag("five_button_keypad", l.spec.five_button_keypad);
  flag("refuses_duplicate_codes", l.spec.refuses_duplicate_codes);
  if (const YAML::Node n = node["wake_latency"]; n.IsDefined()) {
    if (auto d = r.duration(n, member(field, "wake_latency"))) {
      if (d->count_us() % 1000 != 0 || d->count_us() <= 0) {
        r.error(n, member(field, "wake_latency"),
                "a wake latency is a positive whole number of milliseconds, e.g. 250ms or 1s");
      } else {
        l.spec.wake_latency = std::chrono::milliseconds(d->count_us() / 1000);
      }
    }
  }
  if (const YAML::Node n = node["keypad_lockout"]; n.IsDefined()) {
    if (auto v = read_lockout(r, n, member(field, "keypad_lockout"))) l.spec.keypad_lockout = *v;
  }
  if (r.errors().size() != before) return std::nullopt;
  return l;
}

}  // namespace

std::string_view builtin_catalog_text() {
  return embedded::catalog_yaml();
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open the file; check the path and that it is readable";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = "cannot read the file";
    return std::nullopt;
  }
  return text.str();
}

const Catalog& Catalog::builtin() {
  static const Catalog catalog = [] {
    auto loaded = parse(builtin_catalog_text(), std::string(kBuiltinName));
    if (!loaded) {
      std::fprintf(stderr, "lockstep: the built-in device catalog is broken:\n%s",
                   loaded.error_text().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return catalog;
}

Loaded<Catalog> Catalog::load_file(const std::string& path) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) return std::vector<WorldError>{WorldError{path, 0, 0, "", error}};
  return parse(*text, path);
}

Loaded<Catalog> Catalog::parse(std::string_view yaml_text, std::string source_name) {
  Reader r(source_name);
  auto doc = yaml_read::load(yaml_text, r);
  if (!doc) return std::move(r.errors());
  const YAML::Node root = *doc;
  Catalog catalog;
  catalog.source_name_ = std::move(source_name);
  if (!r.map(root, "", {"panels", "locks"}, {"panels", "locks"})) return std::move(r.errors());

  std::set<std::string> ids;
  const auto check_unique = [&](const YAML::Node& node, const std::string& field,
                                const std::string& id) {
    if (!ids.insert(id).second) {
      r.error(node["id"], member(field, "id"),
              "id '" + id + "' is used twice in the catalog; give each model its own id");
    }
  };
  if (const YAML::Node panels = root["panels"];
      panels.IsDefined() && r.seq(panels, "panels", "panel models")) {
    for (std::size_t i = 0; i < panels.size(); ++i) {
      const std::string field = yaml_read::index("panels", i);
      if (auto p = read_panel(r, panels[i], field)) {
        check_unique(panels[i], field, p->id);
        catalog.panels_.push_back(std::move(*p));
      }
    }
  }
  if (const YAML::Node locks = root["locks"];
      locks.IsDefined() && r.seq(locks, "locks", "lock models")) {
    for (std::size_t i = 0; i < locks.size(); ++i) {
      const std::string field = yaml_read::index("locks", i);
      if (auto l = read_lock(r, locks[i], field)) {
        check_unique(locks[i], field, l->id);
        catalog.locks_.push_back(std::move(*l));
      }
    }
  }
  if (r.failed()) return std::move(r.errors());
  return catalog;
}

const PanelModel* Catalog::panel(std::string_view id) const {
  for (const auto& p : panels_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const LockModel* Catalog::lock(std::string_view id) const {
  for (const auto& l : locks_) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

std::vector<std::string> Catalog::panel_ids() const {
  std::vector<std::string> out;
  for (const auto& p : panels_)
    out.push_back(p.id);
  return out;
}

std::vector<std::string> Catalog::lock_ids() const {
  std::vector<std::string> out;
  for (const auto& l : locks_)
    out.push_back(l.id);
  return out;
}

}  // namespace lockstep::devices
