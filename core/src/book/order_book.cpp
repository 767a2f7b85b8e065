#include "tilt/book/order_book.hpp"

namespace tilt {

OrderBook::OrderBook(BookOptions options)
    : options_(options),
      ladders_{PriceLadder(Side::buy, options.ladder_ticks),
               PriceLadder(Side::sell, options.ladder_ticks)} {}

void OrderBook::clear_for_snapshot() {
  ladder(Side::buy).clear();
  ladder(Side::sell).clear();
  in_snapshot_ = true;
}

void OrderBook::end_snapshot_at(Timestamp exch_ts) {
  if (!in_snapshot_) {
    throw BookError(events_applied_, exch_ts, "snapshot_end without a snapshot_begin");
  }
  in_snapshot_ = false;
}

void OrderBook::negative_size(Side side, Price price, Qty qty, Timestamp exch_ts) const {
  throw BookError(events_applied_, exch_ts,
                  "negative size " + std::to_string(qty) + " at " +
                      (side == Side::buy ? "bid " : "ask ") + std::to_string(price) + " ticks");
}

void OrderBook::unknown_kind(const Event& event) const {
  throw BookError(events_applied_, event.exch_ts,
                  "unknown event kind " + std::to_string(static_cast<int>(event.kind)));
}

void OrderBook::settle_message() {
  const PendingCross cross = cross_;
  cross_ = PendingCross{};
  if (ladder(Side::buy).empty() || ladder(Side::sell).empty()) return;
  const Price bid = ladder(Side::buy).best().price;
  const Price ask = ladder(Side::sell).best().price;
  if (bid < ask) return;  // crossed for a moment, whole again by the message's end
  // The message's last event is the one before the event being applied (or the last applied).
  if (options_.crossed_policy == CrossedPolicy::error) {
    throw CrossedBookError(events_applied_ - 1, message_ts_, cross.side, cross.price, bid, ask);
  }
  // Repair: the side whose update crossed last is fresh; the opposite levels at or through its
  // best are stale.
  const Side fresh = cross.side;
  repairs_.levels_removed += ladder(opposite(fresh)).remove_through(ladder(fresh).best().price);
  ++repairs_.events;
}

std::string OrderBook::check_invariants() const {
  if (auto p = ladder(Side::buy).check_invariants(); !p.empty()) return "bids: " + p;
  if (auto p = ladder(Side::sell).check_invariants(); !p.empty()) return "asks: " + p;
  if (!ladder(Side::buy).empty() && !ladder(Side::sell).empty() &&
      ladder(Side::buy).best().price >= ladder(Side::sell).best().price) {
    return "book crossed or locked: bid " + std::to_string(ladder(Side::buy).best().price) +
           " >= ask " + std::to_string(ladder(Side::sell).best().price);
  }
  return {};
}

}  // namespace tilt
