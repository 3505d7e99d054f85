#include "sim/trace.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include <gtest/gtest.h>

#include "sim/distribution.hpp"
#include "sim/link.hpp"
#include "sim/random.hpp"
#include "sim/scheduler.hpp"

namespace lockstep::sim {
namespace {

const Time kT = Time::zero() + Duration::ms(192'500);

void emit_code_change(Trace& trace) {
  trace.emit(kT, "panel", "code_set",
             {field("user", 3), secret_field("code", "1234"), field("ok", true),
              field("ratio", 0.5), field("delay", Duration::s(90))});
}

std::string as_string(const TraceField& f) {
  return std::get<std::string>(f.value);
}

TEST(Trace, IsDisabledWithoutSinksOrDigestAndThenCountsNothing) {
  Trace trace;
  EXPECT_FALSE(trace.enabled());
  emit_code_change(trace);
  EXPECT_EQ(trace.records(), 0u);
  trace.set_digest_enabled(true);
  EXPECT_TRUE(trace.enabled());
  emit_code_change(trace);
  EXPECT_EQ(trace.records(), 1u);
}

TEST(Trace, FieldHelpersPickTheRightTypes) {
  EXPECT_EQ(field("a", 3).value.index(), 0u);
  EXPECT_EQ(field("a", uint32_t{3}).value.index(), 0u);
  EXPECT_EQ(field("a", 0.5).value.index(), 1u);
  EXPECT_EQ(field("a", true).value.index(), 2u);
  EXPECT_EQ(field("a", "text").value.index(), 3u);
  EXPECT_EQ(field("a", std::string_view("text")).value.index(), 3u);
  EXPECT_EQ(as_string(field("a", Duration::s(90))), "1m30s");
  EXPECT_EQ(std::get<int64_t>(field("a", kT).value), 192'500'000);
  EXPECT_FALSE(field("a", 1).secret);
  EXPECT_TRUE(secret_field("a", "1234").secret);
}

TEST(Trace, MemorySinkSeesSecretsMasked) {
  Trace trace;
  auto mem = std::make_shared<MemorySink>();
  trace.add_sink(mem);
  emit_code_change(trace);
  ASSERT_EQ(mem->records().size(), 1u);
  const TraceRecord& r = mem->records()[0];
  EXPECT_EQ(r.time, kT);
  EXPECT_EQ(r.component, "panel");
  EXPECT_EQ(r.kind, "code_set");
  ASSERT_NE(r.find("code"), nullptr);
  EXPECT_EQ(as_string(*r.find("code")), "****");
  EXPECT_EQ(std::get<int64_t>(r.find("user")->value), 3);
  EXPECT_EQ(r.find("nope"), nullptr);
}

TEST(Trace, JsonLinesSinkWritesOneMaskedObjectPerLineInAStableKeyOrder) {
  Trace trace;
  std::ostringstream out;
  trace.add_sink(std::make_shared<JsonLinesSink>(out));
  emit_code_change(trace);
  trace.emit(kT + Duration::s(1), "lock.front", "asleep");
  EXPECT_EQ(out.str(),
            "{\"t_us\":192500000,\"t\":\"00:03:12.500000\",\"component\":\"panel\",\"kind\":"
            "\"code_set\",\"user\":3,\"code\":\"****\",\"ok\":true,\"ratio\":0.5,\"delay\":"
            "\"1m30s\"}\n"
            "{\"t_us\":193500000,\"t\":\"00:03:13.500000\",\"component\":\"lock.front\","
            "\"kind\":\"asleep\"}\n");
  EXPECT_EQ(out.str().find("1234"), std::string::npos);
}

TEST(Trace, JsonLinesRenamesReservedKeysAndSurvivesBadUtf8) {
  TraceRecord r{kT, "c", "k", {field("kind", "x"), field("bytes", std::string("\xff"))}};
  const auto line = to_json_line(r);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["kind"], "k");
  EXPECT_EQ(j["field.kind"], "x");
  EXPECT_TRUE(j.contains("bytes"));
}

TEST(Trace, CallbackSinkSeesSecretsMasked) {
  Trace trace;
  std::vector<TraceRecord> seen;
  trace.add_sink(std::make_shared<CallbackSink>([&](const TraceRecord& r) { seen.push_back(r); }));
  emit_code_change(trace);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(as_string(*seen[0].find("code")), "****");
}

TEST(Trace, RevealModeShowsSecretsInEverySinkButKeepsTheDigest) {
  Trace masked;
  masked.set_digest_enabled(true);
  emit_code_change(masked);

  Trace revealed;
  revealed.set_digest_enabled(true);
  revealed.set_reveal_secrets(true);
  auto mem = std::make_shared<MemorySink>();
  std::ostringstream out;
  std::vector<TraceRecord> seen;
  revealed.add_sink(mem);
  revealed.add_sink(std::make_shared<JsonLinesSink>(out));
  revealed.add_sink(
      std::make_shared<CallbackSink>([&](const TraceRecord& r) { seen.push_back(r); }));
  emit_code_change(revealed);
  EXPECT_EQ(as_string(*mem->records()[0].find("code")), "1234");
  EXPECT_NE(out.str().find("\"code\":\"1234\""), std::string::npos);
  EXPECT_EQ(as_string(*seen[0].find("code")), "1234");
  EXPECT_EQ(masked.digest_hex(), revealed.digest_hex());
}

TEST(Trace, DigestDependsOnContentButNotOnTheSecretValue) {
  auto digest_of = [](const std::vector<TraceRecord>& recs) {
    Trace t;
    t.set_digest_enabled(true);
    for (const auto& r : recs)
      t.emit(r);
    return t.digest_hex();
  };
  const TraceRecord a{kT, "panel", "code_set", {secret_field("code", "1234")}};
  const TraceRecord b{kT, "panel", "code_set", {secret_field("code", "9999")}};
  const TraceRecord c{kT + Duration::us(1), "panel", "code_set", {secret_field("code", "1234")}};
  const TraceRecord d{kT, "panel", "code_set", {field("code", "1234")}};
  EXPECT_EQ(digest_of({a}), digest_of({b}));
  EXPECT_NE(digest_of({a}), digest_of({c}));
  EXPECT_NE(digest_of({a}), digest_of({d}));
  EXPECT_NE(digest_of({a, c}), digest_of({c, a}));
  EXPECT_EQ(digest_of({}).size(), 16u);
  // Field types are part of the digest: 1 and true and "1" differ.
  EXPECT_NE(digest_of({TraceRecord{kT, "x", "y", {field("v", 1)}}}),
            digest_of({TraceRecord{kT, "x", "y", {field("v", true)}}}));
  EXPECT_NE(digest_of({TraceRecord{kT, "x", "y", {field("v", 1)}}}),
            digest_of({TraceRecord{kT, "x", "y", {field("v", "1")}}}));
}

// A small random model: three senders push numbered messages over lossy,
// reordering links to one receiver that traces each arrival.
std::string run_model(uint64_t seed, uint64_t* records = nullptr) {
  Scheduler s;
  RandomStreams streams(seed);
  Trace trace;
  trace.set_digest_enabled(true);
  std::vector<std::unique_ptr<Link<int>>> links;
  for (int i = 0; i < 3; ++i) {
    LinkConfig cfg;
    cfg.latency = Distribution::exponential(Duration::s(2));
    cfg.loss_probability = 0.1;
    cfg.fifo = false;
    const std::string name = "sender" + std::to_string(i);
    links.push_back(std::make_unique<Link<int>>(
        s, streams.stream(name), cfg,
        [&s, &trace, name](int&& v) {
          trace.emit(s.now(), "receiver", "got", {field("from", name), field("n", v)});
        },
        name));
  }
  Rng clock = streams.stream("clock");
  for (int n = 0; n < 300; ++n) {
    s.schedule_at(Time::from_us(clock.between(0, 60'000'000)),
                  [&links, n] { links[static_cast<std::size_t>(n % 3)]->send(n); });
  }
  s.run_until_idle();
  if (records) *records = trace.records();
  return trace.digest_hex();
}

TEST(Trace, SameSeedGivesTheSameDigestAndAnotherSeedDoesNot) {
  uint64_t n1 = 0;
  uint64_t n2 = 0;
  const auto first = run_model(7, &n1);
  const auto second = run_model(7, &n2);
  EXPECT_EQ(first, second);
  EXPECT_EQ(n1, n2);
  EXPECT_GT(n1, 200u);
  EXPECT_NE(first, run_model(8));
}

}  // namespace
}  // namespace lockstep::sim
