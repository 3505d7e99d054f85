#include "core/directory.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace lockstep::core {
namespace {

constexpr std::size_t kMaxNameChars = 64;
constexpr std::array<std::string_view, 6> kLanguages = {"en", "es", "fr", "de", "pt", "it"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// Decodes UTF-8, refusing overlong forms, surrogates and control characters;
// returns the number of code points, or nullopt when the text is not valid.
std::optional<std::size_t> count_printable_code_points(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if ((b0 & 0xE0) == 0xC0) {
      cp = b0 & 0x1FU;
      len = 2;
    } else if ((b0 & 0xF0) == 0xE0) {
      cp = b0 & 0x0FU;
      len = 3;
    } else if ((b0 & 0xF8) == 0xF0) {
      cp = b0 & 0x07U;
      len = 4;
    } else {
      return std::nullopt;
    }
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3FU);
    }
    constexpr std::array<std::uint32_t, 5> kMinForLength = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return std::nullopt;
    ++count;
    i += len;
  }
  return count;
}

// Only differences count: saving an unchanged form is not an edit.
bool changes_panel(const User& u, const CodeEdit& e) {
  return (e.code && (!u.code || !(*e.code == *u.code))) || (e.grants && *e.grants != u.grants) ||
         (e.access_times && *e.access_times != u.access_times) || (e.role && *e.role != u.role);
}

EditKind first_kind(const User& u, const CodeEdit& e) {
  if (e.code && (!u.code || !(*e.code == *u.code))) return EditKind::code;
  if (e.grants && *e.grants != u.grants) return EditKind::grants;
  if (e.access_times && *e.access_times != u.access_times) return EditKind::access_times;
  return EditKind::role;
}

std::optional<Problem> check_role(Role role, const PanelSpec& panel) {
  if (role == Role::duress && panel.duress == DuressScope::none) {
    return Problem{ErrorId::role_not_supported, "duress"};
  }
  if (role == Role::master && !panel.supports_master) {
    return Problem{ErrorId::role_not_supported, "master"};
  }
  return std::nullopt;
}

}  // namespace

Grants Grants::everything(const SystemConfig& config) {
  return Grants{Toggles(config.partitions.size(), true), Toggles(config.locks.size(), true)};
}

Grants Grants::nothing(const SystemConfig& config) {
  return Grants{Toggles(config.partitions.size(), false), Toggles(config.locks.size(), false)};
}

std::string User::display_name() const {
  std::string name;
  name.reserve(first_name.size() + 1 + last_name.size());
  write_display_name(name);
  return name;
}

void User::write_display_name(std::string& out) const {
  out.assign(first_name).append(1, ' ').append(last_name);
}

Result<std::string> normalize_name(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) return Problem{ErrorId::name_required};
  const auto chars = count_printable_code_points(trimmed);
  if (!chars) return Problem{ErrorId::name_invalid};
  if (*chars > kMaxNameChars) return Problem{ErrorId::name_too_long};
  return std::string(trimmed);
}

Directory::Directory(SystemConfig config) : config_(std::move(config)) {}

const User* Directory::find(UserId id) const {
  const auto it = std::lower_bound(users_.begin(), users_.end(), id,
                                   [](const User& u, UserId v) { return u.id < v; });
  return it != users_.end() && it->id == id ? &*it : nullptr;
}

User* Directory::find_mutable(UserId id) {
  return const_cast<User*>(std::as_const(*this).find(id));
}

std::size_t Directory::panel_slots_used() const {
  const bool installer_counts =
      config_.panel.special_codes_count_toward_capacity && config_.installer_code.has_value();
  return users_.size() + (installer_counts ? 1U : 0U);
}

Result<UserId> Directory::create_user(std::string_view first_name, std::string_view last_name,
                                      Role role, std::span<const PartitionStatus> partitions) {
  Verdict verdict;
  if (auto guard = check_edit_allowed(EditKind::create_user, partitions, config_.panel)) {
    return *guard;  // nothing else matters while armed
  }
  auto first = normalize_name(first_name);
  auto last = normalize_name(last_name);
  if (!first) verdict.add(Problem{first.error().id, "first name"});
  if (!last) verdict.add(Problem{last.error().id, "last name"});
  if (auto p = check_role(role, config_.panel)) verdict.add(*p);
  if (panel_slots_used() >= config_.panel.max_users) {
    verdict.add(
        Problem{ErrorId::user_limit_reached, std::to_string(config_.panel.max_users) + " users"});
  }
  if (!verdict.ok()) return verdict;

  User user;
  user.id = UserId{next_id_++};
  user.first_name = std::move(first).value();
  user.last_name = std::move(last).value();
  user.role = role;
  user.grants = Grants::nothing(config_);
  users_.push_back(std::move(user));
  return users_.back().id;
}

// The lists of codes a code is checked against (a CodeContext's views point
// here), which are also what the lock-slot limit counts: the reserved codes
// (the installer's, then duress users'), the other users' codes, and for each
// lock with a list, the codes that lock holds. Users are laid in directory
// order: save(), preview() and Generate Code lay every other user; add_users
// lays the directory's users once, then each user of its list after checking
// that user, so each is checked against the codes held before it. Up to
// kInlineCodes code pointers and kInlineLocks lock lists live on the caller's
// stack; a bigger system allocates once for each.
class Directory::CodeLists {
 public:
  static constexpr std::size_t kInlineCodes = 256;
  static constexpr std::size_t kInlineLocks = 8;

  CodeLists() = default;
  CodeLists(const CodeLists&) = delete;
  CodeLists& operator=(const CodeLists&) = delete;

  // Lists for `config`, one for each lock `locks` switches on (every lock
  // when null), each with room for `room` codes, holding the installer code.
  // `config` must outlive the lists.
  void start(const SystemConfig& config, const Toggles* locks, std::size_t room) {
    config_ = &config;
    const std::size_t lock_lists = locks != nullptr ? locks->count() : config.locks.size();
    listed_ = pick(inline_listed_, more_listed_, lock_lists);
    std::size_t n = 0;
    for (std::uint32_t l = 0; l < config.locks.size(); ++l) {
      if (locks == nullptr || locks->test(l)) listed_[n++] = l;
    }
    first_ = pick(inline_codes_, more_codes_, (2 + lock_lists) * room).data();
    room_ = room;
    ends_ = pick(inline_ends_, more_ends_, 2 + lock_lists);
    for (std::size_t k = 0; k < ends_.size(); ++k)
      ends_[k] = first_ + k * room;
    targets_ = pick(inline_targets_, more_targets_, lock_lists);
    if (config.installer_code) lay(0, &*config.installer_code);
  }

  // Lays `user`'s code, if any, in every list it belongs to.
  void add(const User& user) {
    if (!user.code) return;
    const AccessCode* code = &*user.code;
    lay(user.role == Role::duress ? 0 : 1, code);  // duress codes are reserved
    each_lock_list([&](LockIndex lock, std::size_t k) {
      if (user.grants.lock(lock)) lay(k, code);
    });
  }

  // What a code with `grants` is checked against, as laid so far. `grants`
  // grants only locks that have a list.
  CodeContext context(const Grants& grants) {
    CodeContext ctx;
    ctx.panel = &config_->panel;
    ctx.policy = &config_->policy;
    ctx.reserved = list(0);
    ctx.other_users = list(1);
    std::size_t n = 0;
    each_lock_list([&](LockIndex lock, std::size_t k) {
      if (!grants.lock(lock)) return;
      const LockConfig& c = config_->locks[lock.value];
      targets_[n++] = LockTarget{c.name, &c.spec, list(k)};
    });
    ctx.locks = targets_.first(n);
    return ctx;
  }

  // check_code's problems in context(grants), then, as a lock holds one code
  // per slot, lock_slots_full for each granted lock the user's code is not
  // in yet (`held`: the grants the user holds a code with, null when they
  // hold none) that holds as many codes as it has slots.
  Verdict check(const AccessCode& code, const Grants& grants, const Grants* held) {
    Verdict verdict = check_code(code, context(grants));
    each_lock_list([&](LockIndex lock, std::size_t k) {
      if (!grants.lock(lock) || (held != nullptr && held->lock(lock))) return;
      const LockConfig& c = config_->locks[lock.value];
      if (list(k).size() >= c.spec.slots) verdict.add(Problem{ErrorId::lock_slots_full, c.name});
    });
    return verdict;
  }

 private:
  template <class T, std::size_t N>
  static std::span<T> pick(std::array<T, N>& inline_room, std::vector<T>& more, std::size_t n) {
    if (n <= N) return {inline_room.data(), n};
    more.resize(n);
    return more;
  }
  // Calls f(lock, index of its list) for each lock with a list, in lock order.
  template <class F>
  void each_lock_list(F&& f) const {
    for (std::size_t j = 0; j < listed_.size(); ++j)
      f(LockIndex{listed_[j]}, 2 + j);
  }
  // List k (0: reserved, 1: other users, 2 + j: the j-th lock with a list)
  // starts at k * room_ in the codes and ends at ends_[k].
  CodeList list(std::size_t k) const { return {first_ + k * room_, ends_[k]}; }
  void lay(std::size_t k, const AccessCode* code) { *ends_[k]++ = code; }

  const SystemConfig* config_ = nullptr;
  std::span<std::uint32_t> listed_;     // the locks with a list, in lock order
  const AccessCode** first_ = nullptr;  // the first code of list 0
  std::size_t room_ = 0;                // codes each list has room for
  std::span<const AccessCode**> ends_;
  std::span<LockTarget> targets_;
  std::array<const AccessCode*, kInlineCodes> inline_codes_;
  std::array<const AccessCode**, 2 + kInlineLocks> inline_ends_;
  std::array<std::uint32_t, kInlineLocks> inline_listed_;
  std::array<LockTarget, kInlineLocks> inline_targets_;
  std::vector<const AccessCode*> more_codes_;
  std::vector<const AccessCode**> more_ends_;
  std::vector<std::uint32_t> more_listed_;
  std::vector<LockTarget> more_targets_;
};

void Directory::lay_codes(CodeLists& lists, UserId self, const Toggles* locks,
                          std::size_t extra) const {
  lists.start(config_, locks, users_.size() + extra + 1);  // every user and the installer
  for (const User& u : users_) {
    if (u.id != self) lists.add(u);
  }
}

Verdict Directory::check_edit(const User& current, const CodeEdit& edit,
                              std::span<const PartitionStatus> partitions) const {
  Verdict verdict;
  if (!changes_panel(current, edit)) return verdict;
  if (auto guard = check_edit_allowed(first_kind(current, edit), partitions, config_.panel)) {
    return *guard;
  }

  const Grants& grants = edit.grants ? *edit.grants : current.grants;
  if (grants.partitions.size() != config_.partitions.size()) {
    verdict.add(Problem{ErrorId::partition_unknown});
  }
  if (grants.locks.size() != config_.locks.size()) verdict.add(Problem{ErrorId::lock_unknown});
  if (edit.role) {
    if (auto p = check_role(*edit.role, config_.panel)) verdict.add(*p);
  }
  if (edit.access_times) verdict.merge(validate(*edit.access_times));
  if (!verdict.ok()) return verdict;

  const bool code_changed = edit.code && (!current.code || !(*edit.code == *current.code));
  const bool grants_changed = edit.grants && *edit.grants != current.grants;
  const AccessCode* code = edit.code ? &*edit.code : (current.code ? &*current.code : nullptr);
  // (When neither changed, no lock is newly granted: there is nothing to check.)
  if (code != nullptr && (code_changed || grants_changed)) {
    CodeLists lists;
    lay_codes(lists, current.id, &grants.locks);
    verdict.merge(lists.check(*code, grants, current.code ? &current.grants : nullptr));
  }
  return verdict;
}

Verdict Directory::add_users(std::span<const NewUser> users,
                             std::span<const PartitionStatus> partitions) {
  if (users.empty()) return {};
  if (auto guard = check_edit_allowed(EditKind::create_user, partitions, config_.panel)) {
    return *guard;  // nothing else matters while armed
  }
  Verdict verdict;
  // A problem of the list's user i, named by its place (never by its code).
  const auto add = [&verdict](std::size_t i, Problem p) {
    std::string subject = "new user " + std::to_string(i + 1);
    if (!p.subject.empty()) subject.append(": ").append(p.subject);
    p.subject = std::move(subject);
    verdict.add(std::move(p));
  };
  if (panel_slots_used() + users.size() > config_.panel.max_users) {
    verdict.add(
        Problem{ErrorId::user_limit_reached, std::to_string(config_.panel.max_users) + " users"});
  }
  const std::size_t first = users_.size();
  const std::uint32_t first_id = next_id_;
  // Room for the whole list first: the code lists point at the users' codes,
  // so users_ must not move once they are laid (nor while the list is added).
  users_.reserve(first + users.size());
  // The code lists of the directory as it is (no user has id 0), with a list
  // for every lock and room for the whole list.
  CodeLists lists;
  lay_codes(lists, UserId{}, nullptr, users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    const NewUser& n = users[i];
    auto first_name = normalize_name(n.first_name);
    auto last_name = normalize_name(n.last_name);
    if (!first_name) add(i, Problem{first_name.error().id, "first name"});
    if (!last_name) add(i, Problem{last_name.error().id, "last name"});
    if (auto p = check_role(n.role, config_.panel)) add(i, *p);
    if (n.grants && n.grants->partitions.size() != config_.partitions.size()) {
      add(i, Problem{ErrorId::partition_unknown});
    }
    if (n.grants && n.grants->locks.size() != config_.locks.size()) {
      add(i, Problem{ErrorId::lock_unknown});
    }
    if (n.access_times) {
      const Verdict times = validate(*n.access_times);
      for (const Problem& p : times.problems())
        add(i, p);
    }
    if (!verdict.ok()) continue;
    User user;
    user.id = UserId{next_id_++};
    user.first_name = std::move(first_name).value();
    user.last_name = std::move(last_name).value();
    user.role = n.role;
    user.code = n.code;
    user.grants = n.grants ? *n.grants : Grants::nothing(config_);
    if (n.access_times) user.access_times = *n.access_times;
    users_.push_back(std::move(user));
  }
  if (verdict.ok()) {
    // Each code in turn, against the codes held before it (the directory's,
    // then the list's before it), as one-by-one saves see them: the lists
    // save() checks against, laid once (above) and extended by each user of
    // the list after that user's check.
    for (std::size_t i = 0; i < users.size(); ++i) {
      const User& u = users_[first + i];
      if (u.code) {
        const Verdict code = lists.check(*u.code, u.grants, nullptr);
        for (const Problem& p : code.problems())
          add(i, p);
      }
      lists.add(u);
    }
  }
  if (!verdict.ok()) {  // refused whole: the directory as it was
    users_.erase(users_.begin() + static_cast<std::ptrdiff_t>(first), users_.end());
    next_id_ = first_id;
  }
  return verdict;
}

Verdict Directory::preview(UserId id, const CodeEdit& edit,
                           std::span<const PartitionStatus> partitions) const {
  const User* user = find(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  return check_edit(*user, edit, partitions);
}

Verdict Directory::save(UserId id, const CodeEdit& edit,
                        std::span<const PartitionStatus> partitions, User* previous) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  Verdict verdict = check_edit(*user, edit, partitions);
  if (!verdict.ok()) return verdict;
  if (previous != nullptr) *previous = *user;
  if (edit.code) user->code = *edit.code;
  if (edit.grants) user->grants = *edit.grants;
  if (edit.access_times) user->access_times = *edit.access_times;
  if (edit.role) user->role = *edit.role;
  return verdict;
}

Verdict Directory::rename(UserId id, std::string_view first_name, std::string_view last_name) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  auto first = normalize_name(first_name);
  auto last = normalize_name(last_name);
  Verdict verdict;
  if (!first) verdict.add(Problem{first.error().id, "first name"});
  if (!last) verdict.add(Problem{last.error().id, "last name"});
  if (!verdict.ok()) return verdict;
  user->first_name = std::move(first).value();
  user->last_name = std::move(last).value();
  return verdict;
}

Verdict Directory::set_language(UserId id, std::string_view language) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  if (std::find(kLanguages.begin(), kLanguages.end(), language) == kLanguages.end()) {
    return Problem{ErrorId::language_unknown};
  }
  user->language = std::string(language);
  return {};
}

Result<std::size_t> Directory::add_contact(UserId id, Contact contact) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  if (user->contacts.size() >= config_.max_contacts_per_user) {
    return Problem{ErrorId::contact_limit_reached};
  }
  user->contacts.push_back(std::move(contact));
  return user->contacts.size() - 1;
}

Verdict Directory::remove_contact(UserId id, std::size_t index) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  if (index >= user->contacts.size()) return Problem{ErrorId::contact_not_found};
  user->contacts.erase(user->contacts.begin() + static_cast<std::ptrdiff_t>(index));
  return {};
}

Verdict Directory::delete_user(UserId id, std::span<const PartitionStatus> partitions,
                               User* removed) {
  User* user = find_mutable(id);
  if (user == nullptr) return Problem{ErrorId::user_not_found};
  if (auto guard = check_edit_allowed(EditKind::delete_user, partitions, config_.panel)) {
    return *guard;
  }
  if (removed != nullptr) *removed = std::move(*user);
  users_.erase(users_.begin() + (user - users_.data()));
  return {};
}

Result<AccessCode> Directory::generate_code(UserId id, const Grants& grants,
                                            std::uint64_t random) const {
  if (find(id) == nullptr) return Problem{ErrorId::user_not_found};
  CodeLists lists;
  lay_codes(lists, id, &grants.locks);
  return core::generate_code(lists.context(grants), random);
}

DesiredCodes Directory::desired_for_lock(LockIndex lock) const {
  DesiredCodes out;
  out.reserve(users_.size());  // at most one entry per user: sized once
  for (const auto& u : users_) {
    if (u.code && u.grants.lock(lock)) out.push_back(SlotContent{u.id, *u.code, u.access_times});
  }
  return out;
}

DesiredCodes Directory::desired_for_panel() const {
  DesiredCodes out;
  out.reserve(users_.size());  // at most one entry per user: sized once
  for (const auto& u : users_) {
    if (u.code) out.push_back(SlotContent{u.id, *u.code});
  }
  return out;
}

}  // namespace lockstep::core
