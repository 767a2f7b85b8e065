// The built-in signals, addressable by name and parameters.
//
//   type                   parameters (default)
//   queue_imbalance        -
//   depth_imbalance        levels (5) in [1, 64]; weights: none|linear|exponential (none);
//                          decay (0.5) > 0, only with weights: exponential
//   ofi                    levels (1) in [1, 64]; window: events or duration (100);
//                          normalized: true|false (false)
//   weighted_mid           -
//   micro_price            buckets (5) in [1, 100]; table: comma-separated adjustments in
//                          fractions of the spread, one per bucket (default: bucketed weighted mid)
//   trade_flow_imbalance   window: trades or duration (100)
//   mid, spread, bid_size, ask_size   -
// Each type's header documents its formula, units, citation and validity.
//
// AnySignal is the closed set of built-ins as a std::variant. SignalSet (signal_set.hpp) visits
// the flow signals once per event with the touch it has already read (touch.hpp, BookEventView)
// and evaluates the book-state ones when they are read.
#pragma once

#include <span>
#include <string_view>
#include <variant>

#include "tilt/signals/book_series.hpp"
#include "tilt/signals/depth_imbalance.hpp"
#include "tilt/signals/micro_price.hpp"
#include "tilt/signals/order_flow_imbalance.hpp"
#include "tilt/signals/queue_imbalance.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/signals/trade_flow_imbalance.hpp"

namespace tilt {

using AnySignal =
    std::variant<signals::QueueImbalance, signals::DepthImbalance, signals::OrderFlowImbalance,
                 signals::WeightedMid, signals::MicroPrice, signals::TradeFlowImbalance,
                 signals::Mid, signals::Spread, signals::BestSize>;

struct SignalTypeInfo {
  std::string_view type;
  std::string_view params;  ///< "name (default) constraint; ..." or "-"
  std::string_view summary;
};

/// Every registered signal type, in the order of the table above.
std::span<const SignalTypeInfo> signal_types();

/// Builds a signal from its spec. Throws SignalError for an unknown type (listing the valid ones),
/// an unknown parameter (listing the type's parameters) or a bad value (naming what was expected).
AnySignal make_signal(const SignalSpec& spec);

/// Updates a variant-held signal on its own: one std::visit per call, each signal reading what it
/// needs from the book itself (SignalSet shares one touch read between its signals).
template <TopNReadable B>
void on_event(AnySignal& signal, const B& book, const Event& event) {
  std::visit([&](auto& s) { s.on_event(book, event); }, signal);
}
inline SignalValue value(const AnySignal& signal) {
  return std::visit([](const auto& s) { return s.value(); }, signal);
}

}  // namespace tilt
