// [SECTION] Construction
// [SECTION] Views
// [SECTION] Actions: website and app
// [SECTION] Actions: keypads and locks
// [SECTION] Time
// [SECTION] Scenario player
#include "gui/site_controller.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "gui/format.hpp"

namespace lockstep::gui {
namespace {

double factor(Speed s) {
  switch (s) {
    case Speed::x1:
      return 1.0;
    case Speed::x10:
      return 10.0;
    case Speed::x60:
      return 60.0;
    case Speed::as_fast_as_possible:
      return 0.0;  // not paced: batches of events
  }
  return 1.0;
}

std::optional<devices::Key> device_key(action::Key k) {
  using K = action::Key;
  switch (k) {
    case K::d0:
    case K::d1:
    case K::d2:
    case K::d3:
    case K::d4:
    case K::d5:
    case K::d6:
    case K::d7:
    case K::d8:
    case K::d9:
      return static_cast<devices::Key>(static_cast<int>(k) - static_cast<int>(K::d0) +
                                       static_cast<int>(devices::Key::d0));
    case K::star:
      return devices::Key::clear;  // '*' clears what was typed
    case K::arm_away:
      return devices::Key::arm_away;
    case K::arm_stay:
      return devices::Key::arm_stay;
    case K::arm_night:
      return devices::Key::arm_night;
    case K::disarm:
      return devices::Key::disarm;
    case K::pound:
    case K::lock:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> lock_names(const devices::World& w) {
  std::vector<std::string> out;
  for (const auto& l : w.system.locks)
    out.push_back(l.name);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Construction
// ---------------------------------------------------------------------------

// A site of the controller's own: its kernel, trace and client sessions.
struct SiteController::OwnSite {
  OwnSite(devices::World w, std::uint64_t seed, std::shared_ptr<sim::TraceSink> sink)
      : world(std::move(w)) {
    // The sink sees every record, from the installation at time zero on.
    trace.add_sink(std::move(sink));
    site = std::make_unique<devices::Site>(world, scheduler, trace, seed);
    website.emplace(site->cloud(), devices::Channel::website);
    app.emplace(site->cloud(), devices::Channel::app);
  }
  devices::World world;  // the Site references it
  sim::Scheduler scheduler;
  sim::Trace trace;
  std::unique_ptr<devices::Site> site;
  std::optional<devices::ClientSession> website;
  std::optional<devices::ClientSession> app;
};

// A scenario being played: its run, and what the Scenario window keeps.
struct SiteController::Player {
  std::shared_ptr<const scenarios::ScenarioDocument> document;
  std::uint64_t seed = 1;
  std::unique_ptr<scenarios::ScenarioSession> session;
  ScenarioOutline outline;
  bool running = false;        // Run
  double dwell_left = 0;       // wall seconds the last step stays in view
  std::size_t trace_seen = 0;  // records already on the timeline
};

SiteController::SiteController(SiteControllerOptions options)
    : options_(std::move(options)), speed_(options_.speed), paused_(options_.paused) {}

SiteController::SiteController(devices::World world, SiteControllerOptions options)
    : SiteController(std::move(options)) {
  seed_ = world.seed.value_or(options_.seed);
  timeline_ = TimelineBuilder(lock_names(world));
  own_ = std::make_unique<OwnSite>(
      std::move(world), seed_,
      std::make_shared<sim::CallbackSink>(
          [this](const sim::TraceRecord& r) { views_.timeline.rows.push_back(timeline_.row(r)); }));
  site_ = own_->site.get();
  website_ = &*own_->website;
  app_ = &*own_->app;
  start();
}

std::unique_ptr<SiteController> SiteController::for_scenario(
    std::shared_ptr<const scenarios::ScenarioDocument> document, std::uint64_t seed,
    SiteControllerOptions options, std::string* error) {
  auto opened = scenarios::ScenarioSession::open(document, seed);
  if (!opened.session) {
    if (error != nullptr) {
      const scenarios::Failure& f = *opened.failure;
      *error = scenarios::format_location(f.location) + ": " + f.step + ": " + f.observed;
    }
    return nullptr;
  }
  options.paused = true;  // time moves with the steps until the trainer plays it
  std::unique_ptr<SiteController> c(new SiteController(std::move(options)));
  c->seed_ = seed;
  c->player_ = std::make_unique<Player>();
  Player& p = *c->player_;
  p.document = std::move(document);
  p.seed = seed;
  p.session = std::move(opened.session);
  p.outline = scenario_outline(*p.document);
  c->timeline_ = TimelineBuilder(lock_names(c->world()));
  c->start();
  return c;
}

void SiteController::start() {
  if (options_.prefill_login) {
    for (ClientForms* f : {&website_forms_, &app_forms_}) {
      f->username = world().account.email;
      f->password = world().account.password;
    }
  }
  lock_keypads_.assign(site().lock_count(), LockKeypadState{});
  reanchor();
  views_.title = "Lockstep - " + world().name;
  // The first lock starts selected: its slots and its own keypad are in view.
  if (site().lock_count() > 0) selected_lock_ = 0;
}

SiteController::~SiteController() = default;

const devices::Site& SiteController::site() const {
  return player_ ? player_->session->site() : *own_->site;
}

const scenarios::ScenarioSession* SiteController::scenario() const {
  return player_ ? player_->session.get() : nullptr;
}

const devices::ClientSession& SiteController::session(Client c) const {
  if (player_) {
    return player_->session->client(c);
  }
  return c == Client::website ? *own_->website : *own_->app;
}

devices::ClientSession& SiteController::hands(Client c) {
  return c == Client::website ? *website_ : *app_;
}

const ClientForms& SiteController::forms(Client c) const {
  return c == Client::website ? website_forms_ : app_forms_;
}

void SiteController::operate(const std::function<void()>& act) {
  if (!player_) {
    act();
    return;
  }
  struct Release {
    SiteController& c;
    ~Release() { c.site_ = nullptr, c.website_ = nullptr, c.app_ = nullptr; }
  };
  player_->session->by_hand([&](scenarios::ScenarioSession::Hands& h) {
    site_ = &h.site;
    website_ = &h.website;
    app_ = &h.app;
    const Release release{*this};
    act();
  });
}

// ---------------------------------------------------------------------------
// [SECTION] Views
// ---------------------------------------------------------------------------

const Views& SiteController::views() {
  const devices::Site& site = this->site();
  static_cast<ClientView&>(views_.website) =
      build_client_view(Client::website, session(Client::website), website_forms_, site);
  static_cast<ClientView&>(views_.app) =
      build_client_view(Client::app, session(Client::app), app_forms_, site);
  views_.panel = build_panel_view(site);
  views_.locks = build_lock_fleet_view(site, selected_lock_, lock_keypads_);
  // Without a scenario views_.timeline.rows grows as the trace emits (the
  // sink in the constructor); a scenario's run keeps its records.
  if (player_) {
    const auto& records = player_->session->trace_records();
    for (; player_->trace_seen < records.size(); ++player_->trace_seen)
      views_.timeline.rows.push_back(timeline_.row(records[player_->trace_seen]));
  }

  TimeControlView& t = views_.time;
  t.clock = clock_text(now());
  t.local_time = local_time_text(site, now());
  t.speed = speed_;
  t.paused = paused_;
  t.events_pending = site.scheduler().pending();
  t.settled = settled();
  const devices::World& w = world();
  t.source = "World \"" + w.name + "\" (" + w.source + "), seed " + std::to_string(seed_);
  if (player_) t.source = "Scenario \"" + player_->outline.name + "\" on " + t.source;

  views_.scenario = player_
                        ? build_scenario_view(player_->outline, *player_->session, player_->running)
                        : ScenarioPlayerView{};
  views_.outbox = build_outbox_view(site.outbox());
  return views_;
}

// ---------------------------------------------------------------------------
// [SECTION] Actions: website and app
// ---------------------------------------------------------------------------

void SiteController::submit(Client c, const devices::StepResult& result) {
  ClientForms& f = c == Client::website ? website_forms_ : app_forms_;
  if (result.ok) {
    f.problem.reset();
    f.error.clear();
  } else {
    f.problem = result.problem;
    f.error = result.message;
  }
}

// Back to the Users list: the website links it from every page; the app
// goes through its Menu.
void SiteController::go_to_users(Client c) {
  devices::ClientSession& s = hands(c);
  if (c == Client::app) {
    const auto menu = s.tap_menu();
    if (!menu.ok) {
      submit(c, menu);
      return;
    }
  }
  submit(c, s.open_users());
}

void SiteController::click(Client c, const std::string& what) {
  devices::ClientSession& s = hands(c);
  ClientForms& f = c == Client::website ? website_forms_ : app_forms_;
  using P = devices::ClientSession::Page;
  const P page = s.page();
  f.show_home = false;

  if (what == label::log_out) {
    submit(c, s.log_out());
    f.access_code.clear();
  } else if (what == "Home") {
    f.show_home = s.page() != P::logged_out;  // a view of the system, no session step
  } else if (what == label::menu) {
    submit(c, s.tap_menu());
  } else if (what == label::users) {
    submit(c, s.open_users());
  } else if (what == label::add_new_user || what == label::add) {
    const auto r = s.add_new_user();
    submit(c, r);
    if (r.ok) {
      f.first_name.clear();
      f.last_name.clear();
    }
  } else if (what == label::create) {
    auto r = s.enter_name(f.first_name, f.last_name);
    if (r.ok) r = s.create();
    submit(c, r);
    if (r.ok) f.access_code.clear();
  } else if (what == label::save && page == P::user_code_form) {
    if (!f.access_code.empty()) {
      const auto typed = s.enter_access_code(f.access_code);
      if (!typed.ok) {
        submit(c, typed);
        return;
      }
    }
    submit(c, s.save());
  } else if (what == label::save && (page == P::mobile_form || page == P::email_form)) {
    devices::StepResult r;
    if (page == P::mobile_form) {
      const auto countries = core::countries();
      std::string country, carrier;
      if (f.country && *f.country < countries.size()) {
        const core::Country& k = countries[*f.country];
        country = std::string(k.code);
        if (f.carrier && *f.carrier < k.carriers.size())
          carrier = std::string(k.carriers[*f.carrier]);
      }
      r = s.enter_mobile(f.mobile_number, country, carrier);
    } else {
      std::string format;
      const auto formats = core::all_email_formats();
      if (f.email_format && *f.email_format < formats.size())
        format = std::string(core::to_string(formats[*f.email_format]));
      r = s.enter_email(f.email_address, format);
    }
    if (r.ok) r = s.save_contact();
    submit(c, r);
    if (r.ok) {
      f.notice = r.message;
      f.mobile_number.clear();
      f.country.reset();
      f.carrier.reset();
      f.email_address.clear();
      f.email_format.reset();
    }
  } else if (what == label::save) {
    submit(c, s.save());  // from another page: the session says where Save is
  } else if (what == label::add_contact) {
    submit(c, s.add_contact());
  } else if (what == label::mobile_number) {
    submit(c, s.choose_mobile_number());
  } else if (what == label::email_address) {
    submit(c, s.choose_email_address());
  } else if (what == label::cancel || what == label::back) {
    // Leaving a form without saving: a contact form returns to its user's
    // page; anything else to the Users list.
    const bool contact_page =
        page == P::contact_choice || page == P::mobile_form || page == P::email_form;
    const auto user = s.current_user();
    std::string name;
    if (user) {
      if (const core::User* u = site().cloud().directory().find(*user)) name = u->display_name();
    }
    go_to_users(c);
    if (contact_page && !name.empty()) submit(c, s.open_user(name));
    if (!contact_page) f.access_code.clear();
  } else {
    f.problem.reset();
    f.error = "\"" + what + "\" is not a step of the website or the app.";
  }
}

void SiteController::apply(const GuiAction& a) {
  if (const auto* sf = std::get_if<action::SetField>(&a)) {
    ClientForms& f = sf->client == Client::website ? website_forms_ : app_forms_;
    switch (sf->field) {
      case Field::username:
        f.username = sf->value;
        break;
      case Field::password:
        f.password = sf->value;
        break;
      case Field::first_name:
        f.first_name = sf->value;
        break;
      case Field::last_name:
        f.last_name = sf->value;
        break;
      case Field::access_code:
        f.access_code = sf->value;
        break;
      case Field::mobile_number:
        f.mobile_number = sf->value;
        break;
      case Field::email_address:
        f.email_address = sf->value;
        break;
      case Field::mobile_country:
      case Field::mobile_carrier:
      case Field::email_format:
        break;  // dropdowns: Choose
    }
  } else if (const auto* ch = std::get_if<action::Choose>(&a)) {
    ClientForms& f = ch->client == Client::website ? website_forms_ : app_forms_;
    if (ch->field == Field::mobile_country) {
      if (f.country != ch->option) f.carrier.reset();
      f.country = ch->option;
    } else if (ch->field == Field::mobile_carrier) {
      f.carrier = ch->option;
    } else if (ch->field == Field::email_format) {
      f.email_format = ch->option;
    }
  } else if (const auto* sel = std::get_if<action::SelectLock>(&a)) {
    if (sel->lock < site().lock_count()) selected_lock_ = sel->lock;
  } else if (const auto* sp = std::get_if<action::SetSpeed>(&a)) {
    set_speed(sp->speed);
  } else if (const auto* p = std::get_if<action::SetPaused>(&a)) {
    set_paused(p->paused);
  } else if (std::holds_alternative<action::StepEvent>(a)) {
    run_one_event();
    set_paused(true);
  } else if (std::holds_alternative<action::RunUntilSettled>(a)) {
    run_until_settled(options_.settle_limit);
  } else if (std::holds_alternative<action::ScenarioStep>(a)) {
    scenario_step();
  } else if (const auto* r = std::get_if<action::ScenarioRun>(&a)) {
    scenario_run(r->run);
  } else if (std::holds_alternative<action::ScenarioRestart>(a)) {
    scenario_restart();
  } else if (!std::holds_alternative<action::Quit>(a)) {  // Quit: the frame loop's
    operate([&] { act_on_site(a); });
  }
}

// What a person does to the site: the website and app, keypads, locks.
void SiteController::act_on_site(const GuiAction& a) {
  if (const auto* x = std::get_if<action::LogIn>(&a)) {
    ClientForms& f = x->client == Client::website ? website_forms_ : app_forms_;
    f.username = x->username;
    f.password = x->password;
    f.notice.clear();
    f.show_home = false;
    submit(x->client, hands(x->client).log_in(x->username, x->password));
  } else if (const auto* c = std::get_if<action::Click>(&a)) {
    ClientForms& f = c->client == Client::website ? website_forms_ : app_forms_;
    f.notice.clear();
    click(c->client, c->label);
  } else if (const auto* t = std::get_if<action::ToggleDevice>(&a)) {
    const core::SystemConfig& config = site_->cloud().directory().config();
    std::string name;
    if (t->device.kind == DeviceRef::Kind::partition && t->device.index < config.partitions.size())
      name = config.partitions[t->device.index].name;
    if (t->device.kind == DeviceRef::Kind::lock && t->device.index < config.locks.size())
      name = config.locks[t->device.index].name;
    submit(t->client, hands(t->client).toggle(name, t->on));
  } else if (const auto* o = std::get_if<action::OpenUser>(&a)) {
    ClientForms& f = o->client == Client::website ? website_forms_ : app_forms_;
    f.notice.clear();
    f.show_home = false;
    const auto r = hands(o->client).open_user(o->name);
    submit(o->client, r);
    if (r.ok) f.access_code.clear();
  } else if (const auto* k = std::get_if<action::PressKeypadKey>(&a)) {
    devices::Keypad* keypad = site_->find_keypad(k->keypad);
    const auto key = device_key(k->key);
    if (keypad != nullptr && key) keypad->press(*key);
  } else if (const auto* lk = std::get_if<action::PressLockKey>(&a)) {
    press_lock_key(lk->lock, lk->key);
  }
}

devices::StepResult SiteController::add_user_on_the_website(const std::string& first,
                                                            const std::string& last) {
  const Client web = Client::website;
  apply(action::LogIn{web, website_forms_.username, website_forms_.password});
  apply(action::Click{web, std::string(label::users)});
  apply(action::Click{web, std::string(label::add_new_user)});
  apply(action::SetField{web, Field::first_name, first});
  apply(action::SetField{web, Field::last_name, last});
  apply(action::Click{web, std::string(label::create)});
  if (session(web).page() != devices::ClientSession::Page::user_code_form) {
    return {false, website_forms_.problem, website_forms_.error};
  }
  devices::StepResult generated;
  operate([&] { generated = hands(web).generate_code(); });
  if (!generated.ok) return generated;
  const core::SystemConfig& config = site().cloud().directory().config();
  for (std::uint32_t p = 0; p < config.partitions.size(); ++p)
    apply(action::ToggleDevice{web, {DeviceRef::Kind::partition, p}, true});
  for (std::uint32_t l = 0; l < config.locks.size(); ++l)
    apply(action::ToggleDevice{web, {DeviceRef::Kind::lock, l}, true});
  devices::StepResult saved;
  operate([&] { saved = hands(web).save(); });
  submit(web, saved);
  if (saved.ok) apply(action::Click{web, std::string(label::users)});
  return saved;
}

// ---------------------------------------------------------------------------
// [SECTION] Actions: keypads and locks
// ---------------------------------------------------------------------------

// A lock takes a whole code: the digits pressed are kept until the Lock key
// (the lock's enter / check key) submits them to Lock::enter_code.
void SiteController::press_lock_key(std::size_t index, action::Key key) {
  if (index >= site_->lock_count()) return;
  devices::Lock& lock = site_->lock(core::LockIndex(static_cast<std::uint32_t>(index)));
  LockKeypadState& k = lock_keypads_[index];
  if (key <= action::Key::d9) {
    k.result.clear();
    const std::size_t longest = std::max<std::size_t>(lock.spec().code_lengths.max, 1);
    if (k.typed.size() < longest)
      k.typed += static_cast<char>('0' + static_cast<int>(key) - static_cast<int>(action::Key::d0));
    return;
  }
  if (key != action::Key::lock || k.typed.empty()) return;
  const core::EntryResult r = lock.enter_code(k.typed, [this] { return site_->local_now(); });
  std::fill(k.typed.begin(), k.typed.end(), '\0');
  k.typed.clear();
  k.result = lock_entry_text(r);
}

// ---------------------------------------------------------------------------
// [SECTION] Time
// ---------------------------------------------------------------------------

void SiteController::reanchor() {
  pacer_ = sim::Pacer(wall_, now(),
                      paused_ || speed_ == Speed::as_fast_as_possible ? 0.0 : factor(speed_));
}

void SiteController::set_speed(Speed speed) {
  speed_ = speed;
  paused_ = false;  // choosing a speed plays
  reanchor();
}

void SiteController::set_paused(bool paused) {
  paused_ = paused;
  if (paused && player_) player_->running = false;
  reanchor();
}

// Virtual time up to `t`. A scenario's wait in progress runs on (as Run
// would run it); time beyond a step runs between steps.
void SiteController::run_time_until(sim::Time t) {
  if (!player_) {
    own_->scheduler.run_until(t);
    return;
  }
  scenarios::ScenarioSession& s = *player_->session;
  if (s.in_step()) s.advance(t);
  if (!s.in_step()) s.run_until(t);
}

// One kernel event (in a scenario's wait in progress: the events of the
// next event's time); false when none was due.
bool SiteController::run_one_event() {
  if (!player_) return own_->scheduler.step();
  scenarios::ScenarioSession& s = *player_->session;
  const auto next = s.scheduler().next_event_time();
  if (s.in_step()) {
    s.advance(next ? *next : sim::Time::max());
    return true;
  }
  if (!next) return false;
  s.run_event();
  return true;
}

void SiteController::advance(double wall_seconds) {
  // A stalled frame (a debugger, a dragged window) moves time by at most 1 s
  // of wall time.
  const double dt = std::clamp(wall_seconds, 0.0, 1.0);
  wall_ += std::chrono::duration_cast<sim::Pacer::time_point::duration>(
      std::chrono::duration<double>(dt));
  if (player_ && player_->running) {
    play(dt);
    return;
  }
  if (paused_) {
    reanchor();
    return;
  }
  if (speed_ != Speed::as_fast_as_possible) {
    run_time_until(pacer_.virtual_at(wall_));
    return;
  }
  // As fast as possible: a batch of events, bounded in count and in wall
  // time, so the frame stays short.
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < options_.events_per_frame; ++n) {
    if (!run_one_event()) break;
    if ((n & 255) == 255 &&
        std::chrono::steady_clock::now() - start > std::chrono::milliseconds(8)) {
      break;
    }
  }
  reanchor();
}

void SiteController::run_for(sim::Duration d) {
  run_time_until(sim::saturating_add(now(), d));
  reanchor();
}

bool SiteController::settled() const {
  const devices::Site& site = this->site();
  const devices::Cloud& cloud = site.cloud();
  if (!cloud.pending_edits().empty()) return false;
  for (std::size_t i = 0; i < site.lock_count(); ++i) {
    if (!site.panel().pending_ops(core::LockIndex(static_cast<std::uint32_t>(i))).empty())
      return false;
  }
  using S = devices::SyncStatus::State;
  for (const core::User& u : cloud.directory().users()) {
    const devices::SyncRow row = cloud.sync_row(u.id);
    if (row.panel.state == S::pending) return false;
    for (const auto& l : row.locks)
      if (l.state == S::pending) return false;
  }
  return true;
}

bool SiteController::run_until_settled(sim::Duration limit) {
  const sim::Time end = sim::saturating_add(now(), limit);
  bool done = settled();
  while (!done) {
    const auto next = site().scheduler().next_event_time();
    if (!next || *next > end) break;
    run_one_event();
    done = settled();
  }
  reanchor();
  return done;
}

// ---------------------------------------------------------------------------
// [SECTION] Scenario player
// ---------------------------------------------------------------------------

// A `say:` caption: shown with the step after it, not a step of the player.
bool SiteController::is_caption(std::size_t step) const {
  const auto& steps = player_->document->steps;
  return step < steps.size() && std::holds_alternative<scenarios::Say>(steps[step].action);
}

// Step: the next step to its end (the captions before it too).
void SiteController::scenario_step() {
  if (!player_) return;
  scenarios::ScenarioSession& s = *player_->session;
  player_->running = false;
  while (!s.done()) {
    const bool caption = is_caption(s.next_step());
    s.step();
    if (!caption) break;
  }
  paused_ = true;
  reanchor();
}

void SiteController::scenario_run(bool run) {
  if (!player_) return;
  player_->running = run && !player_->session->done();
  player_->dwell_left = 0;
  paused_ = !player_->running;
  reanchor();
}

void SiteController::scenario_restart() {
  if (!player_) return;
  Player& p = *player_;
  auto opened = scenarios::ScenarioSession::open(p.document, p.seed);
  if (!opened.session) return;  // it opened before: the same world opens again
  p.session = std::move(opened.session);
  p.running = false;
  p.dwell_left = 0;
  p.trace_seen = 0;
  views_.timeline.rows.clear();
  timeline_ = TimelineBuilder(lock_names(world()));
  lock_keypads_.assign(site().lock_count(), LockKeypadState{});
  for (ClientForms* f : {&website_forms_, &app_forms_}) {
    f->problem.reset();
    f->error.clear();
    f->notice.clear();
    f->access_code.clear();
  }
  paused_ = true;
  reanchor();
}

// Run, one frame: the step in hand runs on, a wait paced by the chosen speed;
// each step stays in view step_dwell_seconds before the next one starts.
void SiteController::play(double wall_seconds) {
  Player& p = *player_;
  scenarios::ScenarioSession& s = *p.session;
  if (p.dwell_left > 0) {
    p.dwell_left -= wall_seconds;
    reanchor();  // virtual time stands still meanwhile
    return;
  }
  const bool fast = speed_ == Speed::as_fast_as_possible;
  const sim::Time limit = fast ? sim::Time::max() : pacer_.virtual_at(wall_);
  while (!s.done()) {
    const bool caption = is_caption(s.next_step());
    if (!s.advance(limit).finished) break;  // a wait, on at the next frame
    reanchor();
    if (caption) continue;
    if (!fast) p.dwell_left = options_.step_dwell_seconds;
    break;
  }
  if (s.done()) {
    p.running = false;
    paused_ = true;
    reanchor();
  }
}

}  // namespace lockstep::gui
