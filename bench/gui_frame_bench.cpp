// gui_frame_bench: the trainer GUI's frame time on a fleet world of 1,000
// locks (default: 1,000; --locks N), every window open and the Lock Fleet
// window showing its table and the first lock's slots.
//
// One frame = what `lockstep gui` does per frame: advance the site by 1/60 s
// of wall time (at 1x), build every view from the site (SiteController::
// views()), draw every window with Dear ImGui and render it with SDL's
// software renderer into an offscreen window (no display, no GPU).
//
// Two phases, each timed frame by frame after a warm-up:
//   at rest       the installed site at 1x (nothing propagating)
//   propagating   just after a website Save granting a new user every lock
//                 (1,000 pending lock operations), at 60x
// Prints the mean, median, 99th percentile and worst frame of each, and the
// share of a frame spent building the views.
//
//   gui_frame_bench [--locks N] [--frames N] [--size WxH]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "devices/world.hpp"
#include "gui/app_shell.hpp"
#include "gui/site_controller.hpp"
#include "gui/ui_state.hpp"
#include "gui/windows/windows.hpp"

namespace {

using namespace lockstep;
using Clock = std::chrono::steady_clock;

// The default world with `n` locks instead of three: the catalog's three
// models in turn, half in each partition; the default users keep their
// grants on the first three.
devices::World fleet_world(std::size_t n) {
  devices::World w = devices::default_world();
  const auto models = w.system.locks;
  const auto placements = w.lock_placements;
  w.name = "Fleet of " + std::to_string(n) + " locks";
  w.system.locks.clear();
  w.lock_placements.clear();
  for (std::size_t i = 0; i < n; ++i) {
    core::LockConfig lock = models[i % models.size()];
    char name[32];
    std::snprintf(name, sizeof(name), "Door %04zu", i + 1);
    lock.name = i < models.size() ? models[i].name : name;
    w.system.locks.push_back(lock);
    w.lock_placements.push_back(placements[i % placements.size()]);
  }
  for (auto& u : w.users)
    u.grants.locks.resize(n, false);
  return w;
}

struct Stats {
  double mean = 0, median = 0, p99 = 0, worst = 0;
};

Stats stats(std::vector<double> ms) {
  Stats s;
  if (ms.empty()) return s;
  std::sort(ms.begin(), ms.end());
  s.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  s.median = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, (ms.size() * 99 + 99) / 100 - 1)];
  s.worst = ms.back();
  return s;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Phase {
  Stats frame;  // wall time
  Stats cpu;    // process CPU time: what the frame costs on an idle machine
  Stats views;
};

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

Phase run_phase(gui::AppShell& shell, gui::SiteController& controller, gui::UiState& ui, int warmup,
                int frames) {
  std::vector<double> frame_ms, cpu_frame_ms, views_ms;
  std::vector<gui::GuiAction> actions;
  for (int i = 0; i < warmup + frames; ++i) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    controller.advance(1.0 / 60.0);
    const auto tv = Clock::now();
    const gui::Views& views = controller.views();
    const double v = ms_since(tv);
    actions.clear();
    shell.frame([&](float w, float h) { gui::draw_all(views, ui, actions, w, h); });
    for (const auto& a : actions)
      controller.apply(a);
    if (i >= warmup) {
      frame_ms.push_back(ms_since(t0));
      cpu_frame_ms.push_back(cpu_ms() - c0);
      views_ms.push_back(v);
    }
  }
  return {stats(frame_ms), stats(cpu_frame_ms), stats(views_ms)};
}

void print(const char* name, const Phase& p) {
  std::printf("%-12s wall: mean %6.2f ms  median %6.2f  p99 %6.2f  worst %6.2f\n", name,
              p.frame.mean, p.frame.median, p.frame.p99, p.frame.worst);
  std::printf(
      "%-12s cpu:  mean %6.2f ms  median %6.2f  p99 %6.2f  worst %6.2f   "
      "(building the views: mean %5.2f ms, p99 %5.2f)\n",
      "", p.cpu.mean, p.cpu.median, p.cpu.p99, p.cpu.worst, p.views.mean, p.views.p99);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t locks = 1000;
  int frames = 300;
  int width = 1600, height = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--locks") {
      locks = std::strtoul(argv[i + 1], nullptr, 10);
    } else if (flag == "--frames") {
      frames = std::atoi(argv[i + 1]);
    } else if (flag == "--size" && std::sscanf(argv[i + 1], "%dx%d", &width, &height) == 2) {
    } else {
      std::fprintf(stderr, "usage: gui_frame_bench [--locks N] [--frames N] [--size WxH]\n");
      return 2;
    }
  }
  if (locks < 3 || frames < 1) {
    std::fprintf(stderr, "gui_frame_bench: --locks at least 3, --frames at least 1\n");
    return 2;
  }

  gui::ShellOptions options;
  options.width = width;
  options.height = height;
  options.headless = true;
  std::string error;
  auto shell = gui::AppShell::open(options, &error);
  if (!shell) {
    std::fprintf(stderr, "gui_frame_bench: %s\n", error.c_str());
    return 1;
  }

  const auto t_world = Clock::now();
  gui::SiteController controller(fleet_world(locks));
  std::printf(
      "gui_frame_bench: %zu locks, %d frames per phase, %dx%d, software renderer "
      "(offscreen); site built in %.0f ms\n",
      locks, frames, width, height, ms_since(t_world));
  controller.apply(gui::action::SelectLock{0});
  gui::UiState ui;

  print("at rest", run_phase(*shell, controller, ui, 30, frames));

  const auto saved = controller.add_user_on_the_website("Casey", "Morgan");
  if (!saved.ok) {
    std::fprintf(stderr, "gui_frame_bench: the website Save was refused: %s\n",
                 saved.message.c_str());
    return 1;
  }
  // Until the edit reaches the panel and the lock operations queue up.
  auto pending_ops = [&] {
    std::size_t n = 0;
    for (const auto& row : controller.views().locks.rows)
      n += row.pending_ops;
    return n;
  };
  for (int s = 0; s < 300 && pending_ops() == 0; ++s)
    controller.run_for(sim::Duration::s(1));
  const std::size_t pending = pending_ops();
  controller.apply(gui::action::SetSpeed{gui::Speed::x60});
  print("propagating", run_phase(*shell, controller, ui, 10, frames));
  const std::size_t still = pending_ops();
  std::printf(
      "(propagating: %zu lock operations pending at the start, %zu at the end; "
      "virtual time %s)\n",
      pending, still, controller.views().time.clock.c_str());
  return 0;
}
