// tilt's native event store: one HDF5 file holding one instrument's market data.
//
// Layout (schema version 1 or 2):
//   /events            1-D dataset of the 32-byte Event compound type (fields exch_ts, local_ts,
//                      price, qty, kind, side, flags), chunked, optionally compressed
//   /events attributes schema_version, symbol, tick_size, lot_size, contract_multiplier, maker_fee,
//                      taker_fee, compression, calendar (crypto_24_7 | us_equities; absent in
//                      older stores: crypto_24_7), plus any counters the writer was given (e.g.
//                      repairs by kind: "repairs.crossed_book" = 3) and free-form text metadata
//                      ("source")
//
// Schema versions. Version 1: every event has flags 0 and every price is in ticks. Version 2 adds
// EventFlag bits (tilt/types.hpp); the writer stamps a store 2 exactly when at least one event
// has a flag set, so a store without such events stays readable by older tilt. Readers accept 1
// and 2.
//
// Prices finer than the tick (version 2). A trade that printed between ticks (a hidden or
// midpoint execution: LOBSTER type 5 at half a cent, a Tardis trade between ticks) carries
// EventFlag::kSubTickPrice and its `price` is in sub-ticks, 1/kSubTicksPerTick (1/10,000) of a
// tick: 577.775 on a 0.01 tick is 57,777.5 ticks, stored as price 577,775,000. Only trades carry
// the flag; such a trade never moved a visible level. What the engine does with one: the book
// ignores it for its levels (trades never change levels); trade-flow imbalance counts its size like
// any trade (its price is not used); the venue does not fill our resting orders from it, since the
// book never showed that liquidity, unless the run sets `venue.fill_on_sub_tick_trades: true`.
// `tilt info` counts them ("sub-tick trades").
//
// The file is written to `<path>.tmp.<pid>` and renamed over `<path>` only by StoreWriter::close(),
// so a crash never leaves a file that looks complete. Readers stream it chunk by chunk: memory use
// is bounded by the chunk size whatever the file length, and the next chunk can be decoded on a
// second thread while the caller consumes the current one.
//
// The default compression is blosc (LZ4 + byte shuffle) through Debian's HDF5 filter plugin, chosen
// from the figures in bench/README.md. tilt registers Debian's plugin folder itself, so nothing
// needs to be set by the user; Python (h5py) finds the same plugin through HDF5's default search
// path or HDF5_PLUGIN_PATH (see README.md).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "tilt/instrument.hpp"
#include "tilt/types.hpp"

namespace tilt {

/// The newest schema version (written when an event carries a flag); readers accept 1 and this.
inline constexpr int kStoreSchemaVersion = 2;
/// The version written when no event carries a flag.
inline constexpr int kStoreSchemaVersionWithoutFlags = 1;
inline constexpr bool is_supported_schema_version(int version) {
  return version == kStoreSchemaVersionWithoutFlags || version == kStoreSchemaVersion;
}

enum class Compression {
  none,       ///< contiguous chunks, no filter: fastest to read, 32 bytes/event
  deflate,    ///< HDF5 shuffle + deflate (zlib) level 1: readable by every HDF5 tool
  blosc_lz4,  ///< blosc LZ4 with byte shuffle (filter 32001): the default
};

std::string_view to_string(Compression c);
/// "none", "deflate", "blosc_lz4"; throws tilt::Error listing the valid names otherwise.
Compression compression_from_string(std::string_view name);

/// The largest chunk a store may declare: 128 MiB of events. Readers hold a chunk (or two, when
/// prefetching) in memory, so a chunk size read from a file is checked against this before any
/// buffer is sized from it.
inline constexpr std::size_t kMaxChunkEvents = std::size_t{4} * 1024 * 1024;

struct StoreOptions {
  Compression compression = Compression::blosc_lz4;
  std::size_t chunk_events = 32 * 1024;  ///< events per HDF5 chunk (16K-32K measured best,
                                         ///< bench/README.md), at most kMaxChunkEvents
  /// A Fletcher32 checksum on every chunk (HDF5's filter, after compression): corrupt chunk data
  /// is then an error when read rather than whatever it decodes to.
  bool checksum = false;
};

/// Everything a store says about itself without reading its events.
struct StoreMetadata {
  Instrument instrument;
  int schema_version = kStoreSchemaVersionWithoutFlags;
  Compression compression = Compression::blosc_lz4;
  std::int64_t event_count = 0;
  std::size_t chunk_events = 0;
  std::int64_t file_bytes = 0;
  std::map<std::string, std::int64_t> counters;  ///< e.g. "repairs.negative_size"
  std::map<std::string, std::string> text;       ///< e.g. "source" -> "tardis"
};

/// Appends events to a new store. Not thread-safe. Destroying a writer that was not closed removes
/// the temporary file and leaves nothing behind at `path`.
class StoreWriter {
 public:
  StoreWriter(std::string path, const Instrument& instrument, StoreOptions options = {});
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  void append(std::span<const Event> events);
  void append(const Event& event) { append(std::span<const Event>(&event, 1)); }
  void set_counter(const std::string& name, std::int64_t value);
  void set_text(const std::string& name, const std::string& value);
  std::int64_t events_written() const;

  /// Flushes, writes attributes, closes and renames the temporary file onto `path`.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Streams a store in chunks. Throws DataError naming the path for a missing file, a file that is
/// not HDF5, one without tilt's /events dataset, a wrong schema version (1 and 2 are read), text
/// attributes that are not UTF-8, or unreadable (truncated, checksum-failing) data. Every batch is
/// checked before it is handed out: an event with an unknown kind, side or flag, a negative size
/// (a trade's must be positive), a price or time outside [-2^62, 2^62), or an exchange time before
/// the previous event's is a DataError "<path>: event <i>: <what>", i counting from 0.
class StoreReader {
 public:
  struct Options {
    std::size_t batch_events = 64 * 1024;  ///< events handed out per next_batch()
    bool prefetch = true;                  ///< decode the next batch on a second thread
  };

  explicit StoreReader(std::string path);
  StoreReader(std::string path, Options options);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  const StoreMetadata& metadata() const;
  const std::string& path() const;

  /// The next batch of events in file order, or an empty span at the end. The span stays valid
  /// until the next call.
  std::span<const Event> next_batch();
  /// Restarts from the first event.
  void rewind();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads only the metadata (and file size) of a store.
StoreMetadata read_store_metadata(const std::string& path);

/// Calls `fn(std::span<const Event>)` for every batch of the store at `path`.
template <typename Fn>
void for_each_batch(const std::string& path, Fn&& fn, StoreReader::Options options = {}) {
  StoreReader reader(path, options);
  for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch()) fn(batch);
}

}  // namespace tilt
