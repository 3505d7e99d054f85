#include "sim/trace.hpp"

#include <cstring>
#include <nlohmann/json.hpp>
#include <ostream>

namespace lockstep::sim {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

struct Hasher {
  uint64_t h;
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 0x100000001b3ULL;
    }
  }
  void u64(uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i)
      b[i] = static_cast<unsigned char>(v >> (8 * i));
    bytes(b, 8);
  }
  void str(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  void tag(char c) { bytes(&c, 1); }
};

void hash_record(Hasher& h, const TraceRecord& r) {
  h.u64(static_cast<uint64_t>(r.time.us()));
  h.str(r.component);
  h.str(r.kind);
  h.u64(r.fields.size());
  for (const TraceField& f : r.fields) {
    h.str(f.key);
    if (f.secret) {
      h.tag('s');
      h.str(kMasked);
      continue;
    }
    std::visit(
        [&h](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, int64_t>) {
            h.tag('i');
            h.u64(static_cast<uint64_t>(v));
          } else if constexpr (std::is_same_v<V, double>) {
            h.tag('d');
            uint64_t bits;
            std::memcpy(&bits, &v, sizeof bits);
            h.u64(bits);
          } else if constexpr (std::is_same_v<V, bool>) {
            h.tag('b');
            h.tag(v ? '1' : '0');
          } else {
            h.tag('s');
            h.str(v);
          }
        },
        f.value);
  }
}

bool reserved_key(std::string_view k) {
  return k == "t_us" || k == "t" || k == "component" || k == "kind";
}

}  // namespace

const TraceField* TraceRecord::find(std::string_view key) const {
  for (const TraceField& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TraceSink::~TraceSink() = default;

std::string to_json_line(const TraceRecord& r) {
  nlohmann::ordered_json j;
  j["t_us"] = r.time.us();
  j["t"] = format_time(r.time);
  j["component"] = r.component;
  j["kind"] = r.kind;
  for (const TraceField& f : r.fields) {
    std::string key;
    if (reserved_key(f.key)) key = "field.";
    key += f.key;
    std::visit([&](const auto& v) { j[key] = v; }, f.value);
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void JsonLinesSink::write(const TraceRecord& record) {
  out_ << to_json_line(record) << '\n';
}

Trace::Trace() : digest_(kFnvOffset) {}
Trace::~Trace() = default;

void Trace::add_sink(std::shared_ptr<TraceSink> sink) {
  if (sink) sinks_.push_back(std::move(sink));
}

void Trace::emit(TraceRecord record) {
  if (!enabled()) return;
  ++records_;
  if (digest_on_) {
    Hasher h{digest_};
    hash_record(h, record);
    digest_ = h.h;
  }
  if (sinks_.empty()) return;
  if (!reveal_) {
    for (TraceField& f : record.fields) {
      if (f.secret) f.value = std::string(kMasked);
    }
  }
  for (const auto& sink : sinks_)
    sink->write(record);
}

void Trace::emit(Time time, std::string_view component, std::string_view kind,
                 std::initializer_list<TraceField> fields) {
  if (!enabled()) return;
  emit(TraceRecord{time, std::string(component), std::string(kind), fields});
}

std::string Trace::digest_hex() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i)
    out[15 - i] = kHex[(digest_ >> (4 * i)) & 0xf];
  return out;
}

}  // namespace lockstep::sim
