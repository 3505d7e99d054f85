// lockstep check-code: asks the real core whether a code may be given to a
// new user of the built-in example system, and prints the verdict with each
// error id and sentence. The code itself is never printed.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/site_defaults.hpp"
#include "core/directory.hpp"

namespace lockstep::app {
namespace {

struct CheckCodeOptions {
  std::string code;
  bool from_stdin = false;
  std::vector<std::string> locks;
  bool no_locks = false;
};

void print_problem(const core::Problem& p) {
  const char* what = p.severity == core::Severity::error ? "refused" : "warning";
  std::cout << "  " << what << "  " << core::name(p.id) << "  (" << core::field(p.id) << ")  "
            << p.message() << "\n";
}

int run_check_code(const CheckCodeOptions& opt) {
  std::string code = opt.code;
  if (opt.from_stdin || code == "-") {
    if (!std::getline(std::cin, code)) {
      std::cerr << "check-code: no code on standard input\n";
      return 2;
    }
  }

  const devices::World& world = devices::default_world();
  core::Directory dir = default_directory();
  const auto disarmed = all_disarmed(world);
  const auto& config = dir.config();
  core::Grants grants = core::Grants::everything(config);
  if (opt.no_locks) grants.locks.assign(config.locks.size(), false);
  if (!opt.locks.empty()) {
    grants.locks.assign(config.locks.size(), false);
    for (const auto& wanted : opt.locks) {
      bool found = false;
      for (std::size_t i = 0; i < config.locks.size(); ++i) {
        if (config.locks[i].name == wanted) {
          grants.locks.set(i);
          found = true;
        }
      }
      if (!found) {
        std::cerr << "check-code: --lock '" << wanted << "' is not a lock of the default world; "
                  << "use one of:";
        for (const auto& l : config.locks)
          std::cerr << " '" << l.name << "'";
        std::cerr << "\n";
        return 2;
      }
    }
  }

  std::cout << "System \"" << config.name << "\": " << world.panel_model_name << ", "
            << dir.users().size() << " users; checking a new user's code for the locks:";
  bool any = false;
  for (std::size_t i = 0; i < config.locks.size(); ++i) {
    if (grants.locks[i]) std::cout << (any ? ", " : " ") << config.locks[i].name;
    any = any || grants.locks[i];
  }
  std::cout << (any ? "" : " none") << "\n";

  auto user = dir.create_user("New", "User", core::Role::standard, disarmed);
  const core::Verdict verdict =
      dir.preview(*user, core::CodeEdit{core::AccessCode(code), grants, {}, {}}, disarmed);
  if (verdict.ok()) {
    std::cout << "accepted: the code suits the panel and every granted lock\n";
    for (const auto& p : verdict.problems())
      print_problem(p);
    return 0;
  }
  std::cout << "refused:\n";
  for (const auto& p : verdict.problems())
    print_problem(p);
  return 1;
}

}  // namespace

Command add_check_code_command(CLI::App& app) {
  auto opt = std::make_shared<CheckCodeOptions>();
  auto* cmd = app.add_subcommand(
      "check-code",
      "Check an access code for a new user with the real core, against the built-in default "
      "world (partitions House and Garage; locks Front Door, Back Door, Garage Door; 3 users). "
      "Exit 0 accepted, 1 refused, 2 bad input.");
  cmd->add_option("code", opt->code, "the code to check, or - to read it from standard input")
      ->required();
  cmd->add_option("--lock", opt->locks, "grant only these locks (repeatable; default: every lock)");
  cmd->add_flag("--no-locks", opt->no_locks, "grant no lock (panel rules only)");
  cmd->footer(
      "Example: lockstep check-code 8362 --lock 'Front Door'\n"
      "The code is never printed; errors name the rule and the lock concerned.");
  return [opt] { return run_check_code(*opt); };
}

}  // namespace lockstep::app
