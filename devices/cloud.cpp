#include "devices/cloud.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>
#include <utility>

namespace lockstep::devices {
namespace {

constexpr std::string_view kComponent = "cloud";

constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

// Whether two panel records hold the same thing for the panel (the name is
// only a label there and never triggers an edit on its own).
// Whether the panel's records of `a` and `b` (Cloud::panel_record) agree on
// what the panel acts on, without building them: no record for both (no
// code), or the same code, grants, access times and role.
bool same_for_panel(const core::User& a, const core::User& b) {
  if (!a.code || !b.code) return !a.code && !b.code;
  return *a.code == *b.code && a.grants == b.grants && a.access_times == b.access_times &&
         a.role == b.role;
}

bool same_code(const std::optional<core::AccessCode>& a, const std::optional<core::AccessCode>& b) {
  if (!a || !b) return !a && !b;
  return *a == *b;
}

core::PartitionState target_of(ArmMode mode) {
  switch (mode) {
    case ArmMode::stay:
      return core::PartitionState::armed_stay;
    case ArmMode::night:
      return core::PartitionState::armed_night;
    case ArmMode::away:
      break;
  }
  return core::PartitionState::armed_away;
}

// A device status still waiting for the panel's answer to its edit: pending,
// or failed only because the panel never confirmed it (a late answer counts).
bool awaits_answer(const std::optional<SyncStatus>& status) {
  return status && (status->state == SyncStatus::State::pending ||
                    (status->state == SyncStatus::State::failed &&
                     status->error == core::ErrorId::panel_not_confirmed));
}

std::int64_t edit_value(const std::optional<EditId>& edit) {
  return edit ? static_cast<std::int64_t>(edit->value) : 0;
}

// Whether `lock` holds a slot for `user` when in sync: they have a code and
// may open it.
bool has_slot(const core::User& user, core::LockIndex lock) {
  return user.code && user.grants.lock(lock);
}

// Whether `lock` holds the same for `before` (the user as they were) as for
// `now` (null: deleted) when in sync: nothing for both, or the same code and
// access times (what it holds is their slot content).
bool same_slot(const core::User& before, const core::User* now, core::LockIndex lock) {
  const bool had = has_slot(before, lock);
  const bool has = now != nullptr && has_slot(*now, lock);
  if (!had || !has) return !had && !has;
  return before.id == now->id && *before.code == *now->code &&
         before.access_times == now->access_times;
}

}  // namespace

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::website:
      return "website";
    case Channel::app:
      return "app";
    case Channel::api:
      return "api";
  }
  return "unknown";
}

std::string_view to_string(SyncStatus::State state) {
  switch (state) {
    case SyncStatus::State::none:
      return "none";
    case SyncStatus::State::pending:
      return "pending";
    case SyncStatus::State::active:
      return "active";
    case SyncStatus::State::failed:
      return "failed";
    case SyncStatus::State::superseded:
      return "superseded";
  }
  return "unknown";
}

Cloud::~Cloud() {
  for (auto& [id, rec] : edits_)
    scheduler_.cancel(rec.answer_timer);
}

void Cloud::set_timing(CloudTiming timing) {
  if (timing.edit_sends == 0) timing.edit_sends = 1;
  timing_ = timing;
}

sim::Rng Cloud::default_rng() {
  return sim::RandomStreams(0).stream("cloud");
}

Cloud::Cloud(sim::Scheduler& scheduler, sim::Trace& trace, core::SystemConfig system, Account owner,
             Port<CloudToPanel>& downlink, Outbox& outbox, sim::Rng rng)
    : Cloud(scheduler, trace, core::Directory(std::move(system)), std::move(owner), downlink,
            outbox, rng) {}

Cloud::Cloud(sim::Scheduler& scheduler, sim::Trace& trace, core::Directory initial, Account owner,
             Port<CloudToPanel>& downlink, Outbox& outbox, sim::Rng rng)
    : scheduler_(scheduler),
      trace_(trace),
      base_(initial),
      directory_(std::move(initial)),
      account_(std::move(owner)),
      owner_contact_(core::EmailContact{account_.email, core::EmailFormat::html}),
      downlink_(downlink),
      outbox_(outbox),
      rng_(rng) {
  password_ = std::move(account_.password);
  account_.password.clear();
  known_ = all_disarmed();
  users_.reserve(directory_.users().size());
  // What the devices already hold: every initial user with a code.
  // (Their records as the panel holds them are the initial directory's, in
  // base_: see confirmed_code(), not copied per user.)
  // The directory lists its users by ascending id: each state is appended,
  // built in place (no search, no temporary).
  const std::size_t locks = directory_.config().locks.size();
  for (const auto& user : directory_.users()) {
    assert(users_.empty() || users_.back().first < user.id);
    UserState& st = users_
                        .emplace_back(std::piecewise_construct, std::forward_as_tuple(user.id),
                                      std::forward_as_tuple())
                        .second;
    st.row.locks.resize(locks);
    if (!user.code) continue;
    st.row.panel = SyncStatus{SyncStatus::State::active, {}, {}, {}, scheduler_.now()};
    for (std::uint32_t l = 0; l < st.row.locks.size(); ++l) {
      if (user.grants.lock(core::LockIndex{l})) {
        st.row.locks[l] = SyncStatus{SyncStatus::State::active, {}, {}, {}, scheduler_.now()};
      }
    }
  }
}

// ---- helpers ----------------------------------------------------------------

void Cloud::trace(std::string_view kind, std::initializer_list<sim::TraceField> fields) {
  if (trace_.enabled()) trace_.emit(scheduler_.now(), kComponent, kind, fields);
}

std::vector<core::PartitionStatus> Cloud::all_disarmed() const {
  std::vector<core::PartitionStatus> out;
  out.reserve(directory_.config().partitions.size());
  for (const auto& p : directory_.config().partitions) {
    out.push_back(core::PartitionStatus{p.name, core::PartitionState::disarmed});
  }
  return out;
}

const Channel* Cloud::find_session(const Session& session) const {
  const auto it = sessions_.find(session.id);
  return it != sessions_.end() && it->second == session.channel ? &it->second : nullptr;
}

std::optional<core::Problem> Cloud::check_session(const Session& session, std::string_view call) {
  if (find_session(session) != nullptr) return std::nullopt;
  if (trace_.enabled())
    trace("session_refused", {sim::field("call", call),
                              sim::field("session", static_cast<std::int64_t>(session.id.value))});
  return core::Problem{core::ErrorId::session_invalid};
}

namespace {

// The first entry of `users` (ascending ids) whose id is not below `user`.
template <class Users>
auto user_position(Users& users, core::UserId user) {
  return std::lower_bound(users.begin(), users.end(), user,
                          [](const auto& entry, core::UserId id) { return entry.first < id; });
}

}  // namespace

void Cloud::LockStatuses::resize(std::size_t n) {
  if (n == size_) return;
  if (n <= kInline) {
    if (size_ > kInline) {
      std::copy_n(more_.begin(), n, in_place_.begin());
      more_ = {};
    } else if (n > size_) {
      std::fill(in_place_.begin() + static_cast<std::ptrdiff_t>(size_),
                in_place_.begin() + static_cast<std::ptrdiff_t>(n), SyncStatus{});
    }
  } else {
    if (size_ <= kInline) more_.assign(in_place_.begin(), in_place_.begin() + size_);
    more_.resize(n);
  }
  size_ = n;
}

Cloud::UserState& Cloud::user_state(core::UserId user) {
  auto it = user_position(users_, user);
  if (it == users_.end() || it->first != user) it = users_.emplace(it, user, UserState{});
  UserState& st = it->second;
  st.row.locks.resize(directory_.config().locks.size());
  return st;
}

const Cloud::UserState* Cloud::find_user_state(core::UserId user) const {
  const auto it = user_position(users_, user);
  return it != users_.end() && it->first == user ? &it->second : nullptr;
}

const std::optional<core::AccessCode>* Cloud::confirmed_code(const UserState& st,
                                                             core::UserId user) const {
  if (st.confirmed) return st.confirmed_record ? &st.confirmed_record->code : nullptr;
  const core::User* installed = base_.find(user);
  return installed != nullptr && installed->code ? &installed->code : nullptr;
}

std::optional<PanelUser> Cloud::panel_record(const core::User& user) const {
  if (!user.code) return std::nullopt;
  return PanelUser{user.id,   user.display_name(), user.role,
                   user.code, user.grants,         user.access_times};
}

std::string Cloud::user_name(std::optional<core::UserId> user) const {
  std::string name;
  write_user_name(name, user);
  return name;
}

void Cloud::write_user_name(std::string& out, std::optional<core::UserId> user) const {
  const core::User* u = user ? directory_.find(*user) : nullptr;
  if (u == nullptr) {
    out.assign("A user");
    return;
  }
  u->write_display_name(out);
}

bool Cloud::notify_one(const MessageSpec& message, const core::Contact& contact) {
  // Untraced, the outbox writes the text when someone reads it.
  if (!trace_.enabled()) return outbox_.post(message, contact, scheduler_.now());
  auto n = render(message.text(), contact, scheduler_.now());
  if (!n) return false;
  trace("notification_sent", {sim::field("notification", to_string(n->kind)),
                              sim::field("via", to_string(n->via)), sim::field("to", n->to)});
  outbox_.send(std::move(*n));
  return true;
}

std::size_t Cloud::notify(const MessageSpec& message, const std::vector<core::Contact>& contacts) {
  std::size_t sent = 0;
  for (const auto& contact : contacts) {
    if (notify_one(message, contact)) ++sent;
  }
  return sent;
}

void Cloud::notify_owner(const MessageSpec& message) {
  notify_one(message, owner_contact_);
}

void Cloud::notify_owner(const std::shared_ptr<const MessageSpec>& message) {
  if (trace_.enabled()) {
    notify_owner(*message);  // written and traced now
    return;
  }
  if (!owner_recipient_asked_) {
    owner_recipient_ = outbox_.recipient(owner_contact_);
    owner_recipient_asked_ = true;
  }
  if (owner_recipient_) outbox_.post(message, *owner_recipient_, scheduler_.now());
}

// ---- sessions ---------------------------------------------------------------

core::Result<Session> Cloud::log_in(std::string_view email, std::string_view password,
                                    Channel channel) {
  // Both comparisons always run; the password one in constant time.
  const bool email_ok = lower_trimmed(email) == lower_trimmed(account_.email);
  const bool password_ok = core::constant_time_equal(password, password_);
  if (!email_ok || !password_ok) {
    if (trace_.enabled()) trace("login_failed", {sim::field("channel", to_string(channel))});
    return core::Problem{core::ErrorId::login_failed};
  }
  const Session session{SessionId{next_session_++}, channel};
  sessions_.emplace(session.id, channel);
  if (trace_.enabled())
    trace("logged_in", {sim::field("session", static_cast<std::int64_t>(session.id.value)),
                        sim::field("channel", to_string(channel))});
  return session;
}

core::Verdict Cloud::log_out(const Session& session) {
  if (auto p = check_session(session, "log_out")) return *p;
  sessions_.erase(session.id);
  if (trace_.enabled())
    trace("logged_out", {sim::field("session", static_cast<std::int64_t>(session.id.value)),
                         sim::field("channel", to_string(session.channel))});
  return {};
}

std::vector<Session> Cloud::sessions() const {
  std::vector<Session> out;
  for (const auto& [id, channel] : sessions_)
    out.push_back(Session{id, channel});
  return out;
}

// ---- users ------------------------------------------------------------------

core::Result<core::UserId> Cloud::create_user(const Session& session, std::string_view first_name,
                                              std::string_view last_name, core::Role role) {
  if (auto p = check_session(session, "create_user")) return *p;
  auto id = directory_.create_user(first_name, last_name, role, known_);
  if (!id) {
    if (trace_.enabled())
      trace("create_refused", {sim::field("channel", to_string(session.channel)),
                               sim::field("error", core::name(id.error().id))});
    return id;
  }
  forget_notices(*id);  // a notice for an unknown id said "A user"
  Journal j;
  j.op = Journal::Op::create;
  j.user = *id;
  j.first = std::string(first_name);
  j.last = std::string(last_name);
  j.role = role;
  record(std::move(j));
  user_state(*id);
  if (trace_.enabled())
    trace("user_created",
          {sim::field("user", id->value), sim::field("channel", to_string(session.channel))});
  return id;
}

core::Result<SaveReceipt> Cloud::save_user(const Session& session, core::UserId user,
                                           const core::CodeEdit& edit) {
  if (auto p = check_session(session, "save_user")) return *p;
  // What the panel and the locks held before comes from the user as the
  // directory hands them back on success: most saves in an armed home are
  // refused, and those then build no records.
  core::User previous;
  core::Verdict verdict = directory_.save(user, edit, known_, &previous);
  if (!verdict.ok()) {
    if (trace_.enabled())
      trace("save_refused",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::field("error", core::name(verdict.first_error().id))});
    return verdict;
  }
  const core::User& saved = *directory_.find(user);

  Journal j;
  j.op = Journal::Op::save;
  j.user = user;
  j.full = core::CodeEdit{saved.code, saved.grants, saved.access_times, saved.role};

  SaveReceipt receipt;
  receipt.warnings = verdict.warnings();
  const bool panel_changes = !same_for_panel(previous, saved);
  if (panel_changes) {
    start_user_edit(user, panel_record(saved), previous);
    receipt.edit = user_state(user).latest;
    j.edit = receipt.edit;
  }
  record(std::move(j));
  if (trace_.enabled())
    trace("user_saved",
          {sim::field("user", user.value), sim::field("edit", edit_value(receipt.edit)),
           sim::field("channel", to_string(session.channel)),
           sim::field("code_changed", previous.code ? !same_code(previous.code, saved.code)
                                                    : saved.code.has_value()),
           sim::field("warnings", receipt.warnings.size())});
  if (panel_changes) {
    // Every user-code change: the account owner is told (not optional).
    notify_owner(MessageSpec::code_changed(saved.display_name(), directory_.config().name));
  }
  return receipt;
}

core::Result<SaveReceipt> Cloud::delete_user(const Session& session, core::UserId user) {
  if (auto p = check_session(session, "delete_user")) return *p;
  if (directory_.find(user) == nullptr) return core::Problem{core::ErrorId::user_not_found};
  // As in save_user: the records of what the devices held are built only once
  // the delete is accepted, from the user the directory hands back.
  core::User removed;
  core::Verdict verdict = directory_.delete_user(user, known_, &removed);
  if (!verdict.ok()) {
    if (trace_.enabled())
      trace("delete_refused",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::field("error", core::name(verdict.first_error().id))});
    return verdict;
  }
  forget_notices(user);
  const bool on_panel = removed.code.has_value();  // panel_record(removed) is not empty
  Journal j;
  j.op = Journal::Op::remove;
  j.user = user;
  SaveReceipt receipt;
  // The panel may hold the user (confirmed) or be about to (an edit on its
  // way): either way it is told to forget them.
  if (on_panel || confirmed_code(user_state(user), user) != nullptr || user_state(user).latest) {
    start_user_edit(user, std::nullopt, removed);
    receipt.edit = user_state(user).latest;
    j.edit = receipt.edit;
  }
  record(std::move(j));
  if (trace_.enabled())
    trace("user_deleted",
          {sim::field("user", user.value), sim::field("edit", edit_value(receipt.edit)),
           sim::field("channel", to_string(session.channel))});
  if (receipt.edit) {
    notify_owner(MessageSpec::code_changed(removed.display_name(), directory_.config().name));
  }
  return receipt;
}

core::Verdict Cloud::rename(const Session& session, core::UserId user, std::string_view first_name,
                            std::string_view last_name) {
  if (auto p = check_session(session, "rename")) return *p;
  core::Verdict v = directory_.rename(user, first_name, last_name);
  if (v.ok()) {
    forget_notices(user);
    Journal j;
    j.op = Journal::Op::rename;
    j.user = user;
    j.first = std::string(first_name);
    j.last = std::string(last_name);
    record(std::move(j));
  }
  if (trace_.enabled())
    trace(v.ok() ? "user_renamed" : "rename_refused",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel))});
  return v;
}

core::Verdict Cloud::set_language(const Session& session, core::UserId user,
                                  std::string_view language) {
  if (auto p = check_session(session, "set_language")) return *p;
  core::Verdict v = directory_.set_language(user, language);
  if (v.ok()) {
    Journal j;
    j.op = Journal::Op::language;
    j.user = user;
    j.first = std::string(language);
    record(std::move(j));
  }
  if (trace_.enabled())
    trace(v.ok() ? "language_set" : "language_refused",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel))});
  return v;
}

core::Result<std::size_t> Cloud::add_contact(const Session& session, core::UserId user,
                                             const core::MobileInput& input) {
  if (auto p = check_session(session, "add_contact")) return *p;
  auto contact = core::make_mobile_contact(input);
  if (!contact) {
    if (trace_.enabled())
      trace("contact_refused",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::field("error", core::name(contact.error().id))});
    return contact.verdict();
  }
  auto index = directory_.add_contact(user, *contact);
  if (index) {
    Journal j;
    j.op = Journal::Op::add_contact;
    j.user = user;
    j.contact = *contact;
    record(std::move(j));
  }
  if (trace_.enabled())
    trace(index ? "contact_added" : "contact_refused",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
           sim::field("via", "sms")});
  return index;
}

core::Result<std::size_t> Cloud::add_contact(const Session& session, core::UserId user,
                                             const core::EmailInput& input) {
  if (auto p = check_session(session, "add_contact")) return *p;
  auto contact = core::make_email_contact(input);
  if (!contact) {
    if (trace_.enabled())
      trace("contact_refused",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::field("error", core::name(contact.error().id))});
    return contact.verdict();
  }
  auto index = directory_.add_contact(user, *contact);
  if (index) {
    Journal j;
    j.op = Journal::Op::add_contact;
    j.user = user;
    j.contact = *contact;
    record(std::move(j));
  }
  if (trace_.enabled())
    trace(index ? "contact_added" : "contact_refused",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
           sim::field("via", "email")});
  return index;
}

core::Verdict Cloud::remove_contact(const Session& session, core::UserId user, std::size_t index) {
  if (auto p = check_session(session, "remove_contact")) return *p;
  core::Verdict v = directory_.remove_contact(user, index);
  if (v.ok()) {
    Journal j;
    j.op = Journal::Op::remove_contact;
    j.user = user;
    j.index = index;
    record(std::move(j));
  }
  if (trace_.enabled())
    trace(v.ok() ? "contact_removed" : "contact_refused",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel))});
  return v;
}

core::Result<core::AccessCode> Cloud::generate_code(const Session& session, core::UserId user,
                                                    const core::Grants& grants) {
  if (auto p = check_session(session, "generate_code")) return *p;
  auto code = directory_.generate_code(user, grants, rng_.next());
  if (code) {
    if (trace_.enabled())
      trace("code_generated",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::secret_field("code", code->reveal())});
  } else {
    if (trace_.enabled())
      trace("generate_refused",
            {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
             sim::field("error", core::name(code.error().id))});
  }
  return code;
}

core::Result<std::size_t> Cloud::share_user_code(const Session& session, core::UserId user) {
  if (auto p = check_session(session, "share_user_code")) return *p;
  const core::User* u = directory_.find(user);
  if (u == nullptr) return core::Problem{core::ErrorId::user_not_found};
  if (!u->code) return core::Problem{core::ErrorId::code_required};
  // The only message that carries a code, and only to the user's own contacts.
  const std::size_t sent =
      notify(MessageSpec::share_user_code(u->display_name(), directory_.config().name, *u->code),
             u->contacts);
  if (trace_.enabled())
    trace("user_code_shared",
          {sim::field("user", user.value), sim::field("channel", to_string(session.channel)),
           sim::field("messages", sent)});
  if (sent == 0) return core::Problem{core::ErrorId::contact_not_found};
  return sent;
}

// ---- edits ------------------------------------------------------------------

void Cloud::set_status(EditRecord& record, DeviceRef device, SyncStatus status) {
  UserState& st = user_state(*record.user);
  if (std::holds_alternative<PanelDevice>(device)) {
    if (st.row.panel.edit == record.id) st.row.panel = status;
    record.panel = std::move(status);
    return;
  }
  const auto l = std::get<core::LockIndex>(device).value;
  if (l >= record.locks.size()) return;
  if (st.row.locks[l].edit == record.id) st.row.locks[l] = status;
  record.locks[l] = std::move(status);
}

void Cloud::start_user_edit(core::UserId user, std::optional<PanelUser> record,
                            const core::User& before) {
  const sim::Time now = scheduler_.now();
  UserState& st = user_state(user);
  forget_settled_edits();
  EditRecord rec;
  rec.id = new_edit_id();
  rec.kind = record ? PendingEdit::Kind::upsert_user : PendingEdit::Kind::delete_user;
  rec.user = user;
  rec.message = ApplyUserEdit{rec.id, user, std::move(record)};
  rec.created = now;
  rec.before = st.row;
  rec.locks.resize(st.row.locks.size());

  // The newer edit supersedes the older ones still unfinished on the same
  // devices: their own status there says so; the row shows the newer edit.
  auto supersede = [&](const SyncStatus& shown, DeviceRef device) {
    if (shown.state != SyncStatus::State::pending || !shown.edit) return;
    auto it = edits_.find(*shown.edit);
    if (it == edits_.end()) return;
    EditRecord& old = it->second;
    old.superseded = true;
    SyncStatus s{SyncStatus::State::superseded, {}, {}, old.id, now};
    if (std::holds_alternative<PanelDevice>(device)) {
      old.panel = s;
    } else {
      old.locks[std::get<core::LockIndex>(device).value] = s;
    }
    if (trace_.enabled())
      trace("edit_superseded", {sim::field("edit", static_cast<std::int64_t>(old.id.value)),
                                sim::field("by", static_cast<std::int64_t>(rec.id.value)),
                                sim::field("user", user.value)});
  };

  supersede(st.row.panel, kPanel);
  const SyncStatus panel_pending{SyncStatus::State::pending,
                                 panel_online_ ? kSentWaitingForPanel : kPanelOfflineQueued,
                                 {},
                                 rec.id,
                                 now};
  rec.panel = panel_pending;
  st.row.panel = panel_pending;
  const core::User* current = directory_.find(user);  // null once deleted
  for (std::uint32_t l = 0; l < rec.locks.size(); ++l) {
    const core::LockIndex lock{l};
    if (same_slot(before, current, lock)) continue;  // code and access times
    supersede(st.row.locks[l], lock);
    SyncStatus s{SyncStatus::State::pending, kWaitingForPanel, {}, rec.id, now};
    rec.locks[l] = s;
    st.row.locks[l] = s;
  }
  st.latest = rec.id;
  const EditId id = rec.id;
  EditRecord& stored = edits_.emplace(id, std::move(rec)).first->second;
  if (panel_online_) {
    dispatch(stored);
  } else {
    queue_.push_back(id);
    if (trace_.enabled())
      trace("edit_queued", {sim::field("edit", static_cast<std::int64_t>(id.value)),
                            sim::field("user", user.value)});
  }
}

void Cloud::dispatch(EditRecord& record) {
  record.delivery = Delivery::sent;
  if (record.user) {
    ++record.sends;
    if (trace_.enabled())
      trace("edit_sent", {sim::field("edit", static_cast<std::int64_t>(record.id.value)),
                          sim::field("user", record.user->value),
                          sim::field("delete", record.kind == PendingEdit::Kind::delete_user),
                          sim::field("send", record.sends)});
    wait_for_answer(record);
  } else {
    // Remote arming: delivered; the panel answers with PartitionChanged.
    record.delivery = Delivery::applied;
    const auto& cmd = std::get<RemoteArmCommand>(record.message);
    if (trace_.enabled())
      trace("arm_command_sent", {sim::field("edit", static_cast<std::int64_t>(record.id.value)),
                                 sim::field("partition", cmd.partition.value),
                                 sim::field("target", core::to_string(cmd.target))});
  }
  downlink_.send(CloudToPanel(record.message));  // the record keeps its own
}

// ---- resending ----------------------------------------------------------------

void Cloud::wait_for_answer(EditRecord& record) {
  scheduler_.cancel(record.answer_timer);
  // answer_timeout, doubled for each earlier send, up to answer_timeout_max.
  sim::Duration wait = timing_.answer_timeout;
  for (std::uint32_t i = 1; i < record.sends && wait < timing_.answer_timeout_max; ++i)
    wait = wait + wait;
  wait = std::min(wait, timing_.answer_timeout_max);
  const EditId id = record.id;
  record.answer_timer = scheduler_.schedule_after(wait, [this, id] { on_answer_timeout(id); });
}

// The panel applies each user's edits in order: an older edit of `user` still
// unanswered when `edit` is settled never will be (stale at the panel, or its
// answer was lost).
void Cloud::older_unanswered(core::UserId user, EditId edit) {
  for (auto& [id, other] : edits_) {
    if (id < edit && other.user == user && other.delivery == Delivery::sent) {
      other.delivery = Delivery::unanswered;
      stop_waiting(other);
    }
  }
}

void Cloud::stop_waiting(EditRecord& record) {
  scheduler_.cancel(record.answer_timer);
  record.answer_timer = {};
}

void Cloud::on_answer_timeout(EditId edit) {
  EditRecord& rec = edits_.at(edit);
  rec.answer_timer = {};
  if (rec.delivery != Delivery::sent) return;
  if (!panel_online_) return;  // the link holds it; set_panel_online waits again
  if (rec.superseded) return;  // the newer edit carries the whole record
  if (rec.sends >= timing_.edit_sends) {
    give_up(rec);
    return;
  }
  if (trace_.enabled())
    trace("edit_unanswered", {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                              sim::field("user", rec.user->value), sim::field("sends", rec.sends)});
  dispatch(rec);
}

void Cloud::give_up(EditRecord& rec) {
  rec.delivery = Delivery::undelivered;
  const core::UserId user = *rec.user;
  older_unanswered(user, rec.id);
  if (trace_.enabled())
    trace("edit_not_confirmed", {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                                 sim::field("user", user.value), sim::field("sends", rec.sends)});
  // Nothing is rolled back: the panel may have applied it, its answers lost.
  const SyncStatus failed{
      SyncStatus::State::failed, {}, core::ErrorId::panel_not_confirmed, rec.id, scheduler_.now()};
  if (rec.panel && rec.panel->state == SyncStatus::State::pending) set_status(rec, kPanel, failed);
  for (std::uint32_t l = 0; l < rec.locks.size(); ++l) {
    if (rec.locks[l] && rec.locks[l]->state == SyncStatus::State::pending) {
      set_status(rec, core::LockIndex{l}, failed);
    }
  }
}

core::Verdict Cloud::cancel_pending(const Session& session, EditId edit) {
  if (auto p = check_session(session, "cancel_pending")) return *p;
  auto it = edits_.find(edit);
  if (it == edits_.end() ||
      (it->second.delivery != Delivery::queued && it->second.delivery != Delivery::sent)) {
    if (trace_.enabled())
      trace("cancel_refused", {sim::field("edit", static_cast<std::int64_t>(edit.value)),
                               sim::field("error", "edit_not_found")});
    return core::Problem{core::ErrorId::edit_not_found};
  }
  if (it->second.delivery == Delivery::sent) {
    if (trace_.enabled())
      trace("cancel_refused", {sim::field("edit", static_cast<std::int64_t>(edit.value)),
                               sim::field("error", "edit_not_cancellable")});
    return core::Problem{core::ErrorId::edit_not_cancellable};
  }
  // This edit and the same user's later queued edits (built on it).
  std::vector<EditId> cancelled{edit};
  const auto user = it->second.user;
  if (user) {
    for (EditId q : queue_) {
      if (edit < q && edits_.at(q).user == user) cancelled.push_back(q);
    }
    if (core::Verdict v = rebuild_without(cancelled); !v.ok()) {
      if (trace_.enabled())
        trace("cancel_refused", {sim::field("edit", static_cast<std::int64_t>(edit.value)),
                                 sim::field("error", core::name(v.first_error().id))});
      return v;
    }
  }
  // Newest first, so each edit's "before" row is the one that came back.
  for (auto c = cancelled.rbegin(); c != cancelled.rend(); ++c) {
    EditRecord& rec = edits_.at(*c);
    rec.delivery = Delivery::cancelled;
    queue_.erase(std::find(queue_.begin(), queue_.end(), *c));
    if (!rec.user) continue;
    UserState& st = user_state(*rec.user);
    auto restore = [&](SyncStatus& shown, const SyncStatus& before, DeviceRef device) {
      shown = before;
      if (!before.edit) return;
      auto prev = edits_.find(*before.edit);
      if (prev == edits_.end()) return;
      if (std::holds_alternative<PanelDevice>(device)) {
        prev->second.panel = before;
      } else {
        prev->second.locks[std::get<core::LockIndex>(device).value] = before;
      }
      if (prev->second.delivery == Delivery::queued || prev->second.delivery == Delivery::sent) {
        prev->second.superseded = false;
      }
    };
    if (rec.panel) restore(st.row.panel, rec.before.panel, kPanel);
    for (std::uint32_t l = 0; l < rec.locks.size(); ++l) {
      if (rec.locks[l]) restore(st.row.locks[l], rec.before.locks[l], core::LockIndex{l});
    }
    rec.panel = SyncStatus{SyncStatus::State::none, kCancelled, {}, rec.id, scheduler_.now()};
    st.latest.reset();
    for (const auto& [id, other] : edits_) {
      if (other.user == rec.user && other.delivery != Delivery::cancelled) st.latest = id;
    }
    if (trace_.enabled())
      trace("edit_cancelled", {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                               sim::field("user", rec.user->value),
                               sim::field("channel", to_string(session.channel))});
  }
  return {};
}

core::Result<EditId> Cloud::arm(const Session& session, core::PartitionIndex partition,
                                ArmMode mode) {
  if (auto p = check_session(session, "arm")) return *p;
  if (partition.value >= known_.size()) return core::Problem{core::ErrorId::partition_unknown};
  forget_settled_edits();
  EditRecord rec;
  rec.id = new_edit_id();
  rec.kind = PendingEdit::Kind::arm;
  rec.message = RemoteArmCommand{rec.id, partition, target_of(mode)};
  rec.created = scheduler_.now();
  const EditId id = rec.id;
  EditRecord& stored = edits_.emplace(id, std::move(rec)).first->second;
  if (trace_.enabled())
    trace("arm_requested", {sim::field("edit", static_cast<std::int64_t>(id.value)),
                            sim::field("partition", partition.value),
                            sim::field("target", core::to_string(target_of(mode))),
                            sim::field("channel", to_string(session.channel))});
  if (panel_online_) {
    dispatch(stored);
  } else {
    queue_.push_back(id);
  }
  return id;
}

core::Result<EditId> Cloud::disarm(const Session& session, core::PartitionIndex partition) {
  if (auto p = check_session(session, "disarm")) return *p;
  if (partition.value >= known_.size()) return core::Problem{core::ErrorId::partition_unknown};
  forget_settled_edits();
  EditRecord rec;
  rec.id = new_edit_id();
  rec.kind = PendingEdit::Kind::disarm;
  rec.message = RemoteArmCommand{rec.id, partition, core::PartitionState::disarmed};
  rec.created = scheduler_.now();
  const EditId id = rec.id;
  EditRecord& stored = edits_.emplace(id, std::move(rec)).first->second;
  if (trace_.enabled())
    trace("disarm_requested", {sim::field("edit", static_cast<std::int64_t>(id.value)),
                               sim::field("partition", partition.value),
                               sim::field("channel", to_string(session.channel))});
  if (panel_online_) {
    dispatch(stored);
  } else {
    queue_.push_back(id);
  }
  return id;
}

void Cloud::set_panel_online(bool online) {
  if (online == panel_online_) return;
  panel_online_ = online;
  if (trace_.enabled())
    trace(online ? "panel_online" : "panel_offline", {sim::field("queued", queue_.size())});
  if (!online) return;
  // Edits sent before the outage: the link held them; wait for them afresh.
  for (auto& [id, rec] : edits_) {
    if (rec.user && rec.delivery == Delivery::sent) wait_for_answer(rec);
  }
  std::vector<EditId> queue;
  queue.swap(queue_);
  for (EditId id : queue) {
    EditRecord& rec = edits_.at(id);
    if (rec.user && rec.panel && rec.panel->state == SyncStatus::State::pending) {
      SyncStatus s = *rec.panel;
      s.reason = kSentWaitingForPanel;
      s.since = scheduler_.now();
      set_status(rec, kPanel, s);
    }
    dispatch(rec);
  }
}

// ---- rollback by replay -------------------------------------------------------

bool Cloud::replay(core::Directory& dir, const Journal& e) const {
  const auto disarmed = all_disarmed();
  switch (e.op) {
    case Journal::Op::create: {
      auto id = dir.create_user(e.first, e.last, e.role, disarmed);
      return id.ok() && *id == e.user;
    }
    case Journal::Op::save:
      return dir.save(e.user, e.full, disarmed).ok();
    case Journal::Op::rename:
      return dir.rename(e.user, e.first, e.last).ok();
    case Journal::Op::language:
      return dir.set_language(e.user, e.first).ok();
    case Journal::Op::add_contact:
      return dir.add_contact(e.user, *e.contact).ok();
    case Journal::Op::remove_contact:
      return dir.remove_contact(e.user, e.index).ok();
    case Journal::Op::remove:
      return dir.delete_user(e.user, disarmed).ok();
  }
  return false;
}

bool Cloud::forgettable(const EditRecord& rec,
                        const std::vector<std::pair<core::UserId, EditId>>& newest_queued) const {
  if (!rec.user) return rec.delivery == Delivery::applied;  // a remote arm / disarm, sent
  if (rec.delivery != Delivery::applied && rec.delivery != Delivery::refused &&
      rec.delivery != Delivery::cancelled) {
    return false;  // queued, sent, or still open to a late answer
  }
  const auto pending = [](const std::optional<SyncStatus>& s) {
    return s && s->state == SyncStatus::State::pending;
  };
  if (pending(rec.panel) || std::any_of(rec.locks.begin(), rec.locks.end(), pending)) return false;
  const UserState* found = find_user_state(*rec.user);
  if (found == nullptr) return true;
  const UserState& st = *found;
  if (st.latest == rec.id) return false;
  // A rollback drops the user's edits newer than the confirmed one (cancelled
  // ones are never looked at again).
  if (rec.delivery != Delivery::cancelled && (!st.confirmed || *st.confirmed < rec.id)) {
    return false;
  }
  // A cancel of a later queued edit makes the newest edit before it the latest.
  return std::none_of(newest_queued.begin(), newest_queued.end(),
                      [&](const auto& q) { return q.first == *rec.user && rec.id < q.second; });
}

void Cloud::forget_settled_edits() {
  if (edits_.size() < forget_at_) return;
  // Each user's newest queued edit (the queue is in edit order).
  std::vector<std::pair<core::UserId, EditId>> newest_queued;
  for (const EditId q : queue_) {
    const auto& user = edits_.at(q).user;
    if (!user) continue;
    const auto known = std::find_if(newest_queued.begin(), newest_queued.end(),
                                    [&](const auto& e) { return e.first == *user; });
    if (known == newest_queued.end()) {
      newest_queued.emplace_back(*user, q);
    } else {
      known->second = q;
    }
  }
  // All but the newest kEditsKept (the map is in edit order).
  const std::size_t candidates = edits_.size() - kEditsKept;
  auto it = edits_.begin();
  for (std::size_t i = 0; i < candidates; ++i) {
    it = forgettable(it->second, newest_queued) ? edits_.erase(it) : std::next(it);
  }
  // Many unsettled ones left: look again only once kEditsKept more are made.
  forget_at_ = std::max(kEditsForgetAt, edits_.size() + kEditsKept);
}

bool Cloud::settled(const Journal& e) const {
  if (!e.edit) return true;
  // A rollback drops only edits newer than the user's confirmed one, and a
  // cancel only queued ones (never confirmed); confirmations only move on.
  const UserState* st = find_user_state(e.user);
  return st != nullptr && st->confirmed && !(*st->confirmed < *e.edit);
}

void Cloud::record(Journal entry) {
  if (journal_.size() >= kJournalFoldAt) fold_journal();
  journal_.push_back(std::move(entry));
}

// Every rebuild replays the settled front the same way (nothing before it can
// be dropped), so it is replayed once, into folded_, and forgotten.
void Cloud::fold_journal() {
  std::size_t n = 0;
  while (n < journal_.size() && settled(journal_[n]))
    ++n;
  if (n == 0) return;
  core::Directory dir = folded_ ? *folded_ : base_;
  for (std::size_t i = 0; i < n; ++i) {
    // A refused step (never expected: the directory took it) folds nothing;
    // a rebuild reports it as it would have.
    if (!replay(dir, journal_[i])) return;
  }
  folded_ = std::move(dir);
  journal_.erase(journal_.begin(), journal_.begin() + static_cast<std::ptrdiff_t>(n));
}

core::Verdict Cloud::rebuild_without(const std::vector<EditId>& dropped) {
  auto is_dropped = [&](const Journal& e) {
    return e.edit && std::find(dropped.begin(), dropped.end(), *e.edit) != dropped.end();
  };
  core::Directory dir = folded_ ? *folded_ : base_;
  const auto disarmed = all_disarmed();
  for (const auto& e : journal_) {
    if (is_dropped(e)) continue;
    if (!replay(dir, e)) {
      // Say why, in the core's words, by asking what the step would do now.
      if (e.op == Journal::Op::save) {
        core::Verdict why = dir.preview(e.user, e.full, disarmed);
        if (!why.ok()) return why;
      }
      return core::Problem{core::ErrorId::code_in_use};
    }
  }
  directory_ = std::move(dir);
  disarm_notices_.clear();  // a rebuilt directory may name anyone differently
  std::erase_if(journal_, is_dropped);
  return {};
}

// ---- from the panel -------------------------------------------------------------

void Cloud::receive(const PanelToCloud& message) {
  std::visit([this](const auto& m) { on(m); }, message);
}

void Cloud::on(const EditApplied& m) {
  auto it = edits_.find(m.edit);
  if (it == edits_.end() || !it->second.user) {
    if (trace_.enabled())
      trace("unknown_edit_result", {sim::field("edit", static_cast<std::int64_t>(m.edit.value))});
    return;
  }
  EditRecord& rec = it->second;
  const core::UserId user = *rec.user;
  UserState& st = user_state(user);
  const auto& msg = std::get<ApplyUserEdit>(rec.message);
  const sim::Time now = scheduler_.now();
  const bool latest = st.latest == rec.id;
  if (rec.delivery != Delivery::sent && rec.delivery != Delivery::unanswered &&
      rec.delivery != Delivery::undelivered) {
    // Answered already (a duplicate delivery re-acknowledged), or never sent.
    if (trace_.enabled())
      trace("duplicate_edit_result", {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                                      sim::field("user", user.value)});
    return;
  }
  older_unanswered(user, rec.id);
  stop_waiting(rec);

  if (!m.error) {
    rec.delivery = Delivery::applied;
    // Read before the confirmation moves on (no copy of the old record kept).
    const std::optional<core::AccessCode>* confirmed_code_now = confirmed_code(st, user);
    const bool code_was_confirmed = confirmed_code_now != nullptr && msg.record &&
                                    same_code(*confirmed_code_now, msg.record->code);
    // A late answer to an older edit never replaces a newer confirmation.
    if (!st.confirmed || *st.confirmed < rec.id) {
      st.confirmed = rec.id;
      st.confirmed_record = msg.record;
    }
    if (trace_.enabled())
      trace("edit_applied", {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                             sim::field("user", user.value), sim::field("latest", latest)});
    if (awaits_answer(rec.panel)) {
      set_status(rec, kPanel,
                 SyncStatus{msg.record ? SyncStatus::State::active : SyncStatus::State::none,
                            {},
                            {},
                            rec.id,
                            now});
    }
    for (std::uint32_t l = 0; l < rec.locks.size(); ++l) {
      if (awaits_answer(rec.locks[l])) {
        set_status(rec, core::LockIndex{l},
                   SyncStatus{SyncStatus::State::pending, kWaitingForLockToWake, {}, rec.id, now});
      }
    }
    // The user's newest code now works at the panel: tell them.
    if (latest && msg.record && msg.record->code && !code_was_confirmed) {
      if (const core::User* u = directory_.find(user)) {
        notify(MessageSpec::code_active(u->display_name(), directory_.config().name), u->contacts);
      }
    }
    return;
  }

  rec.delivery = Delivery::refused;
  if (trace_.enabled())
    trace("edit_refused",
          {sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
           sim::field("user", user.value), sim::field("error", core::name(*m.error)),
           sim::field("latest", latest)});
  const SyncStatus failed{SyncStatus::State::failed, {}, *m.error, rec.id, now};
  if (awaits_answer(rec.panel)) set_status(rec, kPanel, failed);
  for (std::uint32_t l = 0; l < rec.locks.size(); ++l) {
    if (awaits_answer(rec.locks[l])) {
      set_status(rec, core::LockIndex{l}, failed);
    }
  }
  if (!latest) return;  // a later edit carries the whole record and settles it
  // Roll the user back to what the panel confirmed: drop this edit and any
  // earlier one of the user the panel has not confirmed.
  std::vector<EditId> dropped;
  for (const auto& [id, other] : edits_) {
    if (other.user == user && other.delivery != Delivery::cancelled &&
        (!st.confirmed || *st.confirmed < id) && id <= rec.id) {
      dropped.push_back(id);
    }
  }
  if (core::Verdict v = rebuild_without(dropped); v.ok()) {
    if (trace_.enabled())
      trace("user_rolled_back", {sim::field("user", user.value),
                                 sim::field("edit", static_cast<std::int64_t>(rec.id.value))});
  } else {
    if (trace_.enabled())
      trace("rollback_conflict", {sim::field("user", user.value),
                                  sim::field("edit", static_cast<std::int64_t>(rec.id.value)),
                                  sim::field("error", core::name(v.first_error().id))});
  }
}

void Cloud::on(const LockSyncResult& m) {
  if (m.lock.value >= directory_.config().locks.size()) {
    if (trace_.enabled()) trace("unknown_lock_result", {sim::field("lock", m.lock.value)});
    return;
  }
  const sim::Time now = scheduler_.now();
  SyncStatus status;
  if (m.error) {
    status = SyncStatus{SyncStatus::State::failed, {}, *m.error, m.edit, now};
  } else {
    const core::User* u = directory_.find(m.user);
    status = SyncStatus{
        u != nullptr && has_slot(*u, m.lock) ? SyncStatus::State::active : SyncStatus::State::none,
        {},
        {},
        m.edit,
        now};
  }
  if (trace_.enabled())
    trace("lock_synced",
          {sim::field("edit", static_cast<std::int64_t>(m.edit.value)),
           sim::field("user", m.user.value), sim::field("lock", m.lock.value),
           sim::field("result", m.error ? core::name(*m.error) : std::string_view("ok"))});
  auto it = edits_.find(m.edit);
  if (it != edits_.end()) {
    auto& own = it->second.locks;
    if (m.lock.value < own.size() && own[m.lock.value] &&
        own[m.lock.value]->state != SyncStatus::State::superseded) {
      own[m.lock.value] = status;
    }
  }
  // The row follows the newest result: an older edit's late answer does not
  // overwrite a newer edit's status.
  SyncStatus& shown = user_state(m.user).row.locks[m.lock.value];
  if (!shown.edit || !(m.edit < *shown.edit)) shown = status;
}

void Cloud::on(const PartitionChanged& m) {
  if (m.partition.value >= known_.size()) {
    if (trace_.enabled()) trace("unknown_partition", {sim::field("partition", m.partition.value)});
    return;
  }
  auto& known = known_[m.partition.value];
  const auto previous = known.state;
  known.state = m.state;
  if (trace_.enabled()) trace_partition_changed(m);
  if (m.state == core::PartitionState::disarmed && previous != core::PartitionState::disarmed &&
      m.by) {
    notify_owner(disarm_notice(*m.by, m.partition.value));
  }
}

const std::shared_ptr<const MessageSpec>& Cloud::disarm_notice(core::UserId user,
                                                               std::uint32_t partition) {
  // What MessageSpec::code_disarmed(user_name(user), system, partition) gives,
  // written in place.
  auto write = [&] {
    auto notice = std::make_shared<MessageSpec>();
    notice->kind = Notification::Kind::code_disarmed;
    write_user_name(notice->user_name, user);
    notice->system_name = directory_.config().name;
    notice->partition_name = known_[partition].name;
    return std::shared_ptr<const MessageSpec>(std::move(notice));
  };
  if (user.value >= kNoticesKept) {
    disarm_notice_once_ = write();
    return disarm_notice_once_;
  }
  const std::size_t at = std::size_t{user.value} * known_.size() + partition;
  if (at >= disarm_notices_.size()) disarm_notices_.resize((user.value + 1) * known_.size());
  auto& notice = disarm_notices_[at];
  if (!notice) {
    notice = write();
  } else {
    // Debug builds check that the kept notice still says what a new one would.
    assert(notice->user_name == user_name(user));
  }
  return notice;
}

void Cloud::forget_notices(core::UserId user) {
  const std::size_t first = std::size_t{user.value} * known_.size();
  for (std::size_t i = first; i < first + known_.size() && i < disarm_notices_.size(); ++i)
    disarm_notices_[i].reset();
}

void Cloud::trace_partition_changed(const PartitionChanged& m) {
  trace("partition_changed",
        {sim::field("partition", m.partition.value), sim::field("state", core::to_string(m.state)),
         sim::field("user", m.by ? static_cast<std::int64_t>(m.by->value) : 0)});
}

void Cloud::on(const PanelEvent& m) {
  if (trace_.enabled()) trace_panel_event(m);
  if (m.kind == PanelEventKind::duress_alarm) on_duress(m);
}

void Cloud::trace_panel_event(const PanelEvent& m) {
  trace("panel_event", {sim::field("event", static_cast<std::int64_t>(m.kind)),
                        sim::field("user", m.user ? static_cast<std::int64_t>(m.user->value) : 0)});
}

void Cloud::on_duress(const PanelEvent& m) {
  std::string partition;
  if (m.partition && m.partition->value < known_.size())
    partition = known_[m.partition->value].name;
  notify_owner(MessageSpec::duress_used(m.user ? user_name(m.user) : std::string(),
                                        directory_.config().name, std::move(partition)));
}

// ---- observation -----------------------------------------------------------------

SyncStatus Cloud::sync(core::UserId user, DeviceRef device) const {
  const UserState* st = find_user_state(user);
  if (st == nullptr) return {};
  if (std::holds_alternative<PanelDevice>(device)) return st->row.panel;
  const auto l = std::get<core::LockIndex>(device).value;
  return l < st->row.locks.size() ? st->row.locks[l] : SyncStatus{};
}

SyncRow Cloud::sync_row(core::UserId user) const {
  SyncRow row;
  row.user = user;
  const UserState* st = find_user_state(user);
  if (st == nullptr) {
    row.locks.resize(directory_.config().locks.size());
    return row;
  }
  row.panel = st->row.panel;
  row.locks.assign(st->row.locks.begin(), st->row.locks.end());
  return row;
}

std::optional<SyncStatus> Cloud::edit_sync(EditId edit, DeviceRef device) const {
  auto it = edits_.find(edit);
  if (it == edits_.end()) return std::nullopt;
  if (std::holds_alternative<PanelDevice>(device)) return it->second.panel;
  const auto l = std::get<core::LockIndex>(device).value;
  return l < it->second.locks.size() ? it->second.locks[l] : std::nullopt;
}

std::vector<PendingEdit> Cloud::pending_edits() const {
  std::vector<PendingEdit> out;
  for (const auto& [id, rec] : edits_) {
    if (rec.delivery != Delivery::queued && rec.delivery != Delivery::sent) continue;
    PendingEdit p{id,
                  rec.kind,
                  rec.user,
                  std::nullopt,
                  rec.delivery == Delivery::queued,
                  rec.superseded,
                  rec.created};
    if (const auto* cmd = std::get_if<RemoteArmCommand>(&rec.message)) p.partition = cmd->partition;
    out.push_back(p);
  }
  return out;
}

std::optional<PanelUser> Cloud::panel_confirmed(core::UserId user) const {
  const UserState* st = find_user_state(user);
  if (st == nullptr) return std::nullopt;
  if (st->confirmed) return st->confirmed_record;
  const core::User* installed = base_.find(user);  // what the site was installed with
  return installed != nullptr ? panel_record(*installed) : std::nullopt;
}

}  // namespace lockstep::devices
