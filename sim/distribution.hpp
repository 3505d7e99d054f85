// Delay distributions over Duration, sampled from an Rng.
//
//   fixed(d)                 always d                      text: "fixed(2s)" or just "2s"
//   uniform(a, b)            whole microseconds in [a, b]  text: "uniform(60s, 240s)"
//   exponential(mean)        memoryless, given mean        text: "exponential(20m)"
//   normal(mu, sigma)        normal truncated at 0         text: "normal(5s, 1s)"
//
// Sampling uses only Rng and <cmath> (log, sqrt): no std:: distribution, whose
// algorithms differ between standard libraries. Results are rounded to the
// nearest microsecond. The truncated normal is sampled by rejection (draws
// below 0 are redrawn; after 64 rejections, which needs mu far below 0 and is
// impossible here since mu >= 0, it returns 0), so it is never negative and
// mean() is the mean of the truncated distribution, not mu.
// to_string() gives text that parse_distribution() reads back to an equal
// distribution.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace lockstep::sim {

class Distribution {
 public:
  enum class Kind { fixed, uniform, exponential, normal };

  // Default: fixed(0s).
  Distribution() = default;

  static Distribution fixed(Duration d);
  // a <= b (swapped otherwise).
  static Distribution uniform(Duration a, Duration b);
  static Distribution exponential(Duration mean) { return {Kind::exponential, mean, {}}; }
  static Distribution normal(Duration mu, Duration sigma);

  // A fixed delay (most links': every radio hop asks) is answered inline, and
  // so is an exponential one (a fleet driver draws one per event).
  Duration sample(Rng& rng) const {
    if (kind_ == Kind::fixed) return a_;
    if (kind_ == Kind::exponential) return sample_exponential(rng);
    return sample_random(rng);
  }
  Duration mean() const;
  std::string to_string() const;

  Kind kind() const { return kind_; }
  Duration a() const { return a_; }  // fixed: value, uniform: low, exponential: mean, normal: mu
  Duration b() const { return b_; }  // uniform: high, normal: sigma

  bool operator==(const Distribution&) const = default;

 private:
  Distribution(Kind k, Duration a, Duration b) : kind_(k), a_(a), b_(b) {}
  Duration sample_random(Rng& rng) const;
  Duration sample_exponential(Rng& rng) const {
    const double u = rng.uniform01();  // [0, 1) so 1 - u is in (0, 1]
    return round_us(-static_cast<double>(a_.count_us()) * std::log(1.0 - u));
  }
  // To the nearest microsecond, half up; never negative.
  static Duration round_us(double us) {
    if (!(us > 0)) return Duration::zero();
    if (us >= 9.2e18) return Duration::max();
    return Duration::us(static_cast<int64_t>(us + 0.5));  // us > 0: round half up
  }
  Kind kind_ = Kind::fixed;
  Duration a_;
  Duration b_;
};

// Parses "fixed(2s)", "2s", "uniform(60s, 240s)", "exponential(20m)",
// "normal(5s, 1s)". Durations as in parse_duration. Errors name the part that
// is wrong and list the accepted forms.
Parsed<Distribution> parse_distribution(std::string_view text);

}  // namespace lockstep::sim
