// StrategyServices, the engine-side store behind client tags, timers, log and metrics.
#include "tilt/sim/strategy_services.hpp"

#include <gtest/gtest.h>

namespace tilt {
namespace {

TEST(StrategyServices, TagLookupFindsTheMostRecentOrderWithTheTag) {
  StrategyServices s;
  s.tag(OrderId{2}, 7);
  s.tag(OrderId{5}, 7);
  s.tag(OrderId{6}, 0);  // untagged: nothing recorded
  EXPECT_EQ(s.tag_of(OrderId{1}), 0u);
  EXPECT_EQ(s.tag_of(OrderId{2}), 7u);
  EXPECT_EQ(s.tag_of(OrderId{6}), 0u);
  EXPECT_EQ(s.tag_of(OrderId{100}), 0u);
  EXPECT_EQ(s.find(7), OrderId{5});
  EXPECT_FALSE(s.find(0).has_value());
  EXPECT_FALSE(s.find(8).has_value());
}

TEST(StrategyServices, OneShotTimerFiresOnceRepeatingUntilCancelled) {
  StrategyServices s;
  const TimerId once = s.arm_timer();
  const TimerId every = s.arm_timer();
  EXPECT_EQ(once.value, 1u);
  EXPECT_EQ(every.value, 2u);
  EXPECT_TRUE(s.fire_timer({once, 11, 100, 0}));
  EXPECT_EQ(s.current_timer().payload, 11u);
  EXPECT_FALSE(s.fire_timer({once, 11, 100, 0}));  // no longer live
  EXPECT_FALSE(s.cancel_timer(once));
  EXPECT_TRUE(s.fire_timer({every, 3, 100, 50}));
  EXPECT_TRUE(s.fire_timer({every, 3, 150, 50}));
  EXPECT_EQ(s.current_timer().scheduled, 150);
  EXPECT_TRUE(s.cancel_timer(every));
  EXPECT_FALSE(s.fire_timer({every, 3, 200, 50}));
  EXPECT_EQ(s.live_timer_count(), 0u);
}

TEST(StrategyServices, LogKeepsAtMostTheLimitAndCountsTheRest) {
  StrategyServices s;
  for (std::size_t i = 0; i < StrategyServices::kMaxLogLines + 3; ++i)
    s.log(static_cast<Timestamp>(i), LogLevel::debug, "x");
  EXPECT_EQ(s.log_lines().size(), StrategyServices::kMaxLogLines);
  EXPECT_EQ(s.dropped_log_lines(), 3);
  EXPECT_NE(s.log_text().find("strategy log: 3 more lines dropped (limit 10000)\n"),
            std::string::npos);
  EXPECT_EQ(s.log_text().substr(0, 18), "strategy 0 debug x");
}

TEST(StrategyServices, MetricsKeepTheLastValueByName) {
  StrategyServices s;
  s.set_metric("b", 1.0);
  s.set_metric("a", 2.0);
  s.set_metric("b", 3.0);
  ASSERT_EQ(s.metrics().size(), 2u);
  EXPECT_EQ(s.metrics().begin()->first, "a");
  EXPECT_EQ(s.metrics().at("b"), 3.0);
}

}  // namespace
}  // namespace tilt
