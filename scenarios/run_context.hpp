// Internal to scenarios/: the state of one scenario run that the step
// executor (executor.cpp) and the condition checks (conditions.cpp) share.
// Not for other layers; see site_executor.hpp for the public API.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_code.hpp"
#include "core/ids.hpp"
#include "devices/site.hpp"
#include "devices/world.hpp"
#include "scenarios/invariants.hpp"
#include "scenarios/steps.hpp"
#include "sim/trace.hpp"

namespace lockstep::scenarios::detail {

struct RunContext {
  RunContext(const devices::World& world, std::uint64_t seed);

  devices::Site& site() { return site_; }
  const devices::Site& site() const { return site_; }
  const devices::World& world() const { return site_.world(); }
  sim::Time now() const { return run.now(); }

  // Remembers the directory's users as they are now: their names and codes
  // (kept after a user is deleted) and their mobile numbers' countries. The
  // run calls it after everything that can change the directory (the world's
  // install, each action, each event, a person's hands), so that what it
  // remembers is always up to date and reading it (conditions, lookups)
  // changes nothing.
  void remember_users();
  // The user of that name now, or the last one of that name the run knew.
  std::optional<core::UserId> find_user(std::string_view name) const;
  // The user's code now, or the last one the run knew (a deleted user).
  std::optional<core::AccessCode> code_of(core::UserId user) const;

  // "Alex Rivera, Sam Chen, ..." for failure texts.
  std::string users_list() const;
  std::string partitions_list() const;
  std::string locks_list() const;
  std::string keypads_list() const;

  // The time a window is measured from (site_executor.hpp, README "Time windows").
  sim::Time anchor_time(const TimeWindow& window) const;

  devices::SiteRun run;
  std::shared_ptr<sim::MemorySink> records;  // every record, secrets revealed (mask on output)
  InvariantChecker checker;

  std::vector<sim::Time> step_started;     // by step index, as steps start
  std::set<std::string> mobile_countries;  // every country a mobile number was entered for

 private:
  devices::Site& site_;                                          // run's
  std::map<std::string, core::UserId, std::less<>> user_names_;  // every name the run saw
  std::map<core::UserId, core::AccessCode> last_codes_;          // every user's last code
};

// Whether a condition holds now, and what was observed (no access code).
struct Evaluation {
  bool holds = false;
  std::string observed;
};
// Reads the run; changes nothing.
Evaluation evaluate(const RunContext& context, const Condition& condition);

// A trace field's value as the `fields:` of a trace condition compares it;
// secret fields read "****".
std::string field_text(const sim::TraceField& field);

}  // namespace lockstep::scenarios::detail
