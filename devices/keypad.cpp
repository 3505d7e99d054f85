#include "devices/keypad.hpp"

#include <algorithm>
#include <utility>

namespace lockstep::devices {

namespace {

using core::PartitionState;
using sim::field;

// Whole seconds left until `until`, rounded up.
std::int64_t seconds_left(sim::Time now, sim::Time until) {
  const std::int64_t us = (until - now).count_us();
  if (us <= 0) return 0;
  return (us + 999'999) / 1'000'000;
}

std::string_view outcome_text(core::EntryOutcome outcome) {
  switch (outcome) {
    case core::EntryOutcome::accepted:
      return "accepted";
    case core::EntryOutcome::duress:
      return "duress";
    case core::EntryOutcome::refused:
      return "refused";
  }
  return "refused";
}

}  // namespace

std::optional<Key> digit_key(char c) {
  if (c < '0' || c > '9') return std::nullopt;
  return static_cast<Key>(c - '0');
}

Keypad::Keypad(sim::Scheduler& scheduler, sim::Trace& trace, std::string name,
               core::PartitionIndex partition, Panel& panel,
               std::function<core::LocalDateTime()> local_clock)
    : sched_(scheduler),
      trace_(trace),
      name_(std::move(name)),
      partition_(partition),
      panel_(panel),
      local_clock_(std::move(local_clock)) {
  // Never longer than the panel's longest code (press(), type()): up to 15
  // digits that is the string's own inline room, with no allocation.
  buffer_.reserve(panel_.config().panel.code_lengths.max);
}

bool Keypad::locked_out() const {
  return lockout_.locked(core::Instant(sched_.now().us()));
}

void Keypad::show(std::string_view message) {
  message_ = std::string(message);
  message_until_ = sched_.now() + kMessageTime;
}

void Keypad::press(Key key) {
  if (!panel_.powered()) return;
  if (locked_out()) {
    if (trace_.enabled()) trace_.emit(sched_.now(), name_, "key_ignored");
    return;
  }
  if (key <= Key::d9) {
    message_until_ = sim::Time::zero();  // a digit dismisses a message
    const std::size_t longest = panel_.config().panel.code_lengths.max;
    if (buffer_.size() < longest) {
      buffer_.push_back(static_cast<char>('0' + static_cast<int>(key)));
    }
    if (trace_.enabled()) {
      trace_.emit(sched_.now(), name_, "keys", {field("buffered", buffer_.size())});
    }
    return;
  }
  if (key == Key::clear) {
    buffer_.clear();
    if (trace_.enabled()) trace_.emit(sched_.now(), name_, "keys", {field("buffered", 0)});
    return;
  }
  submit(key);
}

namespace {

// The key a character of type() stands for: digits, and 'C' 'A' 'S' 'N' 'D'.
std::optional<Key> typed_key(char c) {
  if (const auto d = digit_key(c)) return d;
  switch (c) {
    case 'C':
      return Key::clear;
    case 'A':
      return Key::arm_away;
    case 'S':
      return Key::arm_stay;
    case 'N':
      return Key::arm_night;
    case 'D':
      return Key::disarm;
    default:
      return std::nullopt;
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

void Keypad::type(std::string_view keys) {
  std::size_t i = 0;
  while (i < keys.size()) {
    // A run of digits, untraced: exactly what press() does for each of them,
    // with its checks made once per run. Nothing between two digits of one
    // call can power the panel off or start a lockout (only a function key
    // reaches the panel), so the checks hold for the whole run.
    if (is_digit(keys[i]) && !trace_.enabled() && panel_.powered() && !locked_out()) {
      std::size_t end = i + 1;
      while (end < keys.size() && is_digit(keys[end]))
        ++end;
      message_until_ = sim::Time::zero();  // a digit dismisses a message
      const std::size_t longest = panel_.config().panel.code_lengths.max;
      const std::size_t room = buffer_.size() < longest ? longest - buffer_.size() : 0;
      buffer_.append(keys.substr(i, std::min(end - i, room)));
      i = end;
      continue;
    }
    if (const auto key = typed_key(keys[i])) press(*key);
    ++i;
  }
}

void Keypad::submit(Key key) {
  if (buffer_.empty()) return;
  // The local time is worked out only for a code with access times.
  const core::EntryResult r =
      panel_.check_keypad_code(partition_, buffer_, lockout_,
                               local_clock_ ? core::LocalClock(local_clock_) : core::LocalClock());
  // Overwrite before clearing, so the digits do not linger in the buffer's storage.
  for (char& c : buffer_)
    c = '\0';
  buffer_.clear();
  last_result_ = r;

  if (trace_.enabled()) {
    sim::TraceRecord rec{sched_.now(), name_, "code_result", {}};
    rec.fields.push_back(field("outcome", outcome_text(r.outcome)));
    if (r.user) rec.fields.push_back(field("user", r.user->value));
    if (r.reason) rec.fields.push_back(field("reason", core::name(*r.reason)));
    trace_.emit(std::move(rec));
  }

  if (r.outcome == core::EntryOutcome::refused) {
    if (!r.reason) return;  // the panel is off
    switch (*r.reason) {
      case core::ErrorId::no_grant:
        show("Not allowed");
        break;
      case core::ErrorId::outside_schedule:
        show("Not allowed now");
        break;
      case core::ErrorId::locked_out:
        break;  // the display shows the lockout
      default:
        show("Invalid code");
        break;
    }
    return;
  }

  // Accepted, or duress (which looks the same here).
  switch (key) {
    case Key::disarm:
      panel_.disarm(partition_, r.user);
      break;
    case Key::arm_away:
    case Key::arm_stay:
    case Key::arm_night: {
      const PartitionState mode = key == Key::arm_away   ? PartitionState::armed_away
                                  : key == Key::arm_stay ? PartitionState::armed_stay
                                                         : PartitionState::armed_night;
      if (!panel_.arm(partition_, mode, r.user)) show("Not allowed");
      break;
    }
    default:
      break;
  }
}

std::string Keypad::display() const {
  if (!panel_.powered()) return "";
  const sim::Time now = sched_.now();
  if (locked_out()) {
    const std::int64_t left = seconds_left(now, sim::Time::from_us(lockout_.locked_until.count()));
    const std::int64_t secs = left % 60;
    return "Locked out " + std::to_string(left / 60) + ":" + (secs < 10 ? "0" : "") +
           std::to_string(secs);
  }
  if (now < message_until_) return message_;
  if (!buffer_.empty()) return std::string(buffer_.size(), '*');

  const auto& parts = panel_.partitions();
  if (partition_.value >= parts.size()) return "";
  const PartitionInfo& info = parts[partition_.value];
  switch (info.state) {
    case PartitionState::disarmed:
      return "Ready";
    case PartitionState::exit_delay:
      return "Exit delay " + std::to_string(info.deadline ? seconds_left(now, *info.deadline) : 0);
    case PartitionState::entry_delay:
      return "Entry delay " + std::to_string(info.deadline ? seconds_left(now, *info.deadline) : 0);
    case PartitionState::alarm:
      return "ALARM";
    case PartitionState::armed_stay:
    case PartitionState::armed_away:
    case PartitionState::armed_night:
      return std::string(core::label(info.state));
  }
  return "";
}

}  // namespace lockstep::devices
