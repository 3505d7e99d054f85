#include "sim/scheduler_group.hpp"

#include <algorithm>
#include <limits>

namespace lockstep::sim {

std::size_t SchedulerGroup::add(Scheduler& member) {
  members_.push_back(&member);
  return members_.size() - 1;
}

void SchedulerGroup::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  const Entry e = heap_[i];
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    const std::size_t last = std::min(first + 4, n);
    std::size_t best = first;
    for (std::size_t c = first + 1; c < last; ++c) {
      if (less(heap_[c], heap_[best])) best = c;
    }
    if (!less(heap_[best], e)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = e;
}

void SchedulerGroup::pop_top() {
  heap_[0] = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void SchedulerGroup::rebuild() {
  heap_.clear();
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (const auto next = members_[i]->next_event_time()) {
      heap_.push_back(Entry{next->us(), i});
    }
  }
  if (heap_.size() > 1) {
    for (std::size_t i = (heap_.size() - 2) / 4 + 1; i-- > 0;)
      sift_down(i);
  }
}

void SchedulerGroup::run_through(Time t) {
  if (window_us_ > 0) {
    run_windows(t);
  } else {
    run_exact(t);
  }
}

void SchedulerGroup::run_windows(Time t) {
  // The earliest pending event decides the first window; each pass over the
  // members finds the next one.
  std::optional<Time> earliest = next_event_time();
  while (earliest && *earliest <= t) {
    // The window that holds `earliest` ends at the next multiple of the
    // window (or at it), so a run_until at a multiple never splits one.
    const std::int64_t e = earliest->us();
    const std::int64_t rest = e % window_us_;
    const std::int64_t last = rest == 0 ? e
                              : e > std::numeric_limits<std::int64_t>::max() - window_us_
                                  ? e
                                  : e - rest + window_us_;
    const std::int64_t end = std::min(t.us(), last);
    std::optional<Time> next;
    for (Scheduler* m : members_) {
      auto due = m->next_event_time();
      if (due && due->us() <= end) {
        m->run_through(Time::from_us(end));
        ++turns_;
        due = m->next_event_time();
      }
      if (due && (!next || *due < *next)) next = due;
    }
    earliest = next;
  }
}

void SchedulerGroup::run_exact(Time t) {
  rebuild();
  while (!heap_.empty() && heap_[0].time <= t.us()) {
    const Entry top = heap_[0];
    // The member runs until the next member's event is due: through that
    // time if it comes first on a tie (lower index), else up to just before.
    std::int64_t limit = t.us();
    if (heap_.size() > 1) {
      const std::size_t last = std::min<std::size_t>(5, heap_.size());
      std::size_t second = 1;
      for (std::size_t c = 2; c < last; ++c) {
        if (less(heap_[c], heap_[second])) second = c;
      }
      const Entry& next = heap_[second];
      limit = std::min(limit, top.member < next.member ? next.time : next.time - 1);
    }
    Scheduler& member = *members_[top.member];
    member.run_through(Time::from_us(limit));
    ++turns_;
    if (const auto next = member.next_event_time()) {
      heap_[0].time = next->us();
      sift_down(0);
    } else {
      pop_top();
    }
  }
}

void SchedulerGroup::run_until(Time t) {
  run_through(t);
  for (Scheduler* m : members_)
    m->run_until(t);  // nothing left at or before t: only moves now()
}

std::optional<Time> SchedulerGroup::next_event_time() const {
  std::optional<Time> best;
  for (const Scheduler* m : members_) {
    const auto next = m->next_event_time();
    if (next && (!best || *next < *best)) best = next;
  }
  return best;
}

std::uint64_t SchedulerGroup::events_executed() const {
  std::uint64_t n = 0;
  for (const Scheduler* m : members_)
    n += m->events_executed();
  return n;
}

}  // namespace lockstep::sim
