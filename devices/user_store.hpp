// The panel's non-volatile memory for its user table.
//
// UserStore is the seam: a production panel writes flash/EEPROM, the
// simulator keeps the table in memory (MemoryUserStore), and tests put a
// GoogleMock in its place to check when the panel saves. The panel calls
// save_change() with the whole table and the user changed after every change it
// applies, and load() when it is built and when power comes back; the table
// last saved is what load() returns, across power_off()/power_on().
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "devices/messages.hpp"

namespace lockstep::devices {

class UserStore {
 public:
  virtual ~UserStore() = default;
  // The table as last saved (empty when nothing was ever saved).
  virtual std::vector<PanelUser> load() = 0;
  // Replaces the stored table with `users` (ascending user id).
  virtual void save(const std::vector<PanelUser>& users) = 0;
  // The same, when `users` differs from the table last saved in the record of
  // `changed` only (changed, added or removed): a store that keeps the table
  // may then write just that record. By default, save(users).
  virtual void save_change(const std::vector<PanelUser>& users, core::UserId changed) {
    (void)changed;
    save(users);
  }
};

// Keeps the table in memory: it outlives the Panel's power cycles because it
// outlives the Panel's RAM (the Panel object's own state).
class MemoryUserStore : public UserStore {
 public:
  MemoryUserStore() = default;
  explicit MemoryUserStore(std::vector<PanelUser> initial) : users_(std::move(initial)) {}

  std::vector<PanelUser> load() override { return users_; }
  void save(const std::vector<PanelUser>& users) override {
    users_ = users;
    ++saves_;
  }
  // Rewrites, inserts or erases the one record (a panel saves after every
  // edit: copying the whole table each time cost more than the edit). Should
  // the sizes not add up (a table not last saved by this panel), it copies
  // the whole table, as save() does.
  void save_change(const std::vector<PanelUser>& users, core::UserId changed) override {
    const auto by_id = [](const PanelUser& u, core::UserId id) { return u.id < id; };
    const auto now = std::lower_bound(users.begin(), users.end(), changed, by_id);
    const auto held = std::lower_bound(users_.begin(), users_.end(), changed, by_id);
    const bool in_now = now != users.end() && now->id == changed;
    const bool in_held = held != users_.end() && held->id == changed;
    if (in_now && in_held) {
      *held = *now;
    } else if (in_now) {
      users_.insert(held, *now);
    } else if (in_held) {
      users_.erase(held);
    }
    if (users_.size() != users.size()) users_ = users;
    ++saves_;
  }

  const std::vector<PanelUser>& users() const { return users_; }
  std::size_t saves() const { return saves_; }

 private:
  std::vector<PanelUser> users_;
  std::size_t saves_ = 0;
};

}  // namespace lockstep::devices
