// The cloud service: the one service API that the website, the app,
// scenarios, the GUI and the HTTP server all call.
//
// It holds one account (email, password, name) that owns one system (one
// SystemConfig; a Site with several systems builds one Cloud per system), the
// system's core::Directory, the sessions, the cloud's last known partition
// states, the queue of edits for the panel, and the sync status of every user
// on every device (the panel, and each lock).
//
// State machine of one edit (an ApplyUserEdit, or a RemoteArmCommand):
//
//   save (panel online) ---------------------------------> sent
//   save (panel offline) --> queued --(panel back online)--> sent
//   queued --cancel_pending--> cancelled (never sent; the directory and the
//                              sync statuses go back to before the edit)
//   sent --EditApplied ok--> applied        sent --EditApplied error--> refused
//   queued | sent --a newer edit of the same user--> superseded (still
//                              delivered in order; see "Sync status")
//   sent --the panel answers a later edit of the same user first--> unanswered
//   sent --no answer within the answer timeout--> sent again (same EditId)
//   sent --no answer after CloudTiming::edit_sends sends--> undelivered: the
//                              panel and the locks it was for show
//                              failed(panel_not_confirmed); nothing is rolled
//                              back (the panel may have applied it and only
//                              its answers were lost)
//   undelivered --a late answer--> applied / refused, as if it came in time
//   applied | refused --the same answer again--> ignored (panels re-acknowledge
//                              an edit delivered twice)
//
// Sync status of one user on one device (SyncStatus):
//   none --save changes what the device holds--> pending
//     panel: "sent, waiting for panel" | "panel offline, queued"
//     lock:  "waiting for panel" --EditApplied ok--> "waiting for lock to wake"
//   pending --EditApplied ok (panel) / LockSyncResult ok (lock)--> active
//                                (none when the device should now hold nothing)
//   pending --EditApplied error / LockSyncResult error--> failed(error)
//   pending --a newer edit changes the same device--> the device shows the newer
//     edit's pending; the older edit's own status there becomes superseded
//     (edit_sync(old, device)). Results of a superseded edit update what the
//     cloud knows the panel holds, never the row.
//
// Resending (a communicator loses messages): every user edit sent waits
// CloudTiming::answer_timeout for the panel's EditApplied, then is sent again
// with the same EditId; each wait doubles, up to answer_timeout_max. The panel
// applies an edit once and answers a repeat with the same answer. While the
// panel is offline nothing is resent (the link holds what it was given); the
// wait starts again when it is back. A superseded edit is not resent (the
// newer one carries the whole record). Remote arm / disarm commands are not
// resent: their effect is reported by PartitionChanged.
//
// Choices (documented because callers rely on them):
// - Guard: create_user, save_user and delete_user pass the core's arm-state
//   guard with the partition states the cloud last heard of (PartitionChanged
//   reports; all disarmed at start). A refusal comes back as the core's
//   Verdict, unchanged, and nothing is stored or sent.
// - What reaches the panel: the panel's record of a user exists once the user
//   has a code (a user without a code has nothing for the panel to check).
//   A save sends an ApplyUserEdit when it changes that record's code, grants,
//   access times or role; names, contacts and language never reach the panel.
//   Every ApplyUserEdit carries the user's whole record (an upsert), so edits
//   queued while offline are delivered in order and the last one wins.
// - The arm race (an edit sent while disarmed that reaches the panel after it
//   was armed): the panel refuses it with system_armed and applies nothing. The
//   cloud then ROLLS BACK that user in its directory to the last record the
//   panel confirmed (dropping the refused edit and any unconfirmed earlier edit
//   of that user), so the directory equals what the devices hold; the panel
//   and the locks that edit was for show failed(system_armed). Rollback is done
//   by replaying the cloud's journal of directory operations without the
//   refused edits on the initial directory (core::Directory offers no "clear a
//   code"; replay keeps user ids). The journal's front, once settled (no edit,
//   or an edit the panel confirmed or followed by a confirmed one of the same
//   user), is folded into that starting directory when the journal reaches
//   kJournalFoldAt entries, so the journal and a rollback's replay stay short
//   in a long session (an edit never answered holds back what follows it).
//   Should the replay be refused by the core
//   (another user took the old code meanwhile), the directory keeps the new
//   value and the statuses still say failed; the trace says rollback_conflict.
//   A refusal of an edit that is not the user's latest rolls nothing back (the
//   later edit carries the whole record and will settle it).
// - cancel_pending: only while the edit is still queued (panel offline); it
//   also cancels the same user's later queued edits (they were built on it),
//   and rolls the directory back the same way. Once sent: edit_not_cancellable.
// - Edit records (what edit_sync and pending_edits answer from, and what a
//   late answer, a cancel or a rollback looks up) are kept while anything can
//   still change or drop them. When a new edit is made and kEditsForgetAt
//   are held (or, when many are not settled, kEditsKept more than the last
//   time), the settled ones among all but the newest kEditsKept are forgotten: edit_sync() then
//   says nothing about them (their user's row, sync(), still shows where the user stands). Settled:
//   a remote arm / disarm command once sent; a user edit applied, refused or cancelled, with no
//   device status of its own still pending, that no rollback can drop any more (the panel confirmed
//   it or a later edit of its user), that is not its user's latest edit and has no later edit of
//   its user still queued (a cancel would make it the latest again). Queued, sent, unanswered and
//   undelivered edits (a late answer still counts) are never forgotten, so a long session keeps few
//   records. A repeated answer to a forgotten edit is traced as unknown_edit_result (and, as a
//   repeat, changes nothing either way).
// - Remote arm / disarm commands queue while the panel is offline like edits
//   and can be cancelled the same way; they are not guarded (arming is always
//   allowed) and their effect is reported by PartitionChanged.
// - Panel online/offline: set_panel_online() is called by the Site when the
//   communicator link or the panel's power goes down or comes back. A real
//   cloud notices by missed supervision messages; the simulator tells it.
// - Notifications: an email to the account owner on every save that changes
//   the panel's record and on every delete (cannot be turned off);
//   code_active to the user's own contacts when the panel confirms the user's
//   latest code; code_disarmed to the owner when a PartitionChanged to
//   disarmed names a user; duress_used to the owner on a duress PanelEvent;
//   share_user_code (the only one carrying a code) to the user's own contacts.
// - Sessions: ids are sequential (deterministic); a session is valid until
//   log_out. The password is compared in constant time and is never traced;
//   account() returns the account without it.
// - Trace: component "cloud"; every call (ok or refused) and every message
//   in or out, with user id, edit id and channel; never a password; a code
//   only as a secret field (generate_code).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/access_code.hpp"
#include "core/arm_state.hpp"
#include "core/contact.hpp"
#include "core/directory.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "devices/messages.hpp"
#include "devices/outbox.hpp"
#include "devices/ports.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {

enum class Channel : std::uint8_t { website, app, api };
std::string_view to_string(Channel channel);  // "website", "app", "api"

using SessionId = core::Id<struct SessionIdTag, std::uint64_t>;

struct Session {
  SessionId id;
  Channel channel = Channel::website;
  friend bool operator==(const Session&, const Session&) = default;
};

struct Account {
  std::string email;
  std::string password;  // empty in what Cloud::account() returns
  std::string name;
};

enum class ArmMode : std::uint8_t { stay, away, night };

// The panel, as a device a user's sync status refers to.
struct PanelDevice {
  friend constexpr auto operator<=>(PanelDevice, PanelDevice) = default;
};
inline constexpr PanelDevice kPanel{};
using DeviceRef = std::variant<PanelDevice, core::LockIndex>;

struct SyncStatus {
  enum class State : std::uint8_t { none, pending, active, failed, superseded };
  State state = State::none;
  // pending: kSentWaitingForPanel | kPanelOfflineQueued | kWaitingForPanel |
  // kWaitingForLockToWake; otherwise empty (or kCancelled after a cancel).
  // Always one of those constants (static text): a status is copied into the
  // edit's record and the user's row on every edit and answer, and a string
  // of its own cost an allocation each time.
  std::string_view reason;
  std::optional<core::ErrorId> error;  // failed only
  std::optional<EditId> edit;          // the edit this status is about
  sim::Time since;
};

std::string_view to_string(SyncStatus::State state);  // "pending", ...

inline constexpr std::string_view kSentWaitingForPanel = "sent, waiting for panel";
inline constexpr std::string_view kPanelOfflineQueued = "panel offline, queued";
inline constexpr std::string_view kWaitingForPanel = "waiting for panel";
inline constexpr std::string_view kWaitingForLockToWake = "waiting for lock to wake";
inline constexpr std::string_view kCancelled = "cancelled";

// One user's status on every device.
struct SyncRow {
  core::UserId user;
  SyncStatus panel;
  std::vector<SyncStatus> locks;  // indexed like SystemConfig::locks
};

// An edit the panel has not settled: queued, or sent and not yet answered.
struct PendingEdit {
  EditId edit;
  enum class Kind : std::uint8_t { upsert_user, delete_user, arm, disarm } kind;
  std::optional<core::UserId> user;               // user edits
  std::optional<core::PartitionIndex> partition;  // arm / disarm
  bool queued = false;                            // false: sent, waiting for the panel
  bool superseded = false;
  sim::Time created;
};

// What a successful save or delete did.
// How the cloud waits for the panel's answer to an edit (see "Resending").
struct CloudTiming {
  // Longer than the communicator's round trip (up to 4 min down, 5 s back).
  sim::Duration answer_timeout = sim::Duration::min(5);
  sim::Duration answer_timeout_max = sim::Duration::min(20);
  std::uint32_t edit_sends = 4;  // in all, including the first; 0 counts as 1
};

struct SaveReceipt {
  std::optional<EditId> edit;           // none when nothing the panel holds changed
  std::vector<core::Problem> warnings;  // e.g. code_weak under a warn-only policy
};

class Cloud {
 public:
  // An empty directory for `system`.
  Cloud(sim::Scheduler& scheduler, sim::Trace& trace, core::SystemConfig system, Account owner,
        Port<CloudToPanel>& downlink, Outbox& outbox, sim::Rng rng = default_rng());
  // A directory the panel and its locks already hold (a world's initial
  // users): every user with a code starts active on the panel and on each
  // granted lock.
  Cloud(sim::Scheduler& scheduler, sim::Trace& trace, core::Directory initial, Account owner,
        Port<CloudToPanel>& downlink, Outbox& outbox, sim::Rng rng = default_rng());

  ~Cloud();
  Cloud(const Cloud&) = delete;
  Cloud& operator=(const Cloud&) = delete;

  // sim::RandomStreams(0).stream("cloud"); pass the run's stream instead.
  static sim::Rng default_rng();

  // Applies to waits started from now on.
  void set_timing(CloudTiming timing);
  const CloudTiming& timing() const { return timing_; }

  // ---- sessions ------------------------------------------------------------
  // login_failed for an unknown email or a wrong password (the same refusal).
  core::Result<Session> log_in(std::string_view email, std::string_view password, Channel channel);
  core::Verdict log_out(const Session& session);  // session_invalid if not logged in

  // ---- users (every call: session_invalid unless logged in) ---------------
  core::Result<core::UserId> create_user(const Session& session, std::string_view first_name,
                                         std::string_view last_name,
                                         core::Role role = core::Role::standard);
  // The Save of the Access Code form: validated by core::Directory::save with
  // the known partition states; refusals come back unchanged.
  core::Result<SaveReceipt> save_user(const Session& session, core::UserId user,
                                      const core::CodeEdit& edit);
  core::Result<SaveReceipt> delete_user(const Session& session, core::UserId user);
  core::Verdict rename(const Session& session, core::UserId user, std::string_view first_name,
                       std::string_view last_name);
  core::Verdict set_language(const Session& session, core::UserId user, std::string_view language);
  // "+ Add Contact" -> Mobile Number / Email Address -> Save. The index of the
  // new contact.
  core::Result<std::size_t> add_contact(const Session& session, core::UserId user,
                                        const core::MobileInput& input);
  core::Result<std::size_t> add_contact(const Session& session, core::UserId user,
                                        const core::EmailInput& input);
  core::Verdict remove_contact(const Session& session, core::UserId user, std::size_t index);
  // "Generate Code": a code valid for this user with these toggles, drawn from
  // the cloud's seeded stream. Not stored until saved.
  core::Result<core::AccessCode> generate_code(const Session& session, core::UserId user,
                                               const core::Grants& grants);
  // "Share User Code": the user's code to the user's own contacts. The number
  // of messages sent; code_required when the user has no code,
  // contact_not_found when no contact can receive it.
  core::Result<std::size_t> share_user_code(const Session& session, core::UserId user);
  // edit_not_found unless queued or sent and unanswered; edit_not_cancellable
  // once sent.
  core::Verdict cancel_pending(const Session& session, EditId edit);

  // ---- remote arming -------------------------------------------------------
  core::Result<EditId> arm(const Session& session, core::PartitionIndex partition, ArmMode mode);
  core::Result<EditId> disarm(const Session& session, core::PartitionIndex partition);

  // ---- the panel's side ----------------------------------------------------
  // A message from the panel, as the uplink delivers it.
  void receive(const PanelToCloud& message);
  // Sends every queued edit, in order, when the panel comes back.
  void set_panel_online(bool online);
  bool panel_online() const { return panel_online_; }

  // ---- observation (the bench, the GUI, tests; no session needed) ----------
  const core::Directory& directory() const { return directory_; }
  const std::vector<core::PartitionStatus>& known_partitions() const { return known_; }
  // none for an unknown user or device.
  SyncStatus sync(core::UserId user, DeviceRef device) const;
  SyncRow sync_row(core::UserId user) const;
  // One edit's own status on a device (superseded shows here).
  std::optional<SyncStatus> edit_sync(EditId edit, DeviceRef device) const;
  std::vector<PendingEdit> pending_edits() const;
  // The record the panel last confirmed for a user (nothing: holds no code).
  std::optional<PanelUser> panel_confirmed(core::UserId user) const;
  const Account& account() const { return account_; }
  std::vector<Session> sessions() const;
  // Directory operations kept for a rollback (see "The arm race"): those the
  // panel may still refuse, and the settled ones after the oldest of them.
  // Settled ones at the front are folded into the directory rollbacks start
  // from once kJournalFoldAt are kept, so a long session keeps few.
  std::size_t journal_size() const { return journal_.size(); }
  static constexpr std::size_t kJournalFoldAt = 64;
  // Edit records kept (see "Edit records" above): at most kEditsForgetAt
  // plus those that are not settled.
  std::size_t edits_kept() const { return edits_.size(); }
  static constexpr std::size_t kEditsKept = 64;
  static constexpr std::size_t kEditsForgetAt = 2 * kEditsKept;

 private:
  // unanswered: sent, but the panel answered a later edit of the same user
  // first (it applies each user's edits in order and ignores stale ones).
  // undelivered: sent edit_sends times and never answered (see "Resending").
  enum class Delivery : std::uint8_t {
    queued,
    sent,
    applied,
    refused,
    cancelled,
    unanswered,
    undelivered
  };
  // A user's status at each lock: up to kInline of them in place (a site's
  // few locks: no allocation per user, nor for the copy of the row every edit
  // keeps), more on the heap (a 1,000-lock world in the GUI).
  class LockStatuses {
   public:
    static constexpr std::size_t kInline = 4;
    std::size_t size() const { return size_; }
    // New statuses are default ones; resizing to the same size keeps all.
    void resize(std::size_t n);
    SyncStatus& operator[](std::size_t i) { return data()[i]; }
    const SyncStatus& operator[](std::size_t i) const { return data()[i]; }
    const SyncStatus* begin() const { return data(); }
    const SyncStatus* end() const { return data() + size_; }

   private:
    SyncStatus* data() { return size_ <= kInline ? in_place_.data() : more_.data(); }
    const SyncStatus* data() const { return size_ <= kInline ? in_place_.data() : more_.data(); }
    std::array<SyncStatus, kInline> in_place_{};
    std::vector<SyncStatus> more_;  // all of them, when more than kInline
    std::size_t size_ = 0;
  };
  struct UserSync {
    SyncStatus panel;
    LockStatuses locks;
  };
  struct EditRecord {
    EditId id;
    PendingEdit::Kind kind = PendingEdit::Kind::upsert_user;
    std::optional<core::UserId> user;
    CloudToPanel message;
    Delivery delivery = Delivery::queued;
    bool superseded = false;
    sim::Time created;
    std::optional<SyncStatus> panel;               // user edits
    std::vector<std::optional<SyncStatus>> locks;  // set where the edit changes the lock
    UserSync before;                               // the row before (for cancel)
    std::uint32_t sends = 0;                       // user edits: times sent
    sim::EventHandle answer_timer;                 // user edits: waiting for the answer
  };
  struct UserState {
    UserSync row;
    std::optional<EditId> latest;     // the user's newest edit
    std::optional<EditId> confirmed;  // the newest edit the panel applied
    // The record of `confirmed`; before the panel confirmed any edit of the
    // user, the panel holds what the site was installed with (base_).
    std::optional<PanelUser> confirmed_record;
  };
  // One directory operation, replayable (rollback = replay without some).
  struct Journal {
    enum class Op : std::uint8_t {
      create,
      save,
      rename,
      language,
      add_contact,
      remove_contact,
      remove
    };
    Op op = Op::create;
    core::UserId user;
    std::optional<EditId> edit;  // save / remove that reached the panel's queue
    std::string first, last;     // create, rename; language in `first`
    core::Role role = core::Role::standard;
    core::CodeEdit full;  // save: the whole resulting code/grants/times/role
    std::optional<core::Contact> contact;
    std::size_t index = 0;
  };

  const Channel* find_session(const Session& session) const;
  std::optional<core::Problem> check_session(const Session& session, std::string_view call);
  void trace(std::string_view kind, std::initializer_list<sim::TraceField> fields);
  std::vector<core::PartitionStatus> all_disarmed() const;

  std::optional<PanelUser> panel_record(const core::User& user) const;
  // The code of the record the panel holds for the user as far as the cloud
  // knows (confirmed_record, or base_'s before any confirmation); null: no record.
  const std::optional<core::AccessCode>* confirmed_code(const UserState& st,
                                                        core::UserId user) const;
  EditId new_edit_id() { return EditId{next_edit_++}; }
  // `before`: the user as they were before the edit (the locks whose slot
  // for them changes get a pending status).
  void start_user_edit(core::UserId user, std::optional<PanelUser> record,
                       const core::User& before);
  void dispatch(EditRecord& record);
  void wait_for_answer(EditRecord& record);
  void on_answer_timeout(EditId edit);
  void give_up(EditRecord& record);
  void stop_waiting(EditRecord& record);
  void older_unanswered(core::UserId user, EditId edit);
  void set_status(EditRecord& record, DeviceRef device, SyncStatus status);
  UserState& user_state(core::UserId user);
  // The user's state, or null when none was made (no user_state() call).
  const UserState* find_user_state(core::UserId user) const;
  core::Verdict rebuild_without(const std::vector<EditId>& dropped);
  bool replay(core::Directory& dir, const Journal& entry) const;
  // Adds an operation to the journal, folding its settled front first when
  // it is long (see journal_size()).
  void record(Journal entry);
  // Whether no rollback or cancel can drop the entry any more: it has no edit
  // (never dropped), or the panel confirmed its user's edit or a later one.
  bool settled(const Journal& entry) const;
  void fold_journal();
  // Called before a new edit record is made (nothing has moved on yet):
  // forgets settled old records when there are many (see "Edit records").
  void forget_settled_edits();
  bool forgettable(const EditRecord& record,
                   const std::vector<std::pair<core::UserId, EditId>>& newest_queued) const;
  // The number of notifications sent (contacts that can receive it).
  bool notify_one(const MessageSpec& message, const core::Contact& contact);
  std::size_t notify(const MessageSpec& message, const std::vector<core::Contact>& contacts);
  void notify_owner(const MessageSpec& message);
  // The same for a message the cloud keeps and sends again and again (a
  // user's disarm notice): untraced, the outbox shares it instead of copying.
  void notify_owner(const std::shared_ptr<const MessageSpec>& message);
  std::string user_name(std::optional<core::UserId> user) const;
  void write_user_name(std::string& out, std::optional<core::UserId> user) const;

  void on(const EditApplied& m);
  void on(const LockSyncResult& m);
  void on(const PartitionChanged& m);
  void on(const PanelEvent& m);
  // Out of line (cold), so the paths above keep a small frame when untraced.
  [[gnu::cold]] void trace_partition_changed(const PartitionChanged& m);
  [[gnu::cold]] void trace_panel_event(const PanelEvent& m);
  void on_duress(const PanelEvent& m);

  sim::Scheduler& scheduler_;
  sim::Trace& trace_;
  core::Directory base_;  // the initial directory (what the panel was installed with)
  // base_ with the journal's folded operations applied: rollbacks replay the
  // journal onto it. Empty until the first fold (then it is base_).
  std::optional<core::Directory> folded_;
  core::Directory directory_;
  Account account_;
  core::Contact owner_contact_;  // the owner's email, HTML
  std::string password_;
  Port<CloudToPanel>& downlink_;
  Outbox& outbox_;
  sim::Rng rng_;
  CloudTiming timing_;

  std::vector<core::PartitionStatus> known_;
  bool panel_online_ = true;
  std::map<SessionId, Channel> sessions_;
  std::uint64_t next_session_ = 1;
  std::uint64_t next_edit_ = 1;
  std::map<EditId, EditRecord> edits_;      // see "Edit records"
  std::size_t forget_at_ = kEditsForgetAt;  // edits_'s size that next forgets
  std::vector<EditId> queue_;               // queued edits, in order
  // Each user's state, by ascending id: one array rather than a tree node
  // per user (ids only grow, so a new user's state is appended). A reference
  // from user_state() lasts until another user's state is first made.
  std::vector<std::pair<core::UserId, UserState>> users_;
  std::vector<Journal> journal_;
  // The "code disarmed" notices written so far, shared with the outbox: a
  // site disarms many times a day, by few users. Indexed by user id and
  // partition (ids below kNoticesKept; a notice for a higher id is written
  // each time). A notice names the user, so forget_notices(user) drops that
  // user's whenever their name may change (created, renamed, deleted), and
  // every one goes when the directory is rebuilt; the system and partition
  // names never change.
  static constexpr std::uint32_t kNoticesKept = 4096;
  std::vector<std::shared_ptr<const MessageSpec>> disarm_notices_;  // [id * partitions + p]
  std::shared_ptr<const MessageSpec> disarm_notice_once_;           // an id beyond those
  void forget_notices(core::UserId user);
  const std::shared_ptr<const MessageSpec>& disarm_notice(core::UserId user,
                                                          std::uint32_t partition);
  // The owner's outbox recipient() number, asked once (the owner's contact
  // never changes); nothing when the outbox cannot reach it.
  bool owner_recipient_asked_ = false;
  std::optional<std::uint32_t> owner_recipient_;
};

}  // namespace lockstep::devices
