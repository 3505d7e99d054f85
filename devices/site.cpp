#include "devices/site.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/sync_planner.hpp"

namespace lockstep::devices {
namespace {

constexpr int kLowBatteryPercent = 15;

// The communicator (cloud <-> panel): a link that is down keeps what it was
// asked to send and sends it on recovery (panels buffer their reports; the
// cloud queues its edits itself, so it never sends into a down link).
sim::LinkConfig link_config(const LinkSpec& spec) {
  sim::LinkConfig config;
  config.latency = spec.delay;
  config.loss_probability = spec.loss;
  config.fifo = true;
  config.when_down = sim::LinkConfig::WhenDown::hold;
  return config;
}

// The Z-Wave radio (panel <-> lock): out of range, a frame is simply lost:
// one sent while the radio is down never arrives, and neither does one still
// on its way when it goes down. The panel's retries and its check of unsure
// slots (devices/panel.hpp) deal with what was lost.
sim::LinkConfig radio_config(const LinkSpec& spec) {
  sim::LinkConfig config = link_config(spec);
  config.when_down = sim::LinkConfig::WhenDown::drop;
  config.in_flight_on_down = sim::LinkConfig::InFlightOnDown::lose;
  return config;
}

PanelUser panel_record(const core::User& user) {
  return PanelUser{user.id,   user.display_name(), user.role,
                   user.code, user.grants,         user.access_times};
}

core::Directory directory_of(const World& world) {
  auto directory = build_directory(world);
  if (!directory) {
    throw std::invalid_argument("world '" + world.name + "' is invalid:\n" +
                                directory.error_text());
  }
  return std::move(directory).value();
}

}  // namespace

Site::Radio::Radio(Site& site, std::uint32_t index, Lock& lock, const core::LockConfig& config,
                   const sim::LinkConfig& to_lock_config, const sim::LinkConfig& to_panel_config)
    : to_lock(
          site.scheduler_, site.link_stream("panel_to_lock.", config.name), to_lock_config,
          [&lock](Frame&& f) { lock.receive_frame(f); }, "panel_to_lock." + config.name),
      to_panel(
          site.scheduler_, site.link_stream("lock_to_panel.", config.name), to_panel_config,
          [&site, index](Frame&& f) { site.panel_->receive_frame(core::LockIndex{index}, f); },
          "lock_to_panel." + config.name) {}

Site::LockNode::LockNode(Site& site, std::uint32_t index, const core::LockConfig& config,
                         const sim::LinkConfig& to_lock_config,
                         const sim::LinkConfig& to_panel_config)
    : lock(site.scheduler_, site.trace_, config.name, config.spec, lock_port),
      radio(std::make_unique<Radio>(site, index, lock, config, to_lock_config, to_panel_config)) {
  panel_port.bind(&radio->to_lock);
  lock_port.bind(&radio->to_panel);
}

// The stream a link draws from: "link." and the link's name (only hashed,
// so built on the stack when it fits, not in a string of its own).
sim::Rng Site::link_stream(std::string_view kind, std::string_view name) const {
  constexpr std::string_view kPrefix = "link.";
  std::array<char, 64> buffer;
  const std::size_t size = kPrefix.size() + kind.size() + name.size();
  if (size > buffer.size()) {
    return streams_.stream(std::string(kPrefix).append(kind).append(name));
  }
  char* out = std::copy(kPrefix.begin(), kPrefix.end(), buffer.data());
  out = std::copy(kind.begin(), kind.end(), out);
  std::copy(name.begin(), name.end(), out);
  return streams_.stream(std::string_view(buffer.data(), size));
}

Site::Site(const World& world, sim::Scheduler& scheduler, sim::Trace& trace, std::uint64_t seed,
           SiteOptions options)
    : world_(world),
      scheduler_(scheduler),
      trace_(trace),
      seed_(seed),
      streams_(seed),
      outbox_(options.outbox_capacity),
      cloud_to_panel_(
          scheduler, streams_.stream("link.cloud_to_panel"),
          link_config(world.links.cloud_to_panel), [this](CloudToPanel&& m) { panel_->receive(m); },
          "cloud_to_panel"),
      panel_to_cloud_(
          scheduler, streams_.stream("link.panel_to_cloud"),
          link_config(world.links.panel_to_cloud), [this](PanelToCloud&& m) { cloud_->receive(m); },
          "panel_to_cloud") {
  core::Directory directory =
      options.initial_directory ? std::move(*options.initial_directory) : directory_of(world);
  const auto& system = world.system;

  downlink_port_.bind(&cloud_to_panel_);
  uplink_port_.bind(&panel_to_cloud_);

  const sim::LinkConfig to_lock = radio_config(world.links.panel_to_lock);
  const sim::LinkConfig to_panel =
      options.lock_to_panel ? radio_config(*options.lock_to_panel) : to_lock;
  std::vector<FramePort*> radios;
  radios.reserve(system.locks.size());
  locks_.reserve(system.locks.size());
  for (std::uint32_t i = 0; i < system.locks.size(); ++i) {
    locks_.push_back(std::make_unique<LockNode>(*this, i, system.locks[i], to_lock, to_panel));
    radios.push_back(&locks_.back()->panel_port);
  }

  std::vector<core::SlotTable> installed = install_initial_users(directory);

  // The cloud keeps the directory and the account (the site needs neither
  // again): moved, not copied.
  Account owner{world.account.email, world.account.password, world.account.name};
  cloud_.emplace(scheduler, trace, std::move(directory), std::move(owner), downlink_port_, outbox_,
                 streams_.stream("cloud"));
  // The world outlives the site: the panel borrows its system, not a copy.
  panel_.emplace(scheduler, trace, Panel::BorrowedConfig{system}, options.panel_timing,
                 uplink_port_, std::move(radios), store_, std::move(installed));
  keypads_.reserve(world.keypads.size());
  for (const auto& k : world.keypads) {
    keypads_.push_back(std::make_unique<Keypad>(scheduler, trace, k.name, k.partition, *panel_,
                                                [this] { return local_now(); }));
  }
  // The world's own fault schedule needs the targets now; otherwise they
  // wait for the first faults().
  if (!world.faults.empty()) schedule_world_faults();
}

Site::~Site() = default;

sim::FaultInjector& Site::faults() {
  if (!faults_) {
    faults_.emplace(scheduler_, &trace_);
    register_faults();
  }
  return *faults_;
}

std::vector<core::SlotTable> Site::install_initial_users(const core::Directory& directory) {
  std::vector<PanelUser> table;
  table.reserve(directory.users().size());
  for (const auto& user : directory.users()) {
    if (user.code) table.push_back(panel_record(user));
  }
  // The installer's table, given to the store as it is (a save would copy it).
  store_ = MemoryUserStore(std::move(table));
  // Each lock holds what the sync planner would have put there from empty.
  // That plan depends only on the lock's desired codes (every user with a
  // code and the lock's grant, Directory::desired_for_lock) and its capacity,
  // so a lock whose users are the lock before it's and with as many slots
  // gets a copy of that lock's slots: where every user may open every lock
  // (the fleet's sites), the users are listed and planned for once per site.
  const auto& users = directory.users();
  core::DesiredCodes desired;
  std::vector<core::SlotTable> installed;
  installed.reserve(locks_.size());
  for (std::uint32_t i = 0; i < locks_.size(); ++i) {
    const core::LockConfig& config = world_.system.locks[i];
    const core::LockIndex lock{i};
    const bool same_users =
        i > 0 && std::all_of(users.begin(), users.end(), [&](const core::User& u) {
          return !u.code || u.grants.lock(lock) == u.grants.lock(core::LockIndex{i - 1});
        });
    if (!same_users) desired = directory.desired_for_lock(lock);
    core::SlotTable slots;
    if (same_users && installed.back().size() == config.spec.slots) {
      slots = installed.back();
    } else {
      slots.resize(config.spec.slots);
      auto plan = core::plan_sync(desired, slots);
      if (!plan) {
        throw std::invalid_argument("world '" + world_.name + "': lock '" + config.name +
                                    "' cannot hold its users");
      }
      core::apply(slots, *plan);
    }
    locks_[i]->lock.provision(slots);
    installed.push_back(std::move(slots));
  }
  return installed;
}

void Site::register_faults() {
  using sim::FaultKind;
  faults_->register_target("cloud_to_panel",
                           [this](FaultKind kind) {
                             cloud_to_panel_.set_up(kind == FaultKind::link_up);
                             update_panel_online();
                           },
                           {FaultKind::link_down, FaultKind::link_up});
  faults_->register_target("panel_to_cloud",
                           [this](FaultKind kind) {
                             panel_to_cloud_.set_up(kind == FaultKind::link_up);
                             update_panel_online();
                           },
                           {FaultKind::link_down, FaultKind::link_up});
  faults_->register_target("panel_to_lock",
                           [this](FaultKind kind) { set_radio_up(kind == FaultKind::link_up); },
                           {FaultKind::link_down, FaultKind::link_up});
  faults_->register_target("panel",
                           [this](FaultKind kind) {
                             if (kind == FaultKind::power_off) panel_->power_off();
                             if (kind == FaultKind::power_on) panel_->power_on();
                             update_panel_online();
                           },
                           {FaultKind::power_off, FaultKind::power_on});
  for (std::size_t i = 0; i < locks_.size(); ++i) {
    Lock* lock = &locks_[i]->lock;
    faults_->register_target(
        world_.system.locks[i].name,
        [lock](FaultKind kind) {
          switch (kind) {
            case FaultKind::power_off:
              lock->power_off();
              break;
            case FaultKind::power_on:
              lock->power_on();
              break;
            case FaultKind::lock_asleep:
              lock->set_asleep(true);
              break;
            case FaultKind::lock_awake:
              lock->set_asleep(false);
              break;
            case FaultKind::lock_unreachable:
              lock->set_reachable(false);
              break;
            case FaultKind::lock_reachable:
              lock->set_reachable(true);
              break;
            case FaultKind::lock_jam:
              lock->jam();
              break;
            case FaultKind::lock_unjam:
              lock->unjam();
              break;
            case FaultKind::battery_low:
              lock->set_battery(kLowBatteryPercent);
              break;
            case FaultKind::link_down:
            case FaultKind::link_up:
              break;
          }
        },
        {FaultKind::power_off, FaultKind::power_on, FaultKind::lock_asleep, FaultKind::lock_awake,
         FaultKind::lock_unreachable, FaultKind::lock_reachable, FaultKind::lock_jam,
         FaultKind::lock_unjam, FaultKind::battery_low});
  }
}

// The world's own fault schedule; `for:` schedules the recovery too.
void Site::schedule_world_faults() {
  sim::FaultInjector& injector = faults();
  for (const auto& spec : world_.faults) {
    const auto kind = sim::parse_fault_kind(spec.kind);
    if (!kind.ok()) throw std::invalid_argument(kind.error);
    const sim::Time at = sim::Time::zero() + spec.at;
    injector.schedule(sim::Fault{at, *kind, spec.target});
    if (spec.duration) {
      if (auto recovery = sim::recovery_of(*kind)) {
        injector.schedule(sim::Fault{at + *spec.duration, *recovery, spec.target});
      }
    }
  }
}

void Site::set_radio_up(bool up) {
  for (auto& node : locks_) {
    node->radio->to_lock.set_up(up);
    node->radio->to_panel.set_up(up);
  }
}

void Site::update_panel_online() {
  cloud_->set_panel_online(panel_->powered() && cloud_to_panel_.up() && panel_to_cloud_.up());
}

Keypad* Site::find_keypad(std::string_view name) {
  for (std::size_t i = 0; i < world_.keypads.size(); ++i) {
    if (world_.keypads[i].name == name) return keypads_[i].get();
  }
  return nullptr;
}

Lock* Site::find_lock(std::string_view name) {
  const auto index = world_.lock(name);
  return index ? &locks_[index->value]->lock : nullptr;
}

core::LocalDateTime Site::local_now() const {
  constexpr std::int64_t kMinutesPerDay = 24 * 60;
  const std::int64_t minutes = scheduler_.now().us() / 60'000'000;
  // Within the local day last computed only the hour and minute move (every
  // keypad and lock entry asks; the calendar is worked out once a day).
  const std::int64_t into_day = minutes - clock_day_start_;
  if (clock_valid_ && into_day >= 0 && into_day < kMinutesPerDay) {
    core::LocalDateTime t = clock_midnight_;
    t.hour = static_cast<std::uint8_t>(into_day / 60);
    t.minute = static_cast<std::uint8_t>(into_day % 60);
    return t;
  }
  const core::LocalDateTime t = core::add_minutes(world_.start_local, minutes);
  clock_midnight_ = t;
  clock_midnight_.hour = 0;
  clock_midnight_.minute = 0;
  clock_day_start_ = minutes - t.minute_of_day();
  clock_valid_ = true;
  return t;
}

const sim::Link<Frame>& Site::panel_to_lock(core::LockIndex index) const {
  return locks_.at(index.value)->radio->to_lock;
}

const sim::Link<Frame>& Site::lock_to_panel(core::LockIndex index) const {
  return locks_.at(index.value)->radio->to_panel;
}

}  // namespace lockstep::devices
