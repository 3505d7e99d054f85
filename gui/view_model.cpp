#include "gui/view_model.hpp"

#include <cctype>
#include <string>

namespace lockstep::gui {

std::string_view to_string(Field field) {
  switch (field) {
    case Field::username:
      return "username";
    case Field::password:
      return "password";
    case Field::first_name:
      return "first_name";
    case Field::last_name:
      return "last_name";
    case Field::access_code:
      return "access_code";
    case Field::mobile_number:
      return "mobile_number";
    case Field::mobile_country:
      return "mobile_country";
    case Field::mobile_carrier:
      return "mobile_carrier";
    case Field::email_address:
      return "email_address";
    case Field::email_format:
      return "email_format";
  }
  return "?";
}

std::string_view field_label(Field field) {
  switch (field) {
    case Field::username:
      return "Email";
    case Field::password:
      return "Password";
    case Field::first_name:
      return "First Name";
    case Field::last_name:
      return "Last Name";
    case Field::access_code:
      return "Access Code";
    case Field::mobile_number:
      return "Mobile Number";
    case Field::mobile_country:
      return "Country";
    case Field::mobile_carrier:
      return "Carrier";
    case Field::email_address:
      return "Email Address";
    case Field::email_format:
      return "Email Format";
  }
  return "?";
}

std::string_view to_string(Page page) {
  switch (page) {
    case Page::login:
      return "login";
    case Page::home:
      return "home";
    case Page::menu:
      return "menu";
    case Page::users:
      return "users";
    case Page::new_user:
      return "new_user";
    case Page::access_code:
      return "access_code";
    case Page::add_contact:
      return "add_contact";
    case Page::mobile:
      return "mobile";
    case Page::email:
      return "email";
  }
  return "?";
}

std::string_view to_string(LockLink link) {
  switch (link) {
    case LockLink::online:
      return "online";
    case LockLink::asleep:
      return "asleep";
    case LockLink::unreachable:
      return "unreachable";
    case LockLink::dead:
      return "dead";
  }
  return "?";
}

std::string_view speed_label(Speed speed) {
  switch (speed) {
    case Speed::x1:
      return "1x";
    case Speed::x10:
      return "10x";
    case Speed::x60:
      return "60x";
    case Speed::as_fast_as_possible:
      return "As fast as possible";
  }
  return "?";
}

std::optional<Speed> parse_speed(std::string_view text) {
  std::string t;
  for (char c : text)
    t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t.size() > 1 && t.back() == 'x' && std::isdigit(static_cast<unsigned char>(t[t.size() - 2])))
    t.pop_back();
  if (t == "1") return Speed::x1;
  if (t == "10") return Speed::x10;
  if (t == "60") return Speed::x60;
  if (t == "max" || t == "afap" || t == "fast") return Speed::as_fast_as_possible;
  return std::nullopt;
}

namespace action {

std::string_view to_string(Key key) {
  switch (key) {
    case Key::d0:
      return "0";
    case Key::d1:
      return "1";
    case Key::d2:
      return "2";
    case Key::d3:
      return "3";
    case Key::d4:
      return "4";
    case Key::d5:
      return "5";
    case Key::d6:
      return "6";
    case Key::d7:
      return "7";
    case Key::d8:
      return "8";
    case Key::d9:
      return "9";
    case Key::star:
      return "*";
    case Key::pound:
      return "#";
    case Key::arm_away:
      return "Away";
    case Key::arm_stay:
      return "Stay";
    case Key::arm_night:
      return "Night";
    case Key::disarm:
      return "Disarm";
    case Key::lock:
      return "Lock";
  }
  return "?";
}

std::optional<Key> digit_key(int digit) {
  if (digit < 0 || digit > 9) return std::nullopt;
  return static_cast<Key>(static_cast<int>(Key::d0) + digit);
}

}  // namespace action

namespace {

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

bool secret(Field f) {
  return f == Field::access_code || f == Field::password;
}

}  // namespace

std::string describe(const GuiAction& a) {
  struct Describe {
    std::string operator()(const action::LogIn& x) const {
      return std::string(to_string(x.client)) + " log in as " + quoted(x.username);
    }
    std::string operator()(const action::Click& x) const {
      return std::string(to_string(x.client)) + " click " + quoted(x.label);
    }
    std::string operator()(const action::SetField& x) const {
      return std::string(to_string(x.client)) + " type " +
             (secret(x.field) ? std::string(x.value.size(), '*') : quoted(x.value)) + " into " +
             std::string(field_label(x.field));
    }
    std::string operator()(const action::Choose& x) const {
      return std::string(to_string(x.client)) + " choose option " + std::to_string(x.option) +
             " of " + std::string(field_label(x.field));
    }
    std::string operator()(const action::ToggleDevice& x) const {
      return std::string(to_string(x.client)) + " toggle " +
             (x.device.kind == DeviceRef::Kind::partition ? "partition " : "lock ") +
             std::to_string(x.device.index) + (x.on ? " on" : " off");
    }
    std::string operator()(const action::OpenUser& x) const {
      return std::string(to_string(x.client)) + " open user " + quoted(x.name);
    }
    std::string operator()(const action::PressKeypadKey& x) const {
      // Digits pressed at a keypad are part of a code: never logged.
      const bool digit = x.key <= action::Key::d9;
      return x.keypad + " press " + (digit ? std::string("*") : std::string(to_string(x.key)));
    }
    std::string operator()(const action::PressLockKey& x) const {
      const bool digit = x.key <= action::Key::d9;
      return "lock " + std::to_string(x.lock) + " press " +
             (digit ? std::string("*") : std::string(to_string(x.key)));
    }
    std::string operator()(const action::SelectLock& x) const {
      return "select lock " + std::to_string(x.lock);
    }
    std::string operator()(const action::SetSpeed& x) const {
      return "speed " + std::string(speed_label(x.speed));
    }
    std::string operator()(const action::SetPaused& x) const { return x.paused ? "pause" : "play"; }
    std::string operator()(const action::StepEvent&) const { return "step to the next event"; }
    std::string operator()(const action::RunUntilSettled&) const {
      return "run until propagation settles";
    }
    std::string operator()(const action::ScenarioStep&) const { return "scenario step"; }
    std::string operator()(const action::ScenarioRun& x) const {
      return x.run ? "scenario run" : "scenario pause";
    }
    std::string operator()(const action::ScenarioRestart&) const { return "scenario restart"; }
    std::string operator()(const action::Quit&) const { return "quit"; }
  };
  return std::visit(Describe{}, a);
}

}  // namespace lockstep::gui
