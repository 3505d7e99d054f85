// The user directory of one system: who the users are, their codes, what
// each may open, when, and how to reach them.
//
// Every edit is validated in full before anything changes: an edit is applied
// whole or refused whole, and a refusal leaves the directory as it was. Edits
// a panel must apply pass the arm-state guard first (see arm_state.hpp); the
// caller passes the partition states it last knew.
//
// The directory is what the cloud stores and what a panel's user table
// mirrors; desired_for_lock() / desired_for_panel() are the inputs of the sync
// planner.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/arm_state.hpp"
#include "core/code_policy.hpp"
#include "core/contact.hpp"
#include "core/device_specs.hpp"
#include "core/entry_check.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/sync_planner.hpp"
#include "core/toggles.hpp"

namespace lockstep::core {

struct PartitionConfig {
  std::string name;  // "House"
};

struct LockConfig {
  std::string name;  // "Front Door"
  LockSpec spec;
};

// The fixed shape of a system: its panel, partitions and locks.
struct SystemConfig {
  std::string name = "Home";
  PanelSpec panel;
  CodePolicy policy;
  std::vector<PartitionConfig> partitions;
  std::vector<LockConfig> locks;
  std::optional<AccessCode> installer_code;
  std::size_t max_contacts_per_user = 5;
};

// One toggle per partition and per lock, indexed like SystemConfig. Grants of
// a system with up to 64 partitions and 64 locks live inline (no allocation);
// see core/toggles.hpp.
struct Grants {
  Toggles partitions;
  Toggles locks;

  static Grants everything(const SystemConfig& config);
  static Grants nothing(const SystemConfig& config);
  bool partition(PartitionIndex p) const { return partitions.test(p.value); }
  bool lock(LockIndex l) const { return locks.test(l.value); }
  friend bool operator==(const Grants&, const Grants&) = default;
};

struct User {
  UserId id;
  std::string first_name;
  std::string last_name;
  Role role = Role::standard;
  std::optional<AccessCode> code;  // none until the Access Code form is saved
  Grants grants;
  AccessTimes access_times = AtAllTimes{};
  std::vector<Contact> contacts;
  std::string language = "en";

  std::string display_name() const;  // "Ada Lovelace"
  // The same into `out`, reusing its storage (for text written again and again).
  void write_display_name(std::string& out) const;
};

// The Save of the Access Code form: what changes; unset fields stay.
struct CodeEdit {
  std::optional<AccessCode> code;
  std::optional<Grants> grants;
  std::optional<AccessTimes> access_times;
  std::optional<Role> role;
};

// One user of an installation for Directory::add_users: "Add New User" and
// the Access Code form in one. No grants: none (as create_user gives).
struct NewUser {
  std::string_view first_name;
  std::string_view last_name;
  Role role = Role::standard;
  std::optional<AccessCode> code;
  std::optional<Grants> grants;
  std::optional<AccessTimes> access_times;
};

// Trims and checks a person's name (Unicode, 1..64 characters, no control
// characters, valid UTF-8); returns the trimmed text.
Result<std::string> normalize_name(std::string_view text);

class Directory {
 public:
  explicit Directory(SystemConfig config);

  const SystemConfig& config() const { return config_; }
  const std::vector<User>& users() const { return users_; }  // ascending id
  // Room for `count` users without regrowing (a caller about to create many).
  void reserve(std::size_t count) { users_.reserve(count); }
  const User* find(UserId id) const;
  // Users that take a panel slot, counting the installer code when the panel
  // model says special codes count toward capacity.
  std::size_t panel_slots_used() const;

  // "Add New User" → first and last name → "Create". Creating a user changes
  // what the panel holds, so it passes the arm-state guard.
  Result<UserId> create_user(std::string_view first_name, std::string_view last_name, Role role,
                             std::span<const PartitionStatus> partitions);

  // "Save" on the Access Code form: code, toggles, access times, role, all or
  // nothing. Warnings (a weak code under a warn-only policy) come back in an
  // ok verdict. When the save is ok and `previous` is given, *previous
  // receives the user as they were before it (a refused save leaves it alone,
  // so a caller that needs the old state pays for it only on success).
  Verdict save(UserId id, const CodeEdit& edit, std::span<const PartitionStatus> partitions,
               User* previous = nullptr);

  // An installer's list of users at once, all or nothing: every check of
  // create_user then save of each one's form, in list order, each code
  // checked once against the codes held before it (the directory's, then the
  // list's before it), as one-by-one saves check them. Each problem's subject
  // starts with "new user N" (its 1-based place in the list). When ok, the
  // users are the last users(), in list order, with consecutive ids; when
  // refused, the directory is as it was.
  Verdict add_users(std::span<const NewUser> users, std::span<const PartitionStatus> partitions);

  // What save() would say, without changing anything (live form validation).
  Verdict preview(UserId id, const CodeEdit& edit,
                  std::span<const PartitionStatus> partitions) const;

  Verdict rename(UserId id, std::string_view first_name, std::string_view last_name);
  Verdict set_language(UserId id, std::string_view language);
  Result<std::size_t> add_contact(UserId id, Contact contact);  // index of the new contact
  Verdict remove_contact(UserId id, std::size_t index);
  // When the delete is ok and `removed` is given, the user is moved into it.
  Verdict delete_user(UserId id, std::span<const PartitionStatus> partitions,
                      User* removed = nullptr);

  // "Generate Code" for this user with these toggles.
  Result<AccessCode> generate_code(UserId id, const Grants& grants, std::uint64_t random) const;

  // What a lock should hold: every user with a code granted that lock, with
  // their access times (locks enforce schedules themselves).
  DesiredCodes desired_for_lock(LockIndex lock) const;
  // What the panel's user table should hold: every user with a code.
  DesiredCodes desired_for_panel() const;

 private:
  User* find_mutable(UserId id);
  Verdict check_edit(const User& current, const CodeEdit& edit,
                     std::span<const PartitionStatus> partitions) const;
  // The code lists a code is checked against and what the lock-slot limit
  // counts (directory.cpp). save(), preview(), Generate Code and add_users
  // all build them with lay_codes.
  class CodeLists;
  // Starts `lists` with a list for each lock `locks` switches on (every lock
  // when null) and room for `extra` users beyond the directory's, then lays
  // the installer's code and every user's but `self`'s (`locks` is read here
  // only).
  void lay_codes(CodeLists& lists, UserId self, const Toggles* locks, std::size_t extra = 0) const;

  SystemConfig config_;
  std::vector<User> users_;
  std::uint32_t next_id_ = 1;
};

}  // namespace lockstep::core
