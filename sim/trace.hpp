// Trace: every notable event as a structured record, to pluggable sinks.
//
// A TraceRecord is (time, component, kind, fields). Trace::emit() hands it to
// every sink (MemorySink, JsonLinesSink, CallbackSink, or your own) and folds
// it into a running 64-bit digest: two runs with the same digest emitted the
// same records, byte for byte, in the same order.
//
// Secrets: a field made with secret_field() (access codes) reaches no sink
// with its value: the value is replaced by the string "****" before any sink
// sees the record, unless set_reveal_secrets(true). The digest is always
// computed over the MASKED record, so it does not change with reveal mode and
// never depends on a code's value... except through what the run did with it.
//
// Cost when off: enabled() is false when there is no sink and the digest is
// off (the default); callers test it before building a record:
//   if (trace.enabled()) trace.emit(now, "panel", "code_accepted", {field("user", id)});
//
// Digest: FNV-1a 64 over a canonical byte encoding of each masked record:
// time (int64 LE), component, kind (length-prefixed), the field count, then per
// field its key, a type tag (i=int64, d=double bits, b=bool, s=string) and the
// value. digest_hex() is 16 lowercase hex digits.
//
// JSON Lines (one object per record, keys in this order):
//   {"t_us":192500000,"t":"00:03:12.500000","component":"panel","kind":"edit_applied",
//    <fields in emit order>}
// "t" is format_time(). A field whose key collides with t_us, t, component or
// kind is written as "field.<key>". Invalid UTF-8 is replaced (U+FFFD).
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/time.hpp"

namespace lockstep::sim {

struct TraceField {
  std::string key;
  std::variant<int64_t, double, bool, std::string> value;
  bool secret = false;

  bool operator==(const TraceField&) const = default;
};

struct TraceRecord {
  Time time;
  std::string component;
  std::string kind;
  std::vector<TraceField> fields;

  // The field with this key, or nullptr.
  const TraceField* find(std::string_view key) const;
  bool operator==(const TraceRecord&) const = default;
};

inline constexpr std::string_view kMasked = "****";

// field("user", 3), field("ok", true), field("why", "armed"), field("delay", Duration::s(90)).
template <std::integral T>
requires(!std::same_as<T, bool>) TraceField field(std::string key, T v) {
  return {std::move(key), static_cast<int64_t>(v), false};
}
inline TraceField field(std::string key, bool v) {
  return {std::move(key), v, false};
}
inline TraceField field(std::string key, double v) {
  return {std::move(key), v, false};
}
inline TraceField field(std::string key, std::string v) {
  return {std::move(key), std::move(v), false};
}
inline TraceField field(std::string key, std::string_view v) {
  return {std::move(key), std::string(v), false};
}
inline TraceField field(std::string key, const char* v) {
  return {std::move(key), std::string(v), false};
}
// Durations as text ("1m30s"); times as microseconds since the start.
inline TraceField field(std::string key, Duration v) {
  return {std::move(key), format_duration(v), false};
}
inline TraceField field(std::string key, Time v) {
  return {std::move(key), v.us(), false};
}

// The same, marked secret: masked in every sink unless secrets are revealed.
template <class T>
TraceField secret_field(std::string key, T&& v) {
  TraceField f = field(std::move(key), std::forward<T>(v));
  f.secret = true;
  return f;
}

class TraceSink {
 public:
  virtual ~TraceSink();
  virtual void write(const TraceRecord& record) = 0;
};

// Keeps every record in memory (tests, the GUI timeline).
class MemorySink : public TraceSink {
 public:
  void write(const TraceRecord& record) override { records_.push_back(record); }
  const std::vector<TraceRecord>& records() const { return records_; }
  void clear() { records_.clear(); }

 private:
  std::vector<TraceRecord> records_;
};

// One JSON object per line (see the header comment for the shape).
class JsonLinesSink : public TraceSink {
 public:
  explicit JsonLinesSink(std::ostream& out) : out_(out) {}
  void write(const TraceRecord& record) override;

 private:
  std::ostream& out_;
};

// Forwards each record to a function (live event streams, test probes).
class CallbackSink : public TraceSink {
 public:
  explicit CallbackSink(std::function<void(const TraceRecord&)> fn) : fn_(std::move(fn)) {}
  void write(const TraceRecord& record) override { fn_(record); }

 private:
  std::function<void(const TraceRecord&)> fn_;
};

// The JSON Lines text of one record, without the newline.
std::string to_json_line(const TraceRecord& record);

class Trace {
 public:
  Trace();
  ~Trace();

  void add_sink(std::shared_ptr<TraceSink> sink);
  void set_reveal_secrets(bool reveal) { reveal_ = reveal; }
  bool reveal_secrets() const { return reveal_; }
  // The digest is off by default (so an unused trace costs nothing).
  void set_digest_enabled(bool on) { digest_on_ = on; }
  bool digest_enabled() const { return digest_on_; }

  // False when nothing would observe a record: skip building it.
  bool enabled() const { return digest_on_ || !sinks_.empty(); }

  void emit(TraceRecord record);
  void emit(Time time, std::string_view component, std::string_view kind,
            std::initializer_list<TraceField> fields = {});

  uint64_t digest() const { return digest_; }
  std::string digest_hex() const;
  // Records emitted while enabled().
  uint64_t records() const { return records_; }

 private:
  std::vector<std::shared_ptr<TraceSink>> sinks_;
  bool reveal_ = false;
  bool digest_on_ = false;
  uint64_t digest_;
  uint64_t records_ = 0;
};

}  // namespace lockstep::sim
