// User contacts: a mobile number (country, carrier) or an email address
// (format), as the article's "+ Add Contact" offers them.
//
// Mobile numbers are checked with libphonenumber for the chosen country: the
// number must be valid and able to receive texts (mobile, or fixed-line-or-
// mobile where a country's plan cannot tell them apart) and is stored in
// E.164. Carriers come from a per-country list, the one the dropdown shows.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.hpp"

namespace lockstep::core {

enum class EmailFormat : std::uint8_t { html, plain_text, short_text };

std::string_view to_string(EmailFormat format);  // "html", "plain_text", "short_text"
std::string_view label(EmailFormat format);      // "HTML", "Plain Text", "Short Text"
std::optional<EmailFormat> email_format_from_string(std::string_view text);  // either spelling
std::span<const EmailFormat> all_email_formats();

struct Country {
  std::string_view code;  // ISO 3166-1 alpha-2, "US"
  std::string_view name;  // "United States"
  bool sms_supported = true;
  std::span<const std::string_view> carriers;  // what the Carrier dropdown lists
};

// The countries of the Country dropdown, in display order.
std::span<const Country> countries();
const Country* find_country(std::string_view iso_code);

struct MobileContact {
  std::string e164;     // "+14155552671"
  std::string country;  // "US"
  std::string carrier;  // "Verizon"
  friend bool operator==(const MobileContact&, const MobileContact&) = default;
};

struct EmailContact {
  std::string address;  // as entered, trimmed; the domain lower-cased
  EmailFormat format = EmailFormat::html;
  friend bool operator==(const EmailContact&, const EmailContact&) = default;
};

using Contact = std::variant<MobileContact, EmailContact>;

// What a person typed into the Mobile Number form.
struct MobileInput {
  std::string number;   // national or international form, any punctuation
  std::string country;  // ISO code
  std::string carrier;  // a name from the country's list
};

// What a person typed into the Email Address form.
struct EmailInput {
  std::string address;
  std::string format;  // "html" / "HTML", ...
};

// country_unknown, phone_invalid_for_country, carrier_unknown,
// sms_unsupported_in_country; or the normalised contact.
Result<Contact> make_mobile_contact(const MobileInput& input);
// email_invalid, email_format_unknown; or the normalised contact.
Result<Contact> make_email_contact(const EmailInput& input);

// The syntax check behind make_email_contact: a dot-atom local part (or a
// quoted string) of at most 64 octets, '@', a domain of at least two labels,
// each 1-63 letters, digits or inner hyphens, the whole at most 254 octets.
bool is_valid_email(std::string_view address);

}  // namespace lockstep::core
