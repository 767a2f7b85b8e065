// Latency models: how long an order takes to reach the venue (entry) and an update to come back
// (response). Feed latency (market data) is not modelled here: it is read from each event's two
// timestamps, local_ts - exch_ts, or replaced by a constant in SimConfig (simulator.hpp).
//
// A model is a small type with two methods:
//   EntryLatency entry(Timestamp sent)    for a request the strategy sends at local time `sent`
//   Duration response(Timestamp exch_ts)  for an update the venue produces at `exch_ts`
// The built-ins YAML can name are gathered in the LatencyModel variant; it is visited once per
// order event (never per market-data event).
//
// Ordered sessions: per strategy instance, requests reach the venue and updates reach the strategy
// in the order they were sent, as over one FIFO connection each way. A drawn latency that would
// make a message overtake an earlier one of the same instance and direction is lengthened so that
// it arrives with it instead:
//     request arrival  = max(sent + entry,        previous request arrival)
//     update arrival   = max(exch_ts + response,  previous update arrival)
// and messages arriving at the same instant keep the order they were sent in (event_queue.hpp).
// Constant latencies never need this; recorded ones, whose draws vary from one message to the
// next, do: without it a fill could reach the strategy before its order's ack. The rejection of a
// request the latency data refuses is an update like any other, ordered behind the updates queued
// before it was sent. (Instance applies the rule; the models only draw.)
//
// Both clocks are nanoseconds since the epoch; the simulator assumes they are synchronised, so an
// order sent at local time t arrives at the venue at exchange time t + entry.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "tilt/error.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct EntryLatency {
  Duration entry = 0;     ///< strategy -> venue
  Duration response = 0;  ///< venue -> strategy, for the immediate answer (ack/reject/fills)
  bool rejected = false;  ///< the latency data says this request was rejected; see RecordedLatency
};

/// The same latencies for every order: entry = `entry`, response = `response` (both >= 0).
struct ConstantLatency {
  Duration entry_latency = 0;
  Duration response_latency = 0;

  EntryLatency entry(Timestamp) const { return {entry_latency, response_latency, false}; }
  Duration response(Timestamp) const { return response_latency; }
};

/// One recorded round trip: sent at req_ts (local clock), processed at exch_ts (venue clock),
/// answered at resp_ts (local clock).
struct LatencyRow {
  Timestamp req_ts = 0;
  Timestamp exch_ts = 0;
  Timestamp resp_ts = 0;
  /// Convention (as in hftbacktest's recorded order latencies): exch_ts <= 0 marks a request the
  /// venue rejected; its resp_ts is when the rejection came back.
  bool rejected() const { return exch_ts <= 0; }
};

/// Latencies interpolated over recorded round trips, rows sorted by req_ts.
///
/// For a request sent at t, the row r = the last row with req_ts <= t (the first row if t precedes
/// them all), and s = the row after r:
///   * r is a rejection row  -> the request is rejected; the rejection reaches the strategy at
///                              t + (r.resp_ts - r.req_ts);
///   * s exists, is not a rejection and t > r.req_ts -> entry and response latencies are linearly
///     interpolated between r's and s's at weight w = (t - r.req_ts) / (s.req_ts - r.req_ts):
///         entry    = (1-w)(r.exch_ts - r.req_ts)  + w (s.exch_ts - s.req_ts)
///         response = (1-w)(r.resp_ts - r.exch_ts) + w (s.resp_ts - s.exch_ts)
///     rounded to the nearest nanosecond;
///   * otherwise r's latencies are used as they are.
/// response(exch_ts) (for later updates, e.g. fills of a resting order) uses the same rule with
/// exch_ts in place of t, and never rejects (the response latency of a rejection row is skipped in
/// favour of the nearest valid row before it, or after it if there is none before).
/// Lookups walk a cursor forward, O(1) amortised for the non-decreasing times a run produces
/// (a binary search otherwise). Negative latencies in a valid row are a DataError at load.
class RecordedLatency {
 public:
  explicit RecordedLatency(std::vector<LatencyRow> rows,
                           const std::string& source = "latency rows");
  /// Reads a CSV file with a header naming req_ts, exch_ts, resp_ts (any column order; other
  /// columns are ignored) and one integer-nanosecond row per line. Throws DataError naming the
  /// file, line and field for a malformed row, rows out of req_ts order, or an empty file.
  static RecordedLatency from_csv(const std::string& path);

  EntryLatency entry(Timestamp sent);
  Duration response(Timestamp exch_ts);

  const std::vector<LatencyRow>& rows() const { return *rows_; }

 private:
  std::size_t locate(Timestamp t, std::size_t& cursor) const;
  std::shared_ptr<const std::vector<LatencyRow>> rows_;  ///< shared by copies (one per instance)
  std::size_t entry_cursor_ = 0;
  std::size_t response_cursor_ = 0;
};

using LatencyModel = std::variant<ConstantLatency, RecordedLatency>;

inline EntryLatency entry_latency(LatencyModel& model, Timestamp sent) {
  return std::visit([&](auto& m) { return m.entry(sent); }, model);
}
inline Duration response_latency(LatencyModel& model, Timestamp exch_ts) {
  return std::visit([&](auto& m) { return m.response(exch_ts); }, model);
}

}  // namespace tilt
