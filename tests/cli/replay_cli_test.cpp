// `tilt run` reports what the replay changed in the data: negative feed latency (here made by a
// clock offset of -1 s on a feed whose latency is 50 us or more) on stderr and in summary.json.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_tilt.hpp"
#include "support/temp_dir.hpp"

namespace {

/// tilt's output; it must succeed.
std::string run(const std::string& args) {
  const tilt::testing::TiltResult r = tilt::testing::run_tilt(args);
  EXPECT_EQ(r.status, 0) << r.output;
  return r.output;
}

TEST(CliReplay, NegativeFeedLatencyIsReportedOnStderrAndInTheSummary) {
  tilt::testing::TempDir dir;
  const std::string store = dir.file("s.h5");
  run("synth -n 5000 --seed 4 -q -o " + store);
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << "data: {store: " << store << "}\n"
                     << "strategy: {name: imbalance_market_maker}\n"
                     << "signals: [{type: queue_imbalance}]\n"
                     << "feed: {clock_offset: -1s}\n"
                     << "output: {dir: " << dir.file("out") << "}\n";
  const std::string out = run("run -q " + cfg);
  // Every event's feed latency (>= 50 us) minus 1 s is negative; the worst is the smallest
  // latency minus 1 s.
  EXPECT_NE(out.find("tilt run: feed clock: 5,000 events arrived before the venue sent them"),
            std::string::npos)
      << out;
  std::ifstream in(dir.file("out") + "/summary.json");
  const auto summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["feed"]["negative_latency_events"].get<std::int64_t>(), 5000);
  const auto worst = summary["feed"]["worst_negative_latency_ns"].get<std::int64_t>();
  EXPECT_GE(worst, -1'000'000'000 + 50'000);
  EXPECT_LE(worst, -1'000'000'000 + 1'000'000);
}

}  // namespace
