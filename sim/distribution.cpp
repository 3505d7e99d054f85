#include "sim/distribution.hpp"

#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

namespace lockstep::sim {
namespace {

constexpr std::string_view kForms =
    "use one of: 2s (same as fixed(2s)), fixed(2s), uniform(60s, 240s), exponential(20m), "
    "normal(5s, 1s)";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view s) {
  std::string r;
  r.reserve(s.size() + 2);
  r += '\'';
  r.append(s);
  r += '\'';
  return r;
}

// Standard normal CDF.
double phi_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}
double phi_pdf(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}

}  // namespace

Distribution Distribution::fixed(Duration d) {
  return {Kind::fixed, d < Duration::zero() ? Duration::zero() : d, Duration::zero()};
}

Distribution Distribution::uniform(Duration a, Duration b) {
  if (b < a) std::swap(a, b);
  return {Kind::uniform, a, b};
}

Distribution Distribution::normal(Duration mu, Duration sigma) {
  return {Kind::normal, mu, sigma < Duration::zero() ? -sigma : sigma};
}

Duration Distribution::sample_random(Rng& rng) const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return Duration::us(rng.between(a_.count_us(), b_.count_us()));
    case Kind::exponential:
      return sample_exponential(rng);
    case Kind::normal: {
      const auto mu = static_cast<double>(a_.count_us());
      const auto sigma = static_cast<double>(b_.count_us());
      if (sigma == 0) return round_us(mu);
      for (int attempt = 0; attempt < 64; ++attempt) {
        // Marsaglia's polar method; uses one of the pair.
        double x;
        double y;
        double r2;
        do {
          x = 2.0 * rng.uniform01() - 1.0;
          y = 2.0 * rng.uniform01() - 1.0;
          r2 = x * x + y * y;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double z = x * std::sqrt(-2.0 * std::log(r2) / r2);
        const double v = mu + sigma * z;
        if (v >= 0) return round_us(v);
      }
      return Duration::zero();
    }
  }
  return Duration::zero();
}

Duration Distribution::mean() const {
  switch (kind_) {
    case Kind::fixed:
      return a_;
    case Kind::uniform:
      return Duration::us(a_.count_us() + (b_.count_us() - a_.count_us()) / 2);
    case Kind::exponential:
      return a_;
    case Kind::normal: {
      const auto mu = static_cast<double>(a_.count_us());
      const auto sigma = static_cast<double>(b_.count_us());
      if (sigma == 0) return a_;
      const double alpha = -mu / sigma;
      const double tail = 1.0 - phi_cdf(alpha);
      if (tail <= 0) return Duration::zero();
      return round_us(mu + sigma * phi_pdf(alpha) / tail);
    }
  }
  return Duration::zero();
}

std::string Distribution::to_string() const {
  switch (kind_) {
    case Kind::fixed:
      return "fixed(" + format_duration(a_) + ")";
    case Kind::uniform:
      return "uniform(" + format_duration(a_) + ", " + format_duration(b_) + ")";
    case Kind::exponential:
      return "exponential(" + format_duration(a_) + ")";
    case Kind::normal:
      return "normal(" + format_duration(a_) + ", " + format_duration(b_) + ")";
  }
  return {};
}

Parsed<Distribution> parse_distribution(std::string_view raw) {
  using P = Parsed<Distribution>;
  const std::string_view text = trim(raw);
  const std::string forms(kForms);
  if (text.empty()) return P::failure("a distribution is required: " + forms);

  const std::size_t open = text.find('(');
  if (open == std::string_view::npos) {
    // A bare duration means fixed(duration).
    auto d = parse_duration(text);
    if (d.ok()) return P::success(Distribution::fixed(*d));
    return P::failure(quoted(text) + " is not a distribution: " + forms);
  }
  const std::string_view name = trim(text.substr(0, open));
  if (text.back() != ')') {
    return P::failure(quoted(text) + " is not a distribution: it must end with ')'; " + forms);
  }
  const std::string_view inner = text.substr(open + 1, text.size() - open - 2);
  if (inner.find_first_of("()") != std::string_view::npos) {
    return P::failure(quoted(text) + " is not a distribution: unexpected parenthesis; " + forms);
  }
  std::size_t want;
  if (name == "fixed" || name == "exponential") {
    want = 1;
  } else if (name == "uniform" || name == "normal") {
    want = 2;
  } else {
    return P::failure(quoted(name) + " is not a distribution name in " + quoted(text) + ": " +
                      forms);
  }
  std::vector<std::string_view> args;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = inner.find(',', start);
    args.push_back(
        trim(inner.substr(start, comma == std::string_view::npos ? inner.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (args.size() == 1 && args[0].empty()) args.clear();
  if (args.size() != want) {
    const std::string usage = name == "fixed"         ? "fixed(2s)"
                              : name == "exponential" ? "exponential(20m)"
                              : name == "uniform"     ? "uniform(60s, 240s)"
                                                      : "normal(5s, 1s)";
    return P::failure(std::string(name) + " takes " + std::to_string(want) + " duration" +
                      (want == 1 ? "" : "s") + " but " + quoted(text) + " has " +
                      std::to_string(args.size()) + ": use e.g. " + usage);
  }
  static constexpr const char* kOrdinal[] = {"first", "second"};
  Duration d[2];
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto p = parse_duration(args[i]);
    if (!p.ok()) {
      return P::failure("in " + quoted(text) + ", the " + kOrdinal[i] + " argument: " + p.error);
    }
    d[i] = *p;
  }
  if (name == "fixed") return P::success(Distribution::fixed(d[0]));
  if (name == "exponential") {
    if (d[0] == Duration::zero()) {
      return P::failure("in " + quoted(text) +
                        ", the mean must be greater than 0s; for no delay use fixed(0s)");
    }
    return P::success(Distribution::exponential(d[0]));
  }
  if (name == "uniform") {
    if (d[1] < d[0]) {
      return P::failure("in " + quoted(text) +
                        ", the low end is above the high end: write uniform(low, high), e.g. "
                        "uniform(60s, 240s)");
    }
    return P::success(Distribution::uniform(d[0], d[1]));
  }
  return P::success(Distribution::normal(d[0], d[1]));
}

}  // namespace lockstep::sim
