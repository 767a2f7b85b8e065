// The best bid and ask read once per event for the level-1 signals, the shared rule for when a
// book-state signal recomputes (BookStateSeries, TouchSeries), and BookEventView: what SignalSet
// works out once per event (the step and the touch) and hands to every flow signal, and what a
// signal updated on its own works out for itself.
#pragma once

#include <limits>
#include <optional>
#include <span>

#include "tilt/book/book_concepts.hpp"
#include "tilt/book/level.hpp"
#include "tilt/signals/signal_value.hpp"
#include "tilt/types.hpp"

namespace tilt::signals {

/// Best bid and ask; a missing side has qty 0 (a book never holds a level of size 0).
struct Touch {
  Level bid;
  Level ask;
  bool two_sided() const { return bid.qty != 0 && ask.qty != 0; }
};

template <TopNReadable B>
[[gnu::always_inline]] inline Touch read_touch(const B& book) {
  return Touch{book.best(Side::buy).value_or(Level{}), book.best(Side::sell).value_or(Level{})};
}

/// The prices beyond which a level event cannot change a side's best N levels: the N-th best price
/// at the last recompute, or any price when the side had fewer than N levels. An event worse than
/// its side's boundary changes neither side's top N (the book is never left crossed, so it cannot
/// have triggered a repair of the other side), so signals skip it: most updates land deeper in
/// the book, and this is what keeps a signal's typical cost far below one top-N read per event.
struct TopBoundary {
  Price bid = std::numeric_limits<Price>::min();
  Price ask = std::numeric_limits<Price>::max();

  bool affects(const Event& e) const {
    return e.side == Side::buy ? e.price >= bid : e.price <= ask;
  }
  /// From the levels just read: `nb`/`na` levels were found of the `n` wanted.
  static TopBoundary from(std::span<const Level> bids, std::size_t nb, std::span<const Level> asks,
                          std::size_t na) {
    TopBoundary b;
    if (nb != 0 && nb == bids.size()) b.bid = bids[nb - 1].price;
    if (na != 0 && na == asks.size()) b.ask = asks[na - 1].price;
    return b;
  }
};

/// What a book-state signal does with an event (see signal_value.hpp).
enum class BookStep : unsigned char { recompute, invalidate, keep };

template <TopNReadable B>
BookStep book_step(const B& book, const Event& event, const TopBoundary& boundary) {
  switch (event.kind) {
    case EventKind::level:
      if (book.in_snapshot() || !boundary.affects(event)) return BookStep::keep;
      return BookStep::recompute;
    case EventKind::snapshot_end:
      return BookStep::recompute;
    case EventKind::snapshot_begin:
      return BookStep::invalidate;
    default:
      return BookStep::keep;
  }
}

/// One event as every signal of a SignalSet sees it, worked out once by the set (or by a signal's
/// own on_event(book, event) when it is used alone):
///   * `step`: book_step() with no boundary, i.e. what a touch-only signal does;
///   * `touch`: the touch after the event, read only when step == recompute and a signal of the
///     set reads it (reads_touch(); else empty).
struct BookEventView {
  const Event& event;
  BookStep step = BookStep::keep;
  Touch touch;

  /// The view of `event` after `book` applied it; the touch is read only when `with_touch`
  /// (some reader of the view uses it) and the step is recompute.
  template <TopNReadable B>
  [[gnu::always_inline]] static BookEventView of(const B& book, const Event& event,
                                                 bool with_touch = true) {
    BookEventView v{event, book_step(book, event, TopBoundary{}), Touch{}};
    if (with_touch && v.step == BookStep::recompute) v.touch = read_touch(book);
    return v;
  }
};

/// The update every book-state signal shares: recompute on the events that may change the book's
/// top (BookEventView::step), invalid from a snapshot's begin to its end, unchanged otherwise.
/// Derived provides `SignalValue recompute(book, view) const` and `static bool reads_touch()`.
template <typename Derived>
class BookStateSeries {
 public:
  template <TopNReadable B>
  void on_event(const B& book, const Event& event) {
    on_event(book, BookEventView::of(book, event, Derived::reads_touch()));
  }
  template <TopNReadable B>
  void on_event(const B& book, const BookEventView& v) {
    switch (v.step) {
      case BookStep::recompute:
        value_ = static_cast<const Derived&>(*this).recompute(book, v);
        break;
      case BookStep::invalidate:
        value_ = {};
        break;
      case BookStep::keep:
        break;
    }
  }
  SignalValue value() const { return value_; }

 private:
  SignalValue value_;
};

/// Book-state signals that are a pure function of the touch: Derived provides
/// `SignalValue compute(const Touch&) const`.
/// No skip when the touch did not move: about half of all level events change it, so the skip
/// branch mispredicts and costs more than the O(1) recompute it saves (bench/book_bench: 45 ->
/// 42.5 ns/event for the five signals without it).
template <typename Derived>
class TouchSeries : public BookStateSeries<Derived> {
 public:
  template <TopNReadable B>
  SignalValue recompute(const B& /*book*/, const BookEventView& v) const {
    return static_cast<const Derived&>(*this).compute(v.touch);
  }
  /// The value on_event() would have left after the book's last event (signal_value.hpp).
  template <TopNReadable B>
  SignalValue evaluate(const B& book) const {
    if (book.in_snapshot()) return {};
    return static_cast<const Derived&>(*this).compute(read_touch(book));
  }
  /// Whether on_event(book, view) uses view.touch (SignalSet reads it only if some signal does).
  static constexpr bool reads_touch() { return true; }
};

}  // namespace tilt::signals
