// The step vocabulary of the scenario language, as C++ values.
//
// parser.hpp turns a scenario file into a std::vector<Step>; the executor
// runs them on a simulated site. Every action struct maps onto one call of
// the site's service API (devices/client.hpp, cloud.hpp) or one device input
// (keypad.hpp, lock.hpp, sim::FaultInjector), so executing a step is a
// std::visit with one small function per struct.
//
// [SECTION] Tables: step names, button labels, function keys
// [SECTION] The article's flow (website and app)
// [SECTION] Devices and faults
// [SECTION] Short forms
// [SECTION] Time and checks (conditions)
// [SECTION] Step
//
// The enums here carry the language's own vocabulary; each is named value for
// value like its counterpart in devices/ (Channel, ArmMode, Key,
// SyncStatus::State, Notification::Kind, BoltState), so the executor maps them
// one to one, and this header stays independent of the device models.
//
// Names here (users, devices, keypads, partitions, locks) are as written: the
// parser does not resolve them against a world; the executor does, and
// reports an unknown name at the step's location.
//
// Access codes are core::AccessCode everywhere (digits at a keypad too), so
// nothing in this header prints one; Step::text shows them as "****".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/access_code.hpp"
#include "core/arm_state.hpp"
#include "core/contact.hpp"
#include "core/entry_check.hpp"
#include "core/error.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/vocabulary.hpp"
#include "sim/fault.hpp"
#include "sim/time.hpp"

namespace lockstep::scenarios {

// =============================================================================
// [SECTION] Tables: step names, button labels, function keys
// =============================================================================

enum class StepGroup : std::uint8_t { caption, flow, device, fault, short_form, time, check };

// One step name of the language. The parser, the JSON Schema test and the
// README test all read this table: it is the one list of step names.
struct StepKind {
  std::string_view name;  // "click"
  StepGroup group;
  bool takes_result;         // accepts `expect: <result>` on the same step
  std::string_view summary;  // one line for "did you mean" lists and tools
};
std::span<const StepKind> step_kinds();
const StepKind* find_step_kind(std::string_view name);
// Keys a step may carry besides its action: expect, within.
std::span<const std::string_view> step_modifiers();

// Channel (website, app): scenarios/vocabulary.hpp.

// The buttons of the article, as the client session offers them.
enum class Button : std::uint8_t {
  menu,           // app: "Menu"
  users,          // "Users"
  add_new_user,   // website: "Add New User", app: "Add"
  create,         // "Create"
  generate_code,  // "Generate Code" (beside Access Code)
  save,           // "Save" on the user form: saves the user (an edit)
  add_contact,    // "+ Add Contact"
  mobile_number,  // "Mobile Number"
  email_address,  // "Email Address"
  save_contact,   // "Save" on a contact form (after "+ Add Contact")
};
std::string_view to_string(Button button);  // "add_new_user"

// The labels each channel shows, as written in the article. "Save" appears
// once per channel as Button::save; the parser turns it into save_contact when
// a contact form is open on that channel (after "+ Add Contact").
struct ButtonLabel {
  Channel channel;
  std::string_view label;  // "Add New User"
  Button button;
};
std::span<const ButtonLabel> button_labels();
std::vector<std::string> labels_of(Channel channel);

// Keypad keys besides the digits (devices::Key's non-digit keys).
enum class FunctionKey : std::uint8_t { arm_away, arm_stay, arm_night, disarm, clear };
std::string_view key_name(FunctionKey key);  // "arm_away"
std::optional<FunctionKey> function_key_from_string(std::string_view text);
std::span<const FunctionKey> all_function_keys();

// =============================================================================
// [SECTION] The article's flow (website and app)
// =============================================================================
// `channel` is the session the step acts in: stated by log_in/log_out/click/
// tap, and for the form steps (open_user, enter_name, access_code, toggle,
// mobile_number, email_address) the channel of the last log_in, click or tap
// before them.

// say: a caption for the trainer GUI; the runner ignores it.
struct Say {
  std::string text;
};

// log_in: {via, email, password}; email and password empty = the world's
// account owner with the world's password (the executor fills them in).
struct LogIn {
  Channel channel = Channel::website;
  std::string email;
  std::string password;  // never printed (Step::text masks it)
};

struct LogOut {
  Channel channel = Channel::website;
};

// click: <label> (website) / tap: <label> (app).
struct Press {
  Channel channel = Channel::website;
  Button button = Button::users;
  std::string label;  // as written: "Add New User"
};

// open_user: Sam Chen — open an existing user's page from Users
// (ClientSession::open_user), to edit it with the form steps below.
struct OpenUser {
  Channel channel = Channel::website;
  std::string user;
};

// enter_name: {first, last}. Empty strings are allowed (to test name_required).
struct EnterName {
  Channel channel = Channel::website;
  std::string first;
  std::string last;
};

// access_code: "8362" — "In Access Code, enter the user's desired code."
// Any text is accepted here (to test code_not_digits, code_required, ...).
struct EnterAccessCode {
  Channel channel = Channel::website;
  core::AccessCode code;
};

// One toggle switch: a partition or lock name, on or off.
struct DeviceSwitch {
  std::string device;
  bool on = true;
  friend bool operator==(const DeviceSwitch&, const DeviceSwitch&) = default;
};

// toggle: {Garage Door: off, House: on} — in the order written.
struct Toggle {
  Channel channel = Channel::website;
  std::vector<DeviceSwitch> switches;
};

// mobile_number: {number, country, carrier} — the Mobile Number form.
struct EnterMobile {
  Channel channel = Channel::website;
  core::MobileInput input;
};

// email_address: {address, format} — the Email Address form.
struct EnterEmail {
  Channel channel = Channel::website;
  core::EmailInput input;
};

// =============================================================================
// [SECTION] Devices and faults
// =============================================================================

// A run of digits typed at a keypad (a code: never printed), or a function key.
using KeyInput = std::variant<core::AccessCode, FunctionKey>;

// keypad: {name: Hall Keypad, keys: "8362 disarm"}
struct PressKeys {
  std::string keypad;
  std::vector<KeyInput> keys;  // in order
};

// enter_code: {lock: Front Door, code: "8362"} — at the lock's own keypad.
struct EnterCode {
  std::string lock;
  core::AccessCode code;
};

// How arm/disarm is done: from the website or app, or at a keypad with a code.
enum class ArmMode : std::uint8_t { stay, away, night };  // devices::ArmMode
std::string_view to_string(ArmMode mode);
enum class Via : std::uint8_t { website, app, keypad };
std::string_view to_string(Via via);

// arm: {partition: House, mode: away, via: app}
// arm: {keypad: Hall Keypad, code: "4827", mode: away}   (the keypad's partition)
struct Arm {
  Via via = Via::website;
  std::string partition;  // may be empty with via keypad (the keypad's own)
  ArmMode mode = ArmMode::away;
  std::string keypad;                    // via keypad
  std::optional<core::AccessCode> code;  // via keypad
};

// disarm: {partition: House, via: website} / {keypad: Hall Keypad, code: "4827"}
struct Disarm {
  Via via = Via::website;
  std::string partition;
  std::string keypad;
  std::optional<core::AccessCode> code;
};

// fault: {kind: link_down, target: cloud_to_panel, for: 10m}
struct InjectFault {
  sim::FaultKind kind = sim::FaultKind::link_down;
  std::string target;                     // a link name, a lock name, or "panel"
  std::optional<sim::Duration> duration;  // `for:`: the recovery is applied after it
};

// lock: {name: Front Door, battery: 15, asleep: true, reachable: false, jammed: true}
struct SetLock {
  std::string lock;
  std::optional<int> battery_percent;  // 0..100
  std::optional<bool> asleep;
  std::optional<bool> reachable;
  std::optional<bool> jammed;
};

// =============================================================================
// [SECTION] Short forms
// =============================================================================
// Each runs the article's steps on its channel in one go (logging in as the
// world's account first when that channel has no session).

// `all`, or a list of names; the ones listed are switched on, the others off.
struct DeviceSelection {
  bool all = false;
  std::vector<std::string> names;
  friend bool operator==(const DeviceSelection&, const DeviceSelection&) = default;
};

using ContactInput = std::variant<core::MobileInput, core::EmailInput>;

// add_user: {via, first, last, code | generate_code: true, partitions, locks, contacts, role}
struct AddUser {
  Channel channel = Channel::website;
  std::string first;
  std::string last;
  std::optional<core::AccessCode> code;  // nullopt with generate_code, or no code at all
  bool generate_code = false;
  std::optional<core::Role> role;  // nullopt: the cloud's default (standard)
  DeviceSelection partitions;
  DeviceSelection locks;
  std::vector<ContactInput> contacts;
};

// edit_code: {user: Sam Chen, code: "9051", via: app} (or generate_code: true)
struct EditCode {
  Channel channel = Channel::website;
  std::string user;
  std::optional<core::AccessCode> code;
  bool generate_code = false;
};

// change_grants: {user: Sam Chen, partitions: {Garage: on}, locks: {Back Door: off}}
struct ChangeGrants {
  Channel channel = Channel::website;
  std::string user;
  std::vector<DeviceSwitch> partitions;
  std::vector<DeviceSwitch> locks;
};

struct DeleteUser {
  Channel channel = Channel::website;
  std::string user;
};

// add_contact: {user, mobile, country, carrier} or {user, email, format}
struct AddContact {
  Channel channel = Channel::website;
  std::string user;
  ContactInput contact;
};

// cancel_edit: {user} — withdraw the user's pending edit before the panel has it.
struct CancelEdit {
  Channel channel = Channel::website;
  std::string user;
};

// share_user_code: {user} — notify the user's contacts that a code is set up
// for them (the notification never contains the code).
struct ShareUserCode {
  Channel channel = Channel::website;
  std::string user;
};

// =============================================================================
// [SECTION] Time and checks (conditions)
// =============================================================================

// When a condition became true, relative to an anchor: the start of the most
// recent step before it that saved an edit (Save on the user form, add_user,
// edit_code, change_grants, delete_user), or the start of the run.
struct TimeWindow {
  std::optional<sim::Duration> no_earlier_than;
  std::optional<sim::Duration> within;
  std::optional<std::size_t> anchor_step;  // index into the steps; nullopt = run start
  bool empty() const { return !no_earlier_than && !within; }
};

// SyncState (none, pending, active, failed, superseded): scenarios/vocabulary.hpp.

// sync: {user, device, state, reason, no_earlier_than, within}
struct SyncIs {
  std::string user;
  std::string device;  // "panel" or a lock name
  SyncState state = SyncState::active;
  std::optional<core::ErrorId> error;  // state failed, `reason: <error id>`
  std::string pending_reason;  // state pending, `reason:` one of pending_reasons(); empty: any
  TimeWindow window;
};

// devices/cloud.hpp's reasons for pending: "sent, waiting for panel", "panel
// offline, queued", "waiting for panel", "waiting for lock to wake".
std::span<const std::string_view> pending_reasons();

// partition: {name, state}
struct PartitionIs {
  std::string partition;
  core::PartitionState state = core::PartitionState::disarmed;
};

// holds: {device, user} / holds_not: the device holds (or does not hold) the
// user's current code.
struct Holds {
  std::string device;  // "panel" or a lock name
  std::string user;
  bool holds = true;
};

// keypad_display: {name, text} (the whole display) or {name, contains}.
struct KeypadDisplays {
  std::string keypad;
  std::string text;
  bool contains = false;
};

// trace: {component, kind, fields, after, no_earlier_than, within} / trace_not
struct TraceHas {
  std::string component;  // empty: any
  std::string kind;
  std::vector<std::pair<std::string, std::string>> fields;  // each must match (as text)
  std::string after;  // a kind that must come earlier in the trace; empty: none
  TimeWindow window;
  bool present = true;  // false: trace_not, no such record
};

// devices::Notification::Kind and ::Via
enum class NotificationKind : std::uint8_t {
  code_changed,
  code_active,
  code_disarmed,
  duress_used,
  share_user_code,
};
std::string_view to_string(NotificationKind kind);
std::span<const NotificationKind> all_notification_kinds();
enum class NotificationVia : std::uint8_t { sms, email };

// notification: {to, kind, via, contains}
struct NotificationSent {
  std::string to;  // an email address, or a mobile number as written in a contact
  std::optional<NotificationKind> kind;
  std::optional<NotificationVia> via;
  std::string contains;  // empty: not checked
};

// bolt: {lock, state} — devices::BoltState
enum class BoltState : std::uint8_t { locked, unlocked, jammed };
std::string_view to_string(BoltState state);
struct BoltIs {
  std::string lock;
  BoltState state = BoltState::locked;
};

// settled: every queue empty, every device holds what the directory says.
struct Settled {};

using ConditionKind = std::variant<SyncIs, PartitionIs, Holds, KeypadDisplays, BoltIs, TraceHas,
                                   NotificationSent, Settled>;

struct Condition {
  SourceLocation location;
  std::string text;  // one line, as written: "sync: {user: Casey Morgan, ...}"
  ConditionKind what;
};

// condition names: sync, partition, holds, holds_not, keypad_display, bolt,
// trace, trace_not, notification, settled
std::span<const std::string_view> condition_names();

// wait: 3m
struct Wait {
  sim::Duration duration;
};

// wait_until: <condition(s)> with the step's `within:` as the bound (required).
struct WaitUntil {
  std::vector<Condition> conditions;  // all must hold
};

// expect: <condition(s)> — checked now.
struct Expect {
  std::vector<Condition> conditions;  // all must hold
};

// =============================================================================
// [SECTION] Step
// =============================================================================

using StepAction = std::variant<Say, LogIn, LogOut, Press, OpenUser, EnterName, EnterAccessCode,
                                Toggle, EnterMobile, EnterEmail, PressKeys, EnterCode, Arm, Disarm,
                                InjectFault, SetLock, AddUser, EditCode, ChangeGrants, DeleteUser,
                                AddContact, CancelEdit, ShareUserCode, Wait, WaitUntil, Expect>;

// One acceptable result of an action: ok (the action succeeded), accepted or
// duress (a code entered at a keypad or lock), or a refusal's error id.
struct Outcome {
  enum class Kind : std::uint8_t { ok, accepted, duress, error };
  Kind kind = Kind::ok;
  std::optional<core::ErrorId> error;  // kind == error
  std::string to_string() const;       // "ok", "system_armed"
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

// `expect:` on an action step: the result must be one of these. A step with
// no `expect:` must succeed: ok, or accepted for a code entry (duress must be
// expected explicitly).
struct Expectation {
  std::vector<Outcome> any_of;
  std::string to_string() const;  // "ok", "one of ok, system_armed"
};

struct Step {
  SourceLocation location;  // the action's key
  std::string text;         // the action as written, one line, codes as ****
  StepAction action;
  std::optional<Expectation> expect;
  std::optional<sim::Duration> within;  // wait_until only (required there)

  std::string_view name() const;  // "click"
  // The step saves an edit (and so anchors later time windows).
  bool saves_edit() const;
};

}  // namespace lockstep::scenarios
