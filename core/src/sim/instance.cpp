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

void Instance::unknown_order(OrderId id, OrderEvent event) {
  throw OrderError(id, OrderState::rejected, event, "unknown order id");
}

void Instance::invalid_submit(OrderId id, OrderType type, TimeInForce tif, Qty qty) const {
  if (qty <= 0) {
    throw OrderError(id, OrderState::pending_new, OrderEvent::submit,
                     "order size must be positive, got " + std::to_string(qty));
  }
  if (type == OrderType::market && tif == TimeInForce::post_only) {
    throw OrderError(id, OrderState::pending_new, OrderEvent::submit,
                     "a market order cannot be post-only");
  }
  throw OrderError(id, OrderState::pending_new, OrderEvent::submit, "invalid order");
}

void Instance::send_rejected(const OrderRequest& request, Timestamp now, Duration response,
                             EventQueue& queue) {
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
  last_response_ = std::max(now + response, last_response_);  // FIFO session (latency.hpp)
  u.local_ts = last_response_;
  if (request.action != RequestAction::submit) {
    const Order& o = orders_[request.id.value - 1];
    u.price = o.price;
    u.leaves = o.leaves;
  }
  queue.push_response(u.local_ts, index_) = u;
}

void Instance::on_pending_answer(Order& o, UpdateKind kind) {
  const bool cancel = o.pending == PendingRequest::cancel;
  switch (kind) {
    case UpdateKind::accepted:
      o.state = cancel ? OrderState::pending_cancel : OrderState::pending_modify;
      break;
    case UpdateKind::cancelled:
    case UpdateKind::cancel_rejected:
      if (cancel) o.pending = PendingRequest::none;
      break;
    case UpdateKind::modified:
    case UpdateKind::modify_rejected:
      if (!cancel) o.pending = PendingRequest::none;
      break;
    case UpdateKind::rejected:
    case UpdateKind::fill:
      break;
  }
}

void Instance::invalid_modify(const Order& o, Qty leaves) {
  if (leaves <= 0) {
    throw OrderError(o.id, o.state, OrderEvent::modify_request,
                     "new size must be positive (cancel instead), got " + std::to_string(leaves));
  }
  throw OrderError(o.id, o.state, OrderEvent::modify_request, "a market order cannot be modified");
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
