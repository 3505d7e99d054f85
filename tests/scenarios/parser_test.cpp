#include "scenarios/parser.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lockstep::scenarios {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The article's website flow, then the code at the panel and a lock.
constexpr std::string_view kArticleWebsite =
    R"(name: A code created on the website is active at the panel within a few minutes
description: The article's website flow, then the code opens the Front Door.
tags: [website, propagation]
world: default
seed: 42
steps:
  - say: Alex logs into the website and adds Casey.
  - log_in: {via: website, email: alex.rivera@example.com, password: "correct horse"}
  - click: Users
  - click: Add New User
  - enter_name: {first: Casey, last: Morgan}
  - click: Create
  - access_code: "8362"
  - toggle: {House: on, Front Door: on, Garage Door: off}
  - click: Save
    expect: ok
  - click: + Add Contact
  - click: Mobile Number
  - mobile_number: {number: "(201) 555-0123", country: US, carrier: Verizon}
  - click: Save
  - expect: {sync: {user: Casey Morgan, device: panel, state: pending}}
  - wait_until: {sync: {user: Casey Morgan, device: panel, state: active}}
    within: 4m
  - expect: {sync: {user: Casey Morgan, device: panel, state: active, no_earlier_than: 60s, within: 4m}}
  - keypad: {name: Hall Keypad, keys: "8362 disarm"}
    expect: accepted
  - expect: {partition: {name: House, state: disarmed}}
  - enter_code: {lock: Front Door, code: "8362"}
    expect: accepted
)";

// Every step and every condition at least once; codes 8362, 4827, 9051, 1357.
constexpr std::string_view kEveryStep = R"(name: Every step of the language parses
steps:
  - say: Sam logs into the app.
  - log_in: {via: app, email: sam@example.com, password: "hunter22"}
  - tap: Menu
  - tap: Users
  - tap: Add
  - enter_name: {first: Casey, last: Morgan}
  - tap: Create
  - access_code: "8362"
  - tap: Generate Code
  - toggle: {House: on}
  - tap: Save
    expect: [ok, system_armed]
  - tap: + Add Contact
  - tap: Email Address
  - email_address: {address: casey@example.com, format: HTML}
  - tap: Save
  - tap: + Add Contact
  - tap: Mobile Number
  - mobile_number: {number: "+44 7700 900123", country: GB, carrier: Vodafone}
  - tap: Save
  - open_user: Sam Chen
  - log_out: app
  - keypad: {name: Hall Keypad, keys: "4827 arm_away"}
    expect: accepted
  - enter_code: {lock: Front Door, code: "9051"}
    expect: wrong_code
  - arm: {partition: House, mode: stay, via: website}
  - disarm: {keypad: Hall Keypad, code: "4827"}
    expect: duress
  - lock: {name: Front Door, battery: 15, asleep: true}
  - fault: {kind: link_down, target: cloud_to_panel, for: 10m}
  - add_user: {via: app, first: Robin, last: Lee, code: "1357", partitions: all, locks: [Front Door], contacts: [{email: robin@example.com, format: plain_text}, {mobile: "(201) 555-0123", country: US, carrier: Verizon}]}
  - edit_code: {user: Sam Chen, code: "9051", via: app}
  - change_grants: {user: Sam Chen, locks: {Back Door: off}}
  - delete_user: Jordan Patel
  - add_contact: {user: Sam Chen, email: sam@example.com}
  - cancel_edit: {user: Casey Morgan}
  - share_user_code: Casey Morgan
  - wait: 3m
  - wait_until: settled
    within: 10m
  - expect:
      - sync: {user: Casey Morgan, device: Front Door, state: failed, reason: lock_unreachable}
      - partition: {name: House, state: armed_away}
      - holds: {device: Front Door, user: Casey Morgan}
      - holds_not: {device: panel, user: Jordan Patel}
      - keypad_display: {name: Hall Keypad, contains: Armed}
      - bolt: {lock: Front Door, state: unlocked}
      - trace: {component: panel, kind: edit_applied, fields: {user: 4}, after: edit_sent, within: 5m}
      - trace_not: {kind: rollback_conflict}
      - notification: {to: robin@example.com, kind: code_active, via: email}
      - settled: true
)";

ScenarioDocument parse_ok(std::string_view text, std::string name = "suite/s.yaml") {
  auto doc = parse_scenario(text, std::move(name));
  EXPECT_TRUE(doc.ok()) << doc.error_text();
  if (!doc.ok()) return {};
  return std::move(doc).value();
}

// A scenario with these step lines; the first line of `steps_text` is line 3.
std::string with_steps(std::string_view steps_text) {
  return "name: t\nsteps:\n" + std::string(steps_text);
}

template <class T>
const T& action(const ScenarioDocument& d, std::size_t i) {
  return std::get<T>(d.steps.at(i).action);
}

// ---- the header -------------------------------------------------------------

TEST(ScenarioHeader, NameDescriptionTagsSeedAndTheDefaultWorldAreRead) {
  const auto d = parse_ok(kArticleWebsite);
  EXPECT_EQ(d.scenario.name,
            "A code created on the website is active at the panel within a few minutes");
  EXPECT_EQ(d.scenario.description,
            "The article's website flow, then the code opens the Front Door.");
  EXPECT_EQ(d.scenario.tags, (std::vector<std::string>{"website", "propagation"}));
  EXPECT_EQ(d.scenario.seed, 42U);
  EXPECT_TRUE(d.scenario.world.file.empty());
  EXPECT_EQ(d.scenario.location.to_string(), "suite/s.yaml:1:1");
}

TEST(ScenarioHeader, AWorldPathIsResolvedAgainstTheScenarioFolder) {
  const auto dir = std::filesystem::temp_directory_path() / "lockstep_scenario_world_test";
  std::filesystem::create_directories(dir / "worlds");
  std::ofstream(dir / "worlds" / "big.yaml") << "panel: {model: panel-48-hardwired}\n";
  const std::string text =
      "name: t\nworld: {file: worlds/big.yaml, overrides: {seed: 7}}\n"
      "steps:\n  - wait: 1s\n";
  const auto d = parse_ok(text, (dir / "s.yaml").string());
  EXPECT_EQ(d.scenario.world.file, (dir / "worlds" / "big.yaml").string());
  EXPECT_THAT(d.scenario.world.overrides_yaml, HasSubstr("seed: 7"));
  EXPECT_EQ(d.scenario.world.location.line, 2);

  const auto missing = parse_scenario("name: t\nworld: nowhere.yaml\nsteps:\n  - wait: 1s\n",
                                      (dir / "s.yaml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error_text(),
              HasSubstr("s.yaml:2:8: world: world file 'nowhere.yaml' not found"));
  std::filesystem::remove_all(dir);
}

TEST(ScenarioHeader, OverridesOfTheDefaultWorldNeedNoFile) {
  const auto d = parse_ok(
      "name: t\nworld: {overrides: {links: {cloud_to_panel: \"fixed(90s)\"}}}\nsteps:\n  - wait: "
      "1s\n");
  EXPECT_TRUE(d.scenario.world.file.empty());
  EXPECT_THAT(d.scenario.world.overrides_yaml, HasSubstr("fixed(90s)"));
}

// ---- the article's flow -----------------------------------------------------

TEST(ArticleFlow, TheWebsiteFlowParsesStepByStep) {
  const auto d = parse_ok(kArticleWebsite);
  ASSERT_EQ(d.steps.size(), 19U);
  EXPECT_EQ(action<Say>(d, 0).text, "Alex logs into the website and adds Casey.");
  const auto& login = action<LogIn>(d, 1);
  EXPECT_EQ(login.channel, Channel::website);
  EXPECT_EQ(login.email, "alex.rivera@example.com");
  EXPECT_EQ(login.password, "correct horse");
  EXPECT_EQ(action<Press>(d, 2).button, Button::users);
  EXPECT_EQ(action<Press>(d, 3).button, Button::add_new_user);
  EXPECT_EQ(action<EnterName>(d, 4).first, "Casey");
  EXPECT_EQ(action<EnterName>(d, 4).last, "Morgan");
  EXPECT_EQ(action<Press>(d, 5).button, Button::create);
  EXPECT_EQ(action<EnterAccessCode>(d, 6).code.reveal(), "8362");
  EXPECT_EQ(
      action<Toggle>(d, 7).switches,
      (std::vector<DeviceSwitch>{{"House", true}, {"Front Door", true}, {"Garage Door", false}}));
  EXPECT_EQ(action<Press>(d, 8).button, Button::save);
  ASSERT_TRUE(d.steps[8].expect.has_value());
  EXPECT_EQ(d.steps[8].expect->to_string(), "ok");
  EXPECT_EQ(action<Press>(d, 9).button, Button::add_contact);
  EXPECT_EQ(action<Press>(d, 10).button, Button::mobile_number);
  const auto& mobile = action<EnterMobile>(d, 11).input;
  EXPECT_EQ(mobile.number, "(201) 555-0123");
  EXPECT_EQ(mobile.country, "US");
  EXPECT_EQ(mobile.carrier, "Verizon");
  EXPECT_EQ(action<Press>(d, 12).button, Button::save_contact) << "Save on a contact form";
  EXPECT_EQ(action<Press>(d, 12).label, "Save");
}

TEST(ArticleFlow, FormStepsActInTheChannelOfTheLastClickOrTap) {
  const auto d = parse_ok(kEveryStep);
  EXPECT_EQ(action<EnterName>(d, 5).channel, Channel::app);
  EXPECT_EQ(action<EnterAccessCode>(d, 7).channel, Channel::app);
  EXPECT_EQ(action<Press>(d, 8).button, Button::generate_code);
  EXPECT_EQ(action<EnterEmail>(d, 13).input.format, "HTML");
  EXPECT_EQ(action<Press>(d, 14).button, Button::save_contact);
  EXPECT_EQ(action<EnterMobile>(d, 17).input.country, "GB");
  EXPECT_EQ(action<Press>(d, 18).button, Button::save_contact);
  EXPECT_EQ(action<OpenUser>(d, 19).user, "Sam Chen");
}

TEST(ArticleFlow, EveryWebsiteAndAppLabelOfTheArticleIsAButton) {
  for (const auto& b : button_labels()) {
    const std::string verb = b.channel == Channel::website ? "click" : "tap";
    std::string steps = "  - log_in: " + std::string(to_string(b.channel)) + "\n";
    if (b.button == Button::mobile_number || b.button == Button::email_address) {
      steps += "  - " + verb + ": + Add Contact\n";
    }
    steps += "  - " + verb + ": " + std::string(b.label) + "\n";
    const auto d = parse_ok(with_steps(steps));
    const bool on_contact_form =
        b.button == Button::mobile_number || b.button == Button::email_address;
    ASSERT_EQ(d.steps.size(), on_contact_form ? 3U : 2U);
    EXPECT_EQ(std::get<Press>(d.steps.back().action).button, b.button) << b.label;
  }
}

// ---- every step kind -----------------------------------------------------------

TEST(EveryStep, EveryStepKindOfTheTableParses) {
  const auto d = parse_ok(kEveryStep);
  std::set<std::string> seen;
  for (const auto& s : d.steps)
    seen.insert(std::string(s.name()));
  seen.insert("click");  // the app scenario taps; the website one clicks
  std::set<std::string> table;
  for (const auto& k : step_kinds())
    table.insert(std::string(k.name));
  EXPECT_EQ(seen, table);
  EXPECT_TRUE(parse_ok(kArticleWebsite).steps.size() > 0);
}

TEST(EveryStep, DeviceStepsCarryTheirKeysModesAndWays) {
  const auto d = parse_ok(kEveryStep);
  const auto& keys = action<PressKeys>(d, 21);
  EXPECT_EQ(keys.keypad, "Hall Keypad");
  ASSERT_EQ(keys.keys.size(), 2U);
  EXPECT_EQ(std::get<core::AccessCode>(keys.keys[0]).reveal(), "4827");
  EXPECT_EQ(std::get<FunctionKey>(keys.keys[1]), FunctionKey::arm_away);
  EXPECT_EQ(action<EnterCode>(d, 22).lock, "Front Door");
  EXPECT_EQ(d.steps[22].expect->any_of.front().error, core::ErrorId::wrong_code);
  const auto& arm = action<Arm>(d, 23);
  EXPECT_EQ(arm.via, Via::website);
  EXPECT_EQ(arm.mode, ArmMode::stay);
  EXPECT_EQ(arm.partition, "House");
  const auto& disarm = action<Disarm>(d, 24);
  EXPECT_EQ(disarm.via, Via::keypad);
  EXPECT_EQ(disarm.keypad, "Hall Keypad");
  EXPECT_EQ(d.steps[24].expect->any_of.front().kind, Outcome::Kind::duress);
  const auto& lock = action<SetLock>(d, 25);
  EXPECT_EQ(lock.battery_percent, 15);
  EXPECT_EQ(lock.asleep, true);
  EXPECT_FALSE(lock.jammed.has_value());
  const auto& fault = action<InjectFault>(d, 26);
  EXPECT_EQ(fault.kind, sim::FaultKind::link_down);
  EXPECT_EQ(fault.target, "cloud_to_panel");
  EXPECT_EQ(fault.duration, sim::Duration::min(10));
}

TEST(EveryStep, ShortFormsCarryEveryField) {
  const auto d = parse_ok(kEveryStep);
  const auto& add = action<AddUser>(d, 27);
  EXPECT_EQ(add.channel, Channel::app);
  EXPECT_EQ(add.first, "Robin");
  EXPECT_EQ(add.code->reveal(), "1357");
  EXPECT_TRUE(add.partitions.all);
  EXPECT_EQ(add.locks.names, std::vector<std::string>{"Front Door"});
  ASSERT_EQ(add.contacts.size(), 2U);
  EXPECT_EQ(std::get<core::EmailInput>(add.contacts[0]).format, "plain_text");
  EXPECT_EQ(std::get<core::MobileInput>(add.contacts[1]).carrier, "Verizon");
  EXPECT_EQ(action<EditCode>(d, 28).code->reveal(), "9051");
  EXPECT_EQ(action<ChangeGrants>(d, 29).locks, (std::vector<DeviceSwitch>{{"Back Door", false}}));
  EXPECT_EQ(action<ChangeGrants>(d, 29).channel, Channel::website) << "via defaults to website";
  EXPECT_EQ(action<DeleteUser>(d, 30).user, "Jordan Patel");
  EXPECT_EQ(std::get<core::EmailInput>(action<AddContact>(d, 31).contact).format, "html");
  EXPECT_EQ(action<CancelEdit>(d, 32).user, "Casey Morgan");
  EXPECT_EQ(action<ShareUserCode>(d, 33).user, "Casey Morgan");
}

TEST(EveryStep, ConditionsCarryTheirFieldsAndTimeWindows) {
  const auto d = parse_ok(kEveryStep);
  EXPECT_EQ(action<Wait>(d, 34).duration, sim::Duration::min(3));
  EXPECT_EQ(d.steps[35].within, sim::Duration::min(10));
  EXPECT_TRUE(std::holds_alternative<Settled>(action<WaitUntil>(d, 35).conditions.at(0).what));
  const auto& c = action<Expect>(d, 36).conditions;
  ASSERT_EQ(c.size(), 10U);
  const auto& sync = std::get<SyncIs>(c[0].what);
  EXPECT_EQ(sync.state, SyncState::failed);
  EXPECT_EQ(sync.error, core::ErrorId::lock_unreachable);
  EXPECT_EQ(std::get<PartitionIs>(c[1].what).state, core::PartitionState::armed_away);
  EXPECT_TRUE(std::get<Holds>(c[2].what).holds);
  EXPECT_FALSE(std::get<Holds>(c[3].what).holds);
  EXPECT_TRUE(std::get<KeypadDisplays>(c[4].what).contains);
  EXPECT_EQ(std::get<BoltIs>(c[5].what).state, BoltState::unlocked);
  const auto& trace = std::get<TraceHas>(c[6].what);
  EXPECT_EQ(trace.fields, (std::vector<std::pair<std::string, std::string>>{{"user", "4"}}));
  EXPECT_EQ(trace.after, "edit_sent");
  EXPECT_EQ(trace.window.within, sim::Duration::min(5));
  EXPECT_FALSE(std::get<TraceHas>(c[7].what).present);
  EXPECT_EQ(std::get<NotificationSent>(c[8].what).kind, NotificationKind::code_active);
  EXPECT_EQ(c[6].location.line, 51);
  EXPECT_EQ(c[6].text,
            "trace: {component: panel, kind: edit_applied, fields: {user: 4}, after: edit_sent, "
            "within: 5m}");
}

TEST(TimeWindows, AreMeasuredFromTheLastStepThatSavedAnEdit) {
  const auto d = parse_ok(kArticleWebsite);
  const auto& window = std::get<SyncIs>(action<Expect>(d, 15).conditions[0].what).window;
  EXPECT_EQ(window.no_earlier_than, sim::Duration::s(60));
  EXPECT_EQ(window.within, sim::Duration::min(4));
  EXPECT_EQ(window.anchor_step, 8U) << "the user form's Save, not the contact form's";
  EXPECT_TRUE(d.steps[8].saves_edit());
  EXPECT_FALSE(d.steps[12].saves_edit());
}

TEST(TimeWindows, BeforeAnySaveAreMeasuredFromTheStartOfTheRun) {
  const auto d = parse_ok(with_steps("  - expect: {trace: {kind: boot, within: 1s}}\n"));
  EXPECT_FALSE(std::get<TraceHas>(action<Expect>(d, 0).conditions[0].what).window.anchor_step);
}

TEST(StepText, IsTheActionAsWrittenOnOneLine) {
  const auto d = parse_ok(kArticleWebsite);
  EXPECT_EQ(d.steps[2].text, "click: Users");
  EXPECT_EQ(d.steps[4].text, "enter_name: {first: Casey, last: Morgan}");
  EXPECT_EQ(d.steps[9].text, "click: + Add Contact");
  EXPECT_EQ(d.steps[11].text,
            "mobile_number: {number: \"(201) 555-0123\", country: US, carrier: Verizon}");
  EXPECT_EQ(d.steps[8].location.to_string(), "suite/s.yaml:15:5");
}

// ---- codes are never shown ---------------------------------------------------------

TEST(Secrets, CodesAndPasswordsAreMaskedInStepText) {
  const auto d = parse_ok(kEveryStep);
  for (const auto& s : d.steps) {
    for (const char* secret : {"8362", "4827", "9051", "1357", "hunter22"}) {
      EXPECT_THAT(s.text, Not(HasSubstr(secret))) << s.text;
    }
  }
  EXPECT_EQ(d.steps[7].text, "access_code: ****");
  EXPECT_EQ(d.steps[1].text, "log_in: {via: app, email: sam@example.com, password: ****}");
  EXPECT_EQ(d.steps[21].text, "keypad: {name: Hall Keypad, keys: \"**** arm_away\"}");
  EXPECT_EQ(d.steps[22].text, "enter_code: {lock: Front Door, code: ****}");
}

TEST(Secrets, NoErrorQuotesACode) {
  const std::vector<std::string> bad = {
      "  - access_code: {digits: \"8362\"}\n",
      "  - access_code 8362\n",
      "  - keypad: {name: K, keys: \"83x62 disarm\"}\n",
      "  - keypad: {name: K, keys: \"8362 disarmm\"}\n",
      "  - enter_code: {lock: Front Door, code: [\"8362\"]}\n",
      "  - edit_code: {user: S, code: \"8362\", generate_code: true}\n",
      "  - add_user: {first: A, last: B, code: \"8362\", partitions: House}\n",
      "  - enter_code: {lock: Front Door, code: \"8362\"}\n    expect: ok\n",
  };
  for (const auto& snippet : bad) {
    const auto d = parse_scenario(with_steps(snippet), "s.yaml");
    ASSERT_FALSE(d.ok()) << snippet;
    EXPECT_THAT(d.error_text(), Not(HasSubstr("8362"))) << d.error_text();
  }
}

// ---- errors: file:line:column, field, fix --------------------------------------------

struct BadSnippet {
  std::string steps;     // step lines; the first is line 3 of the file
  std::string expected;  // the start of the first error, "s.yaml:3:5: field: message"
};

class BadSnippets : public ::testing::TestWithParam<BadSnippet> {};

TEST_P(BadSnippets, AreReportedAtTheirLineAndColumnWithTheFieldAndTheFix) {
  const auto d = parse_scenario(with_steps(GetParam().steps), "s.yaml");
  ASSERT_FALSE(d.ok()) << GetParam().steps;
  EXPECT_THAT(d.errors().front().to_string(), HasSubstr(GetParam().expected)) << "all errors:\n"
                                                                              << d.error_text();
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadSnippets,
    ::testing::Values(
        BadSnippet{"  - clik: Save\n",
                   "s.yaml:3:5: steps[0].clik: unknown step 'clik'; did you mean 'click'?"},
        BadSnippet{"  - wiat: 3m\n",
                   "s.yaml:3:5: steps[0].wiat: unknown step 'wiat'; did you mean 'wait'?"},
        BadSnippet{
            "  - frobnicate: 3m\n",
            "s.yaml:3:5: steps[0].frobnicate: unknown step 'frobnicate'; the steps are: say, "},
        BadSnippet{"  - sync: {user: A B, device: panel, state: active}\n",
                   "s.yaml:3:5: steps[0].sync: 'sync' is a condition, not a step; write `- expect: "
                   "{sync: {...}}`"},
        BadSnippet{
            "  - click Save\n",
            "s.yaml:3:5: steps[0]: a step is `name: value`; put a colon after the step name: "
            "`click: Save`"},
        BadSnippet{
            "  - log_in: website\n  - click: Add user\n",
            "s.yaml:4:12: steps[1].click: 'Add user' is not a button of the website; did you "
            "mean 'Add New User'?"},
        BadSnippet{
            "  - log_in: website\n  - click: Menu\n",
            "s.yaml:4:12: steps[1].click: 'Menu' is a button of the app, not of the website; "
            "use `tap: Menu`"},
        BadSnippet{
            "  - log_in: app\n  - tap: Add New User\n",
            "s.yaml:4:10: steps[1].tap: 'Add New User' is a button of the website, not of the "
            "app; use `click: Add New User`, or in the app tap 'Add'"},
        BadSnippet{
            "  - log_in: website\n  - click: Mobile Number\n",
            "s.yaml:4:12: steps[1].click: 'Mobile Number' is on the contact form; click '+ Add "
            "Contact' first"},
        BadSnippet{
            "  - enter_name: {first: A, last: B}\n",
            "s.yaml:3:5: steps[0].enter_name: enter_name fills a form of the website or app; "
            "log in and click"},
        BadSnippet{
            "  - log_in: website\n  - click: + Add Contact\n  - mobile_number: {number: \"1\", "
            "country: US, carrier: X}\n",
            "s.yaml:5:5: steps[2].mobile_number: mobile_number fills the Mobile Number form; "
            "click '+ Add Contact' and then 'Mobile Number' first"},
        BadSnippet{"  - log_in: website\n  - click: Save\n    expect: system_armd\n",
                   "s.yaml:5:13: steps[1].expect: unknown result 'system_armd'; did you mean "
                   "'system_armed'?"},
        BadSnippet{"  - log_in: website\n  - click: Save\n    expect: accepted\n",
                   "s.yaml:5:13: steps[1].expect: 'accepted' is the result of a code entry"},
        BadSnippet{"  - enter_code: {lock: L, code: \"1\"}\n    expect: ok\n",
                   "s.yaml:4:13: steps[0].expect: a code entry is accepted, duress or refused; did "
                   "you mean 'accepted'?"},
        BadSnippet{
            "  - enter_code: {lock: L, code: \"1\"}\n    expect: code_in_use\n",
            "s.yaml:4:13: steps[0].expect: a code entry cannot be refused with 'code_in_use'; "
            "expect one of: accepted, duress, wrong_code, outside_schedule, locked_out, "
            "lock_jammed"},
        BadSnippet{"  - enter_code: {lock: L, code: \"1\"}\n    expect: no_grant\n",
                   "s.yaml:4:13: steps[0].expect: a code entry cannot be refused with 'no_grant' "
                   "(a lock holds only the codes granted to it: a code not granted there is "
                   "wrong_code)"},
        BadSnippet{"  - keypad: {name: K, keys: \"1234 disarm\"}\n    expect: lock_jammed\n",
                   "s.yaml:4:13: steps[0].expect: a code entry cannot be refused with "
                   "'lock_jammed' (lock_jammed comes from a lock's own keypad: enter_code); "
                   "expect one of: accepted, duress, wrong_code, no_grant, outside_schedule, "
                   "locked_out"},
        BadSnippet{
            "  - log_in: website\n  - click: Save\n  - expect: ok\n",
            "s.yaml:5:13: steps[2].expect: a step of its own, expect: checks conditions such as "
            "{sync: {...}}; to check the result of the step above, indent `expect: ok` under it"},
        BadSnippet{"  - wait: 3 minutes\n",
                   "s.yaml:3:11: steps[0].wait: bad duration '3 minutes': "},
        BadSnippet{"  - wait: 3m\n    within: 5m\n",
                   "s.yaml:4:5: steps[0].within: within: belongs to wait_until"},
        BadSnippet{"  - wait_until: {partition: {name: House, state: disarmed}}\n",
                   "s.yaml:3:5: steps[0].wait_until: wait_until needs a bound: add `within: 5m`"},
        BadSnippet{
            "  - wait_until: {sync: {user: A B, device: panel, state: active, within: 4m}}\n"
            "    within: 5m\n",
            "s.yaml:3:74: steps[0].wait_until.sync.within: a time window has no place inside "
            "wait_until"},
        BadSnippet{
            "  - expect: {sync: {user: A B, device: panel, state: active}}\n    within: 4m\n",
            "s.yaml:4:5: steps[0].within: within: on a step bounds a wait_until; for a time "
            "window on an expectation put it inside the condition"},
        BadSnippet{
            "  - expect: {sync: {user: A B, device: panel, state: actve}}\n",
            "s.yaml:3:54: steps[0].expect.sync.state: unknown sync state 'actve'; use one of: "
            "pending, active, failed, superseded, none; did you mean 'active'?"},
        BadSnippet{
            "  - expect: {sync: {user: A B, device: panel, state: active, no_earlier_than: 5m, "
            "within: 4m}}\n",
            "s.yaml:3:79: steps[0].expect.sync.no_earlier_than: no_earlier_than (5m) is later "
            "than within (4m)"},
        BadSnippet{
            "  - expect: {sync: {user: A B, device: panel, state: failed, reason: "
            "lock_unreachble}}\n",
            "s.yaml:3:70: steps[0].expect.sync.reason: unknown error id 'lock_unreachble'; did "
            "you mean 'lock_unreachable'?"},
        BadSnippet{"  - expect: {partition: {name: House, state: armed}}\n",
                   "s.yaml:3:46: steps[0].expect.partition.state: unknown partition state 'armed'"},
        BadSnippet{
            "  - expect: {sink: {}}\n",
            "s.yaml:3:14: steps[0].expect.sink: unknown condition 'sink'; did you mean 'sync'?"},
        BadSnippet{"  - click: Save\n    tap: Save\n",
                   "s.yaml:4:5: steps[0].tap: 'tap' starts a second step inside this one; put '- ' "
                   "before it"},
        BadSnippet{"  - fault: {kind: link_dwn, target: cloud_to_panel}\n",
                   "s.yaml:3:19: steps[0].fault.kind: unknown fault kind 'link_dwn'; use one of: "
                   "link_down, link_up,"},
        BadSnippet{"  - fault: {kind: link_down, target: cloud_to_panl}\n",
                   "s.yaml:3:38: steps[0].fault.target: unknown link 'cloud_to_panl'; use one of: "
                   "cloud_to_panel, panel_to_cloud, panel_to_lock; did you mean 'cloud_to_panel'?"},
        BadSnippet{
            "  - fault: {kind: battery_low, target: Front Door, for: 1m}\n",
            "s.yaml:3:57: steps[0].fault.for: 'battery_low' does not clear itself, so it takes "
            "no `for:`"},
        BadSnippet{"  - keypad: {name: Hall Keypad, keys: \"1234 dissarm\"}\n",
                   "s.yaml:3:45: steps[0].keypad.keys: 'dissarm' is not a keypad key; did you mean "
                   "'disarm'?"},
        BadSnippet{"  - arm: {partition: House, mode: away}\n",
                   "s.yaml:3:10: steps[0].arm: say how to arm: `via: website` or `via: app`"},
        BadSnippet{"  - arm: {partition: House, mode: awya, via: app}\n",
                   "s.yaml:3:35: steps[0].arm.mode: unknown arming mode 'awya'; use one of: away, "
                   "stay, night; did you mean 'away'?"},
        BadSnippet{"  - arm: {partition: House, mode: away, via: app, code: \"1\"}\n",
                   "s.yaml:3:57: steps[0].arm.code: code: is for a keypad; from the app remove it"},
        BadSnippet{"  - disarm: {keypad: Hall Keypad}\n",
                   "s.yaml:3:13: steps[0].disarm: disarm at a keypad needs `code:`; add it"},
        BadSnippet{
            "  - add_user: {first: A, last: B, partitons: all}\n",
            "s.yaml:3:35: steps[0].add_user.partitons: unknown key 'partitons'; did you mean "
            "'partitions'?"},
        BadSnippet{
            "  - add_user: {first: A, last: B, partitions: House}\n",
            "s.yaml:3:47: steps[0].add_user.partitions: expected `all` or a list of names such "
            "as [House, Garage], found 'House' (write [House] for one)"},
        BadSnippet{"  - edit_code: {user: Sam Chen}\n",
                   "s.yaml:3:16: steps[0].edit_code: edit_code needs the new code"},
        BadSnippet{"  - lock: {name: Front Door, battery: 150}\n",
                   "s.yaml:3:39: steps[0].lock.battery: 150 is out of range; use a whole number in "
                   "0..100"},
        BadSnippet{
            "  - log_in: {via: web}\n",
            "s.yaml:3:19: steps[0].log_in.via: unknown channel 'web'; use one of: website, app"},
        BadSnippet{"  - log_in: website\n  - toggle: {Front Door: maybe}\n",
                   "s.yaml:4:26: steps[1].toggle.Front Door: expected on or off, found 'maybe'"},
        BadSnippet{
            "  - expect: {keypad_display: {name: K}}\n",
            "s.yaml:3:30: steps[0].expect.keypad_display: say what to look for: text: Ready"},
        BadSnippet{"  - expect: {notification: {to: a@example.com, kind: code_activ}}\n",
                   "s.yaml:3:54: steps[0].expect.notification.kind: unknown notification kind "
                   "'code_activ'"},
        BadSnippet{
            "  - expect: {trace: {kind: x, fields: {code: \"1\"}}}\n",
            "s.yaml:3:40: steps[0].expect.trace.fields.code: codes never appear in the trace"},
        BadSnippet{"  - say: hi\n    expect: ok\n",
                   "s.yaml:4:5: steps[0].expect: 'say' has no result to expect"},
        BadSnippet{"  - within: 3m\n",
                   "s.yaml:3:5: steps[0]: this step has no action, only within"}));

struct BadFile {
  std::string text;
  std::string expected;
};

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, AreReportedWithTheirPlaceAndFix) {
  const auto d = parse_scenario(GetParam().text, "s.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.error_text(), HasSubstr(GetParam().expected)) << d.error_text();
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadFiles,
    ::testing::Values(
        BadFile{"", "s.yaml: the file is empty; a scenario needs at least `name:` and `steps:`"},
        BadFile{"name: t\nstesp: []\n",
                "s.yaml:2:1: stesp: unknown key 'stesp'; did you mean 'steps'?"},
        BadFile{"name: t\n", "s.yaml:1:1: steps: missing required key 'steps'; add it"},
        BadFile{"name: t\nsteps: []\n", "s.yaml:2:8: steps: a scenario needs at least one step"},
        BadFile{"name: t\nseed: -1\nsteps:\n  - wait: 1s\n",
                "s.yaml:2:7: seed: expected a whole number in 0..18446744073709551615, found '-1'"},
        BadFile{
            "name: t\nworld: {overrides: {linsk: {}}}\nsteps:\n  - wait: 1s\n",
            "s.yaml:2:21: world.overrides.linsk: unknown world key 'linsk'; did you mean 'links'?"},
        BadFile{"name: t\nsteps:\n  - click: [Save\n", "s.yaml:4:1: this is not valid YAML"},
        BadFile{"name: t\ntags: [a, a]\nsteps:\n  - wait: 1s\n",
                "s.yaml:2:11: tags[1]: tag 'a' appears twice; keep one"}));

TEST(Errors, EveryProblemInAFileIsReportedInOneGo) {
  const auto d =
      parse_scenario(with_steps("  - clik: Save\n  - wait: soon\n  - tap: Nope\n"), "s.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().size(), 3U) << d.error_text();
}

TEST(Errors, AFileThatDoesNotExistSaysSo) {
  const auto d = parse_scenario_file("/nonexistent/lockstep/s.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.error_text(), HasSubstr("/nonexistent/lockstep/s.yaml: cannot open"));
}

TEST(Results, ExpectMayListSeveralAcceptableResults) {
  const auto d =
      parse_ok(with_steps("  - delete_user: Sam Chen\n    expect: [ok, system_armed]\n"));
  ASSERT_TRUE(d.steps[0].expect);
  EXPECT_EQ(d.steps[0].expect->to_string(), "one of ok, system_armed");
}

TEST(Results, EveryCoreErrorIdIsAnAcceptedResult) {
  for (core::ErrorId id : core::all_errors()) {
    const auto d = parse_ok(
        with_steps("  - delete_user: Sam Chen\n    expect: " + std::string(core::name(id)) + "\n"));
    ASSERT_EQ(d.steps.size(), 1U);
    EXPECT_EQ(d.steps[0].expect->any_of.at(0).error, id);
  }
}

// What each code entry can really be refused with: a lock's keypad says
// lock_jammed (a right code at a jammed bolt), a panel keypad says no_grant.
TEST(Results, EachCodeEntryTakesTheRefusalsItsDeviceCanGive) {
  const auto d = parse_ok(
      with_steps("  - enter_code: {lock: Front Door, code: \"4827\"}\n    expect: lock_jammed\n"
                 "  - enter_code: {lock: Front Door, code: \"4827\"}\n"
                 "    expect: [wrong_code, outside_schedule, locked_out, lock_jammed]\n"
                 "  - keypad: {name: Hall Keypad, keys: \"4827 disarm\"}\n"
                 "    expect: [no_grant, outside_schedule]\n"
                 "  - arm: {keypad: Hall Keypad, code: \"4827\", mode: away}\n"
                 "    expect: no_grant\n"));
  ASSERT_EQ(d.steps.size(), 4U);
  EXPECT_EQ(d.steps[0].expect->any_of.at(0).error, core::ErrorId::lock_jammed);
  EXPECT_EQ(d.steps[1].expect->any_of.size(), 4U);
  EXPECT_EQ(d.steps[2].expect->any_of.at(0).error, core::ErrorId::no_grant);
  EXPECT_EQ(d.steps[3].expect->any_of.at(0).error, core::ErrorId::no_grant);
}

TEST(Faults, TheWorldFileSpellingsAreAcceptedToo) {
  const auto d =
      parse_ok(with_steps("  - fault: {kind: lock_jammed, target: Front Door, for: 1m}\n"
                          "  - fault: {kind: panel_power_off}\n"));
  EXPECT_EQ(action<InjectFault>(d, 0).kind, sim::FaultKind::lock_jam);
  EXPECT_EQ(action<InjectFault>(d, 1).kind, sim::FaultKind::power_off);
  EXPECT_EQ(action<InjectFault>(d, 1).target, "panel");
}

TEST(Inputs, FormValuesMayBeEmptySoThatTheCoresRefusalsCanBeTested) {
  const auto d = parse_ok(with_steps(
      "  - log_in: website\n  - enter_name: {first: \"\", last: \"\"}\n  - access_code: \"\"\n"
      "  - access_code: 0042\n"));
  EXPECT_EQ(action<EnterName>(d, 1).first, "");
  EXPECT_TRUE(action<EnterAccessCode>(d, 2).code.empty());
  EXPECT_EQ(action<EnterAccessCode>(d, 3).code.reveal(), "0042") << "leading zeros stay";
}

TEST(Files, AScenarioFileIsReadFromDisk) {
  const auto path = std::filesystem::temp_directory_path() / "lockstep_parser_file_test.yaml";
  std::ofstream(path) << kArticleWebsite;
  const auto d = parse_scenario_file(path);
  ASSERT_TRUE(d.ok()) << d.error_text();
  EXPECT_EQ(d->steps.front().location.file, path.string());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace lockstep::scenarios
