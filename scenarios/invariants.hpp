// Invariant checkers: what must hold after every kernel event of every
// scenario run (scenarios/README.md, "Invariants"). The executor checks them
// after each event and after each step's own calls, and fails the run at the
// first violation with the invariant's name, what was observed and the
// virtual time. They are always on: `lockstep run` has no flag to turn them
// off.
//
// [SECTION] The four invariants, precisely
//
// 1. no_edit_while_armed. Unless the panel model allows programming while
//    armed: from the moment any partition leaves `disarmed` until every
//    partition is disarmed again,
//      - the panel's user table stays exactly as it was when the system left
//        disarmed (no user added, changed or removed; a power cycle reloads
//        the same table), and
//      - every code a lock is given in that time is one the panel's table
//        held for a user granted that lock BEFORE the system left disarmed.
//        A lock may finish, while armed, the sync of edits the panel applied
//        while disarmed (even a stale one of two quick edits, overwritten
//        next): that is allowed. Clears are not checked here: a clear only
//        takes a code away, and a stale clear followed by its re-set is the
//        same finishing of an earlier sync.
//
// 2. nothing_half_applied. An edit changes a whole record or nothing:
//      - the panel's record of each user (name, role, code, grants, access
//        times) equals, field for field, one whole record the cloud sent for
//        that user (an ApplyUserEdit: the cloud sends whole records), or the
//        record installed at the start. A record mixing the fields of two
//        edits, or one the cloud never sent, is a violation; so is a panel
//        record left by a refused edit.
//      - every code a lock holds is a code the panel's table held, at some
//        time in the run, for a user granted that lock. A code the panel
//        refused (the arm race) never reaches a lock; a code with the grants
//        of another edit (a lock the user was never granted) is caught here.
//      - what each lock holds agrees with what its own trace said it wrote
//        (code_added / code_deleted): the checker keeps a shadow of every
//        lock's slots from those records, and a lock whose slots differ from
//        it (changed behind the radio's back) is a violation.
//
// 3. devices_converge (at the end of a run, and behind the `settled`
//    condition). When the site is healthy — every link up, the panel
//    powered, every lock listening (not asleep, unreachable or dead) and not
//    jammed, no edit queued or awaiting the panel at the cloud, no lock
//    operation queued at the panel, and no user (present or deleted) whose
//    sync status on any device is pending or failed — every device holds
//    exactly what the cloud's directory says:
//      - the panel's table = the directory's users with a code (id, role,
//        code, grants, access times; names never travel to the panel);
//      - each lock's used slots = directory.desired_for_lock(lock), every one
//        enabled and enforcing the user's access times (the slot's Schedule
//        Entry Lock state, Lock::slot_times: at all times, the same day
//        entries of a weekly schedule, or the same temporary window), so
//        that a lock holding the right code with a stale schedule is caught.
//    The README's "disarmed long enough" is covered by "nothing pending or
//    failed": an edit that meets an armed system fails (system_armed) and the
//    cloud rolls its directory back, so nothing waits for a disarm. A run
//    that ends unhealthy is not checked (the status shows why, as the help
//    article's "if the code does not work" asks).
//
// 4. no_code_in_trace. No access code appears in any trace record as a sink
//    sees it with secrets masked (every non-secret string field), nor in the
//    panel's event log. "Access code" = any code known in the run: the
//    world's and the directory's codes now and before, the installer code,
//    every code written in the scenario's steps (form fields, keypad digits,
//    lock entries), every generated code and every code a device was sent.
//    A code "appears" when a maximal run of digits in the text equals it, so
//    that a phone number, a date or a slot number that merely contains a
//    code's digits is not a false alarm (codes are digits only). Integer
//    fields (t_us, user ids) are numbers, not text, and are not searched.
//    --reveal-codes shows secret fields on purpose; they are never searched.
//
// [SECTION] Use
//
//   devices::SiteRun run(world, seed);
//   InvariantChecker checker(run.site());     // before the first event
//   ... each event: run.scheduler().step(); if (auto v = checker.check()) fail(*v);
//   ... at the end:  if (auto v = checker.check_end_of_run()) fail(*v);
//
// The checker adds a sink to the site's trace and turns the trace's
// set_reveal_secrets(true) on, so that its sink reads the codes locks write
// (its shadow needs them); it masks them again in everything it reports, and
// every other sink of that trace then receives secrets and must mask them
// itself (the executor's recording sink does). The trace digest is computed
// over masked records and is unaffected.
//
// Services called directly (not through events) should be followed by
// check(): it records the edits the cloud has just created, with the record
// each one carries, before anything can deliver them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/access_code.hpp"
#include "core/ids.hpp"
#include "devices/messages.hpp"
#include "devices/site.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::scenarios {

enum class Invariant : std::uint8_t {
  no_edit_while_armed,
  nothing_half_applied,
  devices_converge,
  no_code_in_trace,
};
std::string_view to_string(Invariant invariant);  // "no_edit_while_armed"
// One sentence: what the invariant requires.
std::string_view requirement(Invariant invariant);

struct Violation {
  Invariant invariant = Invariant::no_edit_while_armed;
  std::string observed;  // never contains an access code
  sim::Time at;
};

class InvariantChecker {
 public:
  // Attach before the site's first event: the state at construction is the
  // installed state every later change is measured from.
  explicit InvariantChecker(devices::Site& site);
  ~InvariantChecker();
  InvariantChecker(const InvariantChecker&) = delete;
  InvariantChecker& operator=(const InvariantChecker&) = delete;

  // A code the scenario mentioned (a form field, keypad digits, ...).
  void note_code(const core::AccessCode& code);
  void note_code(std::string_view digits);

  // Invariants 1, 2 and 4 for everything that happened since the last call.
  // The first violation found; later calls report nothing new for it.
  std::optional<Violation> check();

  // At the end of a run: check(), then every lock against its shadow
  // (invariant 2: a change no trace record accounts for), then invariant 3:
  // a violation only when the site is healthy (see above) and a device
  // differs from the directory.
  std::optional<Violation> check_end_of_run();

  // ---- what `settled` and reports use ------------------------------------
  // Why the site is not healthy for invariant 3, or nullopt when it is.
  std::optional<std::string> unhealthy() const;
  // Something still travelling or waiting (an edit at the cloud, a lock
  // operation at the panel, a pending sync status), or nullopt.
  std::optional<std::string> in_flight() const;
  // The first difference between the devices and the directory, or nullopt.
  std::optional<std::string> devices_differ() const;

  // Every user id the run has seen (installed, created; deleted ones stay).
  const std::set<core::UserId>& users_seen() const { return users_seen_; }
  // Is `text`'s digit run a known code? (For masking failure texts.)
  bool is_known_code(std::string_view digits) const;
  // `text` with every known code (as a maximal digit run) replaced by ****.
  std::string mask_codes(std::string_view text) const;

 private:
  class Sink;
  struct SlotChange {
    std::size_t lock = 0;
    std::uint16_t slot = 0;  // 1-based
    std::optional<core::AccessCode> before;
    std::optional<core::AccessCode> after;
  };
  using Shadow = std::vector<std::optional<core::AccessCode>>;  // index = slot - 1

  void on_record(const sim::TraceRecord& record);
  bool contains_code(std::string_view text) const;
  void note_cloud();
  void note_panel_table();
  void fail(Invariant invariant, std::string observed);
  std::optional<std::string> shadow_differs(std::size_t lock) const;
  std::string user_label(core::UserId user) const;
  std::string lock_name(std::size_t lock) const;

  devices::Site& site_;
  std::shared_ptr<Sink> sink_;
  std::optional<Violation> violation_;  // the first one, not yet reported
  bool reported_ = false;

  std::unordered_set<std::string> codes_;  // every code known in the run (digits)

  // 1: the panel's table when the system left disarmed; nullopt while disarmed.
  std::optional<std::vector<devices::PanelUser>> frozen_;
  std::vector<std::unordered_set<std::string>> frozen_history_;  // lock_history_ then
  // 2: every whole record the cloud sent (or installed), per user.
  std::vector<std::pair<core::UserId, devices::PanelUser>> sent_;
  std::uint64_t last_edit_seen_ = 0;
  // 2: per lock, every code the panel's table held for a user granted it.
  std::vector<std::unordered_set<std::string>> lock_history_;
  std::vector<Shadow> shadows_;
  std::vector<SlotChange> changes_;  // since the last check
  std::vector<bool> lock_dirty_;

  bool panel_dirty_ = false;
  bool cloud_dirty_ = true;
  sim::Time log_scanned_until_;
  std::set<core::UserId> users_seen_;
};

}  // namespace lockstep::scenarios
