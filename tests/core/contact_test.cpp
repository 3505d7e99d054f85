#include "core/contact.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lockstep::core {
namespace {

using ::testing::ElementsAreArray;

std::vector<ErrorId> ids_of(const Verdict& verdict) {
  std::vector<ErrorId> out;
  for (const auto& p : verdict.problems())
    out.push_back(p.id);
  return out;
}

// ---------------------------------------------------------------------------
// Email formats

struct FormatCase {
  std::string text;
  std::optional<EmailFormat> expected;
};

void PrintTo(const FormatCase& c, std::ostream* os) {
  *os << '"' << c.text << '"';
}

class EmailFormatParsing : public ::testing::TestWithParam<FormatCase> {};

TEST_P(EmailFormatParsing, AcceptsEitherSpellingInAnyCaseAndNothingElse) {
  EXPECT_EQ(email_format_from_string(GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EmailFormatParsing,
    ::testing::Values(FormatCase{"html", EmailFormat::html}, FormatCase{"HTML", EmailFormat::html},
                      FormatCase{"Html", EmailFormat::html},
                      FormatCase{"plain_text", EmailFormat::plain_text},
                      FormatCase{"Plain Text", EmailFormat::plain_text},
                      FormatCase{"PLAIN TEXT", EmailFormat::plain_text},
                      FormatCase{"short_text", EmailFormat::short_text},
                      FormatCase{"Short Text", EmailFormat::short_text},
                      FormatCase{"  Short Text\t", EmailFormat::short_text},
                      FormatCase{"", std::nullopt}, FormatCase{"text", std::nullopt},
                      FormatCase{"plain-text", std::nullopt}, FormatCase{"PlainText", std::nullopt},
                      FormatCase{"rich_text", std::nullopt}, FormatCase{"html5", std::nullopt}));

TEST(EmailFormats, HaveTheStableNamesAndTheDropdownLabels) {
  EXPECT_EQ(to_string(EmailFormat::html), "html");
  EXPECT_EQ(to_string(EmailFormat::plain_text), "plain_text");
  EXPECT_EQ(to_string(EmailFormat::short_text), "short_text");
  EXPECT_EQ(label(EmailFormat::html), "HTML");
  EXPECT_EQ(label(EmailFormat::plain_text), "Plain Text");
  EXPECT_EQ(label(EmailFormat::short_text), "Short Text");
}

TEST(EmailFormats, ListEveryFormatOnceAndRoundTripBothSpellings) {
  const auto formats = all_email_formats();
  EXPECT_THAT(
      std::vector<EmailFormat>(formats.begin(), formats.end()),
      ElementsAreArray({EmailFormat::html, EmailFormat::plain_text, EmailFormat::short_text}));
  for (const EmailFormat f : formats) {
    EXPECT_EQ(email_format_from_string(to_string(f)), f);
    EXPECT_EQ(email_format_from_string(label(f)), f);
  }
}

// ---------------------------------------------------------------------------
// Countries and carriers

struct CountryExpectation {
  std::string code;
  std::string name;
  bool sms_supported;
  std::vector<std::string> carriers;  // at least these
};

void PrintTo(const CountryExpectation& c, std::ostream* os) {
  *os << c.code;
}

class CountryTable : public ::testing::TestWithParam<CountryExpectation> {};

TEST_P(CountryTable, ListsTheCountryWithItsCarriers) {
  const auto& want = GetParam();
  const Country* country = find_country(want.code);
  ASSERT_NE(country, nullptr);
  EXPECT_EQ(country->code, want.code);
  EXPECT_EQ(country->name, want.name);
  EXPECT_EQ(country->sms_supported, want.sms_supported);
  for (const auto& carrier : want.carriers) {
    EXPECT_NE(std::find(country->carriers.begin(), country->carriers.end(), carrier),
              country->carriers.end())
        << carrier;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CountryTable,
    ::testing::Values(
        CountryExpectation{"US",
                           "United States",
                           true,
                           {"Verizon", "AT&T", "T-Mobile", "US Cellular", "Cricket", "Boost Mobile",
                            "Metro by T-Mobile"}},
        CountryExpectation{
            "CA",
            "Canada",
            true,
            {"Bell", "Rogers", "Telus", "Fido", "Koodo", "Virgin Plus", "Freedom Mobile"}},
        CountryExpectation{"GB", "United Kingdom", true, {"EE", "O2", "Vodafone", "Three"}},
        CountryExpectation{"AU", "Australia", true, {"Telstra", "Optus", "Vodafone"}},
        CountryExpectation{"MX", "Mexico", true, {"Telcel", "AT&T Mexico", "Movistar"}},
        CountryExpectation{"PR", "Puerto Rico", true, {"Claro", "Liberty", "T-Mobile"}},
        CountryExpectation{"JP", "Japan", false, {"NTT Docomo", "SoftBank"}}));

TEST(Countries, HaveUniqueCodesAndNonEmptyCarrierListsWithUniqueNames) {
  std::set<std::string_view> codes;
  for (const Country& c : countries()) {
    EXPECT_TRUE(codes.insert(c.code).second) << c.code;
    EXPECT_EQ(c.code.size(), 2U) << c.code;
    EXPECT_FALSE(c.name.empty()) << c.code;
    EXPECT_FALSE(c.carriers.empty()) << c.code;
    std::set<std::string_view> names(c.carriers.begin(), c.carriers.end());
    EXPECT_EQ(names.size(), c.carriers.size()) << c.code;
  }
  EXPECT_GE(codes.size(), 7U);
}

TEST(Countries, StartWithTheUnitedStatesAndIncludeOneWithoutSms) {
  ASSERT_FALSE(countries().empty());
  EXPECT_EQ(countries().front().code, "US");
  EXPECT_TRUE(std::any_of(countries().begin(), countries().end(),
                          [](const Country& c) { return !c.sms_supported; }));
}

TEST(Countries, AreFoundCaseInsensitivelyAndUnknownCodesAreNot) {
  ASSERT_NE(find_country("gb"), nullptr);
  EXPECT_EQ(find_country("gb")->code, "GB");
  EXPECT_EQ(find_country("XX"), nullptr);
  EXPECT_EQ(find_country(""), nullptr);
  EXPECT_EQ(find_country("USA"), nullptr);
}

// ---------------------------------------------------------------------------
// Mobile numbers

struct MobileCase {
  std::string what;
  MobileInput input;
  std::string e164;              // expected when accepted
  std::string carrier;           // canonical carrier expected when accepted
  std::vector<ErrorId> refused;  // expected problems when refused, in order
};

void PrintTo(const MobileCase& c, std::ostream* os) {
  *os << c.what;
}

class MobileContactTable : public ::testing::TestWithParam<MobileCase> {};

TEST_P(MobileContactTable, IsNormalisedToE164OrRefusedWithEveryProblem) {
  const auto& c = GetParam();
  const auto result = make_mobile_contact(c.input);
  if (c.refused.empty()) {
    ASSERT_TRUE(result.ok()) << result.error().message();
    const auto* mobile = std::get_if<MobileContact>(&result.value());
    ASSERT_NE(mobile, nullptr);
    EXPECT_EQ(mobile->e164, c.e164);
    EXPECT_EQ(mobile->carrier, c.carrier);
    const Country* country = find_country(c.input.country);
    ASSERT_NE(country, nullptr);
    EXPECT_EQ(mobile->country, country->code);
  } else {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(ids_of(result.verdict()), c.refused);
  }
}

MobileCase accepted(std::string what, MobileInput in, std::string e164, std::string carrier) {
  return {std::move(what), std::move(in), std::move(e164), std::move(carrier), {}};
}
MobileCase refused(std::string what, MobileInput in, std::vector<ErrorId> ids) {
  return {std::move(what), std::move(in), {}, {}, std::move(ids)};
}

INSTANTIATE_TEST_SUITE_P(
    Accepted, MobileContactTable,
    ::testing::Values(
        accepted("us_dashes", {"201-555-0123", "US", "Verizon"}, "+12015550123", "Verizon"),
        accepted("us_parentheses", {"(415) 555-2671", "US", "AT&T"}, "+14155552671", "AT&T"),
        accepted("us_dots", {"415.555.2671", "US", "Cricket"}, "+14155552671", "Cricket"),
        accepted("us_trunk_prefix", {"1-415-555-2671", "US", "US Cellular"}, "+14155552671",
                 "US Cellular"),
        accepted("us_international", {"+1 415 555 2671", "US", "T-Mobile"}, "+14155552671",
                 "T-Mobile"),
        accepted("us_surrounding_spaces", {"  201 555 0123 ", "US", "Verizon"}, "+12015550123",
                 "Verizon"),
        accepted("country_code_lower_case", {"201-555-0123", "us", "Verizon"}, "+12015550123",
                 "Verizon"),
        accepted("gb_national", {"07400 123456", "GB", "EE"}, "+447400123456", "EE"),
        accepted("gb_dashes", {"07400-123-456", "GB", "Three"}, "+447400123456", "Three"),
        accepted("gb_international_plus", {"+44 7400 123456", "GB", "O2"}, "+447400123456", "O2"),
        accepted("gb_international_00", {"0044 7400 123456", "GB", "Vodafone"}, "+447400123456",
                 "Vodafone"),
        accepted("au_national", {"0412 345 678", "AU", "Telstra"}, "+61412345678", "Telstra"),
        accepted("au_international", {"+61 412 345 678", "AU", "Optus"}, "+61412345678", "Optus"),
        accepted("ca_national", {"416 555 0123", "CA", "Rogers"}, "+14165550123", "Rogers"),
        accepted("mx_national", {"55 1234 5678", "MX", "Telcel"}, "+525512345678", "Telcel"),
        accepted("mx_old_mobile_prefix", {"+52 1 55 1234 5678", "MX", "Movistar"}, "+525512345678",
                 "Movistar"),
        accepted("pr_national", {"787 234 5678", "PR", "Claro"}, "+17872345678", "Claro"),
        accepted("carrier_lower_case", {"201-555-0123", "US", "verizon"}, "+12015550123",
                 "Verizon"),
        accepted("carrier_upper_case", {"201-555-0123", "US", "METRO BY T-MOBILE"}, "+12015550123",
                 "Metro by T-Mobile"),
        accepted("carrier_mixed_case_and_spaces", {"07400 123456", "GB", "  o2 "}, "+447400123456",
                 "O2"),
        accepted("carrier_with_ampersand", {"201-555-0123", "US", "at&t"}, "+12015550123", "AT&T")),
    [](const auto& row) { return row.param.what; });

INSTANTIATE_TEST_SUITE_P(
    Refused, MobileContactTable,
    ::testing::Values(
        refused("country_not_in_list", {"201-555-0123", "ZZ", "Verizon"},
                {ErrorId::country_unknown}),
        refused("country_empty", {"201-555-0123", "", "Verizon"}, {ErrorId::country_unknown}),
        refused("country_unknown_hides_other_problems", {"abc", "DE", "Nope"},
                {ErrorId::country_unknown}),
        refused("country_without_sms", {"090-1234-5678", "JP", "NTT Docomo"},
                {ErrorId::sms_unsupported_in_country}),
        refused("gb_mobile_with_country_us", {"07400 123456", "US", "Verizon"},
                {ErrorId::phone_invalid_for_country}),
        refused("gb_international_with_country_us", {"+44 7400 123456", "US", "Verizon"},
                {ErrorId::phone_invalid_for_country}),
        refused("pr_number_with_country_us", {"787 234 5678", "US", "Verizon"},
                {ErrorId::phone_invalid_for_country}),
        refused("us_number_with_country_pr", {"201-555-0123", "PR", "Claro"},
                {ErrorId::phone_invalid_for_country}),
        refused("us_number_with_country_ca", {"201-555-0123", "CA", "Bell"},
                {ErrorId::phone_invalid_for_country}),
        refused("gb_landline", {"020 7946 0018", "GB", "EE"}, {ErrorId::phone_invalid_for_country}),
        refused("au_landline", {"02 9374 4000", "AU", "Telstra"},
                {ErrorId::phone_invalid_for_country}),
        refused("us_toll_free", {"800-555-0123", "US", "Verizon"},
                {ErrorId::phone_invalid_for_country}),
        refused("us_digits_read_as_gb_landline", {"201-555-0123", "GB", "EE"},
                {ErrorId::phone_invalid_for_country}),
        refused("one_digit_too_many", {"201-555-01234", "US", "Verizon"},
                {ErrorId::phone_invalid_for_country}),
        refused("too_short", {"12", "US", "Verizon"}, {ErrorId::phone_invalid_for_country}),
        refused("letters", {"abc", "US", "Verizon"}, {ErrorId::phone_invalid_for_country}),
        refused("number_empty", {"", "US", "Verizon"}, {ErrorId::phone_invalid_for_country}),
        refused("carrier_of_another_country", {"201-555-0123", "US", "Vodafone"},
                {ErrorId::carrier_unknown}),
        refused("carrier_empty", {"201-555-0123", "US", ""}, {ErrorId::carrier_unknown}),
        refused("carrier_misspelt", {"0412 345 678", "AU", "Telstar"}, {ErrorId::carrier_unknown}),
        refused("carrier_prefix_only", {"201-555-0123", "US", "Metro"}, {ErrorId::carrier_unknown}),
        refused("number_and_carrier_both_bad", {"abc", "US", "Nope"},
                {ErrorId::phone_invalid_for_country, ErrorId::carrier_unknown}),
        refused("landline_and_carrier_both_bad", {"020 7946 0018", "GB", "Verizon"},
                {ErrorId::phone_invalid_for_country, ErrorId::carrier_unknown})),
    [](const auto& row) { return row.param.what; });

TEST(MobileContact, RefusalsNameTheFormFieldTheyConcern) {
  EXPECT_EQ(field(ErrorId::country_unknown), "contact.country");
  EXPECT_EQ(field(ErrorId::sms_unsupported_in_country), "contact.country");
  EXPECT_EQ(field(ErrorId::phone_invalid_for_country), "contact.number");
  EXPECT_EQ(field(ErrorId::carrier_unknown), "contact.carrier");
}

TEST(MobileContact, EveryListedCarrierOfEverySmsCountryIsAccepted) {
  const std::vector<std::pair<std::string, std::string>> numbers = {
      {"US", "201-555-0123"}, {"CA", "416 555 0123"}, {"GB", "07400 123456"},
      {"AU", "0412 345 678"}, {"MX", "55 1234 5678"}, {"PR", "787 234 5678"}};
  for (const auto& [code, number] : numbers) {
    const Country* country = find_country(code);
    ASSERT_NE(country, nullptr) << code;
    for (const std::string_view carrier : country->carriers) {
      const auto result = make_mobile_contact({number, code, std::string(carrier)});
      ASSERT_TRUE(result.ok()) << code << " " << carrier;
      EXPECT_EQ(std::get<MobileContact>(result.value()).carrier, carrier);
    }
  }
}

TEST(MobileContact, EveryCountryInTheListIsKnown) {
  for (const Country& c : countries()) {
    const auto result = make_mobile_contact({"not a number", std::string(c.code), "nobody"});
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.verdict().has(ErrorId::country_unknown)) << c.code;
    EXPECT_EQ(result.verdict().has(ErrorId::sms_unsupported_in_country), !c.sms_supported)
        << c.code;
  }
}

// ---------------------------------------------------------------------------
// Email syntax

std::string repeat(char c, std::size_t n) {
  return std::string(n, c);
}

// "xxx@" + a domain of `domain_length` characters, built from 63-character
// labels and ending in ".com".
std::string address_of_length(std::size_t local_length, std::size_t total_length) {
  std::string out = repeat('x', local_length) + "@";
  std::size_t domain = total_length - out.size() - 4;  // 4 = ".com"
  std::string labels;
  while (domain > 0) {
    if (!labels.empty()) {
      labels += '.';
      --domain;
    }
    const std::size_t n = std::min<std::size_t>(63, domain);
    labels += repeat('d', n);
    domain -= n;
  }
  return out + labels + ".com";
}

struct EmailCase {
  std::string what;
  std::string address;
  bool valid;
};

void PrintTo(const EmailCase& c, std::ostream* os) {
  *os << c.what;
}

class EmailSyntax : public ::testing::TestWithParam<EmailCase> {};

TEST_P(EmailSyntax, IsJudgedByTheAddressRules) {
  EXPECT_EQ(is_valid_email(GetParam().address), GetParam().valid) << GetParam().address;
}

INSTANTIATE_TEST_SUITE_P(
    Table, EmailSyntax,
    ::testing::Values(
        EmailCase{"simple", "user@example.com", true},
        EmailCase{"dotted_local", "first.last@example.co.uk", true},
        EmailCase{"plus_tag", "user+alerts@example.com", true},
        EmailCase{"apostrophe", "o'brien@example.ie", true},
        EmailCase{"every_special", "!#$%&'*+/=?^_`{|}~-@example.com", true},
        EmailCase{"one_char_local", "a@example.com", true},
        EmailCase{"quoted_with_space", "\"john doe\"@example.com", true},
        EmailCase{"quoted_with_at", "\"a@b\"@example.com", true},
        EmailCase{"quoted_with_escaped_quote", "\"say \\\"hi\\\"\"@example.com", true},
        EmailCase{"quoted_with_double_dot", "\"a..b\"@example.com", true},
        EmailCase{"hyphen_inside_label", "user@mail-server.example.com", true},
        EmailCase{"digit_labels", "user@123.example.com", true},
        EmailCase{"tld_with_a_digit", "user@example.x1", true},
        EmailCase{"upper_case", "User@Example.COM", true},
        EmailCase{"local_64", repeat('l', 64) + "@example.com", true},
        EmailCase{"label_63", "user@" + repeat('d', 63) + ".com", true},
        EmailCase{"total_254", address_of_length(64, 254), true}, EmailCase{"empty", "", false},
        EmailCase{"no_at", "plainaddress", false}, EmailCase{"empty_local", "@example.com", false},
        EmailCase{"empty_domain", "user@", false}, EmailCase{"domain_without_dot", "a@b", false},
        EmailCase{"leading_dot", ".user@example.com", false},
        EmailCase{"trailing_dot", "user.@example.com", false},
        EmailCase{"double_dot", "us..er@example.com", false},
        EmailCase{"space_unquoted", "user name@example.com", false},
        EmailCase{"comma_unquoted", "a,b@example.com", false},
        EmailCase{"two_ats_unquoted", "user@@example.com", false},
        EmailCase{"at_in_unquoted_local", "a@b@example.com", false},
        EmailCase{"unterminated_quote", "\"user@example.com", false},
        EmailCase{"bare_quote_inside_quoted", "\"a\"b\"@example.com", false},
        EmailCase{"trailing_backslash_in_quoted", "\"ab\\\"@example.com", false},
        EmailCase{"quoted_then_text", "\"ab\"c@example.com", false},
        EmailCase{"label_starts_with_hyphen", "user@-example.com", false},
        EmailCase{"label_ends_with_hyphen", "user@example-.com", false},
        EmailCase{"empty_label", "user@example..com", false},
        EmailCase{"domain_leading_dot", "user@.example.com", false},
        EmailCase{"domain_trailing_dot", "user@example.com.", false},
        EmailCase{"numeric_tld", "user@example.123", false},
        EmailCase{"ip_literal", "user@[192.168.0.1]", false},
        EmailCase{"underscore_in_domain", "user@exa_mple.com", false},
        EmailCase{"non_ascii_local", "\xC3\xBCser@example.com", false},
        EmailCase{"surrounding_space_untrimmed", " user@example.com", false},
        EmailCase{"local_65", repeat('l', 65) + "@example.com", false},
        EmailCase{"label_64", "user@" + repeat('d', 64) + ".com", false},
        EmailCase{"total_255", address_of_length(64, 255), false}),
    [](const auto& row) { return row.param.what; });

TEST(EmailSyntax, BoundaryAddressesHaveTheLengthsTheirNamesSay) {
  EXPECT_EQ(address_of_length(64, 254).size(), 254U);
  EXPECT_EQ(address_of_length(64, 255).size(), 255U);
}

// ---------------------------------------------------------------------------
// Email contacts

TEST(EmailContact, IsTrimmedWithTheDomainLowerCasedAndTheLocalPartKept) {
  const auto result = make_email_contact({"  John.Doe@Example.COM \n", "Plain Text"});
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(std::get<EmailContact>(result.value()),
            (EmailContact{"John.Doe@example.com", EmailFormat::plain_text}));
}

TEST(EmailContact, KeepsAQuotedLocalPartHoldingAnAtSign) {
  const auto result = make_email_contact({"\"A@B\"@MAIL.Example.org", "short_text"});
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(std::get<EmailContact>(result.value()),
            (EmailContact{"\"A@B\"@mail.example.org", EmailFormat::short_text}));
}

TEST(EmailContact, AcceptsEitherFormatSpelling) {
  for (const EmailFormat f : all_email_formats()) {
    for (const std::string_view spelling : {to_string(f), label(f)}) {
      const auto result = make_email_contact({"user@example.com", std::string(spelling)});
      ASSERT_TRUE(result.ok()) << spelling;
      EXPECT_EQ(std::get<EmailContact>(result.value()).format, f) << spelling;
    }
  }
}

struct EmailRefusal {
  std::string what;
  EmailInput input;
  std::vector<ErrorId> ids;
};

void PrintTo(const EmailRefusal& c, std::ostream* os) {
  *os << c.what;
}

class EmailContactRefusal : public ::testing::TestWithParam<EmailRefusal> {};

TEST_P(EmailContactRefusal, ReportsEveryProblem) {
  const auto result = make_email_contact(GetParam().input);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ids_of(result.verdict()), GetParam().ids);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EmailContactRefusal,
    ::testing::Values(
        EmailRefusal{"bad_address", {"a@b", "html"}, {ErrorId::email_invalid}},
        EmailRefusal{"blank_address", {"   ", "HTML"}, {ErrorId::email_invalid}},
        EmailRefusal{
            "unknown_format", {"user@example.com", "rich"}, {ErrorId::email_format_unknown}},
        EmailRefusal{"empty_format", {"user@example.com", ""}, {ErrorId::email_format_unknown}},
        EmailRefusal{"both_bad",
                     {"user@@example.com", "pdf"},
                     {ErrorId::email_invalid, ErrorId::email_format_unknown}}),
    [](const auto& row) { return row.param.what; });

TEST(EmailContact, RefusalsNameTheFormFieldTheyConcern) {
  EXPECT_EQ(field(ErrorId::email_invalid), "contact.email");
  EXPECT_EQ(field(ErrorId::email_format_unknown), "contact.email_format");
}

}  // namespace
}  // namespace lockstep::core
