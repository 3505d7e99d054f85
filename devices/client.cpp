#include "devices/client.hpp"

#include <utility>

namespace lockstep::devices {

std::string_view to_string(ClientSession::Page page) {
  using Page = ClientSession::Page;
  switch (page) {
    case Page::logged_out:
      return "logged_out";
    case Page::home:
      return "home";
    case Page::menu:
      return "menu";
    case Page::users:
      return "users";
    case Page::new_user_name:
      return "new_user_name";
    case Page::user_code_form:
      return "user_code_form";
    case Page::contact_choice:
      return "contact_choice";
    case Page::mobile_form:
      return "mobile_form";
    case Page::email_form:
      return "email_form";
  }
  return "unknown";
}

std::string_view label(ClientSession::Page page) {
  using Page = ClientSession::Page;
  switch (page) {
    case Page::logged_out:
      return "Log In";
    case Page::home:
      return "Home";
    case Page::menu:
      return "Menu";
    case Page::users:
      return "Users";
    case Page::new_user_name:
      return "Add New User";
    case Page::user_code_form:
      return "Access Code";
    case Page::contact_choice:
      return "Add Contact";
    case Page::mobile_form:
      return "Mobile Number";
    case Page::email_form:
      return "Email Address";
  }
  return "unknown";
}

ClientSession::ClientSession(Cloud& cloud, Channel channel) : cloud_(cloud), channel_(channel) {}

std::string ClientSession::step_name(std::string_view website, std::string_view app) const {
  return std::string(channel_ == Channel::app ? app : website);
}

StepResult ClientSession::wrong_page(std::string_view step, std::string_view needed) const {
  return StepResult{false, std::nullopt,
                    "\"" + std::string(step) + "\" is not on the " + std::string(label(page_)) +
                        " page; " + std::string(needed) + "."};
}

StepResult ClientSession::refused(const core::Problem& problem) {
  StepResult r{false, problem, problem.message()};
  if (problem.id == core::ErrorId::system_armed) {
    r.message += " ";
    r.message += kDisarmFirst;
  }
  if (problem.id == core::ErrorId::session_invalid) {
    session_.reset();
    page_ = Page::logged_out;
  }
  return r;
}

void ClientSession::open_form(core::UserId user) {
  user_ = user;
  code_.reset();
  notice_.clear();
  const core::User* u = cloud_.directory().find(user);
  grants_ = u != nullptr ? u->grants : core::Grants::nothing(cloud_.directory().config());
  page_ = Page::user_code_form;
}

StepResult ClientSession::log_in(std::string_view email, std::string_view password) {
  if (page_ != Page::logged_out) return wrong_page("Log In", "you are already logged in");
  auto session = cloud_.log_in(email, password, channel_);
  if (!session) return refused(session.error());
  session_ = *session;
  page_ = Page::home;
  return {};
}

StepResult ClientSession::log_out() {
  if (page_ == Page::logged_out) return wrong_page("Log Out", "you are not logged in");
  const core::Verdict v = cloud_.log_out(*session_);
  session_.reset();
  user_.reset();
  page_ = Page::logged_out;
  if (!v.ok()) return refused(v.first_error());
  return {};
}

StepResult ClientSession::tap_menu() {
  if (channel_ != Channel::app) {
    return StepResult{false, std::nullopt, "The website has no Menu; click Users."};
  }
  if (page_ == Page::logged_out) return wrong_page("Tap Menu", "log into the app first");
  page_ = Page::menu;
  return {};
}

StepResult ClientSession::open_users() {
  const std::string step = step_name("Click Users", "Tap Users");
  if (page_ == Page::logged_out) return wrong_page(step, "log in first");
  if (channel_ == Channel::app && page_ != Page::menu) return wrong_page(step, "tap Menu first");
  page_ = Page::users;
  user_.reset();
  return {};
}

StepResult ClientSession::add_new_user() {
  const std::string step = step_name("Click Add New User", "Tap Add");
  if (page_ != Page::users) return wrong_page(step, "open Users first");
  first_.clear();
  last_.clear();
  page_ = Page::new_user_name;
  return {};
}

StepResult ClientSession::open_user(std::string_view display_name) {
  if (page_ != Page::users) return wrong_page("Open a user", "open Users first");
  for (const auto& u : cloud_.directory().users()) {
    if (u.display_name() == display_name) {
      open_form(u.id);
      return {};
    }
  }
  return refused(core::Problem{core::ErrorId::user_not_found, std::string(display_name)});
}

StepResult ClientSession::enter_name(std::string_view first, std::string_view last) {
  if (page_ != Page::new_user_name) {
    return wrong_page("Enter the first and last name", "add a new user first");
  }
  first_ = std::string(first);
  last_ = std::string(last);
  return {};
}

StepResult ClientSession::create() {
  const std::string step = step_name("Click Create", "Tap Create");
  if (page_ != Page::new_user_name) return wrong_page(step, "add a new user first");
  auto id = cloud_.create_user(*session_, first_, last_);
  if (!id) return refused(id.error());
  open_form(*id);
  return {};
}

StepResult ClientSession::enter_access_code(std::string_view code) {
  if (page_ != Page::user_code_form) return wrong_page("Access Code", "open a user first");
  code_ = core::AccessCode(std::string(code));
  return {};
}

StepResult ClientSession::generate_code() {
  if (page_ != Page::user_code_form) return wrong_page("Generate Code", "open a user first");
  auto code = cloud_.generate_code(*session_, *user_, grants_);
  if (!code) return refused(code.error());
  code_ = *code;
  return StepResult{true, std::nullopt, "A new code was generated."};
}

StepResult ClientSession::toggle(std::string_view device, bool on) {
  if (page_ != Page::user_code_form)
    return wrong_page("Toggle " + std::string(device), "open a user first");
  const auto& config = cloud_.directory().config();
  for (std::size_t p = 0; p < config.partitions.size(); ++p) {
    if (config.partitions[p].name == device) {
      grants_.partitions.set(p, on);
      return {};
    }
  }
  for (std::size_t l = 0; l < config.locks.size(); ++l) {
    if (config.locks[l].name == device) {
      grants_.locks.set(l, on);
      return {};
    }
  }
  return refused(core::Problem{core::ErrorId::lock_unknown, std::string(device)});
}

StepResult ClientSession::save() {
  const std::string step = step_name("Click Save", "Tap Save");
  if (page_ != Page::user_code_form) return wrong_page(step, "open a user first");
  notice_.clear();
  auto receipt = cloud_.save_user(*session_, *user_, core::CodeEdit{code_, grants_, {}, {}});
  if (!receipt) return refused(receipt.error());
  last_edit_ = receipt->edit;
  notice_ = std::string(kAllowAFewMinutes);
  StepResult r{true, std::nullopt, notice_};
  if (!receipt->warnings.empty()) r.message += " " + receipt->warnings.front().message();
  return r;
}

StepResult ClientSession::add_contact() {
  if (page_ != Page::user_code_form) return wrong_page("+ Add Contact", "open a user first");
  mobile_ = {};
  email_ = {};
  page_ = Page::contact_choice;
  return {};
}

StepResult ClientSession::choose_mobile_number() {
  if (page_ != Page::contact_choice)
    return wrong_page("Mobile Number", "click + Add Contact first");
  page_ = Page::mobile_form;
  return {};
}

StepResult ClientSession::choose_email_address() {
  if (page_ != Page::contact_choice)
    return wrong_page("Email Address", "click + Add Contact first");
  page_ = Page::email_form;
  return {};
}

StepResult ClientSession::enter_mobile(std::string_view number, std::string_view country,
                                       std::string_view carrier) {
  if (page_ != Page::mobile_form) return wrong_page("Mobile number", "choose Mobile Number first");
  mobile_ = core::MobileInput{std::string(number), std::string(country), std::string(carrier)};
  return {};
}

StepResult ClientSession::enter_email(std::string_view address, std::string_view format) {
  if (page_ != Page::email_form) return wrong_page("Email address", "choose Email Address first");
  email_ = core::EmailInput{std::string(address), std::string(format)};
  return {};
}

StepResult ClientSession::save_contact() {
  const std::string step = step_name("Click Save", "Tap Save");
  if (page_ != Page::mobile_form && page_ != Page::email_form) {
    return wrong_page(step, "choose Mobile Number or Email Address first");
  }
  auto index = page_ == Page::mobile_form ? cloud_.add_contact(*session_, *user_, mobile_)
                                          : cloud_.add_contact(*session_, *user_, email_);
  if (!index) return refused(index.error());
  page_ = Page::user_code_form;
  return StepResult{true, std::nullopt, "The contact was saved."};
}

}  // namespace lockstep::devices
