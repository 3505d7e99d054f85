#include "sim/fault.hpp"

#include <algorithm>
#include <array>

#include "sim/distribution.hpp"

namespace lockstep::sim {
namespace {

constexpr std::array<FaultKind, 11> kAll{
    FaultKind::link_down,        FaultKind::link_up,        FaultKind::power_off,
    FaultKind::power_on,         FaultKind::lock_asleep,    FaultKind::lock_awake,
    FaultKind::lock_unreachable, FaultKind::lock_reachable, FaultKind::lock_jam,
    FaultKind::lock_unjam,       FaultKind::battery_low,
};

// Concatenates with appends: GCC 12's -Wrestrict misfires on chains of
// `"literal" + std::string` at -O3.
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

std::string all_names() {
  std::string out;
  for (FaultKind k : kAll) {
    if (!out.empty()) out += ", ";
    out += to_string(k);
  }
  return out;
}

}  // namespace

std::string_view to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::link_down:
      return "link_down";
    case FaultKind::link_up:
      return "link_up";
    case FaultKind::power_off:
      return "power_off";
    case FaultKind::power_on:
      return "power_on";
    case FaultKind::lock_asleep:
      return "lock_asleep";
    case FaultKind::lock_awake:
      return "lock_awake";
    case FaultKind::lock_unreachable:
      return "lock_unreachable";
    case FaultKind::lock_reachable:
      return "lock_reachable";
    case FaultKind::lock_jam:
      return "lock_jam";
    case FaultKind::lock_unjam:
      return "lock_unjam";
    case FaultKind::battery_low:
      return "battery_low";
  }
  return "unknown";
}

Parsed<FaultKind> parse_fault_kind(std::string_view text) {
  for (FaultKind k : kAll) {
    if (to_string(k) == text) return Parsed<FaultKind>::success(k);
  }
  return Parsed<FaultKind>::failure(cat("'", text, "' is not a fault: use one of ", all_names()));
}

std::span<const FaultKind> all_fault_kinds() {
  return kAll;
}

std::optional<FaultKind> recovery_of(FaultKind kind) {
  switch (kind) {
    case FaultKind::link_down:
      return FaultKind::link_up;
    case FaultKind::power_off:
      return FaultKind::power_on;
    case FaultKind::lock_asleep:
      return FaultKind::lock_awake;
    case FaultKind::lock_unreachable:
      return FaultKind::lock_reachable;
    case FaultKind::lock_jam:
      return FaultKind::lock_unjam;
    default:
      return std::nullopt;
  }
}

bool FaultInjector::Target::supports(FaultKind k) const {
  if (supported.empty()) return true;
  for (FaultKind s : supported) {
    if (s == k) return true;
  }
  return false;
}

FaultInjector::FaultInjector(Scheduler& scheduler, Trace* trace)
    : scheduler_(scheduler), trace_(trace) {}

void FaultInjector::register_target(std::string name, Apply apply,
                                    std::vector<FaultKind> supported) {
  targets_[std::move(name)] = Target{std::move(apply), std::move(supported)};
}

bool FaultInjector::has_target(std::string_view name) const {
  return targets_.find(name) != targets_.end();
}

std::vector<std::string> FaultInjector::target_names() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : targets_)
    out.push_back(name);
  return out;
}

std::string FaultInjector::check(FaultKind kind, std::string_view target) const {
  auto it = targets_.find(target);
  if (it == targets_.end()) {
    std::string known;
    for (const auto& [name, t] : targets_) {
      if (!known.empty()) known += ", ";
      known += name;
    }
    return cat("there is no fault target named '", target, "': known targets are ",
               known.empty() ? std::string("(none)") : known);
  }
  if (!it->second.supports(kind)) {
    return cat("'", target, "' does not support the fault ", to_string(kind));
  }
  return {};
}

Parsed<EventHandle> FaultInjector::schedule(const Fault& fault) {
  std::string why = check(fault.kind, fault.target);
  if (!why.empty()) return Parsed<EventHandle>::failure(std::move(why));
  const EventHandle h =
      scheduler_.schedule_at(fault.at, [this, kind = fault.kind, target = fault.target] {
        if (has_target(target)) apply(kind, target, "scheduled");
      });
  return Parsed<EventHandle>::success(h);
}

Parsed<bool> FaultInjector::inject_now(FaultKind kind, std::string_view target) {
  std::string why = check(kind, target);
  if (!why.empty()) return Parsed<bool>::failure(std::move(why));
  apply(kind, std::string(target), "manual");
  return Parsed<bool>::success(true);
}

void FaultInjector::apply(FaultKind kind, const std::string& target, std::string_view source) {
  auto it = targets_.find(target);
  if (it == targets_.end()) return;
  ++injected_;
  if (trace_ != nullptr && trace_->enabled()) {
    trace_->emit(
        scheduler_.now(), "fault", "inject",
        {field("fault", to_string(kind)), field("target", target), field("source", source)});
  }
  it->second.apply(kind);
}

void FaultInjector::enable_chaos(const ChaosConfig& config, Rng rng) {
  chaos_ = config;
  chaos_rng_ = rng;
  chaos_on_ = true;
  ++chaos_generation_;
  if (trace_ != nullptr && trace_->enabled()) {
    std::string kinds;
    for (FaultKind k : chaos_.kinds) {
      if (!kinds.empty()) kinds += ",";
      kinds += to_string(k);
    }
    trace_->emit(scheduler_.now(), "fault", "chaos_enabled",
                 {field("mean_time_between_faults", chaos_.mean_time_between_faults),
                  field("mean_outage", chaos_.mean_outage), field("kinds", kinds),
                  field("until", chaos_.until)});
  }
  chaos_schedule_next();
}

void FaultInjector::disable_chaos() {
  chaos_on_ = false;
  ++chaos_generation_;  // pending chaos ticks become no-ops; recoveries still run
}

void FaultInjector::chaos_schedule_next() {
  if (!chaos_on_ || chaos_.kinds.empty()) return;
  // At least 1us apart, so a zero mean cannot stall virtual time.
  const Duration gap =
      std::max(Duration::us(1),
               Distribution::exponential(chaos_.mean_time_between_faults).sample(chaos_rng_));
  const Time at = saturating_add(scheduler_.now(), gap);
  if (at > chaos_.until) return;
  scheduler_.schedule_at(at, [this, generation = chaos_generation_] {
    if (generation != chaos_generation_) return;
    chaos_fire();
    chaos_schedule_next();
  });
}

void FaultInjector::chaos_fire() {
  const FaultKind kind = chaos_.kinds[chaos_rng_.below(chaos_.kinds.size())];
  std::vector<const std::string*> candidates;
  if (chaos_.targets.empty()) {
    for (const auto& [name, t] : targets_) {
      if (t.supports(kind)) candidates.push_back(&name);
    }
  } else {
    for (const std::string& name : chaos_.targets) {
      auto it = targets_.find(name);
      if (it != targets_.end() && it->second.supports(kind)) candidates.push_back(&it->first);
    }
  }
  if (candidates.empty()) return;
  const std::string target = *candidates[chaos_rng_.below(candidates.size())];
  const auto recovery = recovery_of(kind);
  if (recovery && active_.contains({target, kind})) return;
  apply(kind, target, "chaos");
  if (!recovery) return;
  active_.insert({target, kind});
  const Duration outage = Distribution::exponential(chaos_.mean_outage).sample(chaos_rng_);
  scheduler_.schedule_after(outage, [this, target, kind, rec = *recovery] {
    active_.erase({target, kind});
    apply(rec, target, "chaos");
  });
}

}  // namespace lockstep::sim
