// The run-config keys that say how a recording is replayed: book.crossed, feed.clock_offset,
// feed.latency, venue.fill_on_sub_tick_trades, and how they reach the simulator.
#include <gtest/gtest.h>

#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"
#include "tilt/run/run_setup.hpp"

namespace tilt {
namespace {

RunConfig parse(const std::string& extra) {
  return parse_run_config("data: {store: a.h5}\nstrategy: {name: s}\n" + extra, "configs/x.yaml");
}

TEST(ReplayConfig, DefaultsRepairUseTheDataClockAndIgnoreSubTickTrades) {
  const RunConfig c = parse("");
  EXPECT_EQ(c.book_crossed, "repair");
  EXPECT_EQ(c.feed_clock_offset, 0);
  EXPECT_EQ(c.feed_latency, std::nullopt);
  EXPECT_FALSE(c.fill_on_sub_tick_trades);
  const SimConfig sim = make_sim_config(c);
  EXPECT_EQ(sim.exchange_book.crossed_policy, CrossedPolicy::repair);
  EXPECT_EQ(sim.local_book.crossed_policy, CrossedPolicy::repair);
  EXPECT_EQ(sim.clock_offset, 0);
  EXPECT_EQ(sim.feed_latency, std::nullopt);
  EXPECT_FALSE(sim.fill_on_sub_tick_trades);
}

TEST(ReplayConfig, ReadsEachKeyAndMapsItToTheSimulator) {
  const RunConfig c = parse(
      "book: {crossed: error}\nfeed: {clock_offset: -1.2s, latency: 0}\n"
      "venue: {fill_on_sub_tick_trades: true}\n");
  EXPECT_EQ(c.book_crossed, "error");
  EXPECT_EQ(c.feed_clock_offset, -1'200'000'000);
  EXPECT_EQ(c.feed_latency, Duration{0});
  EXPECT_TRUE(c.fill_on_sub_tick_trades);
  const SimConfig sim = make_sim_config(c);
  EXPECT_EQ(sim.exchange_book.crossed_policy, CrossedPolicy::error);
  EXPECT_EQ(sim.local_book.crossed_policy, CrossedPolicy::error);
  EXPECT_EQ(sim.clock_offset, -1'200'000'000);
  EXPECT_EQ(sim.feed_latency, Duration{0});
  EXPECT_TRUE(sim.fill_on_sub_tick_trades);
}

TEST(ReplayConfig, ZeroIsAValidDurationWithOrWithoutAUnit) {
  EXPECT_EQ(parse("feed: {latency: 0s}\n").feed_latency, Duration{0});
  EXPECT_EQ(parse("feed: {latency: 0.0ms, clock_offset: 0}\n").feed_clock_offset, 0);
  EXPECT_EQ(parse("latency: {feed: 0}\n").feed_latency, Duration{0});
  EXPECT_EQ(parse("feed: {latency: 250us, clock_offset: 3ms}\n").feed_latency, 250 * kMicrosecond);
  EXPECT_EQ(parse("feed: {clock_offset: 3ms}\n").feed_clock_offset, 3 * kMillisecond);
  EXPECT_EQ(parse("feed: {latency: data}\n").feed_latency, std::nullopt);
}

TEST(ReplayConfig, ResolvedYamlKeepsTheKeys) {
  const RunConfig c = parse(
      "book: {crossed: error}\nfeed: {clock_offset: -1.2s, latency: 0}\n"
      "venue: {fill_on_sub_tick_trades: true}\n");
  const RunConfig again = parse_run_config(resolved_yaml(c, {}), "resolved.yaml");
  EXPECT_EQ(again.book_crossed, "error");
  EXPECT_EQ(again.feed_clock_offset, c.feed_clock_offset);
  EXPECT_EQ(again.feed_latency, Duration{0});
  EXPECT_TRUE(again.fill_on_sub_tick_trades);
}

struct Bad {
  const char* yaml;
  const char* message;
};
class ReplayConfigErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(ReplayConfigErrors, NameFileLineColumnAndWhatWasExpected) {
  try {
    parse(GetParam().yaml);
    FAIL() << "accepted: " << GetParam().yaml;
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, ReplayConfigErrors,
    ::testing::Values(
        Bad{"book:\n  crossed: maybe\n",
            "configs/x.yaml:4:12: book.crossed: expected one of repair, error, got 'maybe'"},
        Bad{"feed:\n  latency: -1ms\n",
            "configs/x.yaml:4:12: feed.latency: expected a duration >= 0 like '250us' or 0, got "
            "'-1ms'"},
        Bad{"feed:\n  clock_offset: soon\n",
            "configs/x.yaml:4:17: feed.clock_offset: expected a duration like '250us', '-1.2s' or "
            "0, got 'soon'"},
        Bad{"latency: {feed: 2ms}\nfeed:\n  latency: 1ms\n",
            "configs/x.yaml:5:12: feed.latency: expected one feed latency: latency.feed is given "
            "too, got '1ms'"},
        Bad{"venue:\n  fill_on_sub_tick_trades: maybe\n",
            "configs/x.yaml:4:28: venue.fill_on_sub_tick_trades: expected true or false, got "
            "'maybe'"}));

}  // namespace
}  // namespace tilt
