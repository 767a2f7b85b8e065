// The check every decoded batch of a store passes before anyone sees it. A corrupted chunk can
// decode to garbage without any error from HDF5 or blosc; the book indexes arrays with an event's
// side and the engine does arithmetic on its prices and times, so garbage must stop here as a
// DataError naming the file and the event, never reach them.
//
// An event is valid when
//   * its kind is one of EventKind's values and its side 0 (buy/bid) or 1 (sell/ask);
//   * its size is >= 0 (a level's absolute size; snapshot markers carry 0) and > 0 for a trade;
//   * its flags hold only known EventFlag bits: kSubTickPrice, on a trade, in a schema-version-2
//     store (version-1 stores have flags 0 throughout);
//   * its price and both timestamps lie in [-2^62, 2^62), so differences and the engine's offsets
//     (latencies, recentring) cannot overflow;
//   * its exchange time is not before the previous event's, across batch boundaries too.
//
// Cost: one branch-free pass per batch that only ORs the verdicts (a few integer operations per
// event, figures in bench/README.md); the event-by-event search for the first bad event (and its
// message) runs only when that pass fails.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "tilt/types.hpp"

namespace tilt::store_detail {

/// Schema versions this reader understands: 1 (flags always 0) and 2 (sub-tick trades).
inline constexpr int kOldestReadableSchemaVersion = 1;
inline constexpr int kNewestReadableSchemaVersion = 2;

/// Prices and timestamps must lie in [-kMaxEventMagnitude, kMaxEventMagnitude), 2^62 = 4.6e18.
inline constexpr std::int64_t kMaxEventMagnitude = std::int64_t{1} << 62;

class EventValidator {
 public:
  EventValidator(std::string path, int schema_version);

  /// Forgets the previous event: the next batch starts the file again.
  void restart() { previous_exch_ts_ = -kMaxEventMagnitude; }

  /// Checks `batch`, which holds the events at indexes first_index, first_index + 1, ... of the
  /// store, and which follows the previously checked batch. Throws DataError "<file>: event <i>:
  /// <what was wrong>" (i 0-based, as h5py indexes /events) for the first bad event.
  void check(std::span<const Event> batch, std::int64_t first_index);

 private:
  [[noreturn]] void report_first_bad(std::span<const Event> batch, std::int64_t first_index) const;

  std::string path_;
  int schema_version_;
  std::uint16_t trade_flags_;                         // flag bits a trade may carry in this store
  Timestamp previous_exch_ts_ = -kMaxEventMagnitude;  // the earliest valid time
};

}  // namespace tilt::store_detail
