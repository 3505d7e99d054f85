// ClientSession: the help article's flows as a person performs them on the
// website or in the app, one step per method, on top of the Cloud's service
// API. Each method is named after the article's words:
//
//   website: log_in -> open_users ("Click Users") -> add_new_user ("Click Add
//            New User") -> enter_name -> create ("Click Create") ->
//            enter_access_code / generate_code -> toggle (one per partition and
//            lock) -> save ("Click Save") -> add_contact ("+ Add Contact") ->
//            choose_mobile_number | choose_email_address -> enter_mobile |
//            enter_email -> save_contact ("Click Save")
//   app:     log_in -> tap_menu ("Tap Menu") -> open_users ("Tap Users") ->
//            add_new_user ("Tap Add") -> the same steps
//
// Pages (the state machine):
//
//   logged_out --log_in--> home
//   home --tap_menu (app)--> menu            any page --tap_menu (app)--> menu
//   website: any page but logged_out --open_users--> users
//   app:     menu --open_users--> users
//   users --add_new_user--> new_user_name --create ok--> user_code_form
//   users --open_user(name)--> user_code_form
//   user_code_form --add_contact--> contact_choice
//   contact_choice --choose_mobile_number--> mobile_form
//   contact_choice --choose_email_address--> email_form
//   mobile_form | email_form --save_contact ok--> user_code_form
//   any page but logged_out --log_out--> logged_out
//   enter_name, enter_access_code, generate_code, toggle, save, enter_mobile and
//   enter_email stay on their page; a refused create / save / save_contact
//   stays on its page with the problem.
//
// Choices:
// - A step taken from the wrong page changes nothing and returns ok = false,
//   no Problem (it is not a refusal of the core's), and a message naming the
//   step and the page, e.g. "\"Add New User\" is not on the Home page; open
//   Users first." Steps that are not part of a channel ("Menu" on the website)
//   say so.
// - A refusal of the cloud or the core comes back as its first Problem, and
//   message = Problem::message(). A system_armed refusal adds the article's
//   advice: "Verify the security system is disarmed before attempting to edit
//   a user code remotely."
// - After a successful Save the notice is the article's sentence "Allow a few
//   minutes for the new user code to be active at the panel." (notice()).
// - The toggles start as the user's saved grants (all off for a new user);
//   toggle() names a partition or a lock; an unknown name is refused with
//   lock_unknown (subject: the name), since the article calls them devices.
// - The Access Code field starts empty; Save sends the code only when one was
//   entered or generated (else the user's code stays as it is).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/access_code.hpp"
#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "devices/cloud.hpp"

namespace lockstep::devices {

struct StepResult {
  bool ok = true;
  std::optional<core::Problem> problem;  // a refusal by the cloud or the core
  std::string message;                   // for a person; never contains a code
};

// The article's exact words.
inline constexpr std::string_view kAllowAFewMinutes =
    "Allow a few minutes for the new user code to be active at the panel.";
inline constexpr std::string_view kDisarmFirst =
    "Verify the security system is disarmed before attempting to edit a user code remotely.";

class ClientSession {
 public:
  enum class Page : std::uint8_t {
    logged_out,
    home,
    menu,
    users,
    new_user_name,
    user_code_form,
    contact_choice,
    mobile_form,
    email_form,
  };

  // channel: website or app (api has no pages; use Cloud directly).
  ClientSession(Cloud& cloud, Channel channel);

  StepResult log_in(std::string_view email, std::string_view password);
  StepResult log_out();
  StepResult tap_menu();                                // app only: "Tap Menu"
  StepResult open_users();                              // "Click Users" / "Tap Users"
  StepResult add_new_user();                            // "Click Add New User" / "Tap Add"
  StepResult open_user(std::string_view display_name);  // an existing user's page
  StepResult enter_name(std::string_view first, std::string_view last);
  StepResult create();  // "Click Create" / "Tap Create"
  StepResult enter_access_code(std::string_view code);
  StepResult generate_code();                           // "Generate Code"
  StepResult toggle(std::string_view device, bool on);  // a partition or a lock, by name
  StepResult save();                                    // "Click Save" on the Access Code form
  StepResult add_contact();                             // "+ Add Contact"
  StepResult choose_mobile_number();                    // "Mobile Number"
  StepResult choose_email_address();                    // "Email Address"
  StepResult enter_mobile(std::string_view number, std::string_view country,
                          std::string_view carrier);
  StepResult enter_email(std::string_view address, std::string_view format);
  StepResult save_contact();  // "Click Save" on a contact form

  Page page() const { return page_; }
  Channel channel() const { return channel_; }
  const std::optional<Session>& session() const { return session_; }
  std::optional<core::UserId> current_user() const { return user_; }
  const core::Grants& toggles() const { return grants_; }
  bool has_entered_code() const { return code_.has_value(); }
  // What the Access Code field shows (a person typed or generated it).
  const std::optional<core::AccessCode>& access_code_field() const { return code_; }
  const std::string& notice() const { return notice_; }
  std::optional<EditId> last_edit() const { return last_edit_; }

 private:
  StepResult wrong_page(std::string_view step, std::string_view needed) const;
  StepResult refused(const core::Problem& problem);
  std::string step_name(std::string_view website, std::string_view app) const;
  void open_form(core::UserId user);

  Cloud& cloud_;
  Channel channel_;
  Page page_ = Page::logged_out;
  std::optional<Session> session_;
  std::optional<core::UserId> user_;
  std::string first_, last_;
  std::optional<core::AccessCode> code_;
  core::Grants grants_;
  core::MobileInput mobile_;
  core::EmailInput email_;
  std::string notice_;
  std::optional<EditId> last_edit_;
};

std::string_view to_string(ClientSession::Page page);  // "user_code_form"
std::string_view label(ClientSession::Page page);      // "Access Code"

}  // namespace lockstep::devices
