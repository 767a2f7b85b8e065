#include "adapters/tardis/book_stream.hpp"

#include <fmt/format.h>

namespace tilt::adapters::tardis {

BookStream::BookStream(RowCursor rows, const Instrument& instrument, Repairs& repairs,
                       StreamOptions options)
    : rows_(std::move(rows)), checks_(instrument, repairs, std::move(options)) {
  if (rows_.header().kind == FileKind::trades) {
    throw DataError(rows_.first_path(), 1, "header",
                    "is a Tardis trades file, expected an order-book file");
  }
  pending_.reserve(1024);
}

void BookStream::push(Timestamp exch_ts, Timestamp local_ts, Price price, Qty qty, EventKind kind,
                      Side side) {
  pending_.push_back(
      Event{exch_ts, local_ts, price, static_cast<std::int32_t>(qty), kind, side, 0});
}

bool BookStream::fill() {
  pending_.clear();
  head_ = 0;
  std::span<const std::string_view> fields;
  while (pending_.empty()) {
    if (!rows_.next(fields)) {
      if (finished_) return false;
      finish();
      finished_ = true;
      return !pending_.empty();
    }
    if (kind() == FileKind::incremental_book_L2) {
      incremental_row(fields);
    } else {
      snapshot_row(fields);
    }
  }
  return true;
}

void BookStream::begin_snapshot(Timestamp exch_ts, Timestamp local_ts) {
  push(exch_ts, local_ts, 0, 0, EventKind::snapshot_begin, Side::buy);
  bids_.clear();
  asks_.clear();
  have_snapshot_ = true;
  snapshot_ts_ = exch_ts;
  snapshot_local_ts_ = local_ts;
}

void BookStream::end_snapshot() {
  push(snapshot_ts_, snapshot_local_ts_, 0, 0, EventKind::snapshot_end, Side::buy);
}

void BookStream::check_crossed() {
  if (bids_.empty() || asks_.empty()) return;
  if (bids_.begin()->first < asks_.begin()->first) return;
  const std::string what = fmt::format(
      "book crossed after the message at exchange time {} us: best bid {} >= best ask {}",
      group_ts_ / kMicrosecond, checks_.instrument().format_price(bids_.begin()->first),
      checks_.instrument().format_price(asks_.begin()->first));
  if (checks_.options().crossed == CrossedPolicy::error)
    throw DataError(group_file_, group_line_, "price",
                    what + " (crossed policy error; repair drops the stale side)");
  checks_.repairs().repaired(RepairKind::crossed_book, group_file_, group_line_, "price", what);
  while (!bids_.empty() && !asks_.empty() && bids_.begin()->first >= asks_.begin()->first) {
    if (bids_.begin()->second.seq < asks_.begin()->second.seq) {
      push(group_ts_, group_local_ts_, bids_.begin()->first, 0, EventKind::level, Side::buy);
      bids_.erase(bids_.begin());
    } else {
      push(group_ts_, group_local_ts_, asks_.begin()->first, 0, EventKind::level, Side::sell);
      asks_.erase(asks_.begin());
    }
  }
}

void BookStream::incremental_row(std::span<const std::string_view> f) {
  // exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
  if (!checks_.columns(rows_, f.size(), 8)) return;
  if (!checks_.symbol(rows_, f[1])) return;
  Timestamp exch_ts = 0;
  Timestamp local_ts = 0;
  if (!checks_.timestamps(rows_, f[2], f[3], exch_ts, local_ts)) return;
  bool is_snapshot = false;
  if (f[4] == "true") {
    is_snapshot = true;
  } else if (f[4] != "false") {
    checks_.bad(RepairKind::malformed_row, rows_, "is_snapshot",
                "expected true or false, got '" + std::string(f[4]) + "'");
    return;
  }
  Side side = Side::buy;
  if (f[5] == "ask") {
    side = Side::sell;
  } else if (f[5] != "bid") {
    checks_.bad(RepairKind::malformed_row, rows_, "side",
                "expected bid or ask, got '" + std::string(f[5]) + "'");
    return;
  }
  Price price = 0;
  Qty qty = 0;
  if (!checks_.price(rows_, "price", f[6], price)) return;
  if (!checks_.size(rows_, "amount", f[7], true, qty)) return;

  if (is_snapshot) {
    const bool new_run = !in_snapshot_rows_ || exch_ts != snapshot_ts_;
    if (new_run && skipping_repeat_ && exch_ts == snapshot_ts_) return;  // rest of the repeat
    if (new_run) {
      if (in_snapshot_rows_) {
        end_snapshot();
        in_snapshot_rows_ = false;
      }
      if (have_snapshot_ && exch_ts == snapshot_ts_) {
        checks_.bad(
            RepairKind::duplicate_snapshot, rows_, "is_snapshot",
            fmt::format("snapshot repeated at exchange time {} us", exch_ts / kMicrosecond));
        skipping_repeat_ = true;
        return;
      }
      if (have_group_) check_crossed();
      skipping_repeat_ = false;
      begin_snapshot(exch_ts, local_ts);
      in_snapshot_rows_ = true;
    }
  } else {
    skipping_repeat_ = false;
    if (in_snapshot_rows_) {
      end_snapshot();
      in_snapshot_rows_ = false;
    }
    if (have_group_ && exch_ts != group_ts_) check_crossed();
  }
  checks_.accept_time(exch_ts);
  have_group_ = true;
  group_ts_ = exch_ts;
  group_local_ts_ = local_ts;
  if (group_file_ != rows_.file()) group_file_ = rows_.file();
  group_line_ = rows_.line();
  ++seq_;

  if (qty == 0) {
    // Removing an absent level is a no-op but is still passed on; a snapshot lists no empty levels.
    if (side == Side::buy) {
      bids_.erase(price);
    } else {
      asks_.erase(price);
    }
    if (is_snapshot) return;
  } else if (side == Side::buy) {
    bids_.insert_or_assign(price, Level{qty, seq_});
  } else {
    asks_.insert_or_assign(price, Level{qty, seq_});
  }
  push(exch_ts, local_ts, price, qty, EventKind::level, side);
}

void BookStream::snapshot_row(std::span<const std::string_view> f) {
  const std::size_t columns = rows_.header().columns;
  if (!checks_.columns(rows_, f.size(), columns)) return;
  if (!checks_.symbol(rows_, f[1])) return;
  Timestamp exch_ts = 0;
  Timestamp local_ts = 0;
  if (!checks_.timestamps(rows_, f[2], f[3], exch_ts, local_ts)) return;

  row_levels_.clear();
  const int levels = rows_.header().snapshot_levels;
  Price last_ask = 0;
  Price last_bid = 0;
  bool any_ask = false;
  bool any_bid = false;
  char name[32];
  for (int i = 0; i < levels; ++i) {
    for (int s = 0; s < 2; ++s) {
      const std::size_t col = 4 + static_cast<std::size_t>(i) * 4 + static_cast<std::size_t>(s) * 2;
      const std::string_view px_text = f[col];
      const std::string_view qty_text = f[col + 1];
      if (px_text.empty() && qty_text.empty()) continue;  // fewer than N levels on this side
      const Side side = s == 0 ? Side::sell : Side::buy;
      const char* side_name = s == 0 ? "asks" : "bids";
      Price price = 0;
      Qty qty = 0;
      *fmt::format_to_n(name, sizeof name - 1, "{}[{}].price", side_name, i).out = '\0';
      if (!checks_.price(rows_, name, px_text, price)) return;
      *fmt::format_to_n(name, sizeof name - 1, "{}[{}].amount", side_name, i).out = '\0';
      if (!checks_.size(rows_, name, qty_text, false, qty)) return;
      bool& any = s == 0 ? any_ask : any_bid;
      Price& last = s == 0 ? last_ask : last_bid;
      if (any && (s == 0 ? price <= last : price >= last)) {
        checks_.bad(RepairKind::malformed_row, rows_, name,
                    std::string(side_name) + " are not sorted away from the best price");
        return;
      }
      any = true;
      last = price;
      row_levels_.push_back(Event{exch_ts, local_ts, price, static_cast<std::int32_t>(qty),
                                  EventKind::level, side, 0});
    }
  }
  // The best level of each side is the first one found above.
  Price best_bid_px = 0;
  Price best_ask_px = 0;
  bool have_bid = false;
  bool have_ask = false;
  for (const Event& e : row_levels_) {
    if (e.side == Side::buy && !have_bid) {
      best_bid_px = e.price;
      have_bid = true;
    }
    if (e.side == Side::sell && !have_ask) {
      best_ask_px = e.price;
      have_ask = true;
    }
  }
  if (have_bid && have_ask && best_bid_px >= best_ask_px) {
    const std::string what = "crossed snapshot: best bid " +
                             checks_.instrument().format_price(best_bid_px) + " >= best ask " +
                             checks_.instrument().format_price(best_ask_px);
    if (checks_.options().crossed == CrossedPolicy::error)
      throw DataError(rows_.file(), rows_.line(), "bids[0].price",
                      what + " (crossed policy error; repair skips the row)");
    checks_.repairs().repaired(RepairKind::crossed_book, rows_.file(), rows_.line(),
                               "bids[0].price", what);
    return;
  }
  // A repeat: same exchange time and the same levels as the previous row.
  const std::string_view levels_text(
      f[4].data(), static_cast<std::size_t>(f.back().data() + f.back().size() - f[4].data()));
  if (have_snapshot_ && exch_ts == snapshot_ts_ && levels_text == previous_levels_text_) {
    checks_.bad(RepairKind::duplicate_snapshot, rows_, "timestamp",
                fmt::format("snapshot repeated at exchange time {} us", exch_ts / kMicrosecond));
    return;
  }
  previous_levels_text_.assign(levels_text);
  checks_.accept_time(exch_ts);
  begin_snapshot(exch_ts, local_ts);
  // Bids first (best first), then asks.
  for (const Event& e : row_levels_)
    if (e.side == Side::buy) pending_.push_back(e);
  for (const Event& e : row_levels_)
    if (e.side == Side::sell) pending_.push_back(e);
  end_snapshot();
}

void BookStream::finish() {
  if (kind() != FileKind::incremental_book_L2) return;
  if (in_snapshot_rows_) {
    end_snapshot();
    in_snapshot_rows_ = false;
  }
  if (have_group_) check_crossed();
}

}  // namespace tilt::adapters::tardis
