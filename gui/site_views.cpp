// [SECTION] Time texts
// [SECTION] Errors and sync chips
// [SECTION] Website and app
// [SECTION] Panel and keypads
// [SECTION] Lock fleet
// [SECTION] Outbox
// [SECTION] Timeline
// [SECTION] Scenario player
#include "gui/site_views.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <variant>

#include "core/arm_state.hpp"
#include "core/contact.hpp"
#include "devices/zwave.hpp"
#include "gui/format.hpp"
#include "scenarios/parser.hpp"
#include "scenarios/runner.hpp"

namespace lockstep::gui {
namespace {

std::string str(std::string_view s) {
  return std::string(s);
}

const core::LockIndex lock_index(std::size_t i) {
  return core::LockIndex(static_cast<std::uint32_t>(i));
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Time texts
// ---------------------------------------------------------------------------

std::string clock_text(sim::Time t) {
  const std::int64_t s = std::max<std::int64_t>(t.us(), 0) / 1'000'000;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

std::string timeline_time(sim::Time t) {
  const std::int64_t ms = std::max<std::int64_t>(t.us(), 0) / 1000 % 1000;
  char buf[8];
  std::snprintf(buf, sizeof(buf), ".%03lld", static_cast<long long>(ms));
  return clock_text(t) + buf;
}

std::string local_time_text(const devices::Site& site, sim::Time now) {
  const core::LocalDateTime l = site.local_now();
  // The world starts on a whole minute; local_now() has minutes, the seconds
  // come from the simulated time.
  const long long seconds = now.us() / 1'000'000 % 60;
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u %02u:%02u:%02lld", static_cast<int>(l.year),
                static_cast<unsigned>(l.month), static_cast<unsigned>(l.day),
                static_cast<unsigned>(l.hour), static_cast<unsigned>(l.minute), seconds);
  return buf;
}

// ---------------------------------------------------------------------------
// [SECTION] Errors and sync chips
// ---------------------------------------------------------------------------

std::optional<Field> field_of(const core::Problem& problem) {
  const std::string_view f = core::field(problem.id);
  if (f == "access_code") return Field::access_code;
  if (f == "name") return Field::first_name;
  if (f == "login") return Field::username;
  if (f == "contact.number") return Field::mobile_number;
  if (f == "contact.country") return Field::mobile_country;
  if (f == "contact.carrier") return Field::mobile_carrier;
  if (f == "contact.email") return Field::email_address;
  if (f == "contact.email_format") return Field::email_format;
  return std::nullopt;  // system, users, grants.*, ...: the form's own error line
}

namespace {

SyncState state_of(devices::SyncStatus::State s) {
  using S = devices::SyncStatus::State;
  switch (s) {
    case S::none:
      return SyncState::none;
    case S::pending:
      return SyncState::pending;
    case S::active:
      return SyncState::active;
    case S::failed:
      return SyncState::failed;
    case S::superseded:
      return SyncState::superseded;
  }
  return SyncState::none;
}

SyncChip chip(std::string device, const devices::SyncStatus& s) {
  SyncChip c;
  c.device = std::move(device);
  c.state = state_of(s.state);
  switch (c.state) {
    case SyncState::pending:
      c.detail = s.reason;
      break;
    case SyncState::failed:
      c.detail = s.error ? str(core::sentence(*s.error)) : std::string(s.reason);
      break;
    case SyncState::active:
      c.detail = "active since " + clock_text(s.since);
      break;
    case SyncState::superseded:
      c.detail = "replaced by a newer edit";
      break;
    case SyncState::none:
      c.detail = s.reason.empty() ? "holds nothing for this user" : s.reason;
      break;
  }
  return c;
}

}  // namespace

std::vector<SyncChip> sync_chips(const devices::Site& site, core::UserId user) {
  const devices::Cloud& cloud = site.cloud();
  const core::User* u = cloud.directory().find(user);
  std::vector<SyncChip> out;
  out.push_back(chip("Panel", cloud.sync(user, devices::kPanel)));
  const auto& locks = cloud.directory().config().locks;
  std::vector<SyncChip> lock_chips;
  for (std::size_t i = 0; i < locks.size(); ++i) {
    const devices::SyncStatus s = cloud.sync(user, lock_index(i));
    const bool granted = u != nullptr && u->grants.lock(lock_index(i));
    if (granted || s.state != devices::SyncStatus::State::none)
      lock_chips.push_back(chip(locks[i].name, s));
  }
  if (lock_chips.size() <= kMaxLockChips) {
    out.insert(out.end(), lock_chips.begin(), lock_chips.end());
    return out;
  }
  // A fleet: one chip per state, "412 locks pending".
  for (SyncState state : {SyncState::failed, SyncState::pending, SyncState::active,
                          SyncState::superseded, SyncState::none}) {
    std::size_t n = 0;
    std::string first;
    for (const auto& c : lock_chips) {
      if (c.state != state) continue;
      if (n++ == 0) first = c.device + ": " + c.detail;
    }
    if (n == 0) continue;
    out.push_back({std::to_string(n) + " locks", state,
                   std::to_string(n) + " of " + std::to_string(lock_chips.size()) +
                       " locks; the first: " + first});
  }
  return out;
}

std::vector<UserRow> user_rows(const devices::Site& site) {
  const core::Directory& dir = site.cloud().directory();
  const core::SystemConfig& config = dir.config();
  std::vector<UserRow> rows;
  rows.reserve(dir.users().size());
  for (const core::User& u : dir.users()) {
    UserRow r;
    r.name = u.display_name();
    r.role = str(core::to_string(u.role));
    for (std::size_t p = 0; p < config.partitions.size(); ++p)
      if (u.grants.partition(core::PartitionIndex(static_cast<std::uint32_t>(p))))
        r.partitions.push_back(config.partitions[p].name);
    std::size_t granted = 0;
    for (std::size_t l = 0; l < config.locks.size(); ++l) {
      if (!u.grants.lock(lock_index(l))) continue;
      if (++granted <= kMaxLockChips) r.locks.push_back(config.locks[l].name);
    }
    if (granted > kMaxLockChips)
      r.locks.push_back("and " + std::to_string(granted - kMaxLockChips) + " more");
    r.sync = sync_chips(site, u.id);
    r.contacts = u.contacts.size();
    rows.push_back(std::move(r));
  }
  return rows;
}

// ---------------------------------------------------------------------------
// [SECTION] Website and app
// ---------------------------------------------------------------------------

namespace {

Page page_of(devices::ClientSession::Page p) {
  using P = devices::ClientSession::Page;
  switch (p) {
    case P::logged_out:
      return Page::login;
    case P::home:
      return Page::home;
    case P::menu:
      return Page::menu;
    case P::users:
      return Page::users;
    case P::new_user_name:
      return Page::new_user;
    case P::user_code_form:
      return Page::access_code;
    case P::contact_choice:
      return Page::add_contact;
    case P::mobile_form:
      return Page::mobile;
    case P::email_form:
      return Page::email;
  }
  return Page::login;
}

std::string code_rule(const core::CodeLengths& l) {
  const std::string n = l.min == l.max ? std::to_string(l.min)
                                       : std::to_string(l.min) + " to " + std::to_string(l.max);
  return n + " digits";
}

std::string contact_text(const core::Contact& c) {
  if (const auto* m = std::get_if<core::MobileContact>(&c)) {
    return "Mobile Number " + m->e164 + " (" + m->country + ", " + m->carrier + ")";
  }
  const auto& e = std::get<core::EmailContact>(c);
  return "Email Address " + e.address + " (" + str(core::label(e.format)) + ")";
}

Dropdown country_dropdown(std::optional<std::size_t> selected) {
  Dropdown d;
  for (const auto& c : core::countries())
    d.options.push_back(str(c.name) + " (" + str(c.code) + ")");
  if (selected && *selected < d.options.size()) d.selected = selected;
  return d;
}

Dropdown carrier_dropdown(std::optional<std::size_t> country, std::optional<std::size_t> selected) {
  Dropdown d;
  const auto list = core::countries();
  if (country && *country < list.size()) {
    for (auto name : list[*country].carriers)
      d.options.emplace_back(name);
  }
  if (selected && *selected < d.options.size()) d.selected = selected;
  return d;
}

Dropdown format_dropdown(std::optional<std::size_t> selected) {
  Dropdown d;
  for (auto f : core::all_email_formats())
    d.options.emplace_back(core::label(f));
  if (selected && *selected < d.options.size()) d.selected = selected;
  return d;
}

bool armed(const std::vector<core::PartitionStatus>& known) {
  return std::any_of(known.begin(), known.end(), [](const core::PartitionStatus& p) {
    return p.state != core::PartitionState::disarmed;
  });
}

// The error line of the page shown (the Access Code form's on the pages
// with none of their own).
std::string& page_error(ClientView& v) {
  switch (v.page) {
    case Page::login:
      return v.login.error;
    case Page::new_user:
      return v.new_user.error;
    case Page::mobile:
      return v.mobile.error;
    case Page::email:
      return v.email.error;
    default:
      return v.access_code.error;
  }
}

// Where an error about `field` is shown: next to it (the name's two fields
// share one line, as do the log-in page's).
std::string& field_error(ClientView& v, Field field) {
  switch (field) {
    case Field::username:
    case Field::password:
      return v.login.error;
    case Field::first_name:
    case Field::last_name:
      return v.new_user.first_name.error;
    case Field::access_code:
      return v.access_code.access_code.error;
    case Field::mobile_number:
      return v.mobile.number.error;
    case Field::mobile_country:
      return v.mobile.country.error;
    case Field::mobile_carrier:
      return v.mobile.carrier.error;
    case Field::email_address:
      return v.email.address.error;
    case Field::email_format:
      return v.email.format.error;
  }
  return page_error(v);
}

// Puts the last refusal next to its field (or its toggle), else on the
// page's error line: a step from the wrong page (the session's sentence), a
// log-in issue, or a refusal about no one field (system armed, user limit).
void place_error(ClientView& v, const ClientForms& forms) {
  if (forms.error.empty()) return;
  if (forms.problem) {
    const core::Problem& p = *forms.problem;
    const std::string_view f = core::field(p.id);
    if (f == "grants.locks" || f == "grants.partitions") {
      auto& list = f == "grants.locks" ? v.access_code.locks : v.access_code.partitions;
      for (auto& t : list) {
        if (t.name == p.subject) {
          t.error = str(core::sentence(p.id));
          return;
        }
      }
    }
    if (const auto field = field_of(p)) {
      field_error(v, *field) = forms.error;
      return;
    }
  }
  page_error(v) = forms.error;
}

}  // namespace

ClientView build_client_view(Client client, const devices::ClientSession& session,
                             const ClientForms& forms, const devices::Site& site) {
  ClientView v;
  v.client = client;
  const devices::Cloud& cloud = site.cloud();
  const core::SystemConfig& config = cloud.directory().config();
  v.page = page_of(session.page());
  if (forms.show_home && v.page != Page::login) v.page = Page::home;
  const bool logged_in = session.page() != devices::ClientSession::Page::logged_out;
  v.account = logged_in ? cloud.account().email : "";
  v.system_name = config.name.empty() ? site.world().name : config.name;
  v.system_armed = armed(cloud.known_partitions());
  for (const auto& p : cloud.known_partitions())
    v.partition_states.push_back(p.name + ": " + str(core::label(p.state)));
  v.notice = forms.notice;

  v.login.username.value = forms.username;
  v.login.password.value = forms.password;
  if (logged_in) v.users = user_rows(site);
  v.new_user.first_name.value = forms.first_name;
  v.new_user.last_name.value = forms.last_name;

  AccessCodeForm& f = v.access_code;
  f.code_rule = code_rule(config.panel.code_lengths);
  if (const auto user = session.current_user()) {
    const core::User* u = cloud.directory().find(*user);
    if (u != nullptr) {
      f.user_name = u->display_name();
      for (const auto& c : u->contacts)
        f.contacts.push_back(contact_text(c));
    }
    f.access_code.value = forms.access_code;
    const core::Grants& g = session.toggles();
    for (std::size_t p = 0; p < config.partitions.size(); ++p) {
      const core::PartitionIndex i(static_cast<std::uint32_t>(p));
      f.partitions.push_back({DeviceRef{DeviceRef::Kind::partition, i.value},
                              config.partitions[p].name, g.partition(i), ""});
    }
    for (std::size_t l = 0; l < config.locks.size(); ++l) {
      f.locks.push_back({DeviceRef{DeviceRef::Kind::lock, lock_index(l).value},
                         config.locks[l].name, g.lock(lock_index(l)), ""});
    }
    f.saved = session.notice() == devices::kAllowAFewMinutes;
    if (f.saved) f.sync = sync_chips(site, *user);
  }

  v.mobile.number.value = forms.mobile_number;
  v.mobile.country = country_dropdown(forms.country);
  v.mobile.carrier = carrier_dropdown(forms.country, forms.carrier);
  v.email.address.value = forms.email_address;
  v.email.format = format_dropdown(forms.email_format);

  place_error(v, forms);
  return v;
}

// ---------------------------------------------------------------------------
// [SECTION] Panel and keypads
// ---------------------------------------------------------------------------

PanelView build_panel_view(const devices::Site& site) {
  const devices::Panel& panel = site.panel();
  const devices::World& world = site.world();
  const sim::Time now = site.scheduler().now();
  PanelView v;
  v.model = world.panel_model_name.empty() ? world.system.panel.model : world.panel_model_name;
  v.online = panel.powered() && site.cloud().panel_online();
  v.users = std::to_string(panel.users().size()) + " / " +
            std::to_string(world.system.panel.max_users) + " users";
  for (const devices::PartitionInfo& p : panel.partitions()) {
    PartitionRow r;
    r.name = p.name;
    r.state = str(core::label(p.state));
    r.armed = p.state != core::PartitionState::disarmed;
    r.alarm = p.state == core::PartitionState::alarm;
    if (p.deadline && *p.deadline > now) {
      const std::int64_t left = ((*p.deadline).us() - now.us() + 999'999) / 1'000'000;
      char buf[48];
      std::snprintf(buf, sizeof(buf), "%lld:%02lld", static_cast<long long>(left / 60),
                    static_cast<long long>(left % 60));
      r.countdown = (p.state == core::PartitionState::exit_delay ? "exit delay " : "entry delay ") +
                    std::string(buf);
    }
    v.partitions.push_back(std::move(r));
  }
  for (std::size_t i = 0; i < site.keypad_count(); ++i) {
    const devices::Keypad& k = site.keypad(i);
    KeypadView kv;
    kv.name = k.name();
    kv.partition = world.system.partitions.at(k.partition().value).name;
    kv.display = panel.powered() ? kv.partition + "\n" + k.display() : "";
    kv.locked_out = k.locked_out();
    v.keypads.push_back(std::move(kv));
  }
  for (const devices::PanelLogEntry& e : panel.event_log())
    v.event_log.push_back(clock_text(e.time) + "  " + e.text);
  return v;
}

// ---------------------------------------------------------------------------
// [SECTION] Lock fleet
// ---------------------------------------------------------------------------

namespace {

LockLink link_of(devices::RadioState s) {
  switch (s) {
    case devices::RadioState::listening:
      return LockLink::online;
    case devices::RadioState::asleep:
      return LockLink::asleep;
    case devices::RadioState::unreachable:
      return LockLink::unreachable;
    case devices::RadioState::dead:
      return LockLink::dead;
  }
  return LockLink::online;
}

}  // namespace

std::string lock_entry_text(const core::EntryResult& result) {
  if (result.outcome != core::EntryOutcome::refused) return "Unlocked";
  if (!result.reason) return "";  // a dead lock shows nothing
  switch (*result.reason) {
    case core::ErrorId::wrong_code:
      return "Wrong code";
    case core::ErrorId::locked_out:
      return "Locked out";
    case core::ErrorId::lock_jammed:
      return "Jammed";
    case core::ErrorId::outside_schedule:
      return "Not allowed now";
    case core::ErrorId::no_grant:
      return "Not allowed";
    default:
      return str(core::name(*result.reason));
  }
}

LockFleetView build_lock_fleet_view(const devices::Site& site, std::optional<std::size_t> selected,
                                    const std::vector<LockKeypadState>& keypads) {
  const devices::World& world = site.world();
  const devices::Panel& panel = site.panel();
  LockFleetView v;
  v.rows.reserve(site.lock_count());
  for (std::size_t i = 0; i < site.lock_count(); ++i) {
    const devices::Lock& lock = site.lock(lock_index(i));
    LockRow r;
    r.name = lock.name();
    r.model = lock.spec().model;
    r.partition = i < world.lock_placements.size()
                      ? world.system.partitions.at(world.lock_placements[i].partition.value).name
                      : "-";
    r.link = link_of(lock.radio_state());
    r.battery_percent = lock.battery_percent();
    r.jammed = lock.bolt() == devices::BoltState::jammed;
    r.slots_used = lock.slots_used();
    r.slots_total = lock.spec().slots;
    r.pending_ops = panel.pending_ops(lock_index(i)).size();
    v.rows.push_back(std::move(r));
  }
  if (!selected || *selected >= site.lock_count()) return v;

  const std::size_t i = *selected;
  const devices::Lock& lock = site.lock(lock_index(i));
  const core::SlotTable& believed = panel.believed_slots(lock_index(i));
  const auto& ops = panel.pending_ops(lock_index(i));
  const core::Directory& dir = site.cloud().directory();
  LockDetail d;
  d.lock = i;
  d.bolt_locked = lock.bolt() != devices::BoltState::unlocked;
  d.five_button_keypad = lock.spec().five_button_keypad;
  const std::vector<devices::SlotView> slots = lock.slots();
  for (std::size_t s = 0; s < slots.size(); ++s) {
    SlotRow row;
    row.slot = s + 1;
    row.has_code = slots[s].code_length.has_value();
    row.status = str(devices::zwave::to_string(slots[s].status));
    if (s < believed.size() && believed[s]) {
      const core::User* u = dir.find(believed[s]->user);
      row.user =
          u != nullptr ? u->display_name() : "user " + std::to_string(believed[s]->user.value);
    }
    // Only the slot and the kind of a pending operation: a set carries the code.
    for (std::size_t k = 0; k < ops.size(); ++k) {
      if (ops[k].op.slot.value != s) continue;
      const bool set = ops[k].op.kind == core::SlotOpKind::set;
      row.status = std::string(k == 0 && ops[k].attempts > 0 ? "sending " : "pending ") +
                   (set ? "add" : "clear");
      if (set && row.user.empty()) {
        const core::User* u = dir.find(ops[k].user);
        if (u != nullptr) row.user = u->display_name();
      }
      break;
    }
    d.slots.push_back(std::move(row));
  }
  if (i < keypads.size()) {
    const LockKeypadState& k = keypads[i];
    d.keypad_display = !k.typed.empty() ? masked(k.typed.size()) : k.result;
  }
  if (lock.bolt() == devices::BoltState::jammed && d.keypad_display.empty())
    d.keypad_display = "Jammed";
  v.selected = std::move(d);
  return v;
}

// ---------------------------------------------------------------------------
// [SECTION] Outbox
// ---------------------------------------------------------------------------

namespace {

// The one notification that carries a code shows it masked: every digit of
// its subject and body becomes '*'.
std::string mask_digits(std::string text) {
  for (char& c : text)
    if (std::isdigit(static_cast<unsigned char>(c))) c = '*';
  return text;
}

}  // namespace

std::string html_text(std::string_view html) {
  // Drop the head; paragraph and heading ends become line breaks; other tags
  // go; the five entities devices::html_escape writes come back.
  std::string out;
  const auto head_end = html.find("</head>");
  std::size_t i = head_end == std::string_view::npos ? 0 : head_end + 7;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const auto close = html.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string_view tag = html.substr(i + 1, close - i - 1);
      if (tag == "/p" || tag == "/h1" || tag == "br" || tag == "br/" || tag == "/div") {
        if (!out.empty() && out.back() != '\n') out += '\n';
      }
      i = close + 1;
      continue;
    }
    if (c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
      bool matched = false;
      for (const auto& [entity, ch] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += c;
    ++i;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

OutboxView build_outbox_view(const devices::Outbox& outbox) {
  OutboxView v;
  v.messages.reserve(outbox.sent().size());
  for (const devices::Notification& n : outbox.sent()) {
    Notification m;
    m.time = clock_text(n.at);
    m.channel = n.via == devices::Notification::Via::sms
                    ? "SMS via " + n.carrier
                    : "Email (" + str(core::label(n.format)) + ")";
    m.to = n.to;
    m.subject = n.carries_code ? mask_digits(n.subject) : n.subject;
    // An HTML email is shown as a mail client shows it: its text, one line
    // per paragraph.
    const bool html =
        n.via == devices::Notification::Via::email && n.format == core::EmailFormat::html;
    m.body = html ? html_text(n.body) : n.body;
    if (n.carries_code) m.body = mask_digits(std::move(m.body));
    v.messages.push_back(std::move(m));
  }
  return v;
}

// ---------------------------------------------------------------------------
// [SECTION] Timeline
// ---------------------------------------------------------------------------

namespace {

std::string value_text(const sim::TraceField& f) {
  if (f.secret) return str(sim::kMasked);
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof(buf), "%g", v);
          return buf;
        } else {
          return std::to_string(v);
        }
      },
      f.value);
}

std::optional<std::int64_t> int_field(const sim::TraceRecord& r, std::string_view key) {
  const sim::TraceField* f = r.find(key);
  if (f == nullptr) return std::nullopt;
  if (const auto* i = std::get_if<std::int64_t>(&f->value)) return *i;
  return std::nullopt;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

TimelineRow TimelineBuilder::row(const sim::TraceRecord& record) {
  TimelineRow out;
  out.time = timeline_time(record.time);
  out.component = record.component;
  out.kind = record.kind;
  for (const sim::TraceField& f : record.fields) {
    if (!out.summary.empty()) out.summary += ", ";
    out.summary += f.key;
    out.summary += '=';
    out.summary += value_text(f);
  }
  const auto edit = int_field(record, "edit");
  if (edit && *edit > 0) out.thread = "edit " + std::to_string(*edit);

  if (record.component == devices::Panel::kComponent) {
    const auto lock = int_field(record, "lock");
    if (lock && *lock >= 0 && static_cast<std::size_t>(*lock) < lock_names_.size()) {
      const std::string& name = lock_names_[static_cast<std::size_t>(*lock)];
      if (record.kind == "lock_op_sent" && !out.thread.empty()) {
        in_flight_[name] = out.thread;
      } else if (record.kind == "lock_op_acknowledged" || record.kind == "lock_op_failed") {
        in_flight_.erase(name);
      }
    }
  } else if (out.thread.empty() &&
             (starts_with(record.kind, "frame_") || starts_with(record.kind, "code_"))) {
    const auto it = in_flight_.find(record.component);
    if (it != in_flight_.end()) out.thread = it->second;
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Scenario player
// ---------------------------------------------------------------------------

ScenarioOutline scenario_outline(const scenarios::ScenarioDocument& document) {
  ScenarioOutline out;
  out.file = document.scenario.location.file;
  out.name = document.scenario.name;
  std::string caption;
  for (std::size_t i = 0; i < document.steps.size(); ++i) {
    const scenarios::Step& step = document.steps[i];
    if (const auto* say = std::get_if<scenarios::Say>(&step.action)) {
      caption = say->text;
      continue;
    }
    out.steps.push_back({i, step.text, caption});
  }
  return out;
}

namespace {

// The outline row of document step `index`: the step itself, or for a
// caption the step it introduces (the last row when none follows).
std::optional<std::size_t> row_at_or_after(const ScenarioOutline& outline, std::size_t index) {
  for (std::size_t k = 0; k < outline.steps.size(); ++k) {
    if (outline.steps[k].index >= index) return k;
  }
  if (outline.steps.empty()) return std::nullopt;
  return outline.steps.size() - 1;
}

// `lockstep run`'s failure block, a line each.
std::vector<std::string> failure_lines(const scenarios::Failure& f) {
  return {"step      " + scenarios::format_location(f.location) + "  " + f.step,
          "expected  " + f.expected, "observed  " + f.observed,
          "at        " + sim::format_time(f.at) + " virtual"};
}

}  // namespace

ScenarioPlayerView build_scenario_view(const ScenarioOutline& outline,
                                       const scenarios::ScenarioSession& session, bool running) {
  ScenarioPlayerView v;
  v.file = outline.file;
  v.name = outline.name;
  v.seed = "seed " + std::to_string(session.seed());
  v.steps = outline.steps.size();
  v.running = running;
  v.in_step = session.in_step();
  v.finished = session.done();
  v.can_execute = !session.done();

  const std::size_t next = session.next_step();
  const auto& failure = session.failure();
  v.failed = failure.has_value();
  if (failure) v.failure = failure_lines(*failure);

  // The current row: the step in progress, else where the run failed, else
  // the last step that ran; none before the first.
  std::optional<std::size_t> current;
  if (failure) {
    current = row_at_or_after(outline, failure->step_index);
  } else if (session.in_step()) {
    current = row_at_or_after(outline, next);
  } else {
    for (std::size_t k = 0; k < outline.steps.size(); ++k) {
      if (outline.steps[k].index < next) current = k;
    }
  }
  std::optional<std::size_t> upcoming;
  if (!session.done()) {
    for (std::size_t k = 0; k < outline.steps.size(); ++k) {
      if (outline.steps[k].index >= next && k != current) {
        upcoming = k;
        break;
      }
    }
  }

  for (std::size_t k = 0; k < outline.steps.size(); ++k) {
    const ScenarioOutline::Item& item = outline.steps[k];
    OutlineRow row;
    row.text = item.text;
    row.current = current == k;
    if (failure && current == k) {
      row.state = Check::failed;
    } else if (item.index < next) {
      row.state = Check::passed;
    }
    v.outline.push_back(std::move(row));
  }
  if (current) {
    const ScenarioOutline::Item& item = outline.steps[*current];
    v.step = *current + 1;
    v.step_text = item.text;
    v.caption = item.caption;
  } else if (upcoming) {
    v.caption = outline.steps[*upcoming].caption;
  }
  if (upcoming) v.next = outline.steps[*upcoming].text;

  // The expectations of the current step (before the first: of the next).
  const std::optional<std::size_t> shown = current ? current : upcoming;
  if (shown) {
    const ScenarioOutline::Item& item = outline.steps[*shown];
    const bool failed_here = failure && current == shown;
    const bool ran = item.index < next || failed_here;
    const std::string result = session.expected_result(item.index);
    if (!result.empty()) {
      Expectation e;
      e.text = "result: " + result;
      e.state = failed_here ? Check::failed : ran ? Check::passed : Check::waiting;
      if (failed_here) e.detail = failure->observed;
      v.expectations.push_back(std::move(e));
    }
    for (const scenarios::ConditionCheck& c : session.check_conditions(item.index)) {
      Expectation e;
      e.text = c.condition;
      e.state = c.holds ? Check::passed : ran ? Check::failed : Check::waiting;
      e.detail = c.observed;
      v.expectations.push_back(std::move(e));
    }
  }
  if (session.done() && !failure) v.note = "Passed: every step ran and every check held.";
  return v;
}

}  // namespace lockstep::gui
