// Zero is a valid duration where it means something (issue 15): no entry/response latency,
// a disabled taker timeout. Where it means nothing (a sample interval) it stays an error naming
// file, line and column.
#include <gtest/gtest.h>

#include "strategies/builtin/imbalance_taker.hpp"
#include "tilt/config/params.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/error.hpp"

namespace tilt {
namespace {

constexpr const char* kHead =
    "data: {store: x.h5}\n"
    "strategy: {name: imbalance_taker}\n";

TEST(ZeroDuration, LatenciesMayBeZero) {
  const RunConfig c = parse_run_config(std::string(kHead) +
                                           "latency:\n"
                                           "  entry: 0\n"
                                           "  response: 0us\n",
                                       "z.yaml");
  EXPECT_EQ(c.entry_latency, 0);
  EXPECT_EQ(c.response_latency, 0);
  // The resolved config writes them back in a form the parser accepts.
  const std::string yaml = resolved_yaml(c, {});
  EXPECT_NE(yaml.find("entry: 0\n"), std::string::npos) << yaml;
  EXPECT_EQ(parse_run_config(yaml, "resolved.yaml").entry_latency, 0);
}

TEST(ZeroDuration, SampleIntervalZeroIsStillAnError) {
  try {
    parse_run_config(std::string(kHead) + "output:\n  sample_interval: 0s\n", "z.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "z.yaml:4:20: output.sample_interval: expected a duration like '250us', got '0s'");
  }
}

TEST(ZeroDuration, ParamsWithMinimumZeroAcceptZeroOnlyThere) {
  Params p = Params::from_map({{"timeout", "0"}, {"other", "0ms"}, {"negative", "-1s"}});
  EXPECT_EQ(p.duration("timeout", 5 * kSecond, 0), 0);
  EXPECT_EQ(p.resolved().at("timeout"), "0");
  EXPECT_THROW(p.duration("other", kSecond), ConfigError);  // default minimum: 1 ns
  EXPECT_THROW(p.duration("negative", kSecond, 0), ConfigError);
  Params q = Params::from_map({{"timeout", "250ms"}});
  EXPECT_EQ(q.duration("timeout", 0, 0), 250 * kMillisecond);
}

TEST(ZeroDuration, TakerTimeoutZeroDisablesIt) {
  Params p = Params::from_map({{"timeout", "0"}}, "strategy.params");
  EXPECT_EQ(strategies::ImbalanceTaker::read(p).timeout, 0);
  Params q = Params::from_map({{"timeout", "2s"}}, "strategy.params");
  EXPECT_EQ(strategies::ImbalanceTaker::read(q).timeout, 2 * kSecond);
}

}  // namespace
}  // namespace tilt
