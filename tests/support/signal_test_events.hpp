// Event builders for signal tests: hand-written streams read like the cases in the comments.
#pragma once

#include <cstdint>

#include "tilt/types.hpp"

namespace tilt::testing {

inline Event level_event(Side side, Price price, Qty qty, Timestamp local_ts = 0) {
  Event e{};
  e.exch_ts = local_ts;
  e.local_ts = local_ts;
  e.kind = EventKind::level;
  e.side = side;
  e.price = price;
  e.qty = static_cast<std::int32_t>(qty);
  return e;
}
inline Event bid(Price price, Qty qty, Timestamp t = 0) {
  return level_event(Side::buy, price, qty, t);
}
inline Event ask(Price price, Qty qty, Timestamp t = 0) {
  return level_event(Side::sell, price, qty, t);
}
inline Event trade(Side aggressor, Price price, Qty qty, Timestamp t = 0) {
  Event e = level_event(aggressor, price, qty, t);
  e.kind = EventKind::trade;
  return e;
}
inline Event marker(EventKind kind, Timestamp t = 0) {
  Event e{};
  e.exch_ts = t;
  e.local_ts = t;
  e.kind = kind;
  return e;
}

/// Applies an event to the book, then to the signal: the order the simulator uses.
template <typename Book, typename Signal>
void feed(Book& book, Signal& signal, const Event& e) {
  book.apply(e);
  signal.on_event(book, e);
}

}  // namespace tilt::testing
