// The notification outbox: what the cloud tells people, rendered for each
// contact (a text message through the carrier's email-to-SMS gateway, or an
// email in the contact's chosen format).
//
// Choices made here:
// - A message is first written once as MessageText (a subject, a full text and
//   a one-line short text), then fitted to each contact with render():
//     SMS         -> `to` = "<national number>@<carrier gateway>", no subject,
//                    body = the full text when it fits in 160 bytes, else the
//                    short text (cut to 160 bytes at a UTF-8 boundary, "...").
//                    160 counts bytes, which is never more than GSM-7's 160
//                    characters for the ASCII texts written here.
//     email html  -> a small HTML document (names are HTML-escaped).
//     email plain -> the text, a blank line and a sign-off.
//     email short -> the short text alone, one line.
// - Gateways: a table per (country, carrier) of the carriers the Carrier
//   dropdown lists (core/contact.cpp). A carrier without a publicly known
//   gateway gets the documented fallback "<number>@sms.<carrier-slug>.example"
//   (slug: lower-case letters and digits, every other run of characters one
//   '-'; "AT&T Mexico" -> "at-t-mexico"). The .example top-level domain is
//   reserved, so a fallback address can never reach a real mailbox.
// - The national number is the E.164 number without '+' and the country's
//   calling code ("+14155552671" -> "4155552671").
// - SMS goes only to countries whose core::Country::sms_supported is true:
//   render() returns nothing for the others.
// - Only Share User Code carries a code (carries_code = true), and the cloud
//   sends it only to the user's own contacts. Every other text names the user
//   and the system, never a code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/contact.hpp"
#include "sim/time.hpp"

namespace lockstep::devices {

struct Notification {
  sim::Time at;
  enum class Kind : std::uint8_t {
    code_changed,     // to the account owner, on every user-code change
    code_active,      // to the user's contacts: the new code works at the panel
    code_disarmed,    // to the account owner: a user's code disarmed a partition
    duress_used,      // to the account owner: a duress code was used
    share_user_code,  // to the user's own contacts: carries the code
  } kind = Kind::code_changed;
  enum class Via : std::uint8_t { sms, email } via = Via::email;
  // SMS: the carrier's email-to-SMS gateway address, e.g. 4155552671@vtext.com;
  // email: the address.
  std::string to;
  std::string carrier;                                 // SMS only
  core::EmailFormat format = core::EmailFormat::html;  // email only
  std::string subject;                                 // empty for SMS
  std::string body;
  bool carries_code = false;
};

std::string_view to_string(Notification::Kind kind);  // "code_changed"
std::string_view to_string(Notification::Via via);    // "sms", "email"

struct MessageSpec;

// Where notifications go. The simulator keeps them (sent()); a test may
// derive from it to observe or mock send() (post() does not call send()).
//
// post() keeps a message for one contact unwritten (its kind and the names it
// needs, a few small strings); its text is written and fitted to the contact
// by render() only when sent() is next read, giving exactly what send(render
// (...)) would have kept. A fleet of sites nobody reads pays for a few small
// strings per notification, not for an HTML document — or, for a message the
// caller keeps and posts again and again (shared_ptr), for a reference.
//
// `capacity` bounds what sent() keeps: the latest `capacity` notifications,
// oldest dropped first (0 keeps none). The default keeps everything, which a
// scenario or the GUI wants; a fleet of thousands of sites running for days
// keeps a few, as a real mail queue forgets what it delivered. total() counts
// every notification ever sent either way.
class Outbox {
 public:
  static constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);

  explicit Outbox(std::size_t capacity = kUnbounded);
  virtual ~Outbox();
  virtual void send(Notification notification);
  // False, and nothing kept or counted, when render() gives nothing for the
  // contact (SMS to a country without it).
  bool post(const MessageSpec& message, const core::Contact& contact, sim::Time at);
  // A contact's number for the post() below, the same contact always getting
  // the same number; nothing when render() gives nothing for it.
  std::optional<std::uint32_t> recipient(const core::Contact& contact);
  // post() of a message the caller keeps, to a recipient() number: the outbox
  // shares the message instead of copying it (a notice posted again and again,
  // as a site's "code disarmed" one, costs a reference, not a few strings).
  void post(std::shared_ptr<const MessageSpec> message, std::uint32_t recipient, sim::Time at);
  // Every kept notification, oldest first (posted ones rendered now).
  const std::vector<Notification>& sent() const;
  std::uint64_t total() const { return total_; }
  std::size_t capacity() const { return capacity_; }
  void clear();

 private:
  struct Posted;
  void make_room();
  void keep(std::shared_ptr<const MessageSpec> message, std::uint32_t contact, sim::Time at);
  void render_posted() const;
  std::uint32_t contact_index(const core::Contact& contact);

  mutable std::vector<Notification> sent_;
  // Newer than everything in sent_. Once the outbox is full of posted ones
  // it is a ring: the oldest is posted_[posted_head_].
  mutable std::vector<Posted> posted_;
  mutable std::size_t posted_head_ = 0;
  std::vector<core::Contact> contacts_;  // every contact posted to, once
  std::size_t capacity_ = kUnbounded;
  std::uint64_t total_ = 0;
};

// ---- what a message says ---------------------------------------------------

struct MessageText {
  Notification::Kind kind = Notification::Kind::code_changed;
  std::string subject;     // email subject
  std::string text;        // one or two sentences
  std::string short_text;  // one line, at most kSmsMaxBytes
  bool carries_code = false;
};

// "A user code was changed for Sam Chen at Home."
MessageText code_changed_message(std::string_view user_name, std::string_view system_name);
// "Your user code at Home is now active at the panel."
MessageText code_active_message(std::string_view user_name, std::string_view system_name);
// "Sam Chen's user code disarmed House at Home."
MessageText code_disarmed_message(std::string_view user_name, std::string_view system_name,
                                  std::string_view partition_name);
// "A duress code was used at Home (House). A silent alarm was sent."
// partition_name may be empty.
MessageText duress_used_message(std::string_view user_name, std::string_view system_name,
                                std::string_view partition_name);
// The one message that carries a code: "Your user code at Home is 4827."
MessageText share_user_code_message(std::string_view user_name, std::string_view system_name,
                                    const core::AccessCode& code);

// A message not written yet: its kind and what the function above for that
// kind takes. text() writes it.
struct MessageSpec {
  Notification::Kind kind = Notification::Kind::code_changed;
  std::string user_name;
  std::string system_name;
  std::string partition_name;            // code_disarmed, duress_used (may be empty)
  std::optional<core::AccessCode> code;  // share_user_code
  MessageText text() const;

  static MessageSpec code_changed(std::string user_name, std::string system_name);
  static MessageSpec code_active(std::string user_name, std::string system_name);
  static MessageSpec code_disarmed(std::string user_name, std::string system_name,
                                   std::string partition_name);
  static MessageSpec duress_used(std::string user_name, std::string system_name,
                                 std::string partition_name);
  static MessageSpec share_user_code(std::string user_name, std::string system_name,
                                     core::AccessCode code);
};

// ---- SMS gateways ----------------------------------------------------------

inline constexpr std::size_t kSmsMaxBytes = 160;

struct SmsGateway {
  std::string_view country;  // ISO code, "US"
  std::string_view carrier;  // as the Carrier dropdown spells it
  std::string_view domain;   // "vtext.com"
};

// The carriers with a known email-to-SMS gateway.
std::span<const SmsGateway> sms_gateways();
const SmsGateway* find_sms_gateway(std::string_view country, std::string_view carrier);
// "AT&T Mexico" -> "at-t-mexico".
std::string carrier_slug(std::string_view carrier);
// "+14155552671" (US) -> "4155552671".
std::string national_number(const core::MobileContact& mobile);
// "4155552671@vtext.com", or the fallback "<number>@sms.<slug>.example".
std::string sms_gateway_address(const core::MobileContact& mobile);

// At most kSmsMaxBytes bytes: the text, or its start and "..." cut at a UTF-8
// character boundary.
std::string fit_sms(std::string_view text);
std::string html_escape(std::string_view text);

// ---- rendering -------------------------------------------------------------

Notification render_sms(const MessageText& message, const core::MobileContact& mobile,
                        sim::Time at);
Notification render_email(const MessageText& message, std::string_view address,
                          core::EmailFormat format, sim::Time at);
// Whether render() gives a notification for this contact.
bool deliverable(const core::Contact& contact);
// The message for one contact; nothing for a mobile contact in a country
// without SMS (or an unknown country).
std::optional<Notification> render(const MessageText& message, const core::Contact& contact,
                                   sim::Time at);

}  // namespace lockstep::devices
