#include "tilt/config/run_config.hpp"

#include <gtest/gtest.h>

#include "tilt/error.hpp"

namespace tilt {
namespace {

const char* kGood = R"(data:
  store: runs/x/synthetic.h5
  synthetic: {events: 5000, seed: 3}
latency:
  entry: 100us
  response: 1ms
matching:
  queue_model: power
  queue_power: 3
signals:
  - {type: queue_imbalance}
  - {type: ofi, levels: 5, window: 100ms, name: ofi5}
strategy:
  name: imbalance_market_maker
  params:
    spread_ticks: 2
output:
  dir: runs/x
  markout_horizons: [10ms, 1s]
seed: 7
)";

TEST(RunConfig, ReadsEverySection) {
  const RunConfig c = parse_run_config(kGood, "x.yaml");
  ASSERT_EQ(c.stores.size(), 1u);
  EXPECT_EQ(c.stores[0], "runs/x/synthetic.h5");
  EXPECT_EQ(c.synthetic.at("events"), "5000");
  EXPECT_EQ(c.synthetic.at("seed"), "3");
  EXPECT_EQ(c.synthetic.at("levels"), "10");  // default filled in
  EXPECT_EQ(c.entry_latency, 100 * kMicrosecond);
  EXPECT_EQ(c.response_latency, kMillisecond);
  EXPECT_EQ(c.queue_model, "power");
  EXPECT_DOUBLE_EQ(c.queue_power, 3.0);
  ASSERT_EQ(c.signals.size(), 2u);
  EXPECT_EQ(c.signals[1].name, "ofi5");
  EXPECT_EQ(c.signals[1].params.at("levels"), "5");
  EXPECT_EQ(c.strategy_name, "imbalance_market_maker");
  EXPECT_TRUE(c.strategy_params.has("spread_ticks"));
  EXPECT_EQ(c.markout_horizons, (std::vector<Duration>{10 * kMillisecond, kSecond}));
  EXPECT_EQ(c.seed, 7u);
}

TEST(RunConfig, ResolvedYamlParsesBackToTheSameConfig) {
  const RunConfig c = parse_run_config(kGood, "x.yaml");
  const std::string text = resolved_yaml(c, {{"spread_ticks", "2"}});
  const RunConfig again = parse_run_config(text, "resolved.yaml");
  EXPECT_EQ(again.stores, c.stores);
  EXPECT_EQ(again.entry_latency, c.entry_latency);
  EXPECT_EQ(again.queue_model, c.queue_model);
  EXPECT_EQ(again.markout_horizons, c.markout_horizons);
  EXPECT_EQ(again.signals.size(), 2u);
  EXPECT_EQ(again.seed, 7u);
  EXPECT_EQ(resolved_yaml(again, {{"spread_ticks", "2"}}), text);
}

// The catalogue: each bad config and the exact message a user sees.
struct BadConfig {
  const char* yaml;
  const char* message;
};

class RunConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(RunConfigErrors, NameFileLineColumnAndWhatWasExpected) {
  try {
    parse_run_config(GetParam().yaml, "configs/x.yaml");
    FAIL() << "accepted: " << GetParam().yaml;
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, RunConfigErrors,
    ::testing::Values(
        BadConfig{
            "data: {store: a.h5}\nstrategy: {name: s}\nlatency:\n  entry: fast\n",
            "configs/x.yaml:4:10: latency.entry: expected a duration like '250us', got 'fast'"},
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\nlatncy: {}\n",
                  "configs/x.yaml:3:1: latncy: expected one of data, instrument, latency, "
                  "matching, signals, "
                  "strategy, output, seed, book, feed, venue, got 'latncy'"},
        BadConfig{"strategy: {name: s}\n",
                  "configs/x.yaml:1:1: data: expected a data section naming the event store, got "
                  "nothing"},
        BadConfig{"data: {store: a.h5}\n",
                  "configs/x.yaml:1:1: strategy: expected a strategy section, got nothing"},
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\nmatching:\n  queue_model: fifo\n",
                  "configs/x.yaml:4:16: matching.queue_model: expected one of risk_averse, power, "
                  "log, got 'fifo'"},
        BadConfig{
            "data: {store: a.h5}\nstrategy: {name: s}\nmatching:\n  partial_fills: sometimes\n",
            "configs/x.yaml:4:18: matching.partial_fills: expected true or false, got 'sometimes'"},
        BadConfig{"data:\n  store: a.h5\n  synthetic: {events: -5}\nstrategy: {name: s}\n",
                  "configs/x.yaml:3:23: data.synthetic.events: expected an integer in [1, "
                  "1099511627776], got '-5'"},
        BadConfig{
            "data:\n  store: a.h5\n  synthetic: {imbalance_strength: 2}\nstrategy: {name: s}\n",
            "configs/x.yaml:3:35: data.synthetic.imbalance_strength: expected a number in [0, 1], "
            "got '2'"},
        BadConfig{
            "data: {store: a.h5, colour: red}\nstrategy: {name: s}\n",
            "configs/x.yaml:1:29: data.colour: expected one of end, start, store, got 'colour'"},
        BadConfig{
            "data: {store: a.h5}\nstrategy: {name: s}\noutput:\n  markout_horizons: [1s, soon]\n",
            "configs/x.yaml:4:26: output.markout_horizons[]: expected a duration like '1s', got "
            "'soon'"},
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\nseed: -1\n",
                  "configs/x.yaml:3:7: seed: expected a non-negative integer, got '-1'"},
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\nlatency: {model: recorded}\n",
                  "configs/x.yaml:3:10: latency.file: expected a CSV of req_ts,exch_ts,resp_ts "
                  "rows for model "
                  "'recorded', got nothing"},
        BadConfig{"data: {store: a.h5, start: yesterday}\nstrategy: {name: s}\n",
                  "configs/x.yaml:1:28: data.start: expected a time like '2023-11-14T22:15:00Z' or "
                  "integer "
                  "nanoseconds, got 'yesterday'"},
        BadConfig{"data: {store: a.h5}\nstrategy: {params: {}}\n",
                  "configs/x.yaml:2:11: strategy.name: expected the strategy's registered name, "
                  "got a map"},
        BadConfig{"data: [a.h5]\nstrategy: {name: s}\n",
                  "configs/x.yaml:1:7: data: expected a map of settings, got a list"},
        BadConfig{"data: {store: a.h5\nstrategy: {name: s}\n",
                  "configs/x.yaml:2:9: (yaml): expected valid YAML, got end of map flow not found"},
        // A key written twice: YAML parsers keep one of the two, so which one the user meant is
        // unknowable; the second is named with where the first is.
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\noutput:\n  report: false\n  dir: "
                  "runs/x\n  report: true\n",
                  "configs/x.yaml:6:3: output.report: expected each key once in a mapping, got "
                  "'report' again (first at line 4, column 3)"},
        BadConfig{"data: {store: a.h5}\nstrategy: {name: s}\nsignals:\n  - {type: ofi, window: "
                  "1s, window: 10s}\n",
                  "configs/x.yaml:4:29: signals[0].window: expected each key once in a mapping, "
                  "got 'window' again (first at line 4, column 17)"},
        BadConfig{"seed: 1\ndata: {store: a.h5}\nstrategy: {name: s}\nseed: 2\n",
                  "configs/x.yaml:4:1: seed: expected each key once in a mapping, got 'seed' "
                  "again (first at line 1, column 1)"}));

// Aliases share the node they name: 24 levels of ten aliases each are 10^24 paths through the
// document, which the duplicate-key check must not walk (it visits each collection once) before it
// reaches the duplicate key after them.
TEST(RunConfig, NestedAliasesAreCheckedOnceAndTheirDuplicateKeysFound) {
  std::string text = "data: {store: a.h5}\nlol0: &l0 [{k: 1}]\n";
  for (int level = 1; level < 25; ++level) {
    text += "lol" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", *l" : "*l") + std::to_string(level - 1);
    text += "]\n";
  }
  text += "strategy: {name: s, name: t}\n";
  try {
    parse_run_config(text, "laughs.yaml");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "laughs.yaml:27:21: strategy.name: expected each key once in a mapping, got 'name' "
              "again (first at line 27, column 12)");
  }
}

TEST(RunConfig, UnknownSignalNamesTheListEntry) {
  try {
    parse_run_config("data: {store: a.h5}\nstrategy: {name: s}\nsignals:\n  - {type: magic}\n",
                     "c.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("c.yaml:4:5: signals[0]: expected a valid signal (", 0), 0u) << m;
    EXPECT_NE(m.find("magic"), std::string::npos) << m;
  }
}

TEST(ParseTime, IsoAndNanoseconds) {
  EXPECT_EQ(parse_time("1700000000000000000"), 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_time("2023-11-14T22:13:20Z"), 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_time("2023-11-14T22:13:20.5Z"), 1'700'000'000'500'000'000);
  EXPECT_EQ(parse_time("1970-01-02"), 86'400 * kSecond);
  EXPECT_FALSE(parse_time("2023-13-01").has_value());
  EXPECT_FALSE(parse_time("soon").has_value());
}

TEST(Params, TypedGettersRangesAndUnknownKeys) {
  Params p = Params::from_map({{"size", "5"}, {"alpha", "0.25"}, {"hold", "2s"}, {"typo", "1"}},
                              "strategy.params");
  EXPECT_EQ(p.integer("size", 1, 1, 10), 5);
  EXPECT_DOUBLE_EQ(p.number("alpha", 0, 0, 1), 0.25);
  EXPECT_EQ(p.duration("hold", kSecond), 2 * kSecond);
  EXPECT_EQ(p.integer("levels", 3, 1, 10), 3);  // default
  EXPECT_EQ(p.resolved().at("levels"), "3");
  EXPECT_THROW(p.finish(), ConfigError);  // 'typo' was never read
  Params q = Params::from_map({{"size", "50"}}, "strategy.params");
  EXPECT_THROW(q.integer("size", 1, 1, 10), ConfigError);
}

TEST(Params, SizesInLotsWithOrWithoutTheUnit) {
  Params p = Params::from_map({{"a", "5"}, {"b", "7 lots"}, {"c", "1 lot"}, {"d", "3lots"}},
                              "strategy.params");
  EXPECT_EQ(p.lots("a", 0, 1, 100), 5);
  EXPECT_EQ(p.lots("b", 0, 1, 100), 7);
  EXPECT_EQ(p.lots("c", 0, 1, 100), 1);
  EXPECT_EQ(p.lots("d", 0, 1, 100), 3);
  EXPECT_EQ(p.lots("e", 2, 1, 100), 2);
  EXPECT_EQ(p.resolved().at("b"), "7 lots");
  Params bad = Params::from_map({{"size", "5 BTC"}}, "strategy.params");
  try {
    bad.lots("size", 1, 1, 100);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "(code):0:0: strategy.params.size: expected a size in lots in [1, 100] like '5' "
                 "or '5 lots', got '5 BTC'");
  }
}

}  // namespace
}  // namespace tilt
