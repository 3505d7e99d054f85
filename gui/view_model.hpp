// What each window of the trainer GUI shows, and everything a person can do
// in it.
//
// The GUI is split in three, as Tracy splits its profiler:
//   view building (reads the site, fills these structs; unit-tested with no
//                  window)  →  drawing (gui/windows/*.cpp: one file per window,
//                  reads a view, returns GuiActions; never changes a model)
//                  →  the controller (sends each action through the same
//                  service API as scenarios and the HTTP server).
// No rule lives in GUI code: every error sentence, sync state and display
// text here was decided by core/ or devices/; the GUI only shows it.
//
// This header includes neither ImGui nor SDL nor any model header (only the
// scenario language's plain words, scenarios/vocabulary.hpp): views are
// plain values (strings, numbers, enums), so view-building code and its tests
// need no window, and drawing code needs no model. No view ever holds an
// access code in clear except the text a person is typing into the Access
// Code field of their own form (drawn masked unless they press the eye).
//
// [SECTION] Article words
// [SECTION] Shared pieces (devices, sync chips, fields)
// [SECTION] Website and app (ClientView)
// [SECTION] Panel and keypads
// [SECTION] Lock fleet
// [SECTION] Timeline, time control, scenario player, outbox
// [SECTION] All views
// [SECTION] Actions
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scenarios/vocabulary.hpp"

namespace lockstep::gui {

// ---------------------------------------------------------------------------
// [SECTION] Article words
// ---------------------------------------------------------------------------
// The labels of the help article (seed/create-a-system-user-code.txt), used
// as button labels, as Click::label and as test-driver ids.
namespace label {
inline constexpr std::string_view log_in = "Log In";
inline constexpr std::string_view log_out = "Log Out";
inline constexpr std::string_view menu = "Menu";  // app only
inline constexpr std::string_view users = "Users";
inline constexpr std::string_view add_new_user = "Add New User";  // website
inline constexpr std::string_view add = "Add";                    // app
inline constexpr std::string_view create = "Create";
inline constexpr std::string_view save = "Save";
inline constexpr std::string_view cancel = "Cancel";
inline constexpr std::string_view back = "Back";
inline constexpr std::string_view add_contact = "+ Add Contact";
inline constexpr std::string_view mobile_number = "Mobile Number";
inline constexpr std::string_view email_address = "Email Address";
}  // namespace label

// The article's "Important:" paragraph, shown as a banner while the system is
// armed.
inline constexpr std::string_view kArmedBannerTitle =
    "User codes cannot be edited while the security system is armed.";
inline constexpr std::string_view kArmedBannerAdvice =
    "Verify the security system is disarmed before attempting to edit a user code remotely.";
// Shown after a successful Save of the Access Code form.
inline constexpr std::string_view kAllowFewMinutes =
    "Allow a few minutes for the new user code to be active at the panel.";

// ---------------------------------------------------------------------------
// [SECTION] Shared pieces
// ---------------------------------------------------------------------------

// A device a user can be granted: a panel partition or a lock, by its index
// in the system (core::PartitionIndex / core::LockIndex values).
struct DeviceRef {
  enum class Kind : std::uint8_t { partition, lock };
  Kind kind = Kind::partition;
  std::uint32_t index = 0;
  friend bool operator==(const DeviceRef&, const DeviceRef&) = default;
};

// The cloud's sync status of one user on one device (devices/ARCHITECTURE.md),
// in the scenario language's words (to_string: "pending").
using SyncState = scenarios::SyncState;

struct SyncChip {
  std::string device;  // "Panel", "Front Door"
  SyncState state = SyncState::none;
  // Shown on hover: the pending reason ("sent, waiting for panel") or the
  // failure's sentence (core::sentence of its error id).
  std::string detail;
  friend bool operator==(const SyncChip&, const SyncChip&) = default;
};

// Every field of the website and app forms, so an error lands next to its
// field and typing says where it typed.
enum class Field : std::uint8_t {
  username,
  password,
  first_name,
  last_name,
  access_code,
  mobile_number,
  mobile_country,
  mobile_carrier,
  email_address,
  email_format,
};
std::string_view to_string(Field field);  // "first_name"
// The field's label as the article names it ("First Name", "Access Code").
std::string_view field_label(Field field);

// A text field: what the form holds and the error next to it (empty: none).
struct TextField {
  std::string value;
  std::string error;
  friend bool operator==(const TextField&, const TextField&) = default;
};

// A dropdown: its options as shown, the selection (nullopt: none chosen).
struct Dropdown {
  std::vector<std::string> options;
  std::optional<std::size_t> selected;
  std::string error;
  friend bool operator==(const Dropdown&, const Dropdown&) = default;
};

// One toggle switch of the Access Code form.
struct DeviceToggle {
  DeviceRef device;
  std::string name;  // "House", "Front Door"
  bool on = false;
  std::string error;  // e.g. the lock refuses this code length
  friend bool operator==(const DeviceToggle&, const DeviceToggle&) = default;
};

// ---------------------------------------------------------------------------
// [SECTION] Website and app
// ---------------------------------------------------------------------------

// Which session a client view or an action is about: the scenario
// language's Channel (to_string: "website", "app").
using Client = scenarios::Channel;

// The page a client shows. The website and the app walk the same pages; the
// app reaches Users through its Menu.
enum class Page : std::uint8_t {
  login,
  home,         // logged in: the system's summary
  menu,         // app only: the Menu list
  users,        // the Users list
  new_user,     // Add New User: first and last name, Create
  access_code,  // Access Code, a toggle per partition and per lock, Save
  add_contact,  // + Add Contact: Mobile Number or Email Address
  mobile,       // Mobile Number: number, Country, Carrier, Save
  email,        // Email Address: address, Email Format, Save
};
std::string_view to_string(Page page);  // "access_code"

struct UserRow {
  std::string name;                     // "Alex Rivera"
  std::string role;                     // "master"
  std::vector<std::string> partitions;  // granted, by name
  std::vector<std::string> locks;       // granted, by name
  std::vector<SyncChip> sync;           // the panel first, then each lock
  std::size_t contacts = 0;
  friend bool operator==(const UserRow&, const UserRow&) = default;
};

struct LoginForm {
  TextField username;
  TextField password;  // drawn masked
  std::string error;   // "The email or password is not correct."
  friend bool operator==(const LoginForm&, const LoginForm&) = default;
};

struct NewUserForm {
  TextField first_name;
  TextField last_name;
  std::string error;  // a refusal not about one field (system armed, user limit)
  friend bool operator==(const NewUserForm&, const NewUserForm&) = default;
};

struct AccessCodeForm {
  std::string user_name;  // whose code: "Taylor Brooks"
  TextField access_code;  // drawn masked with a reveal eye
  std::string code_rule;  // "4 digits" (the panel model's length), a hint
  std::vector<DeviceToggle> partitions;
  std::vector<DeviceToggle> locks;
  std::string error;                  // a refusal not about one field
  bool saved = false;                 // Save went through: show kAllowFewMinutes
  std::vector<SyncChip> sync;         // this user's chips once saved
  std::vector<std::string> contacts;  // existing contacts, as rendered
  friend bool operator==(const AccessCodeForm&, const AccessCodeForm&) = default;
};

struct MobileForm {
  TextField number;
  Dropdown country;  // "United States (US)"
  Dropdown carrier;  // the chosen country's carriers
  std::string error;
  friend bool operator==(const MobileForm&, const MobileForm&) = default;
};

struct EmailForm {
  TextField address;
  Dropdown format;  // "HTML", "Plain Text", "Short Text"
  std::string error;
  friend bool operator==(const EmailForm&, const EmailForm&) = default;
};

// One client session (ClientSession in devices/): the website or the app.
struct ClientView {
  Client client = Client::website;
  Page page = Page::login;
  std::string account;                        // the logged-in account, "" before log in
  std::string system_name;                    // "Home"
  bool system_armed = false;                  // as the cloud knows it: show the banner
  std::vector<std::string> partition_states;  // "House: Disarmed", for home
  std::string notice;                         // the last confirmation ("Contact saved.")
  LoginForm login;
  std::vector<UserRow> users;
  NewUserForm new_user;
  AccessCodeForm access_code;
  MobileForm mobile;
  EmailForm email;
  friend bool operator==(const ClientView&, const ClientView&) = default;
};

// The website shows a ClientView in a browser-like frame; the app in a
// phone-sized one. Same flows, same actions (Client says which session).
struct WebsiteView : ClientView {
  WebsiteView() { client = Client::website; }
};
struct AppView : ClientView {
  AppView() { client = Client::app; }
};

// ---------------------------------------------------------------------------
// [SECTION] Panel and keypads
// ---------------------------------------------------------------------------

struct PartitionRow {
  std::string name;    // "House"
  std::string state;   // core::label(PartitionState): "Armed Away"
  bool armed = false;  // anything but disarmed: drawn in the armed colour
  bool alarm = false;
  std::string countdown;  // "exit delay 0:42", "" when none
  friend bool operator==(const PartitionRow&, const PartitionRow&) = default;
};

struct KeypadView {
  std::string name;       // "Hall Keypad"
  std::string partition;  // "House"
  std::string display;    // the keypad's two-line display text, '\n' between
  bool locked_out = false;
  friend bool operator==(const KeypadView&, const KeypadView&) = default;
};

struct PanelView {
  std::string model;   // "48-user hardwired panel"
  bool online = true;  // the communicator link to the cloud
  std::string users;   // "3 / 48 users"
  std::vector<PartitionRow> partitions;
  std::vector<KeypadView> keypads;
  std::vector<std::string> event_log;  // newest last
  friend bool operator==(const PanelView&, const PanelView&) = default;
};

// ---------------------------------------------------------------------------
// [SECTION] Lock fleet
// ---------------------------------------------------------------------------

// dead: powered off or a flat battery.
enum class LockLink : std::uint8_t { online, asleep, unreachable, dead };
std::string_view to_string(LockLink link);  // "online"

struct LockRow {
  std::string name;   // "Front Door"
  std::string model;  // catalog id, "deadbolt-30"
  std::string partition;
  LockLink link = LockLink::online;
  int battery_percent = 100;
  bool jammed = false;
  std::size_t slots_used = 0;
  std::size_t slots_total = 0;
  std::size_t pending_ops = 0;
  friend bool operator==(const LockRow&, const LockRow&) = default;
};

struct SlotRow {
  std::size_t slot = 0;   // 1-based, as the lock numbers them
  std::string user;       // "Alex Rivera", "" when empty
  std::string status;     // "available", "occupied", "pending add", ...
  bool has_code = false;  // drawn as "****"; the code itself is never here
  friend bool operator==(const SlotRow&, const SlotRow&) = default;
};

struct LockDetail {
  std::size_t lock = 0;  // index into LockFleetView::rows
  std::vector<SlotRow> slots;
  std::string keypad_display;  // "", "Unlocked", "Wrong code", ...
  bool bolt_locked = true;
  bool five_button_keypad = false;  // keys 1-2, 3-4, 5-6, 7-8, 9-0
  friend bool operator==(const LockDetail&, const LockDetail&) = default;
};

struct LockFleetView {
  std::vector<LockRow> rows;
  std::optional<LockDetail> selected;  // the lock chosen with SelectLock
  friend bool operator==(const LockFleetView&, const LockFleetView&) = default;
};

// ---------------------------------------------------------------------------
// [SECTION] Timeline, time control, scenario player, outbox
// ---------------------------------------------------------------------------

struct TimelineRow {
  std::string time;       // virtual time, "00:02:41.250"
  std::string component;  // "cloud", "panel", "Front Door"
  std::string kind;       // "edit_applied"
  std::string summary;    // secrets masked by the trace
  // Rows of one edit share a thread ("edit 7"); clicking a row follows it
  // from the website to the panel to each lock. "" when none.
  std::string thread;
  friend bool operator==(const TimelineRow&, const TimelineRow&) = default;
};

struct TimelineView {
  std::vector<TimelineRow> rows;  // in time order
  friend bool operator==(const TimelineView&, const TimelineView&) = default;
};

enum class Speed : std::uint8_t { x1, x10, x60, as_fast_as_possible };
std::string_view speed_label(Speed speed);  // "1x", "10x", "60x", "As fast as possible"
// Parses "1", "1x", "10", "60x", "max", "afap"; nullopt otherwise.
std::optional<Speed> parse_speed(std::string_view text);

struct TimeControlView {
  std::string clock;       // virtual time since the start, "00:04:12"
  std::string local_time;  // site-local wall time, "2026-03-02 08:04:12"
  Speed speed = Speed::x1;
  bool paused = true;
  std::size_t events_pending = 0;  // scheduled, not yet run
  bool settled = true;             // no sync is pending anywhere
  std::string source;              // what is simulated: "World Home (<built-in default>)"
  friend bool operator==(const TimeControlView&, const TimeControlView&) = default;
};

enum class Check : std::uint8_t { waiting, passed, failed };

struct Expectation {
  std::string text;  // "Taylor Brooks is active on Front Door"
  Check state = Check::waiting;
  std::string detail;  // why it failed
  friend bool operator==(const Expectation&, const Expectation&) = default;
};

// One step of the scenario's outline (its `say:` captions are not steps).
struct OutlineRow {
  std::string text;              // the step as written, codes as ****
  Check state = Check::waiting;  // passed once run, failed where the run stopped
  bool current = false;
  friend bool operator==(const OutlineRow&, const OutlineRow&) = default;
};

struct ScenarioPlayerView {
  std::string file;  // "" when no scenario is open
  std::string name;
  std::string seed;      // "seed 42"
  std::size_t step = 0;  // the current step, 1-based; 0 before the first has run
  std::size_t steps = 0;
  std::string step_text;  // the current step as written: "click: Users"
  std::string caption;    // its `say:` (before the first step: the first one's), shown large
  std::string next;       // "click: Add New User", the step Step runs next ("" at the end)
  bool running = false;   // Run: the steps play on their own at the chosen speed
  bool in_step = false;   // the current step (a wait) is still running
  bool finished = false;  // every step ran, or the run failed
  bool failed = false;
  // Why the run failed, in `lockstep run`'s words: step, expected, observed, at.
  std::vector<std::string> failure;
  // The current step's expectations (before the first step: the next one's):
  // an action's result, or each condition of `expect:` / `wait_until:`
  // evaluated live; `detail` says what the site shows.
  std::vector<Expectation> expectations;
  std::vector<OutlineRow> outline;
  // False when nothing can be played (no scenario, or it did not load); `note` says why.
  bool can_execute = true;
  std::string note;
  friend bool operator==(const ScenarioPlayerView&, const ScenarioPlayerView&) = default;
};

struct Notification {
  std::string time;     // virtual time sent
  std::string channel;  // "SMS via Verizon", "Email (HTML)"
  std::string to;       // "+14155552671", "alex.rivera@example.com"
  std::string subject;  // "" for SMS
  std::string body;     // rendered in the contact's format
  friend bool operator==(const Notification&, const Notification&) = default;
};

struct OutboxView {
  std::vector<Notification> messages;  // oldest first
  friend bool operator==(const OutboxView&, const OutboxView&) = default;
};

// ---------------------------------------------------------------------------
// [SECTION] All views
// ---------------------------------------------------------------------------

struct Views {
  std::string title;  // the OS window title: "Lockstep - Home"
  WebsiteView website;
  AppView app;
  PanelView panel;
  LockFleetView locks;
  TimelineView timeline;
  TimeControlView time;
  ScenarioPlayerView scenario;
  OutboxView outbox;
};

// ---------------------------------------------------------------------------
// [SECTION] Actions
// ---------------------------------------------------------------------------
// Everything a person can do in the GUI. Drawing code appends these; the
// controller sends each through the service API (or, for the few that only
// concern what is shown, such as SelectLock, keeps them itself).

namespace action {

// Website / app -------------------------------------------------------------
struct LogIn {
  Client client = Client::website;
  std::string username;
  std::string password;
  friend bool operator==(const LogIn&, const LogIn&) = default;
};
// A button or link named by the article's words (gui::label): "Users",
// "Add New User", "Create", "Save", "+ Add Contact", "Mobile Number", ...
struct Click {
  Client client = Client::website;
  std::string label;
  friend bool operator==(const Click&, const Click&) = default;
};
// Typing into a field: the field's whole text after the keystroke.
struct SetField {
  Client client = Client::website;
  Field field = Field::first_name;
  std::string value;
  friend bool operator==(const SetField&, const SetField&) = default;
};
// Choosing in a dropdown (Country, Carrier, Email Format): the option's index.
struct Choose {
  Client client = Client::website;
  Field field = Field::mobile_country;
  std::size_t option = 0;
  friend bool operator==(const Choose&, const Choose&) = default;
};
// A toggle switch of the Access Code form.
struct ToggleDevice {
  Client client = Client::website;
  DeviceRef device;
  bool on = false;
  friend bool operator==(const ToggleDevice&, const ToggleDevice&) = default;
};
// A row of the Users list: open that user's Access Code form.
struct OpenUser {
  Client client = Client::website;
  std::string name;
  friend bool operator==(const OpenUser&, const OpenUser&) = default;
};

// Panel keypads and lock keypads ---------------------------------------------
enum class Key : std::uint8_t {
  d0,
  d1,
  d2,
  d3,
  d4,
  d5,
  d6,
  d7,
  d8,
  d9,
  star,
  pound,
  arm_away,
  arm_stay,
  arm_night,
  disarm,
  lock,  // a lock keypad's lock key
};
std::string_view to_string(Key key);      // "1", "*", "Away", "Disarm"
std::optional<Key> digit_key(int digit);  // 0..9

struct PressKeypadKey {
  std::string keypad;  // "Hall Keypad"
  Key key = Key::d0;
  friend bool operator==(const PressKeypadKey&, const PressKeypadKey&) = default;
};
struct PressLockKey {
  std::size_t lock = 0;  // index into LockFleetView::rows
  Key key = Key::d0;
  friend bool operator==(const PressLockKey&, const PressLockKey&) = default;
};

// Lock fleet -----------------------------------------------------------------
struct SelectLock {
  std::size_t lock = 0;
  friend bool operator==(const SelectLock&, const SelectLock&) = default;
};

// Time -------------------------------------------------------------------------
struct SetSpeed {
  Speed speed = Speed::x1;
  friend bool operator==(const SetSpeed&, const SetSpeed&) = default;
};
struct SetPaused {
  bool paused = true;
  friend bool operator==(const SetPaused&, const SetPaused&) = default;
};
// Run the next scheduled event, then pause.
struct StepEvent {
  friend bool operator==(const StepEvent&, const StepEvent&) = default;
};
// Run in virtual time until no sync is pending anywhere.
struct RunUntilSettled {
  friend bool operator==(const RunUntilSettled&, const RunUntilSettled&) = default;
};

// Scenario player -------------------------------------------------------------
struct ScenarioStep {
  friend bool operator==(const ScenarioStep&, const ScenarioStep&) = default;
};
struct ScenarioRun {
  bool run = true;  // false: pause
  friend bool operator==(const ScenarioRun&, const ScenarioRun&) = default;
};
struct ScenarioRestart {
  friend bool operator==(const ScenarioRestart&, const ScenarioRestart&) = default;
};

// The window's close button or Ctrl+Q.
struct Quit {
  friend bool operator==(const Quit&, const Quit&) = default;
};

}  // namespace action

using GuiAction =
    std::variant<action::LogIn, action::Click, action::SetField, action::Choose,
                 action::ToggleDevice, action::OpenUser, action::PressKeypadKey,
                 action::PressLockKey, action::SelectLock, action::SetSpeed, action::SetPaused,
                 action::StepEvent, action::RunUntilSettled, action::ScenarioStep,
                 action::ScenarioRun, action::ScenarioRestart, action::Quit>;

// One line for logs and test failures: "website click \"Users\"". Never
// contains the text of an Access Code or password field (masked).
std::string describe(const GuiAction& action);

}  // namespace lockstep::gui
