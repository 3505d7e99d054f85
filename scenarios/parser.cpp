// [SECTION] Rendering a step as one line (codes masked)
// [SECTION] Values: channels, codes, switches, contacts, durations
// [SECTION] The scenario header and world:
// [SECTION] Steps: dispatch, modifiers, the flow state
// [SECTION] Actions
// [SECTION] Conditions
#include "scenarios/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <limits>
#include <map>
#include <span>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "devices/world.hpp"
#include "devices/world_yaml.hpp"

namespace lockstep::scenarios {

namespace yr = devices::yaml_read;

namespace {

std::vector<std::string> strings(auto&& range) {
  std::vector<std::string> out;
  for (const auto& v : range)
    out.emplace_back(v);
  return out;
}

std::vector<std::string> step_names() {
  std::vector<std::string> out;
  for (const auto& k : step_kinds())
    out.emplace_back(k.name);
  return out;
}

std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// =============================================================================
// [SECTION] Rendering a step as one line (codes masked)
// =============================================================================

enum class Mask : std::uint8_t { none, secret, digits };

Mask mask_for(std::string_view key, Mask parent) {
  if (parent == Mask::secret) return Mask::secret;
  if (key == "code" || key == "password" || key == "access_code") return Mask::secret;
  if (key == "keys") return Mask::digits;
  return Mask::none;
}

std::string mask_digits(std::string_view s) {
  std::string out;
  bool in_run = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (!in_run) out += core::AccessCode::kMask;
      in_run = true;
    } else {
      out += c;
      in_run = false;
    }
  }
  return out;
}

// Whether a plain scalar would read differently (or not at all) inside a
// one-line flow mapping.
bool needs_quotes(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) {
    return true;
  }
  return s.find_first_of(",[]{}") != std::string_view::npos ||
         s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos;
}

std::string render(const YAML::Node& n, Mask mask) {
  if (!n.IsDefined() || n.IsNull()) return "";
  if (n.IsScalar()) {
    if (mask == Mask::secret) return std::string(core::AccessCode::kMask);
    std::string s = mask == Mask::digits ? mask_digits(n.Scalar()) : n.Scalar();
    if (n.Tag() == "!" || needs_quotes(s)) {
      std::string q = "\"";
      for (char c : s) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
      }
      return q + "\"";
    }
    return s;
  }
  std::string out;
  if (n.IsSequence()) {
    out = "[";
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i > 0) out += ", ";
      out += render(n[i], mask);
    }
    return out + "]";
  }
  out = "{";
  bool first = true;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    out += key;
    const std::string value = render(it->second, mask_for(key, mask));
    if (!value.empty() || !it->second.IsNull()) out += ": " + value;
  }
  return out + "}";
}

std::string render_entry(const std::string& key, const YAML::Node& value) {
  const std::string v = render(value, mask_for(key, Mask::none));
  if (v.empty() && (!value.IsDefined() || value.IsNull())) return key;
  return key + ": " + v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{lower(s)};
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

// The button a person most likely meant: the same label in other case, a
// label holding every word typed ("Add user" -> "Add New User"), or a typo.
std::optional<std::string> closest_label(std::string_view typed,
                                         const std::vector<std::string>& labels) {
  for (const auto& l : labels) {
    if (lower(l) == lower(typed)) return l;
  }
  const auto typed_words = words(typed);
  std::optional<std::string> best;
  std::size_t best_extra = 0;
  for (const auto& l : labels) {
    const auto lw = words(l);
    const bool all = !typed_words.empty() &&
                     std::all_of(typed_words.begin(), typed_words.end(), [&](const auto& w) {
                       return std::find(lw.begin(), lw.end(), w) != lw.end();
                     });
    if (all && (!best || lw.size() - typed_words.size() < best_extra)) {
      best = l;
      best_extra = lw.size() - typed_words.size();
    }
  }
  if (best) return best;
  return yr::closest(typed, labels);
}

// The link names of a world, and the fault kinds a scenario accepts.
std::vector<std::string> link_names() {
  return strings(devices::link_names());
}

struct FaultAlias {
  std::string_view alias;  // the world file's spelling
  sim::FaultKind kind;
};
constexpr std::array kFaultAliases = {
    FaultAlias{"panel_power_off", sim::FaultKind::power_off},
    FaultAlias{"panel_power_on", sim::FaultKind::power_on},
    FaultAlias{"lock_jammed", sim::FaultKind::lock_jam},
    FaultAlias{"lock_battery_low", sim::FaultKind::battery_low},
};

enum class FaultTarget : std::uint8_t { link, panel, lock };
FaultTarget target_of(sim::FaultKind k) {
  switch (k) {
    case sim::FaultKind::link_down:
    case sim::FaultKind::link_up:
      return FaultTarget::link;
    case sim::FaultKind::power_off:
    case sim::FaultKind::power_on:
      return FaultTarget::panel;
    default:
      return FaultTarget::lock;
  }
}

// What a code entry can be refused with: at a panel keypad (keypad, arm or
// disarm at a keypad: the panel's check, devices/panel.hpp), and at a lock's
// own keypad (enter_code: devices/lock.hpp; a lock holds only the codes
// granted to it, so it never says no_grant, and a jammed bolt refuses a right
// code with lock_jammed).
constexpr std::array<core::ErrorId, 4> kKeypadRefusals = {
    core::ErrorId::wrong_code, core::ErrorId::no_grant, core::ErrorId::outside_schedule,
    core::ErrorId::locked_out};
constexpr std::array<core::ErrorId, 4> kLockRefusals = {
    core::ErrorId::wrong_code, core::ErrorId::outside_schedule, core::ErrorId::locked_out,
    core::ErrorId::lock_jammed};

std::vector<std::string> error_names() {
  std::vector<std::string> out;
  for (core::ErrorId id : core::all_errors())
    out.emplace_back(core::name(id));
  return out;
}

std::vector<std::string> partition_state_names() {
  using S = core::PartitionState;
  std::vector<std::string> out;
  for (S s : {S::disarmed, S::exit_delay, S::armed_stay, S::armed_away, S::armed_night,
              S::entry_delay, S::alarm}) {
    out.emplace_back(core::to_string(s));
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string source) : r_(source), source_(std::move(source)) {}

  Loaded<ScenarioDocument> parse(std::string_view text) {
    auto loaded = yr::load(text, r_);
    if (!loaded) return std::move(r_.errors());
    const YAML::Node root = *loaded;
    doc_.scenario.location = {source_, 1, 1};
    if (!root.IsDefined() || root.IsNull()) {
      r_.error(YAML::Mark::null_mark(), "",
               "the file is empty; a scenario needs at least `name:` and `steps:`");
      return std::move(r_.errors());
    }
    if (!r_.map(root, "", {"name", "description", "tags", "world", "seed", "steps"},
                {"name", "steps"})) {
      return std::move(r_.errors());
    }
    header(root);
    if (const YAML::Node steps = root["steps"]; r_.seq(steps, "steps", "steps")) {
      if (steps.size() == 0) {
        r_.error(steps, "steps",
                 "a scenario needs at least one step; add `- click: Users` or similar");
      }
      for (std::size_t i = 0; i < steps.size(); ++i)
        step(steps[i], i);
    }
    if (r_.failed()) return std::move(r_.errors());
    return std::move(doc_);
  }

 private:
  // Which contact form is open on a channel (after "+ Add Contact").
  enum class ContactForm : std::uint8_t { closed, open, mobile, email };
  static std::size_t ix(Channel c) { return c == Channel::website ? 0 : 1; }

  // ===========================================================================
  // [SECTION] Values: channels, codes, switches, contacts, durations
  // ===========================================================================

  SourceLocation where(const YAML::Node& n) const {
    if (!n.IsDefined() || n.Mark().is_null()) return {source_, 0, 0};
    return {source_, n.Mark().line + 1, n.Mark().column + 1};
  }

  std::optional<Channel> channel(const YAML::Node& n, const std::string& field) {
    auto v = r_.choice(n, field, {"website", "app"}, "channel");
    if (!v) return std::nullopt;
    return *v == "website" ? Channel::website : Channel::app;
  }

  // A value a person types into a form: any scalar, "" allowed.
  std::optional<std::string> input(const YAML::Node& n, const std::string& field,
                                   std::string_view what) {
    if (!n.IsDefined()) return std::nullopt;
    if (!n.IsScalar()) {
      r_.error(n, field,
               "expected " + std::string(what) + ", found " + yr::describe(n) +
                   (n.IsNull() ? "; for an empty field write \"\"" : ""));
      return std::nullopt;
    }
    return n.Scalar();
  }

  // An access code: any scalar ("" allowed, so that code_required can be
  // tested). Never quoted back in an error.
  std::optional<core::AccessCode> code(const YAML::Node& n, const std::string& field) {
    if (!n.IsDefined()) return std::nullopt;
    if (!n.IsScalar()) {
      r_.error(n, field,
               "expected an access code (digits, in quotes so that leading zeros stay), found " +
                   yr::describe(n) + (n.IsNull() ? "; for an empty code write \"\"" : ""));
      return std::nullopt;
    }
    return core::AccessCode(n.Scalar());
  }

  std::optional<bool> on_off(const YAML::Node& n, const std::string& field) {
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      r_.error(
          n, field,
          "expected on or off, found " + (n.IsScalar() ? in_quotes(n.Scalar()) : yr::describe(n)));
      return std::nullopt;
    }
    return value;
  }

  // {Front Door: off, House: on}
  std::optional<std::vector<DeviceSwitch>> switches(const YAML::Node& n, const std::string& field,
                                                    std::string_view example) {
    if (!n.IsMap() || n.size() == 0) {
      r_.error(n, field,
               "expected device names with on or off, such as " + std::string(example) +
                   ", found " + yr::describe(n));
      return std::nullopt;
    }
    std::vector<DeviceSwitch> out;
    bool ok = true;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar() || it->first.Scalar().empty()) {
        r_.error(it->first, field, "a device is named by text, found " + yr::describe(it->first));
        ok = false;
        continue;
      }
      const std::string device = it->first.Scalar();
      const std::string f = yr::member(field, device);
      if (std::any_of(out.begin(), out.end(), [&](const auto& s) { return s.device == device; })) {
        r_.error(it->first, f, "'" + device + "' appears twice; keep one");
        ok = false;
        continue;
      }
      auto on = on_off(it->second, f);
      if (!on) {
        ok = false;
        continue;
      }
      out.push_back({device, *on});
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // `all` or a list of names.
  std::optional<DeviceSelection> selection(const YAML::Node& n, const std::string& field) {
    if (!n.IsDefined()) return DeviceSelection{};
    if (n.IsScalar() && n.Scalar() == "all") return DeviceSelection{true, {}};
    if (!n.IsSequence()) {
      r_.error(n, field,
               "expected `all` or a list of names such as [House, Garage], found " +
                   (n.IsScalar() ? in_quotes(n.Scalar()) + " (write [" + n.Scalar() + "] for one)"
                                 : yr::describe(n)));
      return std::nullopt;
    }
    DeviceSelection out;
    for (std::size_t i = 0; i < n.size(); ++i) {
      auto name = r_.text(n[i], yr::index(field, i), "a partition or lock name");
      if (!name) return std::nullopt;
      out.names.push_back(*name);
    }
    return out;
  }

  // A contact in a list or an add_contact step: {mobile, country, carrier} or
  // {email, format}. The caller has checked the keys.
  std::optional<ContactInput> contact_fields(const YAML::Node& n, const std::string& field) {
    const bool mobile = n["mobile"].IsDefined();
    const bool email = n["email"].IsDefined();
    if (mobile == email) {
      r_.error(n, field,
               mobile
                   ? "a contact is a mobile number or an email address, not both; split it in two"
                   : "a contact needs `mobile:` (with country and carrier) or `email:` (with "
                     "format)");
      return std::nullopt;
    }
    if (mobile) {
      if (n["format"].IsDefined()) {
        r_.error(n["format"], yr::member(field, "format"),
                 "format is for an email address; remove it from a mobile contact");
        return std::nullopt;
      }
      core::MobileInput in;
      auto number = input(n["mobile"], yr::member(field, "mobile"), "a mobile number");
      auto country = input(n["country"], yr::member(field, "country"), "a country code such as US");
      auto carrier = input(n["carrier"], yr::member(field, "carrier"), "a carrier such as Verizon");
      for (const char* k : {"country", "carrier"}) {
        if (!n[k].IsDefined()) {
          r_.error(n, field, std::string("a mobile contact needs `") + k + ":`; add it");
          return std::nullopt;
        }
      }
      if (!number || !country || !carrier) return std::nullopt;
      in.number = *number;
      in.country = *country;
      in.carrier = *carrier;
      return ContactInput{in};
    }
    for (const char* k : {"country", "carrier"}) {
      if (n[k].IsDefined()) {
        r_.error(n[k], yr::member(field, k),
                 std::string(k) + " is for a mobile number; remove it from an email contact");
        return std::nullopt;
      }
    }
    core::EmailInput in;
    auto address = input(n["email"], yr::member(field, "email"), "an email address");
    if (!address) return std::nullopt;
    in.address = *address;
    in.format = "html";
    if (n["format"].IsDefined()) {
      auto format =
          input(n["format"], yr::member(field, "format"), "HTML, Plain Text or Short Text");
      if (!format) return std::nullopt;
      in.format = *format;
    }
    return ContactInput{in};
  }

  // no_earlier_than / within inside a condition.
  bool window(const YAML::Node& n, const std::string& field, TimeWindow& out) {
    bool ok = true;
    const YAML::Node ne = n["no_earlier_than"];
    const YAML::Node wi = n["within"];
    if (in_wait_until_ && (ne.IsDefined() || wi.IsDefined())) {
      const YAML::Node& at = ne.IsDefined() ? ne : wi;
      r_.error(at, yr::member(field, ne.IsDefined() ? "no_earlier_than" : "within"),
               "a time window has no place inside wait_until: the step's own `within:` is how "
               "long to wait; remove it here, or check the window afterwards with expect:");
      return false;
    }
    if (ne.IsDefined()) {
      out.no_earlier_than = r_.duration(ne, yr::member(field, "no_earlier_than"));
      ok = ok && out.no_earlier_than.has_value();
    }
    if (wi.IsDefined()) {
      out.within = r_.duration(wi, yr::member(field, "within"));
      ok = ok && out.within.has_value();
    }
    if (out.no_earlier_than && out.within && *out.no_earlier_than > *out.within) {
      r_.error(ne, yr::member(field, "no_earlier_than"),
               "no_earlier_than (" + sim::format_duration(*out.no_earlier_than) +
                   ") is later than within (" + sim::format_duration(*out.within) +
                   "), so nothing could pass; swap them or widen the window");
      ok = false;
    }
    out.anchor_step = last_save_;
    return ok;
  }

  std::optional<core::ErrorId> error_id(const YAML::Node& n, const std::string& field) {
    auto v = r_.text(n, field, "an error id such as system_armed");
    if (!v) return std::nullopt;
    if (auto id = core::error_from_name(*v)) return id;
    r_.error(
        n, field,
        "unknown error id " + in_quotes(*v) + yr::did_you_mean(*v, error_names()) +
            (yr::closest(*v, error_names()) ? "" : " (every id is listed in scenarios/README.md)"));
    return std::nullopt;
  }

  // ===========================================================================
  // [SECTION] The scenario header and world:
  // ===========================================================================

  void header(const YAML::Node& root) {
    Scenario& s = doc_.scenario;
    if (auto v = r_.text(root["name"], "name", "the scenario's name, a sentence")) s.name = *v;
    if (const YAML::Node d = root["description"]; d.IsDefined()) {
      if (auto v = r_.text(d, "description", "a description")) s.description = *v;
    }
    if (const YAML::Node t = root["tags"]; t.IsDefined()) {
      if (t.IsScalar()) {
        if (auto v = r_.text(t, "tags", "a tag")) s.tags.push_back(*v);
      } else if (r_.seq(t, "tags", "tags such as [website, propagation]")) {
        for (std::size_t i = 0; i < t.size(); ++i) {
          if (auto v = r_.text(t[i], yr::index("tags", i), "a tag such as website")) {
            if (std::find(s.tags.begin(), s.tags.end(), *v) != s.tags.end()) {
              r_.error(t[i], yr::index("tags", i), "tag '" + *v + "' appears twice; keep one");
            }
            s.tags.push_back(*v);
          }
        }
      }
    }
    if (const YAML::Node w = root["world"]; w.IsDefined()) world(w);
    if (const YAML::Node sd = root["seed"]; sd.IsDefined()) {
      s.seed = r_.integer(sd, "seed", 0, std::numeric_limits<std::uint64_t>::max());
    }
  }

  void world(const YAML::Node& w) {
    WorldRef& ref = doc_.scenario.world;
    ref.location = where(w);
    std::optional<YAML::Node> file;  // optional: Node::operator= does not rebind
    if (w.IsScalar()) {
      file.emplace(w);
    } else if (w.IsMap()) {
      if (!r_.map(w, "world", {"file", "overrides"})) return;
      if (w["file"].IsDefined()) file.emplace(w["file"]);
      if (const YAML::Node o = w["overrides"]; o.IsDefined()) {
        const std::vector<std::string> keys = world_override_keys();
        if (!o.IsMap()) {
          r_.error(o, "world.overrides",
                   "expected a mapping of world-file keys (such as links: or seed:), found " +
                       yr::describe(o));
        } else {
          for (auto it = o.begin(); it != o.end(); ++it) {
            const std::string k = it->first.IsScalar() ? it->first.Scalar() : "";
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
              r_.error(it->first, yr::member("world.overrides", k),
                       "unknown world key " + in_quotes(k) + yr::did_you_mean(k, keys) +
                           " (a world file's keys: " + yr::join(keys) + ")");
            }
          }
          YAML::Emitter out;
          out << o;
          ref.overrides_yaml = out.c_str();
        }
      }
    } else {
      r_.error(w, "world",
               "expected `default`, a world file path, or {file: ..., overrides: {...}}, found " +
                   yr::describe(w));
      return;
    }
    if (!file) return;  // the default world, overridden
    auto name =
        r_.text(*file, w.IsMap() ? "world.file" : "world", "`default` or a world file path");
    if (!name || *name == "default") return;
    std::filesystem::path p(*name);
    if (p.is_relative()) p = std::filesystem::path(source_).parent_path() / p;
    p = p.lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) {
      r_.error(*file, w.IsMap() ? "world.file" : "world",
               "world file " + in_quotes(*name) + " not found (looked for " + p.string() +
                   "); give a path relative to this scenario file, or `default`");
      return;
    }
    ref.file = p.string();
  }

  // ===========================================================================
  // [SECTION] Steps: dispatch, modifiers, the flow state
  // ===========================================================================

  void step(const YAML::Node& node, std::size_t i) {
    const std::string field = yr::index("steps", i);
    if (!node.IsMap()) {
      not_a_step(node, field);
      return;
    }
    // yaml-cpp's Node::operator= writes into the node it refers to, so keys
    // found are kept as optionals (emplace binds, assignment would not).
    std::vector<std::pair<YAML::Node, YAML::Node>> actions;
    std::optional<std::pair<YAML::Node, YAML::Node>> expect_kv, within_kv;
    bool unknown = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        r_.error(key, field, "a step name is a word such as click, found " + yr::describe(key));
        unknown = true;
        continue;
      }
      const std::string name = key.Scalar();
      if (name == "expect" || name == "within") {
        auto& kv = name == "expect" ? expect_kv : within_kv;
        if (kv) {
          r_.error(key, yr::member(field, name), "key '" + name + "' appears twice; keep one");
          unknown = true;
          continue;
        }
        kv.emplace(key, it->second);
      } else if (find_step_kind(name)) {
        actions.emplace_back(key, it->second);
      } else {
        unknown_step(key, field);
        unknown = true;
      }
    }
    if (actions.empty() && expect_kv) {
      actions.push_back(*expect_kv);
      expect_kv.reset();
    }
    if (actions.empty()) {
      if (!unknown) {
        r_.error(
            node, field,
            "this step has no action, only " + std::string(within_kv ? "within" : "expect") +
                "; add the action (click, wait_until, ...) or indent this under the step above");
      }
      return;
    }
    if (actions.size() > 1) {
      const YAML::Node& second = actions[1].first;
      r_.error(second, yr::member(field, second.Scalar()),
               "'" + second.Scalar() +
                   "' starts a second step inside this one; put '- ' before it "
                   "(one action per step)");
      return;
    }
    if (unknown) return;

    const auto& [key, value] = actions.front();
    const std::string name = key.Scalar();
    const StepKind& kind = *find_step_kind(name);
    Step s;
    s.location = where(key);
    s.text = render_entry(name, value);
    const std::string f = yr::member(field, name);
    auto action = dispatch(name, value, f, key);
    bool ok = action.has_value();
    if (action) s.action = std::move(*action);

    if (expect_kv) {
      const auto& [expect_key, expect_value] = *expect_kv;
      if (!kind.takes_result) {
        r_.error(expect_key, yr::member(field, "expect"),
                 name == "wait_until" || name == "wait" || name == "say" || name == "lock" ||
                         name == "fault"
                     ? "'" + name +
                           "' has no result to expect; check conditions in a step of "
                           "their own: `- expect: {partition: {name: House, state: disarmed}}`"
                     : "'" + name + "' has no result to expect");
        ok = false;
      } else if (action) {
        s.expect = outcomes(expect_value, yr::member(field, "expect"), entry_refusals(*action));
        ok = ok && s.expect.has_value();
      }
    }
    if (within_kv) {
      const auto& [within_key, within_value] = *within_kv;
      if (name != "wait_until") {
        r_.error(within_key, yr::member(field, "within"),
                 name == "expect"
                     ? "within: on a step bounds a wait_until; for a time window on an "
                       "expectation put it inside the condition: {sync: {..., within: 4m}}"
                     : "within: belongs to wait_until (how long to wait at most); remove it here");
        ok = false;
      } else {
        s.within = r_.duration(within_value, yr::member(field, "within"));
        ok = ok && s.within.has_value();
      }
    } else if (name == "wait_until" && ok) {
      r_.error(key, f,
               "wait_until needs a bound: add `within: 5m` (lined up with `wait_until:`) so that "
               "the step fails with what was seen instead of waiting for ever");
      ok = false;
    }
    if (!ok) return;
    doc_.steps.push_back(std::move(s));
    if (doc_.steps.back().saves_edit()) last_save_ = doc_.steps.size() - 1;
  }

  void not_a_step(const YAML::Node& node, const std::string& field) {
    std::string msg =
        "a step is `name: value` (such as `click: Save`), found " + yr::describe(node);
    if (node.IsScalar()) {
      const std::string& s = node.Scalar();
      const std::string first = s.substr(0, s.find(' '));
      if (const StepKind* k = find_step_kind(first)) {
        const std::string rest = first.size() < s.size() ? s.substr(first.size() + 1) : "";
        const bool secret =
            k->name == "access_code" || k->name == "keypad" || k->name == "enter_code";
        msg = "a step is `name: value`; put a colon after the step name: `" + first + ": " +
              (secret ? "...`" : rest + "`");
      } else if (auto c = yr::closest(first, step_names())) {
        msg += "; did you mean `" + *c + ": ...`?";
      }
    }
    r_.error(node, field, msg);
  }

  void unknown_step(const YAML::Node& key, const std::string& field) {
    const std::string name = key.Scalar();
    const std::vector<std::string> names = step_names();
    const auto conditions = strings(condition_names());
    std::string msg;
    if (std::find(conditions.begin(), conditions.end(), name) != conditions.end()) {
      msg = "'" + name + "' is a condition, not a step; write `- expect: {" + name +
            ": {...}}` or `- wait_until: {" + name + ": {...}}`";
    } else if (auto c = yr::closest(name, names)) {
      msg = "unknown step '" + name + "'; did you mean '" + *c + "'?";
    } else {
      msg = "unknown step '" + name + "'; the steps are: " + yr::join(names);
    }
    r_.error(key, yr::member(field, name), msg);
  }

  // The refusals of a code entry step; empty for any other step.
  static std::span<const core::ErrorId> entry_refusals(const StepAction& a) {
    if (std::holds_alternative<EnterCode>(a)) return kLockRefusals;
    if (std::holds_alternative<PressKeys>(a)) return kKeypadRefusals;
    if (const auto* arm = std::get_if<Arm>(&a); arm && arm->via == Via::keypad) {
      return kKeypadRefusals;
    }
    if (const auto* d = std::get_if<Disarm>(&a); d && d->via == Via::keypad) {
      return kKeypadRefusals;
    }
    return {};
  }

  std::optional<Expectation> outcomes(const YAML::Node& n, const std::string& field,
                                      std::span<const core::ErrorId> refusals) {
    const bool entry = !refusals.empty();
    Expectation e;
    auto one = [&](const YAML::Node& v, const std::string& f) -> bool {
      if (!v.IsScalar() || v.Scalar().empty()) {
        r_.error(
            v, f,
            std::string("expected ") +
                (entry ? "accepted, duress or a refusal id" : "ok or an error id") + ", found " +
                yr::describe(v) +
                (v.IsMap() ? "; conditions go in a step of their own: `- expect: {...}`" : ""));
        return false;
      }
      const std::string s = v.Scalar();
      std::vector<std::string> choices;
      if (entry) {
        choices = {"accepted", "duress"};
        for (auto id : refusals)
          choices.emplace_back(core::name(id));
      } else {
        choices = error_names();
        choices.insert(choices.begin(), "ok");
      }
      if (s == "ok" && entry) {
        r_.error(v, f, "a code entry is accepted, duress or refused; did you mean 'accepted'?");
        return false;
      }
      if ((s == "accepted" || s == "duress") && !entry) {
        r_.error(v, f,
                 "'" + s +
                     "' is the result of a code entry (keypad, enter_code, arm or disarm at a "
                     "keypad); this step's result is ok or an error id");
        return false;
      }
      if (s == "ok")
        e.any_of.push_back({Outcome::Kind::ok, std::nullopt});
      else if (s == "accepted")
        e.any_of.push_back({Outcome::Kind::accepted, std::nullopt});
      else if (s == "duress")
        e.any_of.push_back({Outcome::Kind::duress, std::nullopt});
      else if (auto id = core::error_from_name(s)) {
        if (entry && std::find(refusals.begin(), refusals.end(), *id) == refusals.end()) {
          std::string why;
          if (*id == core::ErrorId::no_grant) {
            why =
                " (a lock holds only the codes granted to it: a code not granted there is "
                "wrong_code)";
          } else if (*id == core::ErrorId::lock_jammed) {
            why = " (lock_jammed comes from a lock's own keypad: enter_code)";
          }
          r_.error(v, f,
                   "a code entry cannot be refused with '" + s + "'" + why +
                       "; expect one of: " + yr::join(choices));
          return false;
        }
        e.any_of.push_back({Outcome::Kind::error, id});
      } else {
        std::string msg = "unknown result '" + s + "'" + yr::did_you_mean(s, choices);
        if (!yr::closest(s, choices)) {
          msg += entry ? "; expect one of: " + yr::join(choices)
                       : "; expect ok or an error id (listed in scenarios/README.md)";
        }
        r_.error(v, f, msg);
        return false;
      }
      return true;
    };
    if (n.IsSequence()) {
      if (n.size() == 0) {
        r_.error(n, field,
                 "an empty list allows no result; list at least one, such as [ok, system_armed]");
        return std::nullopt;
      }
      bool ok = true;
      for (std::size_t i = 0; i < n.size(); ++i)
        ok = one(n[i], yr::index(field, i)) && ok;
      if (!ok) return std::nullopt;
    } else if (!one(n, field)) {
      return std::nullopt;
    }
    return e;
  }

  // ===========================================================================
  // [SECTION] Actions
  // ===========================================================================

  std::optional<StepAction> dispatch(const std::string& name, const YAML::Node& v,
                                     const std::string& f, const YAML::Node& key) {
    if (name == "say") return say(v, f);
    if (name == "log_in") return log_in(v, f);
    if (name == "log_out") return log_out(v, f);
    if (name == "click") return press(v, f, Channel::website);
    if (name == "tap") return press(v, f, Channel::app);
    if (name == "open_user") return open_user(v, f, key);
    if (name == "enter_name") return enter_name(v, f, key);
    if (name == "access_code") return access_code(v, f, key);
    if (name == "toggle") return toggle(v, f, key);
    if (name == "mobile_number") return mobile_number(v, f, key);
    if (name == "email_address") return email_address(v, f, key);
    if (name == "keypad") return keypad(v, f);
    if (name == "enter_code") return enter_code(v, f);
    if (name == "arm") return arm(v, f, true);
    if (name == "disarm") return arm(v, f, false);
    if (name == "lock") return lock(v, f);
    if (name == "fault") return fault(v, f);
    if (name == "add_user") return add_user(v, f);
    if (name == "edit_code") return edit_code(v, f);
    if (name == "change_grants") return change_grants(v, f);
    if (name == "delete_user") return user_step<DeleteUser>(v, f, "delete_user: Jordan Patel");
    if (name == "add_contact") return add_contact(v, f);
    if (name == "cancel_edit") return user_step<CancelEdit>(v, f, "cancel_edit: Casey Morgan");
    if (name == "share_user_code") {
      return user_step<ShareUserCode>(v, f, "share_user_code: Casey Morgan");
    }
    if (name == "wait") return wait(v, f);
    if (name == "wait_until") return wait_until(v, f);
    return expect(v, f);
  }

  std::optional<StepAction> say(const YAML::Node& v, const std::string& f) {
    auto t = r_.text(v, f, "a caption, one sentence");
    if (!t) return std::nullopt;
    return Say{*t};
  }

  std::optional<StepAction> log_in(const YAML::Node& v, const std::string& f) {
    LogIn out;
    if (v.IsScalar()) {
      auto c = channel(v, f);
      if (!c) return std::nullopt;
      out.channel = *c;
    } else {
      if (!r_.map(v, f, {"via", "email", "password"}, {"via"})) return std::nullopt;
      auto c = channel(v["via"], yr::member(f, "via"));
      if (!c) return std::nullopt;
      out.channel = *c;
      if (v["email"].IsDefined()) {
        auto e = input(v["email"], yr::member(f, "email"), "an email address");
        if (!e) return std::nullopt;
        out.email = *e;
      }
      if (v["password"].IsDefined()) {
        if (!v["password"].IsScalar()) {
          r_.error(v["password"], yr::member(f, "password"), "expected a password (text)");
          return std::nullopt;
        }
        out.password = v["password"].Scalar();
      }
    }
    form_channel_ = out.channel;
    contact_[ix(out.channel)] = ContactForm::closed;
    return out;
  }

  std::optional<StepAction> log_out(const YAML::Node& v, const std::string& f) {
    auto c = channel(v, f);
    if (!c) return std::nullopt;
    contact_[ix(*c)] = ContactForm::closed;
    return LogOut{*c};
  }

  std::optional<StepAction> press(const YAML::Node& v, const std::string& f, Channel ch) {
    const std::string verb = ch == Channel::website ? "click" : "tap";
    const std::string where_s = ch == Channel::website ? "the website" : "the app";
    auto label = r_.text(
        v, f,
        "a button label such as " + std::string(ch == Channel::website ? "Add New User" : "Add"));
    if (!label) return std::nullopt;
    const ButtonLabel* found = nullptr;
    const ButtonLabel* other = nullptr;
    for (const auto& b : button_labels()) {
      if (b.label != *label) continue;
      if (b.channel == ch)
        found = &b;
      else
        other = &b;
    }
    if (!found) {
      const auto labels = labels_of(ch);
      std::string msg;
      if (other) {
        const std::string other_verb = ch == Channel::website ? "tap" : "click";
        msg = "'" + *label + "' is a button of " +
              (ch == Channel::website ? std::string("the app") : std::string("the website")) +
              ", not of " + where_s + "; use `" + other_verb + ": " + *label + "`";
        for (const auto& b : button_labels()) {
          if (b.channel == ch && b.button == other->button) {
            msg += ", or in " + where_s + " " + verb + " '" + std::string(b.label) + "'";
          }
        }
        if (other->button == Button::menu)
          msg += " (the website has no menu: click Users directly)";
      } else {
        msg = "'" + *label + "' is not a button of " + where_s;
        if (auto c = closest_label(*label, labels)) msg += "; did you mean '" + *c + "'?";
        msg += (msg.back() == '?' ? " " : "; ");
        msg += "buttons: " + yr::join(labels);
      }
      r_.error(v, f, msg);
      return std::nullopt;
    }
    Press out{ch, found->button, *label};
    ContactForm& form = contact_[ix(ch)];
    switch (found->button) {
      case Button::add_contact:
        form = ContactForm::open;
        break;
      case Button::mobile_number:
      case Button::email_address:
        if (form == ContactForm::closed) {
          r_.error(v, f,
                   "'" + *label + "' is on the contact form; " + verb + " '+ Add Contact' first");
          return std::nullopt;
        }
        form = found->button == Button::mobile_number ? ContactForm::mobile : ContactForm::email;
        break;
      case Button::save:
        if (form != ContactForm::closed) {
          out.button = Button::save_contact;
          form = ContactForm::closed;
        }
        break;
      default:
        break;
    }
    form_channel_ = ch;
    return out;
  }

  // The channel of the form a form step fills, or an error.
  std::optional<Channel> form(const YAML::Node& key, const std::string& f, std::string_view what) {
    if (!form_channel_) {
      r_.error(key, f,
               std::string(what) +
                   " fills a form of the website or app; log in and click (or tap) "
                   "your way to it first: `- log_in: {via: website}`, `- click: Users`, ...");
      return std::nullopt;
    }
    return form_channel_;
  }

  std::optional<StepAction> open_user(const YAML::Node& v, const std::string& f,
                                      const YAML::Node& key) {
    auto ch = form(key, f, "open_user");
    auto user = user_name(v, f);
    if (!ch || !user) return std::nullopt;
    contact_[ix(*ch)] = ContactForm::closed;
    return OpenUser{*ch, *user};
  }

  std::optional<StepAction> enter_name(const YAML::Node& v, const std::string& f,
                                       const YAML::Node& key) {
    auto ch = form(key, f, "enter_name");
    if (!r_.map(v, f, {"first", "last"}, {"first", "last"})) {
      if (!v.IsMap())
        r_.errors().back().message += " (write enter_name: {first: Casey, last: Morgan})";
      return std::nullopt;
    }
    auto first = input(v["first"], yr::member(f, "first"), "a first name");
    auto last = input(v["last"], yr::member(f, "last"), "a last name");
    if (!ch || !first || !last) return std::nullopt;
    return EnterName{*ch, *first, *last};
  }

  std::optional<StepAction> access_code(const YAML::Node& v, const std::string& f,
                                        const YAML::Node& key) {
    auto ch = form(key, f, "access_code");
    auto c = code(v, f);
    if (!ch || !c) return std::nullopt;
    return EnterAccessCode{*ch, std::move(*c)};
  }

  std::optional<StepAction> toggle(const YAML::Node& v, const std::string& f,
                                   const YAML::Node& key) {
    auto ch = form(key, f, "toggle");
    auto s = switches(v, f, "{Front Door: on, Garage: off}");
    if (!ch || !s) return std::nullopt;
    return Toggle{*ch, std::move(*s)};
  }

  std::optional<Channel> contact_form(const YAML::Node& key, const std::string& f,
                                      ContactForm wanted, std::string_view label) {
    auto ch = form(key, f, key.Scalar());
    if (!ch) return std::nullopt;
    if (contact_[ix(*ch)] != wanted) {
      const std::string verb = *ch == Channel::website ? "click" : "tap";
      r_.error(key, f,
               key.Scalar() + " fills the " + std::string(label) + " form; " + verb +
                   " '+ Add Contact' and then '" + std::string(label) + "' first");
      return std::nullopt;
    }
    return ch;
  }

  std::optional<StepAction> mobile_number(const YAML::Node& v, const std::string& f,
                                          const YAML::Node& key) {
    auto ch = contact_form(key, f, ContactForm::mobile, "Mobile Number");
    if (!r_.map(v, f, {"number", "country", "carrier"}, {"number", "country", "carrier"})) {
      return std::nullopt;
    }
    auto number = input(v["number"], yr::member(f, "number"), "a mobile number");
    auto country = input(v["country"], yr::member(f, "country"), "a country code such as US");
    auto carrier = input(v["carrier"], yr::member(f, "carrier"), "a carrier such as Verizon");
    if (!ch || !number || !country || !carrier) return std::nullopt;
    return EnterMobile{*ch, core::MobileInput{*number, *country, *carrier}};
  }

  std::optional<StepAction> email_address(const YAML::Node& v, const std::string& f,
                                          const YAML::Node& key) {
    auto ch = contact_form(key, f, ContactForm::email, "Email Address");
    if (!r_.map(v, f, {"address", "format"}, {"address"})) return std::nullopt;
    auto address = input(v["address"], yr::member(f, "address"), "an email address");
    std::optional<std::string> format = "html";
    if (v["format"].IsDefined()) {
      format = input(v["format"], yr::member(f, "format"), "HTML, Plain Text or Short Text");
    }
    if (!ch || !address || !format) return std::nullopt;
    return EnterEmail{*ch, core::EmailInput{*address, *format}};
  }

  std::optional<std::vector<KeyInput>> keys(const YAML::Node& n, const std::string& field) {
    if (!n.IsScalar() || n.Scalar().empty()) {
      r_.error(n, field,
               "expected keys such as \"8362 disarm\": digits, then arm_away, arm_stay, "
               "arm_night, disarm or clear, separated by spaces; found " +
                   yr::describe(n));
      return std::nullopt;
    }
    const std::string& s = n.Scalar();
    std::vector<std::string> names;
    for (FunctionKey k : all_function_keys())
      names.emplace_back(key_name(k));
    std::vector<KeyInput> out;
    bool ok = true;
    const int quote = n.Tag() == "!" ? 1 : 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
      if (s[pos] == ' ' || s[pos] == ',') {
        ++pos;
        continue;
      }
      const std::size_t end = std::min(s.find_first_of(" ,", pos), s.size());
      const std::string token = s.substr(pos, end - pos);
      YAML::Mark at = n.Mark();
      at.column += quote + static_cast<int>(pos);
      const bool digits = std::all_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      const bool any_digit = std::any_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      if (digits) {
        out.emplace_back(core::AccessCode(token));
      } else if (auto k = function_key_from_string(token)) {
        out.emplace_back(*k);
      } else if (any_digit) {
        r_.error(at, field,
                 "a key group mixes digits with other characters; separate the digits from key "
                 "names with a space (keys are digits, " +
                     yr::join(names) + ")");
        ok = false;
      } else {
        std::string msg = "'" + token + "' is not a keypad key" + yr::did_you_mean(token, names);
        msg += (msg.back() == '?' ? " " : "; ");
        msg += "keys are digits and " + yr::join(names);
        r_.error(at, field, msg);
        ok = false;
      }
      pos = end;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<StepAction> keypad(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"name", "keys"}, {"name", "keys"})) return std::nullopt;
    auto name = r_.text(v["name"], yr::member(f, "name"), "a keypad name such as Hall Keypad");
    auto k = keys(v["keys"], yr::member(f, "keys"));
    if (!name || !k) return std::nullopt;
    return PressKeys{*name, std::move(*k)};
  }

  std::optional<StepAction> enter_code(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"lock", "code"}, {"lock", "code"})) return std::nullopt;
    auto name = r_.text(v["lock"], yr::member(f, "lock"), "a lock name such as Front Door");
    auto c = code(v["code"], yr::member(f, "code"));
    if (!name || !c) return std::nullopt;
    return EnterCode{*name, std::move(*c)};
  }

  std::optional<StepAction> arm(const YAML::Node& v, const std::string& f, bool arming) {
    const bool mapped = arming
                            ? r_.map(v, f, {"partition", "mode", "via", "keypad", "code"}, {"mode"})
                            : r_.map(v, f, {"partition", "via", "keypad", "code"});
    if (!mapped) return std::nullopt;
    const std::string verb = arming ? "arm" : "disarm";
    bool ok = true;
    std::optional<Via> via;
    if (v["via"].IsDefined()) {
      auto s = r_.choice(v["via"], yr::member(f, "via"), {"website", "app", "keypad"}, "way");
      if (!s) return std::nullopt;
      via = *s == "website" ? Via::website : *s == "app" ? Via::app : Via::keypad;
    } else if (v["keypad"].IsDefined()) {
      via = Via::keypad;
    } else {
      r_.error(v, f,
               "say how to " + verb +
                   ": `via: website` or `via: app` with a partition, or "
                   "`keypad: <name>` with `code:`");
      return std::nullopt;
    }
    std::string partition, keypad_name;
    std::optional<core::AccessCode> c;
    if (v["partition"].IsDefined()) {
      auto p =
          r_.text(v["partition"], yr::member(f, "partition"), "a partition name such as House");
      if (p)
        partition = *p;
      else
        ok = false;
    }
    if (*via == Via::keypad) {
      for (const char* k : {"keypad", "code"}) {
        if (!v[k].IsDefined()) {
          r_.error(v, f,
                   verb + " at a keypad needs `" + k + ":`; add it (or use via: website | app)");
          ok = false;
        }
      }
      if (v["keypad"].IsDefined()) {
        auto k = r_.text(v["keypad"], yr::member(f, "keypad"), "a keypad name such as Hall Keypad");
        if (k)
          keypad_name = *k;
        else
          ok = false;
      }
      if (v["code"].IsDefined()) {
        c = code(v["code"], yr::member(f, "code"));
        ok = ok && c.has_value();
      }
    } else {
      if (partition.empty() && !v["partition"].IsDefined()) {
        r_.error(
            v, f,
            verb + " from the " + std::string(to_string(*via)) + " needs `partition:`; add it");
        ok = false;
      }
      for (const char* k : {"keypad", "code"}) {
        if (v[k].IsDefined()) {
          r_.error(v[k], yr::member(f, k),
                   std::string(k) + ": is for a keypad; from the " + std::string(to_string(*via)) +
                       " remove it (the session is logged in already)");
          ok = false;
        }
      }
    }
    ArmMode mode = ArmMode::away;
    if (arming) {
      auto m =
          r_.choice(v["mode"], yr::member(f, "mode"), {"away", "stay", "night"}, "arming mode");
      if (!m) return std::nullopt;
      mode = *m == "away" ? ArmMode::away : *m == "stay" ? ArmMode::stay : ArmMode::night;
    }
    if (!ok) return std::nullopt;
    if (arming) return Arm{*via, partition, mode, keypad_name, std::move(c)};
    return Disarm{*via, partition, keypad_name, std::move(c)};
  }

  std::optional<StepAction> lock(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"name", "battery", "asleep", "reachable", "jammed"}, {"name"})) {
      return std::nullopt;
    }
    SetLock out;
    auto name = r_.text(v["name"], yr::member(f, "name"), "a lock name such as Front Door");
    bool ok = name.has_value();
    if (name) out.lock = *name;
    if (v["battery"].IsDefined()) {
      auto b = r_.integer(v["battery"], yr::member(f, "battery"), 0, 100);
      if (b)
        out.battery_percent = static_cast<int>(*b);
      else
        ok = false;
    }
    for (auto [k, slot] : {std::pair{"asleep", &out.asleep}, std::pair{"reachable", &out.reachable},
                           std::pair{"jammed", &out.jammed}}) {
      if (!v[k].IsDefined()) continue;
      *slot = r_.boolean(v[k], yr::member(f, k));
      ok = ok && slot->has_value();
    }
    if (ok && !out.battery_percent && !out.asleep && !out.reachable && !out.jammed) {
      r_.error(v, f,
               "say what to change: battery (percent), asleep, reachable or jammed, e.g. "
               "{name: Front Door, battery: 15}");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<StepAction> fault(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"kind", "target", "for"}, {"kind"})) return std::nullopt;
    std::vector<std::string> names;
    for (sim::FaultKind k : sim::all_fault_kinds())
      names.emplace_back(sim::to_string(k));
    auto text = r_.text(v["kind"], yr::member(f, "kind"), "a fault kind such as link_down");
    if (!text) return std::nullopt;
    std::optional<sim::FaultKind> kind;
    if (auto p = sim::parse_fault_kind(*text)) kind = *p;
    for (const auto& a : kFaultAliases) {
      if (a.alias == *text) kind = a.kind;
    }
    if (!kind) {
      std::vector<std::string> all = names;
      for (const auto& a : kFaultAliases)
        all.emplace_back(a.alias);
      r_.error(v["kind"], yr::member(f, "kind"),
               "unknown fault kind " + in_quotes(*text) + "; use one of: " + yr::join(names) +
                   yr::did_you_mean(*text, all));
      return std::nullopt;
    }
    InjectFault out;
    out.kind = *kind;
    bool ok = true;
    const YAML::Node t = v["target"];
    const std::string tf = yr::member(f, "target");
    switch (target_of(*kind)) {
      case FaultTarget::link:
        if (!t.IsDefined()) {
          r_.error(v, f, "a link fault needs `target:`, one of: " + yr::join(link_names()));
          ok = false;
        } else if (auto l = r_.choice(t, tf, link_names(), "link")) {
          out.target = *l;
        } else {
          ok = false;
        }
        break;
      case FaultTarget::panel:
        out.target = "panel";
        if (t.IsDefined() && !r_.choice(t, tf, {"panel"}, "target")) ok = false;
        break;
      case FaultTarget::lock:
        if (!t.IsDefined()) {
          r_.error(v, f,
                   "a lock fault needs `target:` with the lock's name, e.g. target: Front Door");
          ok = false;
        } else if (auto l = r_.text(t, tf, "a lock name such as Front Door")) {
          out.target = *l;
        } else {
          ok = false;
        }
        break;
    }
    if (const YAML::Node d = v["for"]; d.IsDefined()) {
      const auto recovery = sim::recovery_of(*kind);
      if (!recovery) {
        r_.error(d, yr::member(f, "for"),
                 "'" + std::string(sim::to_string(*kind)) +
                     "' does not clear itself, so it takes no `for:`; remove it");
        ok = false;
      } else {
        out.duration = r_.duration(d, yr::member(f, "for"));
        ok = ok && out.duration.has_value();
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<Channel> via_channel(const YAML::Node& v, const std::string& f) {
    if (!v["via"].IsDefined()) return Channel::website;
    return channel(v["via"], yr::member(f, "via"));
  }

  std::optional<StepAction> add_user(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f,
                {"via", "first", "last", "code", "generate_code", "role", "partitions", "locks",
                 "contacts"},
                {"first", "last"})) {
      return std::nullopt;
    }
    AddUser out;
    auto ch = via_channel(v, f);
    auto first = input(v["first"], yr::member(f, "first"), "a first name");
    auto last = input(v["last"], yr::member(f, "last"), "a last name");
    bool ok = ch && first && last;
    if (ok) {
      out.channel = *ch;
      out.first = *first;
      out.last = *last;
    }
    ok = code_or_generate(v, f, out.code, out.generate_code) && ok;
    if (v["role"].IsDefined()) {
      if (auto r = r_.choice(v["role"], yr::member(f, "role"),
                             {"master", "standard", "guest", "duress"}, "role")) {
        out.role = core::role_from_string(*r);
      } else {
        ok = false;
      }
    }
    auto parts = selection(v["partitions"], yr::member(f, "partitions"));
    auto locks = selection(v["locks"], yr::member(f, "locks"));
    ok = ok && parts && locks;
    if (parts) out.partitions = *parts;
    if (locks) out.locks = *locks;
    if (const YAML::Node c = v["contacts"]; c.IsDefined()) {
      const std::string cf = yr::member(f, "contacts");
      if (!r_.seq(c, cf, "contacts")) {
        ok = false;
      } else {
        for (std::size_t i = 0; i < c.size(); ++i) {
          const std::string ef = yr::index(cf, i);
          if (!r_.map(c[i], ef, {"mobile", "country", "carrier", "email", "format"})) {
            ok = false;
            continue;
          }
          auto contact = contact_fields(c[i], ef);
          if (contact)
            out.contacts.push_back(std::move(*contact));
          else
            ok = false;
        }
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // code: "1234" or generate_code: true (or neither, for a user with no code
  // when `allow_none`).
  bool code_or_generate(const YAML::Node& v, const std::string& f,
                        std::optional<core::AccessCode>& c, bool& generate) {
    bool ok = true;
    if (v["generate_code"].IsDefined()) {
      auto g = r_.boolean(v["generate_code"], yr::member(f, "generate_code"));
      if (g)
        generate = *g;
      else
        ok = false;
    }
    if (v["code"].IsDefined()) {
      c = code(v["code"], yr::member(f, "code"));
      ok = ok && c.has_value();
      if (generate) {
        r_.error(v["generate_code"], yr::member(f, "generate_code"),
                 "give either code: or generate_code: true, not both");
        ok = false;
      }
    }
    return ok;
  }

  std::optional<std::string> user_name(const YAML::Node& n, const std::string& f) {
    return r_.text(n, f, "a user's first and last name, such as Casey Morgan");
  }

  std::optional<StepAction> edit_code(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"user", "code", "generate_code", "via"}, {"user"})) return std::nullopt;
    EditCode out;
    auto ch = via_channel(v, f);
    auto user = user_name(v["user"], yr::member(f, "user"));
    bool ok = ch && user;
    ok = code_or_generate(v, f, out.code, out.generate_code) && ok;
    if (ok && !out.code && !out.generate_code) {
      r_.error(v, f, "edit_code needs the new code: add code: \"1234\" or generate_code: true");
      ok = false;
    }
    if (!ok) return std::nullopt;
    out.channel = *ch;
    out.user = *user;
    return out;
  }

  std::optional<StepAction> change_grants(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"user", "partitions", "locks", "via"}, {"user"})) return std::nullopt;
    ChangeGrants out;
    auto ch = via_channel(v, f);
    auto user = user_name(v["user"], yr::member(f, "user"));
    bool ok = ch && user;
    if (!v["partitions"].IsDefined() && !v["locks"].IsDefined()) {
      r_.error(v, f, "say what changes: partitions: {Garage: on} and/or locks: {Back Door: off}");
      ok = false;
    }
    if (v["partitions"].IsDefined()) {
      auto s = switches(v["partitions"], yr::member(f, "partitions"), "{Garage: on}");
      if (s)
        out.partitions = std::move(*s);
      else
        ok = false;
    }
    if (v["locks"].IsDefined()) {
      auto s = switches(v["locks"], yr::member(f, "locks"), "{Back Door: off}");
      if (s)
        out.locks = std::move(*s);
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    out.channel = *ch;
    out.user = *user;
    return out;
  }

  template <class T>
  std::optional<StepAction> user_step(const YAML::Node& v, const std::string& f,
                                      std::string_view example) {
    T out;
    if (v.IsScalar()) {
      auto user = user_name(v, f);
      if (!user) return std::nullopt;
      out.user = *user;
      return out;
    }
    if (!r_.map(v, f, {"user", "via"}, {"user"})) {
      if (!v.IsMap()) r_.errors().back().message += " (write " + std::string(example) + ")";
      return std::nullopt;
    }
    auto ch = via_channel(v, f);
    auto user = user_name(v["user"], yr::member(f, "user"));
    if (!ch || !user) return std::nullopt;
    out.channel = *ch;
    out.user = *user;
    return out;
  }

  std::optional<StepAction> add_contact(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"user", "via", "mobile", "country", "carrier", "email", "format"},
                {"user"})) {
      return std::nullopt;
    }
    auto ch = via_channel(v, f);
    auto user = user_name(v["user"], yr::member(f, "user"));
    auto contact = contact_fields(v, f);
    if (!ch || !user || !contact) return std::nullopt;
    return AddContact{*ch, *user, std::move(*contact)};
  }

  std::optional<StepAction> wait(const YAML::Node& v, const std::string& f) {
    auto d = r_.duration(v, f);
    if (!d) return std::nullopt;
    return Wait{*d};
  }

  std::optional<StepAction> wait_until(const YAML::Node& v, const std::string& f) {
    in_wait_until_ = true;
    auto c = conditions(v, f);
    in_wait_until_ = false;
    if (!c) return std::nullopt;
    return WaitUntil{std::move(*c)};
  }

  std::optional<StepAction> expect(const YAML::Node& v, const std::string& f) {
    if (v.IsScalar() && v.Scalar() != "settled") {
      r_.error(v, f,
               "a step of its own, expect: checks conditions such as {sync: {...}}; to check the "
               "result of the step above, indent `expect: " +
                   v.Scalar() + "` under it (no '-', lined up with its name)");
      return std::nullopt;
    }
    auto c = conditions(v, f);
    if (!c) return std::nullopt;
    return Expect{std::move(*c)};
  }

  // ===========================================================================
  // [SECTION] Conditions
  // ===========================================================================

  // A mapping of condition names to their fields, or a list of such mappings;
  // `settled` alone as a scalar.
  std::optional<std::vector<Condition>> conditions(const YAML::Node& v, const std::string& f) {
    std::vector<Condition> out;
    bool ok = true;
    auto from_map = [&](const YAML::Node& m, const std::string& mf) {
      if (m.IsScalar() && m.Scalar() == "settled") {
        out.push_back({where(m), "settled", Settled{}});
        return;
      }
      if (!m.IsMap() || m.size() == 0) {
        r_.error(m, mf,
                 "expected conditions such as {partition: {name: House, state: disarmed}}, found " +
                     yr::describe(m));
        ok = false;
        return;
      }
      for (auto it = m.begin(); it != m.end(); ++it) {
        auto c = condition(it->first, it->second, mf);
        if (c)
          out.push_back(std::move(*c));
        else
          ok = false;
      }
    };
    if (v.IsSequence()) {
      if (v.size() == 0) {
        r_.error(v, f, "an empty list checks nothing; list at least one condition");
        return std::nullopt;
      }
      for (std::size_t i = 0; i < v.size(); ++i)
        from_map(v[i], yr::index(f, i));
    } else {
      from_map(v, f);
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<Condition> condition(const YAML::Node& key, const YAML::Node& v,
                                     const std::string& parent) {
    const auto names = strings(condition_names());
    if (!key.IsScalar()) {
      r_.error(key, parent,
               "a condition is named by a word such as sync, found " + yr::describe(key));
      return std::nullopt;
    }
    const std::string name = key.Scalar();
    const std::string f = yr::member(parent, name);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string msg = "unknown condition '" + name + "'" + yr::did_you_mean(name, names);
      if (find_step_kind(name)) msg += "; '" + name + "' is a step: give it a '- ' line of its own";
      msg += (msg.back() == '?' ? " " : "; ");
      msg += "conditions: " + yr::join(names);
      r_.error(key, f, msg);
      return std::nullopt;
    }
    Condition c;
    c.location = where(key);
    c.text = render_entry(name, v);
    std::optional<ConditionKind> what;
    if (name == "sync")
      what = sync(v, f);
    else if (name == "partition")
      what = partition(v, f);
    else if (name == "holds" || name == "holds_not")
      what = holds(v, f, name == "holds");
    else if (name == "keypad_display")
      what = keypad_display(v, f);
    else if (name == "bolt")
      what = bolt(v, f);
    else if (name == "trace" || name == "trace_not")
      what = trace(v, f, name == "trace");
    else if (name == "notification")
      what = notification(v, f);
    else
      what = settled(v, f);
    if (!what) return std::nullopt;
    c.what = std::move(*what);
    return c;
  }

  std::optional<ConditionKind> sync(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"user", "device", "state", "reason", "no_earlier_than", "within"},
                {"user", "device", "state"})) {
      return std::nullopt;
    }
    SyncIs out;
    auto user = user_name(v["user"], yr::member(f, "user"));
    auto device = r_.text(v["device"], yr::member(f, "device"), "panel or a lock name");
    std::vector<std::string> states;
    for (SyncState s : all_sync_states())
      states.emplace_back(to_string(s));
    auto state = r_.choice(v["state"], yr::member(f, "state"), states, "sync state");
    bool ok = user && device && state;
    if (state) out.state = *sync_state_from_string(*state);
    if (const YAML::Node r = v["reason"]; r.IsDefined() && state) {
      const std::string rf = yr::member(f, "reason");
      if (out.state == SyncState::failed) {
        out.error = error_id(r, rf);
        ok = ok && out.error.has_value();
      } else if (out.state == SyncState::pending) {
        auto why = r_.choice(r, rf, strings(pending_reasons()), "reason for pending");
        if (why)
          out.pending_reason = *why;
        else
          ok = false;
      } else {
        r_.error(r, rf,
                 "reason: says why a sync failed (an error id) or is pending (such as \"panel "
                 "offline, queued\"); with state " +
                     *state + " remove it");
        ok = false;
      }
    }
    ok = window(v, f, out.window) && ok;
    if (!ok) return std::nullopt;
    out.user = *user;
    out.device = *device;
    return out;
  }

  std::optional<ConditionKind> partition(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"name", "state"}, {"name", "state"})) return std::nullopt;
    auto name = r_.text(v["name"], yr::member(f, "name"), "a partition name such as House");
    auto state =
        r_.choice(v["state"], yr::member(f, "state"), partition_state_names(), "partition state");
    if (!name || !state) return std::nullopt;
    return PartitionIs{*name, *core::partition_state_from_string(*state)};
  }

  std::optional<ConditionKind> holds(const YAML::Node& v, const std::string& f, bool positive) {
    if (!r_.map(v, f, {"device", "user"}, {"device", "user"})) return std::nullopt;
    auto device = r_.text(v["device"], yr::member(f, "device"), "panel or a lock name");
    auto user = user_name(v["user"], yr::member(f, "user"));
    if (!device || !user) return std::nullopt;
    return Holds{*device, *user, positive};
  }

  std::optional<ConditionKind> keypad_display(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"name", "text", "contains"}, {"name"})) return std::nullopt;
    auto name = r_.text(v["name"], yr::member(f, "name"), "a keypad name such as Hall Keypad");
    const bool has_text = v["text"].IsDefined();
    if (has_text == v["contains"].IsDefined()) {
      r_.error(v, f,
               has_text
                   ? "give text: (the whole display) or contains: (a part), not both"
                   : "say what to look for: text: Ready (the whole display) or contains: Ready");
      return std::nullopt;
    }
    auto text = input(has_text ? v["text"] : v["contains"],
                      yr::member(f, has_text ? "text" : "contains"), "display text");
    if (!name || !text) return std::nullopt;
    return KeypadDisplays{*name, *text, !has_text};
  }

  std::optional<ConditionKind> trace(const YAML::Node& v, const std::string& f, bool present) {
    if (!r_.map(v, f, {"component", "kind", "fields", "after", "no_earlier_than", "within"},
                {"kind"})) {
      return std::nullopt;
    }
    TraceHas out;
    out.present = present;
    bool ok = true;
    if (v["component"].IsDefined()) {
      auto c = r_.text(v["component"], yr::member(f, "component"), "a component such as panel");
      if (c)
        out.component = *c;
      else
        ok = false;
    }
    if (auto k = r_.text(v["kind"], yr::member(f, "kind"), "a trace kind such as edit_applied")) {
      out.kind = *k;
    } else {
      ok = false;
    }
    if (v["after"].IsDefined()) {
      auto a = r_.text(v["after"], yr::member(f, "after"), "a trace kind that comes first");
      if (a)
        out.after = *a;
      else
        ok = false;
    }
    if (const YAML::Node fl = v["fields"]; fl.IsDefined()) {
      const std::string ff = yr::member(f, "fields");
      if (!fl.IsMap()) {
        r_.error(fl, ff, "expected field values such as {user: 4}, found " + yr::describe(fl));
        ok = false;
      } else {
        for (auto it = fl.begin(); it != fl.end(); ++it) {
          if (!it->first.IsScalar() || !it->second.IsScalar()) {
            r_.error(it->second, ff, "each field is `name: value` with a single value");
            ok = false;
            continue;
          }
          if (it->first.Scalar() == "code") {
            r_.error(it->first, yr::member(ff, "code"),
                     "codes never appear in the trace (they show as ****); match on user instead");
            ok = false;
            continue;
          }
          out.fields.emplace_back(it->first.Scalar(), it->second.Scalar());
        }
      }
    }
    ok = window(v, f, out.window) && ok;
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<ConditionKind> notification(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"to", "kind", "via", "contains"}, {"to"})) return std::nullopt;
    NotificationSent out;
    auto to = r_.text(v["to"], yr::member(f, "to"), "an email address or mobile number");
    bool ok = to.has_value();
    if (to) out.to = *to;
    if (v["kind"].IsDefined()) {
      std::vector<std::string> kinds;
      for (auto k : all_notification_kinds())
        kinds.emplace_back(to_string(k));
      if (auto k = r_.choice(v["kind"], yr::member(f, "kind"), kinds, "notification kind")) {
        for (auto nk : all_notification_kinds()) {
          if (to_string(nk) == *k) out.kind = nk;
        }
      } else {
        ok = false;
      }
    }
    if (v["via"].IsDefined()) {
      if (auto w = r_.choice(v["via"], yr::member(f, "via"), {"sms", "email"}, "way")) {
        out.via = *w == "sms" ? NotificationVia::sms : NotificationVia::email;
      } else {
        ok = false;
      }
    }
    if (v["contains"].IsDefined()) {
      auto t = r_.text(v["contains"], yr::member(f, "contains"), "text");
      if (t)
        out.contains = *t;
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<ConditionKind> bolt(const YAML::Node& v, const std::string& f) {
    if (!r_.map(v, f, {"lock", "state"}, {"lock", "state"})) return std::nullopt;
    auto lock_name = r_.text(v["lock"], yr::member(f, "lock"), "a lock name such as Front Door");
    auto state = r_.choice(v["state"], yr::member(f, "state"), {"locked", "unlocked", "jammed"},
                           "bolt state");
    if (!lock_name || !state) return std::nullopt;
    const BoltState b = *state == "locked"     ? BoltState::locked
                        : *state == "unlocked" ? BoltState::unlocked
                                               : BoltState::jammed;
    return BoltIs{*lock_name, b};
  }

  std::optional<ConditionKind> settled(const YAML::Node& v, const std::string& f) {
    bool yes = false;
    if (!v.IsNull() && !(v.IsScalar() && YAML::convert<bool>::decode(v, yes) && yes)) {
      r_.error(v, f, "write `settled: true` (or just `settled`)");
      return std::nullopt;
    }
    return Settled{};
  }

  // ---- flow state -----------------------------------------------------------
  yr::Reader r_;
  std::string source_;
  ScenarioDocument doc_;
  std::optional<Channel> form_channel_;
  std::array<ContactForm, 2> contact_{ContactForm::closed, ContactForm::closed};
  std::optional<std::size_t> last_save_;
  bool in_wait_until_ = false;
};

}  // namespace

std::vector<std::string> scenario_keys() {
  return {"name", "description", "tags", "world", "seed", "steps"};
}

std::vector<std::string> world_override_keys() {
  // The top-level keys of a world file (devices/README.md).
  return {"name",  "time",  "panel",  "partitions", "keypads", "locks",
          "users", "links", "policy", "faults",     "seed"};
}

Loaded<ScenarioDocument> parse_scenario(std::string_view yaml_text, std::string source_name) {
  return Parser(std::move(source_name)).parse(yaml_text);
}

Loaded<ScenarioDocument> parse_scenario_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ScenarioError e;
    e.file = path.string();
    e.message = "cannot open the scenario file; check the path";
    return std::vector<ScenarioError>{e};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path.string());
}

}  // namespace lockstep::scenarios
