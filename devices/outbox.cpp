#include "devices/outbox.hpp"

#include <algorithm>
#include <array>
#include <variant>

namespace lockstep::devices {
namespace {

constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

// Publicly listed email-to-SMS gateways of the carriers in core/contact.cpp's
// dropdowns (carrier help pages and the long-standing public gateway lists).
// Carriers not listed here use the documented fallback.
constexpr std::array kGateways = {
    SmsGateway{"US", "Verizon", "vtext.com"},
    SmsGateway{"US", "AT&T", "txt.att.net"},
    SmsGateway{"US", "T-Mobile", "tmomail.net"},
    SmsGateway{"US", "US Cellular", "email.uscc.net"},
    SmsGateway{"US", "Cricket", "sms.cricketwireless.net"},
    SmsGateway{"US", "Boost Mobile", "sms.myboostmobile.com"},
    SmsGateway{"US", "Metro by T-Mobile", "mymetropcs.com"},
    SmsGateway{"CA", "Bell", "txt.bell.ca"},
    SmsGateway{"CA", "Rogers", "pcs.rogers.com"},
    SmsGateway{"CA", "Telus", "msg.telus.com"},
    SmsGateway{"CA", "Fido", "fido.ca"},
    SmsGateway{"CA", "Koodo", "msg.koodomobile.com"},
    SmsGateway{"CA", "Virgin Plus", "vmobile.ca"},
    SmsGateway{"CA", "Freedom Mobile", "txt.freedommobile.ca"},
    SmsGateway{"MX", "Telcel", "itelcel.com"},
    SmsGateway{"PR", "Claro", "vtexto.com"},
    SmsGateway{"PR", "T-Mobile", "tmomail.net"},
};

struct CallingCode {
  std::string_view country;
  std::string_view code;
};

constexpr std::array kCallingCodes = {
    CallingCode{"US", "1"},  CallingCode{"CA", "1"},  CallingCode{"PR", "1"},
    CallingCode{"MX", "52"}, CallingCode{"GB", "44"}, CallingCode{"AU", "61"},
    CallingCode{"JP", "81"},
};

constexpr std::string_view kSignOff = "This is an automated message from your security system.";

// Appends `text` with & < > " ' escaped: runs of plain characters are copied
// in one append (no temporary string per call or per character).
void append_html_escaped(std::string& out, std::string_view text) {
  std::size_t plain = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text.substr(plain, i - plain));
    out.append(entity);
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

std::string html_document(const MessageText& m) {
  std::string out;
  out.reserve(256 + 2 * m.subject.size() + m.text.size());
  out += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>";
  append_html_escaped(out, m.subject);
  out += "</title></head>\n<body><h1>";
  append_html_escaped(out, m.subject);
  out += "</h1>\n<p>";
  append_html_escaped(out, m.text);
  out += "</p>\n<p><small>";
  out += kSignOff;
  out += "</small></p></body></html>\n";
  return out;
}

}  // namespace

std::string_view to_string(Notification::Kind kind) {
  switch (kind) {
    case Notification::Kind::code_changed:
      return "code_changed";
    case Notification::Kind::code_active:
      return "code_active";
    case Notification::Kind::code_disarmed:
      return "code_disarmed";
    case Notification::Kind::duress_used:
      return "duress_used";
    case Notification::Kind::share_user_code:
      return "share_user_code";
  }
  return "unknown";
}

std::string_view to_string(Notification::Via via) {
  return via == Notification::Via::sms ? "sms" : "email";
}

// ---- the outbox --------------------------------------------------------------

struct Outbox::Posted {
  std::shared_ptr<const MessageSpec> message;  // never null
  std::uint32_t contact = 0;                   // in contacts_
  sim::Time at;
};

Outbox::Outbox(std::size_t capacity) : capacity_(capacity) {}
Outbox::~Outbox() = default;

void Outbox::make_room() {
  if (sent_.size() + posted_.size() < capacity_) return;
  render_posted();
  sent_.erase(sent_.begin());
}

std::uint32_t Outbox::contact_index(const core::Contact& contact) {
  const auto it = std::find(contacts_.begin(), contacts_.end(), contact);
  if (it != contacts_.end()) return static_cast<std::uint32_t>(it - contacts_.begin());
  contacts_.push_back(contact);
  return static_cast<std::uint32_t>(contacts_.size() - 1);
}

void Outbox::send(Notification notification) {
  ++total_;
  if (capacity_ == 0) return;
  render_posted();  // keeps the order: everything posted before is older
  make_room();
  sent_.push_back(std::move(notification));
}

bool Outbox::post(const MessageSpec& message, const core::Contact& contact, sim::Time at) {
  if (!deliverable(contact)) return false;
  ++total_;
  if (capacity_ == 0) return true;
  keep(std::make_shared<const MessageSpec>(message), contact_index(contact), at);
  return true;
}

std::optional<std::uint32_t> Outbox::recipient(const core::Contact& contact) {
  if (!deliverable(contact)) return std::nullopt;
  return contact_index(contact);
}

void Outbox::post(std::shared_ptr<const MessageSpec> message, std::uint32_t recipient,
                  sim::Time at) {
  ++total_;
  if (capacity_ == 0) return;
  keep(std::move(message), recipient, at);
}

void Outbox::keep(std::shared_ptr<const MessageSpec> message, std::uint32_t contact, sim::Time at) {
  if (sent_.empty() && posted_.size() == capacity_) {
    // Full of posted ones: the newest takes the oldest's place.
    Posted& oldest = posted_[posted_head_];
    oldest.message = std::move(message);
    oldest.contact = contact;
    oldest.at = at;
    posted_head_ = (posted_head_ + 1) % posted_.size();
    return;
  }
  make_room();
  posted_.push_back(Posted{std::move(message), contact, at});
}

void Outbox::render_posted() const {
  for (std::size_t i = 0; i < posted_.size(); ++i) {
    const Posted& p = posted_[(posted_head_ + i) % posted_.size()];
    sent_.push_back(*render(p.message->text(), contacts_[p.contact], p.at));
  }
  posted_.clear();
  posted_head_ = 0;
}

const std::vector<Notification>& Outbox::sent() const {
  render_posted();
  return sent_;
}

void Outbox::clear() {
  sent_.clear();
  posted_.clear();
  posted_head_ = 0;
}

// ---- texts -----------------------------------------------------------------

namespace {
MessageSpec spec(Notification::Kind kind, std::string user, std::string system,
                 std::string partition = {}, std::optional<core::AccessCode> code = {}) {
  return MessageSpec{kind, std::move(user), std::move(system), std::move(partition),
                     std::move(code)};
}
}  // namespace

MessageSpec MessageSpec::code_changed(std::string user_name, std::string system_name) {
  return spec(Notification::Kind::code_changed, std::move(user_name), std::move(system_name));
}
MessageSpec MessageSpec::code_active(std::string user_name, std::string system_name) {
  return spec(Notification::Kind::code_active, std::move(user_name), std::move(system_name));
}
MessageSpec MessageSpec::code_disarmed(std::string user_name, std::string system_name,
                                       std::string partition_name) {
  return spec(Notification::Kind::code_disarmed, std::move(user_name), std::move(system_name),
              std::move(partition_name));
}
MessageSpec MessageSpec::duress_used(std::string user_name, std::string system_name,
                                     std::string partition_name) {
  return spec(Notification::Kind::duress_used, std::move(user_name), std::move(system_name),
              std::move(partition_name));
}
MessageSpec MessageSpec::share_user_code(std::string user_name, std::string system_name,
                                         core::AccessCode code) {
  return spec(Notification::Kind::share_user_code, std::move(user_name), std::move(system_name), {},
              std::move(code));
}

MessageText MessageSpec::text() const {
  switch (kind) {
    case Notification::Kind::code_changed:
      return code_changed_message(user_name, system_name);
    case Notification::Kind::code_active:
      return code_active_message(user_name, system_name);
    case Notification::Kind::code_disarmed:
      return code_disarmed_message(user_name, system_name, partition_name);
    case Notification::Kind::duress_used:
      return duress_used_message(user_name, system_name, partition_name);
    case Notification::Kind::share_user_code:
      break;
  }
  return share_user_code_message(user_name, system_name, code ? *code : core::AccessCode());
}

MessageText code_changed_message(std::string_view user_name, std::string_view system_name) {
  MessageText m;
  m.kind = Notification::Kind::code_changed;
  m.subject = "User code changed";
  m.text = "A user code was changed for " + std::string(user_name) + " at " +
           std::string(system_name) +
           ". If you did not expect this change, contact your service provider.";
  m.short_text =
      fit_sms("User code changed: " + std::string(user_name) + " at " + std::string(system_name));
  return m;
}

MessageText code_active_message(std::string_view user_name, std::string_view system_name) {
  MessageText m;
  m.kind = Notification::Kind::code_active;
  m.subject = "Your user code is active";
  m.text = "Hello " + std::string(user_name) + ", your user code at " + std::string(system_name) +
           " is now active at the panel.";
  m.short_text = fit_sms("Your user code at " + std::string(system_name) + " is now active.");
  return m;
}

MessageText code_disarmed_message(std::string_view user_name, std::string_view system_name,
                                  std::string_view partition_name) {
  MessageText m;
  m.kind = Notification::Kind::code_disarmed;
  m.subject = "System disarmed";
  m.text = std::string(user_name) + "'s user code disarmed " + std::string(partition_name) +
           " at " + std::string(system_name) + ".";
  m.short_text = fit_sms(std::string(system_name) + ": " + std::string(partition_name) +
                         " disarmed by " + std::string(user_name));
  return m;
}

MessageText duress_used_message(std::string_view user_name, std::string_view system_name,
                                std::string_view partition_name) {
  MessageText m;
  m.kind = Notification::Kind::duress_used;
  m.subject = "Duress code used";
  std::string where(system_name);
  if (!partition_name.empty()) where += " (" + std::string(partition_name) + ")";
  m.text = "A duress code was used at " + where + ". A silent alarm was sent.";
  if (!user_name.empty()) m.text += " Code of: " + std::string(user_name) + ".";
  m.short_text = fit_sms("DURESS code used at " + where);
  return m;
}

MessageText share_user_code_message(std::string_view user_name, std::string_view system_name,
                                    const core::AccessCode& code) {
  MessageText m;
  m.kind = Notification::Kind::share_user_code;
  m.subject = "Your user code";
  // The one place a notification reveals a code: to its owner, on request.
  m.text = "Hello " + std::string(user_name) + ", your user code at " + std::string(system_name) +
           " is " + code.reveal() + ". Keep it private.";
  m.short_text = fit_sms(std::string(system_name) + " user code: " + code.reveal());
  m.carries_code = true;
  return m;
}

// ---- gateways --------------------------------------------------------------

std::span<const SmsGateway> sms_gateways() {
  return kGateways;
}

const SmsGateway* find_sms_gateway(std::string_view country, std::string_view carrier) {
  const auto* it = std::find_if(kGateways.begin(), kGateways.end(), [&](const SmsGateway& g) {
    return iequals(g.country, country) && iequals(g.carrier, carrier);
  });
  return it == kGateways.end() ? nullptr : &*it;
}

std::string carrier_slug(std::string_view carrier) {
  std::string out;
  bool dash = false;
  for (char c : carrier) {
    const char l = to_lower(c);
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += l;
    } else {
      dash = true;
    }
  }
  return out.empty() ? std::string("carrier") : out;
}

std::string national_number(const core::MobileContact& mobile) {
  std::string_view digits = mobile.e164;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const auto* cc =
      std::find_if(kCallingCodes.begin(), kCallingCodes.end(),
                   [&](const CallingCode& c) { return iequals(c.country, mobile.country); });
  if (cc != kCallingCodes.end() && digits.starts_with(cc->code)) {
    digits.remove_prefix(cc->code.size());
  }
  return std::string(digits);
}

std::string sms_gateway_address(const core::MobileContact& mobile) {
  const std::string number = national_number(mobile);
  if (const SmsGateway* g = find_sms_gateway(mobile.country, mobile.carrier)) {
    return number + "@" + std::string(g->domain);
  }
  return number + "@sms." + carrier_slug(mobile.carrier) + ".example";
}

std::string fit_sms(std::string_view text) {
  if (text.size() <= kSmsMaxBytes) return std::string(text);
  constexpr std::string_view kEllipsis = "...";
  std::size_t cut = kSmsMaxBytes - kEllipsis.size();
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
    --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_html_escaped(out, text);
  return out;
}

// ---- rendering -------------------------------------------------------------

Notification render_sms(const MessageText& message, const core::MobileContact& mobile,
                        sim::Time at) {
  Notification n;
  n.at = at;
  n.kind = message.kind;
  n.via = Notification::Via::sms;
  n.to = sms_gateway_address(mobile);
  n.carrier = mobile.carrier;
  n.body = fit_sms(message.text.size() <= kSmsMaxBytes ? message.text : message.short_text);
  n.carries_code = message.carries_code;
  return n;
}

Notification render_email(const MessageText& message, std::string_view address,
                          core::EmailFormat format, sim::Time at) {
  Notification n;
  n.at = at;
  n.kind = message.kind;
  n.via = Notification::Via::email;
  n.to = std::string(address);
  n.format = format;
  n.subject = message.subject;
  switch (format) {
    case core::EmailFormat::html:
      n.body = html_document(message);
      break;
    case core::EmailFormat::plain_text:
      n.body = message.text + "\n\n" + std::string(kSignOff) + "\n";
      break;
    case core::EmailFormat::short_text:
      n.body = message.short_text;
      break;
  }
  n.carries_code = message.carries_code;
  return n;
}

bool deliverable(const core::Contact& contact) {
  if (const auto* mobile = std::get_if<core::MobileContact>(&contact)) {
    const core::Country* country = core::find_country(mobile->country);
    return country != nullptr && country->sms_supported;
  }
  return true;
}

std::optional<Notification> render(const MessageText& message, const core::Contact& contact,
                                   sim::Time at) {
  if (!deliverable(contact)) return std::nullopt;
  if (const auto* mobile = std::get_if<core::MobileContact>(&contact)) {
    return render_sms(message, *mobile, at);
  }
  const auto& email = std::get<core::EmailContact>(contact);
  return render_email(message, email.address, email.format, at);
}

}  // namespace lockstep::devices
