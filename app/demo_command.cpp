// lockstep demo: the article's website flow, step by step, decided by the
// real core on the built-in default world. Codes are shown masked.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/site_defaults.hpp"
#include "core/directory.hpp"

namespace lockstep::app {
namespace {

void step(int n, const std::string& what) {
  std::cout << "\n" << n << ". " << what << "\n";
}

void verdict_line(const core::Verdict& v) {
  if (v.ok() && v.problems().empty()) {
    std::cout << "   -> saved\n";
    return;
  }
  for (const auto& p : v.problems()) {
    std::cout << "   -> " << (p.severity == core::Severity::error ? "refused" : "warning") << " "
              << core::name(p.id) << ": " << p.message() << "\n";
  }
}

int run_demo() {
  using namespace core;
  const devices::World& world = devices::default_world();
  Directory dir = default_directory();
  const auto disarmed = all_disarmed(world);
  const std::vector<PartitionStatus> armed = {{"House", PartitionState::armed_away},
                                              {"Garage", PartitionState::disarmed}};
  const auto& cfg = dir.config();

  std::cout << "Lockstep core demonstration on \"" << cfg.name << "\" (" << world.panel_model_name
            << "; partitions House, Garage; locks Front Door, Back Door, Garage Door)\n";
  std::cout << "Users: ";
  for (const auto& u : dir.users())
    std::cout << u.display_name() << "  ";
  std::cout << "\n";

  step(1, "Log into the website, click Users, click Add New User.");
  step(2, "Enter the user's first and last name (Casey Morgan), then click Create.");
  auto casey = dir.create_user("Casey", "Morgan", Role::standard, disarmed);
  std::cout << "   -> created user #" << casey->value << "\n";

  Grants grants = Grants::everything(cfg);
  step(3, "In Access Code, enter 1234 (toggles: every partition and lock), click Save.");
  verdict_line(dir.save(*casey, CodeEdit{AccessCode("1234"), grants, {}, {}}, disarmed));

  step(4, "Try Sam Chen's code instead.");
  verdict_line(dir.save(*casey, CodeEdit{AccessCode("3619"), grants, {}, {}}, disarmed));

  step(5, "Try a 6-digit code with every lock on (Garage Door takes 4 digits only).");
  verdict_line(dir.save(*casey, CodeEdit{AccessCode("803517"), grants, {}, {}}, disarmed));

  step(6, "House is armed away: try to save while armed.");
  verdict_line(dir.save(*casey, CodeEdit{AccessCode("8362"), grants, {}, {}}, armed));

  step(7, "Disarm first, then save 8362 with the Garage Door toggled off.");
  grants.locks.set(2, false);
  verdict_line(dir.save(*casey, CodeEdit{AccessCode("8362"), grants, {}, {}}, disarmed));
  std::cout << "   Allow a few minutes for the new user code to be active at the panel.\n";

  step(8, "What each lock should now hold (the sync planner's input):");
  for (std::uint32_t l = 0; l < cfg.locks.size(); ++l) {
    const auto desired = dir.desired_for_lock(LockIndex{l});
    std::cout << "   " << cfg.locks[l].name << ": " << desired.size() << " codes (";
    for (std::size_t i = 0; i < desired.size(); ++i) {
      std::cout << (i ? ", " : "") << dir.find(desired[i].user)->display_name() << " "
                << AccessCode::kMask;
    }
    std::cout << ")\n";
  }

  step(9, "Click + Add Contact -> Mobile Number (US, Verizon), then Email Address (HTML).");
  auto mobile = make_mobile_contact({"(201) 555-0123", "US", "verizon"});
  if (mobile) {
    dir.add_contact(*casey, *mobile);
    std::cout << "   -> mobile saved as " << std::get<MobileContact>(*mobile).e164 << " via "
              << std::get<MobileContact>(*mobile).carrier << "\n";
  } else {
    verdict_line(mobile.verdict());
  }
  auto email = make_email_contact({"casey.morgan@example.com", "HTML"});
  if (email) {
    dir.add_contact(*casey, *email);
    std::cout << "   -> email saved (" << label(std::get<EmailContact>(*email).format) << ")\n";
  } else {
    verdict_line(email.verdict());
  }
  std::cout << "   A UK landline entered for the US:\n";
  verdict_line(make_mobile_contact({"020 7946 0018", "US", "Verizon"}).verdict());

  step(10, "At the Hall Keypad (House), Casey types the new code, then a wrong one.");
  std::vector<Credential> held;
  for (const auto& u : dir.users()) {
    if (u.code) held.push_back(Credential{u.id, &*u.code, u.role, u.grants.partition({}), nullptr});
  }
  LockoutState lockout;
  const LocalDateTime morning{2026, 11, 26, 8, 30};
  auto r = check_entry("8362", held, cfg.panel.keypad_lockout, lockout, Instant{0}, morning);
  std::cout << "   -> " << (r.outcome == EntryOutcome::accepted ? "accepted: " : "refused: ")
            << (r.user ? dir.find(*r.user)->display_name() : "") << "\n";
  r = check_entry("0000", held, cfg.panel.keypad_lockout, lockout, Instant{1}, morning);
  std::cout << "   -> refused: " << (r.reason ? sentence(*r.reason) : "") << "\n";

  std::cout << "\nDone. Try: lockstep check-code <code> [--lock 'Front Door']\n";
  return 0;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  app.add_subcommand("demo",
                     "Walk through the article's website flow on the built-in default world, "
                     "decided by the real core (the default main job until scenarios land).");
  return [] { return run_demo(); };
}

}  // namespace lockstep::app
