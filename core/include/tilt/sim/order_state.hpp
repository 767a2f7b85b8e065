// The order state machine, as the strategy side tracks it from its own requests and the venue's
// updates. Every transition not in the table below is an OrderError naming the order, its state and
// the event: nothing is ever silently ignored.
//
//   state           event              next state
//   --------------  -----------------  -----------------------------------------------------------
//   (new)           submit             pending_new
//   pending_new     accepted           open
//   pending_new     rejected           rejected
//   open            fill               open, or filled when leaves reach 0 (open with filled > 0
//                                      is what other systems call "partially filled")
//   open            cancel_request     pending_cancel
//   open            modify_request     pending_modify
//   open            cancelled          cancelled      (IOC/FOK/market remainder expired)
//   pending_cancel  fill               pending_cancel, or filled
//   pending_cancel  cancelled          cancelled
//   pending_cancel  cancel_rejected    open
//   pending_modify  fill               pending_modify, or filled
//   pending_modify  modified           open
//   pending_modify  modify_rejected    open
//   pending_modify  cancelled          cancelled      (an IOC/FOK remainder expired meanwhile)
//   filled          cancel_rejected    filled         (the cancel crossed the fill on the wire)
//   filled          modify_rejected    filled         (likewise)
//   cancelled       cancel_rejected    cancelled      (likewise, e.g. an IOC that expired)
//   cancelled       modify_rejected    cancelled
//
// One request at a time: a cancel or modify of an order that is pending (new, cancel or modify) is
// an error, as it is at most venues' gateways; the strategy waits for the response first.
#pragma once

#include <cstdint>
#include <string_view>

#include "tilt/error.hpp"
#include "tilt/sim/order.hpp"

namespace tilt {

enum class OrderState : std::uint8_t {
  pending_new,     ///< sent, not yet acknowledged
  open,            ///< working at the venue (possibly partially filled)
  pending_cancel,  ///< cancel sent, no answer yet
  pending_modify,  ///< modify sent, no answer yet
  filled,          ///< terminal: fully executed
  cancelled,       ///< terminal: left the venue with leaves > 0
  rejected,        ///< terminal: never worked
};

enum class OrderEvent : std::uint8_t {
  submit,
  accepted,
  rejected,
  fill,
  cancel_request,
  cancelled,
  cancel_rejected,
  modify_request,
  modified,
  modify_rejected,
};

std::string_view to_string(OrderState s);
std::string_view to_string(OrderEvent e);

constexpr bool is_terminal(OrderState s) {
  return s == OrderState::filled || s == OrderState::cancelled || s == OrderState::rejected;
}
/// True while the order may still trade at the venue (as far as the strategy knows).
constexpr bool is_working(OrderState s) {
  return s == OrderState::open || s == OrderState::pending_cancel ||
         s == OrderState::pending_modify || s == OrderState::pending_new;
}

/// An invalid transition, or a request that makes no sense (size <= 0, cancel of a terminal
/// order...). what() reads "order 7 (pending_cancel): cancel_request: <detail>".
class OrderError : public Error {
 public:
  OrderError(OrderId order_id, OrderState state, OrderEvent event, std::string_view detail = {});
  OrderId order_id() const { return order_id_; }
  OrderState state() const { return state_; }
  OrderEvent event() const { return event_; }

 private:
  OrderId order_id_;
  OrderState state_;
  OrderEvent event_;
};

/// Throws the OrderError for an invalid transition (out of line: the per-order path stays small).
[[noreturn, gnu::cold]] void invalid_transition(OrderId id, OrderState state, OrderEvent event);

/// The state after `event`; `leaves_after` (lots still working after the event) decides between
/// open and filled on a fill. Throws OrderError for any transition not in the table above.
/// Inline: it runs for every request and every update of every order.
inline OrderState next_state(OrderId id, OrderState state, OrderEvent event, Qty leaves_after = 1) {
  using S = OrderState;
  using E = OrderEvent;
  const S after_fill = leaves_after == 0 ? S::filled : state;
  switch (state) {
    case S::pending_new:
      if (event == E::accepted) return S::open;
      if (event == E::rejected) return S::rejected;
      break;
    case S::open:
      if (event == E::fill) return after_fill;
      if (event == E::cancel_request) return S::pending_cancel;
      if (event == E::modify_request) return S::pending_modify;
      if (event == E::cancelled) return S::cancelled;
      break;
    case S::pending_cancel:
      if (event == E::fill) return after_fill;
      if (event == E::cancelled) return S::cancelled;
      if (event == E::cancel_rejected) return S::open;
      break;
    case S::pending_modify:
      if (event == E::fill) return after_fill;
      if (event == E::modified || event == E::modify_rejected) return S::open;
      if (event == E::cancelled) return S::cancelled;  // it expired while the modify travelled
      break;
    case S::filled:
    case S::cancelled:
      if (event == E::cancel_rejected || event == E::modify_rejected) return state;
      break;
    case S::rejected:
      break;
  }
  invalid_transition(id, state, event);
}

/// The event an update from the venue represents.
constexpr OrderEvent event_of(UpdateKind k) {
  switch (k) {
    case UpdateKind::accepted:
      return OrderEvent::accepted;
    case UpdateKind::rejected:
      return OrderEvent::rejected;
    case UpdateKind::fill:
      return OrderEvent::fill;
    case UpdateKind::cancelled:
      return OrderEvent::cancelled;
    case UpdateKind::cancel_rejected:
      return OrderEvent::cancel_rejected;
    case UpdateKind::modified:
      return OrderEvent::modified;
    case UpdateKind::modify_rejected:
      return OrderEvent::modify_rejected;
  }
  return OrderEvent::rejected;
}

}  // namespace tilt
