// [SECTION] Construction
// [SECTION] Views
// [SECTION] Actions: website and app
// [SECTION] Actions: keypads and locks
// [SECTION] Time
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

SiteController::SiteController(devices::World world, SiteControllerOptions options)
    : world_(std::make_unique<devices::World>(std::move(world))),
      options_(std::move(options)),
      seed_(world_->seed.value_or(options_.seed)),
      timeline_(lock_names(*world_)),
      site_([this] {
        // The timeline sees every record, from the installation at time zero on.
        trace_.add_sink(std::make_shared<sim::CallbackSink>([this](const sim::TraceRecord& r) {
          views_.timeline.rows.push_back(timeline_.row(r));
        }));
        return std::make_unique<devices::Site>(*world_, scheduler_, trace_, seed_);
      }()),
      website_(site_->cloud(), devices::Channel::website),
      app_(site_->cloud(), devices::Channel::app),
      lock_keypads_(site_->lock_count()),
      speed_(options_.speed),
      paused_(options_.paused) {
  if (options_.prefill_login) {
    for (ClientForms* f : {&website_forms_, &app_forms_}) {
      f->username = world_->account.email;
      f->password = world_->account.password;
    }
  }
  pacer_ = sim::Pacer(wall_, scheduler_.now(), paused_ ? 0.0 : factor(speed_));
  if (!options_.scenario_file.empty()) scenario_ = load_scenario_outline(options_.scenario_file);
  views_.title = "Lockstep - " + world_->name;
  // The first lock starts selected: its slots and its own keypad are in view.
  if (site_->lock_count() > 0) selected_lock_ = 0;
}

SiteController::~SiteController() = default;

devices::ClientSession& SiteController::session(Client c) {
  return c == Client::website ? website_ : app_;
}

const ClientForms& SiteController::forms(Client c) const {
  return c == Client::website ? website_forms_ : app_forms_;
}

// ---------------------------------------------------------------------------
// [SECTION] Views
// ---------------------------------------------------------------------------

const Views& SiteController::views() {
  devices::Site& site = *site_;
  static_cast<ClientView&>(views_.website) =
      build_client_view(Client::website, website_, website_forms_, site);
  static_cast<ClientView&>(views_.app) = build_client_view(Client::app, app_, app_forms_, site);
  views_.panel = build_panel_view(site);
  views_.locks = build_lock_fleet_view(site, selected_lock_, lock_keypads_);
  // views_.timeline.rows grows as the trace emits (the sink in the constructor).

  TimeControlView& t = views_.time;
  t.clock = clock_text(scheduler_.now());
  t.local_time = local_time_text(site, scheduler_.now());
  t.speed = speed_;
  t.paused = paused_;
  t.events_pending = scheduler_.pending();
  t.settled = settled();
  t.source =
      "World \"" + world_->name + "\" (" + world_->source + "), seed " + std::to_string(seed_);

  views_.scenario =
      options_.scenario_file.empty() ? ScenarioPlayerView{} : build_scenario_view(scenario_, 0);
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
  devices::ClientSession& s = session(c);
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
  devices::ClientSession& s = session(c);
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
      if (const core::User* u = site_->cloud().directory().find(*user)) name = u->display_name();
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
  if (const auto* x = std::get_if<action::LogIn>(&a)) {
    ClientForms& f = x->client == Client::website ? website_forms_ : app_forms_;
    f.username = x->username;
    f.password = x->password;
    f.notice.clear();
    f.show_home = false;
    submit(x->client, session(x->client).log_in(x->username, x->password));
  } else if (const auto* c = std::get_if<action::Click>(&a)) {
    ClientForms& f = c->client == Client::website ? website_forms_ : app_forms_;
    f.notice.clear();
    click(c->client, c->label);
  } else if (const auto* sf = std::get_if<action::SetField>(&a)) {
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
  } else if (const auto* t = std::get_if<action::ToggleDevice>(&a)) {
    const core::SystemConfig& config = site_->cloud().directory().config();
    std::string name;
    if (t->device.kind == DeviceRef::Kind::partition && t->device.index < config.partitions.size())
      name = config.partitions[t->device.index].name;
    if (t->device.kind == DeviceRef::Kind::lock && t->device.index < config.locks.size())
      name = config.locks[t->device.index].name;
    submit(t->client, session(t->client).toggle(name, t->on));
  } else if (const auto* o = std::get_if<action::OpenUser>(&a)) {
    ClientForms& f = o->client == Client::website ? website_forms_ : app_forms_;
    f.notice.clear();
    f.show_home = false;
    const auto r = session(o->client).open_user(o->name);
    submit(o->client, r);
    if (r.ok) f.access_code.clear();
  } else if (const auto* k = std::get_if<action::PressKeypadKey>(&a)) {
    devices::Keypad* keypad = site_->find_keypad(k->keypad);
    const auto key = device_key(k->key);
    if (keypad != nullptr && key) keypad->press(*key);
  } else if (const auto* lk = std::get_if<action::PressLockKey>(&a)) {
    press_lock_key(lk->lock, lk->key);
  } else if (const auto* sel = std::get_if<action::SelectLock>(&a)) {
    if (sel->lock < site_->lock_count()) selected_lock_ = sel->lock;
  } else if (const auto* sp = std::get_if<action::SetSpeed>(&a)) {
    set_speed(sp->speed);
  } else if (const auto* p = std::get_if<action::SetPaused>(&a)) {
    set_paused(p->paused);
  } else if (std::holds_alternative<action::StepEvent>(a)) {
    scheduler_.step();
    set_paused(true);
  } else if (std::holds_alternative<action::RunUntilSettled>(a)) {
    run_until_settled(options_.settle_limit);
  }
  // ScenarioStep / ScenarioRun / ScenarioRestart: no executor with steps yet
  // (the Scenario window draws them disabled). Quit: the frame loop's.
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
  if (website_.page() != devices::ClientSession::Page::user_code_form) {
    return {false, website_forms_.problem, website_forms_.error};
  }
  const auto generated = website_.generate_code();
  if (!generated.ok) return generated;
  const core::SystemConfig& config = site_->cloud().directory().config();
  for (std::uint32_t p = 0; p < config.partitions.size(); ++p)
    apply(action::ToggleDevice{web, {DeviceRef::Kind::partition, p}, true});
  for (std::uint32_t l = 0; l < config.locks.size(); ++l)
    apply(action::ToggleDevice{web, {DeviceRef::Kind::lock, l}, true});
  const auto saved = website_.save();
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
  const core::EntryResult r = lock.enter_code(k.typed, site_->local_now());
  std::fill(k.typed.begin(), k.typed.end(), '\0');
  k.typed.clear();
  k.result = lock_entry_text(r);
}

// ---------------------------------------------------------------------------
// [SECTION] Time
// ---------------------------------------------------------------------------

void SiteController::reanchor() {
  pacer_ = sim::Pacer(wall_, scheduler_.now(),
                      paused_ || speed_ == Speed::as_fast_as_possible ? 0.0 : factor(speed_));
}

void SiteController::set_speed(Speed speed) {
  speed_ = speed;
  paused_ = false;  // choosing a speed plays
  reanchor();
}

void SiteController::set_paused(bool paused) {
  paused_ = paused;
  reanchor();
}

void SiteController::advance(double wall_seconds) {
  // A stalled frame (a debugger, a dragged window) moves time by at most 1 s
  // of wall time.
  const double dt = std::clamp(wall_seconds, 0.0, 1.0);
  wall_ += std::chrono::duration_cast<sim::Pacer::time_point::duration>(
      std::chrono::duration<double>(dt));
  if (paused_) {
    reanchor();
    return;
  }
  if (speed_ != Speed::as_fast_as_possible) {
    scheduler_.run_until(pacer_.virtual_at(wall_));
    return;
  }
  // As fast as possible: a batch of events, bounded in count and in wall
  // time, so the frame stays short.
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < options_.events_per_frame; ++n) {
    if (!scheduler_.step()) break;
    if ((n & 255) == 255 &&
        std::chrono::steady_clock::now() - start > std::chrono::milliseconds(8)) {
      break;
    }
  }
  reanchor();
}

void SiteController::run_for(sim::Duration d) {
  scheduler_.run_for(d);
  reanchor();
}

bool SiteController::settled() const {
  const devices::Site& site = *site_;
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
  const sim::Time end = sim::saturating_add(scheduler_.now(), limit);
  bool done = settled();
  while (!done) {
    const auto next = scheduler_.next_event_time();
    if (!next || *next > end) break;
    scheduler_.step();
    done = settled();
  }
  reanchor();
  return done;
}

}  // namespace lockstep::gui
