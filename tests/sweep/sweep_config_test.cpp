// Sweep configs: expansion of grid, ranges, zip and random; stable ids; errors at file:line:column.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "strategies/builtin/builtin_strategies.hpp"
#include "tilt/error.hpp"
#include "tilt/sweep/sweep_config.hpp"
#include "tilt/sweep/sweep_plan.hpp"

namespace tilt {
namespace {

const std::string kBase = R"(base:
  data: {store: none.h5}
  strategy:
    name: imbalance_market_maker
    params: {half_spread_ticks: 1, size: 1}
)";

std::vector<std::vector<std::string>> values(const SweepConfig& c) {
  std::vector<std::vector<std::string>> out;
  for (const SweepPoint& p : c.points) out.push_back(p.values);
  return out;
}

std::string error_of(const std::string& text) {
  try {
    parse_sweep_config(text, "s.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SweepConfig, GridIsTheProductOfListsAndInclusiveRanges) {
  const SweepConfig c = parse_sweep_config(kBase + R"(space:
  grid:
    strategy.params.half_spread_ticks: {from: 0.5, to: 1.5, step: 0.5}
    strategy.params.size: [1, 3]
)",
                                           "s.yaml");
  ASSERT_EQ(c.parameters.size(), 2u);
  EXPECT_EQ(c.parameters[0].key, "strategy.params.half_spread_ticks");
  EXPECT_EQ(c.parameters[0].line, 8);
  EXPECT_EQ(c.parameters[0].column, 5);
  const std::vector<std::vector<std::string>> expected = {{"0.5", "1"}, {"0.5", "3"}, {"1", "1"},
                                                          {"1", "3"},   {"1.5", "1"}, {"1.5", "3"}};
  EXPECT_EQ(values(c), expected);
  EXPECT_EQ(c.objective.numerator, "pnl");  // the default objective
  EXPECT_TRUE(c.objective.maximize);
}

TEST(SweepConfig, IntegerRangeAndRangeWithoutRoundingDrift) {
  const SweepConfig c = parse_sweep_config(kBase + R"(space:
  grid:
    strategy.params.requote_ticks: {from: 0, to: 6, step: 3}
    strategy.params.half_spread_ticks: {from: 0, to: 0.3, step: 0.1}
)",
                                           "s.yaml");
  std::set<std::string> requote, spread;
  for (const auto& v : values(c)) {
    requote.insert(v[0]);
    spread.insert(v[1]);
  }
  EXPECT_EQ(requote, (std::set<std::string>{"0", "3", "6"}));
  // 0.1 * 3 is 0.30000000000000004 in binary: the range still ends at 0.3, printed as written.
  EXPECT_EQ(spread, (std::set<std::string>{"0", "0.1", "0.2", "0.3"}));
}

TEST(SweepConfig, ZipAlignsListsAndMultipliesWithGrid) {
  const SweepConfig c = parse_sweep_config(kBase + R"(space:
  grid:
    strategy.params.size: [1, 2]
  zip:
    latency.entry: [100us, 1ms]
    latency.response: [200us, 2ms]
)",
                                           "s.yaml");
  const std::vector<std::vector<std::string>> expected = {
      {"1", "100us", "200us"}, {"1", "1ms", "2ms"}, {"2", "100us", "200us"}, {"2", "1ms", "2ms"}};
  EXPECT_EQ(values(c), expected);
}

TEST(SweepConfig, RandomSamplesAreSeededAndInBounds) {
  const std::string text = kBase + R"(space:
  random:
    samples: 50
    seed: 11
    params:
      strategy.params.half_spread_ticks: {uniform: [0.5, 2]}
      strategy.params.requote_ticks: {int: [1, 3]}
      strategy.params.size: {choice: [1, 5]}
      strategy.params.imbalance_skew_ticks: {log_uniform: [0.1, 10]}
)";
  const SweepConfig a = parse_sweep_config(text, "s.yaml");
  const SweepConfig b = parse_sweep_config(text, "s.yaml");
  ASSERT_EQ(a.points.size(), 50u);
  EXPECT_EQ(values(a), values(b));
  std::set<std::string> ints, choices;
  for (const auto& v : values(a)) {
    const double spread = std::stod(v[0]);
    EXPECT_GE(spread, 0.5);
    EXPECT_LE(spread, 2.0);
    const double skew = std::stod(v[3]);
    EXPECT_GE(skew, 0.1);
    EXPECT_LE(skew, 10.0);
    ints.insert(v[1]);
    choices.insert(v[2]);
  }
  EXPECT_EQ(ints, (std::set<std::string>{"1", "2", "3"}));  // 50 draws hit all three
  EXPECT_EQ(choices, (std::set<std::string>{"1", "5"}));
  std::string other = text;
  other.replace(other.find("seed: 11"), 8, "seed: 12");
  EXPECT_NE(values(parse_sweep_config(other, "s.yaml")), values(a));
}

TEST(SweepConfig, ObjectiveRatioAndDirection) {
  const SweepConfig c = parse_sweep_config(
      kBase +
          "space: {grid: {strategy.params.size: [1]}}\n"
          "objective: {metric: pnl/max_abs_inventory, direction: minimize}\nkeep_top: 2\n",
      "s.yaml");
  EXPECT_EQ(c.objective.numerator, "pnl");
  EXPECT_EQ(c.objective.denominator, "max_abs_inventory");
  EXPECT_FALSE(c.objective.maximize);
  EXPECT_EQ(c.keep_top, 2);
}

TEST(SweepConfig, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(error_of(kBase + "space:\n  grid:\n    strategy.params.size: [1]\n  lattice: {}\n"),
            "s.yaml:9:3: space.lattice: expected grid, zip or random, got 'lattice'");
  EXPECT_EQ(error_of(kBase + "space:\n  zip:\n    latency.entry: [1ms, 2ms]\n"
                             "    latency.response: [1ms]\n"),
            "s.yaml:9:23: space.zip.latency.response: expected as many values as the first list "
            "(2), got a list");
  EXPECT_EQ(error_of(kBase + "space: {grid: {output.dir: [a, b]}}\n"),
            "s.yaml:6:16: space.grid.output.dir: expected a dotted run-config key such as "
            "strategy.params.half_spread_ticks (not output.dir), got 'output.dir'");
  EXPECT_NE(error_of(kBase + "space: {grid: {strategy.params.size: [1]}}\nobjective: profit\n")
                .find("s.yaml:7:12: objective.metric: expected a statistic"),
            std::string::npos);
  EXPECT_EQ(error_of(kBase + "space: {grid: {strategy.params.size: [1]}}\nworkers: 3\n"),
            "s.yaml:7:1: workers: expected one of base, space, objective, keep_top, got 'workers'");
  // A parameter listed twice would sweep only one of its two lists.
  EXPECT_EQ(error_of(kBase + "space:\n  grid:\n    strategy.params.size: [1]\n"
                             "    strategy.params.size: [2, 3]\n"),
            "s.yaml:9:5: space.grid.strategy.params.size: expected each key once in a mapping, got "
            "'strategy.params.size' again (first at line 8, column 5)");
  // The inline base is a run config, checked with its positions in the sweep file.
  EXPECT_EQ(error_of("base:\n  data: {store: a.h5}\n  strategy: {name: x}\n  latency: {entry: "
                     "fast}\nspace: {grid: {seed: [1]}}\n"),
            "s.yaml:4:20: latency.entry: expected a duration like '250us', got 'fast'");
}

TEST(SweepPlan, SweptValueRejectedByTheRunConfigIsAnErrorAtTheParameter) {
  const SweepConfig c = parse_sweep_config(
      kBase + "space:\n  grid:\n    strategy.params.size: [1, wide]\n", "s.yaml");
  try {
    make_sweep_plan(c, strategies::builtin_strategies());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "s.yaml");
    EXPECT_EQ(e.line(), 8);
    EXPECT_EQ(e.column(), 5);
    EXPECT_NE(std::string(e.what()).find("swept value 'wide'"), std::string::npos) << e.what();
  }
}

TEST(SweepPlan, IdsHashTheResolvedConfigNotTheOrderOfTheSpace) {
  EXPECT_EQ(stable_hash(""), "cbf29ce484222325");  // FNV-1a 64 test vectors
  EXPECT_EQ(stable_hash("a"), "af63dc4c8601ec8c");
  const auto& runners = strategies::builtin_strategies();
  const SweepPlan a = make_sweep_plan(
      parse_sweep_config(kBase + "space:\n  grid:\n    strategy.params.size: [1, 2]\n"
                                 "    strategy.params.half_spread_ticks: [1, 2]\n",
                         "s.yaml"),
      runners);
  const SweepPlan b = make_sweep_plan(
      parse_sweep_config(kBase + "space:\n  grid:\n    strategy.params.half_spread_ticks: [2, 1]\n"
                                 "    strategy.params.size: [2, 1]\n",
                         "other.yaml"),
      runners);
  ASSERT_EQ(a.points.size(), 4u);
  std::set<std::string> ids_a, ids_b;
  for (const auto& p : a.points) {
    ids_a.insert(p.id);
    EXPECT_EQ(p.id, stable_hash(p.resolved_yaml));
    EXPECT_EQ(p.group_key, a.points.front().group_key);  // only strategy params differ
  }
  for (const auto& p : b.points) ids_b.insert(p.id);
  EXPECT_EQ(ids_a.size(), 4u);
  EXPECT_EQ(ids_a, ids_b);
  // size 1 given explicitly in the base equals the default: the same resolved config, one point.
  const SweepPlan dup = make_sweep_plan(
      parse_sweep_config(kBase + "space: {grid: {strategy.params.size: [1, '1 lots']}}\n",
                         "s.yaml"),
      runners);
  EXPECT_EQ(dup.points.size(), 1u);
}

TEST(SweepPlan, ReplayGroupsSplitByDataAndFeedLatencyNotByOrderLatency) {
  const auto& runners = strategies::builtin_strategies();
  const SweepPlan p = make_sweep_plan(
      parse_sweep_config(kBase + "space:\n  grid:\n    latency.entry: [100us, 1ms]\n"
                                 "    latency.feed: [data, 1ms]\n",
                         "s.yaml"),
      runners);
  ASSERT_EQ(p.points.size(), 4u);
  std::set<std::string> groups;
  for (const auto& pt : p.points) groups.insert(pt.group_key);
  EXPECT_EQ(groups.size(), 2u);
  const auto units = split_work(p, {}, 1, 100);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].points.size(), 2u);
  // Two workers for 4 pending points: units of 2; with one point finished, of at most 2.
  EXPECT_EQ(split_work(p, {}, 4, 100).size(), 4u);
  EXPECT_EQ(split_work(p, {p.points[0].id}, 1, 100).size(), 2u);
  // Memory bound: never more than max_group instances in one replay.
  const auto single = split_work(p, {}, 1, 1);
  ASSERT_EQ(single.size(), 4u);
  for (const WorkUnit& u : single) EXPECT_EQ(u.points.size(), 1u);
}

TEST(SweepPlan, RowsSurviveTheJournalFormatBitForBit) {
  SweepRow row;
  row.id = "00ff";
  row.values = {"1", "a,b"};
  row.stats = {
      {"pnl", 0.1 + 0.2}, {"sharpe", std::numeric_limits<double>::quiet_NaN()}, {"tiny", 5e-324}};
  const SweepRow back = row_from_json(row_to_json(row));
  EXPECT_EQ(back.id, row.id);
  EXPECT_EQ(back.values, row.values);
  ASSERT_EQ(back.stats.size(), 3u);
  EXPECT_EQ(back.stats[0].second, 0.1 + 0.2);
  EXPECT_TRUE(std::isnan(back.stats[1].second));
  EXPECT_EQ(back.stats[2].second, 5e-324);
  EXPECT_THROW(row_from_json("{\"id\": 3"), Error);
}

}  // namespace
}  // namespace tilt
