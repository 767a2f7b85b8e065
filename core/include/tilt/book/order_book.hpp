// The L2 (market-by-price) order book: both sides, built from the event store's events.
//
// Event semantics (tilt::EventKind):
//   * level: absolute visible size at a price on one side; size 0 removes the level.
//   * trade: ignored here. Feeds follow a trade with the level update that carries its effect, so
//     applying both would count the trade twice.
//   * snapshot_begin: clears both sides; the book is incomplete until snapshot_end.
//   * snapshot_end: the book is complete again. An end without a begin is a BookError.
// A level update with a negative size is a BookError.
//
// Messages: consecutive events with the same exch_ts are one venue message (one depth update, one
// snapshot). A venue applies a message atomically, so the book may be locked or crossed for a
// moment in the middle of one (a bid raised before the stale ask is removed); it is judged only
// once the message is complete: when an event with another exch_ts arrives, or when the caller
// says so with end_message() (at the end of the data, or before reading a book it knows is
// complete). A message that ends with best bid >= best ask is handled by the chosen CrossedPolicy
// (book_error.hpp). Snapshots are messages too: a snapshot that crosses itself is as wrong as an
// update that does. Detecting a message costs one timestamp compare per event.
//
// Errors name the event by its 0-based index among the events applied to this book
// (events_applied() before the call), which equals the store's record index when the book sees the
// whole store.
//
// The book offers three interfaces (book_concepts.hpp): L2 update (apply, set_level), snapshot
// apply (begin_snapshot, end_snapshot, in_snapshot) and top-N read (best, level, top, total_qty,
// ...). Complexity: see price_ladder.hpp; an update near the touch is O(1) amortised and
// allocation-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "tilt/book/book_error.hpp"
#include "tilt/book/level.hpp"
#include "tilt/book/price_ladder.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct BookOptions {
  /// The run config's `book.crossed`; repair by default for every command (run, book, convert).
  CrossedPolicy crossed_policy = CrossedPolicy::repair;
  /// Ticks of dense ladder per side around the touch; deeper levels go to a sorted overflow.
  std::size_t ladder_ticks = PriceLadder::kDefaultWindow;
};

class OrderBook {
 public:
  explicit OrderBook(BookOptions options = {});

  // --- L2 update -------------------------------------------------------------------------------
  /// Applies one market-data event (see the header comment for each kind).
  void apply(const Event& event) { apply_with_previous(event); }
  /// apply(), returning the size the event's level held before it (0 for a new level and for
  /// events other than `level`): what the simulator's matching needs, without a second lookup.
  Qty apply_with_previous(const Event& event) {
    if (event.exch_ts != message_ts_) {  // a new message: judge the one before it
      if (cross_.pending) [[unlikely]]
        settle_message();
      message_ts_ = event.exch_ts;
    }
    Qty previous = 0;
    switch (event.kind) {
      case EventKind::level:
        previous = set_level_at(event.side, event.price, event.size(), event.exch_ts);
        break;
      case EventKind::trade:
        break;
      case EventKind::snapshot_begin:
        clear_for_snapshot();
        break;
      case EventKind::snapshot_end:
        end_snapshot_at(event.exch_ts);
        break;
      default:
        unknown_kind(event);
    }
    ++events_applied_;
    return previous;
  }
  /// Sets the absolute size at a price (0 removes it); counts as one applied event and is a
  /// message of its own (the open message is judged first, then this one).
  void set_level(Side side, Price price, Qty qty) {
    end_message();
    set_level_at(side, price, qty, 0);
    ++events_applied_;
    end_message();
  }
  /// The open message is complete: applies the crossed-book policy now if it left the book
  /// crossed or locked (CrossedBookError under `error`). Cheap and idempotent; call it at the end
  /// of the data and whenever the caller knows a message is complete before the next one begins.
  void end_message() {
    if (cross_.pending) [[unlikely]]
      settle_message();
  }

  // --- snapshot apply --------------------------------------------------------------------------
  /// Clears both sides and marks the book incomplete until end_snapshot(). A begin inside a
  /// snapshot restarts it.
  void begin_snapshot() {
    clear_for_snapshot();
    ++events_applied_;
  }
  void end_snapshot() {
    end_snapshot_at(0);
    ++events_applied_;
  }
  bool in_snapshot() const { return in_snapshot_; }
  /// False between a snapshot's begin and end: the book is being rebuilt.
  bool complete() const { return !in_snapshot_; }

  // --- top-N read ------------------------------------------------------------------------------
  bool empty(Side side) const { return ladder(side).empty(); }
  std::optional<Level> best(Side side) const {
    const PriceLadder& l = ladder(side);
    return l.empty() ? std::nullopt : std::optional<Level>(l.best());
  }
  /// Number of levels on a side.
  std::size_t depth(Side side) const { return ladder(side).depth(); }
  /// The k-th level from the touch (0 = best), nullopt if the side has no such level.
  std::optional<Level> level(Side side, std::size_t k) const { return ladder(side).level(k); }
  /// Copies up to out.size() levels from the touch outwards; returns the count written.
  std::size_t top(Side side, std::span<Level> out) const { return ladder(side).top(out); }
  /// Total size over the best n levels of a side.
  Qty total_qty(Side side, std::size_t n) const { return ladder(side).total_qty(n); }
  /// Size at a price, 0 if there is no level there.
  Qty qty_at(Side side, Price price) const { return ladder(side).qty_at(price); }
  /// fn(const Level&) for each level from the touch outwards; returning false stops.
  template <typename Fn>
  void for_each_level(Side side, Fn&& fn) const {
    ladder(side).for_each(fn);
  }

  // --- bookkeeping -----------------------------------------------------------------------------
  const BookOptions& options() const { return options_; }
  const CrossRepairs& repairs() const { return repairs_; }
  std::int64_t events_applied() const { return events_applied_; }
  /// Empty when both ladders' invariants hold and the book is neither crossed nor locked.
  std::string check_invariants() const;

 private:
  // Indexed, not chosen by a branch: the side is a coin toss per event.
  const PriceLadder& ladder(Side side) const { return ladders_[static_cast<std::size_t>(side)]; }
  PriceLadder& ladder(Side side) { return ladders_[static_cast<std::size_t>(side)]; }

  /// Returns the size the level held before.
  Qty set_level_at(Side side, Price price, Qty qty, Timestamp exch_ts) {
    if (qty < 0) [[unlikely]]
      negative_size(side, price, qty, exch_ts);
    PriceLadder& own = ladder(side);
    const Qty previous = own.set(price, qty);
    if (qty == 0) return previous;  // a removal can never cross the book
    const PriceLadder& other = ladder(opposite(side));
    if (other.empty()) return previous;
    // Crossed or locked: the price is at or through the opposite best, i.e. no farther from our
    // side's touch than it (bid: price >= best ask; ask: price <= best bid). Only noted here; the
    // message may still uncross itself before it ends.
    const bool crossed = own.key(price) <= own.key(other.best().price);
    if (crossed) [[unlikely]]
      cross_ = PendingCross{true, side, price};
    return previous;
  }

  void clear_for_snapshot();
  void end_snapshot_at(Timestamp exch_ts);
  [[noreturn]] void negative_size(Side side, Price price, Qty qty, Timestamp exch_ts) const;
  [[noreturn]] void unknown_kind(const Event& event) const;
  /// Applies the policy if the message that just ended left the book crossed or locked.
  [[gnu::cold]] void settle_message();

  /// The last update of the open message that landed at or through the opposite best.
  struct PendingCross {
    bool pending = false;
    Side side = Side::buy;  ///< taken as the fresh side if the message ends crossed
    Price price = 0;
  };

  BookOptions options_;
  PriceLadder ladders_[2];  ///< [buy], [sell]
  bool in_snapshot_ = false;
  std::int64_t events_applied_ = 0;
  Timestamp message_ts_ = 0;  ///< exch_ts of the open message
  PendingCross cross_;
  CrossRepairs repairs_;
};

}  // namespace tilt
