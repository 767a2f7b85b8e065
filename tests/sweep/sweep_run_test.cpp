// Sweeps end to end on a small synthetic store: one replay for many instances equals separate
// runs bit for bit; thread counts and group sizes give the same table; the journal resumes; the
// best runs' folders are the same whether recorded during the sweep or run again at the end; a
// plugin's required signals join its points' replay as they join `tilt run`'s.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "adapters/synthetic/generator.hpp"
#include "strategies/builtin/builtin_strategies.hpp"
#include "support/temp_dir.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/run/group_run.hpp"
#include "tilt/run/run_orchestration.hpp"
#include "tilt/sweep/sweep_runner.hpp"

namespace tilt {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SweepRun : public ::testing::Test {
 protected:
  void SetUp() override {
    synthetic::Params p;
    p.events = 60'000;
    p.seed = 5;
    synthetic::write_store(p, store_);
  }

  std::string base() const {
    return "base:\n  data: {store: " + store_ +
           "}\n"
           "  signals: [{type: queue_imbalance}]\n"
           "  instrument: {maker_fee: -0.0001, taker_fee: 0.0002}\n"
           "  strategy: {name: imbalance_market_maker, params: {max_position: 5}}\n"
           "  output: {sample_interval: 100ms}\n";
  }
  std::string sweep_text() const {
    return base() +
           "space:\n  grid:\n"
           "    strategy.params.half_spread_ticks: [0.5, 1, 2]\n"
           "    strategy.params.imbalance_skew_ticks: [0, 1.5]\n"
           "  zip:\n    latency.entry: [50us, 1ms]\n    latency.response: [50us, 2ms]\n"
           "objective: {metric: pnl/max_abs_inventory, direction: maximize}\nkeep_top: 2\n";
  }

  testing::TempDir dir_;
  std::string store_ = dir_.file("data.h5");
};

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST_F(SweepRun, OneReplayForManyInstancesEqualsSeparateRunsBitForBit) {
  const auto& runners = strategies::builtin_strategies();
  const SweepConfig sweep = parse_sweep_config(sweep_text(), dir_.file("s.yaml"));
  const SweepPlan plan = make_sweep_plan(sweep, runners);
  ASSERT_EQ(plan.points.size(), 12u);
  WorkUnit all;
  for (std::size_t i = 0; i < plan.points.size(); ++i) all.points.push_back(i);
  const std::vector<SweepRow> together = run_work_unit(plan, all, runners);
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    // The same point alone, through `tilt run`'s own path (run_backtest), to a run folder.
    RunConfig config = plan.points[i].config;
    RunOptions options;
    options.output_dir = dir_.file("alone_" + std::to_string(i));
    config.output_dir = options.output_dir;
    const RunReport report = run_config(config, options, runners);
    ASSERT_TRUE(report.ok) << report.error;
    const nlohmann::json summary = nlohmann::json::parse(report.summary_json);
    const SweepRow& row = together[i];
    ASSERT_EQ(row.status, "ok");
    int compared = 0;
    for (const auto& [name, value] : row.stats) {
      if (!summary.contains(name)) continue;
      const double alone = summary[name].is_null() ? std::nan("") : summary[name].get<double>();
      EXPECT_TRUE(same_bits(value, alone) || (std::isnan(value) && std::isnan(alone)))
          << name << " point " << i << ": " << value << " together, " << alone << " alone";
      ++compared;
    }
    EXPECT_GE(compared, 15);
    // A group of one equals the group of twelve too (markouts included).
    const std::vector<SweepRow> single = run_work_unit(plan, WorkUnit{{i}}, runners);
    ASSERT_EQ(single[0].stats.size(), row.stats.size());
    for (std::size_t k = 0; k < row.stats.size(); ++k)
      EXPECT_TRUE(same_bits(single[0].stats[k].second, row.stats[k].second) ||
                  (std::isnan(single[0].stats[k].second) && std::isnan(row.stats[k].second)))
          << row.stats[k].first;
  }
  // The strategies traded differently (else equality proves little).
  std::set<double> pnls;
  for (const SweepRow& r : together) pnls.insert(r.stats[0].second);
  EXPECT_GE(pnls.size(), 6u);
}

TEST_F(SweepRun, TheTableIsTheSameWithOneThreadManyThreadsAndAnyGroupSize) {
  const auto& runners = strategies::builtin_strategies();
  const SweepConfig sweep = parse_sweep_config(sweep_text(), dir_.file("s.yaml"));
  std::vector<std::string> tables;
  for (const auto& [workers, group] :
       std::vector<std::pair<std::size_t, std::size_t>>{{1, 128}, {3, 128}, {2, 1}}) {
    SweepOptions options;
    options.output_dir =
        dir_.file("sweep_" + std::to_string(workers) + "_" + std::to_string(group));
    options.workers = workers;
    options.max_group = group;
    const SweepOutcome out = run_sweep(sweep, options, runners);
    EXPECT_EQ(out.rows.size(), 12u);
    EXPECT_EQ(out.ran, 12);
    ASSERT_EQ(out.top_dirs.size(), 2u);
    tables.push_back(read(options.output_dir + "/results.csv"));
    // The best run by pnl/max_abs_inventory, recomputed from the rows.
    double best = -1e300;
    for (const SweepRow& r : out.rows) {
      const double v = objective_value(sweep.objective, r);
      if (std::isfinite(v)) best = std::max(best, v);
    }
    EXPECT_EQ(objective_value(sweep.objective, out.rows[out.best[0]]), best);
    // The top run folder is a full run whose summary matches its row.
    const nlohmann::json top = nlohmann::json::parse(read(out.top_dirs[0] + "/summary.json"));
    EXPECT_EQ(top["pnl"].get<double>(), out.rows[out.best[0]].stats[0].second);
    EXPECT_TRUE(std::ifstream(out.top_dirs[0] + "/report.html").good());
    EXPECT_EQ(read_table(options.output_dir + "/results.h5", "runs").rows(), 12u);
  }
  EXPECT_EQ(tables[0], tables[1]);
  EXPECT_EQ(tables[0], tables[2]);
  EXPECT_EQ(std::count(tables[0].begin(), tables[0].end(), '\n'), 13);  // header + 12 rows
}

// Every cell of two tables, doubles compared bit for bit (NaN included).
void expect_same_table(const Table& a, const Table& b, const std::string& what) {
  ASSERT_EQ(a.columns.size(), b.columns.size()) << what;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    EXPECT_EQ(x.name, y.name) << what;
    ASSERT_EQ(x.size(), y.size()) << what << " " << x.name;
    if (const auto* dx = std::get_if<std::vector<double>>(&x.values)) {
      const auto& dy = std::get<std::vector<double>>(y.values);
      for (std::size_t i = 0; i < dx->size(); ++i)
        ASSERT_TRUE(same_bits((*dx)[i], dy[i])) << what << " " << x.name << " row " << i;
    } else {
      EXPECT_TRUE(x.values == y.values) << what << " " << x.name;
    }
  }
}

TEST_F(SweepRun, TopFoldersRecordedDuringTheSweepEqualTheOnesRunAgain) {
  const auto& runners = strategies::builtin_strategies();
  std::string text = sweep_text();  // every table, order updates included
  const std::string output = "output: {sample_interval: 100ms";
  text.insert(text.find(output) + output.size(),
              ", tables: [equity, fills, orders, order_updates, signals]");
  const SweepConfig sweep = parse_sweep_config(text, dir_.file("s.yaml"));
  std::vector<SweepOutcome> outs;
  for (const std::size_t record_up_to : {std::size_t{64}, std::size_t{0}}) {
    SweepOptions options;
    options.output_dir = dir_.file("top_" + std::to_string(record_up_to));
    options.workers = 2;
    options.record_up_to = record_up_to;
    outs.push_back(run_sweep(sweep, options, runners));
    // Runs that did not make the top were recorded and dropped: nothing is left behind.
    EXPECT_FALSE(std::filesystem::exists(options.output_dir + "/.top-staging"));
    std::size_t folders = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator(options.output_dir + "/top"))
      ++folders;
    EXPECT_EQ(folders, 2u);
  }
  ASSERT_EQ(outs[0].top_dirs.size(), 2u);
  ASSERT_EQ(outs[1].top_dirs.size(), 2u);
  EXPECT_EQ(outs[0].top_rerun, 0);  // both recorded as they ran
  EXPECT_EQ(outs[1].top_rerun, 2);  // both run again
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string recorded = outs[0].top_dirs[k];
    const std::string again = outs[1].top_dirs[k];
    EXPECT_EQ(std::filesystem::path(recorded).filename(), std::filesystem::path(again).filename());
    nlohmann::json a = nlohmann::json::parse(read(recorded + "/summary.json"));
    nlohmann::json b = nlohmann::json::parse(read(again + "/summary.json"));
    EXPECT_GT(a["fills"].get<double>(), 0);  // the runs traded: the tables below are not empty
    for (const char* wall : {"wall_seconds", "events_per_second"}) {
      a.erase(wall);
      b.erase(wall);
    }
    EXPECT_EQ(a.dump(), b.dump());
    for (const char* table : {"order_updates", "signals", "equity", "fills", "orders"})
      expect_same_table(read_table(recorded + "/results.h5", table),
                        read_table(again + "/results.h5", table), table);
    // config.resolved.yaml names the folder it is in; otherwise the same.
    std::string ca = read(recorded + "/config.resolved.yaml");
    std::string cb = read(again + "/config.resolved.yaml");
    ca.replace(ca.find(recorded), recorded.size(), "DIR");
    cb.replace(cb.find(again), again.size(), "DIR");
    EXPECT_EQ(ca, cb);
    EXPECT_TRUE(std::ifstream(recorded + "/report.html").good());
  }
}

#ifdef TILT_API_PROBE_PLUGIN
TEST_F(SweepRun, APluginsRequiredSignalsJoinEveryPointAsInARun) {
  // The probe asks for queue_imbalance named qi_req (required_signals) and fails at on_start
  // when the run does not have it; the YAML names no signal.
  const std::string text = "base:\n  data: {store: " + store_ +
                           "}\n"
                           "  strategy: {name: api_probe, plugin: " TILT_API_PROBE_PLUGIN
                           "}\n"
                           "space:\n  grid:\n    latency.entry: [1ms, 3ms]\n"
                           "objective: {metric: fills, direction: maximize}\nkeep_top: 1\n";
  const auto& runners = strategies::builtin_strategies();
  const SweepConfig sweep = parse_sweep_config(text, dir_.file("p.yaml"));
  const SweepPlan plan = make_sweep_plan(sweep, runners);
  ASSERT_EQ(plan.points.size(), 2u);
  for (const ResolvedPoint& p : plan.points) {
    ASSERT_EQ(p.config.signals.size(), 1u);
    EXPECT_EQ(p.config.signals[0].name, "qi_req");
    EXPECT_EQ(p.group_key, plan.points[0].group_key);  // one replay for both
  }
  SweepOptions options;
  options.output_dir = dir_.file("plugin_sweep");
  options.workers = 1;
  const SweepOutcome out = run_sweep(sweep, options, runners);
  ASSERT_EQ(out.rows.size(), 2u);
  for (const SweepRow& row : out.rows) {
    ASSERT_EQ(row.status, "ok") << row.error;
    // The same point through `tilt run`'s path, which adds the required signals itself.
    const auto it = std::find_if(plan.points.begin(), plan.points.end(),
                                 [&](const ResolvedPoint& p) { return p.id == row.id; });
    ASSERT_NE(it, plan.points.end());
    RunConfig config = parse_run_config(
        "data: {store: " + store_ +
            "}\nstrategy: {name: api_probe, plugin: " TILT_API_PROBE_PLUGIN "}\nlatency: {entry: " +
            row.values[0] + "}\n",
        dir_.file("run.yaml"));
    RunOptions run_options;
    run_options.output_dir = dir_.file("plugin_run_" + row.values[0]);
    config.output_dir = run_options.output_dir;
    const RunReport report = run_config(config, run_options, runners);
    ASSERT_TRUE(report.ok) << report.error;
    const nlohmann::json summary = nlohmann::json::parse(report.summary_json);
    EXPECT_EQ(summary["signals"], nlohmann::json::array({"qi_req"}));
    int compared = 0;
    for (const auto& [name, value] : row.stats) {
      if (!summary.contains(name) || summary[name].is_null()) continue;
      EXPECT_TRUE(same_bits(value, summary[name].get<double>())) << name;
      ++compared;
    }
    EXPECT_GE(compared, 10);
  }
}
#endif

TEST_F(SweepRun, ResumeSkipsFinishedRunsAndCutsATornJournalLine) {
  const auto& runners = strategies::builtin_strategies();
  const SweepConfig sweep = parse_sweep_config(sweep_text(), dir_.file("s.yaml"));
  SweepOptions options;
  options.output_dir = dir_.file("full");
  options.workers = 2;
  run_sweep(sweep, options, runners);
  const std::string full = read(options.output_dir + "/results.csv");

  // A sweep killed after 5 rows, the 6th half written.
  options.output_dir = dir_.file("killed");
  run_sweep(sweep, options, runners);
  const std::string journal = options.output_dir + "/journal.jsonl";
  std::istringstream lines(read(journal));
  std::string kept, line;
  for (int i = 0; i < 5 && std::getline(lines, line); ++i) kept += line + "\n";
  std::getline(lines, line);
  kept += line.substr(0, line.size() / 2);
  std::ofstream(journal, std::ios::trunc) << kept;

  const SweepOutcome resumed = run_sweep(sweep, options, runners);
  EXPECT_EQ(resumed.resumed, 5);
  EXPECT_EQ(resumed.ran, 7);
  EXPECT_EQ(read(options.output_dir + "/results.csv"), full);
  std::istringstream after(read(journal));
  std::set<std::string> ids;
  int count = 0;
  while (std::getline(after, line)) {
    ids.insert(row_from_json(line).id);
    ++count;
  }
  EXPECT_EQ(count, 12);
  EXPECT_EQ(ids.size(), 12u);

  // Run again: nothing left to do, same table.
  const SweepOutcome again = run_sweep(sweep, options, runners);
  EXPECT_EQ(again.ran, 0);
  EXPECT_EQ(read(options.output_dir + "/results.csv"), full);
}

TEST_F(SweepRun, AChangedConfigOnAnOldFolderIsAnError) {
  const auto& runners = strategies::builtin_strategies();
  SweepOptions options;
  options.output_dir = dir_.file("out");
  options.workers = 1;
  run_sweep(parse_sweep_config(sweep_text(), dir_.file("s.yaml")), options, runners);
  std::string changed = sweep_text();
  changed.replace(changed.find("[0.5, 1, 2]"), 11, "[0.5, 1, 3]");
  try {
    run_sweep(parse_sweep_config(changed, dir_.file("s2.yaml")), options, runners);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds a sweep of another config"), std::string::npos)
        << e.what();
  }
}

TEST_F(SweepRun, AMissingStoreFailsEveryRowOfItsGroupWithTheReason) {
  const auto& runners = strategies::builtin_strategies();
  std::string text = sweep_text();
  text.replace(text.find(store_), store_.size(), dir_.file("missing.h5"));
  SweepOptions options;
  options.output_dir = dir_.file("out");
  options.workers = 1;
  const SweepOutcome out =
      run_sweep(parse_sweep_config(text, dir_.file("s.yaml")), options, runners);
  ASSERT_EQ(out.rows.size(), 12u);
  for (const SweepRow& r : out.rows) {
    EXPECT_EQ(r.status, "failed");
    EXPECT_NE(r.error.find("missing.h5"), std::string::npos) << r.error;
  }
  EXPECT_TRUE(out.best.empty());
  EXPECT_TRUE(out.top_dirs.empty());
}

}  // namespace
}  // namespace tilt
