// Panel: the alarm panel of one site — its partitions, its user table in
// non-volatile memory, the sync of that table to the locks over the radio, the
// keypad code check, and its reports to the cloud.
//
// ---- Partitions (one state machine each) -----------------------------------
//
//   disarmed --arm(mode)--> exit_delay --exit_delay elapses--> armed_<mode>
//   disarmed --arm(mode), exit_delay == 0--> armed_<mode>
//   armed_stay / armed_away / armed_night --trip_entry--> entry_delay
//   entry_delay --entry_delay elapses--> alarm        (entry_delay == 0: straight to alarm)
//   any state but disarmed --disarm--> disarmed
//
// - Every arming mode (away, stay, night) runs the same exit delay: the panel
//   models one exit delay per panel (PanelTiming::exit_delay), as the keypad
//   counts it down. Use exit_delay = 0 for instant arming.
// - arm() only starts from disarmed; arming an armed or delayed partition is
//   refused (returns false, nothing reported). trip_entry() only acts while
//   armed (an entry door opening during the exit delay is the user leaving).
// - Every change is reported with PartitionChanged on the uplink, traced
//   (component "panel", kind "partition_changed") and written to the event log.
// - A RemoteArmCommand (the app) arms with by = nothing, or disarms; a
//   command that changes nothing re-reports the current state, so the cloud's
//   view is corrected.
//
// ---- User table and edits from the cloud -----------------------------------
//
// receive(ApplyUserEdit):
//   - The arm-state guard (core::check_edit_allowed): any partition not
//     disarmed and a model without programming_while_armed → EditApplied
//     {error = system_armed}; nothing changes, nothing is saved or synced.
//   - A new user beyond the model's capacity (max_users, less one when the
//     installer code counts toward it) → EditApplied{error = user_limit_reached}.
//   - Otherwise: upsert (record set) or delete (record empty; deleting an
//     unknown user is a no-op that still reports ok), UserStore::save_change()
//     of the whole table, EditApplied ok, then the lock sync below.
//   - Edits are applied in EditId order per user: an edit older than the last
//     one applied to that user is stale and ignored (traced only).
//   - Idempotent per EditId: an edit delivered again (the cloud resends what
//     it has no answer to) gets the answer it got the first time (ok, or the
//     same refusal, even if the panel was disarmed meanwhile) and is not
//     applied again. The answers of the newest 256 edits are kept with the
//     sync journal (non-volatile).
//
// ---- Lock sync (one pipeline per lock) -------------------------------------
//
// The panel keeps what it believes each lock holds (believed_slots(lock), a
// core::SlotTable sized by the lock model). When an edit concerns a lock (the
// edited user was or is granted it with a code, holds a slot in it, or has an
// operation queued for it):
//   - operations queued for that lock but not yet sent are dropped, and the
//     lock is re-planned: core::plan_sync(desired, believed) where desired =
//     every user with a code granted that lock. With an operation in flight,
//     the re-plan waits until it is answered or given up.
//   - When the desired users do not fit (lock_slots_full), the newcomers that
//     do not fit (highest user ids first: the planner places newcomers in
//     user-id order) are left out; those among the users awaiting a result get
//     LockSyncResult{lock_slots_full}. Everyone else is still planned, so a
//     full lock still gets its deletions and code changes.
//   - Each user awaiting a result on a lock gets exactly one LockSyncResult
//     per plan: ok at once when the plan has nothing to do for them (the lock
//     already holds what it should), otherwise ok when every operation of
//     theirs is acknowledged, or the first error.
//
// Each slot operation is written as frames, one in flight at a time, each
// with the timeout and attempts below; the op is acknowledged when its last
// frame is. A user's access times travel with the code (locks enforce
// schedules themselves, against their own clock):
//   - clear: User Code Set available (the lock drops the slot's schedule too);
//   - set, the slot's access times unchanged, or at all times before and
//     after: User Code Set enabled with the code;
//   - set, otherwise: if the slot was scheduled, first User Code Set
//     available (a known-empty slot: no stale entries), then the Schedule
//     Entry Lock commands (zwave::schedule_commands: Enable Set on, one entry
//     per day of each block, or a year-day window), then User Code Set
//     enabled with the code. Until the code lands the slot opens nothing or
//     opens under the old, narrower rules: it fails closed.
//   Schedule commands go inside Supervision Get; a Supervision Report success
//   acknowledges them, fail or no support → LockSyncResult{lock_refused_schedule}.
//
// Per lock, one operation in flight (request/response):
//
//   idle --op queued--> in_flight(attempt 1): send its first frame
//   in_flight --matching ack--> apply to the believed table; next op (or re-plan)
//   in_flight --no ack within lock_ack_timeout--> waiting; the next attempt
//       starts lock_retry_delay after the previous one began (or at the
//       timeout, if that is later); an ack arriving while waiting still counts
//   in_flight(attempt lock_attempts) --timeout--> LockSyncResult{lock_unreachable}
//   in_flight --code_duplicate--> LockSyncResult{lock_refused_duplicate}
//   in_flight --code_rejected--> LockSyncResult{lock_refused_length}
//
//   A set is acknowledged by code_added, a clear (status available) by
//   code_deleted, for the slot in flight; any other acknowledgement is traced
//   as unmatched and ignored. A failed operation leaves the believed table as
//   it was and drops the user's other queued operations on that lock (one
//   result per user); the next table change or power-on plans it again.
//   Results name the EditId that last changed the user (the panel's sync
//   journal, kept with the slot tables in non-volatile memory).
//
// After lock_unreachable the panel cannot vouch for that slot: an attempt may
// have landed and only its acknowledgement been lost. The slot is *unsure*
// (unsure_slots) until the lock is heard from again:
//   - the next plan of that lock first checks every unsure slot with a User
//     Code Get (a `verify` op: same timeout and attempts), takes the User Code
//     Report as what the slot holds, then plans from that;
//   - the next plan comes with the next edit, power_on, any frame heard from
//     that lock (contact), or a probe every lock_probe_interval while slots
//     are unsure;
//   - a code found in the slot whose schedule the failed op may have changed
//     is believed to hold an unknown schedule (never equal to a real one), so
//     the plan writes the schedule again from an empty slot;
//   - a slot found empty whose failed op (or former content) carried a
//     schedule may still hold that schedule (its frames go before the code):
//     the next code written there clears the slot first;
//   - once the check is answered, every user told lock_unreachable on that
//     lock awaits a result again, so the cloud's status ends ok (the code
//     landed, or was sent again) or failed with what is true now;
//   - a check that gets no answer either: the users awaiting a result on that
//     lock get lock_unreachable, and the probe goes on.
//
// Frames from a lock: keypad_unlock → PanelEvent lock_unlocked (the user
// believed to hold that slot); jammed → lock_jammed; keypad_disabled →
// keypad_lockout (with the lock); BatteryReport 0xFF → lock_battery_low;
// malformed frames are traced and ignored.
//
// ---- Keypad check -----------------------------------------------------------
//
// check_keypad_code() runs core::check_entry against the credentials of the
// partition (every user with a code; granted = that user's grant for the
// partition), cached per partition and rebuilt only when the table changes.
// duress → PanelEvent duress_alarm (silent) and the partition is disarmed by
// that user; the wrong code that starts a lockout → PanelEvent keypad_lockout.
// Arming and disarming on an accepted code is the keypad's call (arm/disarm).
//
// ---- Power -------------------------------------------------------------------
//
//   powered --power_off--> off --power_on--> powered
//
// - off: every timer is cancelled; receive(), receive_frame(), arm(),
//   disarm(), trip_entry() and check_keypad_code() do nothing (check returns a
//   refusal with no reason). The user table in RAM is lost; the store keeps it.
//   Operations queued or in flight are lost; their users await a result.
// - power_on: the table is reloaded from the store; partitions come back as
//   they were (battery-backed arming state): disarmed, armed and alarm as is,
//   an exit or entry delay restarts in full; the believed slot tables and the
//   sync journal are non-volatile and kept; every lock is re-planned (so lost
//   operations are sent again); PanelEvent power_restored is reported.
//
// ---- Event log ----------------------------------------------------------------
// A bounded list (oldest dropped) of {time, text}; the text names users and
// partitions, never a code ("User 3 added", "House armed away by Alex Rivera").
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/arm_state.hpp"
#include "core/directory.hpp"
#include "core/entry_check.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/sync_plan_into.hpp"
#include "core/sync_planner.hpp"
#include "devices/messages.hpp"
#include "devices/ports.hpp"
#include "devices/user_store.hpp"
#include "devices/zwave.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {

struct PanelTiming {
  sim::Duration exit_delay = sim::Duration::s(30);
  sim::Duration entry_delay = sim::Duration::s(30);
  sim::Duration lock_ack_timeout = sim::Duration::s(10);
  std::uint32_t lock_attempts = 3;  // in all, including the first; 0 counts as 1
  sim::Duration lock_retry_delay = sim::Duration::s(30);
  // After a lock_unreachable, how often the panel checks the lock again
  // (User Code Get of the slots it is unsure of) until it answers.
  sim::Duration lock_probe_interval = sim::Duration::min(2);
  std::size_t event_log_capacity = 256;
};

// One partition as the panel sees it.
struct PartitionInfo {
  std::string name;
  core::PartitionState state = core::PartitionState::disarmed;
  // The armed mode the partition is in, is heading for (exit delay), or was in
  // (entry delay, alarm); disarmed when disarmed.
  core::PartitionState mode = core::PartitionState::disarmed;
  std::optional<sim::Time> deadline;  // exit / entry delay: when it ends
  std::optional<core::UserId> by;     // who armed or disarmed it last
  sim::Time since;                    // when the state was entered
};

// One slot operation waiting for (or being sent to) a lock.
struct PendingLockOp {
  core::SlotOp op;             // slot 0-based; a set carries the content
  core::UserId user;           // whose code it writes or clears
  EditId edit;                 // the edit it serves (the last one applied to the user)
  std::uint32_t attempts = 0;  // sent so far; > 0 only for the op in flight
  // A check, not a write: User Code Get of op.slot, a slot the panel is unsure
  // of after a lock_unreachable (user and edit are empty).
  bool verify = false;
  // The frames that carry out the op (see "Lock sync"): every op ends with the
  // User Code Set of `op` itself; a write whose access times change first sends
  // `lead_in` (a clear when the slot may hold a schedule, then the Schedule Entry
  // Lock commands), built when the op is first sent. `step` is the frame in
  // flight: lead_in[step], or the User Code Set once step == lead_in.size();
  // `session` is its Supervision session.
  std::vector<zwave::Message> lead_in = {};
  std::size_t step = 0;
  std::uint8_t session = 0;
};

// Counts of what the panel did, kept on the hot path at the cost of an
// increment each (no trace needed): the fleet benchmark reads them, tests and
// the GUI may too. Never reset; a power cycle keeps them.
struct PanelStats {
  std::uint64_t arms = 0;                 // a partition entered an armed mode (stay / away / night)
  std::uint64_t disarms = 0;              // a partition went back to disarmed
  std::uint64_t edits_received = 0;       // ApplyUserEdit handled while powered
  std::uint64_t edits_applied = 0;        // the user table changed (EditApplied ok, not a repeat)
  std::uint64_t edits_refused_armed = 0;  // EditApplied{system_armed}
  std::uint64_t edits_refused_other = 0;  // EditApplied{user_limit_reached}
  std::uint64_t lock_op_attempts = 0;     // UserCodeSet frames sent, retries included
  std::uint64_t lock_op_retries = 0;      // a next attempt scheduled after an ack timeout
  std::uint64_t lock_ops_ok = 0;          // acknowledged as asked
  std::uint64_t lock_ops_unreachable = 0;  // every attempt timed out (lock_unreachable)
  std::uint64_t lock_ops_refused = 0;      // duplicate or length refusals by the lock
};

struct PanelLogEntry {
  sim::Time time;
  std::string text;
};

class Panel {
 public:
  // `radios` has one port per lock of `config` (index = core::LockIndex), none
  // null. The panel starts powered, with the table from `store`, every
  // partition disarmed and, as believed slot tables, `installed` (what each
  // lock was provisioned with, indexed like config.locks, as adopt_lock_slots
  // takes it); a lock beyond `installed` starts empty.
  Panel(sim::Scheduler& scheduler, sim::Trace& trace, const core::SystemConfig& config,
        PanelTiming timing, Port<PanelToCloud>& uplink, std::vector<FramePort*> radios,
        UserStore& store, std::vector<core::SlotTable> installed = {});
  // The same, with `config` borrowed, not copied: it must outlive the panel
  // (a Site's panel borrows its world's, which outlives the Site).
  struct BorrowedConfig {
    const core::SystemConfig& config;
  };
  Panel(sim::Scheduler& scheduler, sim::Trace& trace, BorrowedConfig config, PanelTiming timing,
        Port<PanelToCloud>& uplink, std::vector<FramePort*> radios, UserStore& store,
        std::vector<core::SlotTable> installed = {});
  ~Panel();
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

  // ---- inputs -------------------------------------------------------------
  void receive(const CloudToPanel& message);
  void receive_frame(core::LockIndex lock, const Frame& frame);

  // mode: armed_stay, armed_away or armed_night. True when the partition left
  // disarmed (see the state machine above).
  bool arm(core::PartitionIndex partition, core::PartitionState mode,
           std::optional<core::UserId> by = std::nullopt);
  bool disarm(core::PartitionIndex partition, std::optional<core::UserId> by = std::nullopt);
  // An entry door opened (an entry/exit zone faulted).
  bool trip_entry(core::PartitionIndex partition);

  core::EntryResult check_keypad_code(core::PartitionIndex partition, std::string_view typed,
                                      core::LockoutState& lockout, core::LocalClock local_clock);

  void power_off();
  void power_on();

  // Set-up: what a lock was provisioned with at installation (no frames sent).
  void adopt_lock_slots(core::LockIndex lock, core::SlotTable slots);
  // Re-plans every lock from its believed table (what power_on does).
  void sync_locks();

  // ---- observation ----------------------------------------------------------
  bool powered() const { return powered_; }
  // The communicator is up whenever the panel is powered (link faults are the
  // link's business).
  bool online() const { return powered_; }
  const core::SystemConfig& config() const { return config_; }
  const PanelTiming& timing() const { return timing_; }
  const std::vector<PartitionInfo>& partitions() const { return partitions_; }
  std::vector<core::PartitionStatus> partition_statuses() const;
  bool all_disarmed() const;
  const std::vector<PanelUser>& users() const { return users_; }  // ascending id
  const PanelUser* find_user(core::UserId id) const;
  const core::SlotTable& believed_slots(core::LockIndex lock) const;
  // Front first; the front is in flight when its attempts > 0.
  const std::vector<PendingLockOp>& pending_ops(core::LockIndex lock) const;
  // Slots (0-based) whose content the panel cannot vouch for: an operation on
  // them was given up (lock_unreachable) and may still have landed.
  std::vector<core::SlotIndex> unsure_slots(core::LockIndex lock) const;
  // Oldest first. The most frequent lines (a partition change, a lock opened,
  // a lock's code set or cleared) are kept as a few fields and written out
  // here, on read.
  const std::deque<PanelLogEntry>& event_log() const;
  const PanelStats& stats() const { return stats_; }

  static constexpr std::string_view kComponent = "panel";

 private:
  struct PartitionTimer {
    sim::EventHandle timer;
  };
  struct LockPipe {
    core::SlotTable believed;
    // Front first. A vector, not a deque: a deque allocates when it is built
    // (every lock of every site), and a queue holds a few operations.
    std::vector<PendingLockOp> queue;
    bool in_flight = false;
    bool replan = false;
    // Known in sync: a plan now would be empty (believed holds exactly what
    // users_ wants on the lock) and nothing is queued. Set by a plan that
    // found nothing to do, or when the last operation of a plan that left
    // nobody out is acknowledged; cleared by anything else that changes the
    // queue, the believed table or the users the lock should hold.
    bool in_sync = false;
    // The queue comes from a plan that left nobody out, and none of its
    // operations has failed since.
    bool plan_clean = false;
    sim::Time sent_at;
    sim::EventHandle timer;
    std::vector<core::UserId> awaiting;  // sorted, unique
    // Slot (0-based) -> what the given-up operation wrote there (nothing: a
    // clear). Checked with User Code Get before the next plan.
    std::map<std::uint16_t, std::optional<core::SlotContent>> unsure;
    // Slots (0-based) checked empty after a failed write that carried a
    // schedule: the schedule frames may have landed without the code, so the
    // next code written there clears the slot first. Sorted, unique.
    std::vector<std::uint16_t> schedule_unknown;
    std::vector<core::UserId> unreachable;  // told lock_unreachable; sorted, unique
    sim::EventHandle probe;
  };

  // partitions
  void set_partition(std::size_t p, core::PartitionState state, core::PartitionState mode,
                     std::optional<core::UserId> by, std::optional<sim::Time> deadline);
  void start_partition_timer(std::size_t p);
  void on_partition_timer(std::size_t p);
  void report_partition(std::size_t p);

  // edits
  void on_user_edit(const ApplyUserEdit& edit);
  void on_arm_command(const RemoteArmCommand& command);
  std::size_t capacity() const;
  // users_ from the store (the non-volatile table) in id order, and their
  // credentials.
  void load_users();
  // The keypads' credentials again, of the users from `from` on (everyone
  // when none is given): the users before it keep theirs, so their records
  // must not have moved since.
  void rebuild_credentials(std::optional<core::UserId> from = std::nullopt);

  // lock sync
  void table_changed(core::UserId user, const std::optional<PanelUser>& before);
  bool concerns(std::size_t lock, core::UserId user, const std::optional<PanelUser>& before) const;
  static void await(LockPipe& pipe, core::UserId user);
  void drop_unsent(LockPipe& pipe);
  // `changed`: the one user whose record changed, when the caller knows it
  // (an edit); `was_in_sync`: the lock was known in sync before (see plan_one).
  void plan(std::size_t lock, std::optional<core::UserId> changed = std::nullopt,
            bool was_in_sync = false);
  // The plan plan() would make for `lock`, made from `user`'s slot alone when
  // every other slot already holds what users_ wants there (an edit to a
  // synced lock): into `ops` (at most one) and `left_out`. False, with
  // nothing planned, when the lock is not in that state. `trusted`: it is
  // known to be (the lock was in sync before `user` changed): not checked.
  bool plan_one(std::size_t lock, core::UserId user, bool trusted, std::vector<core::SlotOp>& ops,
                std::vector<core::UserId>& left_out);
  // The plan from every user's desired code (core::plan_sync_into).
  void plan_all(std::size_t lock, std::vector<core::SlotOp>& ops,
                std::vector<core::UserId>& left_out);
  void send_front(std::size_t lock);
  void on_ack_timeout(std::size_t lock);
  void on_ack(std::size_t lock, std::uint8_t event, std::uint16_t slot);
  // An Access Control notification from `lock`; false when the panel takes
  // no action on it (traced frame_received by the caller).
  bool on_notification(core::LockIndex lock, const zwave::AccessNotification& n);
  // receive_frame() of anything but a notification (or when off, or from an
  // unknown lock): decoded in full.
  void receive_other_frame(core::LockIndex lock, const Frame& frame);
  // Traces a frame the panel heard and took no action on.
  void frame_received(core::LockIndex lock, const zwave::Message& message);
  [[gnu::cold]] void notification_received(core::LockIndex lock,
                                           const zwave::AccessNotification& n);
  void on_report(std::size_t lock, const zwave::UserCodeReport& report);
  void on_supervision(std::size_t lock, const zwave::SupervisionReport& report);
  // The frames sent before `op`'s User Code Set (see PendingLockOp::lead_in).
  std::vector<zwave::Message> lead_in_of(std::size_t lock, const core::SlotOp& op) const;
  void step_done(std::size_t lock);
  void give_up_check(std::size_t lock);
  void start_probe(std::size_t lock);
  void contact(std::size_t lock);
  void finish_front(std::size_t lock, std::optional<core::ErrorId> error);
  void advance(std::size_t lock);
  EditId edit_of(core::UserId user) const;

  // outputs
  void event(PanelEventKind kind, std::optional<core::UserId> user,
             std::optional<core::PartitionIndex> partition, std::optional<core::LockIndex> lock);
  void log(std::string text);

  // What both public constructors do; `borrow`: config is not copied.
  Panel(sim::Scheduler& scheduler, sim::Trace& trace, const core::SystemConfig& config, bool borrow,
        PanelTiming timing, Port<PanelToCloud>& uplink, std::vector<FramePort*> radios,
        UserStore& store, std::vector<core::SlotTable> installed);

  sim::Scheduler& sched_;
  sim::Trace& trace_;
  std::optional<core::SystemConfig> own_config_;  // the copy, unless borrowed
  const core::SystemConfig& config_;
  PanelTiming timing_;
  Port<PanelToCloud>& uplink_;
  std::vector<FramePort*> radios_;
  UserStore& store_;

  bool powered_ = true;
  std::vector<PartitionInfo> partitions_;
  std::vector<PartitionTimer> partition_timers_;
  std::vector<PanelUser> users_;
  std::vector<core::CredentialSet> credentials_;  // per partition
  std::vector<LockPipe> locks_;
  // Working storage of plan(), reused from one plan to the next.
  std::vector<core::DesiredRef> plan_desired_;
  std::vector<core::SlotOp> plan_ops_;
  core::PlanScratch plan_scratch_;
  std::map<core::UserId, EditId> journal_;  // last edit applied per user
  // The answer given to each recent edit (the newest kAnswersKept), repeated
  // when the same edit is delivered again.
  static constexpr std::size_t kAnswersKept = 256;
  std::map<EditId, std::optional<core::ErrorId>> answers_;
  std::uint8_t next_session_ = 0;  // Supervision sessions, 0..63 round robin
  // A log line not written out yet (see event_log()).
  struct LogRecord {
    // lock_synced: a lock acknowledged a user's code set or cleared (an edit's
    // line per lock).
    enum class Kind : std::uint8_t { text, partition, unlocked, lock_synced };
    sim::Time time;
    Kind kind = Kind::text;
    core::PartitionState state = core::PartitionState::disarmed;  // partition
    core::PartitionState mode = core::PartitionState::disarmed;   // partition
    bool has_user = false;    // partition: by whom (else remotely); unlocked: by whom
    bool named = false;       // words holds write_who() of the user (frozen)
    bool code_set = false;    // lock_synced: set (else cleared); written with the line
    std::uint32_t index = 0;  // partition or lock
    // has_user: who, named when the line is read (see freeze_log_names);
    // lock_synced: whose code, named by number
    core::UserId user{0};
    std::string words;  // text: the line; named: the user's name as it was
  };
  // The record of a new line, stamped now and its other fields reset (its
  // words are left: they are read only once a text line sets them or a
  // freeze names the user); the oldest line is dropped when the log is full.
  // Inline for the usual case, a full log nobody reads (a line on every
  // keypad entry and unlock): the oldest line's record takes the new one.
  LogRecord& add_log_record(LogRecord::Kind kind) {
    if (log_ring_ == 0) return add_log_record_slow(kind);
    LogRecord& record = log_unread_[log_unread_head_];
    if (++log_unread_head_ == log_ring_) log_unread_head_ = 0;
    return stamp(record, kind);
  }
  LogRecord& add_log_record_slow(LogRecord::Kind kind);
  LogRecord& stamp(LogRecord& record, LogRecord::Kind kind) const {
    record.time = sched_.now();
    record.kind = kind;
    record.state = core::PartitionState::disarmed;
    record.mode = core::PartitionState::disarmed;
    record.has_user = false;
    record.named = false;  // words are read only when named (or text, which sets them)
    record.index = 0;
    return record;
  }
  // How a line names `user` (the name, else "user 3"), written into `out`
  // (reusing its storage).
  void write_who(std::string& out, core::UserId user) const;
  // A line names its user as the table said when it was logged. The name is
  // looked up when the line is read, so before the table changes the unread
  // lines about `user` (every user when none is given) take their names now.
  void freeze_log_names(std::optional<core::UserId> user = std::nullopt);
  std::string render(const LogRecord& record) const;
  std::string who(const LogRecord& record) const;

  // Written out; built on the first read (a std::deque allocates when it is
  // built, and most panels' logs are never read).
  mutable std::optional<std::deque<PanelLogEntry>> log_;
  // Newer than all of log_, oldest first from log_unread_head_ (a ring once
  // the log is full; log_ is then empty). A ring, not a deque: a line logged
  // on every keypad entry and unlock moves no node and allocates nothing.
  mutable std::vector<LogRecord> log_unread_;
  mutable std::size_t log_unread_head_ = 0;
  // log_unread_.size() while log_unread_ is a full ring (the log holds its
  // capacity, all unread, and log_ is empty); 0 otherwise.
  mutable std::size_t log_ring_ = 0;
  LogRecord log_discard_;  // written and never kept, when the capacity is 0
  PanelStats stats_;
};

}  // namespace lockstep::devices
