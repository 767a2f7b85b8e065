#include "tilt/book/order_book.hpp"

namespace tilt {

OrderBook::OrderBook(BookOptions options)
    : options_(options),
      bids_(Side::buy, options.ladder_ticks),
      asks_(Side::sell, options.ladder_ticks) {}

void OrderBook::clear_for_snapshot() {
  bids_.clear();
  asks_.clear();
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

void OrderBook::handle_crossed(Side side, Price price, Timestamp exch_ts) {
  if (options_.crossed_policy == CrossedPolicy::error) {
    throw CrossedBookError(events_applied_, exch_ts, side, price, bids_.best().price,
                           asks_.best().price);
  }
  // Repair: the side just updated is fresh; the opposite levels at or through it are stale.
  repairs_.levels_removed += ladder(opposite(side)).remove_through(price);
  ++repairs_.events;
}

std::string OrderBook::check_invariants() const {
  if (auto p = bids_.check_invariants(); !p.empty()) return "bids: " + p;
  if (auto p = asks_.check_invariants(); !p.empty()) return "asks: " + p;
  if (!bids_.empty() && !asks_.empty() && bids_.best().price >= asks_.best().price) {
    return "book crossed or locked: bid " + std::to_string(bids_.best().price) + " >= ask " +
           std::to_string(asks_.best().price);
  }
  return {};
}

}  // namespace tilt
