// Orders as the simulator sees them: typed ids, order types, time in force, the requests a
// strategy sends to the venue and the updates the venue sends back.
//
// Quantities are lots and prices ticks (tilt/types.hpp). An order's `qty` is its total size; its
// `leaves` is what is still working at the venue. "Partially filled" is not a state of its own: it
// is an open order with filled > 0 (see order_state.hpp for the state machine).
#pragma once

#include <cstdint>
#include <string_view>

#include "tilt/types.hpp"

namespace tilt {

/// Identifies an order within one strategy instance. Ids start at 1 and increase by one per
/// submitted order, so the n-th order of an instance has the same id in every run.
struct OrderId {
  std::uint64_t value = 0;
  friend constexpr bool operator==(const OrderId&, const OrderId&) = default;
  friend constexpr auto operator<=>(const OrderId&, const OrderId&) = default;
};

/// Identifies a timer within one strategy instance; ids start at 1.
struct TimerId {
  std::uint64_t value = 0;
  friend constexpr bool operator==(const TimerId&, const TimerId&) = default;
};

enum class OrderType : std::uint8_t {
  limit,   ///< has a price; never trades through it
  market,  ///< no price: takes displayed liquidity until filled or the side is exhausted
};

enum class TimeInForce : std::uint8_t {
  gtc,        ///< good till cancelled: takes what crosses, the rest rests in the book
  post_only,  ///< rests only: rejected if it would cross on arrival
  ioc,        ///< immediate or cancel: takes what it can, the rest is cancelled
  fok,        ///< fill or kill: fills completely on arrival or not at all
};

/// Whether a fill added liquidity (our resting order was hit) or removed it (we crossed).
enum class Liquidity : std::uint8_t { maker, taker };

/// Why the venue (or the latency data) refused a request.
enum class RejectReason : std::uint8_t {
  none,
  would_cross,     ///< post-only order or modify that would have crossed the opposite best
  not_open,        ///< cancel/modify of an order that is no longer working at the venue
  latency_reject,  ///< the recorded latency data marks the request as rejected
};

/// What a request asks the venue to do.
enum class RequestAction : std::uint8_t { submit, cancel, modify };

/// What became of a cancel or modify the strategy asked for. Only `sent` puts a request on the
/// wire; the others leave the order as it was and are the strategy's to handle (no run abort):
/// they are normal races, e.g. a fill that reached the strategy just before its requote.
enum class RequestResult : std::uint8_t {
  sent,             ///< on its way to the venue (an answer will come back)
  not_working,      ///< the order is filled, cancelled or rejected, as far as the strategy knows
  request_pending,  ///< a cancel or modify of this order is still waiting for its answer
};

/// A request travelling from the strategy to the venue (entry latency applies).
struct OrderRequest {
  RequestAction action = RequestAction::submit;
  OrderId id;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce tif = TimeInForce::gtc;
  Price price = 0;  ///< limit price (submit), new price (modify); unused for market and cancel
  Qty qty = 0;      ///< order size (submit), new leaves quantity (modify); unused for cancel
};

/// What an update reports.
enum class UpdateKind : std::uint8_t {
  accepted,         ///< the venue has the order (it may trade immediately after)
  rejected,         ///< the venue refused the new order (reason says why)
  fill,             ///< a (partial) execution: qty at price
  cancelled,        ///< the order left the venue unfilled: by request, IOC/FOK/market expiry
  cancel_rejected,  ///< the cancel found no working order (it filled or left first)
  modified,         ///< a modify took effect: price and leaves are the new ones
  modify_rejected,  ///< the modify was refused (reason says why)
};

/// An update travelling from the venue to the strategy (response latency applies).
struct OrderUpdate {
  UpdateKind kind = UpdateKind::accepted;
  OrderId id;
  Side side = Side::buy;
  Price price = 0;  ///< fill price for fills, else the order's price at the venue
  Qty qty = 0;      ///< executed lots for fills, else 0
  Qty leaves = 0;   ///< lots still working at the venue after this update
  Liquidity liquidity = Liquidity::maker;  ///< for fills
  RejectReason reason = RejectReason::none;
  double fee = 0.0;        ///< for fills: fee in tick·lot units (negative = rebate)
  Timestamp exch_ts = 0;   ///< when the venue produced it
  Timestamp local_ts = 0;  ///< when the strategy receives it
};

std::string_view to_string(OrderType t);
std::string_view to_string(TimeInForce t);
std::string_view to_string(Liquidity l);
std::string_view to_string(RejectReason r);
std::string_view to_string(UpdateKind k);
std::string_view to_string(RequestAction a);
std::string_view to_string(RequestResult r);

}  // namespace tilt
