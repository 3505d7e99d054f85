#include "devices/catalog.hpp"

#include <set>

#include <gtest/gtest.h>

namespace lockstep::devices {
namespace {

TEST(Catalog, BuiltinCatalogParsesWithAtLeastFourPanelsAndFourLocks) {
  const Catalog& c = Catalog::builtin();
  EXPECT_GE(c.panels().size(), 4U);
  EXPECT_GE(c.locks().size(), 4U);
  EXPECT_EQ(c.source_name(), "<built-in catalog>");
}

TEST(Catalog, EveryModelHasANameASourceAndItsIdAsSpecModel) {
  std::set<std::string> ids;
  for (const auto& p : Catalog::builtin().panels()) {
    SCOPED_TRACE(p.id);
    EXPECT_FALSE(p.name.empty());
    EXPECT_GT(p.source.size(), 40U) << "a source note names the product family and document";
    EXPECT_EQ(p.spec.model, p.id);
    EXPECT_TRUE(ids.insert(p.id).second);
  }
  for (const auto& l : Catalog::builtin().locks()) {
    SCOPED_TRACE(l.id);
    EXPECT_FALSE(l.name.empty());
    EXPECT_GT(l.source.size(), 40U);
    EXPECT_EQ(l.spec.model, l.id);
    EXPECT_TRUE(ids.insert(l.id).second);
  }
}

TEST(Catalog, TheFortyEightUserPanelHasFourDigitCodesAndNoProgrammingWhileArmed) {
  const PanelModel* p = Catalog::builtin().panel("panel-48-hardwired");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->spec.max_users, 48);
  EXPECT_EQ(p->spec.code_lengths.min, 4);
  EXPECT_EQ(p->spec.code_lengths.max, 4);
  EXPECT_EQ(p->spec.max_partitions, 2);
  EXPECT_FALSE(p->spec.programming_while_armed);
  EXPECT_EQ(p->spec.duress, core::DuressScope::per_system);
}

TEST(Catalog, TheWirelessPanelTakesFourOrSixDigitsAndDuressPerPartition) {
  const PanelModel* p = Catalog::builtin().panel("panel-242-wireless");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->spec.max_users, 242);
  EXPECT_TRUE(p->spec.code_lengths.accepts(4));
  EXPECT_FALSE(p->spec.code_lengths.excluded.empty());
  EXPECT_EQ(p->spec.code_lengths.excluded.front(), 5);
  EXPECT_TRUE(p->spec.code_lengths.same_length_for_all);
  EXPECT_EQ(p->spec.duress, core::DuressScope::per_partition);
  EXPECT_TRUE(p->spec.programming_while_armed);
  EXPECT_EQ(p->spec.max_partitions, 4);
}

TEST(Catalog, LockModelsCarryTheirSlotsLengthsAndKeypads) {
  const Catalog& c = Catalog::builtin();
  const LockModel* deadbolt = c.lock("deadbolt-30");
  ASSERT_NE(deadbolt, nullptr);
  EXPECT_EQ(deadbolt->spec.slots, 30);
  EXPECT_EQ(deadbolt->spec.code_lengths.min, 4);
  EXPECT_EQ(deadbolt->spec.code_lengths.max, 8);
  EXPECT_TRUE(deadbolt->spec.code_lengths.same_length_for_all);
  EXPECT_EQ(deadbolt->spec.wake_latency, std::chrono::milliseconds(1000));

  const LockModel* five = c.lock("deadbolt-5button-19");
  ASSERT_NE(five, nullptr);
  EXPECT_TRUE(five->spec.five_button_keypad);

  const LockModel* big = c.lock("deadbolt-250");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->spec.slots, 250);

  const LockModel* lever = c.lock("lever-19");
  ASSERT_NE(lever, nullptr);
  EXPECT_EQ(lever->spec.slots, 19);

  const LockModel* keypad = c.lock("deadbolt-keypad-30");
  ASSERT_NE(keypad, nullptr);
  EXPECT_EQ(keypad->spec.wake_latency, std::chrono::milliseconds(250));
}

TEST(Catalog, UnknownIdsGiveNull) {
  EXPECT_EQ(Catalog::builtin().panel("deadbolt-30"), nullptr);
  EXPECT_EQ(Catalog::builtin().lock("panel-48-hardwired"), nullptr);
  EXPECT_EQ(Catalog::builtin().lock(""), nullptr);
}

TEST(Catalog, ABadCatalogIsRefusedWithPlaceAndFix) {
  const auto loaded = Catalog::parse(R"(panels:
  - id: p1
    name: Test panel
    source: made up for a test
    max_users: 10
    code_lengths: {min: 4, max: 4}
    max_partitons: 2
locks: []
)",
                                     "cat.yaml");
  ASSERT_FALSE(loaded.ok());
  ASSERT_GE(loaded.errors().size(), 1U);
  const auto& e = loaded.errors().front();
  EXPECT_EQ(e.to_string().substr(0, 14), "cat.yaml:7:5: ");
  EXPECT_EQ(e.field, "panels[0].max_partitons");
  EXPECT_NE(e.message.find("did you mean 'max_partitions'?"), std::string::npos) << e.message;
}

TEST(Catalog, DuplicateIdsAndBadLengthsAreRefused) {
  const auto loaded = Catalog::parse(R"(panels: []
locks:
  - {id: l1, name: A, source: s, slots: 5, code_lengths: {min: 4, max: 4}}
  - {id: l1, name: B, source: s, slots: 5, code_lengths: {min: 4, max: 4}}
  - {id: l2, name: C, source: s, slots: 5, code_lengths: {min: 6, max: 4}}
)",
                                     "cat.yaml");
  ASSERT_FALSE(loaded.ok());
  const std::string text = loaded.error_text();
  EXPECT_NE(text.find("locks[2].code_lengths.max: max (4) is below min (6)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("locks[1].id: id 'l1' is used twice"), std::string::npos) << text;
}

TEST(Catalog, AMissingFileIsReportedByPath) {
  const auto loaded = Catalog::load_file("/nonexistent/catalog.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.errors().front().file, "/nonexistent/catalog.yaml");
}

}  // namespace
}  // namespace lockstep::devices
