#include "app/example_system.hpp"

#include <array>
#include <stdexcept>

namespace lockstep::app {

std::span<const core::PartitionStatus> all_disarmed() {
  static const std::array<core::PartitionStatus, 2> kDisarmed = {
      {{"House", core::PartitionState::disarmed}, {"Garage", core::PartitionState::disarmed}}};
  return kDisarmed;
}

core::Directory example_directory() {
  using namespace core;
  SystemConfig c;
  c.name = "Rivera Home";
  c.panel.model = "48-user hardwired panel";
  c.panel.max_users = 48;
  c.panel.code_lengths = CodeLengths{4, 4};
  c.partitions = {{"House"}, {"Garage"}};
  LockSpec deadbolt{"30-slot deadbolt", 30, CodeLengths{4, 8, {}, true}};
  LockSpec five_button{"30-slot five-button deadbolt", 30, CodeLengths{4, 8}, true};
  LockSpec lever{"19-slot lever lock", 19, CodeLengths{4, 4}};
  c.locks = {{"Front Door", deadbolt}, {"Back Door", five_button}, {"Garage Door", lever}};
  c.installer_code = AccessCode("4112");
  Directory dir(c);

  struct Seed {
    const char* first;
    const char* last;
    Role role;
    const char* code;
    Grants grants;
  };
  const Seed seeds[] = {
      {"Alex", "Rivera", Role::master, "5094", Grants::everything(c)},
      {"Sam", "Chen", Role::standard, "7391", Grants{{true, false}, {true, true, false}}},
      {"Jordan", "Patel", Role::guest, "6047", Grants{{false, true}, {false, false, true}}},
  };
  for (const auto& s : seeds) {
    auto id = dir.create_user(s.first, s.last, s.role, all_disarmed());
    if (!id ||
        !dir.save(*id, CodeEdit{AccessCode(s.code), s.grants, {}, {}}, all_disarmed()).ok()) {
      throw std::logic_error("the built-in example system is invalid");
    }
  }
  return dir;
}

}  // namespace lockstep::app
