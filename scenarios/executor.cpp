// The executor: ScenarioSession (scenario_session.hpp), one scenario run a
// step at a time on a simulated site, and make_site_executor() /
// run_scenario(), which run a session's steps to the end (see
// site_executor.hpp for how a run goes and the decisions behind it).
//
// [SECTION] Results: what an action did, and whether it was expected
// [SECTION] The run: steps, sessions, names, time
// [SECTION] The article's flow (website and app)
// [SECTION] Devices and faults
// [SECTION] Short forms
// [SECTION] Time and checks
// [SECTION] ScenarioSession, run_scenario() and make_site_executor()
#include "scenarios/executor.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <utility>

#include "devices/client.hpp"
#include "scenarios/device_mapping.hpp"
#include "scenarios/run_context.hpp"
#include "scenarios/scenario_session.hpp"
#include "scenarios/site_executor.hpp"

namespace lockstep::scenarios {
namespace {

using detail::RunContext;

// =============================================================================
// [SECTION] Results: what an action did, and whether it was expected
// =============================================================================

// What an action step did: an outcome (ok, accepted, duress, an error id), or
// none when the step could not be done at all (a wrong page, an unknown
// name), with words for a person.
struct Observed {
  std::optional<Outcome> outcome;
  std::string detail;
  bool code_entry = false;  // keypad / lock entry: success is `accepted`
};

Outcome ok() {
  return Outcome{Outcome::Kind::ok, std::nullopt};
}
Outcome error(core::ErrorId id) {
  return Outcome{Outcome::Kind::error, id};
}

Observed observed_ok() {
  return Observed{ok(), {}, false};
}
Observed not_done(std::string why) {
  return Observed{std::nullopt, std::move(why), false};
}
Observed refused(const core::Problem& p) {
  return Observed{error(p.id), p.message(), false};
}
Observed from(const core::Verdict& v) {
  return v.ok() ? observed_ok() : refused(v.first_error());
}
// A service call's result: ok, or its refusal (the value is not needed).
template <class T>
Observed from(const core::Result<T>& r) {
  return r.ok() ? observed_ok() : from(r.verdict());
}
Observed from(const devices::StepResult& r) {
  if (r.ok) return Observed{ok(), r.message, false};
  if (r.problem) return Observed{error(r.problem->id), r.message, false};
  return not_done(r.message.empty() ? std::string("the step is not possible here") : r.message);
}
Observed from(const core::EntryResult& r) {
  Observed o;
  o.code_entry = true;
  switch (r.outcome) {
    case core::EntryOutcome::accepted:
      o.outcome = Outcome{Outcome::Kind::accepted, std::nullopt};
      break;
    case core::EntryOutcome::duress:
      o.outcome = Outcome{Outcome::Kind::duress, std::nullopt};
      break;
    case core::EntryOutcome::refused:
      if (r.reason) {
        o.outcome = error(*r.reason);
      } else {
        o.detail = "no answer: the device is off";
      }
      break;
  }
  return o;
}

bool expected(const Step& step, const Observed& o) {
  if (!o.outcome) return false;
  if (step.expect) {
    const auto& any = step.expect->any_of;
    return std::find(any.begin(), any.end(), *o.outcome) != any.end();
  }
  if (o.code_entry) {
    return o.outcome->kind == Outcome::Kind::accepted || o.outcome->kind == Outcome::Kind::ok;
  }
  return o.outcome->kind == Outcome::Kind::ok;
}

std::string expected_text(const Step& step, const Observed& o) {
  if (step.expect) return step.expect->to_string();
  return o.code_entry ? "accepted" : "ok";
}

// =============================================================================
// [SECTION] The run: sessions, names, time
// =============================================================================

Failure world_failure(const Scenario& scenario, std::string observed) {
  Failure f;
  f.location = scenario.world.location.line > 0 ? scenario.world.location : scenario.location;
  f.step =
      "world: " + (scenario.world.file.empty() ? std::string("default") : scenario.world.file) +
      (scenario.world.overrides_yaml.empty() ? "" : " with overrides");
  f.expected = "a valid world";
  f.observed = "the world is invalid: " + std::move(observed);
  return f;
}

Failure internal_failure(const Scenario& scenario, const std::exception& e) {
  Failure f;
  f.location = scenario.location;
  f.step = "(the run)";
  f.expected = "the scenario to run";
  f.observed = std::string("internal error: ") + e.what();
  return f;
}

// A code entered at a keypad or a lock: its success is `accepted`.
bool code_entry(const StepAction& action) {
  if (std::holds_alternative<PressKeys>(action) || std::holds_alternative<EnterCode>(action)) {
    return true;
  }
  if (const auto* a = std::get_if<Arm>(&action)) return a->via == Via::keypad;
  if (const auto* d = std::get_if<Disarm>(&action)) return d->via == Via::keypad;
  return false;
}

}  // namespace

// =============================================================================
// [SECTION] The run: steps, sessions, names, time
// =============================================================================

class ScenarioSession::Impl {
 public:
  Impl(std::shared_ptr<const ScenarioDocument> document, devices::World world, std::uint64_t seed,
       const RunOptions& options)
      : document_(std::move(document)),
        doc_(*document_),
        options_(options),
        seed_(seed),
        world_(std::move(world)),
        ctx_(world_, seed),
        website_(ctx_.site().cloud(), to_device(Channel::website)),
        app_(ctx_.site().cloud(), to_device(Channel::app)) {
    for (const Step& step : doc_.steps)
      note_codes(step);
    if (auto v = ctx_.checker.check()) {
      end(invariant_failure(nullptr, 0, *v));
      return;
    }
    if (doc_.steps.empty()) finish_run();
  }

  // ---- what the session shows ---------------------------------------------
  const ScenarioDocument& document() const { return doc_; }
  std::uint64_t seed() const { return seed_; }
  RunContext& context() { return ctx_; }
  const devices::ClientSession& client(Channel channel) const {
    return channel == Channel::app ? app_ : website_;
  }
  std::size_t next_step() const { return next_; }
  bool in_step() const { return waiting_.has_value(); }
  bool done() const { return done_; }
  const std::optional<Failure>& failure() const { return failure_; }

  RunResult result() {
    RunResult result;
    result.failure = failure_;
    result.passed = done_ && !failure_.has_value();
    result.seed = seed_;
    result.virtual_end = ctx_.now();
    result.events = ctx_.run.scheduler().events_executed();
    result.trace_digest = ctx_.run.trace().digest_hex();
    if (options_.keep_trace) {
      result.trace_jsonl.reserve(ctx_.records->records().size());
      for (sim::TraceRecord r : ctx_.records->records()) {
        if (!options_.reveal_codes) {
          for (auto& f : r.fields) {
            if (f.secret) f.value = std::string(sim::kMasked);
          }
        }
        result.trace_jsonl.push_back(sim::to_json_line(r));
      }
    }
    return result;
  }

  // ---- steps ----------------------------------------------------------------
  StepOutcome advance(sim::Time limit) {
    if (done_) return end_outcome();
    const std::size_t index = next_;
    const Step& step = doc_.steps[index];
    bool finished = true;
    std::optional<Failure> f;
    try {
      if (!waiting_) {
        ctx_.step_started.push_back(ctx_.now());
        f = start_step(step, index, limit, finished);
      } else {
        f = run_wait(step, index, limit, finished);
      }
    } catch (const std::exception& e) {
      f = internal_failure(doc_.scenario, e);
    }
    StepOutcome out;
    out.index = index;
    if (f) {
      end(std::move(*f));
      out.finished = true;
      out.failure = failure_;
      return out;
    }
    if (!finished) return out;
    waiting_.reset();
    ++next_;
    if (next_ == doc_.steps.size()) finish_run();
    out.finished = true;
    out.passed = !failure_.has_value();
    out.failure = failure_;
    return out;
  }

  std::vector<ConditionCheck> check_conditions(std::size_t index) const {
    if (index >= doc_.steps.size()) return {};
    const StepAction& action = doc_.steps[index].action;
    const std::vector<Condition>* conditions = nullptr;
    if (const auto* e = std::get_if<Expect>(&action)) conditions = &e->conditions;
    if (const auto* w = std::get_if<WaitUntil>(&action)) conditions = &w->conditions;
    if (conditions == nullptr) return {};
    std::vector<ConditionCheck> out;
    for (const Condition& c : *conditions) {
      const auto eval = detail::evaluate(ctx_, c);
      out.push_back({c.text, eval.holds, mask(eval.observed)});
    }
    return out;
  }

  std::string expected_result(std::size_t index) const {
    if (index >= doc_.steps.size()) return {};
    const Step& step = doc_.steps[index];
    if (std::holds_alternative<Say>(step.action) || std::holds_alternative<Wait>(step.action) ||
        std::holds_alternative<WaitUntil>(step.action) ||
        std::holds_alternative<Expect>(step.action)) {
      return {};
    }
    if (step.expect) return step.expect->to_string();
    return code_entry(step.action) ? "accepted" : "ok";
  }

  // ---- between steps ----------------------------------------------------------
  std::optional<Failure> run_until(sim::Time t) {
    sim::Scheduler& sched = ctx_.run.scheduler();
    for (;;) {
      const auto next = sched.next_event_time();
      if (!next || *next > t) break;
      sched.step();
      if (auto v = after_change()) return between_steps_failure(*v);
    }
    sched.run_until(t);
    return std::nullopt;
  }

  std::optional<Failure> run_event() {
    if (!ctx_.run.scheduler().step()) return std::nullopt;
    if (auto v = after_change()) return between_steps_failure(*v);
    return std::nullopt;
  }

  std::optional<Failure> by_hand(const std::function<void(Hands&)>& act) {
    Hands hands{ctx_.site(), website_, app_};
    act(hands);
    if (auto v = after_change()) return between_steps_failure(*v);
    return std::nullopt;
  }

 private:
  // A wait in progress: its deadline (`wait:`'s duration, `wait_until:`'s
  // `within:` from the step's start) and whether it has begun.
  struct Waiting {
    sim::Time deadline;
    bool begun = false;
  };

  // After an action, an event or a person's calls: the run remembers the
  // directory's users as they are now (RunContext::remember_users), then the
  // invariants are checked.
  std::optional<Violation> after_change() {
    ctx_.remember_users();
    return ctx_.checker.check();
  }

  // The outcome step() repeats once the run is over.
  StepOutcome end_outcome() const {
    StepOutcome out;
    out.index = failure_ ? failure_->step_index : doc_.steps.empty() ? 0 : doc_.steps.size() - 1;
    out.finished = true;
    out.passed = !failure_.has_value();
    out.failure = failure_;
    return out;
  }

  // Ends the run with `f` (codes masked unless the run reveals them).
  void end(Failure f) {
    f.expected = mask(f.expected);
    f.observed = mask(f.observed);
    failure_ = std::move(f);
    done_ = true;
    waiting_.reset();
  }

  std::string mask(const std::string& text) const {
    return options_.reveal_codes ? text : ctx_.checker.mask_codes(text);
  }

  // After the last step: the invariants' end-of-run checks.
  void finish_run() {
    if (auto v = ctx_.checker.check_end_of_run()) {
      const std::size_t last = doc_.steps.empty() ? 0 : doc_.steps.size() - 1;
      end(invariant_failure(doc_.steps.empty() ? nullptr : &doc_.steps[last], last, *v,
                            "(end of run)"));
    }
    done_ = true;
  }

  // A violation found while a person ran time or operated the site between
  // steps. It ends the run when the run is not over yet.
  Failure between_steps_failure(const Violation& v) {
    const bool after_last = next_ >= doc_.steps.size();
    const std::size_t index = after_last ? (doc_.steps.empty() ? 0 : doc_.steps.size() - 1) : next_;
    Failure f = invariant_failure(doc_.steps.empty() ? nullptr : &doc_.steps[index], index, v);
    if (!doc_.steps.empty()) {
      f.step = std::string(after_last ? "(by hand, after the last step: " : "(by hand, before: ") +
               doc_.steps[index].text + ")";
    }
    if (done_) {
      f.expected = mask(f.expected);
      f.observed = mask(f.observed);
      return f;
    }
    end(std::move(f));
    return *failure_;
  }

  // Starts `step`: a wait runs (up to `limit`); anything else runs whole.
  std::optional<Failure> start_step(const Step& step, std::size_t index, sim::Time limit,
                                    bool& finished) {
    if (const auto* w = std::get_if<Wait>(&step.action)) {
      waiting_ = Waiting{ctx_.now() + w->duration};
      return run_wait(step, index, limit, finished);
    }
    if (std::holds_alternative<WaitUntil>(step.action)) {
      waiting_ = Waiting{ctx_.now() + step.within.value_or(sim::Duration::zero())};
      return run_wait(step, index, limit, finished);
    }
    finished = true;
    return run_step(step, index);
  }

  std::optional<Failure> run_step(const Step& step, std::size_t index) {
    if (const auto* e = std::get_if<Expect>(&step.action)) {
      for (const Condition& c : e->conditions) {
        const auto eval = detail::evaluate(ctx_, c);
        if (!eval.holds) return failure(step, index, c.text, eval.observed);
      }
      return std::nullopt;
    }
    const Observed o = std::visit([this](const auto& action) { return act(action); }, step.action);
    if (auto v = after_change()) return invariant_failure(&step, index, *v);
    if (expected(step, o)) return std::nullopt;
    std::string observed = o.outcome ? o.outcome->to_string() : std::string("not done");
    if (!o.detail.empty()) observed += ": " + o.detail;
    if (o.outcome && o.outcome->error) {
      switch (*o.outcome->error) {
        case core::ErrorId::user_not_found:
          observed += " (users: " + ctx_.users_list() + ")";
          break;
        case core::ErrorId::lock_unknown:
          observed +=
              " (partitions: " + ctx_.partitions_list() + "; locks: " + ctx_.locks_list() + ")";
          break;
        case core::ErrorId::partition_unknown:
          observed += " (partitions: " + ctx_.partitions_list() + ")";
          break;
        default:
          break;
      }
    }
    return failure(step, index, expected_text(step, o), observed);
  }

  Failure failure(const Step& step, std::size_t index, std::string expected_what,
                  std::string observed) const {
    Failure f;
    f.step_index = index;
    f.location = step.location;
    f.step = step.text;
    f.expected = std::move(expected_what);
    f.observed = std::move(observed);
    f.at = ctx_.now();
    return f;
  }

  Failure invariant_failure(const Step* step, std::size_t index, const Violation& v,
                            std::string_view where = {}) const {
    Failure f;
    f.step_index = index;
    f.location = step != nullptr ? step->location : doc_.scenario.location;
    f.step = step != nullptr ? step->text : std::string("(before the first step)");
    if (!where.empty()) f.step = std::string(where) + ", after: " + f.step;
    f.expected = "invariant " + std::string(to_string(v.invariant)) + ": " +
                 std::string(requirement(v.invariant));
    f.observed = v.observed;
    f.at = v.at;
    return f;
  }

  // The wait in hand (`wait:` or `wait_until:`): runs the kernel one event at
  // a time up to its deadline and not past `limit`, checking the invariants
  // after each event, and a wait_until's conditions before the first event,
  // after each event and at the deadline (never at `limit`: a wait stopped
  // there and continued runs exactly as one that was not). `finished` is
  // false when it stopped at `limit` before its end.
  std::optional<Failure> run_wait(const Step& step, std::size_t index, sim::Time limit,
                                  bool& finished) {
    Waiting& w = *waiting_;
    const auto* until = std::get_if<WaitUntil>(&step.action);
    const auto all_hold = [&] {
      for (const Condition& c : until->conditions) {
        if (!detail::evaluate(ctx_, c).holds) return false;
      }
      return true;
    };
    finished = true;
    if (!w.begun) {
      w.begun = true;
      if (until != nullptr && all_hold()) return std::nullopt;
    }
    sim::Scheduler& sched = ctx_.run.scheduler();
    const sim::Time stop = std::min(w.deadline, limit);
    for (;;) {
      const auto next = sched.next_event_time();
      if (!next || *next > stop) break;
      sched.step();
      if (auto v = after_change()) return invariant_failure(&step, index, *v);
      if (until != nullptr && all_hold()) return std::nullopt;
    }
    if (limit < w.deadline) {
      sched.run_until(limit);  // only the clock moves: no event is due before `limit`
      finished = false;
      return std::nullopt;
    }
    sched.run_until(w.deadline);
    if (auto v = after_change()) return invariant_failure(&step, index, *v);
    if (until == nullptr || all_hold()) return std::nullopt;

    const sim::Duration bound = step.within.value_or(sim::Duration::zero());
    std::string expected_what;
    std::string observed;
    for (const Condition& c : until->conditions) {
      const auto eval = detail::evaluate(ctx_, c);
      if (eval.holds) continue;
      if (!expected_what.empty()) expected_what += "; ";
      expected_what += c.text;
      if (!observed.empty()) observed += "; ";
      observed += eval.observed;
    }
    return failure(step, index, expected_what + " within " + sim::format_duration(bound),
                   "after " + sim::format_duration(bound) + ": " + observed);
  }

  // ---- sessions ---------------------------------------------------------------
  devices::ClientSession& client(Channel channel) {
    return channel == Channel::app ? app_ : website_;
  }

  // The channel's session, logging in as the world's account when it has none.
  std::optional<devices::Session> session(Channel channel, Observed& refusal) {
    devices::ClientSession& c = client(channel);
    if (!c.session()) {
      const auto& account = ctx_.world().account;
      const devices::StepResult r = c.log_in(account.email, account.password);
      if (!r.ok) {
        refusal = from(r);
        return std::nullopt;
      }
    }
    return c.session();
  }

  std::optional<core::PartitionIndex> partition(std::string_view name) {
    return ctx_.world().partition(name);
  }

  Observed unknown(std::string_view what, std::string_view name, std::string list) {
    return not_done("no " + std::string(what) + " '" + std::string(name) + "' in the world (" +
                    std::string(what) + "s: " + list + ")");
  }

  Observed unknown_user(std::string_view name) {
    return Observed{error(core::ErrorId::user_not_found), "no user '" + std::string(name) + "'",
                    false};
  }

  void note_codes(const Step& step) {
    auto& checker = ctx_.checker;
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, EnterAccessCode> || std::is_same_v<A, EnterCode>) {
            checker.note_code(a.code);
          } else if constexpr (std::is_same_v<A, PressKeys>) {
            for (const auto& k : a.keys) {
              if (const auto* code = std::get_if<core::AccessCode>(&k)) checker.note_code(*code);
            }
          } else if constexpr (std::is_same_v<A, Arm> || std::is_same_v<A, Disarm> ||
                               std::is_same_v<A, AddUser> || std::is_same_v<A, EditCode>) {
            if (a.code) checker.note_code(*a.code);
          } else if constexpr (std::is_same_v<A, EnterMobile>) {
            ctx_.mobile_countries.insert(a.input.country);
          } else if constexpr (std::is_same_v<A, AddContact>) {
            if (const auto* m = std::get_if<core::MobileInput>(&a.contact)) {
              ctx_.mobile_countries.insert(m->country);
            }
          }
          if constexpr (std::is_same_v<A, AddUser>) {
            for (const auto& c : a.contacts) {
              if (const auto* m = std::get_if<core::MobileInput>(&c)) {
                ctx_.mobile_countries.insert(m->country);
              }
            }
          }
        },
        step.action);
  }

  // =============================================================================
  // [SECTION] The article's flow (website and app)
  // =============================================================================

  Observed act(const Say&) { return observed_ok(); }

  Observed act(const LogIn& a) {
    const auto& account = ctx_.world().account;
    const bool owner = a.email.empty() && a.password.empty();
    return from(client(a.channel).log_in(owner ? account.email : a.email,
                                         owner ? account.password : a.password));
  }

  Observed act(const LogOut& a) { return from(client(a.channel).log_out()); }

  Observed act(const Press& a) {
    devices::ClientSession& c = client(a.channel);
    switch (a.button) {
      case Button::menu:
        return from(c.tap_menu());
      case Button::users:
        return from(c.open_users());
      case Button::add_new_user:
        return from(c.add_new_user());
      case Button::create:
        return from(c.create());
      case Button::generate_code: {
        Observed o = from(c.generate_code());
        if (c.access_code_field()) ctx_.checker.note_code(*c.access_code_field());
        return o;
      }
      case Button::save:
        return from(c.save());
      case Button::add_contact:
        return from(c.add_contact());
      case Button::mobile_number:
        return from(c.choose_mobile_number());
      case Button::email_address:
        return from(c.choose_email_address());
      case Button::save_contact:
        return from(c.save_contact());
    }
    return not_done("unknown button");
  }

  Observed act(const OpenUser& a) { return from(client(a.channel).open_user(a.user)); }

  Observed act(const EnterName& a) { return from(client(a.channel).enter_name(a.first, a.last)); }

  Observed act(const EnterAccessCode& a) {
    return from(client(a.channel).enter_access_code(a.code.reveal()));
  }

  Observed act(const Toggle& a) {
    for (const auto& s : a.switches) {
      Observed o = from(client(a.channel).toggle(s.device, s.on));
      if (!o.outcome || o.outcome->kind != Outcome::Kind::ok) return o;
    }
    return observed_ok();
  }

  Observed act(const EnterMobile& a) {
    return from(client(a.channel).enter_mobile(a.input.number, a.input.country, a.input.carrier));
  }

  Observed act(const EnterEmail& a) {
    return from(client(a.channel).enter_email(a.input.address, a.input.format));
  }

  // =============================================================================
  // [SECTION] Devices and faults
  // =============================================================================

  // Keys at a keypad: the result of the last code the panel checked.
  Observed press_keys(devices::Keypad& keypad, const std::vector<KeyInput>& keys) {
    Observed o = observed_ok();
    o.code_entry = true;
    const devices::Panel& panel = ctx_.site().panel();
    for (const KeyInput& key : keys) {
      if (!panel.powered()) return not_done("the panel is off: " + keypad.name() + " is dark");
      if (keypad.locked_out()) {
        o.outcome = error(core::ErrorId::locked_out);
        o.detail = keypad.name() + " shows '" + keypad.display() + "'";
        continue;
      }
      if (const auto* code = std::get_if<core::AccessCode>(&key)) {
        for (const char ch : code->reveal()) {
          if (const auto d = devices::digit_key(ch)) keypad.press(*d);
        }
        continue;
      }
      const FunctionKey f = std::get<FunctionKey>(key);
      const bool submits = f != FunctionKey::clear && keypad.buffered() > 0;
      keypad.press(to_device(f));
      if (submits && keypad.last_result()) {
        o = from(*keypad.last_result());
        if (!o.outcome) o.detail = "no answer from the panel";
      }
    }
    return o;
  }

  Observed act(const PressKeys& a) {
    devices::Keypad* k = ctx_.site().find_keypad(a.keypad);
    if (k == nullptr) return unknown("keypad", a.keypad, ctx_.keypads_list());
    return press_keys(*k, a.keys);
  }

  Observed act(const EnterCode& a) {
    devices::Lock* l = ctx_.site().find_lock(a.lock);
    if (l == nullptr) return unknown("lock", a.lock, ctx_.locks_list());
    Observed o = from(l->enter_code(a.code.reveal(), [this] { return ctx_.site().local_now(); }));
    if (!o.outcome) o.detail = a.lock + " does not answer (no power or no battery)";
    return o;
  }

  // Arm or disarm at a keypad: its code, then the function key.
  Observed at_keypad(std::string_view keypad_name, std::string_view partition_name,
                     const std::optional<core::AccessCode>& code, FunctionKey key) {
    devices::Keypad* k = ctx_.site().find_keypad(keypad_name);
    if (k == nullptr) return unknown("keypad", keypad_name, ctx_.keypads_list());
    if (!partition_name.empty()) {
      const auto p = partition(partition_name);
      if (!p) return unknown("partition", partition_name, ctx_.partitions_list());
      if (*p != k->partition()) {
        return not_done(k->name() + " is on " +
                        ctx_.world().system.partitions.at(k->partition().value).name + ", not " +
                        std::string(partition_name));
      }
    }
    std::vector<KeyInput> keys;
    if (code) keys.emplace_back(*code);
    keys.emplace_back(key);
    return press_keys(*k, keys);
  }

  Observed act(const Arm& a) {
    if (a.via == Via::keypad) {
      const FunctionKey key = a.mode == ArmMode::stay    ? FunctionKey::arm_stay
                              : a.mode == ArmMode::night ? FunctionKey::arm_night
                                                         : FunctionKey::arm_away;
      return at_keypad(a.keypad, a.partition, a.code, key);
    }
    const auto p = partition(a.partition);
    if (!p) return unknown("partition", a.partition, ctx_.partitions_list());
    Observed refusal;
    const auto s = session(a.via == Via::app ? Channel::app : Channel::website, refusal);
    if (!s) return refusal;
    return from(ctx_.site().cloud().arm(*s, *p, to_device(a.mode)));
  }

  Observed act(const Disarm& a) {
    if (a.via == Via::keypad) return at_keypad(a.keypad, a.partition, a.code, FunctionKey::disarm);
    const auto p = partition(a.partition);
    if (!p) return unknown("partition", a.partition, ctx_.partitions_list());
    Observed refusal;
    const auto s = session(a.via == Via::app ? Channel::app : Channel::website, refusal);
    if (!s) return refusal;
    return from(ctx_.site().cloud().disarm(*s, *p));
  }

  std::string targets_list() {
    std::string out;
    for (const auto& t : ctx_.site().faults().target_names()) {
      if (!out.empty()) out += ", ";
      out += t;
    }
    return out;
  }

  Observed act(const InjectFault& a) {
    std::string target = a.target;
    if (target.empty() &&
        (a.kind == sim::FaultKind::power_off || a.kind == sim::FaultKind::power_on)) {
      target = "panel";
    }
    sim::FaultInjector& faults = ctx_.site().faults();
    const auto applied = faults.inject_now(a.kind, target);
    if (!applied.ok()) return not_done(applied.error + " (targets: " + targets_list() + ")");
    if (a.duration) {
      if (const auto recovery = sim::recovery_of(a.kind)) {
        const auto scheduled =
            faults.schedule(sim::Fault{ctx_.now() + *a.duration, *recovery, target});
        if (!scheduled.ok()) return not_done(scheduled.error);
      }
    }
    return observed_ok();
  }

  Observed act(const SetLock& a) {
    devices::Lock* l = ctx_.site().find_lock(a.lock);
    if (l == nullptr) return unknown("lock", a.lock, ctx_.locks_list());
    if (a.battery_percent) l->set_battery(*a.battery_percent);
    sim::FaultInjector& faults = ctx_.site().faults();
    const auto inject = [&](sim::FaultKind kind) -> std::optional<Observed> {
      const auto r = faults.inject_now(kind, a.lock);
      if (!r.ok()) return not_done(r.error);
      return std::nullopt;
    };
    if (a.asleep) {
      if (auto o = inject(*a.asleep ? sim::FaultKind::lock_asleep : sim::FaultKind::lock_awake))
        return *o;
    }
    if (a.reachable) {
      if (auto o = inject(*a.reachable ? sim::FaultKind::lock_reachable
                                       : sim::FaultKind::lock_unreachable)) {
        return *o;
      }
    }
    if (a.jammed) {
      if (auto o = inject(*a.jammed ? sim::FaultKind::lock_jam : sim::FaultKind::lock_unjam))
        return *o;
    }
    return observed_ok();
  }

  // =============================================================================
  // [SECTION] Short forms
  // =============================================================================

  // Switches the named partitions / locks in `grants`; an unknown name is the
  // refusal partition_unknown / lock_unknown, as the client's toggles give.
  std::optional<Observed> switch_partition(core::Grants& grants, std::string_view name, bool on) {
    const auto p = partition(name);
    if (!p) {
      return Observed{error(core::ErrorId::partition_unknown),
                      "no partition '" + std::string(name) + "'", false};
    }
    grants.partitions.set(p->value, on);
    return std::nullopt;
  }
  std::optional<Observed> switch_lock(core::Grants& grants, std::string_view name, bool on) {
    const auto l = ctx_.world().lock(name);
    if (!l) {
      return Observed{error(core::ErrorId::lock_unknown), "no lock '" + std::string(name) + "'",
                      false};
    }
    grants.locks.set(l->value, on);
    return std::nullopt;
  }

  Observed act(const AddUser& a) {
    Observed refusal;
    const auto s = session(a.channel, refusal);
    if (!s) return refusal;
    devices::Cloud& cloud = ctx_.site().cloud();
    const auto created =
        cloud.create_user(*s, a.first, a.last, a.role.value_or(core::Role::standard));
    if (!created.ok()) return from(created.verdict());
    const core::UserId id = *created;

    core::Grants grants = core::Grants::nothing(cloud.directory().config());
    if (a.partitions.all) grants.partitions.fill(true);
    for (const auto& name : a.partitions.names) {
      if (auto o = switch_partition(grants, name, true)) return *o;
    }
    if (a.locks.all) grants.locks.fill(true);
    for (const auto& name : a.locks.names) {
      if (auto o = switch_lock(grants, name, true)) return *o;
    }
    core::CodeEdit edit;
    edit.grants = grants;
    edit.code = a.code;
    if (a.generate_code) {
      const auto generated = cloud.generate_code(*s, id, grants);
      if (!generated.ok()) return from(generated.verdict());
      ctx_.checker.note_code(*generated);
      edit.code = *generated;
    }
    const auto saved = cloud.save_user(*s, id, edit);
    if (!saved.ok()) return from(saved.verdict());
    for (const auto& contact : a.contacts) {
      const auto added =
          std::visit([&](const auto& input) { return cloud.add_contact(*s, id, input); }, contact);
      if (!added.ok()) return from(added.verdict());
    }
    return observed_ok();
  }

  // What a short form about an existing user needs: the channel's session
  // (logging in as the world's account when it has none) and the user as the
  // directory holds them; or the refusal that ends the step (no user of that
  // name in the directory: user_not_found).
  struct UserStep {
    std::optional<devices::Session> session;
    const core::User* user = nullptr;
    Observed refusal;
  };
  UserStep user_step(Channel channel, std::string_view name) {
    UserStep out;
    out.session = session(channel, out.refusal);
    if (!out.session) return out;
    const auto id = ctx_.find_user(name);
    out.user = id ? ctx_.site().cloud().directory().find(*id) : nullptr;
    if (out.user == nullptr) out.refusal = unknown_user(name);
    return out;
  }

  Observed act(const EditCode& a) {
    const UserStep u = user_step(a.channel, a.user);
    if (u.user == nullptr) return u.refusal;
    devices::Cloud& cloud = ctx_.site().cloud();
    core::CodeEdit edit;
    edit.code = a.code;
    if (a.generate_code) {
      const auto generated = cloud.generate_code(*u.session, u.user->id, u.user->grants);
      if (!generated.ok()) return from(generated.verdict());
      ctx_.checker.note_code(*generated);
      edit.code = *generated;
    }
    return from(cloud.save_user(*u.session, u.user->id, edit));
  }

  Observed act(const ChangeGrants& a) {
    const UserStep u = user_step(a.channel, a.user);
    if (u.user == nullptr) return u.refusal;
    core::Grants grants = u.user->grants;
    for (const auto& sw : a.partitions) {
      if (auto o = switch_partition(grants, sw.device, sw.on)) return *o;
    }
    for (const auto& sw : a.locks) {
      if (auto o = switch_lock(grants, sw.device, sw.on)) return *o;
    }
    core::CodeEdit edit;
    edit.grants = grants;
    return from(ctx_.site().cloud().save_user(*u.session, u.user->id, edit));
  }

  Observed act(const DeleteUser& a) {
    const UserStep u = user_step(a.channel, a.user);
    if (u.user == nullptr) return u.refusal;
    return from(ctx_.site().cloud().delete_user(*u.session, u.user->id));
  }

  Observed act(const AddContact& a) {
    const UserStep u = user_step(a.channel, a.user);
    if (u.user == nullptr) return u.refusal;
    devices::Cloud& cloud = ctx_.site().cloud();
    return from(std::visit(
        [&](const auto& input) { return cloud.add_contact(*u.session, u.user->id, input); },
        a.contact));
  }

  Observed act(const CancelEdit& a) {
    Observed refusal;
    const auto s = session(a.channel, refusal);
    if (!s) return refusal;
    const auto id = ctx_.find_user(a.user);
    if (!id) return unknown_user(a.user);
    devices::Cloud& cloud = ctx_.site().cloud();
    std::optional<devices::EditId> queued;
    std::optional<devices::EditId> sent;
    for (const auto& p : cloud.pending_edits()) {
      if (p.user != id) continue;
      if (p.kind != devices::PendingEdit::Kind::upsert_user &&
          p.kind != devices::PendingEdit::Kind::delete_user) {
        continue;
      }
      auto& slot = p.queued ? queued : sent;
      if (!slot || p.edit < *slot) slot = p.edit;
    }
    const auto edit = queued ? queued : sent;
    if (!edit) {
      return Observed{error(core::ErrorId::edit_not_found),
                      a.user + " has no edit waiting for the panel", false};
    }
    return from(cloud.cancel_pending(*s, *edit));
  }

  Observed act(const ShareUserCode& a) {
    const UserStep u = user_step(a.channel, a.user);
    if (u.user == nullptr) return u.refusal;
    return from(ctx_.site().cloud().share_user_code(*u.session, u.user->id));
  }

  // =============================================================================
  // [SECTION] Time and checks
  // =============================================================================
  // Wait and WaitUntil are run by start_step(), Expect by run_step(), before
  // the visit.
  Observed act(const Wait&) { return observed_ok(); }
  Observed act(const WaitUntil&) { return observed_ok(); }
  Observed act(const Expect&) { return observed_ok(); }

  std::shared_ptr<const ScenarioDocument> document_;
  const ScenarioDocument& doc_;
  RunOptions options_;
  std::uint64_t seed_;
  devices::World world_;  // the site references it
  RunContext ctx_;
  devices::ClientSession website_;
  devices::ClientSession app_;

  std::size_t next_ = 0;            // the step step() runs next
  std::optional<Waiting> waiting_;  // a wait advance() stopped at its limit
  std::optional<Failure> failure_;  // the failure that ended the run
  bool done_ = false;
};

// =============================================================================
// [SECTION] ScenarioSession, run_scenario() and make_site_executor()
// =============================================================================

ScenarioSession::ScenarioSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScenarioSession::~ScenarioSession() = default;

ScenarioSession::Opened ScenarioSession::open(std::shared_ptr<const ScenarioDocument> document,
                                              std::uint64_t seed, RunOptions options) {
  Opened out;
  auto world = load_scenario_world(document->scenario);
  if (!world.ok()) {
    out.failure = world_failure(document->scenario, world.error_text());
    return out;
  }
  try {
    auto impl = std::make_unique<Impl>(document, std::move(world).value(), seed, options);
    out.session.reset(new ScenarioSession(std::move(impl)));
  } catch (const std::invalid_argument& e) {
    // The Site refuses a world it cannot install (e.g. a lock that cannot
    // hold its users).
    out.failure = world_failure(document->scenario, e.what());
  } catch (const std::exception& e) {
    out.failure = internal_failure(document->scenario, e);
  }
  return out;
}

const ScenarioDocument& ScenarioSession::document() const {
  return impl_->document();
}
std::uint64_t ScenarioSession::seed() const {
  return impl_->seed();
}
const devices::Site& ScenarioSession::site() const {
  return impl_->context().site();
}
const sim::Scheduler& ScenarioSession::scheduler() const {
  return impl_->context().run.scheduler();
}
sim::Time ScenarioSession::now() const {
  return impl_->context().now();
}
const devices::ClientSession& ScenarioSession::client(Channel channel) const {
  return std::as_const(*impl_).client(channel);
}
const std::vector<sim::TraceRecord>& ScenarioSession::trace_records() const {
  return impl_->context().records->records();
}
std::size_t ScenarioSession::next_step() const {
  return impl_->next_step();
}
bool ScenarioSession::in_step() const {
  return impl_->in_step();
}
bool ScenarioSession::done() const {
  return impl_->done();
}
const std::optional<Failure>& ScenarioSession::failure() const {
  return impl_->failure();
}
StepOutcome ScenarioSession::step() {
  return impl_->advance(sim::Time::max());
}
StepOutcome ScenarioSession::advance(sim::Time limit) {
  return impl_->advance(limit);
}
std::vector<ConditionCheck> ScenarioSession::check_conditions(std::size_t index) const {
  return impl_->check_conditions(index);
}
std::string ScenarioSession::expected_result(std::size_t index) const {
  return impl_->expected_result(index);
}
std::optional<Failure> ScenarioSession::run_until(sim::Time t) {
  return impl_->run_until(t);
}
std::optional<Failure> ScenarioSession::run_event() {
  return impl_->run_event();
}
std::optional<Failure> ScenarioSession::by_hand(const std::function<void(Hands&)>& act) {
  return impl_->by_hand(act);
}
RunResult ScenarioSession::result() const {
  return impl_->result();
}

namespace {

// The whole run: every step of a session.
RunResult run_to_the_end(std::shared_ptr<const ScenarioDocument> document, std::uint64_t seed,
                         const RunOptions& options) {
  auto opened = ScenarioSession::open(std::move(document), seed, options);
  RunResult result;
  if (opened.session) {
    ScenarioSession& session = *opened.session;
    while (!session.done())
      session.step();
    result = session.result();
  } else {
    result.failure = std::move(opened.failure);
  }
  result.passed = !result.failure.has_value();
  result.seed = seed;
  return result;
}

}  // namespace

RunResult run_scenario(const ScenarioDocument& document, std::uint64_t seed,
                       const RunOptions& options) {
  // The session borrows the document for the length of this call.
  return run_to_the_end(
      std::shared_ptr<const ScenarioDocument>(std::shared_ptr<const ScenarioDocument>(), &document),
      seed, options);
}

ScenarioExecutor make_site_executor() {
  return [](const LoadedScenario& loaded, std::uint64_t seed, const RunOptions& options) {
    const ScenarioDocument* document = document_of(loaded);
    if (document == nullptr) {
      RunResult result;
      result.seed = seed;
      Failure f;
      f.location = loaded.scenario.location;
      f.step = "(the scenario)";
      f.expected = "a scenario loaded by make_file_loader()";
      f.observed = "no parsed steps to run";
      result.failure = std::move(f);
      return result;
    }
    // Shares the loaded document's ownership.
    return run_to_the_end(std::shared_ptr<const ScenarioDocument>(loaded.document, document), seed,
                          options);
  };
}

}  // namespace lockstep::scenarios
