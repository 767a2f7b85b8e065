// `tilt run` as a user runs it: which results it writes (output.tables, output.report) and that
// the streamed tables agree with each other across chunk boundaries.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

using testing::TempDir;

int run_tilt(const std::string& args, std::string* output = nullptr) {
  const std::string cmd = std::string(TILT_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  std::string text;
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) text += buf.data();
  const int status = ::pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool has_table(const std::string& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const bool found = f >= 0 && H5Lexists(f, name.c_str(), H5P_DEFAULT) > 0;
  if (f >= 0) H5Fclose(f);
  return found;
}

// A market maker on synthetic data; response latency 200us.
std::string config(const TempDir& dir, std::int64_t events, const std::string& output) {
  return "data:\n  store: " + dir.file("s.h5") +
         "\n  synthetic: {events: " + std::to_string(events) +
         ", seed: 5}\n"
         "latency: {entry: 200us, response: 200us}\n"
         "signals:\n  - {type: queue_imbalance}\n"
         "strategy:\n  name: imbalance_market_maker\n"
         "  params: {half_spread_ticks: 1.0, size: 2, max_position: 10}\n"
         "output:\n  markout_horizons: [1s]\n" +
         output;
}

TEST(RunOutputs, ChosenTablesOnlyAndNoReportWhenAskedNot) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << config(dir, 20000, "  tables: [equity, fills]\n  report: false\n");
  std::string out;
  ASSERT_EQ(run_tilt("run -q " + cfg + " -o " + dir.file("run"), &out), 0) << out;
  const std::string results = dir.file("run/results.h5");
  EXPECT_TRUE(has_table(results, "equity"));
  EXPECT_TRUE(has_table(results, "fills"));
  for (const char* dropped : {"orders", "order_updates", "signals"})
    EXPECT_FALSE(has_table(results, dropped)) << dropped;
  EXPECT_TRUE(std::filesystem::exists(dir.file("run/summary.json")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("run/report.html")));
}

// Default: every table but order_updates, and the report; asked for, order_updates holds over 8192
// order updates, so the updates table spans
// several chunks; every fill the venue made (fills, venue time) reaches the strategy as a fill
// update 200us later, in the same order, with the same order id, price and size.
TEST(RunOutputs, DefaultSkipsOrderUpdatesAndStreamedUpdatesMatchTheFills) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << config(dir, 20000, "");
  std::string out;
  ASSERT_EQ(run_tilt("run -q " + cfg + " -o " + dir.file("default"), &out), 0) << out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("default/report.html")));
  for (const char* name : {"equity", "fills", "orders", "signals"})
    EXPECT_TRUE(has_table(dir.file("default/results.h5"), name)) << name;
  EXPECT_FALSE(has_table(dir.file("default/results.h5"), "order_updates"));

  std::ofstream(cfg) << config(dir, 300000,
                               "  tables: [equity, fills, orders, order_updates, signals]\n");
  ASSERT_EQ(run_tilt("run -q " + cfg + " -o " + dir.file("run"), &out), 0) << out;
  const std::string results = dir.file("run/results.h5");

  const Table updates = read_table(results, "order_updates");
  const Table fills = read_table(results, "fills");
  ASSERT_GT(updates.rows(), ResultsFile::kChunkRows);
  const auto& local = std::get<std::vector<std::int64_t>>(updates.columns[0].values);
  const auto& exch = std::get<std::vector<std::int64_t>>(updates.columns[1].values);
  const auto& id = std::get<std::vector<std::int64_t>>(updates.columns[2].values);
  const auto& kind = std::get<std::vector<std::string>>(updates.columns[3].values);
  const auto& price = std::get<std::vector<double>>(updates.columns[5].values);
  const auto& qty = std::get<std::vector<double>>(updates.columns[6].values);
  const auto& fill_ts = std::get<std::vector<std::int64_t>>(fills.columns[0].values);
  const auto& fill_id = std::get<std::vector<std::int64_t>>(fills.columns[1].values);
  const auto& fill_price = std::get<std::vector<double>>(fills.columns[3].values);
  const auto& fill_qty = std::get<std::vector<double>>(fills.columns[4].values);
  std::size_t f = 0;
  for (std::size_t u = 0; u < updates.rows(); ++u) {
    ASSERT_EQ(local[u] - exch[u], 200'000) << "row " << u;
    if (kind[u] != "fill") continue;
    ASSERT_LT(f, fills.rows());
    EXPECT_EQ(exch[u], fill_ts[f]) << "fill " << f;
    EXPECT_EQ(id[u], fill_id[f]) << "fill " << f;
    EXPECT_EQ(price[u], fill_price[f]) << "fill " << f;
    EXPECT_EQ(qty[u], fill_qty[f]) << "fill " << f;
    ++f;
  }
  EXPECT_EQ(f, fills.rows());
  std::ifstream summary_file(dir.file("run/summary.json"));
  const auto summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(static_cast<std::int64_t>(fills.rows()), summary["fills"].get<std::int64_t>());
  EXPECT_EQ(static_cast<std::int64_t>(read_table(results, "orders").rows()),
            summary["orders"]["submitted"].get<std::int64_t>());
}

TEST(RunOutputs, ConfigReadsTablesAndReport) {
  const RunConfig c = parse_run_config(
      "data: {store: a.h5}\nstrategy: {name: s}\noutput:\n  tables: [fills, signals]\n"
      "  report: false\n",
      "c.yaml");
  EXPECT_FALSE(c.output.keeps(ResultsTable::equity));
  EXPECT_TRUE(c.output.keeps(ResultsTable::fills));
  EXPECT_FALSE(c.output.keeps(ResultsTable::orders));
  EXPECT_FALSE(c.output.keeps(ResultsTable::order_updates));
  EXPECT_TRUE(c.output.keeps(ResultsTable::signals));
  EXPECT_FALSE(c.output.report);
  const RunConfig again = parse_run_config(resolved_yaml(c, {}), "again.yaml");
  EXPECT_EQ(again.output.tables, c.output.tables);
  EXPECT_EQ(again.output.report, c.output.report);

  const RunConfig defaults = parse_run_config("data: {store: a.h5}\nstrategy: {name: s}\n", "d");
  for (std::size_t t = 0; t < kResultsTableNames.size(); ++t)
    EXPECT_EQ(defaults.output.tables[t], kResultsTableNames[t] != "order_updates")
        << kResultsTableNames[t];
  EXPECT_TRUE(defaults.output.report);
}

TEST(RunOutputs, UnknownTableIsNamedWithFileLineColumnAndTheChoices) {
  const auto message = [](const std::string& output) {
    try {
      parse_run_config("data: {store: a.h5}\nstrategy: {name: s}\noutput:\n" + output, "c.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("  tables: [equity, trades]\n"),
            "c.yaml:4:20: output.tables[]: expected one of equity, fills, orders, order_updates, "
            "signals, got 'trades'");
  EXPECT_EQ(message("  tables: equity\n"),
            "c.yaml:4:11: output.tables: expected a list of tables: equity, fills, orders, "
            "order_updates, signals, got 'equity'");
  EXPECT_EQ(message("  report: maybe\n"),
            "c.yaml:4:11: output.report: expected true or false, got 'maybe'");
}

}  // namespace
}  // namespace tilt
