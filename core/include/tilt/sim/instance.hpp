// One strategy instance inside a simulation: its venue-side state (resting orders and queue
// positions, latency model, fees, the accountant on the exchange clock) and its strategy-side
// state (the orders as the strategy knows them, the position it has been told about).
//
// The two sides meet only through the EventQueue: a request becomes an `order_arrival` event at
// the venue after the entry latency; every venue update becomes an `order_response` event at the
// strategy after the response latency. Both directions are ordered sessions (latency.hpp): a
// message never overtakes an earlier one of the same instance and direction. Instances never touch
// each other, which is why one replay can drive many of them and each gets exactly the result it
// would get alone.
//
// Requests in flight: a cancel or modify may be sent while its order is pending_new (it arrives
// after the order). One cancel or modify per order waits for its answer at a time; a request that
// cannot be sent now returns a RequestResult other than `sent` (order.hpp) and changes nothing,
// and can_cancel / can_modify (context.hpp) say so beforehand. Only requests that make no sense
// (unknown id, size <= 0, modify of a market order) and transitions outside order_state.hpp's
// table throw OrderError.
//
// Order storage: the orders that can still change (live_, live_orders.hpp) by id. An order leaves
// it once it can change no more (terminal, no request awaiting its answer). Without a RunHistory
// it moves to kept_ (every order, by id); with one (history.hpp) it is handed to the history and
// only the finished orders among the last kRecentFinished ids stay readable, plus the final state
// of each client tag's latest order (by_tag_: find_order(tag) always answers), so memory follows
// the orders live at once and the number of distinct tags, not the orders of the run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <unordered_map>
#include <vector>

#include "tilt/book/order_book.hpp"
#include "tilt/instrument.hpp"
#include "tilt/sim/accountant.hpp"
#include "tilt/sim/event_queue.hpp"
#include "tilt/sim/fees.hpp"
#include "tilt/sim/history.hpp"
#include "tilt/sim/latency.hpp"
#include "tilt/sim/live_orders.hpp"
#include "tilt/sim/matching.hpp"
#include "tilt/sim/order_state.hpp"
#include "tilt/sim/strategy_services.hpp"

namespace tilt {

struct InstanceConfig {
  LatencyModel latency = ConstantLatency{};
  MatchingConfig matching;
  FeeModel fees = NotionalFee{};
  AccountingConfig accounting;
  Instrument instrument;  ///< what the strategy reads through its context (fees as configured)
  /// Receives finished orders and marked-out fills, which are then not kept (null: keep all).
  RunHistory* history = nullptr;
};

/// An order as the strategy knows it (updated when responses arrive, at local time).
/// One cache line (the five one-byte fields sit together): a market maker's table holds hundreds
/// of thousands of these.
struct Order {
  OrderId id;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce tif = TimeInForce::gtc;
  OrderState state = OrderState::pending_new;
  RejectReason reason = RejectReason::none;       ///< of the last rejection
  PendingRequest pending = PendingRequest::none;  ///< cancel/modify sent, not yet answered
  Price price = 0;  ///< current limit price (after acknowledged modifies); 0 for market orders
  Qty qty = 0;      ///< total size: filled + leaves (+ what was cancelled)
  Qty leaves = 0;   ///< working at the venue, as last reported
  Qty filled = 0;
  Timestamp submitted = 0;  ///< local time sent
  Timestamp updated = 0;    ///< local time of the last update
};
static_assert(sizeof(Order) == 64);

struct OrderCounts {
  std::int64_t submitted = 0;
  std::int64_t rejected = 0;
  std::int64_t cancel_requests = 0;
  std::int64_t cancelled = 0;  ///< orders that ended cancelled (by request or expiry)
  std::int64_t modify_requests = 0;
  std::int64_t timers = 0;
  Qty submitted_qty = 0;  ///< lots, Σ order sizes
  Qty filled_qty = 0;     ///< lots, as known to the strategy
};

/// Accountant summary plus the order statistics only the strategy side knows.
struct InstanceSummary {
  AccountSummary account;
  OrderCounts orders;
  double fill_ratio = 0.0;  ///< filled lots / submitted lots
};

class Instance {
 public:
  Instance(std::uint32_t index, InstanceConfig config);

  std::uint32_t index() const { return index_; }
  const InstanceConfig& config() const { return config_; }

  // --- strategy side (called through StrategyContext at local time `now`) ---------------------
  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty, Timestamp now,
                 EventQueue& queue);
  /// Sends a cancel unless the order is finished or has a request pending (see the top).
  RequestResult cancel(OrderId id, Timestamp now, EventQueue& queue);
  /// Sends a modify unless the order is finished or has a request pending (see the top).
  /// Throws OrderError for leaves <= 0 or a market order.
  RequestResult modify(OrderId id, Price price, Qty leaves, Timestamp now, EventQueue& queue);
  /// What cancel(id) or modify(id, ...) would return now, without sending anything.
  RequestResult request_check(OrderId id) const {
    if (const Order* o = live_.find(id.value)) return check(*o);
    if (id.value - 1 >= issued_) unknown_order(id, OrderEvent::cancel_request);
    return RequestResult::not_working;  // finished, kept or not
  }
  /// A timer at local time max(at, now); `interval` > 0 repeats it every interval after that.
  TimerId set_timer(Timestamp at, Timestamp now, EventQueue& queue, std::uint64_t payload = 0,
                    Duration interval = 0);
  /// A timer event is due: false when it was cancelled (nothing to deliver); re-arms a repeating
  /// timer. StrategyServices::current_timer() is then the timer being delivered.
  bool fire_timer(const PendingTimer& timer, EventQueue& queue);
  /// Applies a venue update that has reached the strategy (state machine, known position).
  void on_response(const OrderUpdate& update);

  /// Throws OrderError for an id this instance never issued, and with a history for a finished
  /// order no longer kept (older than the last kRecentFinished ids and not its client tag's
  /// latest order; see the top).
  const Order& order(OrderId id) const;
  /// Without a history: every order by id (orders()[id - 1]), finished ones as they finish and
  /// the live ones once finish() has run. With one: empty.
  std::span<const Order> orders() const { return kept_; }
  /// Live orders (those that can still change), in no particular order.
  template <class Fn>
  void for_each_live(Fn&& fn) const {
    live_.for_each(fn);
  }
  /// The last id issued (ids are 1, 2, ... in submission order).
  std::uint64_t last_id() const { return issued_; }
  /// With a history, finished orders among the last this many ids stay readable through order().
  static constexpr std::uint64_t kRecentFinished = 4096;
  /// Ids of orders not yet in a terminal state, in submission order.
  std::span<const OrderId> working() const { return working_; }
  /// Position and cash as the strategy has been told (fills that reached it).
  const PositionState& known_position() const { return known_; }
  const OrderCounts& counts() const { return counts_; }
  /// Client tags, live timers, the strategy's log and metrics (strategy_services.hpp).
  StrategyServices& services() { return services_; }
  const StrategyServices& services() const { return services_; }

  // --- venue side (exchange clock) ------------------------------------------------------------
  void advance_to(Timestamp t, const OrderBook& book) { account_.advance_to(t, book); }
  /// A request reaches the venue at time `now`.
  void on_arrival(const OrderArrival& arrival, Timestamp now, const OrderBook& book,
                  EventQueue& queue);
  /// After `book` applied market-data event `e`; `before` = the level's size before it.
  void on_market(const Event& e, Qty before, const OrderBook& book, EventQueue& queue) {
    switch (e.kind) {
      case EventKind::level:
        venue_.on_level(e, before, book.in_snapshot(), scratch_);
        break;
      case EventKind::trade:
        venue_.on_trade(e, scratch_);
        break;
      case EventKind::snapshot_begin:
        venue_.on_snapshot_begin();
        break;
      case EventKind::snapshot_end:
        break;
    }
    if (!scratch_.empty()) [[unlikely]]
      dispatch(e.exch_ts, -1, book, queue);
  }
  /// Closes the accountant at `end`; without a history also copies the live orders into orders().
  void finish(Timestamp end, const OrderBook& book);

  const Venue& venue() const { return venue_; }
  const Accountant& accountant() const { return account_; }
  InstanceSummary summary(const Instrument& instrument) const;

 private:
  Order& order_ref(OrderId id, OrderEvent event);
  static RequestResult check(const Order& o) {
    if (is_terminal(o.state)) return RequestResult::not_working;
    return o.pending == PendingRequest::none ? RequestResult::sent : RequestResult::request_pending;
  }
  /// Queues a request's arrival at the venue (or, rarely, its latency rejection).
  /// The fields come as values, not from the Order: submit has just written that Order byte by
  /// byte, and reading two of those bytes back as one load stalls (store forwarding).
  void send(RequestAction action, OrderId id, Side side, OrderType type, TimeInForce tif,
            Price price, Qty qty, Timestamp now, EventQueue& queue);
  /// send() when the latency data rejects the request (RecordedLatency only).
  [[gnu::cold]] void send_rejected(const OrderRequest& request, Timestamp now, Duration response,
                                   EventQueue& queue);
  [[noreturn, gnu::cold]] static void unknown_order(OrderId id, OrderEvent event);
  /// A finished order still kept (kept_ or recent_), else null.
  const Order* find_finished(OrderId id) const;
  /// order(id) for an id that is not live: find_finished, else OrderError.
  [[gnu::cold]] const Order& finished_order(OrderId id) const;
  /// `o` (live) can change no more: to the history or kept_, out of live_.
  void retire(Order& o);
  /// With a history: `o` (finished, tagged `tag`) into by_tag_ if it is the tag's latest order.
  void keep_tagged(const Order& o, ClientTag tag);
  /// An update for an order with a cancel or modify in flight: the ack hands the order on to
  /// pending_cancel/pending_modify; that request's answer clears it (and only the answer: an
  /// order's retirement waits for it, see retire()).
  static void on_pending_answer(Order& o, UpdateKind kind);
  /// modify() with leaves <= 0 or on a market order.
  [[noreturn, gnu::cold]] static void invalid_modify(const Order& o, Qty leaves);
  /// modify() of an id not live: checked as a live one would be when still kept, then
  /// not_working (OrderError for an id never issued).
  RequestResult modify_finished(OrderId id, Qty leaves) const;
  [[noreturn, gnu::cold]] void invalid_submit(OrderId id, OrderType type, TimeInForce tif,
                                              Qty qty) const;
  /// Accounts the fills in scratch_ and queues every update back to the strategy.
  /// `response` < 0 means "ask the latency model for the time `now`".
  void dispatch(Timestamp now, Duration response, const OrderBook& book, EventQueue& queue);

  std::uint32_t index_;
  InstanceConfig config_;
  Venue venue_;
  Accountant account_;
  PositionState known_;
  LiveOrders<Order> live_;
  std::vector<Order> kept_;    ///< no history: kept_[id - 1], every finished order
  std::vector<Order> recent_;  ///< history: finished orders at id % kRecentFinished
  /// History: the final state of each tag's latest order once it has finished (one per tag).
  std::unordered_map<ClientTag, Order> by_tag_;
  std::uint64_t issued_ = 0;  ///< ids issued so far
  std::vector<OrderId> working_;
  std::vector<OrderUpdate> scratch_;
  OrderCounts counts_;
  StrategyServices services_;
  /// Ordered sessions: the latest arrival time queued in each direction.
  Timestamp last_arrival_ = std::numeric_limits<Timestamp>::min();
  Timestamp last_response_ = std::numeric_limits<Timestamp>::min();
};

// The per-order path (submit, cancel, arrival, updates, responses) is inline: it runs four or more
// times per order inside the simulator's loop. Error paths are out of line (instance.cpp).

inline Order& Instance::order_ref(OrderId id, OrderEvent event) {
  Order* o = live_.find(id.value);
  if (o == nullptr) [[unlikely]]
    unknown_order(id, event);  // also id 0, and a finished order (nothing may change it)
  return *o;
}

inline const Order& Instance::order(OrderId id) const {
  if (const Order* o = live_.find(id.value)) [[likely]]
    return *o;
  return finished_order(id);
}

inline void Instance::send(RequestAction action, OrderId id, Side side, OrderType type,
                           TimeInForce tif, Price price, Qty qty, Timestamp now,
                           EventQueue& queue) {
  const EntryLatency latency = entry_latency(config_.latency, now);
  if (latency.rejected) [[unlikely]] {
    send_rejected({action, id, side, type, tif, price, qty}, now, latency.response, queue);
    return;
  }
  // FIFO session: a request never overtakes an earlier one (latency.hpp).
  last_arrival_ = std::max(now + latency.entry, last_arrival_);
  OrderArrival& arrival = queue.push_arrival(last_arrival_, index_);
  arrival.request.action = action;
  arrival.request.id = id;
  arrival.request.side = side;
  arrival.request.type = type;
  arrival.request.tif = tif;
  arrival.request.price = price;
  arrival.request.qty = qty;
  arrival.ack_latency = latency.response;
}

inline OrderId Instance::submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty,
                                Timestamp now, EventQueue& queue) {
  const OrderId id{issued_ + 1};
  if (qty <= 0 || (type == OrderType::market && tif == TimeInForce::post_only)) [[unlikely]]
    invalid_submit(id, type, tif, qty);
  if (type == OrderType::market) price = 0;
  ++issued_;
  Order& o = live_.insert(id.value);
  o.side = side;
  o.type = type;
  o.tif = tif;
  o.price = price;
  o.qty = qty;
  o.leaves = qty;
  o.submitted = now;
  o.updated = now;
  working_.push_back(id);
  ++counts_.submitted;
  counts_.submitted_qty += qty;
  send(RequestAction::submit, id, side, type, tif, price, qty, now, queue);
  return id;
}

inline RequestResult Instance::cancel(OrderId id, Timestamp now, EventQueue& queue) {
  Order* found = live_.find(id.value);
  if (found == nullptr) [[unlikely]]
    return request_check(id);  // finished: not_working; never issued: OrderError
  Order& o = *found;
  const RequestResult result = check(o);
  if (result != RequestResult::sent) [[unlikely]]
    return result;
  o.state = next_state(id, o.state, OrderEvent::cancel_request);
  o.pending = PendingRequest::cancel;
  ++counts_.cancel_requests;
  send(RequestAction::cancel, id, o.side, o.type, o.tif, o.price, 0, now, queue);
  return result;
}

inline RequestResult Instance::modify(OrderId id, Price price, Qty leaves, Timestamp now,
                                      EventQueue& queue) {
  Order* found = live_.find(id.value);
  if (found == nullptr) [[unlikely]]
    return modify_finished(id, leaves);
  Order& o = *found;
  if (leaves <= 0 || o.type == OrderType::market) [[unlikely]]
    invalid_modify(o, leaves);
  const RequestResult result = check(o);
  if (result != RequestResult::sent) [[unlikely]]
    return result;
  o.state = next_state(id, o.state, OrderEvent::modify_request);
  o.pending = PendingRequest::modify;
  ++counts_.modify_requests;
  send(RequestAction::modify, id, o.side, o.type, o.tif, price, leaves, now, queue);
  return result;
}

inline TimerId Instance::set_timer(Timestamp at, Timestamp now, EventQueue& queue,
                                   std::uint64_t payload, Duration interval) {
  const TimerId timer = services_.arm_timer();
  ++counts_.timers;
  const Timestamp when = at > now ? at : now;
  queue.push_timer(when, index_, PendingTimer{timer, payload, when, interval > 0 ? interval : 0});
  return timer;
}

inline bool Instance::fire_timer(const PendingTimer& timer, EventQueue& queue) {
  if (!services_.fire_timer(timer)) return false;
  if (timer.interval > 0) {
    const Timestamp next = timer.scheduled + timer.interval;
    queue.push_timer(next, index_, PendingTimer{timer.id, timer.payload, next, timer.interval});
  }
  return true;
}

inline void Instance::on_response(const OrderUpdate& u) {
  const OrderEvent event = event_of(u.kind);
  Order& o = order_ref(u.id, event);
  o.state = next_state(u.id, o.state, event, u.leaves);
  o.updated = u.local_ts;
  if (o.pending != PendingRequest::none) [[unlikely]]
    on_pending_answer(o, u.kind);
  switch (u.kind) {
    case UpdateKind::fill:
      o.filled += u.qty;
      o.leaves = u.leaves;
      counts_.filled_qty += u.qty;
      known_.apply_fill(u.side, u.price, u.qty, u.liquidity, u.fee);
      break;
    case UpdateKind::modified:
      o.price = u.price;
      o.leaves = u.leaves;
      o.qty = o.filled + o.leaves;
      break;
    case UpdateKind::cancelled:
      o.leaves = 0;
      ++counts_.cancelled;
      break;
    case UpdateKind::rejected:
      o.leaves = 0;
      o.reason = u.reason;
      ++counts_.rejected;
      break;
    case UpdateKind::cancel_rejected:
    case UpdateKind::modify_rejected:
      o.reason = u.reason;
      break;
    case UpdateKind::accepted:
      break;
  }
  if (is_terminal(o.state)) {
    // working_ is short (the orders in flight) and kept in submission order.
    const auto it = std::find(working_.begin(), working_.end(), o.id);
    if (it != working_.end()) working_.erase(it);
    if (o.pending == PendingRequest::none) retire(o);  // no answer can still come
  }
}

inline void Instance::retire(Order& o) {
  if (config_.history != nullptr) {
    config_.history->order_done(o, *this);
    if (recent_.empty()) [[unlikely]]
      recent_.resize(kRecentFinished);
    recent_[o.id.value % kRecentFinished] = o;
    if (const ClientTag tag = services_.tag_of(o.id); tag != 0) [[unlikely]]
      keep_tagged(o, tag);
  } else {
    if (kept_.size() < o.id.value) kept_.resize(o.id.value);
    kept_[o.id.value - 1] = o;
  }
  live_.erase(&o);
}

inline void Instance::on_arrival(const OrderArrival& arrival, Timestamp now, const OrderBook& book,
                                 EventQueue& queue) {
  venue_.on_request(arrival.request, book, now, scratch_);
  dispatch(now, arrival.ack_latency, book, queue);
}

inline void Instance::dispatch(Timestamp now, Duration response, const OrderBook& book,
                               EventQueue& queue) {
  if (response < 0) response = response_latency(config_.latency, now);
  // FIFO session: an answer never overtakes an earlier one (latency.hpp).
  last_response_ = std::max(now + response, last_response_);
  const Timestamp arrives = last_response_;
  for (const OrderUpdate& u : scratch_) {
    // Copied whole from scratch_ (written long before), then fee and time written in the slot.
    OrderUpdate& queued = queue.push_response(arrives, index_);
    std::memcpy(static_cast<void*>(&queued), &u, sizeof(OrderUpdate));
    queued.local_ts = arrives;
    if (queued.kind == UpdateKind::fill) {
      queued.fee = fee_for(config_.fees, queued.liquidity, queued.price, queued.qty);
      account_.on_fill(now, queued, book);
    }
  }
  scratch_.clear();
}

}  // namespace tilt
