// The executor (scenarios/executor.cpp) and the invariant checkers
// (scenarios/invariants.cpp): small inline scenarios run through
// make_site_executor(), each invariant fired on a constructed violation, and
// the deliberately broken scenario (tests/scenarios/broken/) run by
// `lockstep run`, whose replay line reproduces the same failure.
#include "scenarios/executor.hpp"

#include <array>
#include <cstdio>
#include <future>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "devices/site.hpp"
#include "devices/zwave.hpp"
#include "scenarios/device_mapping.hpp"
#include "scenarios/invariants.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::scenarios {
namespace {

using sim::Duration;

// Parses `yaml` (failing the test on a parse error) and runs it like the
// runner does: through make_site_executor().
RunResult run(const std::string& yaml, std::uint64_t seed = 42, RunOptions options = {}) {
  auto parsed = parse_scenario(yaml, "inline/test.yaml");
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error_text();
    return {};
  }
  LoadedScenario loaded;
  loaded.scenario = parsed->scenario;
  loaded.document = std::make_shared<const ScenarioDocument>(std::move(parsed).value());
  return make_site_executor()(loaded, seed, options);
}

std::string describe(const RunResult& r) {
  if (r.passed) return "passed";
  if (!r.failure) return "failed without a Failure";
  const Failure& f = *r.failure;
  return f.location.to_string() + " [" + std::to_string(f.step_index) + "] " + f.step +
         "\n  expected " + f.expected + "\n  observed " + f.observed + "\n  at " +
         sim::format_time(f.at);
}

const char* const kWebsiteFlow = R"yaml(
name: A code created on the website is active at the panel within a few minutes
tags: [website, propagation]
world: default
seed: 42
steps:
  - say: Alex logs into the website and adds Casey.
  - log_in: {via: website, email: alex.rivera@example.com, password: "correct horse battery staple"}
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
  - expect: {sync: {user: Casey Morgan, device: panel, state: pending, reason: "sent, waiting for panel"}}
  - wait_until: {sync: {user: Casey Morgan, device: panel, state: active}}
    within: 5m
  - expect: {sync: {user: Casey Morgan, device: panel, state: active, no_earlier_than: 60s, within: 5m}}
  - keypad: {name: Hall Keypad, keys: "8362 disarm"}
    expect: accepted
  - expect: {keypad_display: {name: Hall Keypad, text: Ready}}
  - wait_until: settled
    within: 5m
  - expect:
      - holds: {device: Front Door, user: Casey Morgan}
      - holds_not: {device: Garage Door, user: Casey Morgan}
      - notification: {to: "(201) 555-0123", kind: code_active, via: sms}
      - notification: {to: alex.rivera@example.com, kind: code_changed, via: email}
      - trace: {component: panel, kind: edit_applied, after: edit_sent, no_earlier_than: 60s}
)yaml";

const char* const kAppFlow = R"yaml(
name: A user created in the app gets a generated code and an email contact
tags: [app]
steps:
  - log_in: {via: app}
  - tap: Menu
  - tap: Users
  - tap: Add
  - enter_name: {first: Robin, last: Lee}
  - tap: Create
  - tap: Generate Code
  - toggle: {House: on, Back Door: on}
  - tap: Save
  - tap: + Add Contact
  - tap: Email Address
  - email_address: {address: robin.lee@example.com, format: Plain Text}
  - tap: Save
  - tap: Menu
  - tap: Users
  - open_user: Robin Lee
  - access_code: "5190"
  - tap: Save
    expect: [ok, code_in_use]
  - log_out: app
  - wait_until: settled
    within: 10m
  - expect:
      - holds: {device: Back Door, user: Robin Lee}
      - holds: {device: panel, user: Robin Lee}
      - notification: {to: robin.lee@example.com, kind: code_active, via: email}
)yaml";

// =============================================================================
// The article's flows pass
// =============================================================================

TEST(Executor, TheArticlesWebsiteFlowPassesOnTheDefaultWorld) {
  const RunResult r = run(kWebsiteFlow);
  EXPECT_TRUE(r.passed) << describe(r);
  EXPECT_EQ(r.seed, 42U);
  EXPECT_GT(r.events, 3U);
  EXPECT_GT(r.virtual_end, sim::Time::zero() + Duration::min(1));
  EXPECT_EQ(r.trace_digest.size(), 16U);
  EXPECT_TRUE(r.trace_jsonl.empty()) << "the trace is kept only when asked";
}

TEST(Executor, TheArticlesAppFlowPassesWithAGeneratedCodeAndAnEmailContact) {
  const RunResult r = run(kAppFlow);
  EXPECT_TRUE(r.passed) << describe(r);
}

TEST(Executor, TheArticlesFlowsPassForManySeeds) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult web = run(kWebsiteFlow, seed);
    EXPECT_TRUE(web.passed) << "seed " << seed << ": " << describe(web);
    const RunResult app = run(kAppFlow, seed);
    EXPECT_TRUE(app.passed) << "seed " << seed << ": " << describe(app);
  }
}

TEST(Executor, ShortFormsDevicesAndFaultsRunTheReadmesArmRaceScenario) {
  const RunResult r = run(R"yaml(
name: An edit saved just before arming is refused at the panel and nothing is half-applied
tags: [arm_state, faults]
world: {overrides: {seed: 7}}
steps:
  - fault: {kind: link_down, target: cloud_to_panel, for: 10m}
  - edit_code: {user: Sam Chen, code: "9051", via: app}
  - expect: {sync: {user: Sam Chen, device: panel, state: pending, reason: "panel offline, queued"}}
  - arm: {keypad: Hall Keypad, code: "4827", mode: away}
    expect: accepted
  - wait_until: {partition: {name: House, state: armed_away}}
    within: 1m
  - wait_until: {sync: {user: Sam Chen, device: panel, state: failed, reason: system_armed}}
    within: 15m
  - expect:
      - holds: {device: Front Door, user: Sam Chen}
      - trace_not: {component: panel, kind: edit_applied, fields: {user: 2}}
  - disarm: {partition: House, via: website}
  - wait_until: {partition: {name: House, state: disarmed}}
    within: 10m
  - wait: 1m
  - add_user: {first: Casey, last: Morgan, code: "8362", partitions: [House], locks: [Front Door]}
  - change_grants: {user: Casey Morgan, locks: {Back Door: on}}
  - add_contact: {user: Casey Morgan, email: casey@example.com}
  - share_user_code: Casey Morgan
  - cancel_edit: Casey Morgan
    expect: [ok, edit_not_cancellable, edit_not_found]
  - delete_user: Jordan Patel
  - wait: 10m
  - lock: {name: Front Door, battery: 15}
  - keypad: {name: Hall Keypad, keys: "1111 clear 9051 disarm"}
    expect: [accepted, wrong_code]
  - enter_code: {lock: Front Door, code: "0000"}
    expect: wrong_code
  - expect:
      - bolt: {lock: Front Door, state: locked}
      - trace: {component: cloud, kind: edit_sent}
      - notification: {to: alex.rivera@example.com, kind: code_changed}
      - holds_not: {device: Garage Door, user: Jordan Patel}
      - settled
)yaml");
  EXPECT_TRUE(r.passed) << describe(r);
}

// =============================================================================
// Failures: where, what was expected, what was observed
// =============================================================================

TEST(Executor, AnExpectationThatCannotHoldFailsAtItsStepWithExpectedAndObserved) {
  const RunResult r = run(R"yaml(name: The House is armed from the start
steps:
  - log_in: website
  - wait: 1m
  - expect: {partition: {name: House, state: armed_away}}
  - say: never reached
)yaml");
  ASSERT_FALSE(r.passed);
  ASSERT_TRUE(r.failure);
  const Failure& f = *r.failure;
  EXPECT_EQ(f.step_index, 2U);
  EXPECT_EQ(f.location.file, "inline/test.yaml");
  EXPECT_EQ(f.location.line, 5);
  EXPECT_EQ(f.expected, "partition: {name: House, state: armed_away}");
  EXPECT_NE(f.observed.find("House is disarmed"), std::string::npos) << f.observed;
  EXPECT_EQ(f.at, sim::Time::zero() + Duration::min(1));
  EXPECT_EQ(r.virtual_end, f.at);
}

TEST(Executor, AnUnexpectedRefusalFailsWithItsErrorIdAndSentence) {
  const RunResult r = run(R"yaml(name: Saving a code of letters
steps:
  - log_in: website
  - click: Users
  - click: Add New User
  - enter_name: {first: Casey, last: Morgan}
  - click: Create
  - access_code: "12a4"
  - click: Save
)yaml");
  ASSERT_TRUE(r.failure) << describe(r);
  EXPECT_EQ(r.failure->step_index, 6U);
  EXPECT_EQ(r.failure->expected, "ok");
  EXPECT_EQ(r.failure->observed.rfind("code_not_digits: ", 0), 0U) << r.failure->observed;
}

TEST(Executor, ARefusalThatWasExpectedPasses) {
  const RunResult r = run(R"yaml(name: The cloud refuses edits while it knows the House is armed
steps:
  - arm: {partition: House, mode: away, via: app}
  - wait_until: {partition: {name: House, state: armed_away}}
    within: 10m
  - wait: 1m
  - edit_code: {user: Sam Chen, code: "9051"}
    expect: system_armed
  - keypad: {name: Hall Keypad, keys: "1234 disarm"}
    expect: wrong_code
  - expect: {keypad_display: {name: Hall Keypad, text: Invalid code}}
)yaml");
  EXPECT_TRUE(r.passed) << describe(r);
}

TEST(Executor, WaitUntilFailsWithTheObservedStateOnceTheBoundHasPassedAndNeverRunsBeyondIt) {
  const RunResult r = run(R"yaml(name: Active within 30 seconds on a link of one to four minutes
steps:
  - add_user: {first: Casey, last: Morgan, code: "8362", partitions: [House]}
  - wait_until: {sync: {user: Casey Morgan, device: panel, state: active}}
    within: 30s
)yaml");
  ASSERT_TRUE(r.failure);
  const Failure& f = *r.failure;
  EXPECT_EQ(f.step_index, 1U);
  EXPECT_EQ(f.location.line, 4);
  EXPECT_EQ(f.at, sim::Time::zero() + Duration::s(30));
  EXPECT_EQ(r.virtual_end, f.at) << "the run stops at the bound";
  EXPECT_NE(f.expected.find("within 30s"), std::string::npos) << f.expected;
  EXPECT_NE(f.observed.find("Casey Morgan on panel: pending (sent, waiting for panel)"),
            std::string::npos)
      << f.observed;
}

TEST(Executor, WaitUntilStopsAtTheEventThatMadeItsConditionHold) {
  const RunResult r = run(R"yaml(name: The exit delay ends at thirty seconds
steps:
  - arm: {keypad: Hall Keypad, code: "4827", mode: stay}
  - wait_until: {partition: {name: House, state: armed_stay}}
    within: 5m
)yaml");
  EXPECT_TRUE(r.passed) << describe(r);
  EXPECT_EQ(r.virtual_end, sim::Time::zero() + Duration::s(30));
}

TEST(Executor, AnUnknownNameFailsTheStepAndListsTheValidNames) {
  const RunResult keypad = run(R"yaml(name: A keypad that is not there
steps:
  - keypad: {name: Porch Keypad, keys: "4827 disarm"}
)yaml");
  ASSERT_TRUE(keypad.failure);
  EXPECT_EQ(
      keypad.failure->observed,
      "not done: no keypad 'Porch Keypad' in the world (keypads: Hall Keypad, Garage Keypad)");

  const RunResult user = run(R"yaml(name: A user who is not there
steps:
  - edit_code: {user: Sam Chan, code: "9051"}
)yaml");
  ASSERT_TRUE(user.failure);
  EXPECT_NE(user.failure->observed.find("user_not_found"), std::string::npos);
  EXPECT_NE(user.failure->observed.find("Alex Rivera, Sam Chen, Jordan Patel"), std::string::npos)
      << user.failure->observed;

  const RunResult lock = run(R"yaml(name: A lock that is not there
steps:
  - expect: {bolt: {lock: Side Door, state: locked}}
)yaml");
  ASSERT_TRUE(lock.failure);
  EXPECT_NE(lock.failure->observed.find("locks: Front Door, Back Door, Garage Door"),
            std::string::npos)
      << lock.failure->observed;
}

TEST(Executor, AnInvalidWorldFailsAtTheScenariosWorldLine) {
  const RunResult r = run(R"yaml(name: A world with a bad link
world: {overrides: {links: {cloud_to_panel: "sometimes"}}}
steps:
  - wait: 1m
)yaml");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->location.line, 2);
  EXPECT_EQ(r.failure->expected, "a valid world");
  EXPECT_EQ(r.failure->observed.rfind("the world is invalid: ", 0), 0U) << r.failure->observed;
  EXPECT_NE(r.failure->observed.find("overrides of inline/test.yaml"), std::string::npos)
      << r.failure->observed;
}

TEST(Executor, WorldOverridesAreMergedOverTheDefaultWorld) {
  const RunResult r = run(R"yaml(name: A fixed 90 second link
world: {overrides: {links: {cloud_to_panel: "fixed(90s)"}}}
steps:
  - edit_code: {user: Sam Chen, code: "9051"}
  - wait_until: {sync: {user: Sam Chen, device: panel, state: active}}
    within: 3m
  - expect: {sync: {user: Sam Chen, device: panel, state: active, no_earlier_than: 91s, within: 95s}}
  - expect: {holds: {device: Front Door, user: Alex Rivera}}
)yaml");
  EXPECT_TRUE(r.passed) << describe(r);
}

TEST(Executor, MergeYamlMergesMappingsKeyByKeyAndReplacesEverythingElse) {
  const auto merged = merge_yaml("a: {b: 1, c: [1, 2]}\nd: x\n", "a: {c: [3], e: 4}\n");
  ASSERT_TRUE(merged.ok()) << merged.error;
  const auto again = merge_yaml(*merged, "{}");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(merged->find("b: 1"), std::string::npos) << *merged;
  EXPECT_NE(merged->find("e: 4"), std::string::npos) << *merged;
  EXPECT_EQ(merged->find("- 1"), std::string::npos) << *merged;
  EXPECT_NE(merged->find("d: x"), std::string::npos) << *merged;
  EXPECT_FALSE(merge_yaml("a: [", "b: 1").ok());
}

// =============================================================================
// Replay: a pure function of (scenario, seed)
// =============================================================================

const char* const kBroken = R"yaml(name: Active within 30 seconds, broken on purpose
steps:
  - add_user: {first: Casey, last: Morgan, code: "8362", partitions: [House], locks: [Front Door]}
  - wait: 5m
  - expect: {sync: {user: Casey Morgan, device: Front Door, state: failed}}
)yaml";

TEST(Executor, TheSameSeedReplaysTheSameFailureAndDigestAndAnotherSeedDiffers) {
  const RunResult first = run(kBroken, 7);
  const RunResult again = run(kBroken, 7);
  ASSERT_TRUE(first.failure);
  ASSERT_TRUE(again.failure);
  EXPECT_EQ(first.failure->step_index, again.failure->step_index);
  EXPECT_EQ(first.failure->location.to_string(), again.failure->location.to_string());
  EXPECT_EQ(first.failure->step, again.failure->step);
  EXPECT_EQ(first.failure->expected, again.failure->expected);
  EXPECT_EQ(first.failure->observed, again.failure->observed);
  EXPECT_EQ(first.failure->at, again.failure->at);
  EXPECT_EQ(first.trace_digest, again.trace_digest);
  EXPECT_EQ(first.events, again.events);

  // A website flow long enough for the links' draws to matter.
  EXPECT_NE(run(kWebsiteFlow, 7).trace_digest, run(kWebsiteFlow, 8).trace_digest);
}

TEST(Executor, RunsOnSeveralThreadsAtOnceGiveTheSameResults) {
  const std::string expected = run(kWebsiteFlow, 5).trace_digest;
  std::vector<std::future<std::string>> runs;
  for (int i = 0; i < 4; ++i) {
    runs.push_back(
        std::async(std::launch::async, [] { return run(kWebsiteFlow, 5).trace_digest; }));
  }
  for (auto& f : runs)
    EXPECT_EQ(f.get(), expected);
}

TEST(Executor, TheTraceIsKeptOnlyWhenAskedAndShowsCodesOnlyWhenRevealed) {
  RunOptions keep;
  keep.keep_trace = true;
  const RunResult masked = run(kBroken, 7, keep);
  ASSERT_FALSE(masked.trace_jsonl.empty());
  bool code_field = false;
  for (const auto& line : masked.trace_jsonl) {
    EXPECT_EQ(line.find("8362"), std::string::npos) << line;
    code_field = code_field || line.find("\"code\":\"****\"") != std::string::npos;
  }
  EXPECT_TRUE(code_field) << "the lock's code_added record is in the trace, masked";

  keep.reveal_codes = true;
  const RunResult revealed = run(kBroken, 7, keep);
  bool shown = false;
  for (const auto& line : revealed.trace_jsonl)
    shown = shown || line.find("\"code\":\"8362\"") != std::string::npos;
  EXPECT_TRUE(shown);
  EXPECT_EQ(masked.trace_digest, revealed.trace_digest);
}

// =============================================================================
// Invariants: each fires on a constructed violation
// =============================================================================

class Invariants : public ::testing::Test {
 protected:
  devices::Site& site() { return run_.site(); }
  std::optional<Violation> run_checked(Duration d) {
    const sim::Time end = run_.now() + d;
    while (auto next = run_.scheduler().next_event_time()) {
      if (*next > end) break;
      run_.scheduler().step();
      if (auto v = checker_.check()) return v;
    }
    run_.scheduler().run_until(end);
    return checker_.check();
  }
  // A User Code Set frame straight into a lock's radio, as if the panel sent it.
  void radio_set(std::uint32_t lock, std::uint16_t slot, const char* code) {
    devices::zwave::UserCodeSet set;
    set.slot = slot;
    if (code == nullptr) {
      set.status = devices::zwave::SlotStatus::available;
    } else {
      set.code = core::AccessCode(code);
    }
    site().lock(core::LockIndex{lock}).receive_frame(devices::zwave::encode(set));
  }

  // A Schedule Entry Lock command straight into a lock's radio (supervised,
  // as the panel sends them).
  void radio_schedule(std::uint32_t lock, const devices::zwave::Message& command) {
    devices::zwave::SupervisionGet get;
    get.session = 63;
    get.command = devices::zwave::encode(command);
    site().lock(core::LockIndex{lock}).receive_frame(devices::zwave::encode(get));
  }

  devices::SiteRun run_{devices::default_world(), 42};
  InvariantChecker checker_{run_.site()};
};

TEST_F(Invariants, StayQuietWhileTheSiteRunsNormally) {
  site().keypad(0).type("4827A");
  EXPECT_FALSE(run_checked(Duration::min(5)));
  site().keypad(0).type("3619D");
  EXPECT_FALSE(run_checked(Duration::min(5)));
  EXPECT_FALSE(checker_.check_end_of_run());
  EXPECT_FALSE(checker_.unhealthy());
}

TEST_F(Invariants, NoCodeInTraceFiresOnARecordThatCarriesACode) {
  run_.trace().emit(run_.now(), "cloud", "oops", {sim::field("why", "code 4827 refused")});
  const auto v = checker_.check();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::no_code_in_trace);
  EXPECT_NE(v->observed.find("cloud oops, field 'why'"), std::string::npos) << v->observed;
  EXPECT_EQ(v->observed.find("4827"), std::string::npos) << "the report never quotes the code";
}

TEST_F(Invariants, NoCodeInTraceIgnoresNumbersThatOnlyContainACodesDigits) {
  checker_.note_code("5550");
  run_.trace().emit(run_.now(), "cloud", "notification_sent",
                    {sim::field("to", "2015550123@vtext.com"), sim::field("user", 4827),
                     sim::secret_field("code", "4827")});
  EXPECT_FALSE(checker_.check());
  EXPECT_EQ(checker_.mask_codes("code 4827, phone 2015550123"), "code ****, phone 2015550123");
}

TEST_F(Invariants, NothingHalfAppliedFiresOnAPanelRecordTheCloudNeverSent) {
  // Sam's record with Alex's grants: a mix of two records, sent by nobody.
  const auto& users = site().panel().users();
  devices::PanelUser mixed = users.at(1);
  mixed.grants = users.at(0).grants;
  site().panel().receive(devices::ApplyUserEdit{devices::EditId{999}, mixed.id, mixed});
  const auto v = checker_.check();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::nothing_half_applied);
  EXPECT_NE(v->observed.find("the closest differs in grants"), std::string::npos) << v->observed;
}

TEST_F(Invariants, NothingHalfAppliedFiresOnALockGivenACodeThePanelNeverHeld) {
  radio_set(0, 7, "5555");
  const auto v = run_checked(Duration::min(1));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::nothing_half_applied);
  EXPECT_EQ(v->observed,
            "Front Door slot 7 was given a code the panel never held for a user "
            "granted Front Door");
}

TEST_F(Invariants, NoEditWhileArmedFiresOnALockGivenANewCodeWhileArmed) {
  site().keypad(0).type("4827A");
  EXPECT_FALSE(checker_.check());
  radio_set(0, 7, "5555");
  const auto v = run_checked(Duration::min(1));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::no_edit_while_armed);
}

TEST_F(Invariants, NothingHalfAppliedFiresAtTheEndOnALockChangedBehindTheRadio) {
  core::SlotTable extra(site().lock(core::LockIndex{1}).spec().slots);
  extra.at(9) = core::SlotContent{core::UserId{1}, core::AccessCode("4827")};
  site().lock(core::LockIndex{1}).provision(extra);
  EXPECT_FALSE(run_checked(Duration::min(1)));
  const auto v = checker_.check_end_of_run();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::nothing_half_applied);
  EXPECT_NE(v->observed.find("Back Door has 3 slot(s) in use, but its trace accounts for 2"),
            std::string::npos)
      << v->observed;
}

TEST_F(Invariants, DevicesConvergeFiresWhenALockLosesACodeBehindTheCloudsBack) {
  radio_set(0, 1, nullptr);  // Front Door slot 1 (Alex) cleared: a clear is never half-applied
  EXPECT_FALSE(run_checked(Duration::min(1)));
  const auto v = checker_.check_end_of_run();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::devices_converge);
  EXPECT_NE(v->observed.find("Front Door does not hold the code of user 1 (Alex Rivera)"),
            std::string::npos)
      << v->observed;
}

TEST_F(Invariants, DevicesConvergeFiresWhenALockKeepsTheRightCodeWithAStaleSchedule) {
  // Jordan (guest, weekdays 08:00-18:00) at the Garage Door: the slot's
  // schedule switched off behind the cloud's back. The code is still right,
  // so only the schedule tells.
  devices::Lock& garage = site().lock(core::LockIndex{2});
  const auto slot = garage.slot_of(core::AccessCode("5073"));
  ASSERT_TRUE(slot);
  ASSERT_FALSE(checker_.check_end_of_run()) << "the installed schedule agrees with the directory";
  radio_schedule(2, devices::zwave::ScheduleEnableSet{*slot, false});
  EXPECT_FALSE(run_checked(Duration::min(1)));
  ASSERT_TRUE(std::holds_alternative<core::AtAllTimes>(garage.slot_times(*slot)));
  const auto v = checker_.check_end_of_run();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::devices_converge);
  EXPECT_EQ(v->observed,
            "the site is healthy and nothing is pending, yet Garage Door holds the code of user 3 "
            "(Jordan Patel) with other access times than the directory's: the lock at all times, "
            "the directory Mon 08:00-18:00, Tue 08:00-18:00, Wed 08:00-18:00, Thu 08:00-18:00, "
            "Fri 08:00-18:00");
}

TEST_F(Invariants, DevicesConvergeFiresWhenOneDayOfAScheduleIsStale) {
  devices::Lock& garage = site().lock(core::LockIndex{2});
  const auto slot = garage.slot_of(core::AccessCode("5073"));
  ASSERT_TRUE(slot);
  // Entry 3 (Wednesday) now ends at noon.
  radio_schedule(
      2, devices::zwave::WeekDayScheduleSet{devices::zwave::ScheduleAction::modify, *slot, 3,
                                            core::Weekday::wednesday, 8 * 60, 12 * 60});
  EXPECT_FALSE(run_checked(Duration::min(1)));
  const auto v = checker_.check_end_of_run();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invariant, Invariant::devices_converge);
  EXPECT_NE(v->observed.find("the lock Mon 08:00-18:00, Tue 08:00-18:00, Wed 08:00-12:00,"),
            std::string::npos)
      << v->observed;
}

TEST_F(Invariants, DevicesConvergeHoldsOnceAScheduleChangeHasReachedTheLock) {
  // Jordan's schedule changed at the cloud (weekends, 10:00-14:00): the
  // devices differ until the panel has rewritten the Garage Door's slot.
  devices::Cloud& cloud = site().cloud();
  const auto& account = site().world().account;
  const auto session = cloud.log_in(account.email, account.password, devices::Channel::website);
  ASSERT_TRUE(session.ok());
  core::CodeEdit edit;
  edit.access_times = core::RestrictedSchedule{{core::ScheduleBlock{0b1100000, 10 * 60, 14 * 60}}};
  ASSERT_TRUE(cloud.save_user(*session, core::UserId{3}, edit).ok());
  EXPECT_FALSE(checker_.check());
  EXPECT_NE(checker_.devices_differ(), std::nullopt);
  EXPECT_FALSE(run_checked(Duration::min(10)));
  EXPECT_EQ(checker_.in_flight(), std::nullopt);
  EXPECT_EQ(checker_.devices_differ(), std::nullopt);
  EXPECT_FALSE(checker_.check_end_of_run());
  const auto slot = site().lock(core::LockIndex{2}).slot_of(core::AccessCode("5073"));
  ASSERT_TRUE(slot);
  EXPECT_FALSE(
      std::holds_alternative<core::AtAllTimes>(site().lock(core::LockIndex{2}).slot_times(*slot)));
}

TEST_F(Invariants, DevicesConvergeIsNotCheckedWhileTheSiteIsUnhealthy) {
  radio_set(0, 1, nullptr);
  EXPECT_FALSE(run_checked(Duration::min(1)));
  ASSERT_TRUE(site().faults().inject_now(sim::FaultKind::lock_asleep, "Back Door").ok());
  EXPECT_EQ(checker_.unhealthy(), "Back Door is asleep");
  EXPECT_FALSE(checker_.check_end_of_run());
}

TEST(InvariantNames, EveryInvariantHasANameAndARequirement) {
  for (const auto i : {Invariant::no_edit_while_armed, Invariant::nothing_half_applied,
                       Invariant::devices_converge, Invariant::no_code_in_trace}) {
    EXPECT_FALSE(to_string(i).empty());
    EXPECT_FALSE(requirement(i).empty());
  }
}

// =============================================================================
// The language's enums map onto devices' value for value
// =============================================================================

TEST(DeviceMapping, EveryLanguageValueMapsOntoTheDeviceValueOfTheSameName) {
  for (const auto c : {Channel::website, Channel::app}) {
    EXPECT_EQ(to_string(c), devices::to_string(to_device(c)));
  }
  for (const auto s : all_sync_states()) {
    EXPECT_EQ(to_string(s), devices::to_string(to_device(s)));
  }
  for (const auto k : all_notification_kinds()) {
    EXPECT_EQ(to_string(k), devices::to_string(to_device(k)));
  }
  EXPECT_EQ(devices::to_string(to_device(NotificationVia::sms)), "sms");
  EXPECT_EQ(devices::to_string(to_device(NotificationVia::email)), "email");
  for (const auto b : {BoltState::locked, BoltState::unlocked, BoltState::jammed}) {
    EXPECT_EQ(to_string(b), devices::to_string(to_device(b)));
  }
  EXPECT_EQ(to_device(ArmMode::stay), devices::ArmMode::stay);
  EXPECT_EQ(to_device(ArmMode::away), devices::ArmMode::away);
  EXPECT_EQ(to_device(ArmMode::night), devices::ArmMode::night);
  for (const auto m : {ArmMode::stay, ArmMode::away, ArmMode::night}) {
    EXPECT_EQ("armed_" + std::string(to_string(m)), core::to_string(armed_state(m)));
  }
  // Function keys: devices::Key has no names; the order of its non-digit keys
  // is fixed by the keypad, so check each one.
  EXPECT_EQ(to_device(FunctionKey::arm_away), devices::Key::arm_away);
  EXPECT_EQ(to_device(FunctionKey::arm_stay), devices::Key::arm_stay);
  EXPECT_EQ(to_device(FunctionKey::arm_night), devices::Key::arm_night);
  EXPECT_EQ(to_device(FunctionKey::disarm), devices::Key::disarm);
  EXPECT_EQ(to_device(FunctionKey::clear), devices::Key::clear);
  EXPECT_EQ(all_function_keys().size(), 5U);
}

// =============================================================================
// `lockstep run` on the deliberately broken scenario, and its replay line
// =============================================================================

struct Command {
  int exit_code = -1;
  std::string output;
};

Command shell(const std::string& command) {
  Command c;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return c;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    c.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return c;
}

// The failure block of a report: from "Failures:" up to the summary, with the
// wall-time column and the replay line's own text left out.
std::string failure_block(const std::string& output) {
  const auto start = output.find("Failures:");
  if (start == std::string::npos) return {};
  std::string block;
  std::size_t at = start;
  while (at < output.size()) {
    const auto end = output.find('\n', at);
    const std::string line = output.substr(at, end == std::string::npos ? end : end - at);
    if (line.find(" runs/s") != std::string::npos || line.find(" run in ") != std::string::npos) {
      break;
    }
    block += line + "\n";
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return block;
}

TEST(LockstepRun, TheBrokenScenarioFailsWithItsStepAndAReplayLineThatReproducesIt) {
  const std::string broken =
      std::string(LOCKSTEP_TEST_DATA_DIR) + "/broken/code_active_within_30s.yaml";
  const Command first = shell(std::string(LOCKSTEP_BINARY) + " run " + broken + " --jobs 1");
  EXPECT_EQ(first.exit_code, 1) << first.output;
  EXPECT_NE(first.output.find("code_active_within_30s.yaml:13:5"), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("wait_until: {sync: {user: Casey Morgan, device: panel, "
                              "state: active}}"),
            std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("pending (sent, waiting for panel)"), std::string::npos)
      << first.output;
  EXPECT_EQ(first.output.find("8362"), std::string::npos) << "no code in the report";

  const auto at = first.output.find("  replay    ");
  ASSERT_NE(at, std::string::npos) << first.output;
  const auto eol = first.output.find('\n', at);
  const std::string replay = first.output.substr(at + 12, eol - at - 12);
  EXPECT_NE(replay.find("--seed 42"), std::string::npos) << replay;

  const Command again = shell(replay);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_FALSE(failure_block(first.output).empty());
  EXPECT_EQ(failure_block(again.output), failure_block(first.output));
}

}  // namespace
}  // namespace lockstep::scenarios
