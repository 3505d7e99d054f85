#include "devices/world.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lockstep::devices {
namespace {

using core::LockIndex;
using core::PartitionIndex;

// ---- the default world ----------------------------------------------------

TEST(DefaultWorld, HasTwoPartitionsHouseAndGarage) {
  const World& w = default_world();
  EXPECT_EQ(w.source, "<built-in default>");
  ASSERT_EQ(w.system.partitions.size(), 2U);
  EXPECT_EQ(w.system.partitions[0].name, "House");
  EXPECT_EQ(w.system.partitions[1].name, "Garage");
  EXPECT_EQ(w.system.panel.model, "panel-48-hardwired");
  EXPECT_FALSE(w.system.panel.programming_while_armed);
  EXPECT_TRUE(w.warnings.empty());
}

TEST(DefaultWorld, HasAKeypadOnEachPartition) {
  const World& w = default_world();
  ASSERT_EQ(w.keypads.size(), 2U);
  ASSERT_NE(w.keypad("Hall Keypad"), nullptr);
  ASSERT_NE(w.keypad("Garage Keypad"), nullptr);
  EXPECT_EQ(w.keypad("Hall Keypad")->partition, PartitionIndex{0});
  EXPECT_EQ(w.keypad("Garage Keypad")->partition, PartitionIndex{1});
}

TEST(DefaultWorld, HasThreeNamedLocksPlacedOnTheirPartitions) {
  const World& w = default_world();
  ASSERT_EQ(w.system.locks.size(), 3U);
  ASSERT_EQ(w.lock_placements.size(), 3U);
  EXPECT_EQ(w.system.locks[0].name, "Front Door");
  EXPECT_EQ(w.system.locks[0].spec.model, "deadbolt-30");
  EXPECT_EQ(w.system.locks[1].name, "Back Door");
  EXPECT_TRUE(w.system.locks[1].spec.five_button_keypad);
  EXPECT_EQ(w.system.locks[2].name, "Garage Door");
  EXPECT_EQ(w.system.locks[2].spec.model, "lever-19");
  EXPECT_EQ(w.lock_placements[0].partition, PartitionIndex{0});
  EXPECT_EQ(w.lock_placements[1].partition, PartitionIndex{0});
  EXPECT_EQ(w.lock_placements[2].partition, PartitionIndex{1});
}

TEST(DefaultWorld, HasThreeUsersWithTheirGrants) {
  const World& w = default_world();
  ASSERT_EQ(w.users.size(), 3U);
  const UserSeed* alex = w.user("Alex Rivera");
  const UserSeed* sam = w.user("Sam Chen");
  const UserSeed* jordan = w.user("Jordan Patel");
  ASSERT_TRUE(alex && sam && jordan);
  EXPECT_EQ(alex->role, core::Role::master);
  EXPECT_EQ(alex->grants, core::Grants::everything(w.system));
  EXPECT_EQ(alex->contacts.size(), 2U);

  EXPECT_EQ(sam->role, core::Role::standard);
  EXPECT_EQ(sam->grants.partitions, core::Toggles::of({true, false}));
  EXPECT_EQ(sam->grants.locks, core::Toggles::of({true, true, false}));

  EXPECT_EQ(jordan->role, core::Role::guest);
  EXPECT_EQ(jordan->grants.partitions, core::Toggles::of({false, true}));
  EXPECT_EQ(jordan->grants.locks, core::Toggles::of({false, false, true}));
  ASSERT_TRUE(std::holds_alternative<core::RestrictedSchedule>(jordan->access_times));
  for (const auto& u : w.users) {
    ASSERT_TRUE(u.code.has_value());
    EXPECT_EQ(u.code->size(), 4U);
  }
}

TEST(DefaultWorld, HasTheBriefsLinkDelaysAndAStartTime) {
  const World& w = default_world();
  EXPECT_EQ(w.links.cloud_to_panel.delay,
            sim::Distribution::uniform(sim::Duration::s(60), sim::Duration::s(240)));
  EXPECT_EQ(w.links.panel_to_lock.delay,
            sim::Distribution::uniform(sim::Duration::s(1), sim::Duration::s(4)));
  EXPECT_EQ(w.links.cloud_to_panel.loss, 0.0);
  EXPECT_TRUE(w.faults.empty());
  EXPECT_FALSE(w.seed.has_value());
  EXPECT_EQ(w.start_local, (core::LocalDateTime{2026, 3, 2, 8, 0}));
}

TEST(DefaultWorld, BuildsACoreDirectoryWithEveryUserInFileOrder) {
  const auto directory = build_directory(default_world());
  ASSERT_TRUE(directory.ok()) << directory.error_text();
  ASSERT_EQ(directory->users().size(), 3U);
  EXPECT_EQ(directory->users()[0].display_name(), "Alex Rivera");
  EXPECT_EQ(directory->users()[0].id, core::UserId{1});
  EXPECT_EQ(directory->desired_for_lock(LockIndex{2}).size(), 2U);  // Alex, Jordan
  EXPECT_EQ(directory->desired_for_lock(LockIndex{1}).size(), 2U);  // Alex, Sam
  EXPECT_EQ(directory->desired_for_panel().size(), 3U);
}

TEST(DefaultWorld, TheEmbeddedTextIsTheDocumentedExample) {
  EXPECT_NE(default_world_text().find("panel-48-hardwired"), std::string_view::npos);
}

// ---- loading from files ------------------------------------------------------

TEST(WorldFile, LoadsFromAPathAndNamesItAsTheSource) {
  const auto path = std::filesystem::temp_directory_path() / "lockstep_world_test.yaml";
  {
    std::ofstream out(path);
    out << default_world_text();
  }
  const auto loaded = load_world_file(path.string(), Catalog::builtin());
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  EXPECT_EQ(loaded->source, path.string());
  EXPECT_EQ(loaded->users.size(), 3U);
  std::filesystem::remove(path);
}

TEST(WorldFile, AMissingFileIsOneErrorNamingThePath) {
  const auto loaded = load_world_file("/nonexistent/world.yaml", Catalog::builtin());
  ASSERT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.errors().size(), 1U);
  EXPECT_EQ(loaded.errors()[0].file, "/nonexistent/world.yaml");
}

constexpr std::string_view kMinimal = R"(panel:
  model: panel-48-hardwired
partitions: [House, Garage]
locks:
  - {name: Front Door, model: deadbolt-30, partition: House}
users:
  - first_name: Ann
    last_name: Lee
    code: "4827"
    partitions: [House]
    locks: [Front Door]
)";

TEST(WorldFile, AMinimalWorldLoadsWithDefaults) {
  const auto loaded = parse_world(kMinimal, "world.yaml", Catalog::builtin());
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  EXPECT_EQ(loaded->name, "Home");
  EXPECT_TRUE(loaded->keypads.empty());
  EXPECT_EQ(loaded->links, LinkSettings{});
  EXPECT_EQ(loaded->users[0].role, core::Role::standard);
}

TEST(WorldFile, LinksFaultsSeedTimeAndTemporaryAccessAreRead) {
  std::string text(kMinimal);
  text += R"yaml(    access: {temporary: {start: "2026-11-26 08:00", end: "2026-11-30 18:00"}}
links:
  cloud_to_panel: "exponential(20m)"
  panel_to_lock: {delay: "fixed(2s)", loss: 0.25}
faults:
  - {at: 10m, fault: link_down, target: cloud_to_panel, for: 1h}
  - {at: 2h, fault: lock_unreachable, target: Front Door}
  - {at: 3h, fault: power_off, target: panel}
seed: 42
time: {start: "2026-11-26 07:30"}
)yaml";
  const auto loaded = parse_world(text, "world.yaml", Catalog::builtin());
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  const World& w = *loaded;
  EXPECT_EQ(w.links.cloud_to_panel.delay, sim::Distribution::exponential(sim::Duration::min(20)));
  EXPECT_EQ(w.links.panel_to_lock.delay, sim::Distribution::fixed(sim::Duration::s(2)));
  EXPECT_EQ(w.links.panel_to_lock.loss, 0.25);
  ASSERT_EQ(w.faults.size(), 3U);
  EXPECT_EQ(w.faults[0], (FaultSpec{sim::Duration::min(10), "link_down", "cloud_to_panel",
                                    sim::Duration::h(1)}));
  EXPECT_EQ(w.faults[1].target, "Front Door");
  EXPECT_EQ(w.faults[2].target, "panel");
  EXPECT_EQ(w.seed, 42U);
  EXPECT_EQ(w.start_local, (core::LocalDateTime{2026, 11, 26, 7, 30}));
  const auto* temporary = std::get_if<core::TemporaryAccess>(&w.users[0].access_times);
  ASSERT_NE(temporary, nullptr);
  EXPECT_EQ(temporary->end, (core::LocalDateTime{2026, 11, 30, 18, 0}));
}

TEST(WorldFile, AWeakCodeUnderAWarnPolicyLoadsWithAWarning) {
  std::string text(kMinimal);
  text.replace(text.find("4827"), 4, "1234");
  text += "policy: {weak_codes: warn}\n";
  const auto loaded = parse_world(text, "world.yaml", Catalog::builtin());
  ASSERT_TRUE(loaded.ok()) << loaded.error_text();
  ASSERT_EQ(loaded->warnings.size(), 1U);
  EXPECT_EQ(loaded->warnings[0].field, "users[0].code");
  EXPECT_EQ(loaded->warnings[0].line, 9);
  EXPECT_EQ(loaded->warnings[0].message.find("1234"), std::string::npos);
}

TEST(WorldFile, BuildDirectoryChecksAWorldEditedInCode) {
  World w = default_world();
  w.users[1].code = core::AccessCode("1111");
  const auto directory = build_directory(w);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.errors()[0].field, "users[1].code");
  EXPECT_EQ(directory.errors()[0].line, 0);
  EXPECT_EQ(directory.errors()[0].to_string().find("1111"), std::string::npos);
}

// ---- bad worlds ------------------------------------------------------------

struct BadWorld {
  const char* title;
  std::string yaml;
  // The error must point at the first character of the `nth` occurrence of
  // `anchor` in `yaml` (line and column computed from the text).
  std::string anchor;
  int nth;
  std::string field;
  std::vector<std::string> message_has;
  std::string secret;  // a code that must appear in no error
};

std::string with(std::string_view base, std::string_view from, std::string_view to) {
  std::string s(base);
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  return s;
}

std::pair<int, int> position_of(const std::string& text, const std::string& anchor, int nth) {
  std::size_t at = std::string::npos;
  std::size_t from = 0;
  for (int i = 0; i < nth; ++i) {
    at = text.find(anchor, from);
    if (at == std::string::npos) return {-1, -1};
    from = at + 1;
  }
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::vector<BadWorld> bad_worlds() {
  const std::string m(kMinimal);
  return {
      {"unknown key gets a did-you-mean",
       with(m, "  model:", "  modle:"),
       "modle",
       1,
       "panel.modle",
       {"unknown key 'modle'", "did you mean 'model'?"},
       ""},
      {"unknown top-level key",
       m + "link:\n  cloud_to_panel: 2s\n",
       "link:",
       1,
       "link",
       {"unknown key 'link'", "did you mean 'links'?"},
       ""},
      {"unknown panel model",
       with(m, "panel-48-hardwired", "panel-48-hardwire"),
       "panel-48-hardwire",
       1,
       "panel.model",
       {"unknown panel model 'panel-48-hardwire'", "did you mean 'panel-48-hardwired'?",
        "known models:"},
       ""},
      {"unknown lock model",
       with(m, "deadbolt-30", "deadbolt-31"),
       "deadbolt-31",
       1,
       "locks[0].model",
       {"unknown lock model 'deadbolt-31'", "did you mean 'deadbolt-30'?"},
       ""},
      {"bad distribution uses sim's error",
       m + "links:\n  cloud_to_panel: \"uniform(60s)\"\n",
       "\"uniform(60s)\"",
       1,
       "links.cloud_to_panel",
       {"bad delay distribution 'uniform(60s)'"},
       ""},
      {"loss out of range",
       m + "links:\n  panel_to_lock: {delay: 2s, loss: 1.5}\n",
       "1.5",
       1,
       "links.panel_to_lock.loss",
       {"probability from 0.0"},
       ""},
      {"bad fault duration",
       m + "faults:\n  - {at: 10 minutes, fault: link_down, target: cloud_to_panel}\n",
       "10 minutes",
       1,
       "faults[0].at",
       {"bad duration '10 minutes'", "examples: 90s"},
       ""},
      {"unknown fault kind",
       m + "faults:\n  - {at: 10m, fault: link_dwn, target: panel_to_lock}\n",
       "link_dwn",
       1,
       "faults[0].fault",
       {"unknown fault 'link_dwn'", "did you mean 'link_down'?"},
       ""},
      {"fault on an unknown lock",
       m + "faults:\n  - {at: 1m, fault: lock_jam, target: Frnt Door}\n",
       "Frnt Door",
       1,
       "faults[0].target",
       {"unknown lock 'Frnt Door'", "did you mean 'Front Door'?"},
       ""},
      {"unknown partition in a user's grants",
       with(m, "    partitions: [House]", "    partitions: [House, Garaj]"),
       "Garaj",
       1,
       "users[0].partitions[1]",
       {"unknown partition 'Garaj'", "did you mean 'Garage'?", "House, Garage"},
       ""},
      {"unknown lock in a user's grants",
       with(m, "locks: [Front Door]", "locks: [Front Dor]"),
       "Front Dor",
       1,
       "users[0].locks[0]",
       {"unknown lock 'Front Dor'", "did you mean 'Front Door'?"},
       ""},
      {"duplicate lock name",
       with(m, "users:", "  - {name: Front Door, model: lever-19, partition: Garage}\nusers:"),
       "Front Door",
       2,
       "locks[1].name",
       {"lock name 'Front Door' is used twice"},
       ""},
      {"duplicate partition",
       with(m, "[House, Garage]", "[House, House]"),
       "House",
       2,
       "partitions[1]",
       {"partition 'House' is listed twice"},
       ""},
      {"too many partitions for the panel",
       with(m, "[House, Garage]", "[House, Garage, Shed]"),
       "[House, Garage, Shed]",
       1,
       "partitions",
       {"3 partitions", "supports at most 2", "panel-242-wireless (4)"},
       ""},
      {"lock on an unknown partition",
       with(m, "partition: House}", "partition: Hose}"),
       "Hose",
       1,
       "locks[0].partition",
       {"unknown partition 'Hose'", "did you mean 'House'?"},
       ""},
      {"missing required field",
       with(m, "model: deadbolt-30, ", ""),
       "{name: Front Door",
       1,
       "locks[0]",
       {"missing required key 'model'"},
       ""},
      {"wrong type",
       with(m, "[House, Garage]", "House"),
       "House",
       1,
       "partitions",
       {"expected a list of partition names"},
       ""},
      {"weak code gives the core's error id",
       with(m, "\"4827\"", "\"1234\""),
       "\"1234\"",
       1,
       "users[0].code",
       {"code_weak:", "too easy to guess", "policy.weak_codes"},
       "1234"},
      {"short code gives the core's error id",
       with(m, "\"4827\"", "\"482\""),
       "\"482\"",
       1,
       "users[0].code",
       {"code_too_short:", "accepts 4 digits"},
       "482"},
      {"wrong length for the panel",
       with(m, "\"4827\"", "\"48271\""),
       "\"48271\"",
       1,
       "users[0].code",
       {"code_wrong_length:", "accepts 4 digits"},
       "48271"},
      {"code in use by an earlier user",
       m + "  - {first_name: Bo, last_name: Kim, code: \"4827\", partitions: all}\n",
       "\"4827\"",
       2,
       "users[1].code",
       {"code_in_use:"},
       "4827"},
      {"five-button collision on a lock",
       "panel: {model: panel-48-hardwired}\npartitions: [House]\nlocks:\n"
       "  - {name: Back Door, model: deadbolt-5button-19, partition: House}\nusers:\n"
       "  - {first_name: Ann, last_name: Lee, code: \"1357\", partitions: all, locks: all}\n"
       "  - {first_name: Bo, last_name: Kim, code: \"2468\", partitions: all, locks: [Back "
       "Door]}\n",
       "[Back Door]",
       1,
       "users[1].locks",
       {"code_button_collision:", "Back Door:"},
       "2468"},
      {"code too long for a granted lock",
       "panel: {model: panel-242-wireless}\npartitions: [House]\nlocks:\n"
       "  - {name: Side Door, model: lever-19, partition: House}\nusers:\n"
       "  - {first_name: Ann, last_name: Lee, code: \"482719\", partitions: all, locks: all}\n",
       "all}",
       1,
       "users[0].locks",
       {"code_length_unsupported_by_lock:", "Side Door:", "accepts 4 digits"},
       "482719"},
      {"more users than the panel holds",
       "panel: {model: panel-5-compact}\npartitions: [Home]\nusers:\n"
       "  - {first_name: A, last_name: A}\n  - {first_name: B, last_name: B}\n"
       "  - {first_name: C, last_name: C}\n  - {first_name: D, last_name: D}\n"
       "  - {first_name: E, last_name: E}\n  - {first_name: F, last_name: F}\n",
       "- {first_name: A",
       1,
       "users",
       {"6 users", "holds at most 5"},
       ""},
      {"unknown role",
       with(m, "    code:", "    role: admin\n    code:"),
       "admin",
       1,
       "users[0].role",
       {"unknown role 'admin'", "master, standard, guest, duress"},
       ""},
      {"duplicate user name",
       m + "  - {first_name: Ann, last_name: Lee}\n",
       "Ann",
       2,
       "users[1].first_name",
       {"'Ann Lee' is already defined"},
       ""},
      {"bad start time",
       m + "time: {start: \"2026-02-30 08:00\"}\n",
       "\"2026-02-30",
       1,
       "time.start",
       {"not a valid date and time", "YYYY-MM-DD HH:MM"},
       ""},
      {"keypad on an unknown partition",
       m + "keypads:\n  - {name: Hall, partition: Attic}\n",
       "Attic",
       1,
       "keypads[0].partition",
       {"unknown partition 'Attic'"},
       ""},
      {"bad installer code",
       with(m, "  model: panel-48-hardwired",
            "  model: panel-48-hardwired\n  installer_code: \"41125\""),
       "\"41125\"",
       1,
       "panel.installer_code",
       {"wrong length", "4 digits"},
       "41125"},
      {"bad contact uses the core's error id",
       m + "    contacts:\n      - {email: not-an-address}\n",
       "not-an-address",
       1,
       "users[0].contacts[0].email",
       {"email_invalid:"},
       ""},
      {"malformed YAML",
       with(m, "[House, Garage]", "[House, Garage"),
       // yaml-cpp gives up at the ':' of the next key, line 4.
       ":\n  - {name: Front",
       1,
       "",
       {"this is not valid YAML"},
       ""},
  };
}

class BadWorldTest : public testing::TestWithParam<BadWorld> {};

TEST_P(BadWorldTest, IsRefusedAtTheRightPlaceWithTheFix) {
  const BadWorld& c = GetParam();
  const auto loaded = parse_world(c.yaml, "world.yaml", Catalog::builtin());
  ASSERT_FALSE(loaded.ok()) << c.yaml;
  const WorldError* found = nullptr;
  for (const auto& e : loaded.errors()) {
    if (e.field == c.field) {
      found = &e;
      break;
    }
  }
  ASSERT_NE(found, nullptr) << "no error at field '" << c.field << "':\n" << loaded.error_text();
  if (c.nth > 0) {
    const auto [line, column] = position_of(c.yaml, c.anchor, c.nth);
    EXPECT_EQ(found->line, line) << found->to_string();
    EXPECT_EQ(found->column, column) << found->to_string();
    EXPECT_EQ(found->to_string().rfind(
                  "world.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": ", 0),
              0U);
  } else {
    EXPECT_GT(found->line, 0);
  }
  for (const auto& part : c.message_has) {
    EXPECT_NE(found->message.find(part), std::string::npos)
        << "'" << part << "' missing from: " << found->to_string();
  }
}

TEST(WorldFile, NoErrorEverEchoesTheOffendingCode) {
  int checked = 0;
  for (const BadWorld& c : bad_worlds()) {
    if (c.secret.empty()) continue;
    SCOPED_TRACE(c.title);
    const auto loaded = parse_world(c.yaml, "world.yaml", Catalog::builtin());
    ASSERT_FALSE(loaded.ok());
    for (const auto& e : loaded.errors()) {
      EXPECT_EQ(e.to_string().find(c.secret), std::string::npos) << e.to_string();
      ++checked;
    }
  }
  EXPECT_GE(checked, 7);
}

INSTANTIATE_TEST_SUITE_P(WorldFile, BadWorldTest, testing::ValuesIn(bad_worlds()),
                         [](const testing::TestParamInfo<BadWorld>& param_info) {
                           std::string name;
                           for (const char* p = param_info.param.title; *p != '\0'; ++p) {
                             const char c = *p;
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

TEST(WorldFile, EveryProblemInAFileIsReportedInOneGo) {
  std::string text = with(kMinimal, "deadbolt-30", "deadbolt-31");
  text += "links:\n  cloud_to_panel: \"uniform(60s)\"\nseed: -1\n";
  const auto loaded = parse_world(text, "world.yaml", Catalog::builtin());
  ASSERT_FALSE(loaded.ok());
  EXPECT_GE(loaded.errors().size(), 3U) << loaded.error_text();
}

}  // namespace
}  // namespace lockstep::devices
