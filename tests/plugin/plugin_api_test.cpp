// The strategy API through the plugin boundary: api_probe_plugin.so is loaded with the same loader
// `tilt run` uses and driven by the engine over a hand-written scenario. The plugin reports what it
// saw through ctx.set_metric / ctx.log; every expectation below is worked out by hand from the
// scenario (times in ns after t0, entry and response latency 1 ms each, feed latency 100 us).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/sim_events.hpp"
#include "tilt/config/run_config.hpp"
#include "tilt/run/plugin_strategy.hpp"
#include "tilt/sim/simulator.hpp"
#include "tilt/strategy_loader.hpp"

namespace tilt {
namespace {

using testing::level;

constexpr Timestamp t0 = 1'000'000'000;
constexpr Duration feed = 100 * kMicrosecond;

RunConfig probe_config() {
  return parse_run_config("data: {store: x.h5}\nstrategy: {name: api_probe}\n", "probe.yaml");
}

struct ProbeRun {
  Simulator<PluginStrategy> sim;
  const StrategyServices& services() const { return sim.instance(0).services(); }
  double metric(const std::string& name) const {
    const auto& m = services().metrics();
    const auto it = m.find(name);
    if (it == m.end()) throw Error("the plugin set no metric " + name);
    return it->second;
  }
  bool has_metric(const std::string& name) const { return services().metrics().contains(name); }
};

/// Bid 9999 x 5 and ask 10001 x 5, then a level change deeper in the book every millisecond
/// until t0 + 20 ms; each seen locally 100 us after the exchange.
std::vector<Event> scenario() {
  std::vector<Event> events;
  events.push_back(level(t0, Side::buy, 9999, 5, t0 + feed));
  events.push_back(level(t0, Side::sell, 10001, 5, t0 + feed));
  for (int ms = 1; ms <= 20; ++ms) {
    const Timestamp t = t0 + ms * kMillisecond;
    events.push_back(level(t, Side::buy, 9990, ms, t + feed));
  }
  return events;
}

void run_probe(ProbeRun& run) {
  Params params = probe_config().strategy_params;
  PluginStrategy strategy(load_plugin_strategy(TILT_API_PROBE_PLUGIN, "api_probe", params));
  const RunConfig config = with_required_signals(probe_config(), strategy);
  for (const SignalSpec& spec : config.signals) run.sim.signals().add(spec);
  InstanceConfig ic;
  ic.latency = ConstantLatency{kMillisecond, kMillisecond};
  ic.instrument.symbol = "TEST";
  ic.instrument.tick_size = Decimal::from_double(0.01);
  ic.instrument.lot_size = Decimal::from_double(0.5);
  ic.instrument.maker_fee = -0.0002;
  run.sim.add_instance(std::move(strategy), ic);
  run.sim.run(scenario());
}

TEST(PluginApi, OnStartRunsAtTheFirstEventsLocalTimeWithAnEmptyBook) {
  ProbeRun run;
  run_probe(run);
  EXPECT_EQ(run.metric("start_now"), static_cast<double>(t0 + feed));
  EXPECT_EQ(run.metric("book_empty_at_start"), 1);
  // on_finish at the last event's local time.
  EXPECT_EQ(run.metric("finish_now"), static_cast<double>(t0 + 20 * kMillisecond + feed));
}

TEST(PluginApi, InstrumentAndConversions) {
  ProbeRun run;
  run_probe(run);
  EXPECT_DOUBLE_EQ(run.metric("tick_size"), 0.01);
  EXPECT_DOUBLE_EQ(run.metric("lot_size"), 0.5);
  EXPECT_DOUBLE_EQ(run.metric("maker_fee"), -0.0002);
  EXPECT_EQ(run.metric("ticks_of_100_03"), 10003);
  EXPECT_DOUBLE_EQ(run.metric("price_of_10003"), 100.03);
}

TEST(PluginApi, RequiredSignalIsAddedAndReadByName) {
  ProbeRun run;
  run_probe(run);
  ASSERT_TRUE(run.sim.signals().find("qi_req").has_value());
  // At the submit both sides hold 5 lots: level-1 queue imbalance (5 - 5) / (5 + 5) = 0.
  EXPECT_EQ(run.metric("qi_valid"), 1);
  EXPECT_EQ(run.metric("qi_by_name"), 0.0);
}

TEST(PluginApi, ClientTagsFindOrdersAndRideOnUpdates) {
  ProbeRun run;
  run_probe(run);
  // Both sides are known after the second event, seen at t0 + 100 us.
  EXPECT_EQ(run.metric("submit_now"), static_cast<double>(t0 + feed));
  EXPECT_EQ(run.metric("buy_id"), 1);
  EXPECT_EQ(run.metric("sell_id"), 2);
  EXPECT_EQ(run.metric("find_42"), 1);
  EXPECT_EQ(run.metric("find_43_qty"), 3);
  EXPECT_EQ(run.metric("find_43_tag"), 43);
  EXPECT_EQ(run.metric("find_unknown"), 0);
  EXPECT_EQ(run.metric("working_after_submit"), 2);
  EXPECT_EQ(run.sim.instance(0).services().tag_of(OrderId{2}), 43u);
}

TEST(PluginApi, OneCancelOrModifyInFlightPerOrder) {
  ProbeRun run;
  run_probe(run);
  // Just submitted: pending_new, in flight, and a cancel may already be sent (it would reach the
  // venue after the order).
  EXPECT_EQ(run.metric("pending_can_cancel"), 1);
  EXPECT_EQ(run.metric("pending_in_flight"), 1);
  // Acked (open): the first try_cancel goes out, the second finds a request pending.
  EXPECT_EQ(run.metric("ack_can_cancel"), 1);
  EXPECT_EQ(run.metric("ack_try_cancel"), 1);
  EXPECT_EQ(run.metric("ack_try_cancel_again"), 0);
  EXPECT_EQ(run.metric("ack_in_flight_after_cancel"), 1);
  // Ack at submit + 2 ms, cancel answered 2 ms later; the update carries the tag.
  EXPECT_EQ(run.metric("cancelled_tag"), 42);
  EXPECT_EQ(run.metric("cancelled_at"), static_cast<double>(4 * kMillisecond));
  EXPECT_EQ(run.sim.instance(0).order(OrderId{1}).state, OrderState::cancelled);
  EXPECT_EQ(run.sim.instance(0).order(OrderId{2}).state, OrderState::open);
  EXPECT_EQ(run.sim.instance(0).counts().cancel_requests, 1);
}

TEST(PluginApi, RepeatingOneShotAndCancelledTimersWithPayloads) {
  ProbeRun run;
  run_probe(run);
  // Repeating every 2 ms from start + 1 ms, cancelled in its third firing (start + 5 ms).
  EXPECT_EQ(run.metric("repeat_fires"), 3);
  EXPECT_EQ(run.metric("repeat_cancel"), 1);
  EXPECT_EQ(run.metric("timer_7_last_at"), static_cast<double>(5 * kMillisecond));
  EXPECT_EQ(run.metric("repeat_interval"), static_cast<double>(2 * kMillisecond));
  EXPECT_EQ(run.metric("timer_7_now_matches"), 1);
  EXPECT_EQ(run.metric("timer_5_last_at"), static_cast<double>(3 * kMillisecond));
  // Cancelled before it was due: cancel_timer true once, then false, and it never fires.
  EXPECT_EQ(run.metric("cancel_live_timer"), 1);
  EXPECT_EQ(run.metric("cancel_timer_again"), 0);
  EXPECT_FALSE(run.has_metric("timer_99_last_at"));
  EXPECT_EQ(run.services().live_timer_count(), 0u);
}

TEST(PluginApi, LogLinesAreStampedWithLocalTime) {
  ProbeRun run;
  run_probe(run);
  const auto& lines = run.services().log_lines();
  ASSERT_EQ(lines.size(), 4u);  // two acks, the cancel, and "done" from on_finish
  EXPECT_EQ(lines[0].message, "update accepted id=1 tag=42");
  EXPECT_EQ(lines[0].local_ts, t0 + feed + 2 * kMillisecond);
  EXPECT_EQ(lines[1].message, "update accepted id=2 tag=43");
  EXPECT_EQ(lines[2].message, "update cancelled id=1 tag=42");
  EXPECT_EQ(lines[2].local_ts, t0 + feed + 4 * kMillisecond);
  EXPECT_EQ(lines[3].message, "done");
  EXPECT_EQ(lines[3].level, LogLevel::warning);
  const std::string text = run.services().log_text();
  EXPECT_NE(text.find("strategy " + std::to_string(t0 + feed + 2 * kMillisecond) +
                      " info update accepted id=1 tag=42\n"),
            std::string::npos)
      << text;
}

TEST(PluginAbi, ALibraryBuiltAgainstAnotherLayoutIsRefusedNamingBothTags) {
  Params params = probe_config().strategy_params;
  try {
    load_plugin_strategy(TILT_BAD_ABI_PLUGIN, "x", params);
    FAIL() << "loaded a plugin with another ABI tag";
  } catch (const PluginError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("strategy ABI tag 0x00000000000003e7"), std::string::npos) << what;
    EXPECT_NE(what.find("strategy ABI tag " + abi_tag_text(kStrategyAbiTag)), std::string::npos)
        << what;
    EXPECT_NE(what.find("rebuild the plugin"), std::string::npos) << what;
  }
}

TEST(PluginAbi, TagDependsOnEveryLayoutInput) {
  // The tag is a hash of the API version and the boundary types' sizes and offsets: changing any
  // one input changes it.
  const std::uint64_t base = abi_detail::hash({3, sizeof(OrderInfo), sizeof(TimerInfo)});
  EXPECT_NE(base, abi_detail::hash({4, sizeof(OrderInfo), sizeof(TimerInfo)}));
  EXPECT_NE(base, abi_detail::hash({3, sizeof(OrderInfo) + 8, sizeof(TimerInfo)}));
  EXPECT_NE(base, abi_detail::hash({3, sizeof(OrderInfo), sizeof(TimerInfo) + 8}));
  static_assert(kStrategyAbiTag != 0);
}

}  // namespace
}  // namespace tilt
