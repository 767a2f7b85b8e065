// SnapshotDiff: a snapshot turned into the level changes it implies against the current book.
//
// A snapshot (snapshot_begin, its level rows, snapshot_end; one message) says what the whole book
// is now. Replaying it as "clear, then rebuild" would show the matching model and the flow signals
// a book that emptied and refilled, which no venue did; a market given as snapshots would then
// fill and signal differently from the same market given as increments. Instead the simulator
// collects the rows and, at snapshot_end, applies only the differences:
//   * a level in the book that the snapshot does not list  -> a size-0 level event (removed);
//   * a level whose size differs, or a new level            -> a level event with the new size;
//   * a level with the same size                           -> nothing.
// Order of the changes: every removal first (bids, then asks, each from the touch outwards), then
// every new or changed size (bids, then asks, each from the touch outwards). Removals first means
// a snapshot that moved the market never shows a stale level crossing a fresh one; the book is
// judged once the whole message is applied anyway (order_book.hpp). Rows with size 0 mean "no
// level"; when a price is listed twice the last row wins (as applying the rows in order would).
//
//   SnapshotDiff diff;
//   diff.begin();                                   // at snapshot_begin
//   diff.add(row);                                  // each level row inside the snapshot
//   for (const Event& c : diff.finish(book, end))   // at snapshot_end: the changes, in order
//     book.apply(c);
//
// The changes carry the snapshot_end event's exch_ts and local_ts. Buffers are reused: no
// allocation once they have reached the size of the largest snapshot. O(n log n) in the rows.
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "tilt/book/book_concepts.hpp"
#include "tilt/types.hpp"

namespace tilt {

class SnapshotDiff {
 public:
  /// True between begin() and finish(): level rows belong to the snapshot, not the book.
  bool collecting() const { return collecting_; }

  /// A snapshot starts; a begin inside a snapshot restarts it.
  void begin() {
    collecting_ = true;
    rows_.clear();
  }
  /// A level row of the snapshot.
  void add(const Event& row) { rows_.push_back(row); }

  /// The level events that turn `book` into the snapshot, in the order described above; valid
  /// until the next call. `end` is the snapshot_end event (its timestamps stamp the changes).
  template <TopNReadable B>
  std::span<const Event> finish(const B& book, const Event& end) {
    collecting_ = false;
    changes_.clear();
    // Touch outwards per side, and the last row of a price first among equals (stable sort of
    // the reversed rows), so that unique() keeps it.
    std::reverse(rows_.begin(), rows_.end());
    std::stable_sort(rows_.begin(), rows_.end(), [](const Event& a, const Event& b) {
      if (a.side != b.side) return a.side < b.side;
      return a.side == Side::buy ? a.price > b.price : a.price < b.price;
    });
    rows_.erase(std::unique(rows_.begin(), rows_.end(),
                            [](const Event& a, const Event& b) {
                              return a.side == b.side && a.price == b.price;
                            }),
                rows_.end());
    for (Side side : {Side::buy, Side::sell}) {
      book.for_each_level(side, [&](const Level& l) {
        if (listed_size(side, l.price) == 0) changes_.push_back(change(end, side, l.price, 0));
        return true;
      });
    }
    for (const Event& row : rows_) {
      if (row.size() != 0 && book.qty_at(row.side, row.price) != row.size())
        changes_.push_back(change(end, row.side, row.price, row.size()));
    }
    return changes_;
  }

 private:
  static Event change(const Event& end, Side side, Price price, Qty qty) {
    Event e{};
    e.exch_ts = end.exch_ts;
    e.local_ts = end.local_ts;
    e.kind = EventKind::level;
    e.side = side;
    e.price = price;
    e.qty = static_cast<std::int32_t>(qty);
    return e;
  }
  /// The snapshot's size at a price (0 when not listed); rows_ is sorted and unique here.
  Qty listed_size(Side side, Price price) const {
    const auto it =
        std::lower_bound(rows_.begin(), rows_.end(), price, [side](const Event& r, Price p) {
          if (r.side != side) return r.side < side;
          return side == Side::buy ? r.price > p : r.price < p;
        });
    return it != rows_.end() && it->side == side && it->price == price ? it->size() : 0;
  }

  bool collecting_ = false;
  std::vector<Event> rows_;
  std::vector<Event> changes_;
};

}  // namespace tilt
