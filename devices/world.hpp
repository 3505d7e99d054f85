// A world: one simulated site, read from a YAML world file (schema and a full
// example in devices/README.md) or the built-in default world
// (devices/default_world.yaml, compiled in and read by the same loader).
//
// Loading checks everything it can before a simulation starts, and reports
// every problem with file:line:column, the field ("locks[1].model") and the
// fix: unknown keys (with did-you-mean), wrong types, missing fields, unknown
// or duplicate names, bad durations and distributions, limits of the panel
// model, and every initial user through the real core::Directory (created and
// saved with every partition disarmed), so a bad initial code gets the core's
// error id and sentence at that user's `code:` line. No error ever quotes an
// access code.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/contact.hpp"
#include "core/directory.hpp"
#include "core/entry_check.hpp"
#include "core/ids.hpp"
#include "devices/catalog.hpp"
#include "devices/world_error.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace lockstep::devices {

struct KeypadConfig {
  std::string name;  // "Hall Keypad"
  core::PartitionIndex partition;
};

// Where a lock is, index-aligned with SystemConfig::locks (which holds its
// name and spec; spec.model is the catalog id).
struct LockPlacement {
  core::PartitionIndex partition;
};

// An initial user, as the Directory will be given it.
struct UserSeed {
  std::string first_name;
  std::string last_name;
  core::Role role = core::Role::standard;
  std::optional<core::AccessCode> code;
  core::Grants grants;  // indexed like SystemConfig partitions / locks
  core::AccessTimes access_times = core::AtAllTimes{};
  std::vector<core::Contact> contacts;  // normalised by the core
  std::string language = "en";

  std::string display_name() const { return first_name + " " + last_name; }
};

struct LinkSpec {
  sim::Distribution delay;
  double loss = 0.0;  // probability that one message is lost, 0..1
  friend bool operator==(const LinkSpec&, const LinkSpec&) = default;
};

// Delay and loss of each link of the site. Defaults: the brief's "a few
// minutes" to the panel, seconds elsewhere.
struct LinkSettings {
  LinkSpec cloud_to_panel{sim::Distribution::uniform(sim::Duration::s(60), sim::Duration::s(240))};
  LinkSpec panel_to_cloud{sim::Distribution::uniform(sim::Duration::s(1), sim::Duration::s(5))};
  LinkSpec panel_to_lock{sim::Distribution::uniform(sim::Duration::s(1), sim::Duration::s(4))};
  friend bool operator==(const LinkSettings&, const LinkSettings&) = default;
};

// The link names a world file and a fault may use.
std::span<const std::string_view> link_names();  // cloud_to_panel, panel_to_cloud, panel_to_lock

// What a fault needs as its target.
// device: the panel or a lock.
enum class FaultTarget : std::uint8_t { link, lock, device };

struct FaultKind {
  std::string_view name;  // "link_down"
  FaultTarget target;
  bool takes_duration;  // accepts `for:` (the fault clears itself after it)
  std::string_view description;
};

// Every fault kind a world file may schedule.
std::span<const FaultKind> fault_kinds();

struct FaultSpec {
  sim::Duration at;                       // since the start of the run
  std::string kind;                       // a FaultKind name
  std::string target;                     // a link name, a lock name, or "panel"
  std::optional<sim::Duration> duration;  // `for:`; nullopt = until another fault
  friend bool operator==(const FaultSpec&, const FaultSpec&) = default;
};

// Who logs into the website and app for this site (world file `account:`).
struct AccountSeed {
  std::string email = "owner@example.com";
  std::string password = "lockstep";
  std::string name = "Site Owner";
  friend bool operator==(const AccountSeed&, const AccountSeed&) = default;
};

struct World {
  std::string name;
  AccountSeed account;
  std::string source;            // the file path, or "<built-in default>"
  std::string panel_model_name;  // "48-user hardwired panel"; system.panel.model is the id
  core::SystemConfig system;
  std::vector<KeypadConfig> keypads;
  std::vector<LockPlacement> lock_placements;  // index-aligned with system.locks
  std::vector<UserSeed> users;
  LinkSettings links;
  std::vector<FaultSpec> faults;  // in file order
  std::optional<std::uint64_t> seed;
  core::LocalDateTime start_local;  // site-local wall time at the start of the run
  // Accepted but worth a look (a weak code under `weak_codes: warn`).
  std::vector<WorldError> warnings;

  // nullopt when there is no such name.
  std::optional<core::PartitionIndex> partition(std::string_view wanted) const;
  std::optional<core::LockIndex> lock(std::string_view wanted) const;
  const KeypadConfig* keypad(std::string_view wanted) const;
  const UserSeed* user(std::string_view display_name) const;  // "Alex Rivera"
};

inline constexpr std::string_view kDefaultWorldSource = "<built-in default>";

Loaded<World> load_world_file(const std::string& path, const Catalog& catalog);
Loaded<World> parse_world(std::string_view yaml_text, std::string source_name,
                          const Catalog& catalog);

// The built-in default world (devices/default_world.yaml) against the
// built-in catalog; parsed once.
const World& default_world();
World make_default_world(const Catalog& catalog);
std::string_view default_world_text();

// The core::Directory of a world: its system with every user created and
// saved (all partitions disarmed) and their contacts and language added, in
// file order, so user ids are 1..N in that order. parse_world() has already
// done this once to validate the file, so on a loaded World it succeeds;
// a World built or edited in C++ gets the same checks here (errors without
// line numbers, fields as in the file: "users[1].code").
Loaded<core::Directory> build_directory(const World& world);

// Parses "2026-11-26 08:00" (also "2026-11-26T08:00").
std::optional<core::LocalDateTime> parse_local_date_time(std::string_view text);

}  // namespace lockstep::devices
