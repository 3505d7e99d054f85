// The panel's non-volatile memory for its user table.
//
// UserStore is the seam: a production panel writes flash/EEPROM, the
// simulator keeps the table in memory (MemoryUserStore), and tests put a
// GoogleMock in its place to check when the panel saves. The panel calls
// save() with the whole table after every change it applies, and load() when
// it is built and when power comes back; whatever save() was last given is what
// load() returns, across power_off()/power_on().
#pragma once

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

  const std::vector<PanelUser>& users() const { return users_; }
  std::size_t saves() const { return saves_; }

 private:
  std::vector<PanelUser> users_;
  std::size_t saves_ = 0;
};

}  // namespace lockstep::devices
