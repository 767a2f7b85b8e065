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
  account_.set_history(config_.history);
}

void Instance::unknown_order(OrderId id, OrderEvent event) {
  throw OrderError(id, OrderState::rejected, event, "unknown order id");
}

const Order* Instance::find_finished(OrderId id) const {
  if (config_.history == nullptr) {
    if (id.value - 1 < kept_.size() && kept_[id.value - 1].id == id) return &kept_[id.value - 1];
  } else if (!recent_.empty() && recent_[id.value % kRecentFinished].id == id) {
    return &recent_[id.value % kRecentFinished];
  } else if (const ClientTag tag = services_.tag_of(id); tag != 0) {
    const auto it = by_tag_.find(tag);
    if (it != by_tag_.end() && it->second.id == id) return &it->second;
  }
  return nullptr;
}

void Instance::keep_tagged(const Order& o, ClientTag tag) {
  if (services_.find(tag) == o.id) by_tag_[tag] = o;
}

const Order& Instance::finished_order(OrderId id) const {
  if (id.value - 1 >= issued_) unknown_order(id, OrderEvent::submit);  // also id 0
  if (const Order* o = find_finished(id)) return *o;
  throw OrderError(id, OrderState::filled, OrderEvent::submit,
                   "finished and no longer kept: a run keeps its live orders, the finished "
                   "ones among the last " +
                       std::to_string(kRecentFinished) +
                       " ids and each client tag's latest order (results.h5's orders table has "
                       "every order's final state)");
}

void Instance::finish(Timestamp end, const OrderBook& book) {
  account_.finish(end, book);
  if (config_.history != nullptr) return;
  kept_.resize(issued_);
  live_.for_each([this](const Order& o) { kept_[o.id.value - 1] = o; });
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
    const Order& o = *live_.find(request.id.value);  // a request was just sent: live
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
      // An order that never rests (IOC, FOK, market) is cancelled by its own expiry, not by our
      // cancel: that cancel is still on the wire and will be answered cancel_rejected.
      if (cancel && o.type == OrderType::limit &&
          (o.tif == TimeInForce::gtc || o.tif == TimeInForce::post_only))
        o.pending = PendingRequest::none;
      break;
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

RequestResult Instance::modify_finished(OrderId id, Qty leaves) const {
  const RequestResult result = request_check(id);  // OrderError for an id never issued
  const Order* done = find_finished(id);
  if (done != nullptr && (leaves <= 0 || done->type == OrderType::market)) [[unlikely]]
    invalid_modify(*done, leaves);
  return result;
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
