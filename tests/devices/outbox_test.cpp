#include "devices/outbox.hpp"

#include <string>

#include <gtest/gtest.h>

#include "core/contact.hpp"

namespace lockstep::devices {
namespace {

const sim::Time kAt = sim::Time::zero() + sim::Duration::s(5);

core::MobileContact mobile(std::string e164, std::string country, std::string carrier) {
  return core::MobileContact{std::move(e164), std::move(country), std::move(carrier)};
}

TEST(OutboxTest, KnownCarriersUseTheirEmailToSmsGateways) {
  EXPECT_EQ(sms_gateway_address(mobile("+14155552671", "US", "Verizon")), "4155552671@vtext.com");
  EXPECT_EQ(sms_gateway_address(mobile("+14155552671", "US", "AT&T")), "4155552671@txt.att.net");
  EXPECT_EQ(sms_gateway_address(mobile("+14155552671", "US", "T-Mobile")),
            "4155552671@tmomail.net");
  EXPECT_EQ(sms_gateway_address(mobile("+16135550123", "CA", "Rogers")),
            "6135550123@pcs.rogers.com");
  EXPECT_EQ(sms_gateway_address(mobile("+17875550123", "PR", "Claro")), "7875550123@vtexto.com");
}

TEST(OutboxTest, CarriersWithoutAKnownGatewayUseTheDocumentedFallback) {
  EXPECT_EQ(carrier_slug("AT&T Mexico"), "at-t-mexico");
  EXPECT_EQ(carrier_slug("Metro by T-Mobile"), "metro-by-t-mobile");
  EXPECT_EQ(sms_gateway_address(mobile("+447400123456", "GB", "EE")), "7400123456@sms.ee.example");
  EXPECT_EQ(sms_gateway_address(mobile("+5215512345678", "MX", "AT&T Mexico")),
            "15512345678@sms.at-t-mexico.example");
}

TEST(OutboxTest, EveryCarrierInTheDropdownsGetsAnAddress) {
  for (const auto& country : core::countries()) {
    for (auto carrier : country.carriers) {
      const std::string to = sms_gateway_address(
          mobile("+10000000000", std::string(country.code), std::string(carrier)));
      EXPECT_NE(to.find('@'), std::string::npos) << carrier;
      EXPECT_EQ(to.find(' '), std::string::npos) << carrier;
    }
  }
  for (const auto& g : sms_gateways()) {
    const core::Country* c = core::find_country(g.country);
    ASSERT_NE(c, nullptr) << g.country;
    EXPECT_NE(std::find(c->carriers.begin(), c->carriers.end(), g.carrier), c->carriers.end())
        << g.carrier;
  }
}

TEST(OutboxTest, SmsBodiesFitIn160Bytes) {
  const std::string long_name(150, 'x');
  const auto m = code_changed_message(long_name + " " + long_name, "Rivera Home");
  const Notification n = render_sms(m, mobile("+14155552671", "US", "Verizon"), kAt);
  EXPECT_EQ(n.via, Notification::Via::sms);
  EXPECT_LE(n.body.size(), kSmsMaxBytes);
  EXPECT_TRUE(n.subject.empty());
  EXPECT_EQ(n.at, kAt);

  const auto shortm = code_changed_message("Sam Chen", "Rivera Home");
  const Notification s = render_sms(shortm, mobile("+14155552671", "US", "Verizon"), kAt);
  EXPECT_EQ(s.body, shortm.text);
  EXPECT_NE(s.body.find("A user code was changed for Sam Chen at Rivera Home"), std::string::npos);
}

TEST(OutboxTest, FitSmsCutsAtACharacterBoundary) {
  std::string text;
  for (int i = 0; i < 100; ++i)
    text += "\xC3\xA9";  // é, two bytes
  const std::string fitted = fit_sms(text);
  EXPECT_LE(fitted.size(), kSmsMaxBytes);
  EXPECT_TRUE(fitted.ends_with("..."));
  const std::string head = fitted.substr(0, fitted.size() - 3);
  EXPECT_EQ(head.size() % 2, 0U);
}

TEST(OutboxTest, EmailIsRenderedInTheContactsFormat) {
  const auto m = code_active_message("Ada <Lovelace>", "Home");
  const Notification html = render_email(m, "ada@example.org", core::EmailFormat::html, kAt);
  EXPECT_EQ(html.via, Notification::Via::email);
  EXPECT_EQ(html.subject, "Your user code is active");
  EXPECT_TRUE(html.body.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.body.find("<html>"), std::string::npos);
  EXPECT_NE(html.body.find("Ada &lt;Lovelace&gt;"), std::string::npos);
  EXPECT_EQ(html.body.find("<Lovelace>"), std::string::npos);

  const Notification plain = render_email(m, "ada@example.org", core::EmailFormat::plain_text, kAt);
  EXPECT_EQ(plain.body.find('<' + std::string("html")), std::string::npos);
  EXPECT_TRUE(plain.body.starts_with(m.text));

  const Notification short_text =
      render_email(m, "ada@example.org", core::EmailFormat::short_text, kAt);
  EXPECT_EQ(short_text.body.find('\n'), std::string::npos);
  EXPECT_LE(short_text.body.size(), kSmsMaxBytes);
  EXPECT_EQ(short_text.format, core::EmailFormat::short_text);
}

TEST(OutboxTest, RenderPicksTheChannelAndSkipsCountriesWithoutSms) {
  const auto m = duress_used_message("Sam Chen", "Home", "House");
  auto email =
      render(m, core::Contact{core::EmailContact{"a@example.org", core::EmailFormat::html}}, kAt);
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->via, Notification::Via::email);
  auto sms = render(m, core::Contact{mobile("+14155552671", "US", "Cricket")}, kAt);
  ASSERT_TRUE(sms.has_value());
  EXPECT_EQ(sms->to, "4155552671@sms.cricketwireless.net");
  EXPECT_FALSE(render(m, core::Contact{mobile("+819012345678", "JP", "SoftBank")}, kAt));
}

TEST(OutboxTest, OnlyShareUserCodeCarriesTheCode) {
  const core::AccessCode code("4827");
  const auto share = share_user_code_message("Alex Rivera", "Home", code);
  EXPECT_TRUE(share.carries_code);
  EXPECT_NE(share.text.find("4827"), std::string::npos);
  EXPECT_NE(share.short_text.find("4827"), std::string::npos);
  for (auto m :
       {code_changed_message("Alex Rivera", "Home"), code_active_message("Alex Rivera", "Home"),
        code_disarmed_message("Alex Rivera", "Home", "House"),
        duress_used_message("Alex Rivera", "Home", "House")}) {
    EXPECT_FALSE(m.carries_code);
    EXPECT_LE(m.short_text.size(), kSmsMaxBytes);
  }
}

TEST(OutboxTest, TheOutboxKeepsWhatItWasGiven) {
  Outbox outbox;
  outbox.send(render_email(code_changed_message("Sam Chen", "Home"), "o@example.org",
                           core::EmailFormat::html, kAt));
  ASSERT_EQ(outbox.sent().size(), 1U);
  EXPECT_EQ(outbox.sent()[0].kind, Notification::Kind::code_changed);
  EXPECT_EQ(to_string(outbox.sent()[0].kind), "code_changed");
  outbox.clear();
  EXPECT_TRUE(outbox.sent().empty());
}

}  // namespace
}  // namespace lockstep::devices
