#include "tilt/sim/order_state.hpp"

#include <string>

namespace tilt {

std::string_view to_string(OrderType t) {
  return t == OrderType::limit ? "limit" : "market";
}
std::string_view to_string(TimeInForce t) {
  switch (t) {
    case TimeInForce::gtc:
      return "gtc";
    case TimeInForce::post_only:
      return "post_only";
    case TimeInForce::ioc:
      return "ioc";
    case TimeInForce::fok:
      return "fok";
  }
  return "unknown";
}
std::string_view to_string(Liquidity l) {
  return l == Liquidity::maker ? "maker" : "taker";
}
std::string_view to_string(RejectReason r) {
  switch (r) {
    case RejectReason::none:
      return "none";
    case RejectReason::would_cross:
      return "would_cross";
    case RejectReason::not_open:
      return "not_open";
    case RejectReason::latency_reject:
      return "latency_reject";
  }
  return "unknown";
}
std::string_view to_string(UpdateKind k) {
  switch (k) {
    case UpdateKind::accepted:
      return "accepted";
    case UpdateKind::rejected:
      return "rejected";
    case UpdateKind::fill:
      return "fill";
    case UpdateKind::cancelled:
      return "cancelled";
    case UpdateKind::cancel_rejected:
      return "cancel_rejected";
    case UpdateKind::modified:
      return "modified";
    case UpdateKind::modify_rejected:
      return "modify_rejected";
  }
  return "unknown";
}
std::string_view to_string(RequestAction a) {
  switch (a) {
    case RequestAction::submit:
      return "submit";
    case RequestAction::cancel:
      return "cancel";
    case RequestAction::modify:
      return "modify";
  }
  return "unknown";
}
std::string_view to_string(RequestResult r) {
  switch (r) {
    case RequestResult::sent:
      return "sent";
    case RequestResult::not_working:
      return "not_working";
    case RequestResult::request_pending:
      return "request_pending";
  }
  return "unknown";
}
std::string_view to_string(PendingRequest p) {
  switch (p) {
    case PendingRequest::none:
      return "none";
    case PendingRequest::cancel:
      return "cancel";
    case PendingRequest::modify:
      return "modify";
  }
  return "unknown";
}
std::string_view to_string(OrderState s) {
  switch (s) {
    case OrderState::pending_new:
      return "pending_new";
    case OrderState::open:
      return "open";
    case OrderState::pending_cancel:
      return "pending_cancel";
    case OrderState::pending_modify:
      return "pending_modify";
    case OrderState::filled:
      return "filled";
    case OrderState::cancelled:
      return "cancelled";
    case OrderState::rejected:
      return "rejected";
  }
  return "unknown";
}
std::string_view to_string(OrderEvent e) {
  switch (e) {
    case OrderEvent::submit:
      return "submit";
    case OrderEvent::accepted:
      return "accepted";
    case OrderEvent::rejected:
      return "rejected";
    case OrderEvent::fill:
      return "fill";
    case OrderEvent::cancel_request:
      return "cancel_request";
    case OrderEvent::cancelled:
      return "cancelled";
    case OrderEvent::cancel_rejected:
      return "cancel_rejected";
    case OrderEvent::modify_request:
      return "modify_request";
    case OrderEvent::modified:
      return "modified";
    case OrderEvent::modify_rejected:
      return "modify_rejected";
  }
  return "unknown";
}

namespace {
std::string order_message(OrderId id, OrderState state, OrderEvent event, std::string_view detail) {
  std::string s = "order " + std::to_string(id.value) + " (" + std::string(to_string(state)) +
                  "): " + std::string(to_string(event)) + ": ";
  s += detail.empty() ? std::string_view("invalid transition") : detail;
  return s;
}
}  // namespace

OrderError::OrderError(OrderId order_id, OrderState state, OrderEvent event,
                       std::string_view detail)
    : Error(order_message(order_id, state, event, detail)),
      order_id_(order_id),
      state_(state),
      event_(event) {}

void invalid_transition(OrderId id, OrderState state, OrderEvent event) {
  throw OrderError(id, state, event);
}

}  // namespace tilt
