// The scenario runner: see runner.hpp for what it does and the decisions made.
//
// [SECTION] shards
// [SECTION] discovery
// [SECTION] selection: filter and tags
// [SECTION] replay lines and shell quoting
// [SECTION] formatting
// [SECTION] XML escaping and JUnit
// [SECTION] JSON
// [SECTION] run_suite: load, select, run on a pool, report
#include "scenarios/runner.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <fmt/format.h>
#include <fnmatch.h>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "devices/outbox.hpp"
#include "sim/random.hpp"

namespace lockstep::scenarios {

namespace fs = std::filesystem;

namespace {

template <class T>
std::optional<T> parse_unsigned(std::string_view text) {
  T value{};
  if (text.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

// [SECTION] shards -----------------------------------------------------------

sim::Parsed<Shard> parse_shard(std::string_view text) {
  using P = sim::Parsed<Shard>;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return P::failure("--shard '" + std::string(text) +
                      "': expected i/n, the i-th of n shards counting from 1 (e.g. 2/4)");
  }
  const auto i = parse_unsigned<std::uint32_t>(text.substr(0, slash));
  const auto n = parse_unsigned<std::uint32_t>(text.substr(slash + 1));
  if (!i || !n) {
    return P::failure("--shard '" + std::string(text) +
                      "': i and n must be whole numbers (e.g. 2/4)");
  }
  if (*n == 0 || *i == 0 || *i > *n) {
    return P::failure("--shard '" + std::string(text) +
                      "': needs 1 <= i <= n (shards count from 1; 1/" +
                      std::to_string(std::max<std::uint32_t>(*n, 1)) + " is the first)");
  }
  return P::success(Shard{*i - 1, *n});
}

sim::Parsed<std::optional<Shard>> shard_from_gtest_env(const char* total, const char* index) {
  using P = sim::Parsed<std::optional<Shard>>;
  if (total == nullptr && index == nullptr) return P::success(std::nullopt);
  if (total == nullptr || index == nullptr) {
    return P::failure("GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX must be set together (or neither)");
  }
  const auto n = parse_unsigned<std::uint32_t>(total);
  const auto i = parse_unsigned<std::uint32_t>(index);
  if (!n || !i || *n == 0 || *i >= *n) {
    return P::failure(fmt::format(
        "GTEST_TOTAL_SHARDS={} GTEST_SHARD_INDEX={}: needs whole numbers with 0 <= index < total",
        total, index));
  }
  return P::success(Shard{*i, *n});
}

// [SECTION] discovery --------------------------------------------------------

namespace {

bool is_scenario_extension(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The name of a folder as given ("scenarios/", ".", "/abs/x").
std::string folder_name(const fs::path& folder) {
  fs::path norm = folder.lexically_normal();
  if (!norm.has_filename()) norm = norm.parent_path();
  std::string name = norm.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    const fs::path abs = fs::absolute(norm, ec).lexically_normal();
    fs::path a = abs.has_filename() ? abs : abs.parent_path();
    name = a.filename().string();
  }
  return name.empty() ? std::string("scenarios") : name;
}

}  // namespace

Discovery discover_scenario_files(const std::vector<std::string>& paths) {
  Discovery d;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p, std::string display, std::string group) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(p, ec).string();
    if (ec) key = fs::absolute(p, ec).lexically_normal().string();
    if (seen.insert(key).second) d.files.push_back({p, std::move(display), std::move(group)});
  };

  for (const auto& text : paths) {
    const fs::path root(text);
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (!fs::exists(status)) {
      d.errors.push_back("no such file or folder: " + text);
      continue;
    }
    if (!fs::is_directory(status)) {
      std::string group =
          root.parent_path().empty() ? folder_name(".") : folder_name(root.parent_path());
      add(root, root.generic_string(), std::move(group));
      continue;
    }

    std::vector<std::pair<std::string, fs::path>> found;  // (relative, path)
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      std::error_code type_ec;
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory(type_ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(type_ec) || !is_scenario_extension(p)) continue;
      found.emplace_back(p.lexically_relative(root).generic_string(), p);
    }
    if (ec) {
      d.errors.push_back("cannot read folder " + text + ": " + ec.message());
      continue;
    }
    if (found.empty()) {
      d.errors.push_back("no scenario file (*.yaml, *.yml) in folder " + text);
      continue;
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::string root_group = folder_name(root);
    for (auto& [relative, p] : found) {
      const std::string parent = fs::path(relative).parent_path().generic_string();
      add(p, relative, parent.empty() ? root_group : parent);
    }
  }
  return d;
}

// [SECTION] selection: filter and tags ----------------------------------------

namespace {
bool has_glob_chars(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}
}  // namespace

bool name_matches_filter(std::string_view name, std::string_view filter) {
  if (filter.empty()) return true;
  if (has_glob_chars(filter)) {
    return fnmatch(std::string(filter).c_str(), std::string(name).c_str(), 0) == 0;
  }
  return name.find(filter) != std::string_view::npos;
}

bool tags_match(const std::vector<std::string>& tags, const std::vector<std::string>& selectors) {
  auto has = [&](std::string_view t) {
    return std::find(tags.begin(), tags.end(), t) != tags.end();
  };
  bool any_positive = false, positive_hit = false;
  for (const auto& s : selectors) {
    if (!s.empty() && s.front() == '-') {
      if (has(std::string_view(s).substr(1))) return false;
    } else {
      any_positive = true;
      positive_hit = positive_hit || has(s);
    }
  }
  return !any_positive || positive_hit;
}

// [SECTION] replay lines and shell quoting ------------------------------------

std::string exact_filter(std::string_view name) {
  // A name without * ? [ is matched as a substring: the name itself, within
  // its own file, selects it. Otherwise it is a glob: escape every special
  // character so that it matches exactly this name.
  if (!has_glob_chars(name)) return std::string(name);
  std::string out;
  for (char c : name) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string shell_quote(std::string_view word) {
  const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
           std::string_view("_./:=@%+,-").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string replay_command(std::string_view program, std::string_view file, std::uint64_t seed,
                           std::string_view scenario_name) {
  return fmt::format("{} run {} --seed {} --filter {}", shell_quote(program), shell_quote(file),
                     seed, shell_quote(exact_filter(scenario_name)));
}

// [SECTION] formatting --------------------------------------------------------

std::string format_location(const SourceLocation& where) {
  std::string out = where.file;
  if (where.line > 0) {
    out += fmt::format("{}{}", out.empty() ? "line " : ":", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
  }
  return out;
}

std::string format_wall(double seconds) {
  if (seconds < 1e-3) return fmt::format("{:.0f}us", seconds * 1e6);
  if (seconds < 1.0) return fmt::format("{:.1f}ms", seconds * 1e3);
  return fmt::format("{:.2f}s", seconds);
}

// [SECTION] XML escaping and JUnit --------------------------------------------

namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length and code point, or
// length 0 for an invalid sequence.
std::pair<std::size_t, char32_t> decode_utf8(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {1, b0};
  std::size_t len = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + len > s.size()) return {0, 0};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {len, cp};
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  // Runs of characters XML carries as they are go through the one markup
  // escaping of the code base (devices::html_escape: & < > " ' as entities,
  // which XML reads the same); what XML needs beyond it is written here.
  std::size_t plain = 0;  // where the current run starts
  for (std::size_t i = 0; i < text.size();) {
    const auto [len, cp] = decode_utf8(text, i);
    std::string_view instead;
    if (len == 0) {
      instead = kReplacement;
    } else if (cp == '\r') {
      instead = "&#13;";
    } else if (cp == '\n' || cp == '\t') {
      if (attribute) instead = cp == '\n' ? "&#10;" : "&#9;";
    } else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      instead = kReplacement;
    }
    if (instead.empty()) {
      i += len;
      continue;
    }
    out += devices::html_escape(text.substr(plain, i - plain));
    out += instead;
    i += len == 0 ? 1 : len;
    plain = i;
  }
  out += devices::html_escape(text.substr(plain));
  return out;
}

namespace {

std::string failure_message(const Failure& f) {
  std::string m = f.step.empty() ? std::string("step failed") : f.step;
  if (!f.expected.empty()) m += "; expected: " + f.expected;
  if (!f.observed.empty()) m += "; observed: " + f.observed;
  return m;
}

std::string failure_details(const RunRecord& r) {
  const Failure& f = *r.result.failure;
  SourceLocation where = f.location;
  if (where.file.empty()) where.file = r.scenario->display;
  std::string s;
  s += fmt::format("step: {}  {}\n", format_location(where), f.step);
  s += fmt::format("expected: {}\n", f.expected);
  s += fmt::format("observed: {}\n", f.observed);
  s += fmt::format("at: {} virtual\n", sim::format_time(f.at));
  s += fmt::format("seed: {}\n", r.seed);
  if (!r.trace_file.empty()) s += fmt::format("trace: {}\n", r.trace_file);
  s += fmt::format("replay: {}\n", r.replay);
  return s;
}

}  // namespace

void write_junit(std::ostream& out, const std::vector<RunRecord>& runs) {
  // One <testsuite> per folder, in order of first appearance.
  std::vector<std::string> groups;
  for (const auto& r : runs) {
    if (std::find(groups.begin(), groups.end(), r.scenario->group) == groups.end()) {
      groups.push_back(r.scenario->group);
    }
  }
  struct Counts {
    std::size_t tests = 0, failures = 0, skipped = 0;
    double time = 0;
  };
  auto count = [&](const std::string* group) {
    Counts c;
    for (const auto& r : runs) {
      if (group != nullptr && r.scenario->group != *group) continue;
      ++c.tests;
      if (r.skipped) {
        ++c.skipped;
      } else {
        if (!r.result.passed) ++c.failures;
        c.time += r.result.wall_seconds;
      }
    }
    return c;
  };

  const Counts all = count(nullptr);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"lockstep run\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "time=\"{:.3f}\">\n",
      all.tests, all.failures, all.time);
  for (const auto& group : groups) {
    const Counts c = count(&group);
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"{:.3f}\">\n",
        xml_escape(group), c.tests, c.failures, c.skipped, c.time);
    for (const auto& r : runs) {
      if (r.scenario->group != group) continue;
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n",
                         xml_escape(group), xml_escape(r.test_name),
                         r.skipped ? 0.0 : r.result.wall_seconds);
      if (r.skipped) {
        out << "      <skipped message=\"not run: --fail-fast stopped after a failure\"/>\n";
      } else if (!r.result.passed && r.result.failure) {
        out << fmt::format("      <failure message=\"{}\" type=\"ScenarioFailure\">{}</failure>\n",
                           xml_escape(failure_message(*r.result.failure)),
                           xml_escape(failure_details(r), false));
      }
      out << fmt::format(
          "      <system-out>{}</system-out>\n",
          xml_escape(
              fmt::format("file: {}\nseed: {}\nvirtual: {}\nreplay: {}\n", r.scenario->file, r.seed,
                          sim::format_duration(r.result.virtual_end - sim::Time::zero()), r.replay),
              false));
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

// [SECTION] JSON ----------------------------------------------------------------

namespace {

nlohmann::json location_json(const SourceLocation& l) {
  return {{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

}  // namespace

std::string json_report(const SuiteOutcome& outcome, const RunnerOptions& options) {
  using nlohmann::json;
  json runs = json::array();
  std::int64_t virtual_us = 0;
  double wall = 0;
  for (const auto& r : outcome.runs) {
    const Scenario& s = r.scenario->scenario;
    json run = {
        {"name", s.name},
        {"test_name", r.test_name},
        {"file", r.scenario->file},
        {"display", r.scenario->display},
        {"group", r.scenario->group},
        {"tags", s.tags},
        {"seed", r.seed},
        {"repetition", r.repetition},
        {"index", r.index},
        {"status", r.skipped ? "skipped" : (r.result.passed ? "passed" : "failed")},
        {"passed", !r.skipped && r.result.passed},
        {"replay", r.replay},
    };
    if (!r.skipped) {
      const sim::Duration covered = r.result.virtual_end - sim::Time::zero();
      virtual_us += covered.count_us();
      wall += r.result.wall_seconds;
      run["virtual_us"] = covered.count_us();
      run["virtual"] = sim::format_duration(covered);
      run["wall_seconds"] = r.result.wall_seconds;
      run["events"] = r.result.events;
      run["trace_digest"] = r.result.trace_digest;
    }
    if (!r.skipped && r.result.failure) {
      const Failure& f = *r.result.failure;
      run["failure"] = {{"step_index", f.step_index},
                        {"location", location_json(f.location)},
                        {"step", f.step},
                        {"expected", f.expected},
                        {"observed", f.observed},
                        {"at_us", f.at.us()},
                        {"at", sim::format_time(f.at)}};
    } else {
      run["failure"] = nullptr;
    }
    run["trace_file"] = r.trace_file.empty() ? json(nullptr) : json(r.trace_file);
    runs.push_back(std::move(run));
  }
  json doc = {
      {"summary",
       {{"passed", outcome.passed},
        {"failed", outcome.failed},
        {"skipped", outcome.skipped},
        {"runs", outcome.runs.size()},
        {"scenarios_loaded", outcome.scenarios.size()},
        {"virtual_us", virtual_us},
        {"virtual", sim::format_duration(sim::Duration::us(virtual_us))},
        {"wall_seconds", wall},
        {"exit_code", outcome.exit_code}}},
      {"options",
       {{"paths", options.paths},
        {"filter", options.filter},
        {"tags", options.tags},
        {"seed", options.seed ? json(*options.seed) : json(nullptr)},
        {"repeat", options.repeat},
        {"shard", options.shard
                      ? json(fmt::format("{}/{}", options.shard->index + 1, options.shard->total))
                      : json(nullptr)},
        {"fail_fast", options.fail_fast},
        {"reveal_codes", options.reveal_codes}}},
      {"runs", std::move(runs)},
  };
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// [SECTION] run_suite: load, select, run on a pool, report ----------------------

namespace {

const char* plural(std::size_t n, const char* one, const char* many) {
  return n == 1 ? one : many;
}

std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
      out += c;
    } else if (u >= 'A' && u <= 'Z') {
      out += static_cast<char>(u - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out.empty() ? std::string("scenario") : out;
}

// Indents every line after the first by `indent` spaces.
std::string indent_continuation(std::string_view text, std::size_t indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

bool open_output(const std::string& file, std::ofstream& stream, std::ostream& err) {
  std::error_code ec;
  const fs::path p(file);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  stream.open(p, std::ios::binary | std::ios::trunc);
  if (!stream) {
    err << "lockstep run: cannot write " << file << "\n";
    return false;
  }
  return true;
}

}  // namespace

SuiteOutcome run_suite(const RunnerOptions& opts, const ScenarioLoader& load,
                       const ScenarioExecutor& execute, std::ostream& out, std::ostream& err) {
  SuiteOutcome o;
  o.exit_code = 2;

  // ---- check the options -------------------------------------------------
  if (opts.repeat == 0) {
    err << "lockstep run: --repeat must be at least 1\n";
    return o;
  }
  for (const auto& t : opts.tags) {
    if (t.empty() || t == "-") {
      err << "lockstep run: --tags: an empty tag ('" << t << "'); use tag or -tag\n";
      return o;
    }
  }
  if (opts.shard && (opts.shard->total == 0 || opts.shard->index >= opts.shard->total)) {
    err << "lockstep run: bad shard\n";
    return o;
  }

  // ---- find and load every file; any error stops before running ----------
  const Discovery found = discover_scenario_files(opts.paths);
  for (const auto& e : found.errors)
    err << "lockstep run: " << e << "\n";
  if (!found.errors.empty()) return o;

  std::vector<LoadError> errors;
  std::size_t files_with_errors = 0;
  for (const auto& f : found.files) {
    LoadResult r;
    try {
      r = load(f.path);
    } catch (const std::exception& e) {
      r.errors.push_back({SourceLocation{f.path.generic_string(), 0, 0}, e.what()});
    }
    if (!r.errors.empty()) ++files_with_errors;
    for (auto& e : r.errors) {
      if (e.location.file.empty()) e.location.file = f.path.generic_string();
      errors.push_back(std::move(e));
    }
    for (auto& s : r.scenarios) {
      s.file = f.path.generic_string();
      s.display = f.display;
      s.group = f.group;
      o.scenarios.push_back(std::make_shared<const LoadedScenario>(std::move(s)));
    }
  }
  if (!errors.empty()) {
    for (const auto& e : errors)
      err << format_location(e.location) << ": error: " << e.message << "\n";
    err << fmt::format("lockstep run: {} {} in {} {}; nothing was run\n", errors.size(),
                       plural(errors.size(), "error", "errors"), files_with_errors,
                       plural(files_with_errors, "file", "files"));
    return o;
  }

  // ---- select scenarios, plan runs, keep this shard's ----------------------
  std::vector<RunRecord> all;
  std::size_t selected = 0;
  for (const auto& s : o.scenarios) {
    if (!name_matches_filter(s->scenario.name, opts.filter)) continue;
    if (!tags_match(s->scenario.tags, opts.tags)) continue;
    ++selected;
    const std::uint64_t base = opts.seed ? *opts.seed : s->scenario.seed.value_or(kDefaultSeed);
    for (std::uint64_t k = 0; k < opts.repeat; ++k) {
      RunRecord r;
      r.scenario = s;
      r.repetition = k;
      r.seed = k == 0 ? base : sim::derive_seed(base, k);
      r.index = all.size();
      r.test_name = opts.repeat > 1 ? fmt::format("{} [seed {}]", s->scenario.name, r.seed)
                                    : s->scenario.name;
      r.replay = replay_command(opts.program, s->file, r.seed, s->scenario.name);
      all.push_back(std::move(r));
    }
  }
  if (selected == 0) {
    std::string why;
    if (!opts.filter.empty()) why += " --filter " + shell_quote(opts.filter);
    if (!opts.tags.empty()) {
      std::string joined;
      for (const auto& t : opts.tags)
        joined += (joined.empty() ? "" : ",") + t;
      why += " --tags " + shell_quote(joined);
    }
    err << fmt::format("lockstep run: no scenario matched{} ({} {} loaded)\n", why,
                       o.scenarios.size(), plural(o.scenarios.size(), "scenario", "scenarios"));
    return o;
  }
  for (auto& r : all) {
    if (!opts.shard || r.index % opts.shard->total == opts.shard->index) {
      o.runs.push_back(std::move(r));
    }
  }

  // ---- open the outputs before running anything ----------------------------
  std::ofstream junit, json;
  if (!opts.junit_file.empty() && !open_output(opts.junit_file, junit, err)) return o;
  if (!opts.json_file.empty() && !open_output(opts.json_file, json, err)) return o;
  if (!opts.trace_dir.empty()) {
    std::error_code ec;
    fs::create_directories(opts.trace_dir, ec);
    if (ec || !fs::is_directory(opts.trace_dir)) {
      err << "lockstep run: cannot create --trace-dir " << opts.trace_dir << "\n";
      return o;
    }
  }

  const std::size_t n = o.runs.size();
  {
    std::string header = fmt::format("Running {} {} of {} {}", n, plural(n, "run", "runs"),
                                     selected, plural(selected, "scenario", "scenarios"));
    std::vector<std::string> notes;
    if (opts.repeat > 1) notes.push_back(fmt::format("--repeat {}", opts.repeat));
    if (opts.seed) notes.push_back(fmt::format("--seed {}", *opts.seed));
    if (opts.shard) {
      notes.push_back(fmt::format("shard {}/{} of {} runs", opts.shard->index + 1,
                                  opts.shard->total, all.size()));
    }
    for (std::size_t i = 0; i < notes.size(); ++i)
      header += (i == 0 ? " (" : ", ") + notes[i];
    out << header << (notes.empty() ? "" : ")") << "\n";
  }

  // ---- column widths: the whole shard's, so every line aligns --------------
  std::size_t w_path = 0, w_name = 0, w_seed = 0;
  for (const auto& r : o.runs) {
    w_path = std::max(w_path, r.scenario->display.size());
    w_name = std::max(w_name, r.scenario->scenario.name.size());
    w_seed = std::max(w_seed, std::to_string(r.seed).size());
  }
  w_name = std::min<std::size_t>(w_name, 60);

  // ---- run on a pool; report in order on this thread -----------------------
  const RunOptions run_options{opts.reveal_codes, !opts.trace_dir.empty()};
  auto run_one = [&](const RunRecord& rec) {
    RunResult result;
    const auto t0 = opts.now();
    try {
      result = execute(*rec.scenario, rec.seed, run_options);
    } catch (const std::exception& e) {
      result = RunResult{};
      result.failure = Failure{0,
                               rec.scenario->scenario.location,
                               "(the executor)",
                               "the run to complete",
                               std::string("an exception: ") + e.what(),
                               sim::Time::zero()};
    }
    const auto t1 = opts.now();
    result.wall_seconds = std::chrono::duration<double>(t1 - t0).count();
    result.seed = rec.seed;
    if (result.passed) {
      result.failure.reset();
      result.trace_jsonl.clear();
    } else if (!result.failure) {
      result.failure = Failure{0,
                               rec.scenario->scenario.location,
                               "(the run)",
                               "the run to pass",
                               "it failed without saying why",
                               result.virtual_end};
    }
    return result;
  };

  struct Slot {
    bool done = false;
    RunResult result;
  };
  std::vector<Slot> slots(n);
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t next = 0, completed = 0, failed_so_far = 0;
  bool stop = false;
  unsigned jobs = opts.jobs != 0 ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, n));
  unsigned active = jobs;

  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::lock_guard lock(mutex);
        if (stop || next >= n) {
          --active;
          cv.notify_all();
          return;
        }
        i = next++;
      }
      RunResult result = run_one(o.runs[i]);
      {
        std::lock_guard lock(mutex);
        ++completed;
        if (!result.passed) {
          ++failed_so_far;
          if (opts.fail_fast) stop = true;
        }
        slots[i].result = std::move(result);
        slots[i].done = true;
      }
      cv.notify_all();
    }
  };

  const auto start = opts.now();
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned j = 0; j < jobs; ++j)
    threads.emplace_back(worker);

  bool progress_shown = false;
  auto clear_progress = [&] {
    if (progress_shown) {
      out.flush();
      err << "\r\033[K" << std::flush;
      progress_shown = false;
    }
  };
  const char* pass_word = opts.color ? "\033[32mPASS\033[0m" : "PASS";
  const char* fail_word = opts.color ? "\033[1;31mFAIL\033[0m" : "FAIL";

  std::size_t reported = 0;
  for (std::size_t i = 0; i < n; ++i) {
    {
      std::unique_lock lock(mutex);
      while (!slots[i].done && active > 0) {
        if (!opts.progress) {
          cv.wait(lock);
          continue;
        }
        cv.wait_for(lock, std::chrono::milliseconds(100));
        const double elapsed = std::chrono::duration<double>(opts.now() - start).count();
        if (elapsed >= 1.0) {
          err << fmt::format("\r\033[K[{}/{}] {} failed, {:.1f}s", completed, n, failed_so_far,
                             elapsed)
              << std::flush;
          progress_shown = true;
        }
      }
      if (!slots[i].done) break;  // never started: --fail-fast stopped the pool
      o.runs[i].result = std::move(slots[i].result);
    }
    RunRecord& r = o.runs[i];
    ++reported;

    if (!r.result.passed && !opts.trace_dir.empty() && !r.result.trace_jsonl.empty()) {
      std::string base = fmt::format("{}-seed{}", slug(r.scenario->scenario.name), r.seed);
      fs::path p = fs::path(opts.trace_dir) / (base + ".jsonl");
      for (int k = 2;
           std::any_of(o.runs.begin(), o.runs.begin() + static_cast<std::ptrdiff_t>(i),
                       [&](const RunRecord& q) { return q.trace_file == p.generic_string(); });
           ++k) {
        p = fs::path(opts.trace_dir) / fmt::format("{}-{}.jsonl", base, k);
      }
      std::ofstream trace(p, std::ios::binary | std::ios::trunc);
      for (const auto& line : r.result.trace_jsonl)
        trace << line << '\n';
      if (trace) {
        r.trace_file = p.generic_string();
      } else {
        err << "lockstep run: cannot write trace " << p.generic_string() << "\n";
      }
      r.result.trace_jsonl.clear();
      r.result.trace_jsonl.shrink_to_fit();
    }

    clear_progress();
    out << fmt::format("{}  {:<{}}  {:<{}}  seed {:<{}}  virtual {:>8}  wall {}\n",
                       r.result.passed ? pass_word : fail_word, r.scenario->display, w_path,
                       r.scenario->scenario.name, w_name, r.seed, w_seed,
                       sim::format_duration(r.result.virtual_end - sim::Time::zero()),
                       format_wall(r.result.wall_seconds));
    if (opts.progress) out.flush();
    if (r.result.passed) {
      ++o.passed;
    } else {
      ++o.failed;
      if (opts.fail_fast) break;
    }
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  for (auto& t : threads)
    t.join();
  clear_progress();
  const double wall = std::chrono::duration<double>(opts.now() - start).count();

  for (std::size_t i = reported; i < n; ++i) {
    o.runs[i].skipped = true;
    o.runs[i].result = RunResult{};
    o.runs[i].result.seed = o.runs[i].seed;
  }
  o.skipped = n - reported;

  // ---- failures, then the summary (its last line is the plain count) -------
  if (o.failed > 0) {
    out << "\nFailures:\n";
    for (const auto& r : o.runs) {
      if (r.skipped || r.result.passed) continue;
      const Failure& f = *r.result.failure;
      SourceLocation where = f.location;
      if (where.file.empty()) where.file = r.scenario->display;
      out << fmt::format("\n{}  {}  {}  seed {}\n", fail_word, r.scenario->display,
                         r.scenario->scenario.name, r.seed);
      out << fmt::format("  step      {}  {}\n", format_location(where), f.step);
      out << fmt::format("  expected  {}\n", indent_continuation(f.expected, 12));
      out << fmt::format("  observed  {}\n", indent_continuation(f.observed, 12));
      out << fmt::format("  at        {} virtual\n", sim::format_time(f.at));
      if (!r.trace_file.empty()) out << fmt::format("  trace     {}\n", r.trace_file);
      out << fmt::format("  replay    {}\n", r.replay);
    }
  }

  std::int64_t virtual_us = 0;
  for (const auto& r : o.runs) {
    if (!r.skipped) virtual_us += (r.result.virtual_end - sim::Time::zero()).count_us();
  }
  out << "\n";
  if (n == 0) {
    out << fmt::format("Shard {}/{} has no runs ({} runs in all).\n", opts.shard->index + 1,
                       opts.shard->total, all.size());
  }
  if (o.skipped > 0) {
    out << fmt::format("Stopped after the first failure (--fail-fast): {} {} not run.\n", o.skipped,
                       plural(o.skipped, "run", "runs"));
  }
  std::string rate;
  if (wall > 0 && reported > 0)
    rate = fmt::format(", {:.0f} runs/s", static_cast<double>(reported) / wall);
  out << fmt::format("{} {} in {} wall, {} of virtual time{}\n", reported,
                     plural(reported, "run", "runs"), format_wall(wall),
                     sim::format_duration(sim::Duration::us(virtual_us)), rate);
  out << fmt::format("{} passed, {} failed", o.passed, o.failed);
  if (o.skipped > 0) out << fmt::format(", {} skipped", o.skipped);
  out << "\n" << std::flush;

  o.exit_code = o.failed > 0 ? 1 : 0;
  if (junit.is_open()) {
    write_junit(junit, o.runs);
    junit.flush();
    if (!junit) err << "lockstep run: cannot write " << opts.junit_file << "\n";
  }
  if (json.is_open()) {
    json << json_report(o, opts);
    json.flush();
    if (!json) err << "lockstep run: cannot write " << opts.json_file << "\n";
  }
  return o;
}

}  // namespace lockstep::scenarios
