// The executor: one scenario, run on a simulated site (devices::SiteRun) in
// virtual time. make_site_executor() (executor.hpp, the runner's seam) wraps
// run_scenario(), which runs a ScenarioSession (scenario_session.hpp: the
// same run a step at a time, as the GUI's scenario player drives it) to its
// end; the GUI and tests may call the pieces directly.
//
// How a run goes:
//   1. The world: `world:` of the scenario (the default world, or a file), with
//      its `overrides:` merged over the world's YAML text — mappings key by
//      key, recursively; any other value (a list, a scalar) replaces — then
//      parsed by devices::parse_world() as "<world file> + overrides of
//      <scenario file>". The world's own `seed:` is not used: the run's seed
//      is the one the runner passes (--seed, else the scenario's, else 1).
//   2. A devices::SiteRun on that world and seed, its trace digest on, an
//      InvariantChecker (invariants.hpp) attached before the first event.
//   3. The steps in order. Actions call the site (ClientSession for the
//      article's steps, the Cloud service API for short forms and for arming
//      from the website/app, keypads, locks, the FaultInjector); their result
//      is compared with `expect:`. `wait` and `wait_until` run the kernel one
//      event at a time, checking the invariants after every event (and after
//      every action), `wait_until` its conditions too, never past `within:`.
//   4. At the end: the invariants' end-of-run checks (shadows, convergence).
//   The first failure stops the run: RunResult::failure says the step, what
//   was expected and observed, and the virtual time.
//
// Decisions (documented in scenarios/README.md's terms):
//   * A bad world (the file, or the overrides, do not load) fails the run at
//     the scenario's `world:` line with "the world is invalid: ..." and every
//     error. RunResult cannot say "bad input" (exit 2), so `lockstep run`
//     counts it as a failed run (exit 1).
//   * Names. A partition, lock, keypad, device or fault target that the world
//     does not have fails the step, and the failure lists the valid names. A
//     user name that is not in the directory is the refusal `user_not_found`
//     (users come and go during a run, and scenarios test that refusal); when
//     it was not expected, the failure lists the users. A toggle's unknown
//     device is the client's own refusal (lock_unknown), listed the same way.
//   * Short forms and arming `via: website|app` use that channel's session,
//     logging in as the world's account first when it has none.
//   * A `keypad:` step's result is that of the last code the panel checked
//     during the step; keys pressed while the keypad is locked out give
//     `locked_out`; keys that submit nothing (digits, `clear`) give `ok`,
//     which counts as success for a step with no `expect:`.
//   * `cancel_edit:` cancels the user's oldest queued edit, or else (none is
//     queued) tries the oldest one sent (edit_not_cancellable); none at all:
//     edit_not_found.
//   * `say:` does nothing. Codes in failure texts are masked as **** unless
//     RunOptions::reveal_codes; the kept trace (RunOptions::keep_trace) masks
//     secret fields the same way.
//   * The result is a pure function of (scenario, seed): no wall clock (the
//     runner fills wall_seconds), no shared mutable state (safe on many
//     threads at once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "devices/world.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/runner.hpp"

namespace lockstep::scenarios {

RunResult run_scenario(const ScenarioDocument& document, std::uint64_t seed,
                       const RunOptions& options = {});

// The world a scenario runs on (step 1 above). Errors name the world file, or
// the merged text, and lines in it.
Loaded<devices::World> load_scenario_world(const Scenario& scenario);

// `overrides` merged over `base` (both YAML mappings as text): mappings key
// by key, recursively; other values replace. The result as YAML text, or the
// YAML syntax error.
sim::Parsed<std::string> merge_yaml(std::string_view base, std::string_view overrides);

}  // namespace lockstep::scenarios
