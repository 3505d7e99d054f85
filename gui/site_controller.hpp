// SiteController: the real controller of the trainer GUI. It owns one
// simulated site (devices::Site on its own kernel and trace, or a scenario's
// run: below), a ClientSession per client (website, app) and the pacing of
// virtual time;
// views() builds every window's view from them (gui/site_views.hpp) and
// apply() sends each GuiAction through the same service API as scenarios and
// the HTTP server:
//
//   Log In, Users, Add New User, Create, Save, + Add Contact ...  ClientSession
//   a keypad key                                                  Keypad::press
//   a lock keypad's digits, then its Lock key                     Lock::enter_code
//   Play / Pause / 1x / 10x / 60x / as fast as possible / Step    the pacer, the kernel
//   Run until settled                                             the kernel
//
// No rule lives here: every refusal shown comes from the cloud or the core
// (a StepResult's Problem, put next to the field core::field() names), every
// sync chip from the cloud's per-user, per-device status, every display text
// from the device. What the controller keeps itself is only what a form holds
// before it is submitted (the text typed into a field, a dropdown's choice)
// and what a lock keypad has buffered before its Lock key is pressed.
//
// Time (advance): paused, or paced by a sim::Pacer at 1x / 10x / 60x of the
// wall time between frames, or as fast as possible: a bounded batch of
// kernel events per frame, so the window stays responsive. Step runs one
// kernel event and pauses. Run until settled runs in virtual time until the
// cloud has no pending edit, no lock has pending operations and no user is
// pending on any device (bounded by SiteControllerOptions::settle_limit).
//
// A scenario (for_scenario): the site is the scenario's run
// (scenarios::ScenarioSession), so every window shows and operates the
// site the scenario drives: the website and app windows are the run's own
// client sessions. The Scenario window plays it: Step runs the next step
// (and the `say:` captions before it), Run plays the steps on their own
// (waits paced at the chosen speed, a pause of step_dwell_seconds after
// each step; it stops at a failure or the end), Restart opens the run
// again. A person's clicks, and time run with the time controls, go through
// the session (ScenarioSession::by_hand, run_until), so the invariants see
// them; a run driven only by Step and Run is exactly `lockstep run`'s. It
// opens paused: time moves only with the steps until the trainer plays it.
//
// Secrets: the only access code a view ever holds is what a person typed into
// their Access Code field (drawn masked unless they open the eye). Trace
// fields marked secret are masked by the timeline (TimelineBuilder), whatever
// the trace reveals to its sinks; the one notification that carries a code (Share User Code) is
// shown with its digits masked.
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
#include "devices/world.hpp"
#include "gui/controller.hpp"
#include "gui/site_views.hpp"
#include "gui/view_model.hpp"
#include "scenarios/scenario_session.hpp"
#include "sim/realtime.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::gui {

struct SiteControllerOptions {
  // The run's seed when the world names none.
  std::uint64_t seed = 1;
  Speed speed = Speed::x1;
  bool paused = false;
  // As fast as possible: kernel events per advance() (one frame).
  std::size_t events_per_frame = 20'000;
  // Run until settled stops after this much virtual time at most.
  sim::Duration settle_limit = sim::Duration::h(1);
  // Prefill the log-in forms with the world's account (a trainer's demo).
  bool prefill_login = true;
  // The scenario player's Run: wall seconds each step stays in view before
  // the next one runs (none as fast as possible).
  double step_dwell_seconds = 1.5;
};

class SiteController final : public Controller {
 public:
  // A site of its own on `world`.
  explicit SiteController(devices::World world, SiteControllerOptions options = {});
  // The run of a scenario (see the top of this file), with `seed`. Null, and
  // *error saying why in `lockstep run`'s words, when the scenario's world
  // does not load.
  static std::unique_ptr<SiteController> for_scenario(
      std::shared_ptr<const scenarios::ScenarioDocument> document, std::uint64_t seed,
      SiteControllerOptions options, std::string* error);
  ~SiteController() override;
  SiteController(const SiteController&) = delete;
  SiteController& operator=(const SiteController&) = delete;

  const Views& views() override;
  void apply(const GuiAction& action) override;
  void advance(double wall_seconds) override;

  // ---- for the command line and tests -----------------------------------
  // The site every window shows: the controller's own, or the scenario's run.
  const devices::Site& site() const;
  const devices::World& world() const { return site().world(); }
  const sim::Scheduler& scheduler() const { return site().scheduler(); }
  const devices::ClientSession& session(Client client) const;
  std::uint64_t seed() const { return seed_; }
  // The scenario's run; null without a scenario.
  const scenarios::ScenarioSession* scenario() const;

  // Runs `d` of virtual time now, whatever the speed.
  void run_for(sim::Duration d);
  // Runs until settled() or `limit` of virtual time passed; true if settled.
  bool run_until_settled(sim::Duration limit);
  // No pending edit at the cloud, no pending lock operation at the panel, no
  // user pending on any device.
  bool settled() const;

  // The article's website flow as a trainer clicks it, for a demo start-up
  // (`lockstep gui --demo-add-user`): log in, Users, Add New User, the name,
  // Create, Generate Code (no code on any command line), every partition and
  // lock toggled on, Save, back to Users. The StepResult of the Save.
  devices::StepResult add_user_on_the_website(const std::string& first, const std::string& last);

  // The client-side state the views are built from (tests may read it).
  const ClientForms& forms(Client client) const;

 private:
  struct OwnSite;
  struct Player;
  explicit SiteController(SiteControllerOptions options);
  void start();  // after the site exists: forms, lock keypads, pacer

  // Runs `act` where it may change the site: through the scenario's session
  // (ScenarioSession::by_hand) when one is open. site_, website_ and app_
  // point at what `act` operates.
  void operate(const std::function<void()>& act);
  void act_on_site(const GuiAction& action);
  devices::ClientSession& hands(Client c);
  void click(Client c, const std::string& label);
  void submit(Client c, const devices::StepResult& result);
  void go_to_users(Client c);
  void press_lock_key(std::size_t lock, action::Key key);

  // Time, through the session when a scenario is open.
  sim::Time now() const { return site().scheduler().now(); }
  void run_time_until(sim::Time t);
  bool run_one_event();
  void set_speed(Speed speed);
  void set_paused(bool paused);
  void reanchor();

  // The scenario player.
  bool is_caption(std::size_t step) const;
  void scenario_step();
  void scenario_run(bool run);
  void scenario_restart();
  void play(double wall_seconds);

  SiteControllerOptions options_;
  Views views_;  // before the site: the trace sink appends timeline rows
  std::uint64_t seed_ = 1;
  TimelineBuilder timeline_;
  std::unique_ptr<OwnSite> own_;    // no scenario
  std::unique_ptr<Player> player_;  // a scenario
  devices::Site* site_ = nullptr;   // always the own site's; a scenario's only in operate()
  devices::ClientSession* website_ = nullptr;
  devices::ClientSession* app_ = nullptr;
  ClientForms website_forms_;
  ClientForms app_forms_;
  std::vector<LockKeypadState> lock_keypads_;
  std::optional<std::size_t> selected_lock_;

  // Time.
  sim::Pacer pacer_;
  sim::Pacer::time_point wall_{};
  Speed speed_ = Speed::x1;
  bool paused_ = false;
};

}  // namespace lockstep::gui
