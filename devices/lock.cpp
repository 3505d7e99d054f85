#include "devices/lock.hpp"

#include <algorithm>
#include <chrono>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/code_policy.hpp"
#include "core/error.hpp"

namespace lockstep::devices {

namespace {

using zwave::AccessEvent;
using zwave::SlotStatus;

// What a frame was, for traces: its description (codes masked), or that it
// could not be decoded.
std::string frame_text(const Frame& frame) {
  const zwave::Decoded d = zwave::decode(frame);
  return d.ok() ? zwave::describe(*d.message) : std::string("malformed frame");
}

// The button a digit presses on a five-button keypad, as core::five_button_presses.
char press_of(char c) {
  if (c == '0') return '5';
  if (c >= '1' && c <= '9') return static_cast<char>('1' + (c - '1') / 2);
  return c;
}

}  // namespace

std::string_view to_string(RadioState state) {
  switch (state) {
    case RadioState::listening:
      return "listening";
    case RadioState::asleep:
      return "asleep";
    case RadioState::unreachable:
      return "unreachable";
    case RadioState::dead:
      return "dead";
  }
  return "unknown";
}

std::string_view to_string(BoltState state) {
  switch (state) {
    case BoltState::locked:
      return "locked";
    case BoltState::unlocked:
      return "unlocked";
    case BoltState::jammed:
      return "jammed";
  }
  return "unknown";
}

const core::AccessCode& Lock::Slot::presses() const {
  static const core::AccessCode kNone;
  return extra ? extra->presses : kNone;
}

Lock::Lock(sim::Scheduler& scheduler, sim::Trace& trace, std::string name, core::LockSpec spec,
           FramePort& to_panel, sim::Duration auto_relock)
    : sched_(scheduler),
      trace_(trace),
      name_(std::move(name)),
      spec_(std::move(spec)),
      to_panel_(to_panel),
      auto_relock_(auto_relock),
      slots_(spec_.slots) {
  // Only a five-button keypad translates what is typed (enter_code).
  if (spec_.five_button_keypad) typed_presses_.reserve(2 * zwave::kMaxCodeDigits);
  // One credential per enabled slot at most: sized once, not grown slot by slot.
  credentials_.reserve(slots_.size());
}

Lock::~Lock() {
  sched_.cancel(wake_);
  sched_.cancel(relock_);
}

RadioState Lock::radio_state() const {
  if (dead()) return RadioState::dead;
  if (!reachable_) return RadioState::unreachable;
  if (asleep_) return RadioState::asleep;
  return RadioState::listening;
}

std::optional<sim::Time> Lock::relock_at() const {
  if (!sched_.is_pending(relock_)) return std::nullopt;
  return relock_time_;
}

// ---- radio -------------------------------------------------------------------

void Lock::receive_frame(const Frame& frame) {
  const RadioState state = radio_state();
  if (state != RadioState::listening) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "frame_missed",
                  {sim::field("frame", frame_text(frame)), sim::field("why", to_string(state))});
    }
    return;
  }
  inbox_.push_back(frame);
  if (!sched_.is_pending(wake_)) {
    // The first wake tick at or after now. A pending tick is always that one:
    // it was computed the same way from an earlier now and has not passed.
    const std::int64_t t = now().us();
    const std::int64_t w =
        std::chrono::duration_cast<std::chrono::microseconds>(spec_.wake_latency).count();
    const std::int64_t tick = w <= 0 ? t : (t + w - 1) / w * w;
    wake_ = sched_.schedule_at(sim::Time::from_us(tick), [this] { on_wake_tick(); });
  }
  if (trace_.enabled()) {
    trace_.emit(now(), name_, "frame_queued", {sim::field("frame", frame_text(frame))});
  }
}

void Lock::on_wake_tick() {
  wake_ = {};
  while (!inbox_.empty()) {
    const Frame frame = inbox_.front();
    inbox_.erase(inbox_.begin());  // a handful at most: frames are 32-byte values
    handle(frame);
  }
}

void Lock::handle(const Frame& frame) {
  const zwave::Decoded d = zwave::decode(frame);
  if (!d.ok()) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "frame_malformed",
                  {sim::field("error", d.error), sim::field("bytes", frame.size())});
    }
    return;
  }
  const zwave::Message& m = *d.message;
  if (trace_.enabled()) {
    trace_.emit(now(), name_, "frame_heard", {sim::field("frame", zwave::describe(m))});
  }
  if (const auto* set = std::get_if<zwave::UserCodeSet>(&m)) {
    on_user_code_set(*set);
  } else if (const auto* get = std::get_if<zwave::UserCodeGet>(&m)) {
    on_user_code_get(*get);
  } else if (std::holds_alternative<zwave::UsersNumberGet>(m)) {
    send(zwave::UsersNumberReport{spec_.slots});
  } else if (const auto* sup = std::get_if<zwave::SupervisionGet>(&m)) {
    on_supervision(*sup);
  } else if (trace_.enabled()) {
    trace_.emit(now(), name_, "frame_unexpected", {sim::field("frame", zwave::describe(m))});
  }
}

void Lock::provision(const core::SlotTable& slots) {
  for (std::size_t i = 0; i < slots.size() && i < slots_.size(); ++i) {
    if (!slots[i]) continue;
    // Written in place (a slot's code fits its storage): enabled, the code,
    // no schedule yet.
    Slot& slot = slots_[i];
    slot.status = SlotStatus::enabled;
    slot.code = slots[i]->code;
    slot.extra.reset();
    if (spec_.five_button_keypad) {
      slot.more().presses = core::AccessCode(core::five_button_presses(slot.code.reveal()));
    }
    // The installer's tool writes the schedule with the code (none for a
    // code that works at all times).
    if (std::holds_alternative<core::AtAllTimes>(slots[i]->times)) continue;
    for (const auto& command :
         zwave::schedule_commands(static_cast<std::uint16_t>(i + 1), slots[i]->times)) {
      apply_schedule(command);
    }
  }
  slots_changed();
}

void Lock::on_user_code_set(const zwave::UserCodeSet& set) {
  const std::uint16_t s = set.slot;
  if (s < 1 || s > slots_.size()) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "code_rejected",
                  {sim::field("slot", s), sim::field("why", "no such slot")});
    }
    notify(AccessEvent::code_rejected, s);
    return;
  }
  const std::size_t index = s - 1U;

  if (set.status == SlotStatus::available) {
    slots_[index] = Slot{};
    slots_changed(index);
    ++stats_.codes_written;
    if (trace_.enabled()) trace_.emit(now(), name_, "code_deleted", {sim::field("slot", s)});
    notify(AccessEvent::code_deleted, s);
    return;
  }

  if (const auto why = length_refusal(set.code, index)) {
    if (trace_.enabled()) {
      trace_.emit(
          now(), name_, "code_rejected",
          {sim::field("slot", s), sim::field("why", *why), sim::field("length", set.code.size()),
           sim::secret_field("code", set.code.reveal())});
    }
    notify(AccessEvent::code_rejected, s);
    return;
  }

  Slot candidate = slots_[index];  // the slot's schedule stays
  candidate.status = set.status;
  candidate.code = set.code;
  if (candidate.extra) candidate.extra->presses = {};
  if (spec_.five_button_keypad) {
    candidate.more().presses = core::AccessCode(core::five_button_presses(set.code.reveal()));
  }
  if (spec_.refuses_duplicate_codes && duplicate_elsewhere(candidate, index)) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "code_duplicate",
                  {sim::field("slot", s), sim::secret_field("code", set.code.reveal())});
    }
    notify(AccessEvent::code_duplicate, s);
    return;
  }

  slots_[index] = std::move(candidate);
  slots_changed(index);
  ++stats_.codes_written;
  if (trace_.enabled()) {
    trace_.emit(now(), name_, "code_added",
                {sim::field("slot", s), sim::field("status", zwave::to_string(set.status)),
                 sim::secret_field("code", set.code.reveal())});
  }
  notify(AccessEvent::code_added, s);
}

void Lock::on_user_code_get(const zwave::UserCodeGet& get) {
  const std::uint16_t s = get.slot;
  if (s < 1 || s > slots_.size()) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "code_rejected",
                  {sim::field("slot", s), sim::field("why", "no such slot")});
    }
    notify(AccessEvent::code_rejected, s);
    return;
  }
  const Slot& slot = slots_[s - 1U];
  if (trace_.enabled()) {
    trace_.emit(now(), name_, "code_reported",
                {sim::field("slot", s), sim::field("status", zwave::to_string(slot.status))});
  }
  send(zwave::UserCodeReport{s, slot.status, slot.code});
}

void Lock::on_supervision(const zwave::SupervisionGet& get) {
  const zwave::Decoded inner = zwave::decode(get.command);
  const bool schedule =
      inner.ok() && (std::holds_alternative<zwave::ScheduleEnableSet>(*inner.message) ||
                     std::holds_alternative<zwave::WeekDayScheduleSet>(*inner.message) ||
                     std::holds_alternative<zwave::YearDayScheduleSet>(*inner.message));
  zwave::SupervisionStatus status = zwave::SupervisionStatus::no_support;
  if (schedule) {
    const bool ok = apply_schedule(*inner.message);
    status = ok ? zwave::SupervisionStatus::success : zwave::SupervisionStatus::fail;
    if (ok) slots_changed();
    if (trace_.enabled()) {
      trace_.emit(now(), name_, ok ? "schedule_set" : "schedule_refused",
                  {sim::field("command", zwave::describe(*inner.message))});
    }
  } else if (trace_.enabled()) {
    trace_.emit(now(), name_, "frame_unexpected",
                {sim::field("frame", inner.ok() ? zwave::describe(*inner.message)
                                                : std::string("malformed command"))});
  }
  send(zwave::SupervisionReport{get.session, status});
}

bool Lock::apply_schedule(const zwave::Message& command) {
  return std::visit(
      [this](const auto& c) -> bool {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, zwave::ScheduleEnableSet> ||
                      std::is_same_v<T, zwave::WeekDayScheduleSet> ||
                      std::is_same_v<T, zwave::YearDayScheduleSet>) {
          if (c.slot < 1 || c.slot > slots_.size()) return false;
          Slot& slot = slots_[c.slot - 1U];
          if constexpr (std::is_same_v<T, zwave::ScheduleEnableSet>) {
            if (c.enabled || slot.extra) slot.more().scheduled = c.enabled;
          } else if constexpr (std::is_same_v<T, zwave::WeekDayScheduleSet>) {
            if (c.action == zwave::ScheduleAction::erase) {
              if (slot.extra) slot.extra->week_days.erase(c.entry);
            } else {
              if (c.start_minute >= c.stop_minute) return false;
              slot.more().week_days[c.entry] =
                  core::ScheduleBlock{static_cast<std::uint8_t>(1U << static_cast<unsigned>(c.day)),
                                      c.start_minute, c.stop_minute};
            }
          } else {
            if (c.action == zwave::ScheduleAction::erase) {
              if (slot.extra) slot.extra->year_days.erase(c.entry);
            } else {
              if (!(c.start < c.stop)) return false;
              slot.more().year_days[c.entry] = core::TemporaryAccess{c.start, c.stop};
            }
          }
          return true;
        } else {
          return false;
        }
      },
      command);
}

core::AccessTimes Lock::slot_times(std::uint16_t slot) const {
  if (slot < 1 || slot > slots_.size() || !slots_[slot - 1U].extra) return core::AtAllTimes{};
  return slots_[slot - 1U].extra->times;
}

std::optional<std::string_view> Lock::length_refusal(const core::AccessCode& code,
                                                     std::size_t index) const {
  if (!spec_.code_lengths.accepts(code.size())) return "unsupported length";
  if (spec_.code_lengths.same_length_for_all) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (i == index || slots_[i].status == SlotStatus::available) continue;
      if (slots_[i].code.size() != code.size()) return "length differs from the codes held";
    }
  }
  return std::nullopt;
}

bool Lock::duplicate_elsewhere(const Slot& candidate, std::size_t index) const {
  const core::AccessCode& mine = spec_.five_button_keypad ? candidate.presses() : candidate.code;
  bool found = false;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (i == index || slots_[i].status == SlotStatus::available) continue;
    const core::AccessCode& theirs =
        spec_.five_button_keypad ? slots_[i].presses() : slots_[i].code;
    found = (theirs == mine) || found;  // no early exit
  }
  return found;
}

void Lock::slots_changed(std::size_t first) {
  // Credentials go in slot order, each naming its slot (user = slot + 1).
  const auto held = credentials_.held();
  std::size_t kept = 0;
  while (kept < held.size() && held[kept].user.value <= first)
    ++kept;
  credentials_.truncate(kept);
  for (std::size_t i = first; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    if (slot.extra) {
      SlotExtra& x = *slot.extra;
      if (!x.scheduled) {
        x.times = core::AtAllTimes{};
      } else if (!x.week_days.empty()) {
        core::RestrictedSchedule weekly;
        for (const auto& [entry, block] : x.week_days)
          weekly.blocks.push_back(block);
        x.times = std::move(weekly);
      } else if (!x.year_days.empty()) {
        x.times = x.year_days.begin()->second;
      } else {
        x.times = core::RestrictedSchedule{};  // enabled with no entry: never
      }
    }
    if (slot.status != SlotStatus::enabled) continue;
    core::Credential c;
    c.user = core::UserId(static_cast<std::uint32_t>(i + 1));
    c.code = spec_.five_button_keypad ? &slot.presses() : &slot.code;
    c.role = core::Role::standard;
    c.granted = true;
    c.access_times = slot.scheduled() ? &slot.extra->times : nullptr;
    credentials_.add(c);
  }
}

void Lock::drop_inbox(std::string_view why) {
  sched_.cancel(wake_);
  wake_ = {};
  if (trace_.enabled()) {
    for (const Frame& frame : inbox_) {
      trace_.emit(now(), name_, "frame_missed",
                  {sim::field("frame", frame_text(frame)), sim::field("why", why)});
    }
  }
  inbox_.clear();
}

// ---- keypad and bolt ---------------------------------------------------------

core::EntryResult Lock::enter_code(std::string_view typed, core::LocalClock local_clock) {
  if (dead()) return core::EntryResult{};  // refused, no reason: the keypad is dark

  std::string_view compared = typed;
  if (spec_.five_button_keypad) {
    typed_presses_.clear();
    for (const char c : typed) {
      typed_presses_.push_back(press_of(c));
    }
    compared = typed_presses_;
  }
  core::EntryResult r = core::check_entry(compared, credentials_, spec_.keypad_lockout, lockout_,
                                          core::Instant(now().us()), local_clock);

  if (r.outcome != core::EntryOutcome::refused) {
    const auto s = static_cast<std::uint16_t>(r.user->value);
    if (bolt_ == BoltState::jammed) {
      // The code was right but the bolt cannot move: the lock reports the jam
      // again and the entry fails.
      r.outcome = core::EntryOutcome::refused;
      r.reason = core::ErrorId::lock_jammed;
      if (trace_.enabled()) trace_.emit(now(), name_, "unlock_jammed", {sim::field("slot", s)});
      notify(AccessEvent::jammed);
      return r;
    }
    unlock(s);
    return r;
  }

  if (trace_.enabled()) {
    trace_.emit(
        now(), name_, "entry_refused",
        {sim::field("reason", r.reason ? core::name(*r.reason) : std::string_view("none"))});
  }
  if (r.reason == core::ErrorId::wrong_code && r.locked_until.count() > 0) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "keypad_disabled",
                  {sim::field("until", sim::Time::from_us(r.locked_until.count()))});
    }
    notify(AccessEvent::keypad_disabled);
  }
  return r;
}

void Lock::unlock(std::uint16_t slot) {
  bolt_ = BoltState::unlocked;
  ++stats_.unlocks;
  if (trace_.enabled()) trace_.emit(now(), name_, "unlocked", {sim::field("slot", slot)});
  notify(AccessEvent::keypad_unlock, slot);
  start_relock_timer();
}

void Lock::start_relock_timer() {
  if (relock_.valid()) {  // a restart (most unlocks find the bolt locked)
    sched_.cancel(relock_);
    relock_ = {};
  }
  if (auto_relock_ <= sim::Duration::zero()) return;
  relock_time_ = sim::saturating_add(now(), auto_relock_);
  relock_ = sched_.schedule_at(relock_time_, [this] { on_relock(); });
}

void Lock::on_relock() {
  relock_ = {};
  if (bolt_ != BoltState::unlocked) return;
  bolt_ = BoltState::locked;
  ++stats_.relocks;
  if (trace_.enabled()) trace_.emit(now(), name_, "relocked");
  notify(AccessEvent::auto_relocked);
}

void Lock::jam() {
  if (bolt_ == BoltState::jammed) return;
  sched_.cancel(relock_);
  relock_ = {};
  bolt_ = BoltState::jammed;
  if (trace_.enabled()) trace_.emit(now(), name_, "jammed");
  notify(AccessEvent::jammed);
}

void Lock::unjam() {
  if (bolt_ != BoltState::jammed) return;
  bolt_ = BoltState::locked;
  if (trace_.enabled()) trace_.emit(now(), name_, "unjammed");
}

// ---- power, radio faults, battery -----------------------------------------------

void Lock::lose_power() {
  drop_inbox("dead");
  sched_.cancel(relock_);
  relock_ = {};
}

void Lock::regain_power() {
  if (bolt_ == BoltState::unlocked) start_relock_timer();
}

void Lock::power_off() {
  if (!powered_) return;
  const bool was_dead = dead();
  powered_ = false;
  if (trace_.enabled()) trace_.emit(now(), name_, "power_off");
  if (!was_dead) lose_power();
}

void Lock::power_on() {
  if (powered_) return;
  powered_ = true;
  if (trace_.enabled()) trace_.emit(now(), name_, "power_on");
  if (!dead()) regain_power();
}

void Lock::set_asleep(bool asleep) {
  if (asleep == asleep_) return;
  asleep_ = asleep;
  if (trace_.enabled()) trace_.emit(now(), name_, asleep ? "asleep" : "awake");
  if (asleep) drop_inbox("asleep");
}

void Lock::set_reachable(bool reachable) {
  if (reachable == reachable_) return;
  reachable_ = reachable;
  if (trace_.enabled()) trace_.emit(now(), name_, reachable ? "reachable" : "unreachable");
  if (!reachable) drop_inbox("unreachable");
}

void Lock::set_battery(int percent) {
  const auto level = static_cast<std::uint8_t>(std::clamp(percent, 0, 100));
  const bool was_dead = dead();
  battery_ = level;
  if (trace_.enabled()) trace_.emit(now(), name_, "battery", {sim::field("percent", level)});
  if (!was_dead && dead()) {
    lose_power();
  } else if (was_dead && !dead()) {
    regain_power();
  }
  if (battery_ > kLowBatteryPercent) {
    low_battery_sent_ = false;
  } else if (battery_ > 0 && !low_battery_sent_) {
    low_battery_sent_ = true;
    if (trace_.enabled()) trace_.emit(now(), name_, "battery_low", {sim::field("percent", level)});
    send(zwave::BatteryReport{zwave::kBatteryLowWarning});
  }
}

// ---- output ----------------------------------------------------------------------

void Lock::send(const zwave::Message& message) {
  if (!can_send()) {
    if (trace_.enabled()) {
      trace_.emit(now(), name_, "frame_not_sent",
                  {sim::field("frame", zwave::describe(message)),
                   sim::field("why", to_string(radio_state()))});
    }
    return;
  }
  if (trace_.enabled()) {
    trace_.emit(now(), name_, "frame_sent", {sim::field("frame", zwave::describe(message))});
  }
  to_panel_.send(zwave::encode(message));
}

void Lock::notify(AccessEvent event, std::uint16_t slot) {
  const zwave::AccessNotification n{event, slot};
  // The common case, sent and untraced, as send() would do it without making
  // the notification a zwave::Message first (every unlock and relock).
  if (can_send() && !trace_.enabled()) {
    to_panel_.send(zwave::encode(n));
    return;
  }
  send(n);
}

// ---- observation -------------------------------------------------------------------

std::vector<SlotView> Lock::slots() const {
  std::vector<SlotView> out;
  out.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    out.push_back(slot(static_cast<std::uint16_t>(i + 1)));
  }
  return out;
}

SlotView Lock::slot(std::uint16_t slot) const {
  if (slot < 1 || slot > slots_.size()) return SlotView{};
  const Slot& held = slots_[slot - 1U];
  SlotView v;
  v.status = held.status;
  if (held.status != SlotStatus::available) v.code_length = held.code.size();
  return v;
}

std::size_t Lock::slots_used() const {
  return static_cast<std::size_t>(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) {
    return s.status != SlotStatus::available;
  }));
}

std::optional<std::uint16_t> Lock::slot_of(const core::AccessCode& code) const {
  std::optional<std::uint16_t> found;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const bool equal = slots_[i].status != SlotStatus::available && slots_[i].code == code;
    if (equal && !found) found = static_cast<std::uint16_t>(i + 1);
  }
  return found;
}

bool Lock::holds(const core::AccessCode& code) const {
  return slot_of(code).has_value();
}

bool Lock::holds(std::string_view digits) const {
  bool found = false;
  for (const Slot& s : slots_) {
    const bool equal =
        s.status != SlotStatus::available && core::constant_time_equal(s.code.reveal(), digits);
    found = equal || found;
  }
  return found;
}

}  // namespace lockstep::devices
