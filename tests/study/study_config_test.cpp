#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "tilt/error.hpp"
#include "tilt/study/study_config.hpp"

namespace tilt::study {
namespace {

std::string error_of(const std::string& yaml) {
  try {
    parse_study_config(yaml, "s.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(StudyConfig, RelativeStorePathsAreRelativeToTheConfigFile) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("tilt-study-paths-" + std::to_string(::getpid()));
  fs::create_directories(dir / "cfg");
  const fs::path file = dir / "cfg" / "s.yaml";
  std::ofstream(file) << "data: {stores: [../data/a.h5, /abs/b.h5]}\n"
                         "signals: [{type: queue_imbalance}]\nhorizons: [1]\n";
  const StudyConfig c = load_study_config(file.string());
  fs::remove_all(dir);
  EXPECT_EQ(c.stores, (std::vector<std::string>{(dir / "data" / "a.h5").string(), "/abs/b.h5"}));
}

TEST(StudyConfig, ReadsEverySection) {
  const StudyConfig c = parse_study_config(R"(
data: {stores: [a.h5, b.h5]}
book: {crossed: error}
signals: [{type: ofi, window: 100ms, name: f}, {type: queue_imbalance}]
horizons: [1, 25, 100ms, 2s]
sampling: {every: 250ms}
condition: {spread_ticks: 1}
buckets: {count: 5, method: fixed, min: -2, max: 2}
statistics: {warmup_samples: 1000, block_factor: 4, min_block_samples: 10, lookahead_capacity: 1000}
cks: {interval: 5s, window: 10min}
micro_price: {buckets: 4, max_spread_ticks: 3, iterations: 8}
output: {dir: out}
)",
                                           "s.yaml");
  EXPECT_EQ(c.stores, (std::vector<std::string>{"a.h5", "b.h5"}));
  EXPECT_EQ(c.crossed, CrossedPolicy::error);
  ASSERT_EQ(c.signals.size(), 2u);
  EXPECT_EQ(c.signals[0].name, "f");
  ASSERT_EQ(c.horizons.size(), 4u);
  EXPECT_EQ(c.horizons[1].unit, Horizon::Unit::messages);
  EXPECT_EQ(c.horizons[1].amount, 25);
  EXPECT_EQ(c.horizons[1].label, "25msg");
  EXPECT_EQ(c.horizons[3].unit, Horizon::Unit::time);
  EXPECT_EQ(c.horizons[3].amount, 2 * kSecond);
  EXPECT_EQ(c.sampling.kind, SamplingRule::Kind::clock);
  EXPECT_EQ(c.sampling.interval, 250 * kMillisecond);
  EXPECT_EQ(c.min_spread_ticks, 1);
  EXPECT_EQ(c.max_spread_ticks, 1);
  EXPECT_EQ(c.buckets, 5u);
  EXPECT_EQ(c.bucket_method, BucketMethod::fixed);
  EXPECT_EQ(c.bucket_min, -2);
  EXPECT_EQ(c.warmup_samples, 1000u);
  EXPECT_EQ(c.cks_interval, 5 * kSecond);
  EXPECT_EQ(c.cks_window, 600 * kSecond);
  EXPECT_EQ(c.micro_buckets, 4u);
  EXPECT_EQ(c.micro_iterations, 8);
  EXPECT_EQ(c.output_dir, "out");
  // The resolved YAML reads back to the same config.
  const StudyConfig again = parse_study_config(to_yaml(c), "resolved.yaml");
  EXPECT_EQ(to_yaml(again), to_yaml(c));

  const StudyConfig k = parse_study_config(
      "data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1]\nsampling: {every: 10}\n");
  EXPECT_EQ(k.sampling.kind, SamplingRule::Kind::every_kth_message);
  EXPECT_EQ(k.sampling.every_k, 10);
  EXPECT_FALSE(k.conditioned());
}

TEST(StudyConfig, ErrorsNameFileLineColumnAndWhatWasExpected) {
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1]\nhorizon: [2]\n"),
            "s.yaml:4:1: horizon: expected one of data, book, signals, horizons, sampling, "
            "condition, buckets, statistics, cks, micro_price, output, got 'horizon'");
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1, soon]\n"),
            "s.yaml:3:15: horizons[1]: expected a message count (10) or a duration (100ms), got "
            "'soon'");
  EXPECT_NE(error_of("data: {store: a.h5}\nsignals: [{type: nope}]\nhorizons: [1]\n")
                .find("s.yaml:2:11: signals[0]: expected a valid signal"),
            std::string::npos);
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1]\n"
                     "buckets: {count: 1}\n"),
            "s.yaml:4:18: buckets.count: expected an integer in [2, 100], got '1'");
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1, 1]\n"),
            "s.yaml:3:15: horizons[1]: expected each horizon once, got '1'");
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\n"),
            "s.yaml:1:1: horizons: expected a list of horizons");
  EXPECT_EQ(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1]\n"
                     "sampling: {every: 10}\nsampling: {every: message}\n"),
            "s.yaml:5:1: sampling: expected each key once in a mapping, got 'sampling' again "
            "(first at line 4, column 1)");
  EXPECT_NE(error_of("data: {store: a.h5}\nsignals: [{type: mid}]\nhorizons: [1]\n"
                     "sampling: {every: often}\n")
                .find("sampling.every"),
            std::string::npos);
}

}  // namespace
}  // namespace tilt::study
