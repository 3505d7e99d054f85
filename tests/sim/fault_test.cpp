#include "sim/fault.hpp"

#include <map>

#include <gtest/gtest.h>

namespace lockstep::sim {
namespace {

struct Applied {
  Time at;
  std::string target;
  FaultKind kind;
  bool operator==(const Applied&) const = default;
};

TEST(FaultKind, NamesRoundTrip) {
  EXPECT_EQ(all_fault_kinds().size(), 11u);
  for (FaultKind k : all_fault_kinds()) {
    auto p = parse_fault_kind(to_string(k));
    ASSERT_TRUE(p.ok()) << p.error;
    EXPECT_EQ(*p, k);
  }
  EXPECT_EQ(to_string(FaultKind::lock_unreachable), "lock_unreachable");
  auto bad = parse_fault_kind("explode");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("'explode' is not a fault"), std::string::npos);
  EXPECT_NE(bad.error.find("link_down"), std::string::npos);
  EXPECT_EQ(recovery_of(FaultKind::link_down), FaultKind::link_up);
  EXPECT_EQ(recovery_of(FaultKind::lock_jam), FaultKind::lock_unjam);
  EXPECT_EQ(recovery_of(FaultKind::battery_low), std::nullopt);
  EXPECT_EQ(recovery_of(FaultKind::power_on), std::nullopt);
}

class FaultInjectorTest : public testing::Test {
 protected:
  FaultInjectorTest() : faults(s, &trace) {
    trace.add_sink(mem);
    trace.set_digest_enabled(true);
    for (std::string name : {"cloud-link", "panel", "lock.front", "lock.back"}) {
      std::vector<FaultKind> kinds;
      if (name == "cloud-link") kinds = {FaultKind::link_down, FaultKind::link_up};
      if (name == "panel") kinds = {FaultKind::power_off, FaultKind::power_on};
      if (name.starts_with("lock.")) {
        kinds = {FaultKind::lock_asleep, FaultKind::lock_awake, FaultKind::lock_jam,
                 FaultKind::lock_unjam, FaultKind::battery_low};
      }
      faults.register_target(
          name,
          [this, name](FaultKind k) {
            applied.push_back({s.now(), name, k});
          },
          kinds);
    }
  }

  Scheduler s;
  Trace trace;
  std::shared_ptr<MemorySink> mem = std::make_shared<MemorySink>();
  FaultInjector faults;
  std::vector<Applied> applied;
};

TEST_F(FaultInjectorTest, ScheduledFaultsApplyAtTheirTimeAndAreTraced) {
  const Time t1 = Time::zero() + Duration::min(2);
  const Time t2 = Time::zero() + Duration::min(5);
  ASSERT_TRUE(faults.schedule({t2, FaultKind::link_up, "cloud-link"}).ok());
  ASSERT_TRUE(faults.schedule({t1, FaultKind::link_down, "cloud-link"}).ok());
  s.run_until_idle();
  EXPECT_EQ(applied, (std::vector<Applied>{{t1, "cloud-link", FaultKind::link_down},
                                           {t2, "cloud-link", FaultKind::link_up}}));
  ASSERT_EQ(mem->records().size(), 2u);
  const TraceRecord& r = mem->records()[0];
  EXPECT_EQ(r.time, t1);
  EXPECT_EQ(r.component, "fault");
  EXPECT_EQ(r.kind, "inject");
  EXPECT_EQ(std::get<std::string>(r.find("fault")->value), "link_down");
  EXPECT_EQ(std::get<std::string>(r.find("target")->value), "cloud-link");
  EXPECT_EQ(std::get<std::string>(r.find("source")->value), "scheduled");
  EXPECT_EQ(faults.injected(), 2u);
}

TEST_F(FaultInjectorTest, UnknownTargetsAndUnsupportedKindsAreRefusedWithASentence) {
  auto unknown = faults.schedule({Time::zero(), FaultKind::power_off, "garage"});
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error.find("no fault target named 'garage'"), std::string::npos);
  EXPECT_NE(unknown.error.find("lock.front"), std::string::npos) << unknown.error;
  auto unsupported = faults.schedule({Time::zero(), FaultKind::lock_jam, "panel"});
  EXPECT_FALSE(unsupported.ok());
  EXPECT_NE(unsupported.error.find("does not support the fault lock_jam"), std::string::npos);
  EXPECT_FALSE(faults.inject_now(FaultKind::power_off, "garage").ok());
  EXPECT_EQ(s.pending(), 0u);
}

TEST_F(FaultInjectorTest, InjectNowAppliesImmediately) {
  s.run_for(Duration::s(30));
  ASSERT_TRUE(faults.inject_now(FaultKind::lock_jam, "lock.back").ok());
  EXPECT_EQ(
      applied,
      (std::vector<Applied>{{Time::zero() + Duration::s(30), "lock.back", FaultKind::lock_jam}}));
  EXPECT_EQ(std::get<std::string>(mem->records()[0].find("source")->value), "manual");
}

TEST_F(FaultInjectorTest, AScheduledFaultCanBeCancelled) {
  auto h = faults.schedule({Time::zero() + Duration::s(1), FaultKind::power_off, "panel"});
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(s.cancel(*h));
  s.run_until_idle();
  EXPECT_TRUE(applied.empty());
}

ChaosConfig chaos_config() {
  ChaosConfig c;
  c.mean_time_between_faults = Duration::min(10);
  c.mean_outage = Duration::min(2);
  c.kinds = {FaultKind::link_down, FaultKind::power_off, FaultKind::lock_asleep,
             FaultKind::lock_jam, FaultKind::battery_low};
  c.until = Time::zero() + Duration::h(24);
  return c;
}

TEST_F(FaultInjectorTest, ChaosPairsEveryOutageWithItsRecoveryAndStopsAtUntil) {
  faults.enable_chaos(chaos_config(), Rng(99));
  s.run_until_idle();
  ASSERT_GT(applied.size(), 100u);  // about 144 faults in 24h, plus recoveries
  std::map<std::pair<std::string, FaultKind>, int> open;
  Time last_start;
  for (const Applied& a : applied) {
    if (auto rec = recovery_of(a.kind)) {
      EXPECT_EQ((open[{a.target, a.kind}]++), 0) << "a fault in force is not applied twice";
      last_start = a.at;
    } else if (a.kind != FaultKind::battery_low) {
      // A recovery: find the fault it undoes.
      bool matched = false;
      for (auto& [key, n] : open) {
        if (key.first == a.target && recovery_of(key.second) == a.kind && n == 1) {
          n = 0;
          matched = true;
        }
      }
      EXPECT_TRUE(matched) << to_string(a.kind) << " on " << a.target;
    } else {
      last_start = a.at;
    }
    // Each target only gets kinds it supports.
    if (a.target == "panel") {
      EXPECT_TRUE(a.kind == FaultKind::power_off || a.kind == FaultKind::power_on);
    }
  }
  for (const auto& [key, n] : open)
    EXPECT_EQ(n, 0) << key.first << " left faulty";
  EXPECT_LE(last_start, Time::zero() + Duration::h(24));
}

TEST_F(FaultInjectorTest, ChaosIsDeterministicForASeed) {
  auto run = [](uint64_t seed) {
    Scheduler sched;
    Trace tr;
    tr.set_digest_enabled(true);
    FaultInjector fi(sched, &tr);
    std::vector<std::pair<int64_t, std::string>> log;
    for (std::string name : {"a", "b", "c"}) {
      fi.register_target(name, [&log, &sched, name](FaultKind k) {
        log.emplace_back(sched.now().us(), name + ":" + std::string(to_string(k)));
      });
    }
    fi.enable_chaos(chaos_config(), RandomStreams(seed).stream("chaos"));
    sched.run_until_idle();
    return std::make_pair(log, tr.digest_hex());
  };
  const auto first = run(1);
  EXPECT_EQ(first, run(1));
  EXPECT_NE(first.first, run(2).first);
  EXPECT_NE(first.second, run(2).second);
}

TEST_F(FaultInjectorTest, DisablingChaosStopsNewFaultsButLetsRecoveriesRun) {
  faults.enable_chaos(chaos_config(), Rng(5));
  s.run_until(Time::zero() + Duration::h(2));
  faults.disable_chaos();
  const auto before = applied.size();
  s.run_until_idle();
  for (std::size_t i = before; i < applied.size(); ++i) {
    EXPECT_FALSE(recovery_of(applied[i].kind).has_value())
        << "only recoveries after disable_chaos, got " << to_string(applied[i].kind);
    EXPECT_NE(applied[i].kind, FaultKind::battery_low);
  }
  EXPECT_FALSE(faults.chaos_enabled());
}

}  // namespace
}  // namespace lockstep::sim
