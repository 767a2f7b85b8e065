#include "tilt/sim/instance.hpp"

#include <algorithm>

namespace tilt {

Instance::Instance(std::uint32_t index, InstanceConfig config)
    : index_(index),
      config_(std::move(config)),
      venue_(config_.matching),
      account_(config_.accounting) {
  known_.start_cash = config_.accounting.start_cash;
  known_.cash = config_.accounting.start_cash;
  scratch_.reserve(64);
  working_.reserve(64);
  orders_.reserve(1024);
}

Order& Instance::order_ref(OrderId id, OrderEvent event) {
  if (id.value == 0 || id.value > orders_.size()) {
    throw OrderError(id, OrderState::rejected, event, "unknown order id");
  }
  return orders_[id.value - 1];
}

const Order& Instance::order(OrderId id) const {
  if (id.value == 0 || id.value > orders_.size()) {
    throw OrderError(id, OrderState::rejected, OrderEvent::submit, "unknown order id");
  }
  return orders_[id.value - 1];
}

void Instance::send(const OrderRequest& request, Timestamp now, EventQueue& queue) {
  const EntryLatency latency = entry_latency(config_.latency, now);
  PendingEvent p;
  p.instance = index_;
  if (latency.rejected) {
    // The recorded latency data says the venue refused it: the refusal comes back, no arrival.
    OrderUpdate u;
    u.kind = request.action == RequestAction::submit   ? UpdateKind::rejected
             : request.action == RequestAction::cancel ? UpdateKind::cancel_rejected
                                                       : UpdateKind::modify_rejected;
    u.id = request.id;
    u.side = request.side;
    u.price = request.price;
    u.reason = RejectReason::latency_reject;
    u.exch_ts = now;
    u.local_ts = now + latency.response;
    if (request.action != RequestAction::submit) {
      const Order& o = orders_[request.id.value - 1];
      u.price = o.price;
      u.leaves = o.leaves;
    }
    p.time = u.local_ts;
    p.source = EventSource::order_response;
    p.update = u;
  } else {
    p.time = now + latency.entry;
    p.source = EventSource::order_arrival;
    p.request = request;
    p.ack_latency = latency.response;
  }
  queue.push(p);
}

OrderId Instance::submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty,
                         Timestamp now, EventQueue& queue) {
  const OrderId id{orders_.size() + 1};
  if (qty <= 0) {
    throw OrderError(id, OrderState::pending_new, OrderEvent::submit,
                     "order size must be positive, got " + std::to_string(qty));
  }
  if (type == OrderType::market && tif == TimeInForce::post_only) {
    throw OrderError(id, OrderState::pending_new, OrderEvent::submit,
                     "a market order cannot be post-only");
  }
  if (type == OrderType::market) price = 0;
  Order o;
  o.id = id;
  o.side = side;
  o.type = type;
  o.tif = tif;
  o.price = price;
  o.qty = qty;
  o.leaves = qty;
  o.submitted = now;
  o.updated = now;
  orders_.push_back(o);
  working_.push_back(id);
  ++counts_.submitted;
  counts_.submitted_qty += qty;
  send({RequestAction::submit, id, side, type, tif, price, qty}, now, queue);
  return id;
}

void Instance::cancel(OrderId id, Timestamp now, EventQueue& queue) {
  Order& o = order_ref(id, OrderEvent::cancel_request);
  o.state = next_state(id, o.state, OrderEvent::cancel_request);
  ++counts_.cancel_requests;
  send({RequestAction::cancel, id, o.side, o.type, o.tif, o.price, 0}, now, queue);
}

void Instance::modify(OrderId id, Price price, Qty leaves, Timestamp now, EventQueue& queue) {
  Order& o = order_ref(id, OrderEvent::modify_request);
  if (leaves <= 0) {
    throw OrderError(id, o.state, OrderEvent::modify_request,
                     "new size must be positive (cancel instead), got " + std::to_string(leaves));
  }
  if (o.type == OrderType::market) {
    throw OrderError(id, o.state, OrderEvent::modify_request, "a market order cannot be modified");
  }
  o.state = next_state(id, o.state, OrderEvent::modify_request);
  ++counts_.modify_requests;
  send({RequestAction::modify, id, o.side, o.type, o.tif, price, leaves}, now, queue);
}

TimerId Instance::set_timer(Timestamp at, Timestamp now, EventQueue& queue) {
  PendingEvent p;
  p.time = std::max(at, now);
  p.source = EventSource::timer;
  p.instance = index_;
  p.timer = TimerId{next_timer_++};
  ++counts_.timers;
  queue.push(p);
  return p.timer;
}

void Instance::on_response(const OrderUpdate& u) {
  Order& o = order_ref(u.id, event_of(u.kind));
  o.state = next_state(u.id, o.state, event_of(u.kind), u.leaves);
  o.updated = u.local_ts;
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
  if (is_terminal(o.state)) std::erase(working_, o.id);
}

void Instance::on_arrival(const PendingEvent& arrival, const OrderBook& book, EventQueue& queue) {
  venue_.on_request(arrival.request, book, arrival.time, scratch_);
  dispatch(arrival.time, arrival.ack_latency, book, queue);
}

void Instance::dispatch(Timestamp now, Duration response, const OrderBook& book,
                        EventQueue& queue) {
  if (response < 0) response = response_latency(config_.latency, now);
  for (OrderUpdate& u : scratch_) {
    if (u.kind == UpdateKind::fill) {
      u.fee = fee_for(config_.fees, u.liquidity, u.price, u.qty);
      account_.on_fill(now, u, book);
    }
    u.local_ts = now + response;
    PendingEvent p;
    p.time = u.local_ts;
    p.source = EventSource::order_response;
    p.instance = index_;
    p.update = u;
    queue.push(p);
  }
  scratch_.clear();
}

InstanceSummary Instance::summary(const Instrument& instrument) const {
  InstanceSummary s;
  s.account = account_.summary(instrument);
  s.orders = counts_;
  s.fill_ratio = counts_.submitted_qty > 0 ? static_cast<double>(account_.position().volume) /
                                                 static_cast<double>(counts_.submitted_qty)
                                           : 0.0;
  return s;
}

}  // namespace tilt
