// ScenarioSession: one scenario run on a simulated site, a step at a time.
// `lockstep run` (make_site_executor(), run_scenario()) is a loop over it:
//
//   auto opened = ScenarioSession::open(document, seed, options);
//   if (!opened.session) report(*opened.failure);       // the world did not load
//   while (!session.done()) session.step();
//   report(session.result());
//
// and the trainer GUI's scenario player drives the same session: Step is one
// step(), Run is advance() paced by the wall clock, the windows draw site(),
// client(), trace_records(), and the player shows each step's conditions
// evaluated live (check_conditions()). How a run goes and the decisions
// behind it are in site_executor.hpp; a step here is exactly a step there.
//
// Steps. step() runs the next step of document().steps to its end: an action
// (its result compared with `expect:`), `expect:` (its conditions now),
// `wait` / `wait_until` (the kernel one event at a time, the invariants after
// every event, never past `within:`), `say:` (nothing). advance(limit) is
// step() for a paced clock: a wait stops at virtual time `limit` and
// continues at the next call, with the same events, checks and result as one
// step() (its conditions are evaluated at the same points: before the first
// event, after each event, at the deadline). After the last step come the
// invariants' end-of-run checks; their failure is the last step's. The first
// failure ends the run: done() is then true and failure() says it, in the
// wording `lockstep run` prints (codes masked unless RunOptions::reveal_codes).
//
// Between steps (the GUI): run_until() / run_event() run virtual time and
// by_hand() lets a person operate the site (the run's website and app
// sessions, keypads, locks), both with the invariants checked after every
// event and after the person's calls; a violation ends the run like a step's.
// Neither is part of a scenario: a run driven only by step() / advance() is
// exactly `lockstep run`'s, and a pure function of (document, seed).
//
// Not thread-safe; one session per thread (sessions share nothing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/client.hpp"
#include "devices/site.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/steps.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::scenarios {

// What one step did.
struct StepOutcome {
  std::size_t index = 0;  // 0-based, in ScenarioDocument::steps
  // The step ran to its end (false: advance() stopped a wait at its limit;
  // the same step continues at the next call).
  bool finished = false;
  bool passed = false;             // finished without a failure
  std::optional<Failure> failure;  // why the run stopped here, as `lockstep run` reports it
};

// A condition of a step (`expect:`, `wait_until:`) evaluated now.
struct ConditionCheck {
  std::string condition;  // as written: "sync: {user: Casey Morgan, device: panel, ...}"
  bool holds = false;
  std::string observed;  // what the site shows (never an access code)
};

class ScenarioSession {
 public:
  struct Opened;
  // Opens a run: the scenario's world (its `overrides:` merged, as
  // load_scenario_world() does), a site on it with `seed`, the invariant
  // checker attached before the first event (and checked once). A world that
  // does not load or cannot be installed gives no session and the failure
  // `lockstep run` reports at the scenario's `world:` line.
  static Opened open(std::shared_ptr<const ScenarioDocument> document, std::uint64_t seed,
                     RunOptions options = {});

  ~ScenarioSession();
  ScenarioSession(const ScenarioSession&) = delete;
  ScenarioSession& operator=(const ScenarioSession&) = delete;

  const ScenarioDocument& document() const;
  std::uint64_t seed() const;

  // ---- the run's site, read-only ----------------------------------------
  const devices::Site& site() const;
  const sim::Scheduler& scheduler() const;  // now(), next_event_time(), pending()
  sim::Time now() const;
  // The run's website and app sessions: the article's steps act through them.
  const devices::ClientSession& client(Channel channel) const;
  // Every trace record so far, in order. Secret fields hold their values
  // (the invariant checker needs them): mask them (sim::kMasked) before
  // showing one.
  const std::vector<sim::TraceRecord>& trace_records() const;

  // ---- steps --------------------------------------------------------------
  // The step that step() runs (or continues) next; document().steps.size()
  // once every step has run.
  std::size_t next_step() const;
  // advance() stopped in the middle of next_step() (a wait).
  bool in_step() const;
  // Every step ran, or the run failed.
  bool done() const;
  // The failure that ended the run, if any.
  const std::optional<Failure>& failure() const;

  // Runs the next step to its end (or the rest of the one in progress).
  // Once done(): nothing runs, and the outcome repeats the end (the last
  // step's index, the failure if any).
  StepOutcome step();
  // step(), but virtual time does not pass `limit`: a wait in progress stops
  // there (finished = false). Actions and checks take no virtual time.
  StepOutcome advance(sim::Time limit);

  // The conditions of steps[index] (`expect:` or `wait_until:`) evaluated
  // now; empty for other steps. Only reads the run.
  std::vector<ConditionCheck> check_conditions(std::size_t index) const;
  // What an action step's result must be: its `expect:` ("ok",
  // "system_armed", "[ok, code_in_use]"), else "ok" ("accepted" for a code
  // entry at a keypad or lock); empty for say, wait, wait_until and expect.
  std::string expected_result(std::size_t index) const;

  // ---- between steps: time and hands (not part of a scenario) -----------
  // Runs every event up to `t` (the clock then reads `t`), checking the
  // invariants after each. A violation ends the run (and is returned).
  std::optional<Failure> run_until(sim::Time t);
  // Runs one event (if any), then checks the invariants.
  std::optional<Failure> run_event();

  // What a person operates: the site, and the run's own client sessions.
  struct Hands {
    devices::Site& site;
    devices::ClientSession& website;
    devices::ClientSession& app;
  };
  // Calls `act` with the site and the sessions, then checks the invariants
  // as after a step's action. A violation ends the run (and is returned).
  std::optional<Failure> by_hand(const std::function<void(Hands&)>& act);

  // The run as `lockstep run` reports it: passed once done() with no
  // failure; the virtual time, events and trace digest so far.
  RunResult result() const;

 private:
  class Impl;
  explicit ScenarioSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ScenarioSession::Opened {
  std::unique_ptr<ScenarioSession> session;  // null when the world did not load
  std::optional<Failure> failure;            // then: why
};

}  // namespace lockstep::scenarios
