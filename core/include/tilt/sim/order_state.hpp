// The order state machine, as the strategy side tracks it from its own requests and the venue's
// updates. Every transition not in the table below is an OrderError naming the order, its state and
// the event: nothing is ever silently ignored.
//
//   state           event              next state
//   --------------  -----------------  -----------------------------------------------------------
//   (new)           submit             pending_new
//   pending_new     accepted           open (pending_cancel / pending_modify when such a request
//                                      was sent before the ack: see Order::pending, instance.hpp)
//   pending_new     rejected           rejected
//   pending_new     cancel_request     pending_new    (the cancel travels behind the new order)
//   pending_new     modify_request     pending_new    (likewise)
//   pending_new     cancel_rejected    pending_new    (the latency data refused that request)
//   pending_new     modify_rejected    pending_new    (likewise)
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
//   rejected        cancel_rejected    rejected       (sent before the new order's rejection came)
//   rejected        modify_rejected    rejected
//
// One cancel or modify at a time per order: it may be sent while the order is pending_new (it
// reaches the venue after the order, latency.hpp), but while one waits for its answer another is
// not sent, and neither is one for an order in a terminal state. Instance::cancel/modify answer
// those with a RequestResult (order.hpp) instead of sending; the table's request rows are reached
// only for requests that are sent.
#pragma once

#include <array>
#include <cstddef>
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

/// The cancel or modify of an order waiting for its answer (at most one, see above).
enum class PendingRequest : std::uint8_t { none, cancel, modify };

std::string_view to_string(OrderState s);
std::string_view to_string(PendingRequest p);
std::string_view to_string(OrderEvent e);

constexpr bool is_terminal(OrderState s) {
  return s == OrderState::filled || s == OrderState::cancelled || s == OrderState::rejected;
}
/// True while the order may still trade at the venue (as far as the strategy knows).
constexpr bool is_working(OrderState s) {
  return s == OrderState::open || s == OrderState::pending_cancel ||
         s == OrderState::pending_modify || s == OrderState::pending_new;
}

/// An invalid transition, or a request that makes no sense (size <= 0, an unknown id, a modify of
/// a market order). what() reads "order 7 (pending_cancel): fill: <detail>".
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

namespace order_state_detail {

/// The table above as an array: kTransitions[state][event], kInvalid where the table has no row.
/// A fill maps to the state itself; next_state turns it into `filled` when no leaves remain.
/// A lookup instead of a switch: the switch's indirect jump mispredicted on a market maker's mix
/// of acks, cancels and fills.
inline constexpr std::uint8_t kInvalid = 0xff;
inline constexpr std::size_t kStates = 7;
inline constexpr std::size_t kEvents = 10;

constexpr std::array<std::array<std::uint8_t, kEvents>, kStates> make_transitions() {
  using S = OrderState;
  using E = OrderEvent;
  std::array<std::array<std::uint8_t, kEvents>, kStates> t{};
  for (auto& row : t) row.fill(kInvalid);
  const auto set = [&t](S from, E event, S to) {
    t[static_cast<std::size_t>(from)][static_cast<std::size_t>(event)] =
        static_cast<std::uint8_t>(to);
  };
  set(S::pending_new, E::accepted, S::open);
  set(S::pending_new, E::rejected, S::rejected);
  set(S::pending_new, E::cancel_request, S::pending_new);
  set(S::pending_new, E::modify_request, S::pending_new);
  set(S::pending_new, E::cancel_rejected, S::pending_new);
  set(S::pending_new, E::modify_rejected, S::pending_new);
  set(S::open, E::fill, S::open);
  set(S::open, E::cancel_request, S::pending_cancel);
  set(S::open, E::modify_request, S::pending_modify);
  set(S::open, E::cancelled, S::cancelled);
  set(S::pending_cancel, E::fill, S::pending_cancel);
  set(S::pending_cancel, E::cancelled, S::cancelled);
  set(S::pending_cancel, E::cancel_rejected, S::open);
  set(S::pending_modify, E::fill, S::pending_modify);
  set(S::pending_modify, E::modified, S::open);
  set(S::pending_modify, E::modify_rejected, S::open);
  set(S::pending_modify, E::cancelled, S::cancelled);  // it expired while the modify travelled
  for (S done : {S::filled, S::cancelled, S::rejected}) {
    set(done, E::cancel_rejected, done);
    set(done, E::modify_rejected, done);
  }
  return t;
}

inline constexpr auto kTransitions = make_transitions();

}  // namespace order_state_detail

/// Throws the OrderError for an invalid transition (out of line: the per-order path stays small).
[[noreturn, gnu::cold]] void invalid_transition(OrderId id, OrderState state, OrderEvent event);

/// The state after `event`; `leaves_after` (lots still working after the event) decides between
/// open and filled on a fill. Throws OrderError for any transition not in the table above.
/// Inline: it runs for every request and every update of every order.
inline OrderState next_state(OrderId id, OrderState state, OrderEvent event, Qty leaves_after = 1) {
  using namespace order_state_detail;
  const auto s = static_cast<std::size_t>(state);
  const auto e = static_cast<std::size_t>(event);
  const std::uint8_t next = s < kStates && e < kEvents ? kTransitions[s][e] : kInvalid;
  if (next == kInvalid) [[unlikely]]
    invalid_transition(id, state, event);
  if (event == OrderEvent::fill && leaves_after == 0) return OrderState::filled;
  return static_cast<OrderState>(next);
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
