#include "scenarios/steps.hpp"

#include <array>
#include <type_traits>

namespace lockstep::scenarios {

namespace {

using G = StepGroup;

constexpr std::array kStepKinds = {
    StepKind{"say", G::caption, false, "a caption for the trainer GUI; the runner ignores it"},
    StepKind{"log_in", G::flow, true, "Log into the website or app: {via, email, password}"},
    StepKind{"log_out", G::flow, true, "end the website or app session: website | app"},
    StepKind{"click", G::flow, true, "click a button of the website, by its label"},
    StepKind{"tap", G::flow, true, "tap a button of the app, by its label"},
    StepKind{"open_user", G::flow, true, "open an existing user's page from Users: Sam Chen"},
    StepKind{"enter_name", G::flow, true, "enter the user's first and last name: {first, last}"},
    StepKind{"access_code", G::flow, true, "In Access Code, enter the user's desired code"},
    StepKind{"toggle", G::flow, true,
             "set the toggle switch of devices (partitions, locks): {Front Door: on}"},
    StepKind{"mobile_number", G::flow, true,
             "fill the Mobile Number form: {number, country, carrier}"},
    StepKind{"email_address", G::flow, true, "fill the Email Address form: {address, format}"},
    StepKind{"keypad", G::device, true, "press keys at a panel keypad: {name, keys}"},
    StepKind{"enter_code", G::device, true, "enter a code at a lock's keypad: {lock, code}"},
    StepKind{"arm", G::device, true,
             "arm a partition from the website/app or at a keypad: {partition, mode, via}"},
    StepKind{"disarm", G::device, true,
             "disarm a partition from the website/app or at a keypad: {partition, via}"},
    StepKind{"lock", G::device, false,
             "set a lock's battery, sleep, reachability or jam: {name, battery, ...}"},
    StepKind{"fault", G::fault, false, "inject a fault now: {kind, target, for}"},
    StepKind{"add_user", G::short_form, true,
             "the whole Add New User flow in one step: {via, first, last, code, ...}"},
    StepKind{"edit_code", G::short_form, true, "change a user's code: {user, code, via}"},
    StepKind{"change_grants", G::short_form, true,
             "switch partitions and locks on or off for a user: {user, partitions, locks}"},
    StepKind{"delete_user", G::short_form, true, "delete a user: {user, via}"},
    StepKind{"add_contact", G::short_form, true,
             "add a contact to a user: {user, mobile, country, carrier} or {user, email, format}"},
    StepKind{"cancel_edit", G::short_form, true,
             "withdraw a user's pending edit before the panel has it: {user}"},
    StepKind{"share_user_code", G::short_form, true,
             "tell a user's contacts that their code is set up: {user}"},
    StepKind{"wait", G::time, false, "let virtual time pass: 3m"},
    StepKind{"wait_until", G::time, false,
             "let time pass until a condition holds, at most `within:`"},
    StepKind{"expect", G::check, false, "check conditions now: {sync: ...}, {partition: ...}, ..."},
};

constexpr std::array<std::string_view, 2> kModifiers = {"expect", "within"};

constexpr std::array kLabels = {
    ButtonLabel{Channel::website, "Users", Button::users},
    ButtonLabel{Channel::website, "Add New User", Button::add_new_user},
    ButtonLabel{Channel::website, "Create", Button::create},
    ButtonLabel{Channel::website, "Generate Code", Button::generate_code},
    ButtonLabel{Channel::website, "Save", Button::save},
    ButtonLabel{Channel::website, "+ Add Contact", Button::add_contact},
    ButtonLabel{Channel::website, "Mobile Number", Button::mobile_number},
    ButtonLabel{Channel::website, "Email Address", Button::email_address},
    ButtonLabel{Channel::app, "Menu", Button::menu},
    ButtonLabel{Channel::app, "Users", Button::users},
    ButtonLabel{Channel::app, "Add", Button::add_new_user},
    ButtonLabel{Channel::app, "Create", Button::create},
    ButtonLabel{Channel::app, "Generate Code", Button::generate_code},
    ButtonLabel{Channel::app, "Save", Button::save},
    ButtonLabel{Channel::app, "+ Add Contact", Button::add_contact},
    ButtonLabel{Channel::app, "Mobile Number", Button::mobile_number},
    ButtonLabel{Channel::app, "Email Address", Button::email_address},
};

constexpr std::array kFunctionKeys = {FunctionKey::arm_away, FunctionKey::arm_stay,
                                      FunctionKey::arm_night, FunctionKey::disarm,
                                      FunctionKey::clear};

constexpr std::array kSyncStates = {SyncState::pending, SyncState::active, SyncState::failed,
                                    SyncState::superseded, SyncState::none};

constexpr std::array<std::string_view, 4> kPendingReasons = {
    "sent, waiting for panel", "panel offline, queued", "waiting for panel",
    "waiting for lock to wake"};

constexpr std::array kNotificationKinds = {
    NotificationKind::code_changed, NotificationKind::code_active, NotificationKind::code_disarmed,
    NotificationKind::duress_used, NotificationKind::share_user_code};

constexpr std::array<std::string_view, 10> kConditionNames = {
    "sync", "partition", "holds",     "holds_not",    "keypad_display",
    "bolt", "trace",     "trace_not", "notification", "settled"};

}  // namespace

std::span<const StepKind> step_kinds() {
  return kStepKinds;
}

const StepKind* find_step_kind(std::string_view name) {
  for (const auto& k : kStepKinds) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::span<const std::string_view> step_modifiers() {
  return kModifiers;
}

std::string_view to_string(Channel channel) {
  return channel == Channel::website ? "website" : "app";
}

std::string_view to_string(Button button) {
  switch (button) {
    case Button::menu:
      return "menu";
    case Button::users:
      return "users";
    case Button::add_new_user:
      return "add_new_user";
    case Button::create:
      return "create";
    case Button::generate_code:
      return "generate_code";
    case Button::save:
      return "save";
    case Button::add_contact:
      return "add_contact";
    case Button::mobile_number:
      return "mobile_number";
    case Button::email_address:
      return "email_address";
    case Button::save_contact:
      return "save_contact";
  }
  return "?";
}

std::span<const ButtonLabel> button_labels() {
  return kLabels;
}

std::vector<std::string> labels_of(Channel channel) {
  std::vector<std::string> out;
  for (const auto& l : kLabels) {
    if (l.channel == channel) out.emplace_back(l.label);
  }
  return out;
}

std::string_view key_name(FunctionKey key) {
  switch (key) {
    case FunctionKey::arm_away:
      return "arm_away";
    case FunctionKey::arm_stay:
      return "arm_stay";
    case FunctionKey::arm_night:
      return "arm_night";
    case FunctionKey::disarm:
      return "disarm";
    case FunctionKey::clear:
      return "clear";
  }
  return "?";
}

std::optional<FunctionKey> function_key_from_string(std::string_view text) {
  for (FunctionKey k : kFunctionKeys) {
    if (key_name(k) == text) return k;
  }
  return std::nullopt;
}

std::span<const FunctionKey> all_function_keys() {
  return kFunctionKeys;
}

std::string_view to_string(Via via) {
  switch (via) {
    case Via::website:
      return "website";
    case Via::app:
      return "app";
    case Via::keypad:
      return "keypad";
  }
  return "?";
}

std::string_view to_string(SyncState state) {
  switch (state) {
    case SyncState::pending:
      return "pending";
    case SyncState::active:
      return "active";
    case SyncState::failed:
      return "failed";
    case SyncState::superseded:
      return "superseded";
    case SyncState::none:
      return "none";
  }
  return "?";
}

std::optional<SyncState> sync_state_from_string(std::string_view text) {
  for (SyncState s : kSyncStates) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::span<const SyncState> all_sync_states() {
  return kSyncStates;
}

std::span<const std::string_view> pending_reasons() {
  return kPendingReasons;
}

std::string_view to_string(ArmMode mode) {
  switch (mode) {
    case ArmMode::stay:
      return "stay";
    case ArmMode::away:
      return "away";
    case ArmMode::night:
      return "night";
  }
  return "?";
}

std::string_view to_string(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::code_changed:
      return "code_changed";
    case NotificationKind::code_active:
      return "code_active";
    case NotificationKind::code_disarmed:
      return "code_disarmed";
    case NotificationKind::duress_used:
      return "duress_used";
    case NotificationKind::share_user_code:
      return "share_user_code";
  }
  return "?";
}

std::span<const NotificationKind> all_notification_kinds() {
  return kNotificationKinds;
}

std::string_view to_string(BoltState state) {
  switch (state) {
    case BoltState::locked:
      return "locked";
    case BoltState::unlocked:
      return "unlocked";
    case BoltState::jammed:
      return "jammed";
  }
  return "?";
}

std::span<const std::string_view> condition_names() {
  return kConditionNames;
}

std::string Outcome::to_string() const {
  switch (kind) {
    case Kind::ok:
      return "ok";
    case Kind::accepted:
      return "accepted";
    case Kind::duress:
      return "duress";
    case Kind::error:
      return error ? std::string(core::name(*error)) : "error";
  }
  return "?";
}

std::string Expectation::to_string() const {
  if (any_of.size() == 1) return any_of.front().to_string();
  std::string out = "one of ";
  for (std::size_t i = 0; i < any_of.size(); ++i) {
    if (i > 0) out += ", ";
    out += any_of[i].to_string();
  }
  return out;
}

std::string_view Step::name() const {
  return std::visit(
      [](const auto& a) -> std::string_view {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, Say>)
          return "say";
        else if constexpr (std::is_same_v<T, LogIn>)
          return "log_in";
        else if constexpr (std::is_same_v<T, LogOut>)
          return "log_out";
        else if constexpr (std::is_same_v<T, Press>)
          return a.channel == Channel::website ? "click" : "tap";
        else if constexpr (std::is_same_v<T, OpenUser>)
          return "open_user";
        else if constexpr (std::is_same_v<T, EnterName>)
          return "enter_name";
        else if constexpr (std::is_same_v<T, EnterAccessCode>)
          return "access_code";
        else if constexpr (std::is_same_v<T, Toggle>)
          return "toggle";
        else if constexpr (std::is_same_v<T, EnterMobile>)
          return "mobile_number";
        else if constexpr (std::is_same_v<T, EnterEmail>)
          return "email_address";
        else if constexpr (std::is_same_v<T, PressKeys>)
          return "keypad";
        else if constexpr (std::is_same_v<T, EnterCode>)
          return "enter_code";
        else if constexpr (std::is_same_v<T, Arm>)
          return "arm";
        else if constexpr (std::is_same_v<T, Disarm>)
          return "disarm";
        else if constexpr (std::is_same_v<T, InjectFault>)
          return "fault";
        else if constexpr (std::is_same_v<T, SetLock>)
          return "lock";
        else if constexpr (std::is_same_v<T, AddUser>)
          return "add_user";
        else if constexpr (std::is_same_v<T, EditCode>)
          return "edit_code";
        else if constexpr (std::is_same_v<T, ChangeGrants>)
          return "change_grants";
        else if constexpr (std::is_same_v<T, DeleteUser>)
          return "delete_user";
        else if constexpr (std::is_same_v<T, AddContact>)
          return "add_contact";
        else if constexpr (std::is_same_v<T, CancelEdit>)
          return "cancel_edit";
        else if constexpr (std::is_same_v<T, ShareUserCode>)
          return "share_user_code";
        else if constexpr (std::is_same_v<T, Wait>)
          return "wait";
        else if constexpr (std::is_same_v<T, WaitUntil>)
          return "wait_until";
        else if constexpr (std::is_same_v<T, Expect>)
          return "expect";
        else
          static_assert(sizeof(T) == 0, "every StepAction needs a name");
      },
      action);
}

bool Step::saves_edit() const {
  if (const auto* p = std::get_if<Press>(&action)) return p->button == Button::save;
  return std::holds_alternative<AddUser>(action) || std::holds_alternative<EditCode>(action) ||
         std::holds_alternative<ChangeGrants>(action) || std::holds_alternative<DeleteUser>(action);
}

}  // namespace lockstep::scenarios
