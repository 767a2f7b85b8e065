// The engine: exchange book + venue (matching, queue models) + accountant, driven through the
// Simulator by an arbitrary market-data stream and an arbitrary order flow, both decoded from the
// input, with invariant checks.
//
// Input layout: two option bytes, then the rest split in two halves. The first half is the market
// data, 4 bytes per event; the second half is the strategy's script, 4 bytes per action, which
// the strategy reads one action per callback (on_start, on_book, on_trade, on_order_update,
// on_timer) until it runs out.
//   option byte 0: bits 0-1 queue model (risk-averse, power 2, log, power 0.5), 2 partial fills
//     off, 3 remember consumed liquidity, 4 crossed-book policy error (else repair), 5 fill on
//     sub-tick trades, 6 a constant feed latency of 40 us (else the data's local times);
//   option byte 1: bits 0-1 entry latency, 2-3 response latency (0, 1 us, 50 us, 1 ms), 4 per-lot
//     fees (else notional), 5 rebates for makers.
//   event (b0 b1 b2 b3): b0 bits 0-1 time step (0, 1 us, 100 us, 10 ms), bits 2-4 kind (0-4
//     level, 5-6 trade, 7 snapshot marker: begin if b3 bit 1 else end), bit 5 side, bits 6-7 feed
//     latency (0, 30 us, 1 ms, -20 us); b1 price: bits 0-6 distance from the middle (bids below,
//     asks above), bit 7 on the other side of the middle (a crossing quote); b2 size (a trade's
//     at least 1); b3 bit 0 a trade printed between ticks (price in sub-ticks, kSubTickPrice).
//   action (a0 a1 a2 a3): a0 % 8: 0 nothing, 1-3 limit order, 4 cancel, 5 modify, 6 timer,
//     7 market order; a1 side (bit 0), time in force (bits 1-2), order pick (cancel, modify);
//     a2 price offset from the touch (signed), a3 size.
//
// The generated stream is one the store reader accepts (known kinds and sides, sizes >= 0, trades
// > 0, exchange time never going back), so anything the engine does with it other than a
// BookError (a snapshot end without its begin; a crossed book under the error policy) is a bug.
//
// Invariants (a failure traps, a finding):
//   * the strategy's book is never crossed or locked under the repair policy (callbacks see whole
//     messages), nor is the exchange book at the end;
//   * every update an order gets follows the venue's rules: fills > 0 and never more than the
//     leaves reported before, leaves reported after = before - fill, nothing after a terminal
//     update, no fill beyond the largest size ever asked for, a FOK order fills whole or not at
//     all, IOC/FOK/market orders never rest (maker fills), post-only orders never take, a taker
//     fill is within the limit, a maker fill is at the order's price;
//   * cash and position identities: the accountant's position, cash, volume, maker volume,
//     notional and fill count equal the sums over its fills; position_after runs with them;
//     realized + unrealized = equity - start cash; the strategy's known position equals the sums
//     over the fills it was told of, and those are the accountant's first fills in order;
//   * our maker fills at one price in one message never exceed the size the message's trades
//     printed at that price against us, unless the message also traded through our price or
//     showed crossing liquidity (R7, R8 in matching.hpp) or held a snapshot end.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "fuzz_support.hpp"
#include "tilt/book/book_error.hpp"
#include "tilt/sim/simulator.hpp"

namespace {

using namespace tilt;

constexpr Timestamp kStart = 1'700'000'000'000'000'000;
constexpr Price kMiddle = 10'000;
constexpr Duration kSteps[4] = {0, kMicrosecond, 100 * kMicrosecond, 10 * kMillisecond};
constexpr Duration kFeed[4] = {0, 30 * kMicrosecond, kMillisecond, -20 * kMicrosecond};
constexpr Duration kLatency[4] = {0, kMicrosecond, 50 * kMicrosecond, kMillisecond};

std::vector<Event> decode_events(std::span<const std::uint8_t> bytes) {
  std::vector<Event> events;
  Timestamp t = kStart;
  for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) {
    const std::uint8_t b0 = bytes[i], b1 = bytes[i + 1], b2 = bytes[i + 2], b3 = bytes[i + 3];
    t += kSteps[b0 & 3];
    Event e{};
    e.exch_ts = t;
    e.local_ts = t + kFeed[(b0 >> 6) & 3];
    e.side = (b0 >> 5) & 1 ? Side::sell : Side::buy;
    const int kind = (b0 >> 2) & 7;
    const Price distance = b1 & 0x7f;
    const bool crossing = (b1 & 0x80) != 0;
    const Price away = crossing ? -distance : distance;
    e.price = e.side == Side::buy ? kMiddle - away : kMiddle + 1 + away;
    if (kind <= 4) {
      e.kind = EventKind::level;
      e.qty = b2;
    } else if (kind <= 6) {
      e.kind = EventKind::trade;
      e.qty = b2 == 0 ? 1 : b2;
      if (b3 & 1) {  // between ticks: up to a tick above the level price, in sub-ticks
        e.flags = kSubTickPrice;
        e.price = e.price * kSubTicksPerTick + (b3 >> 1) * (kSubTicksPerTick / 128);
      }
    } else {
      e.kind = b3 & 2 ? EventKind::snapshot_begin : EventKind::snapshot_end;
      e.price = 0;
      e.qty = 0;
      e.side = Side::buy;
    }
    events.push_back(e);
  }
  return events;
}

/// What the strategy knows of one of its orders, kept by this harness from the requests it sent
/// and the updates it received.
struct Mirror {
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce tif = TimeInForce::gtc;
  Price limit = 0;  ///< at submit
  Price price = 0;  ///< at the venue, after acknowledged modifies
  Qty submitted = 0;
  Qty cap = 0;  ///< the largest total size the order may ever reach (submit + every modify)
  Qty leaves = 0;
  Qty filled = 0;
  bool terminal = false;
};

struct Script {
  std::span<const std::uint8_t> actions;
  std::size_t next = 0;
  bool check_crossed = true;
  std::vector<Mirror> orders;     // by id - 1
  std::vector<OrderUpdate> told;  // fills the strategy was told of, in order
  std::int64_t callbacks = 0;
};

/// What the runs exercised, printed at exit (a run that checks nothing proves nothing).
struct Coverage {
  std::int64_t runs = 0, events = 0, orders = 0, fills = 0, maker_fills = 0, bounded_by_trades = 0;
  ~Coverage() {
    std::fprintf(stderr,
                 "fuzz_engine coverage: %lld runs, %lld events, %lld orders, %lld fills checked "
                 "(%lld maker; %lld message/price groups of them bounded by the trades' size)\n",
                 static_cast<long long>(runs), static_cast<long long>(events),
                 static_cast<long long>(orders), static_cast<long long>(fills),
                 static_cast<long long>(maker_fills), static_cast<long long>(bounded_by_trades));
  }
};
Coverage coverage;

std::string order_text(OrderId id) {
  return "order " + std::to_string(id.value);
}

class ScriptedFlow {
 public:
  explicit ScriptedFlow(Script* script) : s_(script) {}

  void on_start(StrategyContext& c) { act(c); }
  void on_book(StrategyContext& c, const Event&) { act(c); }
  void on_trade(StrategyContext& c, const Event&) { act(c); }
  void on_timer(StrategyContext& c, TimerId) { act(c); }
  void on_finish(StrategyContext& c) { check_book(c); }

  void on_order_update(StrategyContext& c, const OrderUpdate& u) {
    TILT_FUZZ_CHECK(u.id.value >= 1 && u.id.value <= s_->orders.size(), order_text(u.id));
    Mirror& m = s_->orders[u.id.value - 1];
    const std::string what = order_text(u.id) + " " + std::string(to_string(u.kind));
    // Only the answer to a cancel or modify that crossed the order's end on the wire may follow it.
    TILT_FUZZ_CHECK(!m.terminal || u.kind == UpdateKind::cancel_rejected ||
                        u.kind == UpdateKind::modify_rejected,
                    what + " after a terminal update");
    TILT_FUZZ_CHECK(u.side == m.side, what);
    switch (u.kind) {
      case UpdateKind::accepted:
        TILT_FUZZ_CHECK(u.leaves == m.leaves, what + " leaves " + std::to_string(u.leaves));
        break;
      case UpdateKind::fill: {
        TILT_FUZZ_CHECK(u.qty > 0, what);
        TILT_FUZZ_CHECK(u.qty <= m.leaves, what + " of " + std::to_string(u.qty) + " > leaves " +
                                               std::to_string(m.leaves));
        m.leaves -= u.qty;
        m.filled += u.qty;
        TILT_FUZZ_CHECK(u.leaves == m.leaves, what + " reports leaves " + std::to_string(u.leaves) +
                                                  ", expected " + std::to_string(m.leaves));
        TILT_FUZZ_CHECK(m.filled <= m.cap, what + " filled beyond its size");
        if (u.liquidity == Liquidity::taker) {
          TILT_FUZZ_CHECK(m.tif != TimeInForce::post_only, what + ": a post-only order took");
          if (m.type == OrderType::limit) {
            TILT_FUZZ_CHECK(m.side == Side::buy ? u.price <= m.limit : u.price >= m.limit,
                            what + " at " + std::to_string(u.price) + " beyond its limit " +
                                std::to_string(m.limit));
          }
        } else {
          TILT_FUZZ_CHECK(m.type == OrderType::limit &&
                              (m.tif == TimeInForce::gtc || m.tif == TimeInForce::post_only),
                          what + ": an order that never rests made liquidity");
          TILT_FUZZ_CHECK(u.price == m.price, what + " at " + std::to_string(u.price) +
                                                  ", the order rests at " +
                                                  std::to_string(m.price));
        }
        if (m.leaves == 0) m.terminal = true;
        s_->told.push_back(u);
        break;
      }
      case UpdateKind::modified:
        TILT_FUZZ_CHECK(u.leaves > 0, what);
        m.leaves = u.leaves;
        m.price = u.price;
        TILT_FUZZ_CHECK(m.filled + m.leaves <= m.cap, what);
        break;
      case UpdateKind::cancelled:
        m.leaves = 0;
        m.terminal = true;
        break;
      case UpdateKind::rejected:
        TILT_FUZZ_CHECK(m.filled == 0, what + " after a fill");
        m.leaves = 0;
        m.terminal = true;
        break;
      case UpdateKind::cancel_rejected:
      case UpdateKind::modify_rejected:
        break;
    }
    if (m.terminal && m.tif == TimeInForce::fok) {
      TILT_FUZZ_CHECK(m.filled == 0 || m.filled == m.submitted,
                      what + ": a FOK order filled " + std::to_string(m.filled) + " of " +
                          std::to_string(m.submitted));
    }
    act(c);
  }

 private:
  void check_book(const StrategyContext& c) const {
    if (!s_->check_crossed) return;
    const auto bid = c.book().best(Side::buy);
    const auto ask = c.book().best(Side::sell);
    if (bid && ask) {
      TILT_FUZZ_CHECK(bid->price < ask->price, "the strategy's book is crossed or locked: bid " +
                                                   std::to_string(bid->price) + ", ask " +
                                                   std::to_string(ask->price));
    }
  }

  void act(StrategyContext& c) {
    ++s_->callbacks;
    check_book(c);
    if (s_->next + 4 > s_->actions.size()) return;
    const std::uint8_t* a = s_->actions.data() + s_->next;
    s_->next += 4;
    const int op = a[0] % 8;
    const Side side = a[1] & 1 ? Side::sell : Side::buy;
    const auto offset = static_cast<Price>(static_cast<std::int8_t>(a[2]));
    const Qty qty = 1 + a[3] % 32;
    if (op >= 1 && op <= 3) {
      const auto bid = c.book().best(Side::buy);
      const auto ask = c.book().best(Side::sell);
      Price touch = side == Side::buy ? (bid ? bid->price : kMiddle) : (ask ? ask->price : kMiddle);
      const auto tif = static_cast<TimeInForce>((a[1] >> 1) & 3);
      submit(c, side, OrderType::limit, tif, touch + offset % 8, qty);
    } else if (op == 7) {
      const TimeInForce tif = (a[1] >> 1) & 1 ? TimeInForce::fok : TimeInForce::ioc;
      submit(c, side, OrderType::market, tif, 0, qty);
    } else if (op == 4 || op == 5) {
      const auto working = c.working_orders();
      if (working.empty()) return;
      const OrderId id = working[(a[1] >> 1) % working.size()];
      Mirror& m = s_->orders[id.value - 1];
      if (op == 4 || m.type == OrderType::market) {
        (void)c.cancel(id);
      } else {
        const Price price = c.order(id).price + offset % 3;
        if (c.modify(id, price, qty) == RequestResult::sent) m.cap += qty;
      }
    } else if (op == 6) {
      c.set_timer_after(static_cast<Duration>(1 + a[2]) * 10 * kMicrosecond);
    }
  }

  void submit(StrategyContext& c, Side side, OrderType type, TimeInForce tif, Price price,
              Qty qty) {
    const OrderId id = c.submit(side, type, tif, price, qty);
    TILT_FUZZ_CHECK(id.value == s_->orders.size() + 1, order_text(id));
    Mirror m;
    m.side = side;
    m.type = type;
    m.tif = tif;
    m.limit = m.price = type == OrderType::market ? 0 : price;
    m.submitted = m.cap = m.leaves = qty;
    s_->orders.push_back(m);
  }

  Script* s_;
};

bool near_equal(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-9 * (scale + 1.0);
}

void check_accounts(const Instance& inst, const Script& script) {
  const Accountant& acc = inst.accountant();
  PositionState sum;
  std::vector<Qty> filled(script.orders.size(), 0);
  double scale = 0.0;
  for (const FillRecord& f : acc.fills()) {
    const std::string what = "fill of " + order_text(f.order_id);
    TILT_FUZZ_CHECK(f.qty > 0, what);
    TILT_FUZZ_CHECK(f.order_id.value >= 1 && f.order_id.value <= script.orders.size(), what);
    const Mirror& m = script.orders[f.order_id.value - 1];
    TILT_FUZZ_CHECK(f.side == m.side, what);
    filled[f.order_id.value - 1] += f.qty;
    TILT_FUZZ_CHECK(filled[f.order_id.value - 1] <= m.cap, what + ": filled beyond its size");
    sum.apply_fill(f.side, f.price, f.qty, f.liquidity, f.fee);
    TILT_FUZZ_CHECK(f.position_after == sum.position, what + ": position_after");
    scale += std::fabs(static_cast<double>(f.price) * static_cast<double>(f.qty));
  }
  const PositionState& p = acc.position();
  TILT_FUZZ_CHECK(p.position == sum.position, "accountant position");
  TILT_FUZZ_CHECK(p.cash == sum.cash, "accountant cash");
  TILT_FUZZ_CHECK(p.volume == sum.volume, "accountant volume");
  TILT_FUZZ_CHECK(p.maker_volume == sum.maker_volume, "accountant maker volume");
  TILT_FUZZ_CHECK(p.notional == sum.notional, "accountant notional");
  TILT_FUZZ_CHECK(p.fills == static_cast<std::int64_t>(acc.fills().size()), "accountant fills");
  TILT_FUZZ_CHECK(p.fees == sum.fees, "accountant fees");
  // realized + unrealized = equity - start cash, at any mark.
  const double mark = static_cast<double>(kMiddle);
  TILT_FUZZ_CHECK(near_equal(p.realized() + p.unrealized(mark),
                             p.equity(mark) - static_cast<double>(p.start_cash), scale),
                  "realized + unrealized != equity - start cash");

  // The strategy's view: the fills it was told of are the accountant's first ones, in order.
  TILT_FUZZ_CHECK(script.told.size() <= acc.fills().size(), "told of more fills than happened");
  PositionState known;
  for (std::size_t i = 0; i < script.told.size(); ++i) {
    const OrderUpdate& u = script.told[i];
    const FillRecord& f = acc.fills()[i];
    const std::string what = "told fill " + std::to_string(i);
    TILT_FUZZ_CHECK(u.id == f.order_id && u.price == f.price && u.qty == f.qty &&
                        u.side == f.side && u.liquidity == f.liquidity && u.fee == f.fee,
                    what);
    known.apply_fill(u.side, u.price, u.qty, u.liquidity, u.fee);
  }
  const PositionState& k = inst.known_position();
  TILT_FUZZ_CHECK(k.position == known.position && k.cash == known.cash &&
                      k.volume == known.volume && k.fees == known.fees,
                  "known position");
}

/// Maker fills per (message, side, price) against what the message's trades allow.
void check_maker_fills(const Accountant& acc, const std::vector<Event>& events,
                       bool sub_tick_fills) {
  struct Allowance {
    Qty traded = 0;    // printed at this price against orders of this side
    bool any = false;  // a trade through, crossing liquidity or a snapshot end: no bound
  };
  // key: (exch_ts, side of OUR order, price)
  std::map<std::tuple<Timestamp, int, Price>, Qty> made;
  for (const FillRecord& f : acc.fills()) {
    if (f.liquidity != Liquidity::maker) continue;
    ++coverage.maker_fills;
    made[{f.exch_ts, static_cast<int>(f.side), f.price}] += f.qty;
  }
  for (const auto& [key, qty] : made) {
    const auto [ts, side_index, price] = key;
    const Side ours = static_cast<Side>(side_index);
    Allowance allow;
    const auto first = std::lower_bound(events.begin(), events.end(), ts,
                                        [](const Event& e, Timestamp t) { return e.exch_ts < t; });
    for (auto it = first; it != events.end() && it->exch_ts == ts; ++it) {
      const Event& e = *it;
      if (e.kind == EventKind::snapshot_end) allow.any = true;
      if (e.side == ours) continue;  // only the other side's events reach our orders
      if (e.kind == EventKind::level) {
        if (crosses(ours, price, e.price)) allow.any = true;  // R8
        continue;
      }
      if (e.kind != EventKind::trade) continue;
      Price at = e.price;
      Qty size = e.qty;
      if (has_sub_tick_price(e)) {
        if (!sub_tick_fills) continue;
        const Price floor = e.price / kSubTicksPerTick - (e.price % kSubTicksPerTick < 0 ? 1 : 0);
        const bool on_tick = e.price % kSubTicksPerTick == 0;
        at = e.side == Side::sell || on_tick ? floor : floor + 1;
        size = 0;
      }
      if (at == price) {
        allow.traded += size;  // R5
      } else if (crosses(ours, price, at)) {
        allow.any = true;  // R7
      }
    }
    if (allow.any) continue;
    ++coverage.bounded_by_trades;
    TILT_FUZZ_CHECK(qty <= allow.traded, "maker fills of " + std::to_string(qty) + " at " +
                                             std::to_string(price) + " at exch_ts " +
                                             std::to_string(ts) + " but the trades printed " +
                                             std::to_string(allow.traded));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t o0 = data[0];
  const std::uint8_t o1 = data[1];
  const std::span<const std::uint8_t> rest(data + 2, size - 2);
  const std::size_t half = rest.size() / 2;
  const std::vector<Event> events = decode_events(rest.first(half));

  SimConfig sim_config;
  const CrossedPolicy policy = o0 & 16 ? CrossedPolicy::error : CrossedPolicy::repair;
  sim_config.exchange_book.crossed_policy = policy;
  sim_config.local_book.crossed_policy = policy;
  sim_config.fill_on_sub_tick_trades = (o0 & 32) != 0;
  if (o0 & 64) sim_config.feed_latency = 40 * kMicrosecond;

  InstanceConfig config;
  switch (o0 & 3) {
    case 0:
      config.matching.queue = RiskAverseQueue{};
      break;
    case 1:
      config.matching.queue = PowerProbQueue{{2.0}};
      break;
    case 2:
      config.matching.queue = LogProbQueue{};
      break;
    default:
      config.matching.queue = PowerProbQueue{{0.5}};
  }
  config.matching.partial_fills = (o0 & 4) == 0;
  config.matching.remember_consumed = (o0 & 8) != 0;
  config.latency = ConstantLatency{kLatency[o1 & 3], kLatency[(o1 >> 2) & 3]};
  const double maker = o1 & 32 ? -0.0001 : 0.0002;
  if (o1 & 16) {
    config.fees = PerLotFee{maker, 0.5};
  } else {
    config.fees = NotionalFee{maker, 0.0005};
  }

  Script script;
  script.actions = rest.subspan(half);
  script.check_crossed = policy == CrossedPolicy::repair;

  Simulator<ScriptedFlow> sim(sim_config);
  sim.add_instance(ScriptedFlow(&script), config);
  try {
    sim.run(std::span<const Event>(events));
  } catch (const BookError&) {
    // a snapshot end without its begin, or a crossed book under the error policy: a clear error
    return 0;
  }

  if (script.check_crossed) {
    const auto bid = sim.exchange_book().best(Side::buy);
    const auto ask = sim.exchange_book().best(Side::sell);
    if (bid && ask) {
      TILT_FUZZ_CHECK(bid->price < ask->price, "the exchange book ends crossed or locked");
    }
  }
  ++coverage.runs;
  coverage.events += static_cast<std::int64_t>(events.size());
  coverage.orders += static_cast<std::int64_t>(script.orders.size());
  coverage.fills += static_cast<std::int64_t>(sim.instance(0).accountant().fills().size());
  check_accounts(sim.instance(0), script);
  check_maker_fills(sim.instance(0).accountant(), events, sim_config.fill_on_sub_tick_trades);
  return 0;
}
