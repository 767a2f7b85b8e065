// The tilt executable as a user runs it: exit codes and one-line errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_tilt.hpp"
#include "support/temp_dir.hpp"

namespace {

using Result = tilt::testing::TiltResult;
using tilt::testing::run_tilt;

using tilt::testing::TempDir;

TEST(Cli, SynthThenInfoDescribesTheStore) {
  TempDir dir;
  const std::string store = dir.file("s.h5");
  Result synth = run_tilt("synth -n 5000 --seed 9 -q -o " + store);
  ASSERT_EQ(synth.status, 0) << synth.output;
  EXPECT_EQ(synth.output, "");
  Result info = run_tilt("info " + store);
  ASSERT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("events          5,000\n"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("SYNTH (tick 0.01, lot 1"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("snapshot_begin 1, snapshot_end 1"), std::string::npos) << info.output;
}

TEST(Cli, InfoOnBadFilesPrintsOneLineAndFails) {
  TempDir dir;
  std::ofstream(dir.file("bad.h5")) << "not hdf5";
  Result missing = run_tilt("info " + dir.file("missing.h5"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.output, "tilt: error: " + dir.file("missing.h5") + ": no such file\n");
  Result bad = run_tilt("info " + dir.file("bad.h5"));
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.output, "tilt: error: " + dir.file("bad.h5") + ": not an HDF5 file\n");
}

TEST(Cli, RunConfigErrorsNameFileLineAndColumn) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << "data:\n  store: " << dir.file("s.h5") << "\n  synthetic: {events: 1000}\n"
                     << "strategy: {name: imbalance_market_maker}\nlatency:\n  entry: fast\n";
  Result r = run_tilt("run " + cfg);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "tilt: error: " + cfg +
                          ":6:10: latency.entry: expected a duration like '250us', got 'fast'\n");
  std::ofstream(cfg) << "data:\n  store: " << dir.file("s.h5") << "\n  synthetic: {events: 1000}\n"
                     << "strategy: {name: imbalance_maker}\n";
  r = run_tilt("run -q " + cfg);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "tilt: error: " + cfg +
                ":4:18: strategy.name: expected a built-in strategy (imbalance_market_maker, "
                "imbalance_taker) or strategy.plugin: path/to/lib.so, got 'imbalance_maker'\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.h5")))
      << "nothing is generated for an invalid config";
}

TEST(Cli, RunOnAMissingStoreFailsCleanlyWithOutputsMarkedFailed) {
  TempDir dir;
  const std::string cfg = dir.file("c.yaml");
  std::ofstream(cfg) << "data: {store: " << dir.file("missing.h5")
                     << "}\nstrategy: {name: imbalance_taker}\n";
  Result r = run_tilt("run -q " + cfg + " -o " + dir.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find(dir.file("missing.h5") + ": no such file"), std::string::npos)
      << r.output;
  std::ifstream summary(dir.file("out/summary.json"));
  std::stringstream text;
  text << summary.rdbuf();
  EXPECT_NE(text.str().find("\"status\": \"failed\""), std::string::npos) << text.str();
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  Result r = run_tilt("frobnicate");
  EXPECT_NE(r.status, 0);
}

}  // namespace
