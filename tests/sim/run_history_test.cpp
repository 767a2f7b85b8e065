// An instance with a RunHistory keeps only live orders and fills awaiting a markout horizon; what
// it hands on must be exactly what an instance without one keeps to the end. Also LiveOrders, the
// table the live orders sit in.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <random>

#include "adapters/synthetic/generator.hpp"
#include "support/history_market.hpp"
#include "support/sim_market_maker.hpp"
#include "tilt/sim/live_orders.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

bool same_double(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

struct Captured final : RunHistory {
  std::vector<Order> orders;
  std::vector<FillRecord> fills;
  std::vector<double> markouts;
  std::size_t max_live_seen = 0;
  void order_done(const Order& o, const Instance& instance) override {
    orders.push_back(o);
    // Every id not yet handed on is still readable (the recorder relies on it).
    std::size_t live = 0;
    instance.for_each_live([&](const Order&) { ++live; });
    max_live_seen = std::max(max_live_seen, live);
  }
  void fill_done(const FillRecord& f, std::span<const double> m) override {
    fills.push_back(f);
    markouts.insert(markouts.end(), m.begin(), m.end());
  }
};

synthetic::Params market() {
  return testing::history_market(250'000, 11);
}

InstanceConfig config(RunHistory* history) {
  return testing::history_config(history);
}

class RunHistoryTest : public ::testing::TestWithParam<bool> {};

TEST_P(RunHistoryTest, HandsOnExactlyWhatAnInstanceWithoutOneKeeps) {
  const bool by_modify = GetParam();
  const auto events = synthetic::generate_all(market());
  Captured captured;
  Simulator<testing::SimMarketMaker> kept, streamed;
  for (auto* sim : {&kept, &streamed}) {
    const SignalHandle qi = sim->signals().add({"queue_imbalance", {}, ""});
    testing::MarketMakerParams p{1, 4, 0.3, qi};
    p.requote_by_modify = by_modify;
    sim->add_instance(testing::SimMarketMaker(p), config(sim == &streamed ? &captured : nullptr));
  }
  kept.run(events);
  streamed.run(events);
  const Instance& a = kept.instance(0);
  const Instance& b = streamed.instance(0);

  // Orders: handed on once each, in their final state; the rest are live at the end.
  std::map<std::uint64_t, Order> all;
  for (const Order& o : captured.orders) {
    EXPECT_TRUE(is_terminal(o.state));
    EXPECT_EQ(o.pending, PendingRequest::none);
    EXPECT_TRUE(all.emplace(o.id.value, o).second) << "order " << o.id.value << " twice";
  }
  b.for_each_live([&](const Order& o) {
    EXPECT_TRUE(all.emplace(o.id.value, o).second) << "order " << o.id.value << " live and done";
  });
  ASSERT_GT(a.orders().size(), 1000u);
  ASSERT_EQ(all.size(), a.orders().size());
  EXPECT_TRUE(b.orders().empty());
  EXPECT_LT(captured.max_live_seen, 64u);  // a handful of quotes, never the run's orders
  for (const Order& x : a.orders()) {
    const Order& y = all.at(x.id.value);
    EXPECT_EQ(x.state, y.state);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.price, y.price);
    EXPECT_EQ(x.qty, y.qty);
    EXPECT_EQ(x.filled, y.filled);
    EXPECT_EQ(x.leaves, y.leaves);
    EXPECT_EQ(x.submitted, y.submitted);
    EXPECT_EQ(x.updated, y.updated);
  }

  // Fills: handed on in execution order with their markouts, the last ones still held.
  const std::size_t horizons = 2;
  std::vector<FillRecord> fills = captured.fills;
  std::vector<double> markouts = captured.markouts;
  const auto tail = b.accountant().fills();
  for (std::size_t i = 0; i < tail.size(); ++i) {
    fills.push_back(tail[i]);
    for (std::size_t k = 0; k < horizons; ++k) markouts.push_back(b.accountant().markout(i, k));
  }
  const auto fa = a.accountant().fills();
  ASSERT_GT(fa.size(), 200u);
  ASSERT_EQ(fills.size(), fa.size());
  EXPECT_LT(tail.size(), fa.size() / 4);
  for (std::size_t i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(fills[i].exch_ts, fa[i].exch_ts);
    EXPECT_EQ(fills[i].order_id, fa[i].order_id);
    EXPECT_EQ(fills[i].qty, fa[i].qty);
    EXPECT_EQ(fills[i].position_after, fa[i].position_after);
    EXPECT_TRUE(same_double(fills[i].mid, fa[i].mid));
    for (std::size_t k = 0; k < horizons; ++k)
      EXPECT_TRUE(same_double(markouts[i * horizons + k], a.accountant().markout(i, k)));
  }
  // Mean markouts: the running sums equal a pass over every fill, bit for bit.
  for (std::size_t k = 0; k < horizons; ++k) {
    double sum = 0;
    std::int64_t n = 0;
    for (std::size_t i = 0; i < fa.size(); ++i) {
      if (std::isfinite(a.accountant().markout(i, k))) {
        sum += a.accountant().markout(i, k);
        ++n;
      }
    }
    ASSERT_GT(n, 0);
    EXPECT_TRUE(same_double(b.accountant().mean_markout(k), sum / static_cast<double>(n)));
    EXPECT_TRUE(same_double(a.accountant().mean_markout(k), sum / static_cast<double>(n)));
  }

  // Lookups: a recently finished order still answers; an old one is an error that says why; a
  // cancel of either is simply not sent.
  const std::uint64_t last = b.last_id();
  ASSERT_GT(last, Instance::kRecentFinished + 100);
  std::uint64_t recent_done = 0;
  for (std::uint64_t id = last; id > last - 100 && recent_done == 0; --id) {
    if (is_terminal(all.at(id).state)) recent_done = id;
  }
  ASSERT_NE(recent_done, 0u);
  EXPECT_EQ(b.order(OrderId{recent_done}).state, all.at(recent_done).state);
  EXPECT_EQ(b.order(OrderId{recent_done}).filled, all.at(recent_done).filled);
  // An old finished order whose slot a later finished one (kRecentFinished ids on) has taken.
  std::uint64_t old_done = 1;
  while (!is_terminal(all.at(old_done).state) ||
         !is_terminal(all.at(old_done + Instance::kRecentFinished).state))
    ++old_done;
  ASSERT_LE(old_done + Instance::kRecentFinished, last);
  EXPECT_THROW(
      {
        try {
          (void)b.order(OrderId{old_done});
        } catch (const OrderError& e) {
          EXPECT_NE(std::string(e.what()).find("no longer kept"), std::string::npos) << e.what();
          throw;
        }
      },
      OrderError);
  EXPECT_EQ(a.order(OrderId{old_done}).state, all.at(old_done).state);  // kept without history
  EXPECT_EQ(b.request_check(OrderId{old_done}), RequestResult::not_working);
  EXPECT_EQ(b.request_check(OrderId{recent_done}), RequestResult::not_working);
  EXPECT_THROW((void)b.request_check(OrderId{last + 1}), OrderError);
  EXPECT_THROW((void)b.order(OrderId{0}), OrderError);
}

INSTANTIATE_TEST_SUITE_P(CancelAndModifyRequotes, RunHistoryTest, ::testing::Bool());

// LiveOrders against a std::map under random inserts and erases (ids increasing, as issued).
TEST(LiveOrders, MatchesAMapUnderRandomInsertAndErase) {
  LiveOrders<Order> table;
  std::map<std::uint64_t, Qty> model;
  std::mt19937_64 rng(5);
  std::uint64_t next = 1;
  for (int step = 0; step < 200'000; ++step) {
    const bool insert = model.empty() || rng() % 100 < (model.size() < 300 ? 55u : 45u);
    if (insert) {
      Order& o = table.insert(next);
      o.qty = static_cast<Qty>(next * 3);
      model[next] = o.qty;
      ++next;
    } else {
      // Mostly recent ids, sometimes a long-lived one.
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % model.size()));
      Order* o = table.find(it->first);
      ASSERT_NE(o, nullptr) << it->first;
      table.erase(o);
      model.erase(it);
    }
    ASSERT_EQ(table.size(), model.size());
    if (step % 997 == 0) {
      for (const auto& [id, qty] : model) {
        const Order* o = table.find(id);
        ASSERT_NE(o, nullptr) << id;
        EXPECT_EQ(o->qty, qty);
      }
      std::size_t seen = 0;
      table.for_each([&](const Order& o) {
        ++seen;
        EXPECT_TRUE(model.count(o.id.value));
      });
      EXPECT_EQ(seen, model.size());
    }
  }
  EXPECT_EQ(table.find(0), nullptr);
  EXPECT_EQ(table.find(next), nullptr);
}

// Sends an IOC of one lot at the far touch on every book event (each finishes on its first
// answer), alternating sides. The first order carries a tag no later order uses; the others cycle
// through tags 1..3, and every fifth is untagged.
struct TaggedTaker {
  static constexpr ClientTag kOnce = 99;
  template <typename Ctx>
  void on_start(Ctx&) {}
  template <typename Ctx>
  void on_book(Ctx& ctx, const Event&) {
    const Side side = sent % 2 == 0 ? Side::buy : Side::sell;
    const auto touch = ctx.book().best(opposite(side));
    if (!touch) return;
    const ClientTag tag = sent == 0 ? kOnce : sent % 5 == 0 ? 0 : 1 + sent % 3;
    ctx.submit(side, OrderType::limit, TimeInForce::ioc, touch->price, 1, tag);
    ++sent;
  }
  template <typename Ctx>
  void on_trade(Ctx&, const Event&) {}
  template <typename Ctx>
  void on_order_update(Ctx&, const OrderUpdate&) {}
  template <typename Ctx>
  void on_timer(Ctx&, TimerId) {}
  template <typename Ctx>
  void on_finish(Ctx&) {}
  std::uint64_t sent = 0;
};

// With a history, a tag's latest order answers however long ago it finished, with the final state
// an instance without a history keeps; an old untagged (or superseded) order is still an error.
TEST(RunHistory, EachTagsLatestOrderStaysReadable) {
  const auto events = synthetic::generate_all(market());
  DiscardHistory discard;
  Simulator<TaggedTaker> kept, streamed;
  kept.add_instance(TaggedTaker{}, config(nullptr));
  streamed.add_instance(TaggedTaker{}, config(&discard));
  kept.run(events);
  streamed.run(events);
  const Instance& a = kept.instance(0);
  const Instance& b = streamed.instance(0);
  ASSERT_GT(b.last_id(), 3 * Instance::kRecentFinished);
  ASSERT_EQ(a.last_id(), b.last_id());

  // Expected: the last id of each tag, from the tags as sent (independent of the services).
  std::map<ClientTag, std::uint64_t> latest;
  for (std::uint64_t n = 0; n < b.last_id(); ++n) {
    const ClientTag tag = n == 0 ? TaggedTaker::kOnce : n % 5 == 0 ? 0 : 1 + n % 3;
    if (tag != 0) latest[tag] = n + 1;  // ids are 1, 2, ...
  }
  ASSERT_EQ(latest.size(), 4u);
  EXPECT_EQ(latest.at(TaggedTaker::kOnce), 1u);
  for (const auto& [tag, id] : latest) {
    const std::optional<OrderId> found = b.services().find(tag);
    ASSERT_TRUE(found.has_value()) << tag;
    EXPECT_EQ(found->value, id);
    const Order& want = a.orders()[id - 1];
    const Order& got = b.order(*found);  // id 1 finished ~all the run ago
    EXPECT_EQ(got.id.value, id);
    EXPECT_EQ(got.state, want.state);
    EXPECT_TRUE(is_terminal(got.state) || id + 10 > b.last_id()) << id;
    EXPECT_EQ(got.filled, want.filled);
    EXPECT_EQ(got.leaves, want.leaves);
    EXPECT_EQ(got.price, want.price);
    EXPECT_EQ(got.updated, want.updated);
  }
  EXPECT_FALSE(b.services().find(7).has_value());
  // Id 2 (tag 2, superseded thousands of orders ago) and id 6 (untagged) finished long ago.
  for (const std::uint64_t old : {2u, 6u}) {
    ASSERT_TRUE(is_terminal(a.orders()[old - 1].state));
    EXPECT_THROW((void)b.order(OrderId{old}), OrderError) << old;
  }
}
}  // namespace
}  // namespace tilt
