// The scenario runner (`lockstep run`) with a fake loader and a fake executor:
// discovery, selection, seeds, shards, jobs, fail-fast, the reports (stdout,
// JUnit XML validated against a schema with libxml2, JSON, traces), replay
// lines and exit codes.
#include "scenarios/runner.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdlib.h>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/random.hpp"

namespace lockstep::scenarios {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// ---- fixtures ----------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "lockstep-runner-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return (path_ / rel).generic_string(); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel) << text;
  }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fake scenario format: "key: value" lines (name, tags, seed), and
// "error: LINE:COL message" lines for load errors.
LoadResult fake_load(const fs::path& path) {
  LoadResult r;
  LoadedScenario s;
  s.scenario.location = {path.generic_string(), 1, 1};
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "name") s.scenario.name = value;
    if (key == "seed") s.scenario.seed = std::stoull(value);
    if (key == "tags") {
      std::istringstream tags(value);
      std::string t;
      while (std::getline(tags, t, ',')) {
        t.erase(0, t.find_first_not_of(' '));
        s.scenario.tags.push_back(t);
      }
    }
    if (key == "error") {
      int l = 0, c = 0;
      char msg[128] = {};
      std::sscanf(value.c_str(), "%d:%d %127[^\n]", &l, &c, msg);
      r.errors.push_back({{path.generic_string(), l, c}, msg});
    }
  }
  if (r.errors.empty()) r.scenarios.push_back(std::move(s));
  return r;
}

std::atomic<int> g_executions{0};

// Passes, except: names with "fails" always fail; names with "flaky" fail on
// even seeds. Virtual time covered: (seed % 1000) seconds.
RunResult fake_execute(const LoadedScenario& s, std::uint64_t seed, const RunOptions& options) {
  ++g_executions;
  RunResult r;
  r.seed = seed;
  r.virtual_end = sim::Time::from_us(static_cast<std::int64_t>(seed % 1000) * 1'000'000);
  r.events = seed % 97;
  r.trace_digest = "digest-" + std::to_string(seed);
  const std::string& name = s.scenario.name;
  const bool fails = name.find("fails") != std::string::npos ||
                     (name.find("flaky") != std::string::npos && seed % 2 == 0);
  r.passed = !fails;
  if (fails) {
    Failure f;
    f.step_index = 3;
    f.location = {s.scenario.location.file, 12, 5};
    f.step = "wait_until: sync of \"Ann\" on <Front Door> & Back Door is active";
    f.expected = "active within 4m";
    f.observed = options.reveal_codes ? "pending (code 1234)" : "pending after 4m, 'retrying'";
    f.at = sim::Time::from_us(240'000'000);
    r.failure = f;
  }
  if (options.keep_trace) {
    r.trace_jsonl = {
        R"({"t_us":0,"component":"runner","kind":"start"})",
        R"({"t_us":1,"component":"runner","kind":"seed","seed":)" + std::to_string(seed) + "}"};
  }
  return r;
}

// The suite used by most tests. Discovery order (sorted by relative path):
//   app/add_user.yaml, app/fails.yaml, locks/flaky.yaml, top.yaml,
//   website/armed.yml, website/create_user.yaml
class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir.write("suite/website/create_user.yaml",
              "name: A code created on the website reaches the panel\n"
              "tags: website, smoke\nseed: 42\n");
    dir.write("suite/website/armed.yml",
              "name: An edit while armed is refused\n"
              "tags: website, arm_state\n");
    dir.write("suite/app/add_user.yaml", "name: A user added in the app\ntags: app, smoke\n");
    dir.write("suite/app/fails.yaml",
              "name: A scenario that fails <on purpose> & \"quotes\" 'too'\ntags: app, broken\n");
    dir.write("suite/locks/flaky.yaml", "name: A flaky [lock] run*\ntags: locks\nseed: 7\n");
    dir.write("suite/top.yaml", "name: Top level scenario\n");
    dir.write("suite/notes.txt", "name: not a scenario\n");
    dir.write("suite/.hidden/x.yaml", "name: hidden\n");
    dir.write("suite/website/.draft.yaml", "name: draft\n");
  }

  struct Outcome {
    SuiteOutcome suite;
    std::string out, err;
    int exit_code() const { return suite.exit_code; }
  };

  RunnerOptions options() const {
    RunnerOptions o;
    o.paths = {dir / "suite"};
    o.jobs = 1;
    o.now = [] { return std::chrono::steady_clock::time_point{}; };  // wall time 0: exact output
    return o;
  }

  static Outcome run(const RunnerOptions& o, const ScenarioExecutor& ex = fake_execute) {
    std::ostringstream out, err;
    Outcome r{run_suite(o, fake_load, ex, out, err), "", ""};
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  static std::vector<std::string> names(const SuiteOutcome& s) {
    std::vector<std::string> v;
    for (const auto& r : s.runs)
      v.push_back(r.scenario->scenario.name);
    return v;
  }
  static std::vector<std::uint64_t> seeds(const SuiteOutcome& s) {
    std::vector<std::uint64_t> v;
    for (const auto& r : s.runs)
      v.push_back(r.seed);
    return v;
  }

  TempDir dir;
};

const char* kAdd = "A user added in the app";
const char* kFails = "A scenario that fails <on purpose> & \"quotes\" 'too'";
const char* kFlaky = "A flaky [lock] run*";
const char* kTop = "Top level scenario";
const char* kArmed = "An edit while armed is refused";
const char* kCreate = "A code created on the website reaches the panel";

// ---- discovery -----------------------------------------------------------------

TEST_F(RunnerTest, FoldersAreSearchedRecursivelyInSortedOrderSkippingHiddenAndOtherFiles) {
  const Discovery d = discover_scenario_files({dir / "suite"});
  ASSERT_TRUE(d.errors.empty());
  std::vector<std::string> display, group;
  for (const auto& f : d.files) {
    display.push_back(f.display);
    group.push_back(f.group);
  }
  EXPECT_THAT(display, ElementsAre("app/add_user.yaml", "app/fails.yaml", "locks/flaky.yaml",
                                   "top.yaml", "website/armed.yml", "website/create_user.yaml"));
  EXPECT_THAT(group, ElementsAre("app", "app", "locks", "suite", "website", "website"));
  EXPECT_EQ(d.files[0].path.generic_string(), dir / "suite/app/add_user.yaml");
}

TEST_F(RunnerTest, PathsKeepTheirOrderAndAFileReachedTwiceIsKeptOnce) {
  const Discovery d = discover_scenario_files(
      {dir / "suite/website/armed.yml", dir / "suite/website", dir / "suite/notes.txt"});
  ASSERT_TRUE(d.errors.empty());
  ASSERT_EQ(d.files.size(), 3u);
  EXPECT_EQ(d.files[0].display, dir / "suite/website/armed.yml");  // a file: as given
  EXPECT_EQ(d.files[0].group, "website");
  EXPECT_EQ(d.files[1].display, "create_user.yaml");
  EXPECT_EQ(d.files[2].display, dir / "suite/notes.txt");  // named explicitly: taken
}

TEST_F(RunnerTest, MissingPathsAndFoldersWithoutScenariosAreErrors) {
  fs::create_directories(dir.path() / "empty");
  const Discovery d = discover_scenario_files({dir / "nope", dir / "empty"});
  EXPECT_THAT(d.errors, ElementsAre(HasSubstr("no such file or folder"),
                                    HasSubstr("no scenario file (*.yaml, *.yml) in folder")));
  auto o = options();
  o.paths = {dir / "nope"};
  const auto r = run(o);
  EXPECT_EQ(r.exit_code(), 2);
  EXPECT_THAT(r.err, HasSubstr("no such file or folder: " + (dir / "nope")));
}

TEST_F(RunnerTest, RunsAreReportedInDiscoveryOrder) {
  const auto r = run(options());
  EXPECT_THAT(names(r.suite), ElementsAre(kAdd, kFails, kFlaky, kTop, kArmed, kCreate));
  const auto add = r.out.find(kAdd), top = r.out.find(kTop), create = r.out.find(kCreate);
  EXPECT_LT(add, top);
  EXPECT_LT(top, create);
}

// ---- selection -------------------------------------------------------------------

TEST(RunnerFilter, SubstringUnlessItHasGlobCharactersThenWholeNameGlob) {
  EXPECT_TRUE(name_matches_filter("A user added in the app", "added"));
  EXPECT_FALSE(name_matches_filter("A user added in the app", "Added"));
  EXPECT_TRUE(name_matches_filter("A user added in the app", "A user*"));
  EXPECT_FALSE(name_matches_filter("A user added in the app", "user*"));  // whole name
  EXPECT_TRUE(name_matches_filter("A user added in the app", "*user*app"));
  EXPECT_TRUE(name_matches_filter("anything", ""));
}

TEST(RunnerFilter, ExactFilterSelectsExactlyThatName) {
  for (std::string name :
       {"plain name", "A flaky [lock] run*", "what? *really*", "back\\slash [x"}) {
    EXPECT_TRUE(name_matches_filter(name, exact_filter(name))) << name;
  }
  EXPECT_FALSE(
      name_matches_filter("A flaky [lock] run* again", exact_filter("A flaky [lock] run*")));
  EXPECT_FALSE(name_matches_filter("A flaky l run*", exact_filter("A flaky [lock] run*")));
}

TEST(RunnerTags, AnyOfThePositiveTagsAndNoneOfTheNegativeOnes) {
  const std::vector<std::string> tags = {"website", "smoke"};
  EXPECT_TRUE(tags_match(tags, {}));
  EXPECT_TRUE(tags_match(tags, {"app", "smoke"}));
  EXPECT_FALSE(tags_match(tags, {"app"}));
  EXPECT_FALSE(tags_match(tags, {"smoke", "-website"}));
  EXPECT_TRUE(tags_match(tags, {"-slow"}));
  EXPECT_FALSE(tags_match({}, {"smoke"}));
}

TEST_F(RunnerTest, FilterAndTagsSelectScenarios) {
  auto o = options();
  o.filter = "website";
  EXPECT_THAT(names(run(o).suite), ElementsAre(kCreate));
  o.filter = "A*";
  EXPECT_THAT(names(run(o).suite), ElementsAre(kAdd, kFails, kFlaky, kArmed, kCreate));
  o.filter.clear();
  o.tags = {"smoke"};
  EXPECT_THAT(names(run(o).suite), ElementsAre(kAdd, kCreate));
  o.tags = {"app", "website", "-smoke"};
  EXPECT_THAT(names(run(o).suite), ElementsAre(kFails, kArmed));
}

TEST_F(RunnerTest, NothingMatchedIsBadInput) {
  auto o = options();
  o.filter = "no such scenario";
  const auto r = run(o);
  EXPECT_EQ(r.exit_code(), 2);
  EXPECT_THAT(r.err,
              HasSubstr("no scenario matched --filter 'no such scenario' (6 scenarios loaded)"));
  EXPECT_TRUE(r.suite.runs.empty());
}

// ---- seeds -------------------------------------------------------------------------

TEST_F(RunnerTest, TheFileSeedElseTheDefaultAndSeedOverridesBoth) {
  auto o = options();
  o.filter = "website";
  EXPECT_THAT(seeds(run(o).suite), ElementsAre(42u));
  o.filter = "Top level";
  EXPECT_THAT(seeds(run(o).suite), ElementsAre(kDefaultSeed));
  o.filter = "website";
  o.seed = 99;
  EXPECT_THAT(seeds(run(o).suite), ElementsAre(99u));
}

TEST_F(RunnerTest, RepeatRunsTheBaseSeedThenDerivedDistinctReproducibleSeeds) {
  auto o = options();
  o.filter = "website";
  o.repeat = 5;
  const auto first = run(o);
  const auto again = run(o);
  const auto s = seeds(first.suite);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0], 42u);
  for (std::uint64_t k = 1; k < 5; ++k)
    EXPECT_EQ(s[k], sim::derive_seed(42, k));
  EXPECT_EQ(std::set<std::uint64_t>(s.begin(), s.end()).size(), 5u);
  EXPECT_EQ(s, seeds(again.suite));
  EXPECT_EQ(first.out, again.out);
  EXPECT_EQ(first.suite.runs[3].test_name,
            std::string(kCreate) + " [seed " + std::to_string(s[3]) + "]");
}

// ---- shards ------------------------------------------------------------------------

TEST(RunnerShard, ParsesOneBasedShardsAndRefusesBadText) {
  auto s = parse_shard("2/4");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (Shard{1, 4}));
  EXPECT_EQ(*parse_shard("1/1"), (Shard{0, 1}));
  for (const char* bad : {"", "2", "0/4", "5/4", "1/0", "a/b", "1/4x", "-1/4", "1//4", " 1/4"}) {
    EXPECT_FALSE(parse_shard(bad).ok()) << bad;
  }
  EXPECT_THAT(parse_shard("0/4").error, HasSubstr("1 <= i <= n"));
}

TEST(RunnerShard, HonoursTheGoogleTestVariables) {
  auto none = shard_from_gtest_env(nullptr, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto s = shard_from_gtest_env("3", "0");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(**s, (Shard{0, 3}));
  EXPECT_EQ(**shard_from_gtest_env("3", "2"), (Shard{2, 3}));
  EXPECT_FALSE(shard_from_gtest_env("3", "3").ok());
  EXPECT_FALSE(shard_from_gtest_env("0", "0").ok());
  EXPECT_FALSE(shard_from_gtest_env("3", nullptr).ok());
  EXPECT_FALSE(shard_from_gtest_env("x", "1").ok());
}

TEST_F(RunnerTest, EveryRunIsInExactlyOneShard) {
  auto o = options();
  o.repeat = 3;
  const auto whole = run(o);
  const std::size_t total = whole.suite.runs.size();
  ASSERT_EQ(total, 18u);
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 25u}) {
    std::multiset<std::size_t> seen;
    for (std::uint32_t i = 0; i < n; ++i) {
      o.shard = Shard{i, n};
      const auto part = run(o);
      EXPECT_NE(part.exit_code(), 2);
      for (const auto& r : part.suite.runs) {
        EXPECT_EQ(r.index % n, i);
        EXPECT_EQ(r.seed, whole.suite.runs[r.index].seed);
        seen.insert(r.index);
      }
    }
    EXPECT_EQ(seen.size(), total) << n << " shards";
    EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()).size(), total) << n << " shards";
  }
}

TEST_F(RunnerTest, AnEmptyShardPassesWithANote) {
  auto o = options();
  o.filter = "Top level";
  o.shard = Shard{1, 2};
  const auto r = run(o);
  EXPECT_EQ(r.exit_code(), 0);
  EXPECT_THAT(r.out, HasSubstr("Shard 2/2 has no runs (1 runs in all)."));
  EXPECT_THAT(r.out, HasSubstr("\n0 passed, 0 failed\n"));
}

// ---- jobs and fail-fast -------------------------------------------------------------

TEST_F(RunnerTest, JobsDoNotChangeTheOutputTheJsonOrTheJUnit) {
  auto o = options();
  o.repeat = 6;
  o.json_file = dir / "out/one.json";
  o.junit_file = dir / "out/one.xml";
  o.trace_dir = dir / "traces1";
  const auto one = run(o);
  o.jobs = 4;
  o.json_file = dir / "out/four.json";
  o.junit_file = dir / "out/four.xml";
  o.trace_dir = dir / "traces1";  // same folder: the same file names are written again
  const auto four = run(o);
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(one.err, four.err);
  EXPECT_EQ(read_file(dir / "out/one.json"), read_file(dir / "out/four.json"));
  EXPECT_EQ(read_file(dir / "out/one.xml"), read_file(dir / "out/four.xml"));
  EXPECT_EQ(one.suite.failed, four.suite.failed);
  EXPECT_GT(one.suite.failed, 0u);
}

TEST_F(RunnerTest, FailFastStopsAtTheFirstFailureWhateverTheJobs) {
  auto o = options();
  o.fail_fast = true;
  o.repeat = 4;
  const auto one = run(o);
  EXPECT_EQ(one.exit_code(), 1);
  EXPECT_EQ(one.suite.passed, 4u);  // kAdd x4, then the first run of kFails fails
  EXPECT_EQ(one.suite.failed, 1u);
  EXPECT_EQ(one.suite.skipped, 24u - 5u);
  EXPECT_THAT(one.out, HasSubstr("\n4 passed, 1 failed, 19 skipped\n"));
  EXPECT_THAT(one.out,
              HasSubstr("Stopped after the first failure (--fail-fast): 19 runs not run."));

  g_executions = 0;
  o.jobs = 1;
  run(o);
  EXPECT_EQ(g_executions.load(), 5);  // nothing started after the failure

  o.jobs = 3;
  const auto three = run(o);
  EXPECT_EQ(one.out, three.out);
}

// ---- stdout ----------------------------------------------------------------------------

TEST_F(RunnerTest, OneAlignedLinePerRunThenFailuresThenThePlainSummaryLast) {
  auto o = options();
  o.filter = "A*";
  o.tags = {"-locks"};
  const auto r = run(o);
  EXPECT_EQ(r.exit_code(), 1);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line))
    all.push_back(line);
  ASSERT_GE(all.size(), 6u);
  EXPECT_EQ(all[0], "Running 4 runs of 4 scenarios");
  EXPECT_EQ(all[1],
            "PASS  app/add_user.yaml         A user added in the app                              "
            "seed 1   virtual       1s  wall 0us");
  EXPECT_EQ(all[4].substr(0, 6), "PASS  ");
  EXPECT_EQ(all[4].find("seed"), all[1].find("seed"));
  EXPECT_THAT(all[2], HasSubstr("FAIL  app/fails.yaml"));
  EXPECT_EQ(all.back(), "3 passed, 1 failed");
  EXPECT_EQ(all[all.size() - 2], "4 runs in 0us wall, 45s of virtual time");
  EXPECT_THAT(r.out, HasSubstr("\nFailures:\n"));
  EXPECT_THAT(r.out, HasSubstr("  step      " + (dir / "suite/app/fails.yaml") +
                               ":12:5  wait_until: sync of \"Ann\" on <Front Door> & Back Door "
                               "is active\n"));
  EXPECT_THAT(r.out, HasSubstr("  expected  active within 4m\n"));
  EXPECT_THAT(r.out, HasSubstr("  observed  pending after 4m, 'retrying'\n"));
  EXPECT_THAT(r.out, HasSubstr("  at        00:04:00.000000 virtual\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("\033[")));  // no colour unless asked
}

TEST_F(RunnerTest, ColourOnlyWhenAsked) {
  auto o = options();
  o.color = true;
  const auto r = run(o);
  EXPECT_THAT(r.out, HasSubstr("\033[32mPASS\033[0m"));
  EXPECT_THAT(r.out, HasSubstr("\033[1;31mFAIL\033[0m"));
  EXPECT_THAT(r.out, HasSubstr("\n5 passed, 1 failed\n"));  // the summary stays plain
}

TEST_F(RunnerTest, AProgressLineOnStderrOnlyForLongRunsAndOnlyWhenAsked) {
  auto o = options();
  o.filter = "Top level";
  o.now = [] { return std::chrono::steady_clock::now(); };
  auto slow = [](const LoadedScenario& s, std::uint64_t seed, const RunOptions& ro) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    return fake_execute(s, seed, ro);
  };
  const auto quiet = run(o, slow);
  EXPECT_EQ(quiet.err, "");
  o.progress = true;
  const auto shown = run(o, slow);
  EXPECT_THAT(shown.err, HasSubstr("\r\033[K[0/1] 0 failed, 1."));
  EXPECT_EQ(shown.err.substr(shown.err.size() - 4), "\r\033[K");  // cleared before the line
  o.now = [] { return std::chrono::steady_clock::time_point{}; };
  EXPECT_EQ(run(o).err, "");  // a short run shows none
}

// ---- replay lines -------------------------------------------------------------------

TEST(RunnerReplay, QuotesForPosixShells) {
  EXPECT_EQ(shell_quote("scenarios/website/a.yaml"), "scenarios/website/a.yaml");
  EXPECT_EQ(shell_quote("two words"), "'two words'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("$HOME`x`\"!"), "'$HOME`x`\"!'");
  EXPECT_EQ(replay_command("lockstep", "s/a b.yaml", 42, "Name [x]*"),
            "lockstep run 's/a b.yaml' --seed 42 --filter 'Name \\[x]\\*'");
}

// Splits a POSIX shell line made of plain words, '...' quotes and \x escapes.
std::vector<std::string> shell_split(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, quoted = false, escaped = false;
  for (char c : line) {
    if (escaped) {
      word += c;
      escaped = false;
    } else if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '\'') {
      quoted = in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      escaped = in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

TEST_F(RunnerTest, TheReplayLineRerunsExactlyThatRun) {
  auto o = options();
  o.repeat = 4;
  o.program = "build/app/lockstep";
  const auto r = run(o);
  ASSERT_GT(r.suite.failed, 1u);
  for (const auto& failed : r.suite.runs) {
    if (failed.result.passed) continue;
    EXPECT_THAT(r.out, HasSubstr("  replay    " + failed.replay + "\n"));
    const auto words = shell_split(failed.replay);
    ASSERT_EQ(words.size(), 7u) << failed.replay;
    EXPECT_EQ(words[0], "build/app/lockstep");
    EXPECT_EQ(words[1], "run");
    EXPECT_EQ(words[3], "--seed");
    EXPECT_EQ(words[4], std::to_string(failed.seed));
    EXPECT_EQ(words[5], "--filter");

    RunnerOptions replay = options();
    replay.paths = {words[2]};
    replay.seed = std::stoull(words[4]);
    replay.filter = words[6];
    const auto again = run(replay);
    ASSERT_EQ(again.suite.runs.size(), 1u) << failed.replay;
    const auto& rerun = again.suite.runs[0];
    EXPECT_EQ(rerun.scenario->scenario.name, failed.scenario->scenario.name);
    EXPECT_EQ(rerun.seed, failed.seed);
    EXPECT_FALSE(rerun.result.passed);
    EXPECT_EQ(rerun.result.failure->observed, failed.result.failure->observed);
    EXPECT_EQ(rerun.replay.substr(rerun.replay.find(" run ")),
              failed.replay.substr(failed.replay.find(" run ")));
    EXPECT_EQ(again.exit_code(), 1);
  }
}

// ---- JUnit XML --------------------------------------------------------------------------

// Validates against tests/scenarios/junit.xsd; returns libxml2's complaints.
std::string schema_errors(const std::string& xml) {
  std::string errors;
  xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(LOCKSTEP_TEST_DATA_DIR "/junit.xsd");
  xmlSchemaPtr schema = xmlSchemaParse(pctx);
  if (schema == nullptr) return "the schema does not load";
  xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(
      vctx, [](void* ctx, xmlErrorPtr e) { *static_cast<std::string*>(ctx) += e->message; },
      &errors);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) {
    errors = "not well-formed XML";
  } else if (xmlSchemaValidateDoc(vctx, doc) != 0 && errors.empty()) {
    errors = "invalid";
  }
  if (doc != nullptr) xmlFreeDoc(doc);
  xmlSchemaFreeValidCtxt(vctx);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(pctx);
  return errors;
}

std::string prop(xmlNodePtr node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}
std::string text_of(xmlNodePtr node) {
  xmlChar* v = xmlNodeGetContent(node);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}
std::vector<xmlNodePtr> children(xmlNodePtr node, const char* name) {
  std::vector<xmlNodePtr> v;
  for (xmlNodePtr c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && std::string(reinterpret_cast<const char*>(c->name)) == name)
      v.push_back(c);
  }
  return v;
}

TEST_F(RunnerTest, TheJUnitFileValidatesAndItsCountsAndTextsMatch) {
  auto o = options();
  o.junit_file = dir / "reports/junit.xml";
  o.repeat = 2;
  const auto r = run(o);
  ASSERT_EQ(r.exit_code(), 1);
  const std::string xml = read_file(o.junit_file);
  EXPECT_EQ(schema_errors(xml), "");

  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                                XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "testsuites");
  EXPECT_EQ(prop(root, "tests"), "12");
  EXPECT_EQ(prop(root, "failures"), std::to_string(r.suite.failed));
  EXPECT_EQ(prop(root, "errors"), "0");

  std::vector<std::string> suites;
  std::size_t cases = 0, failures = 0;
  std::map<std::string, std::string> failure_message, failure_text;
  for (xmlNodePtr suite : children(root, "testsuite")) {
    suites.push_back(prop(suite, "name"));
    const auto tcs = children(suite, "testcase");
    std::size_t suite_failures = 0;
    for (xmlNodePtr tc : tcs) {
      EXPECT_EQ(prop(tc, "classname"), prop(suite, "name"));
      for (xmlNodePtr f : children(tc, "failure")) {
        ++suite_failures;
        failure_message[prop(tc, "name")] = prop(f, "message");
        failure_text[prop(tc, "name")] = text_of(f);
      }
      EXPECT_EQ(children(tc, "system-out").size(), 1u);
    }
    EXPECT_EQ(prop(suite, "tests"), std::to_string(tcs.size()));
    EXPECT_EQ(prop(suite, "failures"), std::to_string(suite_failures));
    cases += tcs.size();
    failures += suite_failures;
  }
  xmlFreeDoc(doc);
  EXPECT_THAT(suites, ElementsAre("app", "locks", "suite", "website"));
  EXPECT_EQ(cases, 12u);
  EXPECT_EQ(failures, r.suite.failed);

  // The names and messages come back exactly, <>&"' and all.
  const std::string name = std::string(kFails) + " [seed 1]";
  ASSERT_EQ(failure_message.count(name), 1u) << xml;
  EXPECT_EQ(failure_message[name],
            "wait_until: sync of \"Ann\" on <Front Door> & Back Door is active; expected: active "
            "within 4m; observed: pending after 4m, 'retrying'");
  EXPECT_THAT(failure_text[name], HasSubstr("\nseed: 1\n"));
  EXPECT_THAT(failure_text[name], HasSubstr("replay: lockstep run "));
  EXPECT_THAT(failure_text[name],
              HasSubstr("--seed 1 --filter 'A scenario that fails <on purpose> & \"quotes\" "
                        "'\\''too'\\'''\n"));
}

TEST_F(RunnerTest, SkippedRunsAppearInTheJUnitFileAsSkipped) {
  auto o = options();
  o.junit_file = dir / "ff.xml";
  o.fail_fast = true;
  run(o);
  const std::string xml = read_file(o.junit_file);
  EXPECT_EQ(schema_errors(xml), "");
  EXPECT_THAT(xml,
              HasSubstr("<skipped message=\"not run: --fail-fast stopped after a failure\"/>"));
  EXPECT_THAT(xml, HasSubstr("tests=\"6\" failures=\"1\""));
}

TEST(RunnerXml, EscapesMarkupControlCharactersAndBadUtf8) {
  EXPECT_EQ(xml_escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(xml_escape("a\nb\tc\rd"), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(xml_escape("a\nb\tc\rd", false), "a\nb\tc&#13;d");
  EXPECT_EQ(xml_escape(std::string("x\x01y\0z", 5)), "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  EXPECT_EQ(xml_escape("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");  // kept
  EXPECT_EQ(xml_escape("bad \xC3 \xFF \xED\xA0\x80"),  // truncated, invalid, surrogate
            "bad \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(schema_errors("<testsuites tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\">"
                          "<testsuite name=\"" +
                          xml_escape("\x01<&\xFF\"") +
                          "\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\"/></testsuites>"),
            "");
}

// ---- JSON and traces -------------------------------------------------------------------

TEST_F(RunnerTest, TheJsonFileHasEveryRunWithItsFailure) {
  auto o = options();
  o.json_file = dir / "run.json";
  o.trace_dir = dir / "traces";
  o.tags = {"app"};
  const auto r = run(o);
  const auto doc = nlohmann::json::parse(read_file(o.json_file));
  EXPECT_EQ(doc["summary"]["passed"], 1);
  EXPECT_EQ(doc["summary"]["failed"], 1);
  EXPECT_EQ(doc["summary"]["exit_code"], 1);
  EXPECT_EQ(doc["summary"]["virtual_us"], 2'000'000);
  ASSERT_EQ(doc["runs"].size(), 2u);
  const auto& pass = doc["runs"][0];
  EXPECT_EQ(pass["name"], kAdd);
  EXPECT_EQ(pass["file"], dir / "suite/app/add_user.yaml");
  EXPECT_EQ(pass["seed"], 1);
  EXPECT_EQ(pass["passed"], true);
  EXPECT_EQ(pass["status"], "passed");
  EXPECT_EQ(pass["virtual"], "1s");
  EXPECT_EQ(pass["wall_seconds"], 0.0);
  EXPECT_TRUE(pass["failure"].is_null());
  EXPECT_TRUE(pass["trace_file"].is_null());
  const auto& fail = doc["runs"][1];
  EXPECT_EQ(fail["name"], kFails);
  EXPECT_EQ(fail["passed"], false);
  EXPECT_EQ(fail["failure"]["location"]["line"], 12);
  EXPECT_EQ(fail["failure"]["expected"], "active within 4m");
  EXPECT_EQ(fail["failure"]["observed"], "pending after 4m, 'retrying'");
  EXPECT_EQ(fail["failure"]["at"], "00:04:00.000000");
  EXPECT_EQ(fail["replay"], r.suite.runs[1].replay);
  EXPECT_EQ(doc["options"]["tags"], nlohmann::json::array({"app"}));

  // The failed run's trace, and only it, is in the trace folder.
  const std::string trace = dir / "traces/a-scenario-that-fails-on-purpose-quotes-too-seed1.jsonl";
  EXPECT_EQ(fail["trace_file"], trace);
  EXPECT_EQ(read_file(trace),
            "{\"t_us\":0,\"component\":\"runner\",\"kind\":\"start\"}\n"
            "{\"t_us\":1,\"component\":\"runner\",\"kind\":\"seed\",\"seed\":1}\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "traces"), fs::directory_iterator{}), 1);
  EXPECT_THAT(r.out, HasSubstr("  trace     " + trace + "\n"));
}

TEST_F(RunnerTest, RevealCodesReachesTheExecutorOnlyWhenAsked) {
  auto o = options();
  o.filter = "fails";
  EXPECT_THAT(run(o).out, Not(HasSubstr("1234")));
  o.reveal_codes = true;
  EXPECT_THAT(run(o).out, HasSubstr("pending (code 1234)"));
}

// ---- load errors and exit codes -------------------------------------------------------

TEST_F(RunnerTest, LoadErrorsAreAllPrintedAndNothingRuns) {
  dir.write("suite/website/broken.yaml",
            "name: Broken\nerror: 3:7 unknown step 'clik'\n"
            "error: 9:1 'within' needs a duration\n");
  dir.write("suite/app/broken.yaml", "name: Broken too\nerror: 2:5 unknown key 'stpes'\n");
  g_executions = 0;
  const auto r = run(options());
  EXPECT_EQ(r.exit_code(), 2);
  EXPECT_EQ(g_executions.load(), 0);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err,
              HasSubstr(dir / "suite/app/broken.yaml" + ":2:5: error: unknown key 'stpes'\n"));
  EXPECT_THAT(r.err,
              HasSubstr(dir / "suite/website/broken.yaml" + ":3:7: error: unknown step 'clik'\n"));
  EXPECT_THAT(r.err, HasSubstr(":9:1: error: 'within' needs a duration\n"));
  EXPECT_THAT(r.err, HasSubstr("3 errors in 2 files; nothing was run"));
}

TEST_F(RunnerTest, ExitCodes) {
  auto o = options();
  o.tags = {"smoke"};
  EXPECT_EQ(run(o).exit_code(), 0);
  o.tags = {"broken"};
  EXPECT_EQ(run(o).exit_code(), 1);
  o.tags = {"-"};
  EXPECT_EQ(run(o).exit_code(), 2);
  o.tags = {};
  o.repeat = 0;
  EXPECT_EQ(run(o).exit_code(), 2);
  o.repeat = 1;
  o.junit_file = dir / "suite/top.yaml/cannot.xml";  // a file where a folder should be
  const auto r = run(o);
  EXPECT_EQ(r.exit_code(), 2);
  EXPECT_THAT(r.err, HasSubstr("cannot write"));
}

TEST_F(RunnerTest, AnExecutorExceptionIsAFailureNotACrash) {
  auto o = options();
  o.filter = "Top level";
  const auto r = run(o, [](const LoadedScenario&, std::uint64_t, const RunOptions&) -> RunResult {
    throw std::runtime_error("world file missing");
  });
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_THAT(r.out, HasSubstr("observed  an exception: world file missing"));
}

}  // namespace
}  // namespace lockstep::scenarios
