#include "devices/outbox.hpp"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

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

TEST(OutboxTest, APostedMessageReadsExactlyAsTheRenderedOneAndKeepsItsPlaceInOrder) {
  const core::Contact owner{core::EmailContact{"o@example.org", core::EmailFormat::html}};
  const core::Contact phone{mobile("+14155552671", "US", "Verizon")};
  const std::vector<MessageSpec> specs = {
      MessageSpec::code_changed("Sam Chen", "Home"), MessageSpec::code_active("Sam Chen", "Home"),
      MessageSpec::code_disarmed("Sam <Chen>", "Home", "House"),
      MessageSpec::duress_used("", "Home", ""),
      MessageSpec::share_user_code("Sam Chen", "Home", core::AccessCode("4827"))};
  Outbox eager;
  Outbox lazy;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const core::Contact& to = i % 2 == 0 ? owner : phone;
    const auto at = kAt + sim::Duration::s(static_cast<std::int64_t>(i));
    eager.send(*render(specs[i].text(), to, at));
    if (i == 2) {
      lazy.send(*render(specs[i].text(), to, at));  // a sent one between posted ones
    } else {
      EXPECT_TRUE(lazy.post(specs[i], to, at));
    }
  }
  ASSERT_EQ(lazy.sent().size(), eager.sent().size());
  EXPECT_EQ(lazy.total(), 5U);
  for (std::size_t i = 0; i < eager.sent().size(); ++i) {
    const Notification& a = eager.sent()[i];
    const Notification& b = lazy.sent()[i];
    EXPECT_EQ(
        std::tie(a.at, a.kind, a.via, a.to, a.carrier, a.format, a.subject, a.body, a.carries_code),
        std::tie(b.at, b.kind, b.via, b.to, b.carrier, b.format, b.subject, b.body, b.carries_code))
        << "notification " << i;
  }
  EXPECT_NE(lazy.sent()[2].body.find("Sam &lt;Chen&gt;"), std::string::npos);
}

TEST(OutboxTest, ASharedMessagePostedToARecipientReadsAsTheRenderedOne) {
  const core::Contact owner{core::EmailContact{"o@example.org", core::EmailFormat::html}};
  const auto notice =
      std::make_shared<const MessageSpec>(MessageSpec::code_disarmed("Sam Chen", "Home", "House"));
  for (const std::size_t capacity : {Outbox::kUnbounded, std::size_t{2}}) {
    Outbox eager(capacity);
    Outbox shared(capacity);
    const auto to = shared.recipient(owner);
    ASSERT_TRUE(to.has_value());
    EXPECT_EQ(shared.recipient(owner), to);  // the same contact, the same number
    for (int i = 0; i < 3; ++i) {
      const auto at = kAt + sim::Duration::s(i);
      eager.send(*render(notice->text(), owner, at));
      shared.post(notice, *to, at);
    }
    EXPECT_EQ(shared.total(), 3U);
    ASSERT_EQ(shared.sent().size(), eager.sent().size());
    for (std::size_t i = 0; i < eager.sent().size(); ++i) {
      const Notification& a = eager.sent()[i];
      const Notification& b = shared.sent()[i];
      EXPECT_EQ(std::tie(a.at, a.kind, a.to, a.subject, a.body),
                std::tie(b.at, b.kind, b.to, b.subject, b.body))
          << "notification " << i;
    }
  }
  Outbox outbox;
  EXPECT_FALSE(outbox.recipient(core::Contact{mobile("+819012345678", "JP", "SoftBank")}));
}

TEST(OutboxTest, PostingToAContactWithoutSmsKeepsNothing) {
  Outbox outbox;
  EXPECT_FALSE(outbox.post(MessageSpec::code_active("Sam Chen", "Home"),
                           core::Contact{mobile("+819012345678", "JP", "SoftBank")}, kAt));
  EXPECT_EQ(outbox.total(), 0U);
  EXPECT_TRUE(outbox.sent().empty());
}

TEST(OutboxTest, ACapacityKeepsTheLatestWhetherSentOrPosted) {
  const core::Contact owner{core::EmailContact{"o@example.org", core::EmailFormat::short_text}};
  Outbox outbox(2);
  outbox.send(*render(code_changed_message("A", "Home"), owner, kAt));
  outbox.post(MessageSpec::code_changed("B", "Home"), owner, kAt);
  outbox.post(MessageSpec::code_changed("C", "Home"), owner, kAt);
  ASSERT_EQ(outbox.sent().size(), 2U);
  EXPECT_NE(outbox.sent()[0].body.find('B'), std::string::npos);
  EXPECT_NE(outbox.sent()[1].body.find('C'), std::string::npos);
  outbox.post(MessageSpec::code_changed("D", "Home"), owner, kAt);
  outbox.post(MessageSpec::code_changed("E", "Home"), owner, kAt);
  outbox.post(MessageSpec::code_changed("F", "Home"), owner, kAt);
  ASSERT_EQ(outbox.sent().size(), 2U);
  EXPECT_NE(outbox.sent()[0].body.find('E'), std::string::npos);
  EXPECT_NE(outbox.sent()[1].body.find('F'), std::string::npos);
  EXPECT_EQ(outbox.total(), 6U);
  Outbox none(0);
  EXPECT_TRUE(none.post(MessageSpec::code_changed("A", "Home"), owner, kAt));
  EXPECT_TRUE(none.sent().empty());
  EXPECT_EQ(none.total(), 1U);
}

}  // namespace
}  // namespace lockstep::devices
