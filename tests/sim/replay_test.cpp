// How the simulator replays a recording as recorded (issue 15, and snapshots of issue 16): venue
// messages judged and delivered whole, the feed clock, trades printed between ticks, and snapshots
// applied as the level changes they imply. Every expectation is worked out by hand in the comment
// above it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>

#include "adapters/synthetic/generator.hpp"
#include "support/naive_book.hpp"
#include "support/sim_events.hpp"
#include "support/sim_market_maker.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::marker;
using testing::trade;

/// What the strategy saw at one callback.
struct Sight {
  char what;  ///< 'b' on_book, 't' on_trade, 'T' on_timer
  Timestamp now;
  Event event{};
  std::optional<Level> bid;
  std::optional<Level> ask;
  SignalValue tfi;
};

/// Records the book (and the trade-flow signal, if any) at every callback; optionally posts one
/// order from a timer.
class Watcher {
 public:
  struct Post {
    Timestamp at;
    Side side;
    Price price;
    Qty qty;
  };
  explicit Watcher(std::vector<Timestamp> timers = {}, std::optional<Post> post = {},
                   std::optional<SignalHandle> tfi = {})
      : timers_(std::move(timers)), post_(post), tfi_(tfi) {}
  void on_start(StrategyContext& ctx) {
    for (Timestamp t : timers_) ctx.set_timer(t);
    if (post_) ctx.set_timer(post_->at);
  }
  void on_book(StrategyContext& ctx, const Event& e) { see('b', ctx, e); }
  void on_trade(StrategyContext& ctx, const Event& e) { see('t', ctx, e); }
  void on_order_update(StrategyContext&, const OrderUpdate& u) { updates.push_back(u); }
  void on_timer(StrategyContext& ctx, TimerId) {
    if (post_ && ctx.now() == post_->at && !posted_) {
      posted_ = true;
      ctx.post_only(post_->side, post_->price, post_->qty);
    }
    see('T', ctx, Event{});
  }
  void on_finish(StrategyContext&) {}

  std::vector<Sight> seen;
  std::vector<OrderUpdate> updates;

 private:
  void see(char what, StrategyContext& ctx, const Event& e) {
    seen.push_back({what, ctx.now(), e, ctx.book().best(Side::buy), ctx.book().best(Side::sell),
                    tfi_ ? ctx.signal(*tfi_) : SignalValue{}});
  }
  std::vector<Timestamp> timers_;
  std::optional<Post> post_;
  std::optional<SignalHandle> tfi_;
  bool posted_ = false;
};

SimConfig policy(CrossedPolicy p) {
  SimConfig c;
  c.exchange_book.crossed_policy = p;
  c.local_book.crossed_policy = p;
  return c;
}

/// Bid 100x10; asks 101x5, 102x5 (one message at time 0).
std::vector<Event> base_book() {
  return {level(0, Side::buy, 100, 10), level(0, Side::sell, 101, 5), level(0, Side::sell, 102, 5)};
}

// --- messages ----------------------------------------------------------------------------------

// The message at 1000 raises the bid to 101 (locked against ask 101) and then removes ask 101.
// Judged whole it is sound: no error under `error`, nothing repaired, bid 101x3 / ask 102x5.
TEST(Replay, MessageLockedMidwayIsNeitherAnErrorNorRepaired) {
  auto events = base_book();
  events.push_back(level(1000, Side::buy, 101, 3));
  events.push_back(level(1000, Side::sell, 101, 0));
  events.push_back(level(2000, Side::buy, 99, 1));
  for (CrossedPolicy p : {CrossedPolicy::error, CrossedPolicy::repair}) {
    Simulator<Watcher> sim(policy(p));
    sim.add_instance(Watcher{});
    ASSERT_NO_THROW(sim.run(events));
    EXPECT_EQ(sim.exchange_book().repairs(), (CrossRepairs{}));
    EXPECT_EQ(sim.local_book().repairs(), (CrossRepairs{}));
    EXPECT_EQ(sim.local_book().best(Side::buy), (Level{101, 3}));
    EXPECT_EQ(sim.local_book().best(Side::sell), (Level{102, 5}));
  }
}

// The message at 1000 puts a bid at 102: asks 101 and 102 are at or through it, and nothing in the
// message removes them. Repair: one message repaired, 2 stale asks removed, on both books (the
// summary reports the exchange book's); the strategy's book at 1000 already shows bid 102x3 with
// no ask. Error: CrossedBookError naming the run-config key.
TEST(Replay, MessageEndingCrossedIsRepairedAndCountedOrIsAnErrorNamingTheKey) {
  auto events = base_book();
  events.push_back(level(1000, Side::buy, 102, 3));
  events.push_back(level(1000, Side::buy, 99, 2));
  events.push_back(level(2000, Side::sell, 104, 1));
  {
    Simulator<Watcher> sim(policy(CrossedPolicy::repair));
    sim.add_instance(Watcher{});
    sim.run(events);
    EXPECT_EQ(sim.exchange_book().repairs(), (CrossRepairs{1, 2}));
    EXPECT_EQ(sim.local_book().repairs(), (CrossRepairs{1, 2}));
    const auto& seen = sim.strategy(0).seen;
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[1].now, 1000);
    EXPECT_EQ(seen[1].bid, (Level{102, 3}));
    EXPECT_EQ(seen[1].ask, std::nullopt);
  }
  {
    Simulator<Watcher> sim(policy(CrossedPolicy::error));
    sim.add_instance(Watcher{});
    try {
      sim.run(events);
      FAIL() << "expected CrossedBookError";
    } catch (const CrossedBookError& e) {
      EXPECT_EQ(e.exch_ts(), 1000);
      EXPECT_EQ(e.best_bid(), 102);
      EXPECT_EQ(e.best_ask(), 101);
      EXPECT_NE(std::string(e.what()).find("book: {crossed: repair}"), std::string::npos)
          << e.what();
    }
  }
}

// Default SimConfig: repair (the run config's default too).
TEST(Replay, DefaultCrossedPolicyIsRepair) {
  EXPECT_EQ(SimConfig{}.exchange_book.crossed_policy, CrossedPolicy::repair);
  EXPECT_EQ(SimConfig{}.local_book.crossed_policy, CrossedPolicy::repair);
}

// One message at exch 1000 whose rows were received at 1100, 1200, 1300, 1400: a sell trade of 4
// at 100, bid 100 -> 6, ask 101 removed, ask 103x2 added. The strategy gets it at 1400, whole:
// first on_trade (the book already shows bid 100x6, ask 102x5), then one on_book carrying the
// message's last book event (ask 103). A timer at 1250, between the rows' own local times, still
// sees the book before the message (bid 100x10, ask 101x5).
TEST(Replay, StrategySeesWholeMessagesOnly) {
  auto events = base_book();
  events.push_back(trade(1000, Side::sell, 100, 4, 1100));
  events.push_back(level(1000, Side::buy, 100, 6, 1200));
  events.push_back(level(1000, Side::sell, 101, 0, 1300));
  events.push_back(level(1000, Side::sell, 103, 2, 1400));
  Simulator<Watcher> sim;
  sim.add_instance(Watcher({1250}));
  sim.run(events);
  const auto& seen = sim.strategy(0).seen;
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].what, 'b');  // the base book, one on_book for its three rows
  EXPECT_EQ(seen[0].now, 0);
  EXPECT_EQ(seen[0].event.price, 102);
  EXPECT_EQ(seen[1].what, 'T');
  EXPECT_EQ(seen[1].now, 1250);
  EXPECT_EQ(seen[1].bid, (Level{100, 10}));
  EXPECT_EQ(seen[1].ask, (Level{101, 5}));
  EXPECT_EQ(seen[2].what, 't');
  EXPECT_EQ(seen[2].now, 1400);
  EXPECT_EQ(seen[2].event.local_ts, 1400);
  EXPECT_EQ(seen[2].event.qty, 4);
  EXPECT_EQ(seen[2].bid, (Level{100, 6}));
  EXPECT_EQ(seen[2].ask, (Level{102, 5}));
  EXPECT_EQ(seen[3].what, 'b');
  EXPECT_EQ(seen[3].now, 1400);
  EXPECT_EQ(seen[3].event.price, 103);
  EXPECT_EQ(seen[3].bid, (Level{100, 6}));
  EXPECT_EQ(seen[3].ask, (Level{102, 5}));
}

// A message split across two batches is still one message: judged and delivered whole.
TEST(Replay, MessageSpanningBatchesIsStillWhole) {
  auto events = base_book();
  events.push_back(level(1000, Side::buy, 101, 3));
  events.push_back(level(1000, Side::sell, 101, 0));
  Simulator<Watcher> sim(policy(CrossedPolicy::error));
  sim.add_instance(Watcher{});
  std::size_t call = 0;
  ASSERT_NO_THROW(sim.run_batches([&]() -> std::span<const Event> {
    ++call;
    if (call == 1) return {events.data(), 4};  // ends after the locking row
    if (call == 2) return {events.data() + 4, events.size() - 4};
    return {};
  }));
  const auto& seen = sim.strategy(0).seen;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].bid, (Level{101, 3}));
  EXPECT_EQ(seen[1].ask, (Level{102, 5}));
}

// --- feed clock --------------------------------------------------------------------------------

/// Three one-row messages at exch 1000, 2000, 3000 received at 900, 1500, 3100: feed latencies
/// -100, -500, +100.
std::vector<Event> skewed() {
  return {level(1000, Side::buy, 100, 1, 900), level(2000, Side::buy, 100, 2, 1500),
          level(3000, Side::buy, 100, 3, 3100)};
}
std::vector<Timestamp> book_times(const Watcher& w) {
  std::vector<Timestamp> out;
  for (const Sight& s : w.seen)
    if (s.what == 'b') out.push_back(s.now);
  return out;
}

// Two events arrived before the venue sent them; the worst by 500 ns. Both are raised to exch_ts.
TEST(Replay, NegativeFeedLatencyIsCountedWithItsWorstValue) {
  Simulator<Watcher> sim;
  sim.add_instance(Watcher{});
  sim.run(skewed());
  EXPECT_EQ(sim.feed_clock().negative_latency_events, 2);
  EXPECT_EQ(sim.feed_clock().worst_negative_latency, -500);
  EXPECT_EQ(book_times(sim.strategy(0)), (std::vector<Timestamp>{1000, 2000, 3100}));
}

// clock_offset +600 on the skewed feed: local times 1500, 2100, 3700, none negative. -50 on a feed
// received at 1000, 2060, 3100: 950 is before its exch 1000 (counted, -50, raised to 1000);
// 2010 and 3050 are not.
TEST(Replay, ClockOffsetIsAddedToEveryLocalTime) {
  {
    SimConfig c;
    c.clock_offset = 600;
    Simulator<Watcher> sim(c);
    sim.add_instance(Watcher{});
    sim.run(skewed());
    EXPECT_EQ(sim.feed_clock().negative_latency_events, 0);
    EXPECT_EQ(sim.feed_clock().worst_negative_latency, 0);
    EXPECT_EQ(book_times(sim.strategy(0)), (std::vector<Timestamp>{1500, 2100, 3700}));
  }
  {
    SimConfig c;
    c.clock_offset = -50;
    Simulator<Watcher> sim(c);
    sim.add_instance(Watcher{});
    const std::vector<Event> sound = {level(1000, Side::buy, 100, 1, 1000),
                                      level(2000, Side::buy, 100, 2, 2060),
                                      level(3000, Side::buy, 100, 3, 3100)};
    sim.run(sound);
    EXPECT_EQ(sim.feed_clock().negative_latency_events, 1);
    EXPECT_EQ(sim.feed_clock().worst_negative_latency, -50);
    EXPECT_EQ(book_times(sim.strategy(0)), (std::vector<Timestamp>{1000, 2010, 3050}));
  }
}

// A constant feed latency replaces the data's (skew included, so nothing is counted); zero is a
// valid latency: the strategy sees each message at its exchange time.
TEST(Replay, ConstantFeedLatencyIncludingZero) {
  for (Duration latency : {Duration{0}, Duration{250}}) {
    SimConfig c;
    c.feed_latency = latency;
    c.clock_offset = 12345;  // ignored with a constant latency
    Simulator<Watcher> sim(c);
    sim.add_instance(Watcher{});
    sim.run(skewed());
    EXPECT_EQ(sim.feed_clock().negative_latency_events, 0);
    EXPECT_EQ(book_times(sim.strategy(0)),
              (std::vector<Timestamp>{1000 + latency, 2000 + latency, 3000 + latency}));
  }
}

// --- trades between ticks ----------------------------------------------------------------------

Event sub_tick_trade(Timestamp t, Side aggressor, std::int64_t sub_ticks, Qty qty) {
  Event e = trade(t, aggressor, sub_ticks, qty);
  e.flags = kSubTickPrice;
  return e;
}

/// Base book; at 100 we post a buy 1 @ 100 (zero latency: 10 lots ahead of us). At 1000 a sell
/// prints 50 lots at 100.5 (above our bid: it never reached us), at 2000 a sell prints 50 at 99.5
/// (below our bid: strictly through it), at 3000 a buy trades 10 at 101 (a tick trade).
std::vector<Event> sub_tick_market() {
  auto events = base_book();
  events.push_back(sub_tick_trade(1000, Side::sell, 1'005'000, 50));
  events.push_back(sub_tick_trade(2000, Side::sell, 995'000, 50));
  events.push_back(trade(3000, Side::buy, 101, 10));
  events.push_back(level(4000, Side::sell, 103, 1));
  return events;
}

InstanceConfig zero_latency() {
  InstanceConfig c;
  c.latency = ConstantLatency{0, 0};
  return c;
}

// By default neither print moves a level of either book or fills us, and our queue place is
// untouched (10 ahead). Trade-flow imbalance counts them as real sell volume:
// after 3000: (-50 - 50 + 10) / (50 + 50 + 10) = -90/110.
TEST(Replay, SubTickTradeMovesNoLevelFillsNothingByDefaultAndCountsInTradeFlow) {
  Simulator<Watcher> sim;
  const SignalHandle tfi = sim.signals().add({"trade_flow_imbalance", {{"window", "1min"}}, ""});
  sim.add_instance(Watcher({}, Watcher::Post{100, Side::buy, 100, 1}, tfi), zero_latency());
  sim.run(sub_tick_market());
  EXPECT_TRUE(sim.instance(0).accountant().fills().empty());
  ASSERT_EQ(sim.instance(0).venue().resting(Side::buy).size(), 1u);
  EXPECT_EQ(sim.instance(0).venue().resting(Side::buy)[0].queue.ahead, 10);
  EXPECT_EQ(sim.exchange_book().best(Side::buy), (Level{100, 10}));
  EXPECT_EQ(sim.exchange_book().best(Side::sell), (Level{101, 5}));
  const auto& seen = sim.strategy(0).seen;
  std::vector<Sight> trades;
  for (const Sight& s : seen)
    if (s.what == 't') trades.push_back(s);
  ASSERT_EQ(trades.size(), 3u);
  EXPECT_TRUE(has_sub_tick_price(trades[0].event));
  EXPECT_EQ(trades[0].event.price, 1'005'000);
  EXPECT_EQ(trades[0].bid, (Level{100, 10}));  // the local book did not move
  EXPECT_EQ(trades[0].ask, (Level{101, 5}));
  EXPECT_TRUE(trades[0].tfi.valid);
  EXPECT_DOUBLE_EQ(trades[0].tfi.value, -1.0);
  EXPECT_DOUBLE_EQ(trades[1].tfi.value, -1.0);
  EXPECT_DOUBLE_EQ(trades[2].tfi.value, -90.0 / 110.0);
}

// With fill_on_sub_tick_trades the print at 100.5 still does nothing (it did not reach our bid:
// no fill, 10 still ahead), and the print at 99.5 traded through our bid: all of our 1 lot fills
// at our price, as maker, at exch 2000 (R7).
TEST(Replay, SubTickTradeFillsOnlyStrictlyThroughWhenAsked) {
  SimConfig c;
  c.fill_on_sub_tick_trades = true;
  Simulator<Watcher> sim(c);
  sim.add_instance(Watcher({1500}, Watcher::Post{100, Side::buy, 100, 1}), zero_latency());
  auto events = sub_tick_market();
  sim.run(events);
  const auto fills = sim.instance(0).accountant().fills();
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].exch_ts, 2000);
  EXPECT_EQ(fills[0].price, 100);
  EXPECT_EQ(fills[0].qty, 1);
  EXPECT_EQ(fills[0].liquidity, Liquidity::maker);
  EXPECT_EQ(sim.exchange_book().best(Side::buy), (Level{100, 10}));

  // Only the first print: the order is still resting with its 10 ahead.
  Simulator<Watcher> first(c);
  first.add_instance(Watcher({}, Watcher::Post{100, Side::buy, 100, 1}), zero_latency());
  events.resize(4);
  first.run(events);
  EXPECT_TRUE(first.instance(0).accountant().fills().empty());
  ASSERT_EQ(first.instance(0).venue().resting(Side::buy).size(), 1u);
  EXPECT_EQ(first.instance(0).venue().resting(Side::buy)[0].queue.ahead, 10);
}

// A buy aggressor printing at 101.5 passed our ask at 101 strictly (fills it) but not one at 102.
TEST(Replay, SubTickBuyTradeFillsAsksBelowThePrint) {
  SimConfig c;
  c.fill_on_sub_tick_trades = true;
  auto events = base_book();
  events.push_back(sub_tick_trade(1000, Side::buy, 1'015'000, 7));
  events.push_back(level(2000, Side::buy, 99, 1));
  for (Price ours : {Price{101}, Price{102}}) {
    Simulator<Watcher> sim(c);
    sim.add_instance(Watcher({}, Watcher::Post{100, Side::sell, ours, 2}), zero_latency());
    sim.run(events);
    EXPECT_EQ(sim.instance(0).accountant().fills().size(), ours == 101 ? 1u : 0u) << ours;
  }
}

// --- snapshots as level changes ----------------------------------------------------------------

// We rest a buy 1 @ 100 behind 10 lots. A snapshot at 1000 lists bid 101x2, bid 99x4, ask 102x5:
// our level 100 is gone (a size-0 change: R6 leaves nobody ahead of us, since ahead never exceeds
// the visible size), ask 101 is gone, bid 101 is new. A second snapshot at 2000 brings 100 back
// with 7: size added joins behind us, so we stay first (0 ahead). The strategy gets one on_book
// per snapshot, carrying its snapshot_end, on a book that never looked empty.
TEST(Replay, SnapshotIsAppliedAsTheLevelChangesItImplies) {
  auto events = base_book();
  const auto snapshot = [&events](Timestamp t, std::vector<Event> rows) {
    events.push_back(marker(t, EventKind::snapshot_begin));
    for (const Event& r : rows) events.push_back(r);
    events.push_back(marker(t, EventKind::snapshot_end));
  };
  snapshot(1000, {level(1000, Side::buy, 101, 2), level(1000, Side::buy, 99, 4),
                  level(1000, Side::sell, 102, 5)});
  snapshot(2000, {level(2000, Side::buy, 101, 2), level(2000, Side::buy, 100, 7),
                  level(2000, Side::buy, 99, 4), level(2000, Side::sell, 102, 5)});
  Simulator<Watcher> sim(policy(CrossedPolicy::error));
  sim.add_instance(Watcher({1500}, Watcher::Post{100, Side::buy, 100, 1}), zero_latency());
  sim.run(events);
  const auto& seen = sim.strategy(0).seen;
  std::vector<Sight> books;
  for (const Sight& s : seen)
    if (s.what == 'b') books.push_back(s);
  ASSERT_EQ(books.size(), 3u);
  EXPECT_EQ(books[1].event.kind, EventKind::snapshot_end);
  EXPECT_EQ(books[1].bid, (Level{101, 2}));
  EXPECT_EQ(books[1].ask, (Level{102, 5}));
  EXPECT_FALSE(sim.local_book().in_snapshot());
  EXPECT_EQ(sim.local_book().qty_at(Side::buy, 100), 7);
  ASSERT_EQ(sim.instance(0).venue().resting(Side::buy).size(), 1u);
  EXPECT_EQ(sim.instance(0).venue().resting(Side::buy)[0].queue.ahead, 0);
}

/// The same market with every third message (from the first after the initial snapshot) written
/// as a snapshot: trades first, then snapshot_begin, every level of the book after the message,
/// snapshot_end; every row received at the message's last local time.
std::vector<Event> as_snapshots(const std::vector<Event>& increments) {
  std::vector<Event> out;
  testing::NaiveBook book;
  std::size_t message = 0;
  for (std::size_t i = 0; i < increments.size();) {
    std::size_t end = i;
    while (end < increments.size() && increments[end].exch_ts == increments[i].exch_ts) ++end;
    for (std::size_t k = i; k < end; ++k) book.apply(increments[k]);
    book.end_message();
    const bool has_snapshot_marker = increments[i].kind == EventKind::snapshot_begin;
    if (message++ % 3 != 1 || has_snapshot_marker) {
      out.insert(out.end(), increments.begin() + static_cast<std::ptrdiff_t>(i),
                 increments.begin() + static_cast<std::ptrdiff_t>(end));
    } else {
      const Timestamp t = increments[i].exch_ts;
      Timestamp local = 0;
      for (std::size_t k = i; k < end; ++k) local = std::max(local, increments[k].local_ts);
      for (std::size_t k = i; k < end; ++k) {
        if (increments[k].kind != EventKind::trade) continue;
        out.push_back(increments[k]);
        out.back().local_ts = local;
      }
      out.push_back(marker(t, EventKind::snapshot_begin, local));
      for (Side side : {Side::sell, Side::buy}) {  // rows in any order: the diff sorts them
        book.for_each_level(
            side, [&](const Level& l) { out.push_back(level(t, side, l.price, l.qty, local)); });
      }
      out.push_back(marker(t, EventKind::snapshot_end, local));
    }
    i = end;
  }
  return out;
}

// The same market as increments and as snapshots gives identical fills (a quoting market maker
// with the probabilistic queue model, so R6's split of removed size matters), positions and cash.
TEST(Replay, SameMarketAsIncrementsOrSnapshotsGivesIdenticalFills) {
  synthetic::Params p;
  p.events = 30'000;
  p.seed = 5;
  p.levels = 5;
  p.mean_level_size = 6;
  p.trade_probability = 0.2;
  p.move_probability = 0.08;
  p.mean_gap = 1 * kMillisecond;
  p.feed_latency_min = 1 * kMillisecond;
  const auto increments = synthetic::generate_all(p);
  const auto snapshots = as_snapshots(increments);
  ASSERT_GT(snapshots.size(), increments.size());

  InstanceConfig config;
  config.latency = ConstantLatency{300 * kMicrosecond, 200 * kMicrosecond};
  config.matching.queue = PowerProbQueue{{2.0}};
  const auto run = [&config](const std::vector<Event>& events) {
    auto sim = std::make_unique<Simulator<testing::SimMarketMaker>>();
    testing::MarketMakerParams mm;
    mm.imbalance = sim->signals().add({"queue_imbalance", {}, ""});
    sim->add_instance(testing::SimMarketMaker(mm), config);
    sim->run(events);
    return sim;
  };
  const auto a = run(increments);
  const auto b = run(snapshots);
  const auto fa = a->instance(0).accountant().fills();
  const auto fb = b->instance(0).accountant().fills();
  ASSERT_EQ(fa.size(), fb.size());
  EXPECT_GT(fa.size(), 50u) << "the scenario should trade";
  for (std::size_t i = 0; i < fa.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(fa[i].exch_ts, fb[i].exch_ts);
    EXPECT_EQ(fa[i].order_id, fb[i].order_id);
    EXPECT_EQ(fa[i].side, fb[i].side);
    EXPECT_EQ(fa[i].price, fb[i].price);
    ASSERT_EQ(fa[i].qty, fb[i].qty);
    EXPECT_EQ(fa[i].liquidity, fb[i].liquidity);
  }
  EXPECT_EQ(a->instance(0).accountant().position().position,
            b->instance(0).accountant().position().position);
  EXPECT_EQ(a->instance(0).accountant().position().cash,
            b->instance(0).accountant().position().cash);
  EXPECT_EQ(a->instance(0).counts().submitted, b->instance(0).counts().submitted);
}

}  // namespace
}  // namespace tilt
