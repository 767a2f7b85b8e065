// Tardis order-book files (incremental_book_L2 or book_snapshot_N) as a stream of tilt events.
//
// incremental_book_L2 (docs.tardis.dev, "incremental_book_L2"): each row sets the absolute `amount`
// at `price` on `side` (bid/ask); amount 0 removes the level. `is_snapshot=true` rows carry a full
// book: per Tardis, when a snapshot row follows a non-snapshot row the existing book must be
// discarded. tilt maps a run of consecutive snapshot rows with one exchange timestamp to
//     snapshot_begin, one level event per non-zero level, snapshot_end
// (a change of timestamp inside a run starts a new snapshot). Zero-size snapshot rows are dropped.
//
// book_snapshot_N: every row is the top N levels of both sides at that moment
// (asks[i] ascending from the best ask, bids[i] descending from the best bid; missing levels are
// empty fields). Each row becomes snapshot_begin, its levels (bids, then asks), snapshot_end.
//
// Checks, on top of the field checks of row_checks.hpp:
//   * crossed book: the rows of one exchange timestamp are one venue message (a venue may move a
//     bid above the old ask and remove the ask a row later, in one depth message); once the
//     whole message is in, best bid < best ask must hold. Under StreamOptions::crossed = repair
//     (the default) the side whose best level was updated longer ago is stale; its level is
//     removed (a level event with size 0 at that timestamp) until the book is uncrossed, and
//     repairs.crossed_book counts it whatever the row policy; under error it is a DataError.
//     A crossed book_snapshot row is skipped (repair) or an error; an unsorted one is a bad row.
//   * duplicate snapshot: a snapshot at the same exchange time as the previous snapshot (and, for
//     book_snapshot_N, with the same levels) is a repeat; lenient skips it.
// Levels are tracked in two std::maps (price -> size, last update) only to run these checks; the
// engine's book lives in core.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "adapters/tardis/row_checks.hpp"
#include "adapters/tardis/tardis_files.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters::tardis {

class BookStream {
 public:
  BookStream(RowCursor rows, const Instrument& instrument, Repairs& repairs, StreamOptions options);

  /// The next event, in time order; false at the end.
  bool next(Event& event) {
    while (head_ == pending_.size()) {
      if (!fill()) return false;
    }
    event = pending_[head_++];
    return true;
  }

  const RowCursor& rows() const { return rows_; }
  FileKind kind() const { return rows_.header().kind; }

 private:
  struct Level {
    Qty qty;
    std::int64_t seq;  // row number of the last update: the older side of a cross is stale
  };
  using Bids = std::map<Price, Level, std::greater<>>;
  using Asks = std::map<Price, Level, std::less<>>;

  bool fill();
  void incremental_row(std::span<const std::string_view> f);
  void snapshot_row(std::span<const std::string_view> f);
  void finish();
  void begin_snapshot(Timestamp exch_ts, Timestamp local_ts);
  void end_snapshot();
  void check_crossed();
  void push(Timestamp exch_ts, Timestamp local_ts, Price price, Qty qty, EventKind kind, Side side);

  RowCursor rows_;
  RowChecks checks_;
  std::vector<Event> pending_;
  std::size_t head_ = 0;
  bool finished_ = false;

  Bids bids_;
  Asks asks_;
  std::int64_t seq_ = 0;

  // incremental state
  bool in_snapshot_rows_ = false;
  bool skipping_repeat_ = false;
  bool have_group_ = false;
  Timestamp group_ts_ = 0;
  Timestamp group_local_ts_ = 0;
  std::string group_file_;
  std::int64_t group_line_ = 0;
  bool have_snapshot_ = false;
  Timestamp snapshot_ts_ = 0;
  Timestamp snapshot_local_ts_ = 0;

  // book_snapshot_N state
  std::vector<Event> row_levels_;
  std::string previous_levels_text_;
};

}  // namespace tilt::adapters::tardis
