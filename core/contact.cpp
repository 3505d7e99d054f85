// Contacts: the "+ Add Contact" forms (Mobile Number, Email Address).
//
// Choices made here:
// - A mobile number is parsed by libphonenumber in the chosen country. It must
//   be valid *for that country* (a UK mobile entered with Country = US is
//   refused) and able to receive texts: MOBILE, or FIXED_LINE_OR_MOBILE where
//   the numbering plan cannot tell the two apart (all of NANP: US, CA, PR; MX).
//   Toll-free, premium, landline and other types are refused. It is stored in
//   E.164.
// - The product sends texts only where its SMS gateway delivers. Countries the
//   dropdown lists without that (Japan here) are refused with
//   sms_unsupported_in_country alone: the number and carrier are moot, and the
//   person is pointed to an email address instead.
// - An unknown country is reported alone too: without a country neither the
//   number nor the carrier can be judged.
// - Otherwise every problem is reported: a bad number and a bad carrier both.
// - Country codes and carriers match case-insensitively (ASCII) after
//   trimming; the canonical spelling from the table is stored.
// - Email addresses get a real syntax check (see is_valid_email); the address
//   is trimmed and its domain lower-cased, the local part kept as typed. An
//   unknown format is reported next to an invalid address.
#include "core/contact.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#pragma GCC diagnostic pop

namespace lockstep::core {
namespace {

// ---------------------------------------------------------------------------
// Text helpers (ASCII only: every name compared here is ASCII).

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

// ---------------------------------------------------------------------------
// Email formats.

struct FormatText {
  EmailFormat format;
  std::string_view name;
  std::string_view label;
};

constexpr std::array kFormats = {
    FormatText{EmailFormat::html, "html", "HTML"},
    FormatText{EmailFormat::plain_text, "plain_text", "Plain Text"},
    FormatText{EmailFormat::short_text, "short_text", "Short Text"},
};

constexpr std::array kFormatList = {EmailFormat::html, EmailFormat::plain_text,
                                    EmailFormat::short_text};

const FormatText& format_row(EmailFormat format) {
  return kFormats[static_cast<std::size_t>(format)];
}

// ---------------------------------------------------------------------------
// The Country dropdown and, per country, the Carrier dropdown.

constexpr std::string_view kUsCarriers[] = {
    "Verizon", "AT&T", "T-Mobile", "US Cellular", "Cricket", "Boost Mobile", "Metro by T-Mobile",
};
constexpr std::string_view kCaCarriers[] = {
    "Bell", "Rogers", "Telus", "Fido", "Koodo", "Virgin Plus", "Freedom Mobile",
};
constexpr std::string_view kMxCarriers[] = {"Telcel", "AT&T Mexico", "Movistar"};
constexpr std::string_view kPrCarriers[] = {"Claro", "Liberty", "T-Mobile"};
constexpr std::string_view kGbCarriers[] = {"EE", "O2", "Vodafone", "Three"};
constexpr std::string_view kAuCarriers[] = {"Telstra", "Optus", "Vodafone"};
// Listed so the dropdown can show them, but the SMS gateway does not deliver
// to Japanese networks: sms_supported = false.
constexpr std::string_view kJpCarriers[] = {"NTT Docomo", "au (KDDI)", "SoftBank",
                                            "Rakuten Mobile"};

constexpr std::array kCountries = {
    Country{"US", "United States", true, kUsCarriers},
    Country{"CA", "Canada", true, kCaCarriers},
    Country{"MX", "Mexico", true, kMxCarriers},
    Country{"PR", "Puerto Rico", true, kPrCarriers},
    Country{"GB", "United Kingdom", true, kGbCarriers},
    Country{"AU", "Australia", true, kAuCarriers},
    Country{"JP", "Japan", false, kJpCarriers},
};

const std::string_view* find_carrier(const Country& country, std::string_view carrier) {
  const auto wanted = trim(carrier);
  const auto it = std::find_if(country.carriers.begin(), country.carriers.end(),
                               [&](std::string_view c) { return iequals(c, wanted); });
  return it == country.carriers.end() ? nullptr : &*it;
}

// Parses `number` in `region`; the E.164 form when it is a valid,
// text-capable number of that region.
std::optional<std::string> mobile_e164(std::string_view number, const std::string& region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  if (util.Parse(std::string(trim(number)), region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  if (!util.IsValidNumberForRegion(parsed, region)) return std::nullopt;
  const auto type = util.GetNumberType(parsed);
  if (type != PhoneNumberUtil::MOBILE && type != PhoneNumberUtil::FIXED_LINE_OR_MOBILE) {
    return std::nullopt;
  }
  std::string out;
  util.Format(parsed, PhoneNumberUtil::E164, &out);
  return out;
}

// ---------------------------------------------------------------------------
// Email syntax (RFC 5321/5322 subset; see the header).

constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxLabel = 63;

constexpr bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr bool is_atext(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-";
  return kSpecials.find(c) != std::string_view::npos;
}

// Printable ASCII, space included.
constexpr bool is_printable(char c) {
  return c >= 0x20 && c <= 0x7e;
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = '\0';
  for (char c : s) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!is_atext(c)) {
      return false;
    }
    prev = c;
  }
  return true;
}

// "..." with printable characters; '"' and '\' only as a quoted pair.
bool is_quoted_string(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  const auto inner = s.substr(1, s.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    const char c = inner[i];
    if (c == '\\') {
      if (i + 1 >= inner.size() || !is_printable(inner[i + 1])) return false;
      ++i;
    } else if (c == '"' || !is_printable(c)) {
      return false;
    }
  }
  return true;
}

bool is_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; });
}

bool is_domain(std::string_view domain) {
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    const auto dot = domain.find('.');
    const auto label = domain.substr(0, dot);
    if (!is_label(label)) return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  if (labels < 2) return false;
  return !std::all_of(last.begin(), last.end(), is_digit);
}

}  // namespace

// ---------------------------------------------------------------------------

std::string_view to_string(EmailFormat format) {
  return format_row(format).name;
}

std::string_view label(EmailFormat format) {
  return format_row(format).label;
}

std::optional<EmailFormat> email_format_from_string(std::string_view text) {
  const auto wanted = trim(text);
  for (const auto& row : kFormats) {
    if (iequals(wanted, row.name) || iequals(wanted, row.label)) return row.format;
  }
  return std::nullopt;
}

std::span<const EmailFormat> all_email_formats() {
  return kFormatList;
}

std::span<const Country> countries() {
  return kCountries;
}

const Country* find_country(std::string_view iso_code) {
  const auto wanted = trim(iso_code);
  const auto* it = std::find_if(kCountries.begin(), kCountries.end(),
                                [&](const Country& c) { return iequals(c.code, wanted); });
  return it == kCountries.end() ? nullptr : &*it;
}

Result<Contact> make_mobile_contact(const MobileInput& input) {
  const Country* country = find_country(input.country);
  if (country == nullptr) return Problem{ErrorId::country_unknown};
  if (!country->sms_supported) return Problem{ErrorId::sms_unsupported_in_country};

  Verdict refusal;
  const auto e164 = mobile_e164(input.number, std::string(country->code));
  if (!e164) refusal.add(Problem{ErrorId::phone_invalid_for_country});
  const std::string_view* carrier = find_carrier(*country, input.carrier);
  if (carrier == nullptr) refusal.add(Problem{ErrorId::carrier_unknown});
  if (!refusal.ok()) return refusal;

  return Contact{MobileContact{*e164, std::string(country->code), std::string(*carrier)}};
}

Result<Contact> make_email_contact(const EmailInput& input) {
  Verdict refusal;
  const auto address = trim(input.address);
  if (!is_valid_email(address)) refusal.add(Problem{ErrorId::email_invalid});
  const auto format = email_format_from_string(input.format);
  if (!format) refusal.add(Problem{ErrorId::email_format_unknown});
  if (!refusal.ok()) return refusal;

  std::string normalised(address);
  const auto domain = static_cast<std::ptrdiff_t>(normalised.rfind('@') + 1);
  std::transform(normalised.begin() + domain, normalised.end(), normalised.begin() + domain,
                 to_lower);
  return Contact{EmailContact{std::move(normalised), *format}};
}

bool is_valid_email(std::string_view address) {
  if (address.size() > kMaxAddress) return false;
  // A quoted local part may hold '@'; a domain never does.
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  const auto local = address.substr(0, at);
  const auto domain = address.substr(at + 1);
  if (local.empty() || local.size() > kMaxLocal) return false;
  if (!is_dot_atom(local) && !is_quoted_string(local)) return false;
  return is_domain(domain);
}

}  // namespace lockstep::core
