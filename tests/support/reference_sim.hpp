// An independent, deliberately simple reference simulator for comparing against tilt::Simulator.
//
// It implements the rules written in tilt/sim/matching.hpp, tilt/sim/event_queue.hpp (tie order)
// and the queue-model headers from their text, with none of the engine's machinery: NaiveBook for
// both books, every pending event in one vector scanned linearly for the next one, resting orders
// in one vector (both sides, queue order) scanned linearly, latency constant or looked up in
// recorded rows by a linear scan (the interpolation rule of latency.hpp's RecordedLatency, with
// the ordered sessions: a message waits for the one sent before it), no memory of consumed
// liquidity, the order states tracked by a plain switch with a "request in flight" flag. It shares
// only value types (Event, OrderUpdate, enums) with the engine. Clarity over speed: O(pending) per
// step.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "support/naive_book.hpp"
#include "tilt/sim/order.hpp"
#include "tilt/sim/order_state.hpp"

namespace tilt::testing {

/// One recorded round trip (req, exch, resp); exch <= 0 marks a rejected request.
struct ReferenceLatencyRow {
  Timestamp req = 0;
  Timestamp exch = 0;
  Timestamp resp = 0;
};

struct ReferenceConfig {
  Duration entry_latency = 0;
  Duration response_latency = 0;
  std::vector<ReferenceLatencyRow> recorded;  ///< when not empty, replaces the two constants
  bool partial_fills = true;
  double power = 0.0;  ///< 0 = risk-averse queue; > 0 = probabilistic with f(x) = x^power
  double maker_rate = 0.0;
  double taker_rate = 0.0;
};

struct ReferenceFill {
  Timestamp exch_ts;
  OrderId id;
  Side side;
  Price price;
  Qty qty;
  Liquidity liquidity;
};

struct ReferenceOrder {
  OrderId id;
  Side side;
  OrderType type;
  TimeInForce tif;
  Price price;
  Qty leaves;
  OrderState state;
  RequestAction in_flight = RequestAction::submit;  ///< submit = no cancel/modify in flight
};

template <typename Strategy>
class ReferenceSim {
 public:
  ReferenceSim(Strategy s, ReferenceConfig config) : strategy(std::move(s)), cfg(config) {}

  // --- the context the strategy sees ----------------------------------------------------------
  Timestamp now() const { return now_; }
  const NaiveBook& book() const { return local_; }
  const std::vector<OrderId>& working_orders() const { return working_; }
  const ReferenceOrder& order(OrderId id) const { return orders_[id.value - 1]; }
  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty) {
    const OrderId id{orders_.size() + 1};
    if (type == OrderType::market) price = 0;
    orders_.push_back({id, side, type, tif, price, qty, OrderState::pending_new});
    working_.push_back(id);
    send({RequestAction::submit, id, side, type, tif, price, qty});
    return id;
  }
  RequestResult cancel(OrderId id) {
    ReferenceOrder& o = orders_[id.value - 1];
    if (o.state == OrderState::filled || o.state == OrderState::cancelled ||
        o.state == OrderState::rejected) {
      return RequestResult::not_working;
    }
    if (o.in_flight != RequestAction::submit) return RequestResult::request_pending;
    o.in_flight = RequestAction::cancel;
    if (o.state == OrderState::open) o.state = OrderState::pending_cancel;
    send({RequestAction::cancel, id, o.side, o.type, o.tif, o.price, 0});
    return RequestResult::sent;
  }
  RequestResult modify(OrderId id, Price price, Qty leaves) {
    ReferenceOrder& o = orders_[id.value - 1];
    if (o.state == OrderState::filled || o.state == OrderState::cancelled ||
        o.state == OrderState::rejected) {
      return RequestResult::not_working;
    }
    if (o.in_flight != RequestAction::submit) return RequestResult::request_pending;
    o.in_flight = RequestAction::modify;
    if (o.state == OrderState::open) o.state = OrderState::pending_modify;
    send({RequestAction::modify, id, o.side, o.type, o.tif, price, leaves});
    return RequestResult::sent;
  }
  void set_timer_after(Duration d) {
    Item it;
    it.time = now_ + d;
    it.priority = 4;
    it.timer = TimerId{++timers_};
    push(it);
  }

  // --- the run --------------------------------------------------------------------------------
  void run(const std::vector<Event>& events) {
    std::vector<Timestamp> local_time(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      Timestamp t = std::max(events[i].local_ts, events[i].exch_ts);
      if (i > 0) t = std::max(t, local_time[i - 1]);
      local_time[i] = t;
    }
    // A venue message (events sharing an exch_ts) reaches the strategy whole, at the local time
    // of its last event.
    for (std::size_t i = events.size(); i-- > 1;) {
      if (events[i - 1].exch_ts == events[i].exch_ts) local_time[i - 1] = local_time[i];
    }
    const Timestamp end = events.empty() ? 0 : local_time.back();
    now_ = events.empty() ? 0 : local_time.front();  // on_start at the first local time
    strategy.on_start(*this);
    std::size_t ex = 0;
    std::size_t lo = 0;
    for (;;) {
      // Candidates: (time, priority); the pending vector is scanned for its smallest
      // (time, priority, sequence).
      Timestamp best_t = INT64_MAX;
      int best_p = 99;
      int which = -1;  // 0 exchange data, 1 local data, 2 pending[k]
      std::size_t k_best = 0;
      if (ex < events.size()) {
        best_t = events[ex].exch_ts;
        best_p = 0;
        which = 0;
      }
      if (lo < ex && (local_time[lo] < best_t || (local_time[lo] == best_t && 2 < best_p))) {
        best_t = local_time[lo];
        best_p = 2;
        which = 1;
      }
      for (std::size_t k = 0; k < pending_.size(); ++k) {
        const Item& it = pending_[k];
        const bool better = it.time < best_t || (it.time == best_t && it.priority < best_p) ||
                            (it.time == best_t && it.priority == best_p && which == 2 &&
                             it.sequence < pending_[k_best].sequence);
        if (better) {
          best_t = it.time;
          best_p = it.priority;
          which = 2;
          k_best = k;
        }
      }
      if (which < 0) break;
      if (which == 0) {
        exchange(events[ex]);
        ++ex;
        continue;
      }
      exchange_.end_message();  // anything else happens between messages
      if (which == 1) {
        // The whole message: applied to the local book, then its trades, then one on_book.
        const std::size_t first = lo;
        while (lo < ex && events[lo].exch_ts == events[first].exch_ts) ++lo;
        now_ = local_time[first];
        for (std::size_t i = first; i < lo; ++i) local_.apply(events[i]);
        local_.end_message();
        std::size_t last_book = lo;
        for (std::size_t i = first; i < lo; ++i) {
          Event e = events[i];
          e.local_ts = now_;
          if (e.kind == EventKind::trade) {
            strategy.on_trade(*this, e);
          } else {
            last_book = i;
          }
        }
        if (last_book < lo) {
          Event e = events[last_book];
          e.local_ts = now_;
          strategy.on_book(*this, e);
        }
      } else {
        if (ex == events.size() && lo == events.size() && pending_[k_best].time > end) break;
        const Item it = pending_[k_best];
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(k_best));
        handle(it);
      }
    }
  }

  Strategy strategy;
  ReferenceConfig cfg;
  std::vector<ReferenceFill> fills;  ///< as the venue made them
  Qty position = 0;                  ///< venue side
  std::int64_t cash = 0;
  double fees = 0.0;
  Qty known_position = 0;  ///< strategy side, from fill updates
  std::int64_t known_cash = 0;
  std::int64_t held_requests = 0;   ///< requests an ordered session held behind an earlier one
  std::int64_t held_responses = 0;  ///< likewise, answers
  std::int64_t shared_trades = 0;   ///< trades that reached two or more of our orders

 private:
  struct Item {
    Timestamp time = 0;
    int priority = 0;  // 1 arrival, 3 response, 4 timer
    std::uint64_t sequence = 0;
    OrderRequest request;
    Duration ack_latency = 0;  // arrival: response latency drawn when the request was sent
    OrderUpdate update;
    TimerId timer;
  };
  struct Resting {
    OrderId id;
    Side side;
    Price price;
    Qty leaves;
    Qty ahead;
    Qty traded;
  };

  void push(Item it) {
    it.sequence = sequence_++;
    pending_.push_back(it);
  }
  // Recorded latency: the last row with req <= t, or the first row.
  std::size_t row_at(Timestamp t) const {
    std::size_t i = 0;
    for (std::size_t k = 0; k < cfg.recorded.size(); ++k) {
      if (cfg.recorded[k].req <= t) i = k;
    }
    return i;
  }
  static bool refused(const ReferenceLatencyRow& r) { return r.exch <= 0; }
  static Duration blend(Duration a, Duration b, Timestamp t, const ReferenceLatencyRow& r,
                        const ReferenceLatencyRow& s) {
    const double w = static_cast<double>(t - r.req) / static_cast<double>(s.req - r.req);
    return static_cast<Duration>(
        std::llround((1.0 - w) * static_cast<double>(a) + w * static_cast<double>(b)));
  }
  /// Response latency of an update produced at venue time t.
  Duration response_at(Timestamp t) const {
    if (cfg.recorded.empty()) return cfg.response_latency;
    const auto& rows = cfg.recorded;
    const std::size_t i = row_at(t);
    std::size_t j = i;
    while (j > 0 && refused(rows[j])) --j;
    if (refused(rows[j])) {
      j = i;
      while (j + 1 < rows.size() && refused(rows[j])) ++j;
      if (refused(rows[j])) return rows[i].resp - rows[i].req;
    }
    Duration d = rows[j].resp - rows[j].exch;
    if (j == i && i + 1 < rows.size() && !refused(rows[i + 1]) && t > rows[i].req) {
      d = blend(d, rows[i + 1].resp - rows[i + 1].exch, t, rows[i], rows[i + 1]);
    }
    return d;
  }
  void send(const OrderRequest& r) {
    Duration entry = cfg.entry_latency;
    Duration ack = cfg.response_latency;
    if (!cfg.recorded.empty()) {
      const auto& rows = cfg.recorded;
      const std::size_t i = row_at(now_);
      const ReferenceLatencyRow& row = rows[i];
      if (refused(row)) {  // the latency data refuses it: only the refusal comes back
        const UpdateKind kind = r.action == RequestAction::submit   ? UpdateKind::rejected
                                : r.action == RequestAction::cancel ? UpdateKind::cancel_rejected
                                                                    : UpdateKind::modify_rejected;
        OrderUpdate u = update(kind, r.id, r.side, r.price, 0);
        u.reason = RejectReason::latency_reject;
        queue_response(u, now_ + (row.resp - row.req));
        return;
      }
      entry = row.exch - row.req;
      ack = row.resp - row.exch;
      if (i + 1 < rows.size() && !refused(rows[i + 1]) && now_ > row.req) {
        entry = blend(entry, rows[i + 1].exch - rows[i + 1].req, now_, row, rows[i + 1]);
        ack = blend(ack, rows[i + 1].resp - rows[i + 1].exch, now_, row, rows[i + 1]);
      }
    }
    Item it;
    held_requests += now_ + entry < last_arrival_ ? 1 : 0;
    it.time = std::max(now_ + entry, last_arrival_);  // a request never overtakes an earlier one
    last_arrival_ = it.time;
    it.priority = 1;
    it.request = r;
    it.ack_latency = ack;
    push(it);
  }
  void queue_response(OrderUpdate u, Timestamp at) {
    held_responses += at < last_response_ ? 1 : 0;
    u.local_ts = std::max(at, last_response_);  // an answer never overtakes an earlier one
    last_response_ = u.local_ts;
    Item it;
    it.time = u.local_ts;
    it.priority = 3;
    it.update = u;
    push(it);
  }
  void respond(OrderUpdate u, Timestamp at) { respond(u, at, response_at(at)); }
  void respond(OrderUpdate u, Timestamp at, Duration latency) {
    if (u.kind == UpdateKind::fill) {
      fills.push_back({at, u.id, u.side, u.price, u.qty, u.liquidity});
      const double rate = u.liquidity == Liquidity::maker ? cfg.maker_rate : cfg.taker_rate;
      u.fee = rate * static_cast<double>(u.price) * static_cast<double>(u.qty);
      position += u.side == Side::buy ? u.qty : -u.qty;
      cash -= (u.side == Side::buy ? 1 : -1) * u.price * u.qty;
      fees += u.fee;
    }
    u.exch_ts = at;
    queue_response(u, at + latency);
  }
  OrderUpdate update(UpdateKind kind, OrderId id, Side side, Price price, Qty leaves) {
    OrderUpdate u;
    u.kind = kind;
    u.id = id;
    u.side = side;
    u.price = price;
    u.leaves = leaves;
    return u;
  }

  void handle(const Item& it) {
    now_ = it.time;
    if (it.priority == 1) {
      ack_latency_ = it.ack_latency;
      arrive(it.request, it.time);
    } else if (it.priority == 3) {
      receive(it.update);
      strategy.on_order_update(*this, it.update);
    } else {
      strategy.on_timer(*this, it.timer);
    }
  }

  // Strategy-side bookkeeping.
  void receive(const OrderUpdate& u) {
    ReferenceOrder& o = orders_[u.id.value - 1];
    switch (u.kind) {
      case UpdateKind::accepted:
        o.state = o.in_flight == RequestAction::cancel   ? OrderState::pending_cancel
                  : o.in_flight == RequestAction::modify ? OrderState::pending_modify
                                                         : OrderState::open;
        break;
      case UpdateKind::rejected:
        o.state = OrderState::rejected;
        break;
      case UpdateKind::fill:
        o.leaves = u.leaves;
        if (u.leaves == 0) o.state = OrderState::filled;
        known_position += u.side == Side::buy ? u.qty : -u.qty;
        known_cash -= (u.side == Side::buy ? 1 : -1) * u.price * u.qty;
        break;
      case UpdateKind::cancelled:
        o.state = OrderState::cancelled;
        if (o.in_flight == RequestAction::cancel) o.in_flight = RequestAction::submit;
        break;
      case UpdateKind::cancel_rejected:
        if (o.state == OrderState::pending_cancel) o.state = OrderState::open;
        if (o.in_flight == RequestAction::cancel) o.in_flight = RequestAction::submit;
        break;
      case UpdateKind::modified:
        o.state = OrderState::open;
        o.price = u.price;
        o.leaves = u.leaves;
        o.in_flight = RequestAction::submit;
        break;
      case UpdateKind::modify_rejected:
        if (o.state == OrderState::pending_modify) o.state = OrderState::open;
        if (o.in_flight == RequestAction::modify) o.in_flight = RequestAction::submit;
        break;
    }
    const bool terminal = o.state == OrderState::filled || o.state == OrderState::cancelled ||
                          o.state == OrderState::rejected;
    const auto pos = std::find(working_.begin(), working_.end(), o.id);
    if (terminal && pos != working_.end()) working_.erase(pos);
  }

  // Venue side.
  static bool crossing(Side side, Price ours, Price theirs) {
    return side == Side::buy ? ours >= theirs : ours <= theirs;
  }
  void queue_level_change(Resting& o, Qty before, Qty after) {
    const Qty traded = o.traded;
    o.traded = 0;
    if (cfg.power <= 0.0) {
      o.ahead = std::min(o.ahead, after);
      return;
    }
    const Qty d = before - after - traded;
    if (d <= 0) {
      o.ahead = std::min(o.ahead, after);
      return;
    }
    const double a = static_cast<double>(o.ahead);
    const double b = std::max(0.0, static_cast<double>(before - traded) - a);
    const double fa = std::pow(a, cfg.power);
    const double fb = std::pow(b, cfg.power);
    const double p = fa + fb > 0 ? fb / (fa + fb) : 1.0;
    const double behind = p * static_cast<double>(d);
    const double front = (1.0 - p) * static_cast<double>(d) + std::max(0.0, behind - b);
    o.ahead = std::clamp<Qty>(o.ahead - static_cast<Qty>(std::llround(front)), 0, after);
  }
  void exchange(const Event& e) {
    const Qty before = e.kind == EventKind::level ? exchange_.qty_at(e.side, e.price) : 0;
    exchange_.apply(e);
    if (e.kind == EventKind::level) {
      for (std::size_t i = 0; i < resting_.size();) {
        Resting& o = resting_[i];
        if (o.side == e.side && o.price == e.price) {
          queue_level_change(o, before, e.size());
        } else if (o.side != e.side && crossing(o.side, o.price, e.price) && e.size() > before &&
                   !exchange_.in_snapshot()) {
          fill_resting(i, o.leaves, e.exch_ts);
          continue;
        }
        ++i;
      }
    } else if (e.kind == EventKind::trade) {
      // Ours at the trade's price share it in queue order: each gets what is left after its
      // public queue ahead and after what reached our orders in front of it.
      Qty reached_ours = 0;
      int reached_orders = 0;
      for (std::size_t i = 0; i < resting_.size();) {
        Resting& o = resting_[i];
        if (o.side != e.side && o.price == e.price) {
          o.traded += e.size();
          const Qty past_public = std::max<Qty>(e.size() - o.ahead, 0);
          o.ahead = std::max<Qty>(o.ahead - e.size(), 0);
          const Qty reach = std::clamp<Qty>(past_public - reached_ours, 0, o.leaves);
          reached_ours += reach;
          reached_orders += reach > 0 ? 1 : 0;
          const Qty fill = cfg.partial_fills || reach == o.leaves ? reach : 0;
          if (fill > 0 && fill_resting(i, fill, e.exch_ts)) continue;
        } else if (o.side != e.side && crossing(o.side, o.price, e.price)) {
          fill_resting(i, o.leaves, e.exch_ts);
          continue;
        }
        ++i;
      }
      shared_trades += reached_orders >= 2 ? 1 : 0;
    }
  }
  bool fill_resting(std::size_t i, Qty qty, Timestamp at) {
    Resting& o = resting_[i];
    o.leaves -= qty;
    OrderUpdate u = update(UpdateKind::fill, o.id, o.side, o.price, o.leaves);
    u.qty = qty;
    u.liquidity = Liquidity::maker;
    const bool done = o.leaves == 0;
    if (done) resting_.erase(resting_.begin() + static_cast<std::ptrdiff_t>(i));
    respond(u, at);
    return done;
  }
  std::vector<Level> opposite_levels(Side side) const {
    std::vector<Level> out;
    exchange_.for_each_level(opposite(side), [&](const Level& l) { out.push_back(l); });
    return out;
  }
  void arrive(const OrderRequest& r, Timestamp at) {
    auto it = std::find_if(resting_.begin(), resting_.end(),
                           [&](const Resting& o) { return o.id == r.id; });
    if (r.action == RequestAction::cancel) {
      if (it == resting_.end()) {
        OrderUpdate u = update(UpdateKind::cancel_rejected, r.id, r.side, r.price, 0);
        u.reason = RejectReason::not_open;
        respond(u, at, ack_latency_);
      } else {
        const OrderUpdate u = update(UpdateKind::cancelled, r.id, it->side, it->price, 0);
        resting_.erase(it);
        respond(u, at, ack_latency_);
      }
      return;
    }
    const std::vector<Level> levels = opposite_levels(r.side);
    if (r.action == RequestAction::modify) {
      if (it == resting_.end() ||
          (!levels.empty() && crossing(it->side, r.price, levels[0].price))) {
        OrderUpdate u = update(UpdateKind::modify_rejected, r.id, r.side, r.price, 0);
        u.reason = it == resting_.end() ? RejectReason::not_open : RejectReason::would_cross;
        if (it != resting_.end()) {
          u.price = it->price;
          u.leaves = it->leaves;
        }
        respond(u, at, ack_latency_);
        return;
      }
      const bool to_back = r.price != it->price || r.qty > it->leaves;
      Resting moved = *it;
      moved.price = r.price;
      moved.leaves = r.qty;
      if (to_back) {  // behind the public queue and behind ours at the new price
        moved.ahead = exchange_.qty_at(moved.side, r.price);
        moved.traded = 0;
        resting_.erase(it);
        resting_.push_back(moved);
      } else {
        *it = moved;
      }
      respond(update(UpdateKind::modified, r.id, moved.side, r.price, r.qty), at, ack_latency_);
      return;
    }
    const bool market = r.type == OrderType::market;
    const bool crosses_now =
        market || (!levels.empty() && crossing(r.side, r.price, levels[0].price));
    if (r.tif == TimeInForce::post_only && crosses_now) {
      OrderUpdate u = update(UpdateKind::rejected, r.id, r.side, r.price, 0);
      u.reason = RejectReason::would_cross;
      respond(u, at, ack_latency_);
      return;
    }
    respond(update(UpdateKind::accepted, r.id, r.side, r.price, r.qty), at, ack_latency_);
    Qty left = r.qty;
    if (crosses_now) {
      Qty available = 0;
      for (const Level& l : levels) {
        if (market || crossing(r.side, r.price, l.price)) available += l.qty;
      }
      if (r.tif != TimeInForce::fok || available >= r.qty) {
        for (const Level& l : levels) {
          if (left == 0 || !(market || crossing(r.side, r.price, l.price))) break;
          const Qty take = std::min(left, l.qty);
          left -= take;
          OrderUpdate u = update(UpdateKind::fill, r.id, r.side, l.price, left);
          u.qty = take;
          u.liquidity = Liquidity::taker;
          respond(u, at, ack_latency_);
        }
      }
    }
    if (left == 0) return;
    if (market || r.tif == TimeInForce::ioc || r.tif == TimeInForce::fok) {
      respond(update(UpdateKind::cancelled, r.id, r.side, r.price, 0), at, ack_latency_);
      return;
    }
    resting_.push_back({r.id, r.side, r.price, left, exchange_.qty_at(r.side, r.price), 0});
  }

  NaiveBook exchange_;
  NaiveBook local_;
  Duration ack_latency_ = 0;  // of the request being handled
  Timestamp last_arrival_ = INT64_MIN;
  Timestamp last_response_ = INT64_MIN;
  Timestamp now_ = 0;
  std::vector<Item> pending_;
  std::uint64_t sequence_ = 0;
  std::uint64_t timers_ = 0;
  std::vector<ReferenceOrder> orders_;
  std::vector<OrderId> working_;
  std::vector<Resting> resting_;
};

}  // namespace tilt::testing
