// View building: the views of gui/view_model.hpp, read from a simulated site
// (devices::Site), its client sessions and the trace. No ImGui, no SDL:
// unit-tested on a real site with no window (tests/gui/site_views_test.cpp).
//
// Where each thing shown comes from:
//   page, toggles, "Allow a few minutes..."   devices::ClientSession
//   users, names, grants, contacts            the cloud's directory
//   sync chips                                Cloud::sync(user, device)
//   armed banner                              Cloud::known_partitions()
//   field errors                              the refusal's core::Problem, put
//                                             next to core::field(id)'s field
//   partitions, keypad displays, event log    Panel, Keypad::display()
//   lock rows and slots                       Lock (SlotView: no code),
//                                             Panel::believed_slots (whose),
//                                             Panel::pending_ops (counts, slots;
//                                             never the code a set carries)
//   timeline                                  sim::Trace records (secrets masked)
//   outbox                                    devices::Outbox
//
// [SECTION] Client-side form state
// [SECTION] Builders
// [SECTION] Timeline
// [SECTION] Scenario player
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "devices/client.hpp"
#include "devices/outbox.hpp"
#include "devices/site.hpp"
#include "gui/view_model.hpp"
#include "scenarios/scenario_session.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::gui {

// ---------------------------------------------------------------------------
// [SECTION] Client-side form state
// ---------------------------------------------------------------------------

// What a client's forms hold before they are submitted (a browser's form
// fields), and the last answer to show. Not a model: the session and the
// cloud decide everything; this only remembers what a person typed.
struct ClientForms {
  std::string username;
  std::string password;
  std::string first_name;
  std::string last_name;
  std::string access_code;  // as typed; sent on Save, shown masked
  std::string mobile_number;
  std::optional<std::size_t> country;  // index into core::countries()
  std::optional<std::size_t> carrier;  // index into that country's carriers
  std::string email_address;
  std::optional<std::size_t> email_format;  // index into core::all_email_formats()

  // The last refusal: the core's problem (placed by core::field) or, for a
  // step taken from the wrong page, the session's sentence alone.
  std::optional<core::Problem> problem;
  std::string error;
  std::string notice;      // the last confirmation ("The contact was saved.")
  bool show_home = false;  // the website's Home link (a view, not a session step)
};

// A lock's own keypad as the person is using it: the digits pressed since the
// last Lock key (the lock takes a whole code at once) and the last result.
struct LockKeypadState {
  std::string typed;
  std::string result;  // "Unlocked", "Wrong code", ...
};

// ---------------------------------------------------------------------------
// [SECTION] Builders
// ---------------------------------------------------------------------------

// "00:04:12" since the start of the run.
std::string clock_text(sim::Time t);
// "00:04:12.250".
std::string timeline_time(sim::Time t);
// "2026-03-02 08:04:12": the site's local time at `now` (the kernel's now).
std::string local_time_text(const devices::Site& site, sim::Time now);

// Where a refusal goes on a form: core::field(problem.id).
std::optional<Field> field_of(const core::Problem& problem);

// The sync chips of one user: the panel first, then each lock the user is
// granted or has a status on; beyond kMaxLockChips locks (a fleet), one chip
// per state instead ("412 locks" pending), and the Users list names the
// first kMaxLockChips locks and "and N more".
inline constexpr std::size_t kMaxLockChips = 8;
std::vector<SyncChip> sync_chips(const devices::Site& site, core::UserId user);
std::vector<UserRow> user_rows(const devices::Site& site);

ClientView build_client_view(Client client, const devices::ClientSession& session,
                             const ClientForms& forms, const devices::Site& site);
PanelView build_panel_view(const devices::Site& site);
LockFleetView build_lock_fleet_view(const devices::Site& site, std::optional<std::size_t> selected,
                                    const std::vector<LockKeypadState>& keypads);
// Every notification sent; an HTML email as its text (html_text).
OutboxView build_outbox_view(const devices::Outbox& outbox);
// The text of a small HTML document as devices/outbox renders them.
std::string html_text(std::string_view html);

// The text a lock keypad shows for an entry result.
std::string lock_entry_text(const core::EntryResult& result);

// ---------------------------------------------------------------------------
// [SECTION] Timeline
// ---------------------------------------------------------------------------

// Turns trace records into timeline rows as they are emitted (a trace sink
// feeds it), and threads them by edit: every record naming an edit ("edit"
// field) is in thread "edit N"; a lock's frame_* and code_* records join the
// thread of the operation the panel has in flight to that lock (the panel's
// lock_op_sent names the edit; its lock_op_acknowledged / lock_op_failed ends
// it). Secret fields show as "****" whatever the trace's reveal setting.
class TimelineBuilder {
 public:
  explicit TimelineBuilder(std::vector<std::string> lock_names = {})
      : lock_names_(std::move(lock_names)) {}
  // The row of `record`, threaded (records must come in emission order).
  TimelineRow row(const sim::TraceRecord& record);

 private:
  std::vector<std::string> lock_names_;                        // by core::LockIndex
  std::map<std::string, std::string, std::less<>> in_flight_;  // lock name -> thread
};

// ---------------------------------------------------------------------------
// [SECTION] Scenario player
// ---------------------------------------------------------------------------

// A scenario as the Scenario window lists it: every step but the `say:`
// captions, each with the caption in force at it.
struct ScenarioOutline {
  std::string file;
  std::string name;
  struct Item {
    std::size_t index = 0;  // in ScenarioDocument::steps
    std::string text;       // the step as written (codes as ****)
    std::string caption;    // the `say:` in force at this step
  };
  std::vector<Item> steps;
};
ScenarioOutline scenario_outline(const scenarios::ScenarioDocument& document);

// The Scenario window: where the run is (the step in progress, else where it
// failed, else the last step that ran), its caption, the step Step runs next,
// the current step's expectations evaluated now
// (ScenarioSession::expected_result, check_conditions), the failure in
// `lockstep run`'s words, and each step passed / failed / not yet run.
ScenarioPlayerView build_scenario_view(const ScenarioOutline& outline,
                                       const scenarios::ScenarioSession& session, bool running);

}  // namespace lockstep::gui
