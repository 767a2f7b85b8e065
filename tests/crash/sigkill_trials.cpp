// Crash safety under SIGKILL: `tilt run`, `tilt convert` and `tilt sweep` are killed at seeded
// points spread over their uninterrupted duration (the lower quartile of the uninterrupted runs
// seen on this machine so far), from start-up through the writing phases to the end, 20 kills each
// (a run that finishes first is checked too, and its kill point retried earlier). After every kill
// each output present under its final name must be whole and equal to the uninterrupted run's (the
// runs are deterministic); only `<name>.tmp.<pid>` temporaries may be partial. A rerun must then
// succeed, remove those temporaries and, for the sweep, resume from its journal to the same table,
// nothing lost or duplicated. Half the trials start from an empty folder, half from one a previous
// run completed (a kill while finished outputs are being replaced).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "crash/child_process.hpp"
#include "crash/output_checks.hpp"
#include "tilt/sweep/sweep_plan.hpp"

namespace tilt::crash {
namespace {

constexpr int kTrials = 20;
constexpr std::uint64_t kSeed = 20261202;

/// Trial i: from an empty folder when i % 4 < 2, else from the folder a previous run completed.
bool starts_fresh(int trial) {
  return trial % 4 < 2;
}

/// Kill delays as fractions of the uninterrupted duration, one per trial: even trials stratified
/// over [0, 0.98) (start-up to the end), odd ones over [0.6, 0.98) (where the tables are finished
/// and renamed, summary and report written), each at a seeded point in its stratum.
std::vector<double> kill_fractions(std::uint64_t seed, int trials) {
  std::mt19937_64 rng(seed);
  const int strata = (trials + 1) / 2;
  std::vector<double> out;
  for (int i = 0; i < trials; ++i) {
    const double u = static_cast<double>(rng() >> 11) * 0x1p-53;
    const double lo = i % 2 == 0 ? 0.0 : 0.6;
    const double hi = 0.98;
    out.push_back(lo + (hi - lo) * ((i / 2) + u) / strata);
  }
  return out;
}

std::chrono::nanoseconds fraction_of(double seconds, double fraction) {
  return std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * fraction * 1e9));
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// What the trials of one command saw, printed at the end (and as test properties).
struct Tally {
  int killed = 0;
  int finished = 0;
  int left_temporaries = 0;  ///< kills that left a `.tmp.<pid>` the rerun had to clean up
  void print(const std::string& what) const {
    std::printf("%s: %d trials killed, %d finished first; %d kills left temporaries\n",
                what.c_str(), killed, finished, left_temporaries);
    ::testing::Test::RecordProperty("killed", killed);
    ::testing::Test::RecordProperty("left_temporaries", left_temporaries);
  }
};

/// Uninterrupted durations of one command seen so far. Kill points are fractions of their lower
/// quartile: robust to one slow or fast outlier (a cold cache, a load spike), and on a loaded
/// machine, where a run's length varies widely, few runs finish before their kill point.
class Durations {
 public:
  void add(double seconds) { seen_.push_back(seconds); }
  double lower_quartile() const {
    std::vector<double> v = seen_;
    const auto q = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 4);
    std::nth_element(v.begin(), q, v.end());
    return *q;
  }

 private:
  std::vector<double> seen_;
};

/// One command's kill trials: `command` is run in the fixture's work folder and writes under
/// `dir`, a trial from an empty folder first removes `fresh_removes`, `check(complete)` checks
/// `dir` after a kill (false) or a finished run (true), and `rerun` completes the folder after a
/// kill (when empty: `command` again, which must succeed, its time a duration sample).
struct Trials {
  std::string what;
  std::uint64_t seed;
  std::vector<std::string> command;
  fs::path dir;
  fs::path fresh_removes;
  std::function<void(bool complete)> check;
  std::function<void()> rerun;
};

class SigkillTrials : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("tilt-crash-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(work_);  // kept for a look when something failed
  }

  ChildOutcome tilt(const std::vector<std::string>& args,
                    std::optional<std::chrono::nanoseconds> kill_after = {}) {
    return run_tilt_child(args, work_.string(), (work_ / "child.log").string(), kill_after);
  }
  /// Runs trials until kTrials of them were killed (at most 3 × kTrials attempts: a run that
  /// finished before its kill point counts as an uninterrupted duration and the point is
  /// retried). `durations[fresh]` estimates the length of a run from an empty (fresh) or a
  /// complete folder.
  Tally run_trials(const Trials& t, Durations durations[2]) {
    Tally tally;
    const std::vector<double> fractions = kill_fractions(t.seed, kTrials);
    int retries = 0;  // of the current trial: each moves its kill point 25% earlier
    for (int attempt = 0; tally.killed < kTrials && attempt < 3 * kTrials; ++attempt) {
      const int trial = tally.killed;
      const bool fresh = starts_fresh(trial);
      const double expected = durations[fresh ? 1 : 0].lower_quartile();
      const double fraction = fractions[trial] * std::pow(0.75, retries);
      SCOPED_TRACE(t.what + " trial " + std::to_string(trial) + " (attempt " +
                   std::to_string(attempt) + "), kill at " + std::to_string(fraction) + " of " +
                   std::to_string(expected) + " s");
      if (fresh) fs::remove_all(t.fresh_removes);
      const ChildOutcome cut = tilt(t.command, fraction_of(expected, fraction));
      retries = cut.killed ? 0 : retries + 1;
      if (!cut.killed) {
        ++tally.finished;
        durations[fresh ? 1 : 0].add(cut.seconds);
        EXPECT_EQ(cut.exit_code, 0) << cut.output;
        t.check(true);
      } else {
        ++tally.killed;
        t.check(false);
        if (!list_folder(t.dir).temporaries.empty()) ++tally.left_temporaries;
        if (t.rerun) {
          t.rerun();
        } else {
          const ChildOutcome rerun = tilt(t.command);
          EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
          durations[0].add(rerun.seconds);
          durations[1].add(rerun.seconds);
        }
        t.check(true);
      }
      if (HasFailure()) break;
    }
    tally.print(t.what);
    EXPECT_EQ(tally.killed, kTrials) << "too many runs finished before their kill point";
    EXPECT_GE(tally.left_temporaries, 1) << "no kill landed while an output was being written";
    return tally;
  }
  /// A small synthetic store (shared, read only) for the run and the sweep.
  std::string synthetic_store(std::int64_t events) {
    const std::string path = (work_ / "data" / "synth.h5").string();
    fs::create_directories(work_ / "data");
    const ChildOutcome made = tilt({"synth", "--events", std::to_string(events), "--seed", "7",
                                    "--imbalance-strength", "0.6", "-o", path});
    EXPECT_EQ(made.exit_code, 0) << made.output;
    return path;
  }

  fs::path work_;
};

// A run config whose outputs take a good part of the run: every table including order_updates,
// signals sampled every 10 ms, and the report.
std::string run_config(const std::string& store, const std::string& tables) {
  return "data: {store: " + store + "}\n" +
         "latency: {model: constant, entry: 250us, response: 250us, feed: data}\n"
         "matching: {queue_model: risk_averse, partial_fills: true}\n"
         "signals:\n"
         "  - {type: queue_imbalance}\n"
         "  - {type: depth_imbalance, levels: 5, weights: exponential, name: depth5}\n"
         "  - {type: ofi, levels: 1, window: 100ms, normalized: true, name: ofi_100ms}\n"
         "strategy:\n"
         "  name: imbalance_market_maker\n"
         "  params: {signal: queue_imbalance, half_spread_ticks: 1.0, size: 1 lots,\n"
         "           max_position: 10, imbalance_skew_ticks: 2.0, inventory_skew_ticks: 1.0,\n"
         "           requote_ticks: 1}\n"
         "output:\n"
         "  sample_interval: 100ms\n"
         "  signal_sample_interval: 10ms\n"
         "  markout_horizons: [100ms, 1s]\n"
         "  tables: " +
         tables +
         "\n"
         "  report: true\n"
         "seed: 42\n";
}

/// A run folder after a kill (`complete` false) or a finished run: every file under its final
/// name equals the reference's; only temporaries may be anything, and only after a kill.
void check_run_folder(const fs::path& dir, const fs::path& reference, bool complete,
                      const std::set<std::string>& names) {
  const Listing l = list_folder(dir);
  for (const std::string& name : l.outputs)
    EXPECT_TRUE(names.contains(name)) << dir << " holds an unexpected " << name;
  if (complete) {
    EXPECT_EQ(l.outputs, names) << dir;
    EXPECT_TRUE(l.temporaries.empty()) << dir << " keeps temporaries, e.g. " << l.temporaries[0];
  }
  if (l.outputs.contains("config.resolved.yaml")) {
    EXPECT_EQ(read_bytes(dir / "config.resolved.yaml"),
              read_bytes(reference / "config.resolved.yaml"))
        << dir;
  }
  if (l.outputs.contains("summary.json"))
    expect_same_summary(dir / "summary.json", reference / "summary.json");
  if (l.outputs.contains("results.h5"))
    expect_same_tables((dir / "results.h5").string(), (reference / "results.h5").string());
  if (l.outputs.contains("report.html")) expect_whole_html(dir / "report.html");
  if (l.outputs.contains("run.log")) {
    const std::string log = read_bytes(dir / "run.log");
    EXPECT_TRUE(log.starts_with("tilt run ") && log.find("\nstatus ok\n") != std::string::npos &&
                log.ends_with("\n"))
        << dir / "run.log"
        << ":\n"
        << log;
  }
}

TEST_F(SigkillTrials, RunOutputsAreWholeOrAbsentAndARerunSucceeds) {
  const std::string store = synthetic_store(300'000);
  const std::string config = (work_ / "run.yaml").string();
  write_text(config, run_config(store, "[equity, fills, orders, order_updates, signals]"));
  const fs::path dir = work_ / "run";
  const fs::path reference = work_ / "reference";
  const std::vector<std::string> command{"run", config, "-o", dir.string(), "--quiet"};
  const std::set<std::string> names{"config.resolved.yaml", "summary.json", "results.h5",
                                    "report.html", "run.log"};

  const ChildOutcome first = tilt(command);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  fs::copy(dir, reference, fs::copy_options::recursive);
  check_run_folder(dir, reference, true, names);

  Durations durations[2];  // [0]: from a complete folder, [1]: from an empty one (the same here)
  durations[0].add(first.seconds);
  durations[1].add(first.seconds);
  run_trials({.what = "tilt run",
              .seed = kSeed,
              .command = command,
              .dir = dir,
              .fresh_removes = dir,
              .check = [&](bool complete) { check_run_folder(dir, reference, complete, names); },
              .rerun = {}},
             durations);
}

/// A Tardis incremental_book_L2 CSV: a snapshot of 10 levels a side around 1000, then `rows`
/// updates of those levels (sizes never 0, so the book never empties or crosses).
void write_tardis_book(const fs::path& path, int rows) {
  std::mt19937_64 rng(kSeed);
  std::string text = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
  std::int64_t ts = 1'585'699'200'000'000;  // µs
  const auto row = [&](bool snapshot, bool bid, int level, std::uint64_t amount) {
    const double price = 1000.0 + (bid ? -0.5 : 0.5) * level;
    text += "deribit,TEST," + std::to_string(ts) + "," + std::to_string(ts + 120) + "," +
            (snapshot ? "true," : "false,") + (bid ? "bid," : "ask,") + std::to_string(price) +
            "," + std::to_string(amount) + "\n";
  };
  for (int level = 1; level <= 10; ++level) {
    row(true, true, level, 10 + level);
    row(true, false, level, 10 + level);
  }
  for (int i = 0; i < rows; ++i) {
    if (i % 3 == 0) ts += 1 + static_cast<std::int64_t>(rng() % 2000);
    row(false, rng() % 2 == 0, 1 + static_cast<int>(rng() % 10), 1 + rng() % 500);
  }
  write_text(path, text);
}

TEST_F(SigkillTrials, ConvertLeavesAWholeStoreOrNoneAndARerunSucceeds) {
  const fs::path csv = work_ / "book.csv";
  write_tardis_book(csv, 400'000);
  const fs::path dir = work_ / "store";
  fs::create_directories(dir);
  const std::string out = (dir / "out.h5").string();
  const std::string reference = (work_ / "reference.h5").string();
  const std::vector<std::string> command{
      "convert",     "--from", "tardis",     "--book", csv.string(), "--symbol", "TEST",
      "--tick-size", "0.5",    "--lot-size", "1",      "-o",         out,        "--quiet"};

  const ChildOutcome first = tilt(command);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  fs::copy_file(out, reference);
  const ChildOutcome reference_info = tilt({"info", out});
  ASSERT_EQ(reference_info.exit_code, 0) << reference_info.output;

  const auto check = [&](bool complete) {
    const Listing l = list_folder(dir);
    for (const std::string& name : l.outputs)
      EXPECT_EQ(name, "out.h5") << dir << " holds an unexpected " << name;
    if (complete) {
      EXPECT_TRUE(l.outputs.contains("out.h5"));
      EXPECT_TRUE(l.temporaries.empty()) << "temporaries left, e.g. " << l.temporaries[0];
    }
    if (!l.outputs.contains("out.h5")) return;
    const ChildOutcome info = tilt({"info", out});
    EXPECT_EQ(info.exit_code, 0) << info.output;
    EXPECT_EQ(info.output, reference_info.output);
    expect_same_store(out, reference);
  };

  Durations durations[2];
  durations[0].add(first.seconds);
  durations[1].add(first.seconds);
  run_trials({.what = "tilt convert",
              .seed = kSeed + 1,
              .command = command,
              .dir = dir,
              .fresh_removes = out,
              .check = check,
              .rerun = {}},
             durations);
}

/// The complete lines of a journal (a torn last line, without its newline, is not one).
std::vector<std::string> journal_lines(const fs::path& path, bool* torn = nullptr) {
  const std::string text = read_bytes(path);
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  if (torn != nullptr) *torn = start < text.size();
  return lines;
}

TEST_F(SigkillTrials, SweepResumesToTheSameTableAfterAnyKill) {
  const std::string store = synthetic_store(60'000);
  const std::string base = (work_ / "base.yaml").string();
  write_text(base, run_config(store, "[equity, fills, orders, signals]"));
  const std::string config = (work_ / "sweep.yaml").string();
  write_text(config,
             "base: base.yaml\n"
             "space:\n"
             "  grid:\n"
             "    strategy.params.imbalance_skew_ticks: [0, 1, 2]\n"
             "    strategy.params.half_spread_ticks: [1, 1.5, 2, 3]\n"
             "objective: {metric: pnl, direction: maximize}\n"
             "keep_top: 2\n");
  const fs::path dir = work_ / "sweep";
  const fs::path reference = work_ / "reference";
  // One point per work unit: the journal grows row by row, so kills land between its appends.
  const std::vector<std::string> command{"sweep", config,        "-o", dir.string(), "-j",
                                         "2",     "--max-group", "1",  "--quiet"};

  const ChildOutcome first = tilt(command);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  fs::copy(dir, reference, fs::copy_options::recursive);
  const std::vector<std::string> all_rows = journal_lines(reference / "journal.jsonl");
  ASSERT_EQ(all_rows.size(), 12u);
  const std::set<std::string> reference_rows(all_rows.begin(), all_rows.end());
  std::set<std::string> top_runs;
  for (const auto& e : fs::directory_iterator(reference / "top"))
    top_runs.insert(e.path().filename().string());
  ASSERT_EQ(top_runs.size(), 2u);
  // A rerun on the complete folder resumes every run and rewrites the tables, top/ and the page.
  const ChildOutcome finish_only = tilt(command);
  ASSERT_EQ(finish_only.exit_code, 0) << finish_only.output;

  const auto check = [&](bool complete) {
    const Listing l = list_folder(dir);
    static const std::set<std::string> files{"sweep.resolved.yaml", "journal.jsonl", "results.csv",
                                             "results.h5", "sweep.html"};
    // .top-staging/ holds the runs a small sweep records as it goes (sweep_runner.cpp): a work
    // folder, removed when the sweep finishes and by the next sweep, never taken for top/.
    for (const std::string& name : l.outputs) {
      const bool in_top = name == "top" || name.starts_with("top/");
      const bool staged = name == ".top-staging" || name.starts_with(".top-staging/");
      EXPECT_TRUE(files.contains(name) || in_top || (staged && !complete))
          << dir << " holds an unexpected " << name;
    }
    if (complete) {
      for (const std::string& name : files) EXPECT_TRUE(l.outputs.contains(name)) << name;
      EXPECT_TRUE(l.temporaries.empty()) << "temporaries left, e.g. " << l.temporaries[0];
    }
    for (const std::string name : {"sweep.resolved.yaml", "results.csv"}) {
      if (l.outputs.contains(name)) {
        EXPECT_EQ(read_bytes(dir / name), read_bytes(reference / name)) << name;
      }
    }
    if (l.outputs.contains("results.h5"))
      expect_same_tables((dir / "results.h5").string(), (reference / "results.h5").string());
    if (l.outputs.contains("sweep.html")) expect_whole_html(dir / "sweep.html");
    // Every complete journal line is a row of the uninterrupted sweep, each id once.
    if (l.outputs.contains("journal.jsonl")) {
      std::set<std::string> ids;
      for (const std::string& line : journal_lines(dir / "journal.jsonl")) {
        EXPECT_TRUE(reference_rows.contains(line)) << "journal row not in the reference: " << line;
        EXPECT_TRUE(ids.insert(row_from_json(line).id).second) << "row twice: " << line;
      }
      if (complete) {
        EXPECT_EQ(ids.size(), all_rows.size());
      }
    }
    // top/ is whole or absent: the reference's run folders, each complete.
    if (l.outputs.contains("top")) {
      std::set<std::string> runs;
      for (const auto& e : fs::directory_iterator(dir / "top"))
        runs.insert(e.path().filename().string());
      EXPECT_EQ(runs, top_runs);
      for (const std::string& run : top_runs) {
        check_run_folder(dir / "top" / run, reference / "top" / run, true,
                         {"config.resolved.yaml", "summary.json", "results.h5", "report.html"});
        // Built under top.tmp.<pid>/, the report names the folder it was renamed to.
        const std::string named = "\"run_dir\":\"" + (dir / "top" / run).string() + "\"";
        EXPECT_NE(read_bytes(dir / "top" / run / "report.html").find(named), std::string::npos)
            << run << "/report.html does not name " << named;
      }
    } else if (complete) {
      ADD_FAILURE() << "no top/ after a complete sweep";
    }
  };

  Durations durations[2];
  durations[0].add(finish_only.seconds);
  durations[1].add(first.seconds);
  int resumed_rows = 0;
  const std::regex resumed_pattern(R"(\((\d+) run now, (\d+) resumed\))");
  run_trials({.what = "tilt sweep",
              .seed = kSeed + 2,
              .command = command,
              .dir = dir,
              .fresh_removes = dir,
              .check = check,
              .rerun =
                  [&] {
                    const std::size_t journaled = fs::exists(dir / "journal.jsonl")
                                                      ? journal_lines(dir / "journal.jsonl").size()
                                                      : 0;
                    // Without --quiet: the summary line says how many runs were resumed.
                    std::vector<std::string> rerun_command = command;
                    rerun_command.pop_back();
                    const ChildOutcome rerun = tilt(rerun_command);
                    EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
                    std::smatch m;
                    if (std::regex_search(rerun.output, m, resumed_pattern)) {
                      EXPECT_EQ(std::stoul(m[2]), journaled) << rerun.output;
                      EXPECT_EQ(std::stoul(m[1]) + std::stoul(m[2]), all_rows.size())
                          << rerun.output;
                      if (journaled < all_rows.size()) resumed_rows += static_cast<int>(journaled);
                    } else {
                      ADD_FAILURE() << "no summary line in:\n" << rerun.output;
                    }
                  }},
             durations);
  std::printf("tilt sweep: %d journal rows resumed by reruns of unfinished sweeps\n", resumed_rows);
  EXPECT_GT(resumed_rows, 0) << "no kill landed between journal appends";
}

}  // namespace
}  // namespace tilt::crash
