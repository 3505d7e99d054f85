// PLACEHOLDER until devices::Site lands (see demo_view.hpp).
#include "gui/demo_view.hpp"

#include <cstdio>
#include <string>

#include "core/arm_state.hpp"
#include "core/contact.hpp"
#include "core/entry_check.hpp"
#include "gui/format.hpp"

namespace lockstep::gui {
namespace {

std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d", n);
  return buf;
}

std::string code_rule(const core::CodeLengths& l) {
  std::string n = l.min == l.max ? std::to_string(l.min)
                                 : std::to_string(l.min) + " to " + std::to_string(l.max);
  return n + " digits";
}

std::string contact_text(const core::Contact& c) {
  if (const auto* m = std::get_if<core::MobileContact>(&c)) {
    return "Mobile Number " + m->e164 + " (" + m->country + ", " + m->carrier + ")";
  }
  const auto& e = std::get<core::EmailContact>(c);
  return "Email Address " + e.address + " (" + std::string(core::label(e.format)) + ")";
}

Dropdown country_dropdown() {
  Dropdown d;
  for (const auto& c : core::countries())
    d.options.push_back(std::string(c.name) + " (" + std::string(c.code) + ")");
  return d;
}

Dropdown carrier_dropdown(std::optional<std::size_t> country) {
  Dropdown d;
  const auto list = core::countries();
  if (country && *country < list.size()) {
    for (auto name : list[*country].carriers)
      d.options.emplace_back(name);
  }
  return d;
}

Dropdown format_dropdown() {
  Dropdown d;
  for (auto f : core::all_email_formats())
    d.options.emplace_back(core::label(f));
  return d;
}

std::vector<DeviceToggle> partition_toggles(const devices::World& w, const core::Grants* g) {
  std::vector<DeviceToggle> out;
  for (std::uint32_t i = 0; i < w.system.partitions.size(); ++i) {
    out.push_back({DeviceRef{DeviceRef::Kind::partition, i}, w.system.partitions[i].name,
                   g ? g->partition(core::PartitionIndex(i)) : true, ""});
  }
  return out;
}

std::vector<DeviceToggle> lock_toggles(const devices::World& w, const core::Grants* g) {
  std::vector<DeviceToggle> out;
  for (std::uint32_t i = 0; i < w.system.locks.size(); ++i) {
    out.push_back({DeviceRef{DeviceRef::Kind::lock, i}, w.system.locks[i].name,
                   g ? g->lock(core::LockIndex(i)) : true, ""});
  }
  return out;
}

void fill_client(ClientView& v, const devices::World& w) {
  v.page = Page::login;
  v.system_name = w.system.name.empty() ? w.name : w.system.name;
  for (const auto& p : w.system.partitions)
    v.partition_states.push_back(p.name + ": " +
                                 std::string(core::label(core::PartitionState::disarmed)));
  for (const auto& u : w.users) {
    UserRow row;
    row.name = u.display_name();
    row.role = std::string(core::to_string(u.role));
    for (std::uint32_t i = 0; i < w.system.partitions.size(); ++i)
      if (u.grants.partition(core::PartitionIndex(i)))
        row.partitions.push_back(w.system.partitions[i].name);
    for (std::uint32_t i = 0; i < w.system.locks.size(); ++i)
      if (u.grants.lock(core::LockIndex(i))) row.locks.push_back(w.system.locks[i].name);
    row.contacts = u.contacts.size();
    v.users.push_back(std::move(row));
  }
  v.access_code.code_rule = code_rule(w.system.panel.code_lengths);
  v.mobile.country = country_dropdown();
  v.email.format = format_dropdown();
}

// The slots a lock holds at the start: one per initial user with a code
// granted that lock, in file order (what the world seeds, not a simulation).
std::vector<const devices::UserSeed*> seeded_users(const devices::World& w, std::size_t lock) {
  std::vector<const devices::UserSeed*> out;
  for (const auto& u : w.users)
    if (u.code && u.grants.lock(core::LockIndex(static_cast<std::uint32_t>(lock))))
      out.push_back(&u);
  return out;
}

}  // namespace

Views build_demo_views(const devices::World& w, const DemoOptions& options) {
  Views v;
  v.title = "Lockstep - " + w.name;
  fill_client(v.website, w);
  fill_client(v.app, w);

  v.panel.model = w.panel_model_name;
  std::size_t with_code = 0;
  for (const auto& u : w.users)
    if (u.code) ++with_code;
  v.panel.users =
      std::to_string(with_code) + " / " + std::to_string(w.system.panel.max_users) + " users";
  for (const auto& p : w.system.partitions) {
    v.panel.partitions.push_back(
        {p.name, std::string(core::label(core::PartitionState::disarmed)), false, false, ""});
  }
  for (const auto& k : w.keypads) {
    const auto& part = w.system.partitions[k.partition.value].name;
    v.panel.keypads.push_back({k.name, part, part + "\nDisarmed", false});
  }

  for (std::size_t i = 0; i < w.system.locks.size(); ++i) {
    const auto& l = w.system.locks[i];
    LockRow row;
    row.name = l.name;
    row.model = l.spec.model;
    row.partition = i < w.lock_placements.size()
                        ? w.system.partitions[w.lock_placements[i].partition.value].name
                        : "-";
    row.slots_used = seeded_users(w, i).size();
    row.slots_total = l.spec.slots;
    v.locks.rows.push_back(std::move(row));
  }

  v.timeline.rows.push_back({"00:00:00.000", "world", "loaded",
                             w.name + ": " + w.panel_model_name + ", " +
                                 std::to_string(w.system.partitions.size()) + " partitions, " +
                                 std::to_string(w.keypads.size()) + " keypads, " +
                                 std::to_string(w.system.locks.size()) + " locks, " +
                                 std::to_string(w.users.size()) + " users",
                             ""});
  for (const auto& u : w.users) {
    v.timeline.rows.push_back({"00:00:00.000", "world", "user_seeded",
                               u.display_name() + " (" + std::string(core::to_string(u.role)) +
                                   "), code " + (u.code ? std::string(kSlotCodeMask) : "none"),
                               ""});
  }

  const auto& s = w.start_local;
  v.time.clock = "00:00:00";
  v.time.local_time = std::to_string(s.year) + "-" + two(s.month) + "-" + two(s.day) + " " +
                      two(s.hour) + ":" + two(s.minute) + ":00";
  v.time.speed = options.speed;
  v.time.paused = true;
  v.time.source = "Placeholder: world \"" + w.name + "\" (" + w.source +
                  ") as loaded. The simulated site is not wired yet: actions are shown, not sent.";

  if (!options.scenario_file.empty()) {
    v.scenario.file = options.scenario_file;
    v.scenario.step_text = "Not played yet";
    v.scenario.caption = "Scenario playback arrives with the scenario runner.";
  }
  return v;
}

DemoController::DemoController(devices::World world, DemoOptions options)
    : world_(std::move(world)),
      options_(std::move(options)),
      views_(build_demo_views(world_, options_)) {}

ClientView& DemoController::client(Client c) {
  return c == Client::website ? static_cast<ClientView&>(views_.website)
                              : static_cast<ClientView&>(views_.app);
}

void DemoController::open_user_form(ClientView& v, const std::string& name) {
  const devices::UserSeed* seed = world_.user(name);
  AccessCodeForm f;
  f.user_name = name;
  f.code_rule = code_rule(world_.system.panel.code_lengths);
  f.partitions = partition_toggles(world_, seed ? &seed->grants : nullptr);
  f.locks = lock_toggles(world_, seed ? &seed->grants : nullptr);
  if (seed) {
    for (const auto& c : seed->contacts)
      f.contacts.push_back(contact_text(c));
  }
  v.access_code = std::move(f);
  v.page = Page::access_code;
}

void DemoController::click(ClientView& v, const std::string& what) {
  v.notice.clear();
  if (what == label::log_out) {
    v.page = Page::login;
    v.account.clear();
  } else if (what == "Home") {
    v.page = Page::home;
  } else if (what == label::menu) {
    v.page = Page::menu;
  } else if (what == label::users) {
    v.page = Page::users;
  } else if (what == label::add_new_user || what == label::add) {
    v.new_user = NewUserForm{};
    v.page = Page::new_user;
  } else if (what == label::create) {
    open_user_form(v, v.new_user.first_name.value + " " + v.new_user.last_name.value);
  } else if (what == label::add_contact) {
    v.page = Page::add_contact;
  } else if (what == label::mobile_number) {
    v.page = Page::mobile;
  } else if (what == label::email_address) {
    v.page = Page::email;
  } else if (what == label::save || what == label::cancel || what == label::back) {
    if (what == label::save)
      v.notice = "Placeholder: nothing was sent (the simulated site is not wired yet).";
    const bool contact_page =
        v.page == Page::mobile || v.page == Page::email || v.page == Page::add_contact;
    v.page =
        contact_page ? Page::access_code : (what == label::save ? Page::access_code : Page::users);
  }
}

void DemoController::select_lock(std::size_t index) {
  if (index >= world_.system.locks.size()) return;
  const auto& spec = world_.system.locks[index].spec;
  LockDetail d;
  d.lock = index;
  d.five_button_keypad = spec.five_button_keypad;
  const auto users = seeded_users(world_, index);
  for (std::size_t slot = 0; slot < spec.slots; ++slot) {
    SlotRow row;
    row.slot = slot + 1;
    if (slot < users.size()) {
      row.user = users[slot]->display_name();
      row.status = "occupied";
      row.has_code = true;
    } else {
      row.status = "available";
    }
    d.slots.push_back(std::move(row));
  }
  views_.locks.selected = std::move(d);
}

void DemoController::apply(const GuiAction& a) {
  if (const auto* x = std::get_if<action::LogIn>(&a)) {
    auto& v = client(x->client);
    v.account = x->username.empty() ? "trainer@example.com" : x->username;
    v.page = Page::home;
  } else if (const auto* c = std::get_if<action::Click>(&a)) {
    click(client(c->client), c->label);
  } else if (const auto* f = std::get_if<action::SetField>(&a)) {
    auto& v = client(f->client);
    switch (f->field) {
      case Field::username:
        v.login.username.value = f->value;
        break;
      case Field::password:
        v.login.password.value = f->value;
        break;
      case Field::first_name:
        v.new_user.first_name.value = f->value;
        break;
      case Field::last_name:
        v.new_user.last_name.value = f->value;
        break;
      case Field::access_code:
        v.access_code.access_code.value = f->value;
        break;
      case Field::mobile_number:
        v.mobile.number.value = f->value;
        break;
      case Field::email_address:
        v.email.address.value = f->value;
        break;
      case Field::mobile_country:
      case Field::mobile_carrier:
      case Field::email_format:
        break;
    }
  } else if (const auto* ch = std::get_if<action::Choose>(&a)) {
    auto& v = client(ch->client);
    if (ch->field == Field::mobile_country) {
      v.mobile.country.selected = ch->option;
      v.mobile.carrier = carrier_dropdown(ch->option);
    } else if (ch->field == Field::mobile_carrier) {
      v.mobile.carrier.selected = ch->option;
    } else if (ch->field == Field::email_format) {
      v.email.format.selected = ch->option;
    }
  } else if (const auto* t = std::get_if<action::ToggleDevice>(&a)) {
    auto& form = client(t->client).access_code;
    auto& list = t->device.kind == DeviceRef::Kind::partition ? form.partitions : form.locks;
    for (auto& toggle : list)
      if (toggle.device == t->device) toggle.on = t->on;
  } else if (const auto* o = std::get_if<action::OpenUser>(&a)) {
    open_user_form(client(o->client), o->name);
  } else if (const auto* s = std::get_if<action::SelectLock>(&a)) {
    select_lock(s->lock);
  } else if (const auto* sp = std::get_if<action::SetSpeed>(&a)) {
    views_.time.speed = sp->speed;
  } else if (const auto* p = std::get_if<action::SetPaused>(&a)) {
    views_.time.paused = p->paused;
  } else if (const auto* k = std::get_if<action::PressKeypadKey>(&a)) {
    for (auto& kp : views_.panel.keypads) {
      if (kp.name != k->keypad) continue;
      const auto nl = kp.display.find('\n');
      std::string first = kp.display.substr(0, nl);
      std::string second = nl == std::string::npos ? "" : kp.display.substr(nl + 1);
      if (k->key <= action::Key::d9) {
        second = (second.find_first_not_of('*') == std::string::npos ? second : "") + "*";
      } else {
        second = "Disarmed";
      }
      kp.display = first + "\n" + second;
    }
  }
}

}  // namespace lockstep::gui
