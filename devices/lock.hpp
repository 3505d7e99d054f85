// Lock: one smart door lock — its code slots, radio, battery, bolt and keypad.
//
// ---- Radio and power ----------------------------------------------------------
//
// The radio state is derived from four independent conditions, first match wins:
//
//   dead         powered off (power_off) or battery at 0 %: hears nothing, sends
//                nothing, keypad dead
//   unreachable  set_reachable(false): out of radio range both ways — hears
//                nothing, its own frames are lost (traced frame_not_sent)
//   asleep       set_asleep(true): a lock stuck asleep (fault) — hears nothing,
//                still sends (its keypad and motor wake it)
//   listening    otherwise: a FLiRS lock that wakes every spec.wake_latency
//
//   receive_frame while not listening  --> dropped, traced frame_missed
//   receive_frame while listening      --> queued; handled at the next wake
//       tick: the first multiple of wake_latency at or after now (a frame
//       arriving exactly on a tick is handled at once; wake_latency 0 = at once)
//   leaving listening with frames queued --> they are dropped (frame_missed)
//   power_off / battery 0 (dead)       --> queued frames and the relock timer
//       are dropped; slots, bolt position and the keypad lockout persist
//       (non-volatile memory, mechanical bolt)
//   power_on / battery above 0 again   --> listening again (unless asleep or
//       unreachable); an unlocked bolt starts a fresh auto-relock timer
//
// ---- Frames (answered at the wake tick; every answer goes to `to_panel`) -------
//
//   User Code Set enabled/disabled, slot s, code c:
//     s outside 1..spec.slots, or spec.code_lengths does not accept |c|, or
//     same_length_for_all and another slot holds a code of another length
//                                        --> AccessNotification code_rejected(s)
//     refuses_duplicate_codes and another slot holds c (on a five-button
//     keypad: a code pressing the same buttons)  --> code_duplicate(s)
//     otherwise store (status, c)        --> code_added(s)   (re-setting the
//                                            same code is acknowledged again)
//   User Code Set available, slot s:  s in range --> clear (its schedule too:
//                                     enable off, no entries) --> code_deleted(s)
//                                     (clearing a free slot is acknowledged too);
//                                     out of range --> code_rejected(s)
//   User Code Get s:  in range --> UserCodeReport(s, status, code);
//                     out of range --> code_rejected(s)
//   Users Number Get  --> UsersNumberReport(spec.slots)
//   Supervision Get(session, command) --> SupervisionReport(session, status):
//     the Schedule Entry Lock commands below --> success, or fail when the
//     slot is outside 1..spec.slots or an entry's start is not before its
//     stop; any other command --> no_support (not carried out)
//     Schedule Enable Set s on/off   --> the slot's code works only within its
//                                        entries / at all times
//     Week Day Schedule Set s e      --> modify: entry e = that day, start to
//                                        stop; erase: entry e removed
//     Year Day Schedule Set s e      --> the same, a window of dates and times
//   A User Code Set enabled keeps the slot's schedule; a schedule may be set
//   before the code (the panel writes a newcomer's schedule first).
//   malformed frame   --> traced frame_malformed, ignored
//   a frame a lock does not take (a report or notification) --> frame_unexpected
//
// ---- Bolt ------------------------------------------------------------------
//
//   locked --accepted code--> unlocked: keypad_unlock(slot), relock timer starts
//   unlocked --accepted code--> unlocked: keypad_unlock(slot), timer restarts
//   unlocked --auto_relock elapses--> locked: auto_relocked
//   locked / unlocked --jam()--> jammed: jammed notification, timer cancelled
//   jammed --accepted code--> jammed: the motor fails again; the entry is
//       refused with lock_jammed (user = the slot) and `jammed` is re-sent
//   jammed --unjam()--> locked (the bolt was cleared and thrown)
//   auto_relock == 0 disables auto-relock.
//
// ---- Keypad (enter_code) -------------------------------------------------------
//
//   dead --> refused with no reason; nothing changes, nothing is traced or sent
//   otherwise core::check_entry against the ENABLED slots (disabled slots do
//   not open), with spec.keypad_lockout and the lock's LockoutState, now =
//   scheduler.now(), and the schedule of the slot that matched checked against
//   `local_clock` (the site's local time, as at the panel's keypads; asked
//   only then):
//   enable off = at all times; on = within any week-day entry, else within
//   the first year-day entry, else never (outside_schedule). The EntryResult's user is the SLOT
//   NUMBER (1-based) as a UserId: a lock knows slots, not users.
//     accepted        --> bolt as above
//     wrong_code that starts the lockout --> keypad_disabled notification
//     wrong_code / locked_out            --> traced entry_refused, no frame
//   On a five-button keypad digits are compared as the buttons they press
//   (core::five_button_presses), so "1357" opens a slot holding "2468".
//   The credentials are cached and rebuilt only when a slot changes: an entry
//   allocates nothing (a five-button entry reuses one scratch buffer).
//
// ---- Battery ---------------------------------------------------------------------
//
//   set_battery(p), p clamped to 0..100. Falling to 1..20 % sends
//   BatteryReport{0xFF} (low-battery warning) once; the warning re-arms when
//   the level goes back above 20 % (new batteries). 0 % is dead (see above).
//
// ---- Trace (component = the lock's name) -----------------------------------------
//   frame_queued, frame_heard, frame_sent, frame_missed, frame_malformed,
//   frame_unexpected, frame_not_sent, code_added, schedule_set, schedule_refused,
//   code_deleted, code_rejected, code_duplicate, code_reported, unlocked,
//   relocked, entry_refused, unlock_jammed, keypad_disabled, jammed, unjammed,
//   battery, battery_low, power_off, power_on, asleep, awake, unreachable,
//   reachable. Codes appear only as secret fields; nothing is built unless
//   trace.enabled().
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/access_times.hpp"
#include "core/device_specs.hpp"
#include "core/entry_check.hpp"
#include "core/sync_planner.hpp"
#include "devices/ports.hpp"
#include "devices/zwave.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {

enum class RadioState : std::uint8_t { listening, asleep, unreachable, dead };
enum class BoltState : std::uint8_t { locked, unlocked, jammed };

std::string_view to_string(RadioState state);
std::string_view to_string(BoltState state);

// What the GUI and tests may see of one slot: never the code itself.
struct SlotView {
  zwave::SlotStatus status = zwave::SlotStatus::available;
  std::optional<std::size_t> code_length;  // set when the slot holds a code
  friend bool operator==(const SlotView&, const SlotView&) = default;
};

// Counts of what the lock did (an increment each on the hot path, no trace
// needed); the fleet benchmark reads them. Never reset.
struct LockStats {
  std::uint64_t unlocks = 0;        // accepted codes that moved (or kept) the bolt unlocked
  std::uint64_t relocks = 0;        // auto-relocks that threw the bolt
  std::uint64_t codes_written = 0;  // User Code Set frames acknowledged code_added / code_deleted
};

class Lock {
 public:
  static constexpr sim::Duration kDefaultAutoRelock = sim::Duration::s(30);
  static constexpr std::uint8_t kLowBatteryPercent = 20;

  // Starts listening, bolt locked, battery 100 %, every slot available.
  Lock(sim::Scheduler& scheduler, sim::Trace& trace, std::string name, core::LockSpec spec,
       FramePort& to_panel, sim::Duration auto_relock = kDefaultAutoRelock);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // ---- inputs -----------------------------------------------------------------
  // The radio link delivered a frame (see the state machine above).
  void receive_frame(const Frame& frame);
  // Set-up: the codes programmed at installation, slot i of `slots` into slot
  // i + 1 (no frames, no checks: the installer's tool put them there). Slots
  // beyond the table, or past the lock's capacity, are left as they are.
  void provision(const core::SlotTable& slots);
  // The access times slot `slot` (1-based) enforces (AtAllTimes when free).
  core::AccessTimes slot_times(std::uint16_t slot) const;
  // Someone typed a code on the lock's own keypad; `local_clock` gives the
  // lock's local time, asked only when the slot that matched has a schedule.
  core::EntryResult enter_code(std::string_view typed, core::LocalClock local_clock);

  // ---- faults and settings ---------------------------------------------------
  void power_off();
  void power_on();
  void set_asleep(bool asleep);
  void set_reachable(bool reachable);
  void jam();
  void unjam();
  void set_battery(int percent);
  // Zero disables auto-relock; a pending relock keeps its time.
  void set_auto_relock(sim::Duration delay) { auto_relock_ = delay; }

  // ---- observation ---------------------------------------------------------------
  const std::string& name() const { return name_; }
  const core::LockSpec& spec() const { return spec_; }
  RadioState radio_state() const;
  bool powered() const { return powered_; }
  BoltState bolt() const { return bolt_; }
  std::uint8_t battery_percent() const { return battery_; }
  sim::Duration auto_relock() const { return auto_relock_; }
  // When the pending auto-relock fires, if one is pending.
  std::optional<sim::Time> relock_at() const;
  const core::LockoutState& keypad_lockout() const { return lockout_; }
  // Frames heard and waiting for the next wake tick.
  std::size_t frames_queued() const { return inbox_.size(); }
  const LockStats& stats() const { return stats_; }

  std::vector<SlotView> slots() const;      // index 0 = slot 1
  SlotView slot(std::uint16_t slot) const;  // 1-based; out of range: available
  std::size_t slots_used() const;           // enabled or disabled
  // Whether any slot (enabled or disabled) holds exactly `code`; compares
  // against every slot in constant time per slot, with no early exit.
  bool holds(const core::AccessCode& code) const;
  bool holds(std::string_view digits) const;
  // The 1-based slot holding `code`, if any (same constant-time scan).
  std::optional<std::uint16_t> slot_of(const core::AccessCode& code) const;

 private:
  // What few slots need: the buttons the code presses (five-button keypads)
  // and the slot's schedule. Kept apart, so a plain slot is 48 bytes.
  struct SlotExtra {
    core::AccessCode presses;
    // Schedule Entry Lock: entries by number; `times` is what they allow,
    // rebuilt by slots_changed() (credentials point at it).
    bool scheduled = false;
    std::map<std::uint8_t, core::ScheduleBlock> week_days;
    std::map<std::uint8_t, core::TemporaryAccess> year_days;
    core::AccessTimes times = core::AtAllTimes{};
  };
  struct Slot {
    zwave::SlotStatus status = zwave::SlotStatus::available;
    core::AccessCode code;
    std::unique_ptr<SlotExtra> extra;  // null: no presses, no schedule

    Slot() = default;
    Slot(const Slot& o)
        : status(o.status),
          code(o.code),
          extra(o.extra ? std::make_unique<SlotExtra>(*o.extra) : nullptr) {}
    Slot& operator=(const Slot& o) {
      if (this != &o) *this = Slot(o);
      return *this;
    }
    Slot(Slot&&) noexcept = default;
    Slot& operator=(Slot&&) noexcept = default;
    ~Slot() = default;

    SlotExtra& more() {
      if (!extra) extra = std::make_unique<SlotExtra>();
      return *extra;
    }
    bool scheduled() const { return extra && extra->scheduled; }
    const core::AccessCode& presses() const;
  };

  bool dead() const { return !powered_ || battery_ == 0; }
  bool can_send() const { return !dead() && reachable_; }

  void on_wake_tick();
  void handle(const Frame& frame);
  void on_user_code_set(const zwave::UserCodeSet& set);
  void on_user_code_get(const zwave::UserCodeGet& get);
  void on_supervision(const zwave::SupervisionGet& get);
  // Carries out one Schedule Entry Lock command; false when refused.
  bool apply_schedule(const zwave::Message& command);
  std::optional<std::string_view> length_refusal(const core::AccessCode& code,
                                                 std::size_t index) const;
  bool duplicate_elsewhere(const Slot& candidate, std::size_t index) const;
  // The credentials (and schedules' times) again, after slots from `first`
  // (0-based) on changed: earlier slots keep theirs.
  void slots_changed(std::size_t first = 0);
  void drop_inbox(std::string_view why);
  void lose_power();
  void regain_power();

  void unlock(std::uint16_t slot);
  void start_relock_timer();
  void on_relock();

  void send(const zwave::Message& message);
  void notify(zwave::AccessEvent event, std::uint16_t slot = 0);
  sim::Time now() const { return sched_.now(); }

  sim::Scheduler& sched_;
  sim::Trace& trace_;
  std::string name_;
  core::LockSpec spec_;
  FramePort& to_panel_;
  sim::Duration auto_relock_;

  bool powered_ = true;
  bool asleep_ = false;
  bool reachable_ = true;
  std::uint8_t battery_ = 100;
  bool low_battery_sent_ = false;
  BoltState bolt_ = BoltState::locked;

  std::vector<Slot> slots_;          // sized spec.slots, never resized (credentials point in)
  core::CredentialSet credentials_;  // the enabled slots
  core::LockoutState lockout_;
  std::string typed_presses_;  // five-button scratch buffer

  std::vector<Frame> inbox_;
  sim::EventHandle wake_;
  sim::EventHandle relock_;
  sim::Time relock_time_;
  LockStats stats_;
};

}  // namespace lockstep::devices
