#include "tilt/report/report.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/report/report_assets.hpp"
#include "tilt/results/results_file.hpp"

namespace tilt {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr std::int64_t kT0 = 1'700'000'000'000'000'000;
constexpr std::int64_t kSecond = 1'000'000'000;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A run folder made by hand: `equity_points` one-second samples, four fills (two buys, two
// sells, one markout past the end of the data), a signals table with a NaN warm-up.
void make_run_folder(const TempDir& dir, std::size_t equity_points = 5) {
  ResultsFile results(dir.file("results.h5"));
  Table equity;
  equity.name = "equity";
  auto& ts = equity.int_column("ts", "ns");
  auto& position = equity.real_column("position", "");
  auto& mark = equity.real_column("mark", "");
  auto& pnl = equity.real_column("equity", "");
  auto& fees = equity.real_column("fees", "");
  for (std::size_t i = 0; i < equity_points; ++i) {
    ts.push_back(kT0 + static_cast<std::int64_t>(i + 1) * kSecond);
    position.push_back(1.0);
    mark.push_back(100.0);
    pnl.push_back(0.01 * static_cast<double>(i % 7) - 0.02);
    fees.push_back(0.001 * static_cast<double>(i));
  }
  results.write(equity);

  Table fills;
  fills.name = "fills";
  fills.int_column("exch_ts", "ns") = {kT0 + 100, kT0 + 2 * kSecond, kT0 + 3 * kSecond,
                                       kT0 + 4 * kSecond};
  fills.text_column("side") = {"buy", "sell", "buy", "sell"};
  fills.real_column("price", "") = {99.99, 100.02, 100.00, 100.01};
  fills.real_column("qty", "") = {1.0, 1.0, 2.0, 2.0};
  fills.real_column("mid", "") = {100.00, 100.00, 100.005, 100.005};
  fills.real_column("position_after", "") = {1.0, 0.0, 2.0, 0.0};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  fills.real_column("markout_100ms", "ticks") = {-1.0, 0.0, 1.0, -2.0};
  fills.real_column("markout_1s", "ticks") = {-2.0, -1.0, 0.0, nan};
  results.write(fills);

  Table signals;
  signals.name = "signals";
  auto& sts = signals.int_column("ts", "ns");
  auto& mid = signals.real_column("mid", "");
  auto& qi = signals.real_column("queue_imbalance", "");
  auto& ofi = signals.real_column("ofi", "");
  for (int i = 0; i < 50; ++i) {
    sts.push_back(kT0 + i * (kSecond / 10));
    mid.push_back(i == 0 ? nan : 100.0 + 0.01 * (i % 5));
    qi.push_back(i == 0 ? nan : -1.0 + 0.04 * i);
    ofi.push_back(i < 3 ? nan : static_cast<double>(i % 3));
  }
  results.write(signals);
  results.close();

  write_text(dir.file("summary.json"), R"({
    "status": "ok", "strategy": "imbalance_market_maker", "pnl": 0.02, "fees": 0.004,
    "instrument": {"symbol": "SYNTH", "tick_size": "0.01", "contract_multiplier": 1.0},
    "data": {"first_exch_ts": 1700000000000000000, "last_exch_ts": 1700000005000000000,
             "events": 1000},
    "sharpe": null, "fills": 4})");
  // The strategy trades on ofi (listed second): the page must open on it. The comment tries to
  // end the data's <script> element early.
  write_text(dir.file("config.resolved.yaml"),
             "strategy:\n  name: imbalance_market_maker\n  params:\n    signal: ofi\n"
             "# </script><script>alert(1)</script> <!--\n");
}

// The JSON between <script type="application/json" id="report-data"> and its </script>.
json report_data(const std::string& html) {
  const std::string open = R"(<script type="application/json" id="report-data">)";
  const std::size_t begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const std::size_t start = begin + open.size();
  const std::size_t end = html.find("</script>", start);
  return json::parse(html.substr(start, end - start));
}

TEST(Report, IsSelfContainedWithEveryPlaceholderFilled) {
  TempDir dir;
  make_run_folder(dir);
  const std::string html = render_report(dir.path().string());
  EXPECT_EQ(html.find("{{"), std::string::npos);
  EXPECT_NE(html.find(report_assets::uplot_js()), std::string::npos);
  EXPECT_NE(html.find(report_assets::uplot_css()), std::string::npos);
  EXPECT_NE(html.find("Copyright (c) 2022 Leon Sorokin"), std::string::npos);  // the licence
  // Nothing loaded from elsewhere: no src= or href= at all, and URLs only inside /*! */ licence
  // comments.
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find(" href="), std::string::npos);
  const std::string outside_comments = std::regex_replace(html, std::regex(R"(/\*![^]*?\*/)"), "");
  EXPECT_EQ(outside_comments.find("http://"), std::string::npos);
  EXPECT_EQ(outside_comments.find("https://"), std::string::npos);
  // The config's "</script>" stays inside the JSON: the page has exactly its own four scripts.
  std::size_t scripts = 0;
  for (std::size_t at = html.find("</script>"); at != std::string::npos;
       at = html.find("</script>", at + 1)) {
    ++scripts;
  }
  EXPECT_EQ(scripts, 4u);
  EXPECT_NE(html.find("<title>tilt report: "), std::string::npos);
}

TEST(Report, DataHoldsTheChartsNumbers) {
  TempDir dir;
  make_run_folder(dir);
  const json data = report_data(render_report(dir.path().string()));

  EXPECT_EQ(data["summary"]["strategy"], "imbalance_market_maker");
  EXPECT_NE(data["config_yaml"].get<std::string>().find("</script>"), std::string::npos);
  ASSERT_EQ(data["equity"]["t"].size(), 5u);
  EXPECT_DOUBLE_EQ(data["equity"]["t"][0].get<double>(), 1'700'000'001.0);
  // P&L −0.02, −0.01, 0, 0.01, 0.02: the running peak starts at 0.
  EXPECT_NEAR(data["equity"]["drawdown"][0].get<double>(), -0.02, 1e-12);
  EXPECT_NEAR(data["equity"]["drawdown"][3].get<double>(), 0.0, 1e-12);

  // Spread capture: buy 99.99 @ mid 100 → +0.01; sell 100.02 @ 100 → +0.02;
  // buy 2 × 100.00 @ 100.005 → +0.01; sell 2 × 100.01 @ 100.005 → +0.01. Sum 0.05.
  const json& totals = data["pnl"]["totals"];
  EXPECT_NEAR(totals["spread_capture"].get<double>(), 0.05, 1e-9);
  EXPECT_NEAR(totals["total"].get<double>(), 0.02, 1e-12);
  EXPECT_NEAR(totals["fees"].get<double>(), 0.004, 1e-12);
  EXPECT_NEAR(totals["inventory"].get<double>(), 0.02 - 0.05 + 0.004, 1e-9);
  // At the sample at t0 + 2 s the first two fills are in: 0.03.
  EXPECT_NEAR(data["pnl"]["spread_capture"][1].get<double>(), 0.03, 1e-9);

  // Inventory steps: 0 at the data's start, then each fill's position.
  EXPECT_EQ(data["inventory"]["position"], json::parse("[0.0, 1.0, 0.0, 2.0, 0.0]"));

  // Markout: labels from the columns; at the fill the markout is 0 and the edge is the spread
  // captured in ticks (1, 2, 0.5, 0.5 → mean 1); the 1 s markout has one NaN left out.
  EXPECT_EQ(data["markout"]["labels"], json::parse(R"(["fill", "100ms", "1s"])"));
  EXPECT_DOUBLE_EQ(data["markout"]["markout"][0]["mean"].get<double>(), 0.0);
  EXPECT_NEAR(data["markout"]["edge"][0]["mean"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(data["markout"]["markout"][1]["mean"].get<double>(), -0.5, 1e-12);
  EXPECT_EQ(data["markout"]["markout"][2]["count"], 3);
  EXPECT_NEAR(data["markout"]["markout"][2]["mean"].get<double>(), -1.0, 1e-12);

  // Signals: the strategy's own signal first, NaN warm-up counted; mid is not a signal.
  ASSERT_EQ(data["signals"].size(), 2u);
  EXPECT_EQ(data["signals"][0]["name"], "ofi");
  EXPECT_EQ(data["signals"][0]["driving"], true);
  EXPECT_EQ(data["signals"][0]["invalid"], 3);
  EXPECT_EQ(data["signals"][1]["name"], "queue_imbalance");
  // NaN becomes null: the first mid sample.
  EXPECT_TRUE(data["mid"]["mid"][0].is_null());
  EXPECT_EQ(data["mid"]["buy"]["points"], 2);
  EXPECT_EQ(data["mid"]["sell"]["price"], json::parse("[100.02, 100.01]"));
}

TEST(Report, LongSeriesAreDownsampledForDisplay) {
  TempDir dir;
  make_run_folder(dir, 200'000);
  const json data = report_data(render_report(dir.path().string()));
  EXPECT_EQ(data["equity"]["points"], 200'000);
  EXPECT_LE(data["equity"]["t"].size(), 2 * (2 * kReportBuckets + 2));
  EXPECT_GE(data["equity"]["t"].size(), kReportBuckets);
}

TEST(Report, WriteReportPutsReportHtmlInTheRunFolder) {
  TempDir dir;
  make_run_folder(dir);
  write_report(dir.path().string());
  const auto path = dir.path() / "report.html";
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(std::filesystem::file_size(path), render_report(dir.path().string()).size());
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST(Report, MissingFilesAreNamed) {
  TempDir dir;
  try {
    write_report(dir.path().string());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("summary.json"), std::string::npos) << e.what();
  }
  write_text(dir.file("summary.json"), R"({"status": "ok"})");
  try {
    write_report(dir.path().string());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("results.h5"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "report.html"));
}

}  // namespace
}  // namespace tilt
