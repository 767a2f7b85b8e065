// Synthetic L2 market data with a known, tunable imbalance effect.
//
// The generator keeps a market-by-price book of `levels` price levels per side on a one-tick grid
// around a mid price (in ticks) and emits tilt::Event records:
//   * one snapshot at the start (snapshot_begin, every level, snapshot_end);
//   * size changes: each step picks a side and a depth (nearer levels more often) and adds or
//   cancels
//     lots there, emitting the level's new absolute size;
//   * price moves, which is where the imbalance effect lives. A price move happens with probability
//     `move_probability` per step. Its direction is up with probability
//         P(up) = 1/2 + imbalance_strength · I / 2,   I = (Vb − Va)/(Vb + Va) at level 1,
//     so with strength 0 the book's level-1 imbalance says nothing about the next mid move, and
//     with strength 1 it says as much as this mechanism allows. The spread is kept at one tick. An
//     up move is a buy aggressor trading the whole best ask (a trade event, then that ask level
//     removed); the old best-ask price then becomes the new best bid with a fresh random size, the
//     farthest bid level is dropped and a new ask level appears beyond the farthest ask, so each
//     side keeps `levels` levels and the mid rises one tick. Down moves mirror this.
//   * small trades that do not deplete a level (aggressor side random; a fraction
//     `trade_probability` of steps), each followed by the level's reduced size.
// Exchange time advances by exponential inter-arrival gaps with mean `mean_gap`; local time is
// exchange time plus a feed latency of `feed_latency_min + Exp(feed_latency_mean_extra)`, made
// non-decreasing (a real feed is a TCP/UDP stream that delivers in order).
//
// Everything is a pure function of the parameters and `seed` (std::mt19937_64 and hand-written
// distributions, so results do not depend on the standard library's distribution code).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tilt/instrument.hpp"
#include "tilt/store/event_store.hpp"
#include "tilt/types.hpp"

namespace tilt::synthetic {

struct Params {
  std::int64_t events = 1'000'000;  ///< number of events to produce (snapshot included)
  std::uint64_t seed = 1;
  Timestamp start_time = 1'700'000'000'000'000'000;  ///< 2023-11-14T22:13:20Z
  Price start_bid_ticks = 1'000'000;  ///< initial best bid; best ask is one tick above
  int levels = 10;                    ///< price levels per side (>= 2)
  Qty mean_level_size = 50;           ///< typical lots per level
  double move_probability = 0.03;     ///< chance per step of a price move
  double imbalance_strength = 0.6;  ///< 0 = no predictive power, 1 = moves always follow imbalance
  double trade_probability = 0.05;  ///< chance per step of a small trade
  Duration mean_gap = 200 * kMicrosecond;  ///< mean exchange-time gap between steps
  Duration feed_latency_min = 50 * kMicrosecond;
  Duration feed_latency_mean_extra = 30 * kMicrosecond;

  /// Throws tilt::Error naming the first out-of-range parameter.
  void validate() const;
};

/// The instrument the synthetic data is quoted in: "SYNTH", tick 0.01, lot 1.
Instrument synthetic_instrument();

/// Streams events to `sink` in batches of up to `batch_events` (time order). Deterministic in
/// `params`.
void generate(const Params& params, const std::function<void(std::span<const Event>)>& sink,
              std::size_t batch_events = 64 * 1024);

/// Convenience for tests: all events in memory.
std::vector<Event> generate_all(const Params& params);

/// Writes a store at `path` (atomically) and returns the number of events written.
/// `fingerprint`, when given, is stored as the text attribute synthetic.params so a caller can tell
/// whether an existing file was made with the same parameters.
std::int64_t write_store(const Params& params, const std::string& path, StoreOptions options = {},
                         const std::string& fingerprint = "");

}  // namespace tilt::synthetic
