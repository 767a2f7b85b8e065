#include "adapters/tardis/tardis_convert.hpp"

#include <optional>

#include "adapters/tardis/book_stream.hpp"
#include "adapters/tardis/trade_stream.hpp"

namespace tilt::adapters::tardis {

ConversionStats convert(const ConvertOptions& options, const EventSink& sink,
                        const ProgressFn& progress) {
  options.instrument.validate();
  if (options.book_files.empty()) throw Error("tardis conversion needs at least one book file");
  Repairs repairs(options.policy);
  BookStream book(RowCursor(options.book_files, repairs), options.instrument, repairs,
                  options.stream);
  if (options.require_snapshot_files && book.kind() != FileKind::book_snapshot) {
    throw DataError(
        options.book_files.front(), 1, "header",
        "is a Tardis " + std::string(to_string(book.kind())) + " file, expected book_snapshot_N");
  }
  if (options.require_incremental_files && book.kind() != FileKind::incremental_book_L2) {
    throw DataError(options.book_files.front(), 1, "header",
                    "is a Tardis " + std::string(to_string(book.kind())) +
                        " file, expected incremental_book_L2");
  }
  std::optional<TradeStream> trades;
  if (!options.trade_files.empty()) {
    trades.emplace(RowCursor(options.trade_files, repairs), options.instrument, repairs,
                   options.stream);
  }

  EventBatcher out(sink);
  Event b{};
  Event t{};
  bool have_b = book.next(b);
  bool have_t = trades && trades->next(t);
  bool snapshot_open = false;  // emitted snapshot_begin without its snapshot_end yet
  std::int64_t next_progress = 0;
  auto rows = [&] { return book.rows().rows() + (trades ? trades->rows().rows() : 0); };
  while (have_b || have_t) {
    // A snapshot in progress is emitted whole; otherwise the earlier exchange time goes first and
    // a trade wins a tie.
    const bool take_trade = have_t && (!have_b || (!snapshot_open && t.exch_ts <= b.exch_ts));
    if (take_trade) {
      out.push(t);
      have_t = trades->next(t);
    } else {
      if (b.kind == EventKind::snapshot_begin) snapshot_open = true;
      if (b.kind == EventKind::snapshot_end) snapshot_open = false;
      out.push(b);
      have_b = book.next(b);
    }
    if (progress && out.pushed() >= next_progress) {
      next_progress = out.pushed() + 256 * 1024;
      progress(Progress{
          book.rows().file_bytes_done() + (trades ? trades->rows().file_bytes_done() : 0),
          book.rows().file_bytes_total() + (trades ? trades->rows().file_bytes_total() : 0),
          rows()});
    }
  }
  out.flush();

  ConversionStats stats;
  stats.rows_read = rows();
  stats.events_written = out.pushed();
  stats.text_bytes = book.rows().text_bytes() + (trades ? trades->rows().text_bytes() : 0);
  stats.file_bytes =
      book.rows().file_bytes_total() + (trades ? trades->rows().file_bytes_total() : 0);
  out.record_counters(stats);
  record_repairs(repairs, stats);
  if (progress) progress(Progress{stats.file_bytes, stats.file_bytes, stats.rows_read});
  return stats;
}

}  // namespace tilt::adapters::tardis
