// The conditions of `expect:` and `wait_until:` (README "Conditions"),
// evaluated against a running site. Each returns whether it holds and, for a
// failure report, what was observed — never an access code.
//
// [SECTION] RunContext: names, codes, anchors
// [SECTION] One function per condition
// [SECTION] evaluate()
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/contact.hpp"
#include "devices/outbox.hpp"
#include "scenarios/device_mapping.hpp"
#include "scenarios/run_context.hpp"

namespace lockstep::scenarios::detail {

// =============================================================================
// [SECTION] RunContext: names, codes, anchors
// =============================================================================

RunContext::RunContext(const devices::World& world, std::uint64_t seed)
    : run(world, seed),
      records(std::make_shared<sim::MemorySink>()),
      checker(run.site()),
      site_(run.site()) {
  run.trace().set_digest_enabled(true);
  run.trace().add_sink(records);
  remember_users();
  for (const auto& u : world.users) {
    for (const auto& c : u.contacts) {
      if (const auto* m = std::get_if<core::MobileContact>(&c)) mobile_countries.insert(m->country);
    }
  }
}

void RunContext::remember_users() {
  for (const auto& u : site().cloud().directory().users()) {
    user_names_[u.display_name()] = u.id;
    if (u.code) last_codes_.insert_or_assign(u.id, *u.code);
    for (const auto& c : u.contacts) {
      if (const auto* m = std::get_if<core::MobileContact>(&c)) mobile_countries.insert(m->country);
    }
  }
}

std::optional<core::UserId> RunContext::find_user(std::string_view name) const {
  for (const auto& u : site().cloud().directory().users()) {
    if (u.display_name() == name) return u.id;
  }
  const auto it = user_names_.find(name);
  if (it != user_names_.end()) return it->second;
  return std::nullopt;
}

std::optional<core::AccessCode> RunContext::code_of(core::UserId user) const {
  if (const core::User* u = site().cloud().directory().find(user)) {
    if (u->code) return u->code;
  }
  const auto it = last_codes_.find(user);
  if (it != last_codes_.end()) return it->second;
  return std::nullopt;
}

std::string RunContext::users_list() const {
  std::string out;
  for (const auto& u : site().cloud().directory().users()) {
    if (!out.empty()) out += ", ";
    out += u.display_name();
  }
  return out.empty() ? "(none)" : out;
}

std::string RunContext::partitions_list() const {
  std::string out;
  for (const auto& p : world().system.partitions) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

std::string RunContext::locks_list() const {
  std::string out;
  for (const auto& l : world().system.locks) {
    if (!out.empty()) out += ", ";
    out += l.name;
  }
  return out.empty() ? "(none)" : out;
}

std::string RunContext::keypads_list() const {
  std::string out;
  for (const auto& k : world().keypads) {
    if (!out.empty()) out += ", ";
    out += k.name;
  }
  return out.empty() ? "(none)" : out;
}

sim::Time RunContext::anchor_time(const TimeWindow& window) const {
  if (window.anchor_step && *window.anchor_step < step_started.size()) {
    return step_started[*window.anchor_step];
  }
  return sim::Time::zero();
}

std::string field_text(const sim::TraceField& field) {
  if (field.secret) return std::string(sim::kMasked);
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<V, double>) {
          char buffer[32];
          std::snprintf(buffer, sizeof buffer, "%g", v);
          return buffer;
        } else if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else {
          return v;
        }
      },
      field.value);
}

// =============================================================================
// [SECTION] One function per condition
// =============================================================================
namespace {

// "00:01:42.000000", and with a window "(1m42s after the last save)".
std::string when(sim::Time at, const TimeWindow& window, sim::Time anchor) {
  std::string out = sim::format_time(at);
  if (window.empty()) return out;
  return out + " (" + sim::format_duration(at - anchor) + " after " +
         (window.anchor_step ? "the last save" : "the start") + ")";
}

bool in_window(const TimeWindow& w, sim::Duration since_anchor) {
  if (w.no_earlier_than && since_anchor < *w.no_earlier_than) return false;
  if (w.within && since_anchor > *w.within) return false;
  return true;
}

std::string window_text(const TimeWindow& w) {
  std::string out;
  if (w.no_earlier_than) out += "no earlier than " + sim::format_duration(*w.no_earlier_than);
  if (w.within) {
    if (!out.empty()) out += " and ";
    out += "within " + sim::format_duration(*w.within);
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A device of a sync / holds condition: the panel or a lock.
std::optional<devices::DeviceRef> device_ref(const RunContext& ctx, std::string_view name) {
  if (name == "panel") return devices::DeviceRef{devices::kPanel};
  if (const auto l = ctx.world().lock(name)) return devices::DeviceRef{*l};
  return std::nullopt;
}

Evaluation unknown_device(const RunContext& ctx, std::string_view name) {
  return {false,
          "no device '" + std::string(name) + "' (devices: panel, " + ctx.locks_list() + ")"};
}

Evaluation unknown_user(const RunContext& ctx, std::string_view name) {
  return {false, "no user '" + std::string(name) + "' (users: " + ctx.users_list() + ")"};
}

Evaluation sync_is(const RunContext& ctx, const SyncIs& c) {
  const auto user = ctx.find_user(c.user);
  if (!user) return unknown_user(ctx, c.user);
  const auto device = device_ref(ctx, c.device);
  if (!device) return unknown_device(ctx, c.device);
  const devices::SyncStatus s = ctx.site().cloud().sync(*user, *device);
  bool holds = s.state == to_device(c.state);
  if (holds && c.state == SyncState::failed && c.error) holds = s.error == c.error;
  if (holds && c.state == SyncState::pending && !c.pending_reason.empty()) {
    holds = s.reason == c.pending_reason;
  }
  const sim::Time anchor = ctx.anchor_time(c.window);
  if (holds && !c.window.empty()) holds = in_window(c.window, s.since - anchor);

  std::string observed =
      c.user + " on " + c.device + ": " + std::string(devices::to_string(s.state));
  if (s.error) {
    observed += " (";
    observed += core::name(*s.error);
    observed += ")";
  } else if (!s.reason.empty()) {
    observed += " (";
    observed += s.reason;
    observed += ")";
  }
  observed += " since " + when(s.since, c.window, anchor);
  return {holds, observed};
}

Evaluation partition_is(const RunContext& ctx, const PartitionIs& c) {
  const auto p = ctx.world().partition(c.partition);
  if (!p) {
    return {false,
            "no partition '" + c.partition + "' (partitions: " + ctx.partitions_list() + ")"};
  }
  const auto& info = ctx.site().panel().partitions().at(p->value);
  return {info.state == c.state, info.name + " is " + std::string(core::to_string(info.state)) +
                                     " since " + sim::format_time(info.since)};
}

Evaluation holds(const RunContext& ctx, const Holds& c) {
  const auto user = ctx.find_user(c.user);
  if (!user) return unknown_user(ctx, c.user);
  const auto device = device_ref(ctx, c.device);
  if (!device) return unknown_device(ctx, c.device);
  const auto code = ctx.code_of(*user);
  bool held = false;
  if (code) {
    if (std::holds_alternative<devices::PanelDevice>(*device)) {
      const devices::PanelUser* p = ctx.site().panel().find_user(*user);
      held = p != nullptr && p->code && *p->code == *code;
    } else {
      held = ctx.site().lock(std::get<core::LockIndex>(*device)).holds(*code);
    }
  }
  std::string observed = c.device + (held ? " holds " : " does not hold ") + c.user + "'s code";
  if (!code) observed = c.user + " has no code";
  return {held == c.holds, observed};
}

Evaluation keypad_displays(const RunContext& ctx, const KeypadDisplays& c) {
  const auto& keypads = ctx.world().keypads;
  const auto k = std::find_if(keypads.begin(), keypads.end(),
                              [&](const devices::KeypadConfig& kc) { return kc.name == c.keypad; });
  if (k == keypads.end()) {
    return {false, "no keypad '" + c.keypad + "' (keypads: " + ctx.keypads_list() + ")"};
  }
  const std::string shown =
      ctx.site().keypad(static_cast<std::size_t>(k - keypads.begin())).display();
  const bool ok = c.contains ? shown.find(c.text) != std::string::npos : shown == c.text;
  return {ok, c.keypad + " shows '" + shown + "'"};
}

Evaluation bolt_is(const RunContext& ctx, const BoltIs& c) {
  const auto l = ctx.world().lock(c.lock);
  if (!l) return {false, "no lock '" + c.lock + "' (locks: " + ctx.locks_list() + ")"};
  const devices::BoltState bolt = ctx.site().lock(*l).bolt();
  return {bolt == to_device(c.state),
          c.lock + "'s bolt is " + std::string(devices::to_string(bolt))};
}

Evaluation trace_has(const RunContext& ctx, const TraceHas& c) {
  const sim::Time anchor = ctx.anchor_time(c.window);
  bool after_seen = c.after.empty();
  std::size_t same_kind = 0;
  std::optional<sim::Time> first_of_kind;
  std::optional<sim::Time> found;
  for (const auto& r : ctx.records->records()) {
    const bool kind_matches =
        r.kind == c.kind && (c.component.empty() || r.component == c.component);
    if (kind_matches) {
      bool fields_match = true;
      for (const auto& [key, value] : c.fields) {
        const sim::TraceField* f = r.find(key);
        if (f == nullptr || field_text(*f) != value) {
          fields_match = false;
          break;
        }
      }
      if (fields_match) {
        ++same_kind;
        if (!first_of_kind) first_of_kind = r.time;
        if (after_seen && (c.window.empty() || in_window(c.window, r.time - anchor))) {
          found = r.time;
          break;
        }
      }
    }
    if (!after_seen && r.kind == c.after) after_seen = true;
  }
  std::string observed;
  if (found) {
    observed = "a matching record at " + when(*found, c.window, anchor);
  } else if (same_kind > 0) {
    observed = std::to_string(same_kind) + " record(s) with that kind and fields, the first at " +
               when(*first_of_kind, c.window, anchor);
    if (!after_seen) observed += ", but no '" + c.after + "' before them";
    if (!c.window.empty()) observed += "; none " + window_text(c.window);
  } else {
    observed = "no record of kind '" + c.kind + "'" +
               (c.component.empty() ? std::string() : " from " + c.component) +
               (c.fields.empty() ? std::string() : " with those fields") + " in " +
               std::to_string(ctx.records->records().size()) + " records";
  }
  return {found.has_value() == c.present, observed};
}

// `to:` as a scenario writes it: an email address, a mobile number as typed in
// a contact (normalised with the core for each country a number was entered
// for, then turned into the carrier gateway's address as the outbox does), or
// the gateway address itself.
bool addressed_to(const RunContext& ctx, const devices::Notification& n, std::string_view to) {
  if (lower(n.to) == lower(to)) return true;
  if (n.via != devices::Notification::Via::sms) return false;
  for (const auto& country : ctx.mobile_countries) {
    const auto contact =
        core::make_mobile_contact(core::MobileInput{std::string(to), country, n.carrier});
    if (!contact) continue;
    if (const auto* m = std::get_if<core::MobileContact>(&*contact)) {
      if (devices::sms_gateway_address(*m) == n.to) return true;
    }
  }
  return false;
}

Evaluation notification_sent(const RunContext& ctx, const NotificationSent& c) {
  const auto& sent = ctx.site().outbox().sent();
  std::string seen;
  for (const auto& n : sent) {
    if (c.kind && n.kind != to_device(*c.kind)) continue;
    if (c.via && n.via != to_device(*c.via)) continue;
    if (!c.to.empty() && !addressed_to(ctx, n, c.to)) {
      if (seen.size() < 200) {
        seen += seen.empty() ? "" : ", ";
        seen += n.to;
      }
      continue;
    }
    if (!c.contains.empty() && n.body.find(c.contains) == std::string::npos &&
        n.subject.find(c.contains) == std::string::npos) {
      continue;
    }
    return {true, std::string(devices::to_string(n.kind)) + " by " +
                      std::string(devices::to_string(n.via)) + " to " + n.to + " at " +
                      sim::format_time(n.at)};
  }
  std::string observed = std::to_string(sent.size()) + " notification(s) sent, none like it";
  if (!seen.empty()) observed += "; of that kind, to: " + seen;
  return {false, observed};
}

Evaluation settled(const RunContext& ctx) {
  if (auto f = ctx.checker.in_flight()) return {false, "not settled: " + *f};
  if (auto d = ctx.checker.devices_differ()) return {false, "not settled: " + *d};
  return {true, "settled"};
}

}  // namespace

// =============================================================================
// [SECTION] evaluate()
// =============================================================================

Evaluation evaluate(const RunContext& context, const Condition& condition) {
  return std::visit(
      [&](const auto& c) -> Evaluation {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, SyncIs>) {
          return sync_is(context, c);
        } else if constexpr (std::is_same_v<C, PartitionIs>) {
          return partition_is(context, c);
        } else if constexpr (std::is_same_v<C, Holds>) {
          return holds(context, c);
        } else if constexpr (std::is_same_v<C, KeypadDisplays>) {
          return keypad_displays(context, c);
        } else if constexpr (std::is_same_v<C, BoltIs>) {
          return bolt_is(context, c);
        } else if constexpr (std::is_same_v<C, TraceHas>) {
          return trace_has(context, c);
        } else if constexpr (std::is_same_v<C, NotificationSent>) {
          return notification_sent(context, c);
        } else {
          static_assert(std::is_same_v<C, Settled>);
          return settled(context);
        }
      },
      condition.what);
}

}  // namespace lockstep::scenarios::detail
