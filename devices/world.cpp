#include "devices/world.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "devices/embedded/default_world_yaml.hpp"
#include "devices/world_yaml.hpp"

namespace lockstep::devices {
namespace {

using yaml_read::index;
using yaml_read::member;
using yaml_read::Reader;

constexpr std::array<std::string_view, 3> kLinkNames = {"cloud_to_panel", "panel_to_cloud",
                                                        "panel_to_lock"};

// The names are sim::FaultKind's (sim/fault.hpp), so a world file, a
// scenario and the GUI schedule the same faults under the same words.
constexpr std::array<FaultKind, 11> kFaultKinds = {{
    {"link_down", FaultTarget::link, true, "the link carries nothing until link_up or `for`"},
    {"link_up", FaultTarget::link, false, "the link works again"},
    {"power_off", FaultTarget::device, true,
     "the panel or a lock loses power (the panel's user table and a lock's codes survive)"},
    {"power_on", FaultTarget::device, false, "the panel or lock boots again"},
    {"lock_asleep", FaultTarget::lock, true, "the lock stops listening until lock_awake or `for`"},
    {"lock_awake", FaultTarget::lock, false, "the lock listens again"},
    {"lock_unreachable", FaultTarget::lock, true, "the lock hears nothing from the panel"},
    {"lock_reachable", FaultTarget::lock, false, "the lock hears the panel again"},
    {"lock_jam", FaultTarget::lock, true, "the bolt cannot move"},
    {"lock_unjam", FaultTarget::lock, false, "the bolt moves again"},
    {"battery_low", FaultTarget::lock, false, "the lock's battery drops to a low level"},
}};

std::vector<std::string> to_strings(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

std::string describe_lengths(const core::CodeLengths& l) {
  std::vector<std::string> accepted;
  for (unsigned n = l.min; n <= l.max; ++n) {
    if (std::find(l.excluded.begin(), l.excluded.end(), n) == l.excluded.end()) {
      accepted.push_back(std::to_string(n));
    }
  }
  std::string out;
  if (accepted.size() > 2 && l.excluded.empty()) {
    out = accepted.front() + " to " + accepted.back();
  } else {
    for (std::size_t i = 0; i < accepted.size(); ++i) {
      if (i > 0) out += i + 1 == accepted.size() ? " or " : ", ";
      out += accepted[i];
    }
  }
  out += " digits";
  if (l.same_length_for_all && accepted.size() > 1) out += ", one length for every code";
  return out;
}

bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Where each user's fields are in the file, for errors found by the core.
struct UserMarks {
  std::string field;  // "users[2]"
  YAML::Mark user, first_name, last_name, role, code, partitions, locks, access, language;
  std::vector<YAML::Mark> contacts;
};

YAML::Mark mark_of(const YAML::Node& node) {
  return node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
}

// How to fix what the core refused, beyond its own sentence.
std::string hint(const core::Problem& p, const core::SystemConfig& system) {
  using core::ErrorId;
  switch (p.id) {
    case ErrorId::code_not_digits:
    case ErrorId::code_too_short:
    case ErrorId::code_wrong_length:
    case ErrorId::code_length_mismatch:
      return " The panel model '" + system.panel.model + "' accepts " +
             describe_lengths(system.panel.code_lengths) + "; quote the code (\"...\").";
    case ErrorId::code_weak:
      return " Choose a less guessable code, or set policy.weak_codes to warn or allow for this "
             "world.";
    case ErrorId::code_in_use:
    case ErrorId::code_reserved:
      return " Give every user, the installer and each duress code a different code.";
    case ErrorId::code_length_unsupported_by_lock:
      for (const auto& lock : system.locks) {
        if (lock.name == p.subject) {
          return " That lock (" + lock.spec.model + ") accepts " +
                 describe_lengths(lock.spec.code_lengths) + ".";
        }
      }
      return {};
    case ErrorId::code_button_collision:
      return " Pick a code that presses different buttons (1-2, 3-4, 5-6, 7-8, 9-0).";
    case ErrorId::lock_slots_full:
      return " Remove this lock from the `locks` of some users, or use a model with more slots.";
    case ErrorId::role_not_supported:
      return " Use role standard, or a panel model that supports it.";
    case ErrorId::language_unknown:
      return " Use one of: en, es, fr, de, pt, it.";
    default:
      return {};
  }
}

// The user key a core error concerns.
std::string user_key(const core::Problem& p) {
  const std::string_view f = core::field(p.id);
  if (f == "access_code") return "code";
  if (f == "grants.locks") return "locks";
  if (f == "grants.partitions") return "partitions";
  if (f == "access_times") return "access";
  if (f == "role") return "role";
  if (f == "language") return "language";
  if (f == "name") return p.subject == "last name" ? "last_name" : "first_name";
  if (f.starts_with("contact")) return "contacts";
  return {};
}

YAML::Mark user_mark(const UserMarks& m, const std::string& key) {
  if (key == "code") return m.code.is_null() ? m.user : m.code;
  if (key == "locks") return m.locks.is_null() ? m.user : m.locks;
  if (key == "partitions") return m.partitions.is_null() ? m.user : m.partitions;
  if (key == "access") return m.access.is_null() ? m.user : m.access;
  if (key == "role") return m.role.is_null() ? m.user : m.role;
  if (key == "language") return m.language.is_null() ? m.user : m.language;
  if (key == "first_name") return m.first_name;
  if (key == "last_name") return m.last_name;
  return m.user;
}

void report(Reader& r, const UserMarks& m, const core::Problem& p,
            const core::SystemConfig& system) {
  const std::string key = user_key(p);
  r.error(user_mark(m, key), key.empty() ? m.field : member(m.field, key),
          std::string(core::name(p.id)) + ": " + p.message() + hint(p, system));
}

// Creates every user in a Directory of `world.system`, in order. Errors go to
// `r`, warnings to `warnings`; `marks` (one per user) place them in the file.
std::optional<core::Directory> populate(const World& world, const std::vector<UserMarks>& marks,
                                        Reader& r, std::vector<WorldError>* warnings) {
  core::Directory directory(world.system);
  std::vector<core::PartitionStatus> disarmed;
  for (const auto& p : world.system.partitions) {
    disarmed.push_back(core::PartitionStatus{p.name, core::PartitionState::disarmed});
  }
  const std::size_t before = r.errors().size();
  for (std::size_t i = 0; i < world.users.size(); ++i) {
    const UserSeed& seed = world.users[i];
    const UserMarks& m = marks[i];
    auto created = directory.create_user(seed.first_name, seed.last_name, seed.role, disarmed);
    if (!created) {
      for (const auto& p : created.verdict().errors())
        report(r, m, p, world.system);
      continue;
    }
    const core::UserId id = created.value();
    core::CodeEdit edit;
    edit.code = seed.code;
    edit.grants = seed.grants;
    edit.access_times = seed.access_times;
    const core::Verdict saved = directory.save(id, edit, disarmed);
    for (const auto& p : saved.errors())
      report(r, m, p, world.system);
    if (warnings != nullptr) {
      Reader w(r.file());
      for (const auto& p : saved.warnings())
        report(w, m, p, world.system);
      for (auto& e : w.errors())
        warnings->push_back(std::move(e));
    }
    if (seed.language != "en") {
      for (const auto& p : directory.set_language(id, seed.language).errors()) {
        report(r, m, p, world.system);
      }
    }
    for (std::size_t c = 0; c < seed.contacts.size(); ++c) {
      auto added = directory.add_contact(id, seed.contacts[c]);
      if (!added) {
        const core::Problem& p = added.error();
        const YAML::Mark at = c < m.contacts.size() ? m.contacts[c] : m.user;
        r.error(at, index(member(m.field, "contacts"), c),
                std::string(core::name(p.id)) + ": " + p.message() +
                    " Remove some contacts of this user.");
      }
    }
  }
  if (r.errors().size() != before) return std::nullopt;
  return directory;
}

std::vector<UserMarks> unplaced_marks(const World& world) {
  std::vector<UserMarks> marks(world.users.size());
  for (std::size_t i = 0; i < marks.size(); ++i) {
    marks[i].field = index("users", i);
    marks[i].user = YAML::Mark::null_mark();
    marks[i].first_name = marks[i].last_name = marks[i].user;
    marks[i].role = marks[i].code = marks[i].partitions = marks[i].locks = marks[i].user;
    marks[i].access = marks[i].language = marks[i].user;
  }
  return marks;
}

// ---- the parser -----------------------------------------------------------

class WorldParser {
 public:
  WorldParser(std::string source, const Catalog& catalog) : r_(source), catalog_(catalog) {
    world_.source = std::move(source);
  }

  Loaded<World> parse(std::string_view text) {
    auto doc = yaml_read::load(text, r_);
    if (!doc) return std::move(r_.errors());
    const YAML::Node root = *doc;
    if (!r_.map(root, "",
                {"name", "account", "panel", "partitions", "keypads", "locks", "users", "links",
                 "policy", "faults", "seed", "time"},
                {"panel", "partitions"})) {
      return std::move(r_.errors());
    }
    world_.name = "Home";
    if (const YAML::Node n = root["name"]; n.IsDefined()) {
      if (auto v = r_.text(n, "name", "the site's name")) world_.name = *v;
    }
    world_.system.name = world_.name;
    const std::size_t before_shape = r_.errors().size();
    read_panel(root["panel"]);
    read_partitions(root["partitions"]);
    read_locks(root["locks"]);
    const bool shape_ok = panel_known_ && r_.errors().size() == before_shape;
    read_keypads(root["keypads"]);
    read_policy(root["policy"]);
    read_links(root["links"]);
    read_faults(root["faults"]);
    read_seed(root["seed"]);
    read_time(root["time"]);
    read_account(root["account"]);
    const std::size_t before_users = r_.errors().size();
    read_users(root["users"]);
    if (shape_ok && r_.errors().size() == before_users && capacity_ok_) {
      populate(world_, marks_, r_, &world_.warnings);
    }
    if (r_.failed()) return std::move(r_.errors());
    return std::move(world_);
  }

 private:
  // A name from `names` (partitions, locks), or an error with the choices.
  template <class Names>
  std::optional<std::uint32_t> lookup(const YAML::Node& node, const std::string& field,
                                      const Names& names, std::string_view what,
                                      std::string_view where_defined) {
    auto name = r_.text(node, field, "the name of a " + std::string(what));
    if (!name) return std::nullopt;
    std::vector<std::string> known;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].name == *name) return static_cast<std::uint32_t>(i);
      known.push_back(names[i].name);
    }
    r_.error(node, field,
             "unknown " + std::string(what) + " '" + *name + "'; " +
                 (known.empty() ? "none is defined"
                                : "the " + std::string(what) +
                                      "s of this world are: " + yaml_read::join(known)) +
                 yaml_read::did_you_mean(*name, known) + " (defined under `" +
                 std::string(where_defined) + "`)");
    return std::nullopt;
  }

  void read_panel(const YAML::Node& node) {
    if (!r_.map(node, "panel", {"model", "installer_code"}, {"model"})) return;
    const YAML::Node model = node["model"];
    if (!model.IsDefined()) return;
    auto id = r_.text(model, "panel.model", "a panel model id from the catalog");
    if (!id) return;
    const PanelModel* p = catalog_.panel(*id);
    if (p == nullptr) {
      const auto ids = catalog_.panel_ids();
      r_.error(model, "panel.model",
               "unknown panel model '" + *id + "'; known models: " + yaml_read::join(ids) +
                   yaml_read::did_you_mean(*id, ids));
      return;
    }
    panel_known_ = true;
    world_.system.panel = p->spec;
    world_.panel_model_name = p->name;
    if (const YAML::Node code = node["installer_code"]; code.IsDefined()) {
      // Never echo the code: errors name the field only.
      if (!code.IsScalar() || code.Scalar().empty() || !all_digits(code.Scalar())) {
        r_.error(code, "panel.installer_code",
                 "an installer code is digits only; quote it (\"...\") so leading zeros stay");
      } else if (!p->spec.supports_installer) {
        r_.error(code, "panel.installer_code",
                 "the panel model '" + p->id + "' has no installer code; remove this key");
      } else if (!p->spec.code_lengths.accepts(code.Scalar().size())) {
        r_.error(code, "panel.installer_code",
                 "wrong length: the panel model '" + p->id + "' accepts " +
                     describe_lengths(p->spec.code_lengths));
      } else {
        world_.system.installer_code = core::AccessCode(code.Scalar());
      }
    }
  }

  void read_partitions(const YAML::Node& node) {
    if (!r_.seq(node, "partitions", "partition names")) return;
    if (node.size() == 0) {
      r_.error(node, "partitions", "a world needs at least one partition, e.g. [House]");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = index("partitions", i);
      auto name = r_.text(node[i], field, "a partition name such as House");
      if (!name) continue;
      if (std::any_of(world_.system.partitions.begin(), world_.system.partitions.end(),
                      [&](const auto& p) { return p.name == *name; })) {
        r_.error(node[i], field,
                 "partition '" + *name + "' is listed twice; give each partition its own name");
        continue;
      }
      world_.system.partitions.push_back(core::PartitionConfig{*name});
    }
    if (panel_known_ && node.size() > world_.system.panel.max_partitions) {
      std::vector<std::string> bigger;
      for (const auto& p : catalog_.panels()) {
        if (p.spec.max_partitions >= node.size()) {
          bigger.push_back(p.id + " (" + std::to_string(p.spec.max_partitions) + ")");
        }
      }
      r_.error(node, "partitions",
               std::to_string(node.size()) + " partitions, but the panel model '" +
                   world_.system.panel.model + "' supports at most " +
                   std::to_string(world_.system.panel.max_partitions) +
                   "; remove some, or choose a panel model with more" +
                   (bigger.empty() ? std::string() : " (" + yaml_read::join(bigger) + ")"));
    }
  }

  void read_locks(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.seq(node, "locks", "locks")) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = index("locks", i);
      const YAML::Node lock = node[i];
      if (!r_.map(lock, field, {"name", "model", "partition"}, {"name", "model", "partition"})) {
        continue;
      }
      const std::size_t before = r_.errors().size();
      core::LockConfig config;
      LockPlacement placement;
      if (const YAML::Node n = lock["name"]; n.IsDefined()) {
        if (auto name = r_.text(n, member(field, "name"), "a lock name such as Front Door")) {
          if (world_.lock(*name)) {
            r_.error(n, member(field, "name"),
                     "lock name '" + *name +
                         "' is used twice; give each lock its own name (grants and faults "
                         "refer to locks by name)");
          }
          config.name = *name;
        }
      }
      if (const YAML::Node m = lock["model"]; m.IsDefined()) {
        if (auto id = r_.text(m, member(field, "model"), "a lock model id from the catalog")) {
          if (const LockModel* model = catalog_.lock(*id)) {
            config.spec = model->spec;
          } else {
            const auto ids = catalog_.lock_ids();
            r_.error(m, member(field, "model"),
                     "unknown lock model '" + *id + "'; known models: " + yaml_read::join(ids) +
                         yaml_read::did_you_mean(*id, ids));
          }
        }
      }
      if (const YAML::Node p = lock["partition"]; p.IsDefined()) {
        if (auto idx = lookup(p, member(field, "partition"), world_.system.partitions, "partition",
                              "partitions")) {
          placement.partition = core::PartitionIndex{*idx};
        }
      }
      if (r_.errors().size() != before) {
        // Keep the name so later references resolve; the world is refused anyway.
        if (config.name.empty()) continue;
      }
      world_.system.locks.push_back(std::move(config));
      world_.lock_placements.push_back(placement);
    }
  }

  void read_keypads(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.seq(node, "keypads", "keypads")) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = index("keypads", i);
      const YAML::Node keypad = node[i];
      if (!r_.map(keypad, field, {"name", "partition"}, {"name", "partition"})) continue;
      KeypadConfig config;
      bool ok = true;
      if (const YAML::Node n = keypad["name"]; n.IsDefined()) {
        auto name = r_.text(n, member(field, "name"), "a keypad name such as Hall Keypad");
        if (name && world_.keypad(*name)) {
          r_.error(n, member(field, "name"),
                   "keypad name '" + *name + "' is used twice; give each keypad its own name");
        }
        if (name) config.name = *name;
        ok = ok && name.has_value();
      }
      if (const YAML::Node p = keypad["partition"]; p.IsDefined()) {
        auto idx = lookup(p, member(field, "partition"), world_.system.partitions, "partition",
                          "partitions");
        if (idx) config.partition = core::PartitionIndex{*idx};
        ok = ok && idx.has_value();
      }
      if (ok) world_.keypads.push_back(std::move(config));
    }
  }

  void read_policy(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.map(node, "policy", {"weak_codes", "deny_list"})) return;
    if (const YAML::Node w = node["weak_codes"]; w.IsDefined()) {
      if (auto v =
              r_.choice(w, "policy.weak_codes", {"refuse", "warn", "allow"}, "weak-code action")) {
        world_.system.policy.weak_codes = *v == "refuse" ? core::WeakCodeAction::refuse
                                          : *v == "warn" ? core::WeakCodeAction::warn
                                                         : core::WeakCodeAction::allow;
      }
    }
    if (const YAML::Node d = node["deny_list"]; d.IsDefined()) {
      if (r_.seq(d, "policy.deny_list", "codes")) {
        world_.system.policy.deny_list.clear();
        for (std::size_t i = 0; i < d.size(); ++i) {
          // Entries are codes too: never echoed.
          if (!d[i].IsScalar() || !all_digits(d[i].Scalar()) || d[i].Scalar().empty()) {
            r_.error(d[i], index("policy.deny_list", i),
                     "a deny-list entry is digits only; quote it (\"...\")");
            continue;
          }
          world_.system.policy.deny_list.push_back(d[i].Scalar());
        }
      }
    }
  }

  void read_links(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.map(node, "links", {"cloud_to_panel", "panel_to_cloud", "panel_to_lock"})) return;
    const auto read_link = [&](const char* key, LinkSpec& out) {
      const YAML::Node n = node[key];
      if (!n.IsDefined()) return;
      const std::string field = member("links", key);
      if (n.IsScalar()) {  // shorthand: just the delay
        if (auto d = r_.distribution(n, field)) out.delay = *d;
        return;
      }
      if (!r_.map(n, field, {"delay", "loss"})) return;
      if (const YAML::Node d = n["delay"]; d.IsDefined()) {
        if (auto v = r_.distribution(d, member(field, "delay"))) out.delay = *v;
      }
      if (const YAML::Node l = n["loss"]; l.IsDefined()) {
        if (auto v = r_.probability(l, member(field, "loss"))) out.loss = *v;
      }
    };
    read_link("cloud_to_panel", world_.links.cloud_to_panel);
    read_link("panel_to_cloud", world_.links.panel_to_cloud);
    read_link("panel_to_lock", world_.links.panel_to_lock);
  }

  void read_faults(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.seq(node, "faults", "faults")) return;
    std::vector<std::string> kinds;
    for (const auto& k : kFaultKinds)
      kinds.emplace_back(k.name);
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = index("faults", i);
      const YAML::Node f = node[i];
      if (!r_.map(f, field, {"at", "fault", "target", "for"}, {"at", "fault"})) continue;
      const std::size_t before = r_.errors().size();
      FaultSpec spec;
      if (auto at = r_.duration(f["at"], member(field, "at"))) spec.at = *at;
      const FaultKind* kind = nullptr;
      if (const YAML::Node k = f["fault"]; k.IsDefined()) {
        if (auto name = r_.choice(k, member(field, "fault"), kinds, "fault")) {
          spec.kind = *name;
          kind = &*std::find_if(kFaultKinds.begin(), kFaultKinds.end(),
                                [&](const FaultKind& fk) { return fk.name == *name; });
        }
      }
      const YAML::Node target = f["target"];
      if (kind != nullptr) {
        const std::string tf = member(field, "target");
        switch (kind->target) {
          case FaultTarget::link:
            if (!target.IsDefined()) {
              r_.error(f, field,
                       "fault '" + spec.kind +
                           "' needs a target link: " + yaml_read::join(to_strings(kLinkNames)));
            } else if (auto t = r_.choice(target, tf, to_strings(kLinkNames), "link")) {
              spec.target = *t;
            }
            break;
          case FaultTarget::lock:
            if (!target.IsDefined()) {
              r_.error(f, field, "fault '" + spec.kind + "' needs a target lock (its name)");
            } else if (auto idx = lookup(target, tf, world_.system.locks, "lock", "locks")) {
              spec.target = world_.system.locks[*idx].name;
            }
            break;
          case FaultTarget::device: {
            if (!target.IsDefined()) {
              r_.error(f, field,
                       "fault '" + spec.kind + "' needs a target: panel, or a lock's name");
              break;
            }
            std::vector<std::string> devices = {"panel"};
            for (const auto& l : world_.system.locks)
              devices.push_back(l.name);
            if (auto t = r_.choice(target, tf, devices, "device")) spec.target = *t;
            break;
          }
        }
        if (const YAML::Node d = f["for"]; d.IsDefined()) {
          if (!kind->takes_duration) {
            r_.error(d, member(field, "for"),
                     "fault '" + spec.kind + "' takes no `for`; remove it");
          } else if (auto v = r_.duration(d, member(field, "for"))) {
            spec.duration = *v;
          }
        }
      }
      if (r_.errors().size() == before) world_.faults.push_back(std::move(spec));
    }
  }

  void read_seed(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (auto v = r_.integer(node, "seed", 0, UINT64_MAX)) world_.seed = *v;
  }

  // account: {email, password, name} — who logs into the website and app.
  void read_account(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.map(node, "account", {"email", "password", "name"}, {"email", "password"})) return;
    if (auto v = r_.text(node["email"], "account.email", "the owner's email address")) {
      if (core::is_valid_email(*v)) {
        world_.account.email = *v;
      } else {
        r_.error(node["email"], "account.email",
                 "'" + *v + "' is not a valid email address; write e.g. owner@example.com");
      }
    }
    if (auto v = r_.text(node["password"], "account.password", "the account's password")) {
      world_.account.password = *v;
    }
    if (const YAML::Node n = node["name"]; n.IsDefined()) {
      if (auto v = r_.text(n, "account.name", "the owner's name")) world_.account.name = *v;
    }
  }

  void read_time(const YAML::Node& node) {
    world_.start_local = *parse_local_date_time("2026-03-02 08:00");
    if (!node.IsDefined()) return;
    if (!r_.map(node, "time", {"start"})) return;
    if (const YAML::Node s = node["start"]; s.IsDefined()) {
      auto text = r_.text(s, "time.start", "a site-local date and time such as 2026-11-26 08:00");
      if (!text) return;
      if (auto t = parse_local_date_time(*text)) {
        world_.start_local = *t;
      } else {
        r_.error(s, "time.start",
                 "'" + *text +
                     "' is not a valid date and time; write YYYY-MM-DD HH:MM, e.g. "
                     "2026-11-26 08:00 (site-local, 24-hour clock)");
      }
    }
  }

  // partitions: / locks: of a user: "all", or a list of names.
  template <class Names>
  core::Toggles read_grants(const YAML::Node& node, const std::string& field, const Names& names,
                            std::string_view what, std::string_view where_defined) {
    core::Toggles out(names.size(), false);
    if (!node.IsDefined()) return out;
    if (node.IsScalar() && node.Scalar() == "all") return core::Toggles(names.size(), true);
    if (!node.IsSequence()) {
      r_.error(node, field,
               "expected `all` or a list of " + std::string(what) + " names, found " +
                   yaml_read::describe(node));
      return out;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (auto idx = lookup(node[i], index(field, i), names, what, where_defined)) {
        out.set(*idx);
      }
    }
    return out;
  }

  std::optional<core::AccessTimes> read_access(const YAML::Node& node, const std::string& field) {
    if (node.IsScalar() && node.Scalar() == "always") return core::AtAllTimes{};
    if (!node.IsMap()) {
      r_.error(node, field,
               "expected `always`, a `schedule:` or a `temporary:` window, found " +
                   yaml_read::describe(node));
      return std::nullopt;
    }
    if (!r_.map(node, field, {"schedule", "temporary"})) return std::nullopt;
    const YAML::Node schedule = node["schedule"];
    const YAML::Node temporary = node["temporary"];
    if (schedule.IsDefined() == temporary.IsDefined()) {
      r_.error(node, field, "give exactly one of `schedule:` and `temporary:`");
      return std::nullopt;
    }
    if (temporary.IsDefined()) {
      const std::string tf = member(field, "temporary");
      if (!r_.map(temporary, tf, {"start", "end"}, {"start", "end"})) return std::nullopt;
      core::TemporaryAccess out;
      bool ok = true;
      for (auto [key, slot] : {std::pair{"start", &out.start}, std::pair{"end", &out.end}}) {
        const YAML::Node v = temporary[key];
        if (!v.IsDefined()) {
          ok = false;
          continue;
        }
        auto text = r_.text(v, member(tf, key), "a date and time such as 2026-11-26 08:00");
        auto t = text ? parse_local_date_time(*text) : std::nullopt;
        if (text && !t) {
          r_.error(v, member(tf, key),
                   "'" + *text + "' is not a valid date and time; write YYYY-MM-DD HH:MM");
        }
        if (t) *slot = *t;
        ok = ok && t.has_value();
      }
      if (!ok) return std::nullopt;
      return out;
    }
    const std::string sf = member(field, "schedule");
    if (!r_.seq(schedule, sf, "schedule blocks")) return std::nullopt;
    core::RestrictedSchedule out;
    bool ok = true;
    for (std::size_t i = 0; i < schedule.size(); ++i) {
      const std::string bf = index(sf, i);
      const YAML::Node b = schedule[i];
      if (!r_.map(b, bf, {"days", "start", "end"}, {"days", "start", "end"})) {
        ok = false;
        continue;
      }
      core::ScheduleBlock block;
      ok = read_days(b["days"], member(bf, "days"), block.days) && ok;
      auto start = read_clock(b["start"], member(bf, "start"));
      auto end = read_clock(b["end"], member(bf, "end"));
      if (start) block.start_minute = *start;
      if (end) block.end_minute = *end;
      ok = ok && start && end;
      out.blocks.push_back(block);
    }
    if (!ok) return std::nullopt;
    return out;
  }

  bool read_days(const YAML::Node& node, const std::string& field, std::uint8_t& days) {
    static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    static const std::vector<std::string> kLong = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
    if (!node.IsDefined()) return false;
    if (node.IsScalar()) {
      if (node.Scalar() == "weekdays")
        days = 0x1F;
      else if (node.Scalar() == "weekends")
        days = 0x60;
      else if (node.Scalar() == "every_day")
        days = 0x7F;
      else {
        r_.error(node, field,
                 "expected weekdays, weekends, every_day or a list of days such as [mon, wed]");
        return false;
      }
      return true;
    }
    if (!r_.seq(node, field, "days (mon, tue, wed, thu, fri, sat, sun)")) return false;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
      auto text = r_.text(node[i], index(field, i), "a day such as mon");
      if (!text) {
        ok = false;
        continue;
      }
      std::string lower = *text;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
      auto it = std::find(kDays.begin(), kDays.end(), lower);
      auto it2 = std::find(kLong.begin(), kLong.end(), lower);
      if (it == kDays.end() && it2 == kLong.end()) {
        r_.error(node[i], index(field, i),
                 "unknown day '" + *text + "'; use mon, tue, wed, thu, fri, sat or sun" +
                     yaml_read::did_you_mean(lower, kDays));
        ok = false;
        continue;
      }
      const auto bit = it != kDays.end() ? it - kDays.begin() : it2 - kLong.begin();
      days = static_cast<std::uint8_t>(days | (1U << bit));
    }
    return ok;
  }

  // "08:00" -> 480; "24:00" -> 1440.
  std::optional<std::uint16_t> read_clock(const YAML::Node& node, const std::string& field) {
    if (!node.IsDefined()) return std::nullopt;
    auto text = r_.text(node, field, "a time of day such as 08:00");
    if (!text) return std::nullopt;
    const std::string& s = *text;
    int h = -1;
    int m = -1;
    if (s.size() == 5 && s[2] == ':' && all_digits(s.substr(0, 2)) && all_digits(s.substr(3))) {
      h = std::stoi(s.substr(0, 2));
      m = std::stoi(s.substr(3));
    }
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
      r_.error(node, field,
               "'" + s + "' is not a time of day; write HH:MM on a 24-hour clock (00:00-24:00)");
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(h * 60 + m);
  }

  std::optional<core::Contact> read_contact(const YAML::Node& node, const std::string& field) {
    if (!r_.map(node, field, {"email", "format", "mobile", "country", "carrier"})) {
      return std::nullopt;
    }
    const YAML::Node email = node["email"];
    const YAML::Node mobile = node["mobile"];
    if (email.IsDefined() == mobile.IsDefined()) {
      r_.error(node, field,
               "a contact is either `email:` (with `format:`) or `mobile:` (with `country:` and "
               "`carrier:`); give exactly one of them");
      return std::nullopt;
    }
    const auto place = [&](const core::Problem& p) {
      const std::string_view f = core::field(p.id);
      const char* key = f == "contact.country"        ? "country"
                        : f == "contact.carrier"      ? "carrier"
                        : f == "contact.email_format" ? "format"
                        : email.IsDefined()           ? "email"
                                                      : "mobile";
      const YAML::Node at = node[key].IsDefined() ? node[key] : node;
      r_.error(at, member(field, key), std::string(core::name(p.id)) + ": " + p.message());
    };
    if (email.IsDefined()) {
      for (const char* k : {"country", "carrier"}) {
        if (node[k].IsDefined()) {
          r_.error(node[k], member(field, k),
                   std::string("`") + k + "` belongs to a mobile contact; remove it");
        }
      }
      core::EmailInput in;
      if (auto v = r_.text(email, member(field, "email"), "an email address")) in.address = *v;
      in.format = "html";
      if (const YAML::Node f = node["format"]; f.IsDefined()) {
        if (auto v = r_.text(f, member(field, "format"), "html, plain_text or short_text")) {
          in.format = *v;
        }
      }
      if (in.address.empty()) return std::nullopt;
      auto contact = core::make_email_contact(in);
      if (!contact) {
        for (const auto& p : contact.verdict().errors())
          place(p);
        return std::nullopt;
      }
      return contact.value();
    }
    if (node["format"].IsDefined()) {
      r_.error(node["format"], member(field, "format"),
               "`format` belongs to an email contact; remove it");
    }
    core::MobileInput in;
    auto number = r_.text(mobile, member(field, "mobile"), "a mobile number");
    auto country = node["country"].IsDefined()
                       ? r_.text(node["country"], member(field, "country"), "a country code (US)")
                       : std::nullopt;
    auto carrier = node["carrier"].IsDefined()
                       ? r_.text(node["carrier"], member(field, "carrier"), "a carrier name")
                       : std::nullopt;
    if (!node["country"].IsDefined() || !node["carrier"].IsDefined()) {
      r_.error(node, field, "a mobile contact needs `country:` (e.g. US) and `carrier:`");
      return std::nullopt;
    }
    if (!number || !country || !carrier) return std::nullopt;
    in.number = *number;
    in.country = *country;
    in.carrier = *carrier;
    auto contact = core::make_mobile_contact(in);
    if (!contact) {
      for (const auto& p : contact.verdict().errors())
        place(p);
      return std::nullopt;
    }
    return contact.value();
  }

  void read_users(const YAML::Node& node) {
    if (!node.IsDefined()) return;
    if (!r_.seq(node, "users", "users")) return;
    if (panel_known_) {
      const auto& panel = world_.system.panel;
      const std::size_t special =
          panel.special_codes_count_toward_capacity && world_.system.installer_code ? 1 : 0;
      if (node.size() + special > panel.max_users) {
        capacity_ok_ = false;
        r_.error(node, "users",
                 std::to_string(node.size()) + " users" +
                     (special ? " plus the installer code" : "") + ", but the panel model '" +
                     panel.model + "' holds at most " + std::to_string(panel.max_users) +
                     "; remove users or choose a panel model with more");
      }
    }
    const std::vector<std::string> roles = {"master", "standard", "guest", "duress"};
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = index("users", i);
      const YAML::Node u = node[i];
      if (!r_.map(u, field,
                  {"first_name", "last_name", "role", "code", "partitions", "locks", "access",
                   "contacts", "language"},
                  {"first_name", "last_name"})) {
        continue;
      }
      const std::size_t before = r_.errors().size();
      UserSeed seed;
      UserMarks marks;
      marks.field = field;
      marks.user = u.Mark();
      marks.first_name = mark_of(u["first_name"]);
      marks.last_name = mark_of(u["last_name"]);
      marks.role = mark_of(u["role"]);
      marks.code = mark_of(u["code"]);
      marks.partitions = mark_of(u["partitions"]);
      marks.locks = mark_of(u["locks"]);
      marks.access = mark_of(u["access"]);
      marks.language = mark_of(u["language"]);
      if (u["first_name"].IsDefined()) {
        if (auto v = r_.text(u["first_name"], member(field, "first_name"), "a first name")) {
          seed.first_name = *v;
        }
      }
      if (u["last_name"].IsDefined()) {
        if (auto v = r_.text(u["last_name"], member(field, "last_name"), "a last name")) {
          seed.last_name = *v;
        }
      }
      if (!seed.first_name.empty() && !seed.last_name.empty()) {
        if (world_.user(seed.display_name()) != nullptr) {
          r_.error(u["first_name"], member(field, "first_name"),
                   "a user named '" + seed.display_name() +
                       "' is already defined; scenarios refer to users by name, so make each "
                       "name unique");
        }
      }
      if (const YAML::Node n = u["role"]; n.IsDefined()) {
        if (auto v = r_.choice(n, member(field, "role"), roles, "role")) {
          seed.role = *core::role_from_string(*v);
        }
      }
      if (const YAML::Node c = u["code"]; c.IsDefined()) {
        // Handed to the core as typed; its errors never contain the code.
        if (!c.IsScalar()) {
          r_.error(
              c, member(field, "code"),
              "expected an access code (digits, quoted: \"...\"), found " + yaml_read::describe(c));
        } else {
          seed.code = core::AccessCode(c.Scalar());
        }
      }
      seed.grants.partitions = read_grants(u["partitions"], member(field, "partitions"),
                                           world_.system.partitions, "partition", "partitions");
      seed.grants.locks =
          read_grants(u["locks"], member(field, "locks"), world_.system.locks, "lock", "locks");
      if (const YAML::Node a = u["access"]; a.IsDefined()) {
        if (auto v = read_access(a, member(field, "access"))) seed.access_times = *v;
      }
      if (const YAML::Node l = u["language"]; l.IsDefined()) {
        if (auto v = r_.text(l, member(field, "language"), "a language code such as en")) {
          seed.language = *v;
        }
      }
      if (const YAML::Node cs = u["contacts"]; cs.IsDefined()) {
        const std::string cf = member(field, "contacts");
        if (r_.seq(cs, cf, "contacts")) {
          for (std::size_t c = 0; c < cs.size(); ++c) {
            marks.contacts.push_back(mark_of(cs[c]));
            if (auto contact = read_contact(cs[c], index(cf, c))) {
              seed.contacts.push_back(std::move(*contact));
            } else {
              marks.contacts.pop_back();
            }
          }
        }
      }
      if (r_.errors().size() == before) {
        world_.users.push_back(std::move(seed));
        marks_.push_back(std::move(marks));
      }
    }
  }

  Reader r_;
  const Catalog& catalog_;
  World world_;
  std::vector<UserMarks> marks_;
  bool panel_known_ = false;
  bool capacity_ok_ = true;
};

}  // namespace

std::span<const std::string_view> link_names() {
  return kLinkNames;
}

std::span<const FaultKind> fault_kinds() {
  return kFaultKinds;
}

std::optional<core::PartitionIndex> World::partition(std::string_view wanted) const {
  for (std::uint32_t i = 0; i < system.partitions.size(); ++i) {
    if (system.partitions[i].name == wanted) return core::PartitionIndex{i};
  }
  return std::nullopt;
}

std::optional<core::LockIndex> World::lock(std::string_view wanted) const {
  for (std::uint32_t i = 0; i < system.locks.size(); ++i) {
    if (system.locks[i].name == wanted) return core::LockIndex{i};
  }
  return std::nullopt;
}

const KeypadConfig* World::keypad(std::string_view wanted) const {
  for (const auto& k : keypads) {
    if (k.name == wanted) return &k;
  }
  return nullptr;
}

const UserSeed* World::user(std::string_view display_name) const {
  for (const auto& u : users) {
    if (u.display_name() == display_name) return &u;
  }
  return nullptr;
}

std::optional<core::LocalDateTime> parse_local_date_time(std::string_view text) {
  // YYYY-MM-DD HH:MM
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' ||
      (text[10] != ' ' && text[10] != 'T') || text[13] != ':') {
    return std::nullopt;
  }
  const auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    const char* begin = text.data() + pos;
    const auto [end, ec] = std::from_chars(begin, begin + len, value);
    if (ec != std::errc{} || end != begin + len || *begin == '-' || *begin == '+') {
      return std::nullopt;
    }
    return value;
  };
  const auto y = number(0, 4);
  const auto mo = number(5, 2);
  const auto d = number(8, 2);
  const auto h = number(11, 2);
  const auto mi = number(14, 2);
  if (!y || !mo || !d || !h || !mi) return std::nullopt;
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59) return std::nullopt;
  core::LocalDateTime t;
  t.year = *y;
  t.month = static_cast<std::uint8_t>(*mo);
  t.day = static_cast<std::uint8_t>(*d);
  t.hour = static_cast<std::uint8_t>(*h);
  t.minute = static_cast<std::uint8_t>(*mi);
  if (!t.valid()) return std::nullopt;
  return t;
}

Loaded<World> parse_world(std::string_view yaml_text, std::string source_name,
                          const Catalog& catalog) {
  return WorldParser(std::move(source_name), catalog).parse(yaml_text);
}

Loaded<World> load_world_file(const std::string& path, const Catalog& catalog) {
  std::string error;
  auto text = read_text_file(path, error);
  if (!text) return std::vector<WorldError>{WorldError{path, 0, 0, "", error}};
  return parse_world(*text, path, catalog);
}

std::string_view default_world_text() {
  return embedded::default_world_yaml();
}

World make_default_world(const Catalog& catalog) {
  auto loaded = parse_world(default_world_text(), std::string(kDefaultWorldSource), catalog);
  if (!loaded) {
    std::fprintf(stderr, "lockstep: the built-in default world does not load:\n%s",
                 loaded.error_text().c_str());
    std::abort();
  }
  return std::move(loaded).value();
}

const World& default_world() {
  static const World world = make_default_world(Catalog::builtin());
  return world;
}

Loaded<core::Directory> build_directory(const World& world) {
  Reader r(world.source);
  auto directory = populate(world, unplaced_marks(world), r, nullptr);
  if (!directory) return std::move(r.errors());
  return std::move(*directory);
}

}  // namespace lockstep::devices
