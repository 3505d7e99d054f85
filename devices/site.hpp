// Site: one simulated site, assembled from a World on a kernel.
//
// The Site owns every device and every link of the site and wires them as
// devices/ARCHITECTURE.md draws them:
//
//   Cloud --cloud_to_panel--> Panel --panel_to_lock[i]--> Lock i
//   Cloud <--panel_to_cloud-- Panel <--lock_to_panel[i]-- Lock i
//   Panel <-- wired bus --> Keypads
//
// Links sample their delay and loss from the world's `links:` settings, each
// from its own random stream ("link.cloud_to_panel", "link.panel_to_lock.Front
// Door", ...), so adding a lock never changes what another link draws. While
// down, the communicator links hold what they are given and send it on
// recovery; the radio links lose it (and what was still on its way), as a
// Z-Wave radio out of range does. The
// cloud draws Generate Code from the stream "cloud".
//
// At time zero the world's users are where an installed system has them: in
// the cloud's directory (active everywhere), in the panel's non-volatile user
// table, and in every granted lock's slots (as the sync planner places them).
//
// Faults are registered with a sim::FaultInjector under the names a world
// file, a scenario and the GUI use: the links (cloud_to_panel, panel_to_cloud,
// panel_to_lock = every lock's radio, both ways), "panel", and each lock's
// name. The cloud learns that the panel is offline when the communicator link
// (either direction) is down or the panel is off; a real cloud notices that
// by missed supervision messages, which the simulation does not model.
//
// A Site references its Scheduler and Trace, which must outlive it; SiteRun
// bundles the three for the common case of one site per run.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/access_times.hpp"
#include "devices/cloud.hpp"
#include "devices/keypad.hpp"
#include "devices/lock.hpp"
#include "devices/messages.hpp"
#include "devices/outbox.hpp"
#include "devices/panel.hpp"
#include "devices/ports.hpp"
#include "devices/user_store.hpp"
#include "devices/world.hpp"
#include "sim/fault.hpp"
#include "sim/link.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace lockstep::devices {

struct SiteOptions {
  PanelTiming panel_timing;
  // The users installed at t = 0, instead of the world's own `users:`: a
  // directory the core built for world.system (the fleet benchmark shares one
  // World between thousands of sites, each with its own random codes). The
  // world's users are then ignored; the directory is trusted as built.
  std::optional<core::Directory> initial_directory;
  // The radio's answer leg (every lock -> panel link); nullopt: the same
  // delay and loss as world.links.panel_to_lock, as a world file says.
  std::optional<LinkSpec> lock_to_panel;
  // How many notifications the site's Outbox keeps (Outbox::capacity); the
  // default keeps all.
  std::size_t outbox_capacity = Outbox::kUnbounded;
};

class Site {
 public:
  Site(const World& world, sim::Scheduler& scheduler, sim::Trace& trace, std::uint64_t seed,
       SiteOptions options = {});
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  const World& world() const { return world_; }
  std::uint64_t seed() const { return seed_; }
  sim::Scheduler& scheduler() { return scheduler_; }
  const sim::Scheduler& scheduler() const { return scheduler_; }
  sim::Trace& trace() { return trace_; }

  Cloud& cloud() { return *cloud_; }
  const Cloud& cloud() const { return *cloud_; }
  Panel& panel() { return *panel_; }
  const Panel& panel() const { return *panel_; }
  Outbox& outbox() { return outbox_; }
  const Outbox& outbox() const { return outbox_; }
  // The fault targets are registered when first asked for (a world's own
  // fault schedule asks at construction): a site nobody injects faults into
  // builds none.
  sim::FaultInjector& faults();

  std::size_t keypad_count() const { return keypads_.size(); }
  Keypad& keypad(std::size_t index) { return *keypads_.at(index); }
  const Keypad& keypad(std::size_t index) const { return *keypads_.at(index); }
  Keypad* find_keypad(std::string_view name);
  std::size_t lock_count() const { return locks_.size(); }
  Lock& lock(core::LockIndex index) { return locks_.at(index.value)->lock; }
  const Lock& lock(core::LockIndex index) const { return locks_.at(index.value)->lock; }
  Lock* find_lock(std::string_view name);

  // The site-local wall time now: the world's start plus the simulated time.
  core::LocalDateTime local_now() const;

  // The communicator links and each lock's radio, for counters and faults.
  const sim::Link<CloudToPanel>& cloud_to_panel() const { return cloud_to_panel_; }
  const sim::Link<PanelToCloud>& panel_to_cloud() const { return panel_to_cloud_; }
  const sim::Link<Frame>& panel_to_lock(core::LockIndex index) const;
  const sim::Link<Frame>& lock_to_panel(core::LockIndex index) const;

 private:
  template <class Message>
  class LinkPort final : public Port<Message> {
   public:
    void bind(sim::Link<Message>* link) { link_ = link; }
    void send(Message&& message) override { link_->send(std::move(message)); }

   private:
    sim::Link<Message>* link_ = nullptr;
  };

  // A lock's radio, both ways.
  struct Radio {
    Radio(Site& site, std::uint32_t index, Lock& lock, const core::LockConfig& config,
          const sim::LinkConfig& to_lock_config, const sim::LinkConfig& to_panel_config);
    sim::Link<Frame> to_lock;
    sim::Link<Frame> to_panel;
  };
  // A lock, its ports and its radio: two allocations per lock, not one. The
  // whole was 1,088 bytes, past the largest block glibc's per-thread cache
  // hands out (1,032), and one such block cost more to get and give back than
  // two cached ones (every fleet site builds four).
  struct LockNode {
    LockNode(Site& site, std::uint32_t index, const core::LockConfig& config,
             const sim::LinkConfig& to_lock_config, const sim::LinkConfig& to_panel_config);
    LinkPort<Frame> lock_port;     // the lock sends here ...
    Lock lock;                     // (constructed after its port)
    LinkPort<Frame> panel_port;    // ... and the panel sends here
    std::unique_ptr<Radio> radio;  // destroyed first, before the lock
  };

  sim::Rng link_stream(std::string_view kind, std::string_view name) const;
  // What each lock was provisioned with, for the panel's believed tables.
  std::vector<core::SlotTable> install_initial_users(const core::Directory& directory);
  void register_faults();
  void schedule_world_faults();
  void set_radio_up(bool up);
  void update_panel_online();

  const World& world_;
  sim::Scheduler& scheduler_;
  sim::Trace& trace_;
  std::uint64_t seed_;
  sim::RandomStreams streams_;
  Outbox outbox_;
  MemoryUserStore store_;

  LinkPort<CloudToPanel> downlink_port_;
  LinkPort<PanelToCloud> uplink_port_;
  sim::Link<CloudToPanel> cloud_to_panel_;
  sim::Link<PanelToCloud> panel_to_cloud_;
  std::vector<std::unique_ptr<LockNode>> locks_;

  // Built in place once the users are installed (see the constructor).
  std::optional<Cloud> cloud_;
  std::optional<Panel> panel_;
  std::vector<std::unique_ptr<Keypad>> keypads_;
  std::optional<sim::FaultInjector> faults_;  // see faults()
  // local_now(): the local midnight of the day last computed.
  mutable core::LocalDateTime clock_midnight_;
  mutable std::int64_t clock_day_start_ = 0;  // minutes since the start, at that midnight
  mutable bool clock_valid_ = false;
};

// A kernel, a trace and one site on them: what a scenario run or a test needs.
class SiteRun {
 public:
  SiteRun(const World& world, std::uint64_t seed, SiteOptions options = {})
      : site_(world, scheduler_, trace_, seed, options) {}

  Site& site() { return site_; }
  sim::Scheduler& scheduler() { return scheduler_; }
  sim::Trace& trace() { return trace_; }
  void run_for(sim::Duration d) { scheduler_.run_for(d); }
  sim::Time now() const { return scheduler_.now(); }

 private:
  sim::Scheduler scheduler_;
  sim::Trace trace_;
  Site site_;  // declared last: destroyed first, while its kernel is alive
};

}  // namespace lockstep::devices
