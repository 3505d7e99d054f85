#include "devices/panel.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <utility>
#include <variant>

#include "devices/zwave.hpp"

namespace lockstep::devices {

namespace {

using core::PartitionState;
using sim::field;

bool is_armed_mode(PartitionState s) {
  return s == PartitionState::armed_stay || s == PartitionState::armed_away ||
         s == PartitionState::armed_night;
}

// "armed away" from "Armed Away".
std::string lower_label(PartitionState s) {
  std::string text(core::label(s));
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Adds `value` to a sorted vector of unique values (user ids, slot indexes).
template <class T>
void insert_sorted(std::vector<T>& values, T value) {
  const auto at = std::lower_bound(values.begin(), values.end(), value);
  if (at == values.end() || *at != value) values.insert(at, value);
}

std::int64_t whole_seconds(sim::Duration d) {
  return d.count_us() / 1'000'000;
}

// The trace records of the per-event paths, out of line: building one takes
// a large stack frame and many registers, which the hot path (untraced) would
// otherwise save and set up on every call.
[[gnu::cold, gnu::noinline]] void trace_panel_event(sim::Trace& trace, sim::Time now,
                                                    const PanelEvent& e) {
  sim::TraceRecord r{now, std::string(Panel::kComponent), "panel_event", {}};
  r.fields.push_back(field("event", static_cast<std::int64_t>(e.kind)));
  if (e.user) r.fields.push_back(field("user", e.user->value));
  if (e.partition) r.fields.push_back(field("partition", e.partition->value));
  if (e.lock) r.fields.push_back(field("lock", e.lock->value));
  trace.emit(std::move(r));
}

[[gnu::cold, gnu::noinline]] void trace_partition_changed(sim::Trace& trace, sim::Time now,
                                                          std::size_t p, PartitionState state,
                                                          std::optional<core::UserId> by,
                                                          std::optional<sim::Time> deadline) {
  sim::TraceRecord r{now, std::string(Panel::kComponent), "partition_changed", {}};
  r.fields.push_back(field("partition", static_cast<std::int64_t>(p)));
  r.fields.push_back(field("state", core::to_string(state)));
  if (by) r.fields.push_back(field("by", by->value));
  if (deadline) r.fields.push_back(field("until", *deadline));
  trace.emit(std::move(r));
}

[[gnu::cold, gnu::noinline]] void trace_keypad_code(sim::Trace& trace, sim::Time now,
                                                    core::PartitionIndex partition,
                                                    const core::EntryResult& r) {
  sim::TraceRecord rec{now, std::string(Panel::kComponent), "keypad_code", {}};
  rec.fields.push_back(field("partition", partition.value));
  rec.fields.push_back(field("outcome", r.outcome == core::EntryOutcome::refused  ? "refused"
                                        : r.outcome == core::EntryOutcome::duress ? "duress"
                                                                                  : "accepted"));
  if (r.user) rec.fields.push_back(field("user", r.user->value));
  if (r.reason) rec.fields.push_back(field("reason", core::name(*r.reason)));
  trace.emit(std::move(rec));
}

}  // namespace

Panel::Panel(sim::Scheduler& scheduler, sim::Trace& trace, const core::SystemConfig& config,
             PanelTiming timing, Port<PanelToCloud>& uplink, std::vector<FramePort*> radios,
             UserStore& store, std::vector<core::SlotTable> installed)
    : Panel(scheduler, trace, config, false, timing, uplink, std::move(radios), store,
            std::move(installed)) {}

Panel::Panel(sim::Scheduler& scheduler, sim::Trace& trace, BorrowedConfig config,
             PanelTiming timing, Port<PanelToCloud>& uplink, std::vector<FramePort*> radios,
             UserStore& store, std::vector<core::SlotTable> installed)
    : Panel(scheduler, trace, config.config, true, timing, uplink, std::move(radios), store,
            std::move(installed)) {}

Panel::Panel(sim::Scheduler& scheduler, sim::Trace& trace, const core::SystemConfig& config,
             bool borrow, PanelTiming timing, Port<PanelToCloud>& uplink,
             std::vector<FramePort*> radios, UserStore& store,
             std::vector<core::SlotTable> installed)
    : sched_(scheduler),
      trace_(trace),
      own_config_(borrow ? std::nullopt : std::optional<core::SystemConfig>(config)),
      config_(borrow ? config : *own_config_),
      timing_(timing),
      uplink_(uplink),
      radios_(std::move(radios)),
      store_(store) {
  if (radios_.size() != config_.locks.size()) {
    throw std::invalid_argument("Panel: one radio port per lock is required");
  }
  for (const FramePort* radio : radios_) {
    if (radio == nullptr) throw std::invalid_argument("Panel: a radio port is null");
  }
  if (timing_.lock_attempts == 0) timing_.lock_attempts = 1;
  partitions_.reserve(config_.partitions.size());
  for (const auto& p : config_.partitions) {
    PartitionInfo info;
    info.name = p.name;
    info.since = sched_.now();
    partitions_.push_back(std::move(info));
  }
  partition_timers_.resize(partitions_.size());
  locks_.resize(config_.locks.size());
  for (std::size_t i = 0; i < locks_.size(); ++i) {
    if (i < installed.size()) {
      locks_[i].believed = std::move(installed[i]);  // taken, not built empty and replaced
      locks_[i].believed.resize(config_.locks[i].spec.slots);
    } else {
      locks_[i].believed.assign(config_.locks[i].spec.slots, std::nullopt);
    }
  }
  load_users();
}

Panel::~Panel() {
  for (auto& t : partition_timers_)
    sched_.cancel(t.timer);
  for (auto& l : locks_) {
    sched_.cancel(l.timer);
    sched_.cancel(l.probe);
  }
}

// ---- observation --------------------------------------------------------------

std::vector<core::PartitionStatus> Panel::partition_statuses() const {
  std::vector<core::PartitionStatus> out;
  out.reserve(partitions_.size());
  for (const auto& p : partitions_)
    out.push_back(core::PartitionStatus{p.name, p.state});
  return out;
}

bool Panel::all_disarmed() const {
  return std::all_of(partitions_.begin(), partitions_.end(),
                     [](const PartitionInfo& p) { return p.state == PartitionState::disarmed; });
}

const PanelUser* Panel::find_user(core::UserId id) const {
  const auto it = std::lower_bound(users_.begin(), users_.end(), id,
                                   [](const PanelUser& u, core::UserId v) { return u.id < v; });
  return it != users_.end() && it->id == id ? &*it : nullptr;
}

const core::SlotTable& Panel::believed_slots(core::LockIndex lock) const {
  return locks_.at(lock.value).believed;
}

const std::vector<PendingLockOp>& Panel::pending_ops(core::LockIndex lock) const {
  return locks_.at(lock.value).queue;
}

std::vector<core::SlotIndex> Panel::unsure_slots(core::LockIndex lock) const {
  std::vector<core::SlotIndex> out;
  for (const auto& [slot, wrote] : locks_.at(lock.value).unsure)
    out.push_back(core::SlotIndex(slot));
  return out;
}

// ---- outputs ------------------------------------------------------------------

void Panel::event(PanelEventKind kind, std::optional<core::UserId> user,
                  std::optional<core::PartitionIndex> partition,
                  std::optional<core::LockIndex> lock) {
  PanelToCloud message(std::in_place_type<PanelEvent>);
  PanelEvent& e = *std::get_if<PanelEvent>(&message);
  e.kind = kind;
  e.user = user;
  e.partition = partition;
  e.lock = lock;
  if (trace_.enabled()) trace_panel_event(trace_, sched_.now(), e);
  // Written in place, inside the message the port takes: built as a
  // PanelEvent and converted, it would be copied once more.
  uplink_.send(std::move(message));
}

void Panel::log(std::string text) {
  add_log_record(LogRecord::Kind::text).words = std::move(text);
}

Panel::LogRecord& Panel::add_log_record_slow(LogRecord::Kind kind) {
  // Not a full ring (see add_log_record).
  const std::size_t capacity = timing_.event_log_capacity;
  if (capacity == 0) return stamp(log_discard_, kind);  // nothing is kept
  const std::size_t written = log_ ? log_->size() : 0;
  if (written + log_unread_.size() >= capacity) {
    // Full, and not a ring: some of it was read out (else log_ring_ is set).
    assert(log_ && !log_->empty());
    log_->pop_front();  // the ring is not wrapping: log_ was read since it last did
  }
  LogRecord& record = log_unread_.emplace_back();
  if ((!log_ || log_->empty()) && log_unread_.size() >= capacity) {
    log_ring_ = log_unread_.size();  // full of unread lines: a ring from now on
    log_unread_head_ = 0;
  }
  return stamp(record, kind);
}

const std::deque<PanelLogEntry>& Panel::event_log() const {
  if (!log_) log_.emplace();
  const std::size_t n = log_unread_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const LogRecord& r = log_unread_[(log_unread_head_ + i) % n];
    log_->push_back(PanelLogEntry{r.time, render(r)});
  }
  log_unread_.clear();
  log_unread_head_ = 0;
  log_ring_ = 0;
  return *log_;
}

std::string Panel::render(const LogRecord& r) const {
  switch (r.kind) {
    case LogRecord::Kind::text:
      return r.words;
    case LogRecord::Kind::unlocked:
      return config_.locks[r.index].name + " unlocked" + (r.has_user ? " by " + who(r) : "");
    case LogRecord::Kind::lock_synced:
      return config_.locks[r.index].name + ": user " + std::to_string(r.user.value) +
             (r.code_set ? " code set" : " code cleared");
    case LogRecord::Kind::partition:
      break;
  }
  std::string text = partitions_[r.index].name + " ";
  switch (r.state) {
    case PartitionState::disarmed:
      text += "disarmed";
      break;
    case PartitionState::exit_delay:
      text += "exit delay " + std::to_string(whole_seconds(timing_.exit_delay)) + "s, arming " +
              lower_label(r.mode).substr(6);  // "away"
      break;
    case PartitionState::entry_delay:
      text += "entry delay " + std::to_string(whole_seconds(timing_.entry_delay)) + "s";
      break;
    case PartitionState::alarm:
      text += "ALARM";
      break;
    default:
      text += lower_label(r.state);
      break;
  }
  if (r.state == PartitionState::disarmed || r.state == PartitionState::exit_delay ||
      is_armed_mode(r.state)) {
    text += r.has_user ? " by " + who(r) : std::string(" remotely");
  }
  return text;
}

std::string Panel::who(const LogRecord& r) const {
  if (r.named) return r.words;
  std::string out;
  write_who(out, r.user);
  return out;
}

void Panel::freeze_log_names(std::optional<core::UserId> user) {
  for (LogRecord& r : log_unread_) {
    if (r.kind == LogRecord::Kind::text || !r.has_user || r.named) continue;
    if (user && r.user != *user) continue;
    write_who(r.words, r.user);
    r.named = true;
  }
}

void Panel::write_who(std::string& out, core::UserId user) const {
  const PanelUser* u = find_user(user);
  if (u != nullptr && !u->name.empty()) {
    out.assign(u->name);
  } else {
    out.assign("user ");
    out.append(std::to_string(user.value));
  }
}

// ---- partitions ---------------------------------------------------------------

void Panel::set_partition(std::size_t p, PartitionState state, PartitionState mode,
                          std::optional<core::UserId> by, std::optional<sim::Time> deadline) {
  sched_.cancel(partition_timers_[p].timer);
  partition_timers_[p].timer = {};
  PartitionInfo& info = partitions_[p];
  const PartitionState before = info.state;
  info.state = state;
  info.mode = mode;
  info.deadline = deadline;
  if (state == PartitionState::disarmed || state == PartitionState::exit_delay ||
      (is_armed_mode(state) && by)) {
    info.by = by;
  }
  info.since = sched_.now();
  if (is_armed_mode(state) && !is_armed_mode(before)) ++stats_.arms;
  if (state == PartitionState::disarmed && before != PartitionState::disarmed) ++stats_.disarms;
  start_partition_timer(p);

  if (trace_.enabled()) trace_partition_changed(trace_, sched_.now(), p, state, info.by, deadline);

  LogRecord& line = add_log_record(LogRecord::Kind::partition);
  line.state = state;
  line.mode = mode;
  line.index = static_cast<std::uint32_t>(p);
  line.has_user = info.by.has_value();
  if (info.by) line.user = *info.by;  // named as the table says now (freeze_log_names)
  report_partition(p);
}

void Panel::report_partition(std::size_t p) {
  uplink_.send(PartitionChanged{core::PartitionIndex(static_cast<std::uint32_t>(p)),
                                partitions_[p].state, partitions_[p].by});
}

void Panel::start_partition_timer(std::size_t p) {
  const auto& deadline = partitions_[p].deadline;
  if (!deadline) return;
  partition_timers_[p].timer = sched_.schedule_at(*deadline, [this, p] { on_partition_timer(p); });
}

void Panel::on_partition_timer(std::size_t p) {
  partition_timers_[p].timer = {};
  const PartitionInfo& info = partitions_[p];
  if (info.state == PartitionState::exit_delay) {
    set_partition(p, info.mode, info.mode, std::nullopt, std::nullopt);
  } else if (info.state == PartitionState::entry_delay) {
    set_partition(p, PartitionState::alarm, info.mode, std::nullopt, std::nullopt);
  }
}

bool Panel::arm(core::PartitionIndex partition, PartitionState mode,
                std::optional<core::UserId> by) {
  if (!powered_ || partition.value >= partitions_.size() || !is_armed_mode(mode)) return false;
  const std::size_t p = partition.value;
  if (partitions_[p].state != PartitionState::disarmed) return false;
  if (timing_.exit_delay > sim::Duration::zero()) {
    set_partition(p, PartitionState::exit_delay, mode, by, sched_.now() + timing_.exit_delay);
  } else {
    set_partition(p, mode, mode, by, std::nullopt);
  }
  return true;
}

bool Panel::disarm(core::PartitionIndex partition, std::optional<core::UserId> by) {
  if (!powered_ || partition.value >= partitions_.size()) return false;
  const std::size_t p = partition.value;
  if (partitions_[p].state == PartitionState::disarmed) return false;
  set_partition(p, PartitionState::disarmed, PartitionState::disarmed, by, std::nullopt);
  return true;
}

bool Panel::trip_entry(core::PartitionIndex partition) {
  if (!powered_ || partition.value >= partitions_.size()) return false;
  const std::size_t p = partition.value;
  const PartitionState state = partitions_[p].state;
  if (!is_armed_mode(state)) return false;
  if (timing_.entry_delay > sim::Duration::zero()) {
    set_partition(p, PartitionState::entry_delay, state, std::nullopt,
                  sched_.now() + timing_.entry_delay);
  } else {
    set_partition(p, PartitionState::alarm, state, std::nullopt, std::nullopt);
  }
  return true;
}

// ---- keypad check -------------------------------------------------------------

void Panel::load_users() {
  freeze_log_names();
  users_ = store_.load();
  const auto by_id = [](const PanelUser& a, const PanelUser& b) { return a.id < b.id; };
  // The panel saves its table in id order; sorting would still move every
  // record (a whole PanelUser each) when nothing is out of place.
  if (!std::is_sorted(users_.begin(), users_.end(), by_id)) {
    std::sort(users_.begin(), users_.end(), by_id);
  }
  rebuild_credentials();
}

void Panel::rebuild_credentials(std::optional<core::UserId> from) {
  credentials_.resize(partitions_.size());  // each set keeps its storage
  const auto first =
      from ? std::lower_bound(users_.begin(), users_.end(), *from,
                              [](const PanelUser& u, core::UserId v) { return u.id < v; })
           : users_.begin();
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    core::CredentialSet& creds = credentials_[p];
    // Credentials go in id order, like users_.
    const auto held = creds.held();
    std::size_t kept = 0;
    while (from && kept < held.size() && held[kept].user < *from)
      ++kept;
    creds.truncate(kept);
    creds.reserve(users_.size());
    const core::PartitionIndex index(static_cast<std::uint32_t>(p));
    for (auto it = first; it != users_.end(); ++it) {
      const PanelUser& u = *it;
      if (!u.code) continue;
      // At all times: no access times to check (what a null pointer means to
      // check_entry, which then never reads the local time for this code).
      const bool scheduled = !std::holds_alternative<core::AtAllTimes>(u.access_times);
      creds.add(core::Credential{u.id, &*u.code, u.role, u.grants.partition(index),
                                 scheduled ? &u.access_times : nullptr});
    }
  }
}

core::EntryResult Panel::check_keypad_code(core::PartitionIndex partition, std::string_view typed,
                                           core::LockoutState& lockout,
                                           core::LocalClock local_clock) {
  if (!powered_ || partition.value >= partitions_.size()) return core::EntryResult{};
  const core::Instant now(sched_.now().us());
  const core::EntryResult r =
      core::check_entry(typed, credentials_[partition.value], config_.panel.keypad_lockout, lockout,
                        now, local_clock);
  if (trace_.enabled()) trace_keypad_code(trace_, sched_.now(), partition, r);
  if (r.outcome == core::EntryOutcome::duress) {
    log("Duress code used at " + partitions_[partition.value].name);
    event(PanelEventKind::duress_alarm, r.user, partition, std::nullopt);
    disarm(partition, r.user);
  } else if (r.outcome == core::EntryOutcome::refused && r.reason == core::ErrorId::wrong_code &&
             r.locked_until > core::Instant(0)) {
    log("Keypad locked out at " + partitions_[partition.value].name);
    event(PanelEventKind::keypad_lockout, std::nullopt, partition, std::nullopt);
  }
  return r;
}

// ---- cloud messages -----------------------------------------------------------

void Panel::receive(const CloudToPanel& message) {
  if (!powered_) {
    if (trace_.enabled()) trace_.emit(sched_.now(), kComponent, "message_ignored_off");
    return;
  }
  if (const auto* edit = std::get_if<ApplyUserEdit>(&message)) {
    on_user_edit(*edit);
  } else if (const auto* command = std::get_if<RemoteArmCommand>(&message)) {
    on_arm_command(*command);
  }
}

std::size_t Panel::capacity() const {
  std::size_t cap = config_.panel.max_users;
  if (config_.panel.special_codes_count_toward_capacity && config_.installer_code && cap > 0) {
    --cap;
  }
  return cap;
}

EditId Panel::edit_of(core::UserId user) const {
  const auto it = journal_.find(user);
  return it == journal_.end() ? EditId{} : it->second;
}

void Panel::on_user_edit(const ApplyUserEdit& edit) {
  const core::UserId id = edit.user;
  ++stats_.edits_received;
  const auto reply = [&](std::optional<core::ErrorId> error) {
    if (trace_.enabled()) {
      sim::TraceRecord r{
          sched_.now(), std::string(kComponent), error ? "edit_refused" : "edit_applied", {}};
      r.fields.push_back(field("edit", edit.edit.value));
      r.fields.push_back(field("user", id.value));
      if (error) r.fields.push_back(field("error", core::name(*error)));
      trace_.emit(std::move(r));
    }
    uplink_.send(EditApplied{edit.edit, id, error});
    answers_[edit.edit] = error;
    while (answers_.size() > kAnswersKept)
      answers_.erase(answers_.begin());
  };

  // Delivered again (the cloud resends what it has no answer to): the same
  // answer again, nothing applied twice.
  if (const auto answered = answers_.find(edit.edit); answered != answers_.end()) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "edit_repeated",
                  {field("edit", edit.edit.value), field("user", id.value)});
    }
    uplink_.send(EditApplied{edit.edit, id, answered->second});
    return;
  }
  const auto last = journal_.find(id);
  if (last != journal_.end() && edit.edit < last->second) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "edit_stale",
                  {field("edit", edit.edit.value), field("user", id.value),
                   field("last", last->second.value)});
    }
    return;
  }
  if (last != journal_.end() && edit.edit == last->second) {
    reply(std::nullopt);  // delivered twice: already applied
    return;
  }

  const PanelUser* current = find_user(id);
  const core::EditKind kind = !edit.record ? core::EditKind::delete_user
                              : current    ? core::EditKind::code
                                           : core::EditKind::create_user;
  // check_edit_allowed finds nothing while every partition is disarmed: the
  // statuses (a copy of each name) are built only when one is not.
  if (const auto problem =
          all_disarmed() ? std::nullopt
                         : core::check_edit_allowed(kind, partition_statuses(), config_.panel)) {
    log("Edit for user " + std::to_string(id.value) + " refused: system armed");
    ++(problem->id == core::ErrorId::system_armed ? stats_.edits_refused_armed
                                                  : stats_.edits_refused_other);
    reply(problem->id);
    return;
  }
  if (kind == core::EditKind::create_user && users_.size() >= capacity()) {
    log("Edit for user " + std::to_string(id.value) + " refused: user table full");
    ++stats_.edits_refused_other;
    reply(core::ErrorId::user_limit_reached);
    return;
  }

  // The user's entry as it was, moved out of the table as it is replaced or
  // removed (nothing copied).
  std::optional<PanelUser> before;
  const PanelUser* const table = users_.data();  // where the credentials point
  freeze_log_names(id);
  journal_[id] = edit.edit;
  ++stats_.edits_applied;

  if (!edit.record) {
    if (current == nullptr) {
      reply(std::nullopt);  // nothing to delete: the table already says so
      return;
    }
    const auto at = users_.begin() + (current - users_.data());
    before = std::move(*at);
    users_.erase(at);
    log("User " + std::to_string(id.value) + " deleted");
  } else {
    PanelUser record = *edit.record;
    record.id = id;
    if (current != nullptr) {
      before = std::exchange(users_[static_cast<std::size_t>(current - users_.data())],
                             std::move(record));
      log("User " + std::to_string(id.value) + " changed");
    } else {
      const auto at = std::lower_bound(users_.begin(), users_.end(), id,
                                       [](const PanelUser& u, core::UserId v) { return u.id < v; });
      users_.insert(at, std::move(record));
      log("User " + std::to_string(id.value) + " added");
    }
  }
  // The keypads' credentials point into users_: rebuilt unless the user's
  // record changed in place and what a credential holds of it did not (a
  // change of lock access alone).
  const PanelUser* now = find_user(id);
  const bool same_credential = before && now != nullptr && now == current &&
                               before->code == now->code && before->role == now->role &&
                               before->grants.partitions == now->grants.partitions &&
                               before->access_times == now->access_times;
  // Only records from the edited user's on have moved or changed, unless the
  // table itself moved (an insertion that grew it).
  if (!same_credential) {
    rebuild_credentials(users_.data() == table ? std::optional<core::UserId>(id) : std::nullopt);
  }
  store_.save_change(users_, id);
  reply(std::nullopt);
  table_changed(id, before);
}

void Panel::on_arm_command(const RemoteArmCommand& command) {
  const std::uint32_t p = command.partition.value;
  if (p >= partitions_.size()) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "arm_command_invalid",
                  {field("edit", command.edit.value), field("partition", p)});
    }
    return;
  }
  bool changed = false;
  if (command.target == PartitionState::disarmed) {
    changed = disarm(command.partition, std::nullopt);
  } else if (is_armed_mode(command.target)) {
    changed = arm(command.partition, command.target, std::nullopt);
  } else if (trace_.enabled()) {
    trace_.emit(
        sched_.now(), kComponent, "arm_command_invalid",
        {field("edit", command.edit.value), field("target", core::to_string(command.target))});
  }
  if (!changed) report_partition(p);
}

// ---- lock sync ----------------------------------------------------------------

void Panel::adopt_lock_slots(core::LockIndex lock, core::SlotTable slots) {
  auto& pipe = locks_.at(lock.value);
  slots.resize(config_.locks[lock.value].spec.slots);
  pipe.believed = std::move(slots);
  pipe.in_sync = false;
  pipe.plan_clean = false;
}

void Panel::sync_locks() {
  if (!powered_) return;
  for (std::size_t i = 0; i < locks_.size(); ++i) {
    LockPipe& pipe = locks_[i];
    drop_unsent(pipe);
    if (pipe.in_flight) {
      pipe.replan = true;
    } else {
      plan(i);
    }
  }
}

bool Panel::concerns(std::size_t lock, core::UserId user,
                     const std::optional<PanelUser>& before) const {
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  const auto has_lock = [&](const PanelUser* u) {
    return u != nullptr && u->code && u->grants.lock(index);
  };
  if (has_lock(before ? &*before : nullptr) || has_lock(find_user(user))) return true;
  const LockPipe& pipe = locks_[lock];
  for (const auto& slot : pipe.believed) {
    if (slot && slot->user == user) return true;
  }
  return std::any_of(pipe.queue.begin(), pipe.queue.end(),
                     [&](const PendingLockOp& op) { return op.user == user; });
}

void Panel::await(LockPipe& pipe, core::UserId user) {
  insert_sorted(pipe.awaiting, user);
}

void Panel::drop_unsent(LockPipe& pipe) {
  // Checks of unsure slots stay: the next plan needs their answers.
  auto it = pipe.queue.begin() + (pipe.in_flight ? 1 : 0);
  while (it != pipe.queue.end()) {
    if (it->verify) {
      ++it;
      continue;
    }
    await(pipe, it->user);
    it = pipe.queue.erase(it);
  }
}

void Panel::table_changed(core::UserId user, const std::optional<PanelUser>& before) {
  for (std::size_t i = 0; i < locks_.size(); ++i) {
    if (!concerns(i, user, before)) continue;
    LockPipe& pipe = locks_[i];
    const bool was_in_sync = pipe.in_sync && pipe.queue.empty() && !pipe.in_flight;
    pipe.in_sync = false;
    await(pipe, user);
    drop_unsent(pipe);
    if (pipe.in_flight) {
      pipe.replan = true;
    } else {
      plan(i, user, was_in_sync);
    }
  }
}

bool Panel::plan_one(std::size_t lock, core::UserId user, bool trusted,
                     std::vector<core::SlotOp>& ops, std::vector<core::UserId>& left_out) {
  const LockPipe& pipe = locks_[lock];
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  const auto wanted = [&](const PanelUser& u) { return u.code && u.grants.lock(index); };
  // Every user but `user` this lock should hold, by their index in users_
  // (marked once found in a slot).
  std::vector<std::uint32_t>& found = plan_scratch_.marks;
  std::size_t others = 0;
  if (!trusted) {
    found.assign(users_.size(), 0);
    for (const PanelUser& u : users_) {
      if (u.id != user && wanted(u)) ++others;
    }
  }
  std::optional<std::size_t> own;    // the slot holding `user`
  std::optional<std::size_t> empty;  // the lowest empty slot
  std::size_t hint = 0;              // slots filled in id order hold ascending users
  for (std::size_t i = 0; i < pipe.believed.size(); ++i) {
    const auto& slot = pipe.believed[i];
    if (!slot) {
      if (!empty) empty = i;
      continue;
    }
    if (slot->user == user) {
      if (own) return false;  // twice: the full plan clears one
      own = i;
      if (trusted) break;  // held once, and no empty slot is needed
      continue;
    }
    if (trusted) continue;
    std::size_t k = hint;
    if (k >= users_.size() || users_[k].id != slot->user) {
      k = static_cast<std::size_t>(
          std::lower_bound(users_.begin(), users_.end(), slot->user,
                           [](const PanelUser& u, core::UserId v) { return u.id < v; }) -
          users_.begin());
      if (k == users_.size() || users_[k].id != slot->user) return false;  // not a user
    }
    const PanelUser& u = users_[k];
    if (!wanted(u) || found[k] != 0 || !(slot->code == *u.code) ||
        !(slot->times == u.access_times)) {
      return false;  // the full plan clears or rewrites it
    }
    found[k] = 1;
    hint = k + 1;
    --others;
  }
  if (others != 0) return false;  // someone else is still to be written

  // As the full plan: only `user`'s slot can change. A newcomer takes the
  // lowest empty slot, or is left out when there is none.
  ops.clear();
  const PanelUser* now = find_user(user);
  if (now != nullptr && !wanted(*now)) now = nullptr;
  const auto write = [&](std::size_t slot, core::SlotOpKind kind) {
    core::SlotOp op{kind, core::SlotIndex(static_cast<std::uint16_t>(slot)), std::nullopt};
    if (kind == core::SlotOpKind::set)
      op.content = core::SlotContent{user, *now->code, now->access_times};
    ops.push_back(std::move(op));
  };
  if (own) {
    const auto& slot = pipe.believed[*own];
    if (now == nullptr) {
      write(*own, core::SlotOpKind::clear);
    } else if (!(slot->code == *now->code) || !(slot->times == now->access_times)) {
      write(*own, core::SlotOpKind::set);
    }
  } else if (now != nullptr) {
    if (empty) {
      write(*empty, core::SlotOpKind::set);
    } else {
      left_out.push_back(user);
    }
  }
  return true;
}

void Panel::plan(std::size_t lock, std::optional<core::UserId> changed, bool was_in_sync) {
  LockPipe& pipe = locks_[lock];
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  if (!pipe.unsure.empty()) {
    // First learn what the unsure slots hold; plan once they are answered.
    const bool checking = std::any_of(pipe.queue.begin(), pipe.queue.end(),
                                      [](const PendingLockOp& op) { return op.verify; });
    if (!checking) {
      for (const auto& [slot, wrote] : pipe.unsure) {
        PendingLockOp check;
        check.op.slot = core::SlotIndex(slot);
        check.verify = true;
        pipe.queue.push_back(std::move(check));
      }
    }
    pipe.replan = true;
    pipe.in_sync = false;
    pipe.plan_clean = false;
    if (!pipe.in_flight) send_front(lock);
    return;
  }
  pipe.replan = false;
  // The lock answered: whoever was told lock_unreachable gets a fresh result.
  for (const core::UserId user : pipe.unreachable)
    await(pipe, user);
  pipe.unreachable.clear();
  sched_.cancel(pipe.probe);
  pipe.probe = {};

  std::vector<core::UserId> left_out;
  std::vector<core::SlotOp>& ops = plan_ops_;
  if (changed && plan_one(lock, *changed, was_in_sync, ops, left_out)) {
#ifndef NDEBUG
    // Debug builds check that the plan of one slot is the full plan.
    std::vector<core::SlotOp> all;
    std::vector<core::UserId> all_left_out;
    plan_all(lock, all, all_left_out);
    assert(all == ops && all_left_out == left_out);
#endif
  } else {
    plan_all(lock, ops, left_out);
  }
  pipe.plan_clean = left_out.empty();
  pipe.in_sync = pipe.plan_clean && ops.empty() && pipe.queue.empty();

  for (core::SlotOp& op : ops) {
    core::UserId user;
    if (op.kind == core::SlotOpKind::set) {
      user = op.content->user;
    } else {
      user = pipe.believed[op.slot.value]->user;
    }
    pipe.queue.push_back(PendingLockOp{std::move(op), user, edit_of(user), 0});
  }
  ops.clear();

  if (trace_.enabled()) {
    trace_.emit(
        sched_.now(), kComponent, "lock_planned",
        {field("lock", index.value), field("ops", static_cast<std::int64_t>(pipe.queue.size())),
         field("left_out", static_cast<std::int64_t>(left_out.size()))});
  }

  for (const core::UserId user : pipe.awaiting) {
    const bool refused = std::find(left_out.begin(), left_out.end(), user) != left_out.end();
    const bool has_ops = std::any_of(pipe.queue.begin(), pipe.queue.end(),
                                     [&](const PendingLockOp& op) { return op.user == user; });
    if (refused) {
      log(config_.locks[lock].name + ": no free slot for user " + std::to_string(user.value));
      uplink_.send(LockSyncResult{edit_of(user), user, index, core::ErrorId::lock_slots_full});
    } else if (!has_ops) {
      uplink_.send(LockSyncResult{edit_of(user), user, index, std::nullopt});
    }
  }
  pipe.awaiting.clear();
  if (!pipe.in_flight && !pipe.queue.empty()) send_front(lock);
}

void Panel::plan_all(std::size_t lock, std::vector<core::SlotOp>& ops,
                     std::vector<core::UserId>& left_out) {
  LockPipe& pipe = locks_[lock];
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  // The desired codes point into users_ (already in id order), and the plan
  // goes into storage kept across plans: a plan copies each code it writes
  // once, into its operation, and allocates nothing else once warm.
  std::vector<core::DesiredRef>& desired = plan_desired_;
  desired.clear();
  for (const PanelUser& u : users_) {
    if (u.code && u.grants.lock(index)) {
      desired.push_back(core::DesiredRef{u.id, &*u.code, &u.access_times});
    }
  }
  // Leave out the newcomers that do not fit, highest user id first.
  if (desired.size() > pipe.believed.size()) {
    const auto held = [&](core::UserId id) {
      return std::any_of(pipe.believed.begin(), pipe.believed.end(),
                         [&](const auto& slot) { return slot && slot->user == id; });
    };
    for (auto it = desired.end(); it != desired.begin() && desired.size() > pipe.believed.size();) {
      --it;
      if (!held(it->user)) {
        left_out.push_back(it->user);
        it = desired.erase(it);
      }
    }
  }

  if (core::plan_sync_into(desired, pipe.believed, ops, plan_scratch_)) {
    // Cannot happen after the trimming above; refuse every awaiting user.
    for (const auto& slot_user : pipe.awaiting)
      left_out.push_back(slot_user);
  }
}

void Panel::send_front(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  PendingLockOp& op = pipe.queue.front();
  pipe.in_flight = true;
  ++op.attempts;
  ++stats_.lock_op_attempts;
  pipe.sent_at = sched_.now();
  sched_.cancel(pipe.timer);
  pipe.timer =
      sched_.schedule_after(timing_.lock_ack_timeout, [this, lock] { on_ack_timeout(lock); });

  if (op.verify) {
    const auto slot = static_cast<std::uint16_t>(op.op.slot.value + 1);
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "lock_slot_check_sent",
                  {field("lock", static_cast<std::int64_t>(lock)), field("slot", slot),
                   field("attempt", op.attempts)});
    }
    radios_[lock]->send(zwave::encode(zwave::UserCodeGet{slot}));
    return;
  }
  // Its first attempt of its first frame: what the slot holds now decides the
  // lead-in (usually none, and nothing allocated).
  if (op.step == 0 && op.attempts == 1) op.lead_in = lead_in_of(lock, op.op);
  const zwave::Message* lead = op.step < op.lead_in.size() ? &op.lead_in[op.step] : nullptr;
  const bool schedule = lead != nullptr && !std::holds_alternative<zwave::UserCodeSet>(*lead);
  if (schedule && op.attempts == 1) op.session = static_cast<std::uint8_t>(next_session_++ & 0x3F);
  if (trace_.enabled()) {
    trace_.emit(
        sched_.now(), kComponent, "lock_op_sent",
        {field("lock", static_cast<std::int64_t>(lock)), field("slot", op.op.slot.value + 1),
         field("op", op.op.kind == core::SlotOpKind::set ? "set" : "clear"),
         field("user", op.user.value), field("edit", op.edit.value), field("attempt", op.attempts),
         field("frame", static_cast<std::int64_t>(op.step + 1)),
         field("frames", static_cast<std::int64_t>(op.lead_in.size() + 1))});
  }
  if (schedule) {
    radios_[lock]->send(zwave::encode(zwave::SupervisionGet{op.session, zwave::encode(*lead)}));
  } else if (lead != nullptr) {
    radios_[lock]->send(zwave::encode(*lead));
  } else {
    const auto slot = static_cast<std::uint16_t>(op.op.slot.value + 1);
    const zwave::Message set =
        op.op.kind == core::SlotOpKind::set
            ? zwave::Message(std::in_place_type<zwave::UserCodeSet>, slot,
                             zwave::SlotStatus::enabled, op.op.content->code)
            : zwave::Message(std::in_place_type<zwave::UserCodeSet>, slot,
                             zwave::SlotStatus::available, core::AccessCode{});
    radios_[lock]->send(zwave::encode(set));
  }
}

std::vector<zwave::Message> Panel::lead_in_of(std::size_t lock, const core::SlotOp& op) const {
  if (op.kind == core::SlotOpKind::clear) return {};
  const auto slot = static_cast<std::uint16_t>(op.slot.value + 1);
  const core::SlotContent& content = *op.content;
  const LockPipe& pipe = locks_[lock];
  const auto& old = pipe.believed[op.slot.value];
  const auto at_all_times = [](const core::AccessTimes& t) {
    return std::holds_alternative<core::AtAllTimes>(t);
  };
  const bool old_scheduled =
      (old && !at_all_times(old->times)) ||
      std::binary_search(pipe.schedule_unknown.begin(), pipe.schedule_unknown.end(),
                         static_cast<std::uint16_t>(op.slot.value));
  if ((old && old->times == content.times) || (at_all_times(content.times) && !old_scheduled)) {
    return {};
  }
  std::vector<zwave::Message> steps;
  if (old_scheduled) {
    steps.emplace_back(zwave::UserCodeSet{slot, zwave::SlotStatus::available, {}});
  }
  for (auto& command : zwave::schedule_commands(slot, content.times))
    steps.push_back(std::move(command));
  return steps;
}

void Panel::step_done(std::size_t lock) {
  PendingLockOp& op = locks_[lock].queue.front();
  if (op.step >= op.lead_in.size()) {  // its User Code Set
    finish_front(lock, std::nullopt);
    return;
  }
  ++op.step;
  op.attempts = 0;
  send_front(lock);
}

void Panel::on_supervision(std::size_t lock, const zwave::SupervisionReport& report) {
  LockPipe& pipe = locks_[lock];
  const PendingLockOp* op = pipe.in_flight && !pipe.queue.empty() && !pipe.queue.front().verify
                                ? &pipe.queue.front()
                                : nullptr;
  if (op == nullptr || op->step >= op->lead_in.size() ||
      std::holds_alternative<zwave::UserCodeSet>(op->lead_in[op->step]) ||
      op->session != report.session) {
    if (trace_.enabled()) {
      trace_.emit(
          sched_.now(), kComponent, "lock_ack_unmatched",
          {field("lock", static_cast<std::int64_t>(lock)), field("session", report.session)});
    }
    return;
  }
  if (report.status == zwave::SupervisionStatus::success) {
    step_done(lock);
  } else {
    finish_front(lock, core::ErrorId::lock_refused_schedule);
  }
}

void Panel::on_ack_timeout(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  pipe.timer = {};
  if (!pipe.in_flight || pipe.queue.empty()) return;
  const PendingLockOp& op = pipe.queue.front();
  if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "lock_ack_timeout",
                {field("lock", static_cast<std::int64_t>(lock)), field("user", op.user.value),
                 field("attempt", op.attempts)});
  }
  if (op.attempts >= timing_.lock_attempts) {
    if (op.verify) {
      give_up_check(lock);
    } else {
      finish_front(lock, core::ErrorId::lock_unreachable);
    }
    return;
  }
  const sim::Time next = std::max(pipe.sent_at + timing_.lock_retry_delay, sched_.now());
  ++stats_.lock_op_retries;
  pipe.timer = sched_.schedule_at(next, [this, lock] {
    locks_[lock].timer = {};
    send_front(lock);
  });
}

void Panel::on_ack(std::size_t lock, std::uint8_t event_code, std::uint16_t slot) {
  LockPipe& pipe = locks_[lock];
  const auto ev = static_cast<zwave::AccessEvent>(event_code);
  // The frame in flight, when it is a User Code Set: its slot (1-based), and
  // whether it writes a code (else it clears the slot).
  std::uint16_t set_slot = 0;  // none
  bool writes = false;
  if (pipe.in_flight && !pipe.queue.empty() && !pipe.queue.front().verify) {
    const PendingLockOp& op = pipe.queue.front();
    if (op.step >= op.lead_in.size()) {
      set_slot = static_cast<std::uint16_t>(op.op.slot.value + 1);
      writes = op.op.kind == core::SlotOpKind::set;
    } else if (const auto* lead = std::get_if<zwave::UserCodeSet>(&op.lead_in[op.step])) {
      set_slot = lead->slot;
      writes = lead->status != zwave::SlotStatus::available;
    }
  }
  const bool matches_slot = set_slot != 0 && set_slot == slot;
  const bool is_set = matches_slot && writes;
  const bool is_clear = matches_slot && !writes;
  if (ev == zwave::AccessEvent::code_added && is_set) {
    step_done(lock);
  } else if (ev == zwave::AccessEvent::code_deleted && is_clear) {
    step_done(lock);
  } else if (ev == zwave::AccessEvent::code_duplicate && matches_slot) {
    finish_front(lock, core::ErrorId::lock_refused_duplicate);
  } else if (ev == zwave::AccessEvent::code_rejected && matches_slot) {
    finish_front(lock, core::ErrorId::lock_refused_length);
  } else if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "lock_ack_unmatched",
                {field("lock", static_cast<std::int64_t>(lock)), field("event", event_code),
                 field("slot", slot)});
  }
}

void Panel::finish_front(std::size_t lock, std::optional<core::ErrorId> error) {
  LockPipe& pipe = locks_[lock];
  sched_.cancel(pipe.timer);
  pipe.timer = {};
  PendingLockOp op = std::move(pipe.queue.front());
  pipe.queue.erase(pipe.queue.begin());
  pipe.in_flight = false;
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  const std::string& lock_name = config_.locks[lock].name;

  if (trace_.enabled()) {
    sim::TraceRecord r{sched_.now(),
                       std::string(kComponent),
                       error ? "lock_op_failed" : "lock_op_acknowledged",
                       {}};
    r.fields.push_back(field("lock", index.value));
    r.fields.push_back(field("slot", op.op.slot.value + 1));
    r.fields.push_back(field("user", op.user.value));
    r.fields.push_back(field("edit", op.edit.value));
    if (error) r.fields.push_back(field("error", core::name(*error)));
    trace_.emit(std::move(r));
  }

  if (!error) {
    ++stats_.lock_ops_ok;
  } else if (*error == core::ErrorId::lock_unreachable) {
    ++stats_.lock_ops_unreachable;
  } else {
    ++stats_.lock_ops_refused;
  }
  pipe.in_sync = false;
  if (error) {
    pipe.plan_clean = false;
    // One result per user: the user's other queued operations go too.
    std::erase_if(pipe.queue,
                  [&](const PendingLockOp& o) { return !o.verify && o.user == op.user; });
    if (*error == core::ErrorId::lock_unreachable) {
      // It may have landed with only the answer lost: check before trusting.
      pipe.unsure[op.op.slot.value] =
          op.op.kind == core::SlotOpKind::set ? op.op.content : std::nullopt;
      insert_sorted(pipe.unreachable, op.user);
      start_probe(lock);
    }
    log(lock_name + ": user " + std::to_string(op.user.value) + " not synced (" +
        std::string(core::name(*error)) + ")");
    uplink_.send(LockSyncResult{op.edit, op.user, index, error});
  } else {
    // What core::apply does with this one op, without building a plan of one
    // (a copy of the op and an allocation per acknowledgement).
    auto& believed_slot = pipe.believed.at(op.op.slot.value);
    if (op.op.kind == core::SlotOpKind::set) {
      believed_slot = std::move(op.op.content);
    } else {
      believed_slot.reset();
    }
    // A clear, or a write that began with one: the slot's schedule is known.
    std::erase(pipe.schedule_unknown, static_cast<std::uint16_t>(op.op.slot.value));
    LogRecord& line = add_log_record(LogRecord::Kind::lock_synced);
    line.index = index.value;
    line.user = op.user;
    line.code_set = op.op.kind == core::SlotOpKind::set;
    const bool more = std::any_of(pipe.queue.begin(), pipe.queue.end(),
                                  [&](const PendingLockOp& o) { return o.user == op.user; });
    if (!more) uplink_.send(LockSyncResult{op.edit, op.user, index, std::nullopt});
    // The whole plan carried out, with nothing changed since: in sync.
    pipe.in_sync = pipe.queue.empty() && !pipe.replan && pipe.plan_clean;
  }
  advance(lock);
}

void Panel::on_report(std::size_t lock, const zwave::UserCodeReport& report) {
  LockPipe& pipe = locks_[lock];
  if (!pipe.in_flight || pipe.queue.empty() || !pipe.queue.front().verify ||
      pipe.queue.front().op.slot.value + 1 != report.slot) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "lock_report_unmatched",
                  {field("lock", static_cast<std::int64_t>(lock)), field("slot", report.slot)});
    }
    return;
  }
  sched_.cancel(pipe.timer);
  pipe.timer = {};
  pipe.queue.erase(pipe.queue.begin());
  pipe.in_flight = false;
  const auto index = static_cast<std::uint16_t>(report.slot - 1U);
  const auto it = pipe.unsure.find(index);
  std::optional<core::SlotContent> holds;
  if (report.status != zwave::SlotStatus::available) {
    // Whose code it is: what the given-up operation wrote, what the panel
    // believed, or the user with that code (codes are unique in a system).
    const auto& believed = pipe.believed[index];
    if (it != pipe.unsure.end() && it->second && it->second->code == report.code) {
      holds = it->second;
    } else if (believed && believed->code == report.code) {
      holds = believed;
    } else {
      holds = core::SlotContent{core::UserId{}, report.code};  // nobody's: cleared by the plan
      for (const PanelUser& u : users_) {
        if (u.code && *u.code == report.code) holds->user = u.id;
      }
    }
  }
  // A schedule the failed op may have touched is unknown: never equal to a
  // real one, so the plan writes it again (from an empty slot).
  const auto scheduled = [](const std::optional<core::SlotContent>& c) {
    return c && !std::holds_alternative<core::AtAllTimes>(c->times);
  };
  const bool schedule_touched =
      scheduled(pipe.believed[index]) || (it != pipe.unsure.end() && scheduled(it->second));
  if (holds && (scheduled(holds) || schedule_touched)) {
    holds->times = core::RestrictedSchedule{{core::ScheduleBlock{}}};  // no day: unknown
  } else if (!holds && schedule_touched) {
    // Empty of codes, but the schedule frames may have landed (they go first).
    insert_sorted(pipe.schedule_unknown, index);
  }
  pipe.believed[index] = holds;
  pipe.in_sync = false;
  pipe.plan_clean = false;
  if (it != pipe.unsure.end()) pipe.unsure.erase(it);
  if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "lock_slot_checked",
                {field("lock", static_cast<std::int64_t>(lock)), field("slot", report.slot),
                 field("held", holds.has_value())});
  }
  pipe.replan = true;
  advance(lock);
}

void Panel::give_up_check(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  sched_.cancel(pipe.timer);
  pipe.timer = {};
  pipe.in_flight = false;
  pipe.replan = false;
  pipe.in_sync = false;
  pipe.plan_clean = false;
  for (const PendingLockOp& op : pipe.queue) {
    if (!op.verify) await(pipe, op.user);
  }
  pipe.queue.clear();
  const core::LockIndex index(static_cast<std::uint32_t>(lock));
  if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "lock_check_failed",
                {field("lock", index.value),
                 field("unsure", static_cast<std::int64_t>(pipe.unsure.size()))});
  }
  // Nothing can be planned without the lock: everyone waiting is told so.
  for (const core::UserId user : pipe.awaiting) {
    uplink_.send(LockSyncResult{edit_of(user), user, index, core::ErrorId::lock_unreachable});
    insert_sorted(pipe.unreachable, user);
  }
  pipe.awaiting.clear();
  start_probe(lock);
}

void Panel::start_probe(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  if (sched_.is_pending(pipe.probe)) return;
  pipe.probe = sched_.schedule_after(timing_.lock_probe_interval, [this, lock] {
    locks_[lock].probe = {};
    contact(lock);
  });
}

// A reason to talk to a lock with unsure slots: check them now (or after the
// operation in flight).
void Panel::contact(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  if (!powered_ || pipe.unsure.empty()) return;
  if (pipe.in_flight) {
    pipe.replan = true;
  } else {
    plan(lock);
  }
}

void Panel::advance(std::size_t lock) {
  LockPipe& pipe = locks_[lock];
  if (!pipe.queue.empty() && pipe.queue.front().verify) {
    send_front(lock);
  } else if (pipe.replan) {
    drop_unsent(pipe);
    plan(lock);
  } else if (!pipe.queue.empty()) {
    send_front(lock);
  }
}

// ---- radio frames -------------------------------------------------------------

void Panel::receive_frame(core::LockIndex lock, const Frame& frame) {
  // What a lock sends most (every unlock and relock), read in place; any
  // other frame is decoded in full.
  if (powered_ && lock.value < locks_.size()) {
    if (const std::optional<zwave::AccessNotification> n = zwave::as_access_notification(frame)) {
      // Heard from: a lock with unsure slots is in range again.
      if (!locks_[lock.value].unsure.empty()) contact(lock.value);
      // A relock (one follows every unlock) asks nothing of the panel.
      if (n->event != zwave::AccessEvent::auto_relocked && on_notification(lock, *n)) return;
      if (trace_.enabled()) notification_received(lock, *n);
      return;
    }
  }
  receive_other_frame(lock, frame);
}

void Panel::receive_other_frame(core::LockIndex lock, const Frame& frame) {
  if (!powered_) {
    if (trace_.enabled()) trace_.emit(sched_.now(), kComponent, "frame_ignored_off");
    return;
  }
  if (lock.value >= locks_.size()) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "frame_unknown_lock", {field("lock", lock.value)});
    }
    return;
  }
  const zwave::Decoded decoded = zwave::decode(frame);
  if (!decoded.ok()) {
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), kComponent, "frame_malformed",
                  {field("lock", lock.value), field("error", decoded.error),
                   field("bytes", static_cast<std::int64_t>(frame.size()))});
    }
    return;
  }
  const zwave::Message& message = *decoded.message;
  if (!locks_[lock.value].unsure.empty() &&
      !std::holds_alternative<zwave::UserCodeReport>(message)) {
    contact(lock.value);
  }
  if (const auto* r = std::get_if<zwave::UserCodeReport>(&message)) {
    on_report(lock.value, *r);
    return;
  }
  if (const auto* r = std::get_if<zwave::SupervisionReport>(&message)) {
    on_supervision(lock.value, *r);
    return;
  }
  if (const auto* n = std::get_if<zwave::AccessNotification>(&message)) {
    if (on_notification(lock, *n)) return;
  } else if (const auto* b = std::get_if<zwave::BatteryReport>(&message)) {
    if (b->percent == zwave::kBatteryLowWarning) {
      log(config_.locks[lock.value].name + " battery low");
      event(PanelEventKind::lock_battery_low, std::nullopt, std::nullopt, lock);
      return;
    }
  }
  frame_received(lock, message);
}

bool Panel::on_notification(core::LockIndex lock, const zwave::AccessNotification& n) {
  switch (n.event) {
    case zwave::AccessEvent::code_added:
    case zwave::AccessEvent::code_deleted:
    case zwave::AccessEvent::code_duplicate:
    case zwave::AccessEvent::code_rejected:
      on_ack(lock.value, static_cast<std::uint8_t>(n.event), n.slot);
      return true;
    case zwave::AccessEvent::keypad_unlock: {
      std::optional<core::UserId> user;
      const auto& believed = locks_[lock.value].believed;
      if (n.slot >= 1 && n.slot <= believed.size() && believed[n.slot - 1]) {
        user = believed[n.slot - 1]->user;
      }
      LogRecord& line = add_log_record(LogRecord::Kind::unlocked);
      line.index = lock.value;
      line.has_user = user.has_value();
      if (user) line.user = *user;
      event(PanelEventKind::lock_unlocked, user, std::nullopt, lock);
      return true;
    }
    case zwave::AccessEvent::jammed:
      log(config_.locks[lock.value].name + " jammed");
      event(PanelEventKind::lock_jammed, std::nullopt, std::nullopt, lock);
      return true;
    case zwave::AccessEvent::keypad_disabled:
      log(config_.locks[lock.value].name + " keypad locked out");
      event(PanelEventKind::keypad_lockout, std::nullopt, std::nullopt, lock);
      return true;
    case zwave::AccessEvent::auto_relocked:
      break;
  }
  return false;
}

void Panel::notification_received(core::LockIndex lock, const zwave::AccessNotification& n) {
  frame_received(lock, zwave::Message(n));
}

void Panel::frame_received(core::LockIndex lock, const zwave::Message& message) {
  if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "frame_received",
                {field("lock", lock.value), field("frame", zwave::describe(message))});
  }
}

// ---- power ----------------------------------------------------------------------

void Panel::power_off() {
  if (!powered_) return;
  for (auto& t : partition_timers_) {
    sched_.cancel(t.timer);
    t.timer = {};
  }
  for (auto& pipe : locks_) {
    sched_.cancel(pipe.timer);
    pipe.timer = {};
    sched_.cancel(pipe.probe);
    pipe.probe = {};
    for (const auto& op : pipe.queue) {
      if (!op.verify) await(pipe, op.user);
    }
    pipe.queue.clear();
    pipe.in_flight = false;
    pipe.replan = false;
    pipe.in_sync = false;
    pipe.plan_clean = false;
  }
  freeze_log_names();
  users_.clear();
  credentials_.clear();
  powered_ = false;
  log("Power lost");
  if (trace_.enabled()) trace_.emit(sched_.now(), kComponent, "power_off");
}

void Panel::power_on() {
  if (powered_) return;
  powered_ = true;
  load_users();
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    PartitionInfo& info = partitions_[p];
    if (info.state == PartitionState::exit_delay) {
      info.deadline = sched_.now() + timing_.exit_delay;
    } else if (info.state == PartitionState::entry_delay) {
      info.deadline = sched_.now() + timing_.entry_delay;
    }
    start_partition_timer(p);
  }
  if (trace_.enabled()) {
    trace_.emit(sched_.now(), kComponent, "power_on",
                {field("users", static_cast<std::int64_t>(users_.size()))});
  }
  log("Power restored");
  event(PanelEventKind::power_restored, std::nullopt, std::nullopt, std::nullopt);
  sync_locks();
}

}  // namespace lockstep::devices
