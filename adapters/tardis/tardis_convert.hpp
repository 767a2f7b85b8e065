// Tardis conversion: order-book files (incremental_book_L2 or book_snapshot_N) and optional trades
// files of one instrument into one time-ordered event stream.
//
// Several files of a kind (a day each) are stitched in order of their first exchange timestamp.
// The book and trade streams are then merged by exchange timestamp. At equal exchange time a trade
// goes before the book rows: venues publish the trade and the level change it caused under one
// timestamp, and a queue model must see the trade first to attribute the size that left the level
// to it rather than to a cancellation. A snapshot (snapshot_begin .. snapshot_end) is never split
// by a trade. Within one stream the file order is kept (the merge is stable). Both timestamps of
// every row are kept (microseconds → nanoseconds).
#pragma once

#include <string>
#include <vector>

#include "adapters/csv/conversion.hpp"
#include "adapters/csv/policy.hpp"
#include "adapters/tardis/row_checks.hpp"
#include "tilt/instrument.hpp"

namespace tilt::adapters::tardis {

struct ConvertOptions {
  std::vector<std::string> book_files;   ///< incremental_book_L2 or book_snapshot_N, one kind
  std::vector<std::string> trade_files;  ///< may be empty
  Instrument instrument;
  Policy policy = Policy::strict;
  StreamOptions stream;
  /// If set, the book files must be of this kind (otherwise the header decides).
  bool require_snapshot_files = false;
  bool require_incremental_files = false;
};

/// Converts and hands the events to `sink` in batches; `progress` (optional) is called every few
/// hundred thousand rows. Throws DataError (strict policy or unrecoverable input).
ConversionStats convert(const ConvertOptions& options, const EventSink& sink,
                        const ProgressFn& progress = {});

}  // namespace tilt::adapters::tardis
