// The scenario player: SiteController::for_scenario plays a scenario's run
// (scenarios::ScenarioSession) and every window shows that run's site. The
// Scenario window's view with no window (Step, Run paced by the wall clock,
// Restart, expectations live, a failure at its step), the real window driven
// through SDL's event queue (click Step, see the step advance), and
// `lockstep gui --scenario ... --steps N`.
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "gui/site_controller.hpp"
#include "gui/test_driver.hpp"
#include "headless_window.hpp"
#include "scenarios/executor.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::gui {
namespace {

using sim::Duration;

std::shared_ptr<const scenarios::ScenarioDocument> parse(const std::string& yaml) {
  auto parsed = scenarios::parse_scenario(yaml, "inline/player.yaml");
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error_text();
    return nullptr;
  }
  return std::make_shared<const scenarios::ScenarioDocument>(std::move(parsed).value());
}

std::unique_ptr<SiteController> play(std::shared_ptr<const scenarios::ScenarioDocument> document,
                                     SiteControllerOptions options = {}) {
  std::string error;
  auto c = SiteController::for_scenario(std::move(document), 42, options, &error);
  if (!c) ADD_FAILURE() << error;
  return c;
}

// Casey added on the website, the article's way, with captions; then the
// panel's answer awaited.
const char* const kCasey = R"yaml(
name: Casey's code reaches the panel
steps:
  - say: Log into the website.
  - log_in: {via: website}
  - say: Click Users, then Add New User.
  - click: Users
  - click: Add New User
  - enter_name: {first: Casey, last: Morgan}
  - click: Create
  - access_code: "8362"
  - toggle: {House: on, Front Door: on}
  - say: Save. Allow a few minutes.
  - click: Save
  - expect: {sync: {user: Casey Morgan, device: panel, state: pending}}
  - wait_until: {sync: {user: Casey Morgan, device: panel, state: active}}
    within: 5m
)yaml";

TEST(ScenarioPlayer, BeforeTheFirstStepShowsTheFirstCaptionAndWhatStepWillRun) {
  auto c = play(parse(kCasey));
  ASSERT_TRUE(c);
  const ScenarioPlayerView& v = c->views().scenario;
  EXPECT_EQ(v.file, "inline/player.yaml");
  EXPECT_EQ(v.name, "Casey's code reaches the panel");
  EXPECT_EQ(v.seed, "seed 42");
  EXPECT_EQ(v.step, 0u);
  EXPECT_EQ(v.steps, 10u) << "the say: captions are not steps";
  EXPECT_EQ(v.caption, "Log into the website.");
  EXPECT_EQ(v.next, "log_in: {via: website}");
  EXPECT_TRUE(v.can_execute);
  EXPECT_FALSE(v.finished);
  ASSERT_EQ(v.expectations.size(), 1u);
  EXPECT_EQ(v.expectations[0], (Expectation{"result: ok", Check::waiting, ""}));
  ASSERT_EQ(v.outline.size(), 10u);
  for (const auto& row : v.outline) {
    EXPECT_EQ(row.state, Check::waiting) << row.text;
    EXPECT_FALSE(row.current) << row.text;
  }
  EXPECT_EQ(v.outline[5].text, "access_code: ****") << "codes are masked";
  EXPECT_TRUE(c->views().time.paused) << "a scenario opens paused";
  EXPECT_NE(c->views().time.source.find("Scenario \"Casey's code reaches the panel\""),
            std::string::npos)
      << c->views().time.source;
}

TEST(ScenarioPlayer, StepRunsOneStepAndEveryWindowShowsTheScenariosSite) {
  auto c = play(parse(kCasey));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->views().website.page, Page::login);
  c->apply(action::ScenarioStep{});
  const ScenarioPlayerView& v = c->views().scenario;
  EXPECT_EQ(v.step, 1u);
  EXPECT_EQ(v.step_text, "log_in: {via: website}");
  EXPECT_EQ(v.caption, "Log into the website.");
  EXPECT_EQ(v.next, "click: Users");
  EXPECT_EQ(v.outline[0].state, Check::passed);
  EXPECT_TRUE(v.outline[0].current);
  ASSERT_EQ(v.expectations.size(), 1u);
  EXPECT_EQ(v.expectations[0].state, Check::passed);
  EXPECT_EQ(c->scenario()->next_step(), 2u) << "the caption and the log-in ran";
  // The website window is the run's own website session.
  EXPECT_EQ(c->views().website.page, Page::home);
  EXPECT_EQ(&c->site(), &c->scenario()->site());

  for (int i = 0; i < 7; ++i)
    c->apply(action::ScenarioStep{});  // ... up to Save
  const Views& after = c->views();
  EXPECT_EQ(after.scenario.step, 8u);
  EXPECT_EQ(after.scenario.caption, "Save. Allow a few minutes.");
  EXPECT_TRUE(after.website.access_code.saved) << "Casey saved in the run's website session";
  EXPECT_EQ(after.panel.users, "3 / 48 users") << "not at the panel yet";
  bool edit_on_timeline = false;
  for (const auto& row : after.timeline.rows)
    edit_on_timeline = edit_on_timeline || row.kind == "edit_sent";
  EXPECT_TRUE(edit_on_timeline) << "the timeline is the run's trace";
  for (const auto& row : after.timeline.rows)
    EXPECT_EQ(row.summary.find("8362"), std::string::npos) << row.summary;
}

TEST(ScenarioPlayer, RunPlaysTheStepsPacedAndShowsAWaitsConditionLive) {
  SiteControllerOptions o;
  o.step_dwell_seconds = 0.5;
  auto c = play(parse(kCasey), o);
  ASSERT_TRUE(c);
  c->apply(action::SetSpeed{Speed::x10});
  c->apply(action::ScenarioRun{true});
  EXPECT_TRUE(c->views().scenario.running);
  c->advance(0.0);
  EXPECT_EQ(c->views().scenario.step, 1u) << "one step, then it stays in view";
  c->advance(0.25);
  EXPECT_EQ(c->views().scenario.step, 1u);
  c->advance(0.3);  // the dwell is over
  c->advance(0.0);
  EXPECT_EQ(c->views().scenario.step, 2u);
  for (int i = 0; i < 40 && c->views().scenario.step < 10; ++i)
    c->advance(0.6);
  // The wait_until runs paced: 10x of the wall time.
  const ScenarioPlayerView& waiting = c->views().scenario;
  ASSERT_EQ(waiting.step, 10u);
  EXPECT_TRUE(waiting.in_step);
  ASSERT_EQ(waiting.expectations.size(), 1u);
  EXPECT_EQ(waiting.expectations[0].state, Check::waiting);
  EXPECT_EQ(waiting.expectations[0].detail.rfind("Casey Morgan on panel: pending", 0), 0u)
      << waiting.expectations[0].detail;
  const sim::Time before = c->scheduler().now();
  c->advance(1.0);
  EXPECT_EQ(c->scheduler().now(), before + Duration::s(10)) << "1 s of wall time at 10x";

  for (int i = 0; i < 60 && c->views().scenario.running; ++i)
    c->advance(1.0);
  const ScenarioPlayerView& done = c->views().scenario;
  EXPECT_FALSE(done.running) << "Run stops at the end";
  EXPECT_TRUE(done.finished);
  EXPECT_FALSE(done.failed);
  EXPECT_EQ(done.expectations[0].state, Check::passed);
  EXPECT_TRUE(c->views().time.paused);
  EXPECT_GE(c->scheduler().now(), sim::Time::zero() + Duration::s(60));
}

TEST(ScenarioPlayer, AFailingExpectationStopsRunAtItsStepInTheRunnersWords) {
  const std::string yaml = R"yaml(name: The House is armed from the start
steps:
  - log_in: website
  - say: The House should be armed.
  - expect: {partition: {name: House, state: armed_away}}
  - click: Users
)yaml";
  SiteControllerOptions o;
  o.speed = Speed::as_fast_as_possible;
  auto c = play(parse(yaml), o);
  ASSERT_TRUE(c);
  c->apply(action::SetSpeed{Speed::as_fast_as_possible});
  c->apply(action::ScenarioRun{true});
  for (int i = 0; i < 10; ++i)
    c->advance(0.016);
  const ScenarioPlayerView& v = c->views().scenario;
  EXPECT_FALSE(v.running);
  EXPECT_TRUE(v.failed);
  EXPECT_FALSE(v.can_execute);
  EXPECT_EQ(v.step, 2u);
  EXPECT_EQ(v.caption, "The House should be armed.");
  EXPECT_EQ(v.outline[0].state, Check::passed);
  EXPECT_EQ(v.outline[1].state, Check::failed);
  EXPECT_TRUE(v.outline[1].current);
  EXPECT_EQ(v.outline[2].state, Check::waiting);
  ASSERT_EQ(v.expectations.size(), 1u);
  EXPECT_EQ(v.expectations[0].state, Check::failed);
  EXPECT_NE(v.expectations[0].detail.find("House is disarmed"), std::string::npos);

  const scenarios::RunResult whole = scenarios::run_scenario(*parse(yaml), 42);
  ASSERT_TRUE(whole.failure);
  const scenarios::Failure& f = *whole.failure;
  EXPECT_EQ(v.failure,
            (std::vector<std::string>{"step      inline/player.yaml:5:5  " + f.step,
                                      "expected  " + f.expected, "observed  " + f.observed,
                                      "at        " + sim::format_time(f.at) + " virtual"}));
}

TEST(ScenarioPlayer, RunToTheEndIsExactlyTheRunOfLockstepRun) {
  const auto path = std::filesystem::path(LOCKSTEP_SOURCE_DIR) /
                    "scenarios/website/create-a-user-on-the-website.yaml";
  auto parsed = scenarios::parse_scenario_file(path);
  ASSERT_TRUE(parsed.ok()) << parsed.error_text();
  auto document = std::make_shared<const scenarios::ScenarioDocument>(std::move(parsed).value());
  const scenarios::RunResult whole = scenarios::run_scenario(*document, 42);
  ASSERT_TRUE(whole.passed);

  SiteControllerOptions o;
  o.step_dwell_seconds = 0.2;
  auto c = play(document, o);
  ASSERT_TRUE(c);
  c->apply(action::SetSpeed{Speed::x60});
  c->apply(action::ScenarioRun{true});
  for (int i = 0; i < 5000 && c->views().scenario.running; ++i)
    c->advance(0.1);
  ASSERT_TRUE(c->scenario()->done());
  const scenarios::RunResult played = c->scenario()->result();
  EXPECT_TRUE(played.passed);
  EXPECT_EQ(played.trace_digest, whole.trace_digest);
  EXPECT_EQ(played.events, whole.events);
  EXPECT_EQ(played.virtual_end, whole.virtual_end);
  EXPECT_EQ(c->views().scenario.note, "Passed: every step ran and every check held.");
}

TEST(ScenarioPlayer, RestartOpensTheRunAgain) {
  auto c = play(parse(kCasey));
  ASSERT_TRUE(c);
  const std::size_t installed = c->views().timeline.rows.size();
  for (int i = 0; i < 10; ++i)
    c->apply(action::ScenarioStep{});
  ASSERT_TRUE(c->views().scenario.finished);
  ASSERT_GT(c->scheduler().now(), sim::Time::zero());
  c->apply(action::ScenarioRestart{});
  const Views& v = c->views();
  EXPECT_EQ(v.scenario.step, 0u);
  EXPECT_FALSE(v.scenario.finished);
  EXPECT_TRUE(v.scenario.can_execute);
  EXPECT_EQ(c->scheduler().now(), sim::Time::zero());
  EXPECT_EQ(v.website.page, Page::login);
  EXPECT_EQ(v.timeline.rows.size(), installed);
  EXPECT_EQ(v.time.clock, "00:00:00");
}

TEST(ScenarioPlayer, APersonsClicksGoToTheRunsSessionsAndTimeToItsClock) {
  auto c = play(parse(R"yaml(name: Users after a log-in by hand
steps:
  - click: Users
)yaml"));
  ASSERT_TRUE(c);
  const auto& account = c->world().account;
  c->apply(action::LogIn{Client::website, account.email, account.password});
  EXPECT_EQ(c->scenario()->client(scenarios::Channel::website).page(),
            devices::ClientSession::Page::home);
  c->run_for(Duration::min(1));
  EXPECT_EQ(c->scenario()->now(), sim::Time::zero() + Duration::min(1));
  c->apply(action::ScenarioStep{});
  EXPECT_TRUE(c->views().scenario.finished);
  EXPECT_FALSE(c->views().scenario.failed) << c->views().scenario.failure.at(0);
}

TEST(ScenarioPlayer, AWorldThatDoesNotLoadIsRefusedInTheRunnersWords) {
  std::string error;
  auto c = SiteController::for_scenario(parse(R"yaml(name: A bad override
world: {overrides: {links: {cloud_to_panel: "sometimes"}}}
steps:
  - wait: 1m
)yaml"),
                                        1, {}, &error);
  EXPECT_FALSE(c);
  EXPECT_EQ(error.rfind("inline/player.yaml:2:", 0), 0u) << error;
  EXPECT_NE(error.find("the world is invalid"), std::string::npos) << error;
}

// ---- the real window ---------------------------------------------------------

TEST(ScenarioPlayerWindow, ClickingStepRunsTheNextStepAndRestartGoesBack) {
  auto shell = open_headless_window(1600, 1000);
  ASSERT_TRUE(shell);
  auto c = play(parse(kCasey));
  ASSERT_TRUE(c);
  UiState ui;
  TestDriver driver(*shell, *c, ui);
  driver.run_frames(3);
  ASSERT_TRUE(driver.click("Scenario/Step")) << driver.drawn_ids();
  driver.run_frames(1);
  EXPECT_EQ(c->views().scenario.step, 1u);
  EXPECT_EQ(c->views().website.page, Page::home);
  ASSERT_TRUE(driver.click("Scenario/Step"));
  ASSERT_TRUE(driver.click("Scenario/Step"));
  driver.run_frames(1);
  EXPECT_EQ(c->views().scenario.step, 3u);
  EXPECT_EQ(c->views().website.page, Page::new_user);
  ASSERT_TRUE(driver.click("Scenario/Restart"));
  driver.run_frames(1);
  EXPECT_EQ(c->views().scenario.step, 0u);
  EXPECT_EQ(c->views().website.page, Page::login);
  std::size_t steps = 0;
  for (const auto& a : driver.actions())
    steps += std::holds_alternative<action::ScenarioStep>(a) ? 1 : 0;
  EXPECT_EQ(steps, 3u);
}

// ---- lockstep gui --scenario FILE --steps N --------------------------------

struct Command {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Command lockstep_gui(const std::string& args) {
  Command r;
  const std::string command = std::string(LOCKSTEP_BINARY) + " gui " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr)
    r.output += buffer;
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(GuiCommand, StepsPlaysTheFirstStepsBeforeTheScreenshot) {
  const std::string scenario =
      std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/website/create-a-user-on-the-website.yaml";
  const auto png = std::filesystem::temp_directory_path() /
                   ("lockstep_gui_steps_" +
                    std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".png");
  const Command ok = lockstep_gui("--scenario " + scenario + " --steps 9 --size 800x600 " +
                                  "--screenshot " + png.string());
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_TRUE(std::filesystem::exists(png)) << ok.output;
  std::filesystem::remove(png);

  const Command letters = lockstep_gui("--scenario " + scenario + " --steps nine");
  EXPECT_EQ(letters.exit_code, 2);
  EXPECT_NE(letters.output.find("--steps nine: expected a whole number from 0 to 30"),
            std::string::npos)
      << letters.output;
  const Command too_many = lockstep_gui("--scenario " + scenario + " --steps 31");
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.output.find("--steps 31: expected a whole number from 0 to 30"),
            std::string::npos)
      << too_many.output;
  const Command negative = lockstep_gui("--scenario " + scenario + " --steps -1");
  EXPECT_EQ(negative.exit_code, 2) << negative.output;
  const Command alone = lockstep_gui("--steps 3");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.output.find("--steps only applies with --scenario"), std::string::npos)
      << alone.output;
}

}  // namespace
}  // namespace lockstep::gui
