// The classic "hold" model: keep P events pending; each step pops the earliest
// and schedules one more at now + exponential(1s). Measures events per second
// for lockstep::sim::Scheduler and, as the floor, for a bare
// std::priority_queue of (time, sequence, index) doing the same pops and pushes
// with no callbacks, no handles and no cancellation support.
//
//   kernel_bench --benchmark_counters_tabular=true
#include <cstdint>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>

#include "sim/distribution.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"

namespace {

using lockstep::sim::Distribution;
using lockstep::sim::Duration;
using lockstep::sim::Rng;
using lockstep::sim::Scheduler;
using lockstep::sim::Time;

constexpr int kBatch = 1024;  // steps per benchmark iteration

struct Hold {
  Scheduler* s;
  Rng* rng;
  const Distribution* delay;
  uint64_t* sink;
  void operator()() const {
    ++*sink;
    s->schedule_after(delay->sample(*rng), *this);
  }
};
static_assert(lockstep::sim::Callback::fits_inline<Hold>);

void BM_Kernel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto delay = Distribution::exponential(Duration::s(1));
  Rng rng(1);
  uint64_t sink = 0;
  Scheduler s;
  s.reserve(pending);
  for (std::size_t i = 0; i < pending; ++i) {
    s.schedule_after(delay.sample(rng), Hold{&s, &rng, &delay, &sink});
  }
  for (std::size_t i = 0; i < pending; ++i)
    s.step();  // reach the steady state
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i)
      s.step();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kBatch);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kBatch, benchmark::Counter::kIsRate);
}

void BM_PriorityQueueFloor(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto delay = Distribution::exponential(Duration::s(1));
  Rng rng(1);
  using Entry = std::tuple<int64_t, uint64_t, uint32_t>;  // (time, sequence, index)
  std::vector<Entry> storage;
  storage.reserve(pending + 1);
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> q(std::greater<>{},
                                                                   std::move(storage));
  uint64_t seq = 0;
  int64_t now = 0;
  for (std::size_t i = 0; i < pending; ++i) {
    q.emplace(delay.sample(rng).count_us(), seq++, static_cast<uint32_t>(i));
  }
  auto hold = [&] {
    const auto [t, sq, idx] = q.top();
    q.pop();
    now = t;
    benchmark::DoNotOptimize(sq);
    q.emplace(now + delay.sample(rng).count_us(), seq++, idx);
  };
  for (std::size_t i = 0; i < pending; ++i)
    hold();
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i)
      hold();
  }
  benchmark::DoNotOptimize(now);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kBatch);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kBatch, benchmark::Counter::kIsRate);
}

// Interleaved so each size's two rows sit side by side.
BENCHMARK(BM_Kernel)->Arg(1'000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_PriorityQueueFloor)->Arg(1'000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Kernel)->Arg(100'000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_PriorityQueueFloor)->Arg(100'000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Kernel)->Arg(1'000'000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_PriorityQueueFloor)->Arg(1'000'000)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
