// The invariant checkers (see invariants.hpp for what each one checks, and why).
//
// [SECTION] Helpers: digit runs, record comparison
// [SECTION] The trace sink: codes in records, lock shadows, dirty flags
// [SECTION] check(): invariants 1, 2 and 4
// [SECTION] End of run: shadows and invariant 3
// [SECTION] Health, in-flight work and differences
#include "scenarios/invariants.hpp"

#include <algorithm>
#include <tuple>
#include <utility>
#include <variant>

namespace lockstep::scenarios {

// =============================================================================
// [SECTION] Helpers: digit runs, record comparison
// =============================================================================
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// Calls fn(begin, length) for each maximal run of digits in `text`.
template <class Fn>
void for_each_digit_run(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j]))
      ++j;
    fn(i, j - i);
    i = j;
  }
}

bool same_code(const std::optional<core::AccessCode>& a, const std::optional<core::AccessCode>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || *a == *b;
}

// The fields in which two records of the same user differ.
std::vector<std::string_view> differing_fields(const devices::PanelUser& a,
                                               const devices::PanelUser& b, bool with_name) {
  std::vector<std::string_view> out;
  if (with_name && a.name != b.name) out.emplace_back("name");
  if (a.role != b.role) out.emplace_back("role");
  if (!same_code(a.code, b.code)) out.emplace_back("code");
  if (!(a.grants == b.grants)) out.emplace_back("grants");
  if (!(a.access_times == b.access_times)) out.emplace_back("access times");
  return out;
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ", ";
    out += words[i];
  }
  return out;
}

// A weekly schedule as the day entries a lock keeps (a block of several days
// is one Week Day Schedule entry per day), in order: (day, start, end).
std::vector<std::tuple<int, std::uint16_t, std::uint16_t>> day_entries(
    const core::RestrictedSchedule& schedule) {
  std::vector<std::tuple<int, std::uint16_t, std::uint16_t>> out;
  for (const core::ScheduleBlock& b : schedule.blocks) {
    for (int day = 0; day < 7; ++day) {
      if ((b.days & (1U << day)) != 0) out.emplace_back(day, b.start_minute, b.end_minute);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether a lock's slot enforces what the directory says: the same kind of
// access times, and for a weekly schedule the same day entries.
bool same_times(const core::AccessTimes& at_lock, const core::AccessTimes& wanted) {
  const auto* lock_weekly = std::get_if<core::RestrictedSchedule>(&at_lock);
  const auto* wanted_weekly = std::get_if<core::RestrictedSchedule>(&wanted);
  if (lock_weekly != nullptr && wanted_weekly != nullptr) {
    return day_entries(*lock_weekly) == day_entries(*wanted_weekly);
  }
  return at_lock == wanted;
}

std::string two_digits(unsigned v) {
  return std::string{static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
}

std::string minute_text(std::uint16_t minute) {
  return two_digits(minute / 60U) + ":" + two_digits(minute % 60U);
}

std::string date_time_text(const core::LocalDateTime& t) {
  return std::to_string(t.year) + "-" + two_digits(t.month) + "-" + two_digits(t.day) + " " +
         two_digits(t.hour) + ":" + two_digits(t.minute);
}

// "at all times", "Mon 08:00-18:00, Tue 08:00-18:00", "from 2026-05-01 09:00
// to 2026-05-08 17:00", "never (a schedule with no entry)".
std::string times_text(const core::AccessTimes& times) {
  if (std::holds_alternative<core::AtAllTimes>(times)) return "at all times";
  if (const auto* window = std::get_if<core::TemporaryAccess>(&times)) {
    return "from " + date_time_text(window->start) + " to " + date_time_text(window->end);
  }
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::string out;
  for (const auto& [day, start, end] : day_entries(std::get<core::RestrictedSchedule>(times))) {
    if (!out.empty()) out += ", ";
    out += std::string(kDays[day]) + " " + minute_text(start) + "-" + minute_text(end);
  }
  return out.empty() ? "never (a schedule with no entry)" : out;
}

devices::PanelUser record_of(const core::User& user) {
  return devices::PanelUser{user.id,   user.display_name(), user.role,
                            user.code, user.grants,         user.access_times};
}

std::string status_text(const devices::SyncStatus& s) {
  std::string out(devices::to_string(s.state));
  if (s.error) {
    out += " (";
    out += core::name(*s.error);
    out += ")";
  } else if (!s.reason.empty()) {
    out += " (";
    out += s.reason;
    out += ")";
  }
  return out;
}

}  // namespace

std::string_view to_string(Invariant invariant) {
  switch (invariant) {
    case Invariant::no_edit_while_armed:
      return "no_edit_while_armed";
    case Invariant::nothing_half_applied:
      return "nothing_half_applied";
    case Invariant::devices_converge:
      return "devices_converge";
    case Invariant::no_code_in_trace:
      return "no_code_in_trace";
  }
  return "invariant";
}

std::string_view requirement(Invariant invariant) {
  switch (invariant) {
    case Invariant::no_edit_while_armed:
      return "no device applies a user edit while a partition is not disarmed";
    case Invariant::nothing_half_applied:
      return "every device holds whole records the cloud sent, never a mix or a refused edit";
    case Invariant::devices_converge:
      return "once the site is healthy and nothing is pending, every device holds exactly what "
             "the directory says";
    case Invariant::no_code_in_trace:
      return "no access code appears in the trace or the panel's event log";
  }
  return "";
}

// =============================================================================
// [SECTION] The trace sink: codes in records, lock shadows, dirty flags
// =============================================================================

class InvariantChecker::Sink final : public sim::TraceSink {
 public:
  explicit Sink(InvariantChecker* owner) : owner_(owner) {}
  void write(const sim::TraceRecord& record) override {
    if (owner_ != nullptr) owner_->on_record(record);
  }
  void detach() { owner_ = nullptr; }

 private:
  InvariantChecker* owner_;
};

InvariantChecker::InvariantChecker(devices::Site& site)
    : site_(site), sink_(std::make_shared<Sink>(this)) {
  const auto& world = site.world();
  if (world.system.installer_code) note_code(*world.system.installer_code);
  for (const auto& u : world.users) {
    if (u.code) note_code(*u.code);
  }
  const auto& directory = site.cloud().directory();
  for (const auto& u : directory.users()) {
    users_seen_.insert(u.id);
    if (u.code) note_code(*u.code);
  }
  for (const auto& p : site.panel().users()) {
    sent_.emplace_back(p.id, p);  // the installed records
  }
  const std::size_t locks = site.lock_count();
  lock_history_.resize(locks);
  shadows_.resize(locks);
  lock_dirty_.assign(locks, false);
  for (std::size_t l = 0; l < locks; ++l) {
    const auto& believed =
        site.panel().believed_slots(core::LockIndex{static_cast<std::uint32_t>(l)});
    Shadow& shadow = shadows_[l];
    shadow.resize(site.lock(core::LockIndex{static_cast<std::uint32_t>(l)}).spec().slots);
    for (std::size_t s = 0; s < believed.size() && s < shadow.size(); ++s) {
      if (believed[s]) shadow[s] = believed[s]->code;
    }
  }
  note_panel_table();
  for (const auto& p : site.cloud().pending_edits()) {
    last_edit_seen_ = std::max(last_edit_seen_, p.edit.value);
  }
  log_scanned_until_ = site.scheduler().now();
  site.trace().set_reveal_secrets(true);
  site.trace().add_sink(sink_);
}

InvariantChecker::~InvariantChecker() {
  sink_->detach();
}

void InvariantChecker::note_code(const core::AccessCode& code) {
  note_code(code.reveal());
}

void InvariantChecker::note_code(std::string_view digits) {
  if (all_digits(digits)) codes_.emplace(digits);
}

bool InvariantChecker::is_known_code(std::string_view digits) const {
  return codes_.find(std::string(digits)) != codes_.end();
}

std::string InvariantChecker::mask_codes(std::string_view text) const {
  std::string out;
  std::size_t copied = 0;
  for_each_digit_run(text, [&](std::size_t at, std::size_t n) {
    if (!is_known_code(text.substr(at, n))) return;
    out.append(text.substr(copied, at - copied));
    out += core::AccessCode::kMask;
    copied = at + n;
  });
  out.append(text.substr(copied));
  return out;
}

void InvariantChecker::fail(Invariant invariant, std::string observed) {
  if (violation_ || reported_) return;
  violation_ = Violation{invariant, std::move(observed), site_.scheduler().now()};
}

bool InvariantChecker::contains_code(std::string_view text) const {
  bool found = false;
  for_each_digit_run(text, [&](std::size_t at, std::size_t n) {
    found = found || is_known_code(text.substr(at, n));
  });
  return found;
}

void InvariantChecker::on_record(const sim::TraceRecord& record) {
  // Codes a device was sent become known codes first (secret fields).
  for (const auto& f : record.fields) {
    if (!f.secret) continue;
    if (const auto* s = std::get_if<std::string>(&f.value)) note_code(*s);
  }
  for (const auto& f : record.fields) {
    if (f.secret) continue;
    const auto* s = std::get_if<std::string>(&f.value);
    if (s == nullptr || !contains_code(*s)) continue;
    fail(Invariant::no_code_in_trace, "an access code appears in the trace: " + record.component +
                                          " " + record.kind + ", field '" + f.key + "' at " +
                                          sim::format_time(record.time));
  }

  if (record.component == devices::Panel::kComponent) {
    if (record.kind == "edit_applied" || record.kind == "power_on") panel_dirty_ = true;
    return;
  }
  if (record.component == "cloud") {
    cloud_dirty_ = true;
    return;
  }
  if (record.kind != "code_added" && record.kind != "code_deleted") return;
  const auto index = site_.world().lock(record.component);
  if (!index) return;
  const std::size_t l = index->value;
  const sim::TraceField* slot_field = record.find("slot");
  if (slot_field == nullptr) return;
  const auto* slot_value = std::get_if<std::int64_t>(&slot_field->value);
  if (slot_value == nullptr || *slot_value < 1 ||
      static_cast<std::size_t>(*slot_value) > shadows_[l].size()) {
    return;
  }
  const auto slot = static_cast<std::uint16_t>(*slot_value);
  SlotChange change{l, slot, shadows_[l][slot - 1U], std::nullopt};
  if (record.kind == "code_added") {
    const sim::TraceField* code = record.find("code");
    const auto* digits = code != nullptr ? std::get_if<std::string>(&code->value) : nullptr;
    // The trace reveals secrets to this sink (see the constructor); "****"
    // here means someone turned that off, and the code cannot be known.
    change.after = core::AccessCode(digits != nullptr ? *digits : std::string());
  }
  shadows_[l][slot - 1U] = change.after;
  changes_.push_back(std::move(change));
  lock_dirty_[l] = true;
}

// =============================================================================
// [SECTION] check(): invariants 1, 2 and 4
// =============================================================================

void InvariantChecker::note_cloud() {
  const auto& directory = site_.cloud().directory();
  for (const auto& u : directory.users()) {
    users_seen_.insert(u.id);
    if (u.code) note_code(*u.code);
  }
  std::uint64_t newest = last_edit_seen_;
  for (const auto& p : site_.cloud().pending_edits()) {
    if (p.edit.value <= last_edit_seen_) continue;
    newest = std::max(newest, p.edit.value);
    if (p.kind != devices::PendingEdit::Kind::upsert_user || !p.user) continue;
    if (const core::User* u = directory.find(*p.user); u != nullptr && u->code) {
      sent_.emplace_back(u->id, record_of(*u));
    }
  }
  last_edit_seen_ = newest;
  cloud_dirty_ = false;
}

void InvariantChecker::note_panel_table() {
  for (const auto& p : site_.panel().users()) {
    if (!p.code) continue;
    note_code(*p.code);
    for (std::size_t l = 0; l < lock_history_.size(); ++l) {
      if (p.grants.lock(core::LockIndex{static_cast<std::uint32_t>(l)})) {
        lock_history_[l].insert(p.code->reveal());
      }
    }
  }
}

std::string InvariantChecker::user_label(core::UserId user) const {
  std::string out = "user " + std::to_string(user.value);
  if (const core::User* u = site_.cloud().directory().find(user)) {
    out += " (" + u->display_name() + ")";
  }
  return out;
}

std::string InvariantChecker::lock_name(std::size_t lock) const {
  return site_.world().system.locks.at(lock).name;
}

std::optional<Violation> InvariantChecker::check() {
  if (cloud_dirty_) note_cloud();
  const devices::Panel& panel = site_.panel();
  const bool guarded = !panel.config().panel.programming_while_armed;

  if (panel_dirty_) {
    panel_dirty_ = false;
    // 1. The table is frozen while armed.
    if (frozen_) {
      const auto& now = panel.users();
      std::string what;
      for (const auto& p : now) {
        const auto it = std::find_if(frozen_->begin(), frozen_->end(),
                                     [&](const devices::PanelUser& f) { return f.id == p.id; });
        if (it == frozen_->end()) {
          what = user_label(p.id) + " was added";
        } else if (const auto d = differing_fields(*it, p, true); !d.empty()) {
          what = user_label(p.id) + " changed (" + join(d) + ")";
        }
        if (!what.empty()) break;
      }
      for (const auto& f : *frozen_) {
        if (!what.empty()) break;
        if (panel.find_user(f.id) == nullptr) what = user_label(f.id) + " was removed";
      }
      if (!what.empty()) {
        std::string armed;
        for (const auto& part : panel.partitions()) {
          if (part.state == core::PartitionState::disarmed) continue;
          if (!armed.empty()) armed += ", ";
          armed += part.name + " " + std::string(core::to_string(part.state));
        }
        fail(Invariant::no_edit_while_armed,
             "the panel's user table changed while " + armed + ": " + what);
      }
    }
    // 2. Every record is one whole record the cloud sent.
    for (const auto& p : panel.users()) {
      bool whole = false;
      std::size_t candidates = 0;
      std::vector<std::string_view> closest;
      for (const auto& [user, sent] : sent_) {
        if (user != p.id) continue;
        ++candidates;
        auto d = differing_fields(sent, p, true);
        if (d.empty()) {
          whole = true;
          break;
        }
        if (closest.empty() || d.size() < closest.size()) closest = std::move(d);
      }
      if (!whole) {
        fail(Invariant::nothing_half_applied,
             "the panel's record of " + user_label(p.id) + " is none of the " +
                 std::to_string(candidates) + " whole record(s) the cloud sent for that user" +
                 (closest.empty() ? std::string()
                                  : " (the closest differs in " + join(closest) + ")"));
        break;
      }
    }
    note_panel_table();
  }

  for (const auto& change : changes_) {
    if (!change.after) continue;
    const std::string& code = change.after->reveal();
    const std::string where = lock_name(change.lock) + " slot " + std::to_string(change.slot);
    if (frozen_ && frozen_history_[change.lock].count(code) == 0) {
      fail(Invariant::no_edit_while_armed,
           where +
               " was given a code while the system was armed that the panel did not hold "
               "for a user granted " +
               lock_name(change.lock) + " before it was armed");
    } else if (lock_history_[change.lock].count(code) == 0) {
      fail(Invariant::nothing_half_applied,
           where + " was given a code the panel never held for a user granted " +
               lock_name(change.lock));
    }
  }
  changes_.clear();
  for (std::size_t l = 0; l < lock_dirty_.size(); ++l) {
    if (!lock_dirty_[l]) continue;
    lock_dirty_[l] = false;
    if (auto d = shadow_differs(l)) fail(Invariant::nothing_half_applied, *d);
  }

  // The arm state for the next events (after this event's changes were judged).
  if (guarded && !panel.all_disarmed()) {
    if (!frozen_) {
      frozen_ = panel.users();
      frozen_history_ = lock_history_;
    }
  } else {
    frozen_.reset();
  }

  // 4. The event log (the trace is scanned as it is written).
  const sim::Time now = site_.scheduler().now();
  const auto& log = panel.event_log();
  for (auto it = log.rbegin(); it != log.rend() && it->time >= log_scanned_until_; ++it) {
    if (contains_code(it->text)) {
      fail(Invariant::no_code_in_trace,
           "an access code appears in the panel's event log at " + sim::format_time(it->time));
    }
  }
  log_scanned_until_ = now;

  if (violation_ && !reported_) {
    reported_ = true;
    return std::exchange(violation_, std::nullopt);
  }
  return std::nullopt;
}

// =============================================================================
// [SECTION] End of run: shadows and invariant 3
// =============================================================================

std::optional<std::string> InvariantChecker::shadow_differs(std::size_t l) const {
  const devices::Lock& lock = site_.lock(core::LockIndex{static_cast<std::uint32_t>(l)});
  const Shadow& shadow = shadows_[l];
  std::size_t expected = 0;
  for (std::size_t s = 0; s < shadow.size(); ++s) {
    if (!shadow[s]) continue;
    ++expected;
    const auto at = lock.slot_of(*shadow[s]);
    const bool ok = at && (*at == s + 1 ||
                           (*at < s + 1 && shadow[*at - 1U] && *shadow[*at - 1U] == *shadow[s]));
    if (!ok) {
      return lock_name(l) + " slot " + std::to_string(s + 1) +
             " does not hold the code its trace says it was given (changed behind the radio)";
    }
  }
  if (lock.slots_used() != expected) {
    return lock_name(l) + " has " + std::to_string(lock.slots_used()) +
           " slot(s) in use, but its trace accounts for " + std::to_string(expected) +
           " (changed behind the radio)";
  }
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::check_end_of_run() {
  if (auto v = check()) return v;
  for (std::size_t l = 0; l < shadows_.size(); ++l) {
    if (auto d = shadow_differs(l)) {
      reported_ = true;
      return Violation{Invariant::nothing_half_applied, *d, site_.scheduler().now()};
    }
  }
  if (unhealthy()) return std::nullopt;
  if (auto d = devices_differ()) {
    reported_ = true;
    return Violation{Invariant::devices_converge,
                     "the site is healthy and nothing is pending, yet " + *d,
                     site_.scheduler().now()};
  }
  return std::nullopt;
}

// =============================================================================
// [SECTION] Health, in-flight work and differences
// =============================================================================

std::optional<std::string> InvariantChecker::in_flight() const {
  const devices::Cloud& cloud = site_.cloud();
  for (const auto& p : cloud.pending_edits()) {
    std::string what = "edit " + std::to_string(p.edit.value);
    if (p.user) what += " of " + user_label(*p.user);
    what += p.queued ? " is queued at the cloud" : " is on its way to the panel, unanswered";
    return what;
  }
  for (std::size_t l = 0; l < site_.lock_count(); ++l) {
    const auto& ops = site_.panel().pending_ops(core::LockIndex{static_cast<std::uint32_t>(l)});
    if (!ops.empty()) {
      return "the panel has " + std::to_string(ops.size()) + " operation(s) for " + lock_name(l) +
             " to send or to see acknowledged";
    }
  }
  for (const core::UserId u : users_seen_) {
    const auto row = cloud.sync_row(u);
    if (row.panel.state == devices::SyncStatus::State::pending) {
      return user_label(u) + " on the panel: " + status_text(row.panel);
    }
    for (std::size_t l = 0; l < row.locks.size(); ++l) {
      if (row.locks[l].state == devices::SyncStatus::State::pending) {
        return user_label(u) + " on " + lock_name(l) + ": " + status_text(row.locks[l]);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::unhealthy() const {
  if (!site_.cloud_to_panel().up()) return std::string("the link cloud_to_panel is down");
  if (!site_.panel_to_cloud().up()) return std::string("the link panel_to_cloud is down");
  if (!site_.panel().powered()) return std::string("the panel is off");
  for (std::size_t l = 0; l < site_.lock_count(); ++l) {
    const core::LockIndex index{static_cast<std::uint32_t>(l)};
    if (!site_.panel_to_lock(index).up() || !site_.lock_to_panel(index).up()) {
      return "the radio link to " + lock_name(l) + " is down";
    }
    const devices::Lock& lock = site_.lock(index);
    if (lock.radio_state() != devices::RadioState::listening) {
      return lock_name(l) + " is " + std::string(devices::to_string(lock.radio_state()));
    }
    if (lock.bolt() == devices::BoltState::jammed) return lock_name(l) + " is jammed";
  }
  if (auto f = in_flight()) return f;
  for (const core::UserId u : users_seen_) {
    const auto row = site_.cloud().sync_row(u);
    if (row.panel.state == devices::SyncStatus::State::failed) {
      return user_label(u) + " on the panel: " + status_text(row.panel);
    }
    for (std::size_t l = 0; l < row.locks.size(); ++l) {
      if (row.locks[l].state == devices::SyncStatus::State::failed) {
        return user_label(u) + " on " + lock_name(l) + ": " + status_text(row.locks[l]);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> InvariantChecker::devices_differ() const {
  const core::Directory& directory = site_.cloud().directory();
  const devices::Panel& panel = site_.panel();
  std::size_t with_code = 0;
  for (const auto& u : directory.users()) {
    if (!u.code) continue;
    ++with_code;
    const devices::PanelUser* p = panel.find_user(u.id);
    if (p == nullptr) return "the panel does not hold " + user_label(u.id);
    if (const auto d = differing_fields(record_of(u), *p, false); !d.empty()) {
      return "the panel's record of " + user_label(u.id) + " differs from the directory in " +
             join(d);
    }
  }
  if (panel.users().size() != with_code) {
    for (const auto& p : panel.users()) {
      const core::User* u = directory.find(p.id);
      if (u == nullptr || !u->code) {
        return "the panel holds user " + std::to_string(p.id.value) +
               ", who has no code in the directory";
      }
    }
  }
  for (std::size_t l = 0; l < site_.lock_count(); ++l) {
    const core::LockIndex index{static_cast<std::uint32_t>(l)};
    const devices::Lock& lock = site_.lock(index);
    const auto desired = directory.desired_for_lock(index);
    for (const auto& want : desired) {
      const auto slot = lock.slot_of(want.code);
      if (!slot) return lock_name(l) + " does not hold the code of " + user_label(want.user);
      if (lock.slot(*slot).status != devices::zwave::SlotStatus::enabled) {
        return lock_name(l) + " holds the code of " + user_label(want.user) +
               " in a slot that is not enabled";
      }
      if (const core::AccessTimes held = lock.slot_times(*slot); !same_times(held, want.times)) {
        return lock_name(l) + " holds the code of " + user_label(want.user) +
               " with other access times than the directory's: the lock " + times_text(held) +
               ", the directory " + times_text(want.times);
      }
    }
    if (lock.slots_used() != desired.size()) {
      return lock_name(l) + " holds " + std::to_string(lock.slots_used()) +
             " code(s); the directory grants it " + std::to_string(desired.size());
    }
  }
  return std::nullopt;
}

}  // namespace lockstep::scenarios
