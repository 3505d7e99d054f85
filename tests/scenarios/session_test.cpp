// ScenarioSession (scenarios/scenario_session.hpp): a scenario run a step at a
// time. Each step's outcome, a failing expectation at its own step, waits
// stopped at a limit and continued, conditions evaluated on demand, a person's
// hands between steps; and every bundled scenario stepped in small pieces
// gives exactly the result of the whole-run executor (`lockstep run`).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "devices/zwave.hpp"
#include "scenarios/executor.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/scenario_session.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::scenarios {
namespace {

using sim::Duration;

std::shared_ptr<const ScenarioDocument> parse(const std::string& yaml) {
  auto parsed = parse_scenario(yaml, "inline/session.yaml");
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error_text();
    return nullptr;
  }
  return std::make_shared<const ScenarioDocument>(std::move(parsed).value());
}

std::unique_ptr<ScenarioSession> open(const std::string& yaml, std::uint64_t seed = 42) {
  auto document = parse(yaml);
  if (!document) return nullptr;
  auto opened = ScenarioSession::open(document, seed);
  if (!opened.session) ADD_FAILURE() << "no session: " << opened.failure->observed;
  return std::move(opened.session);
}

std::string text(const std::optional<Failure>& f) {
  if (!f) return "no failure";
  return f->location.to_string() + " [" + std::to_string(f->step_index) + "] " + f->step +
         "\n  expected " + f->expected + "\n  observed " + f->observed + "\n  at " +
         sim::format_time(f->at);
}

// A step, a wait, a live condition and a keypad entry on the default world.
const char* const kCasey = R"yaml(
name: Casey's code reaches the panel
steps:
  - say: Alex adds Casey.
  - add_user: {first: Casey, last: Morgan, code: "8362", partitions: [House], locks: [Front Door]}
  - expect: {sync: {user: Casey Morgan, device: panel, state: pending}}
  - wait_until: {sync: {user: Casey Morgan, device: panel, state: active}}
    within: 5m
  - keypad: {name: Hall Keypad, keys: "8362 disarm"}
  - wait: 3m
  - click: Save
    expect: [ok, code_in_use]
)yaml";

TEST(ScenarioSession, EachStepRunsOnceAndReportsItsIndexUntilTheRunIsDone) {
  auto session = open(kCasey);
  ASSERT_TRUE(session);
  const std::size_t n = session->document().steps.size();
  ASSERT_EQ(n, 7u);
  EXPECT_EQ(session->next_step(), 0u);
  EXPECT_FALSE(session->done());
  EXPECT_EQ(session->site().cloud().directory().users().size(), 3u);

  for (std::size_t i = 0; i + 1 < n; ++i) {
    const StepOutcome o = session->step();
    EXPECT_EQ(o.index, i);
    EXPECT_TRUE(o.finished);
    EXPECT_TRUE(o.passed) << "step " << i << ": " << text(o.failure);
    EXPECT_EQ(session->next_step(), i + 1);
    EXPECT_FALSE(session->done());
    if (i == 1) {
      EXPECT_EQ(session->site().cloud().directory().users().size(), 4u) << "add_user ran";
      EXPECT_EQ(session->now(), sim::Time::zero()) << "actions take no virtual time";
    }
  }
  // The last step: `click: Save` on the website's home page is not possible there.
  const StepOutcome last = session->step();
  EXPECT_EQ(last.index, n - 1);
  EXPECT_FALSE(last.passed);
  ASSERT_TRUE(last.failure);
  EXPECT_EQ(last.failure->step_index, n - 1);
  EXPECT_EQ(last.failure->expected, "one of ok, code_in_use");
  EXPECT_TRUE(session->done());

  // Once done, step() runs nothing and repeats the end.
  const auto events = session->scheduler().events_executed();
  const StepOutcome again = session->step();
  EXPECT_EQ(again.index, n - 1);
  EXPECT_FALSE(again.passed);
  EXPECT_EQ(session->scheduler().events_executed(), events);
  const RunResult result = session->result();
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(text(result.failure), text(last.failure));
}

TEST(ScenarioSession, AFailingExpectationIsReportedAtItsStepWithTheRunnersWording) {
  const std::string yaml = R"yaml(name: The House is armed from the start
steps:
  - log_in: website
  - wait: 1m
  - expect: {partition: {name: House, state: armed_away}}
  - say: never reached
)yaml";
  auto session = open(yaml);
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->step().passed);
  EXPECT_TRUE(session->step().passed);
  const StepOutcome o = session->step();
  EXPECT_EQ(o.index, 2u);
  EXPECT_FALSE(o.passed);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->location.line, 5);
  EXPECT_EQ(o.failure->step, "expect: {partition: {name: House, state: armed_away}}");
  EXPECT_EQ(o.failure->expected, "partition: {name: House, state: armed_away}");
  EXPECT_NE(o.failure->observed.find("House is disarmed"), std::string::npos);
  EXPECT_TRUE(session->done());
  EXPECT_EQ(session->next_step(), 2u) << "the failed step is where the run stopped";

  // Exactly what `lockstep run`'s executor reports.
  const RunResult whole = run_scenario(*parse(yaml), 42);
  EXPECT_EQ(text(whole.failure), text(o.failure));
}

TEST(ScenarioSession, AWaitStoppedAtALimitContinuesWhereItStopped) {
  auto session = open(kCasey);
  ASSERT_TRUE(session);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(session->step().passed);  // up to the keypad entry
  ASSERT_EQ(session->next_step(), 5u);    // wait: 3m
  const sim::Time start = session->now();
  const StepOutcome part = session->advance(start + Duration::min(1));
  EXPECT_FALSE(part.finished);
  EXPECT_FALSE(part.passed);
  EXPECT_EQ(part.index, 5u);
  EXPECT_TRUE(session->in_step());
  EXPECT_EQ(session->next_step(), 5u);
  EXPECT_EQ(session->now(), start + Duration::min(1));

  const StepOutcome rest = session->advance(sim::Time::max());
  EXPECT_TRUE(rest.finished);
  EXPECT_TRUE(rest.passed);
  EXPECT_FALSE(session->in_step());
  EXPECT_EQ(session->now(), start + Duration::min(3)) << "the wait's own deadline, no further";
}

TEST(ScenarioSession, ConditionsAreEvaluatedOnDemandAndChangeNothing) {
  auto session = open(kCasey);
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->check_conditions(0).empty()) << "a say: has no conditions";
  ASSERT_TRUE(session->step().passed);
  ASSERT_TRUE(session->step().passed);  // add_user

  // wait_until's condition, before it runs: pending, not active.
  auto checks = session->check_conditions(3);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].condition, "sync: {user: Casey Morgan, device: panel, state: active}");
  EXPECT_FALSE(checks[0].holds);
  EXPECT_EQ(checks[0].observed.rfind("Casey Morgan on panel: pending", 0), 0u)
      << checks[0].observed;
  ASSERT_TRUE(session->step().passed);  // expect
  ASSERT_TRUE(session->step().passed);  // wait_until
  checks = session->check_conditions(3);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_TRUE(checks[0].holds) << checks[0].observed;

  // Checking every step's conditions after every step changes nothing.
  auto checked = open(kCasey);
  ASSERT_TRUE(checked);
  while (!checked->done()) {
    for (std::size_t i = 0; i < checked->document().steps.size(); ++i)
      checked->check_conditions(i);
    checked->step();
  }
  const RunResult whole = run_scenario(*parse(kCasey), 42);
  EXPECT_EQ(checked->result().trace_digest, whole.trace_digest);
  EXPECT_EQ(text(checked->result().failure), text(whole.failure));
}

TEST(ScenarioSession, ExpectedResultsSayWhatEachActionMustGive) {
  auto session = open(kCasey);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->expected_result(0), "");  // say
  EXPECT_EQ(session->expected_result(1), "ok");
  EXPECT_EQ(session->expected_result(2), "");  // expect
  EXPECT_EQ(session->expected_result(3), "");  // wait_until
  EXPECT_EQ(session->expected_result(4), "accepted");
  EXPECT_EQ(session->expected_result(5), "");  // wait
  EXPECT_EQ(session->expected_result(6), "one of ok, code_in_use");
  EXPECT_EQ(session->expected_result(7), "");  // past the end
}

TEST(ScenarioSession, HandsBetweenStepsActOnTheRunsOwnSessionsAndSite) {
  auto session = open(R"yaml(name: Alex is on the Users page
steps:
  - click: Users
)yaml");
  ASSERT_TRUE(session);
  // Without a log-in, `click: Users` would fail; a person logs in by hand.
  const auto violation = session->by_hand([](ScenarioSession::Hands& hands) {
    const auto& account = hands.site.world().account;
    EXPECT_TRUE(hands.website.log_in(account.email, account.password).ok);
  });
  EXPECT_FALSE(violation) << text(violation);
  EXPECT_EQ(session->client(Channel::website).page(), devices::ClientSession::Page::home);
  EXPECT_EQ(session->client(Channel::app).page(), devices::ClientSession::Page::logged_out);
  EXPECT_FALSE(session->run_until(sim::Time::zero() + Duration::min(2)));
  EXPECT_EQ(session->now(), sim::Time::zero() + Duration::min(2));
  const StepOutcome o = session->step();
  EXPECT_TRUE(o.passed) << text(o.failure);
  EXPECT_TRUE(session->done());
  EXPECT_TRUE(session->result().passed);
}

TEST(ScenarioSession, AViolationByHandEndsTheRunBeforeTheNextStep) {
  auto session = open(kCasey);
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->step().passed);
  // A code written into the Front Door's radio as if the panel had sent it.
  session->by_hand([](ScenarioSession::Hands& hands) {
    devices::zwave::UserCodeSet set;
    set.slot = 7;
    set.code = core::AccessCode("5555");
    hands.site.lock(core::LockIndex{0}).receive_frame(devices::zwave::encode(set));
  });
  const auto violation = session->run_until(session->now() + Duration::min(1));
  ASSERT_TRUE(violation);
  EXPECT_TRUE(session->done());
  EXPECT_EQ(violation->step_index, 1u);
  EXPECT_EQ(violation->step.rfind("(by hand, before: add_user: ", 0), 0u) << violation->step;
  EXPECT_NE(violation->expected.find("nothing_half_applied"), std::string::npos);
  EXPECT_EQ(violation->observed.find("5555"), std::string::npos) << "codes are masked";
  EXPECT_FALSE(session->result().passed);
}

TEST(ScenarioSession, AWorldThatDoesNotLoadGivesNoSessionAndTheWorldFailure) {
  const std::string yaml = R"yaml(name: A bad override
world: {overrides: {links: {cloud_to_panel: "sometimes"}}}
steps:
  - wait: 1m
)yaml";
  auto opened = ScenarioSession::open(parse(yaml), 1);
  EXPECT_FALSE(opened.session);
  ASSERT_TRUE(opened.failure);
  EXPECT_EQ(opened.failure->location.line, 2);
  EXPECT_EQ(opened.failure->observed.rfind("the world is invalid: ", 0), 0u);
  EXPECT_EQ(text(opened.failure), text(run_scenario(*parse(yaml), 1).failure));
}

// Every bundled scenario, stepped in pieces of 7 s of virtual time (as the
// GUI's Run does), gives the whole-run executor's result to the event.
TEST(ScenarioSession, EveryBundledScenarioSteppedInPiecesGivesTheExecutorsResult) {
  const auto found = discover_scenario_files({std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios"});
  ASSERT_TRUE(found.errors.empty());
  ASSERT_GT(found.files.size(), 50u);
  for (const auto& file : found.files) {
    SCOPED_TRACE(file.display);
    auto parsed = parse_scenario_file(file.path);
    ASSERT_TRUE(parsed.ok()) << parsed.error_text();
    auto document = std::make_shared<const ScenarioDocument>(std::move(parsed).value());
    const std::uint64_t seed = document->scenario.seed.value_or(kDefaultSeed);
    const RunResult whole = run_scenario(*document, seed);

    auto opened = ScenarioSession::open(document, seed);
    ASSERT_TRUE(opened.session);
    ScenarioSession& session = *opened.session;
    std::size_t calls = 0;
    while (!session.done()) {
      session.advance(sim::saturating_add(session.now(), Duration::s(7)));
      ASSERT_LT(++calls, 1'000'000u);
    }
    const RunResult stepped = session.result();
    EXPECT_EQ(stepped.passed, whole.passed);
    EXPECT_EQ(text(stepped.failure), text(whole.failure));
    EXPECT_EQ(stepped.trace_digest, whole.trace_digest);
    EXPECT_EQ(stepped.events, whole.events);
    EXPECT_EQ(stepped.virtual_end, whole.virtual_end);
  }
}

}  // namespace
}  // namespace lockstep::scenarios
