// The value a signal reports, and the conventions every built-in signal follows.
//
// Update protocol. A signal is updated with on_event(book, event) right after the strategy's local
// book has applied `event`; `book` is any type modelling TopNReadable
// (tilt/book/book_concepts.hpp).
//   * Book-state signals (imbalances, mids, spread, sizes) are recomputed on level events and at
//     snapshot_end. From snapshot_begin until snapshot_end the book is being rebuilt, so they
//     report valid = false; trades leave them unchanged.
//   * Flow signals (order-flow and trade-flow imbalance) accumulate over a rolling window of events
//     or time. A snapshot is a resync, not order flow: the jump across it contributes nothing.
//   * Book-state signals are also pure functions of the book: evaluate(book) gives the value
//     on_event() would have left (SignalSet relies on it to compute them only when read).
//   * Time windows run on the event's local_ts (signals live on the strategy side, which sees
//     events at local time) and cover (now - span, now].
// A signal never reports NaN: when its formula is undefined (an empty side, no volume) it reports
// valid = false and value 0, and each signal documents exactly when that happens.
#pragma once

#include <cstddef>

namespace tilt {

/// Index of a signal in its SignalSet; stable for the set's lifetime. (Here rather than in
/// signal_set.hpp so that the strategy API can pass handles without the signal implementations.)
struct SignalHandle {
  std::size_t index = 0;
  friend constexpr bool operator==(const SignalHandle&, const SignalHandle&) = default;
};

struct SignalValue {
  double value = 0.0;
  bool valid = false;
  friend constexpr bool operator==(const SignalValue&, const SignalValue&) = default;
};

namespace signals {
/// Flow signals declare `static constexpr bool kFlow = true`: their state must see every event.
/// Every other signal is a book-state signal with `SignalValue evaluate(const B& book) const`,
/// a pure function of the book (SignalSet evaluates those only when read).
template <typename T>
inline constexpr bool is_flow_signal = requires {
  T::kFlow;
};
}  // namespace signals

}  // namespace tilt
