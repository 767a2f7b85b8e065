// The config of `tilt study`: which data, which signals, which horizons, how to sample.
//
//   data:      {store: a.h5} or {stores: [a.h5, b.h5]}, optional synthetic: {...} as in run configs
//   book:      {crossed: repair|error}
//   signals:   the run config's signal list ({type: ofi, window: 100ms, name: ofi_100ms}, ...)
//   horizons:  [1, 10, 100ms, 1s]: a count is book messages ahead, a duration is exchange time
//   ahead sampling:  {every: message} | {every: 10} (every 10th book message) | {every: 100ms} (a
//   clock) condition: {min_spread_ticks: 1, max_spread_ticks: 1} (sample only then; optional)
//   buckets:   {count: 10, method: auto|quantile|fixed, min: -1, max: 1}
//   statistics: {warmup_samples: 20000, block_factor: 10, min_block_samples: 256,
//                lookahead_capacity: 65536}
//   cks:       {interval: 10s, window: 30min}
//   micro_price: {buckets: 10, max_spread_ticks: 4, iterations: 6}
//   output:    {dir: runs/study}
// Unknown keys, wrong types and out-of-range values are ConfigErrors naming file, line, column.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tilt/book/book_error.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/types.hpp"

namespace tilt::study {

/// A forward horizon: a count of book messages or a span of exchange time.
struct Horizon {
  enum class Unit : std::uint8_t { messages, time };
  Unit unit = Unit::messages;
  std::int64_t amount = 1;  ///< messages, or nanoseconds
  std::string label;        ///< "10msg", "100ms"
};

/// When a sample is taken.
struct SamplingRule {
  enum class Kind : std::uint8_t { every_message, every_kth_message, clock };
  Kind kind = Kind::every_message;
  std::int64_t every_k = 1;     ///< for every_kth_message
  Duration interval = kSecond;  ///< for clock
  std::string label() const;
};

enum class BucketMethod : std::uint8_t {
  automatic,  ///< fixed over [-1, 1] for signals bounded there, quantile otherwise
  quantile,   ///< equal-count buckets from the warm-up sample (deciles for count 10)
  fixed,      ///< equal-width buckets over [min, max]; values outside go to the end buckets
};

struct StudyConfig {
  std::string file;  ///< the YAML file read ("" when built in code)
  std::vector<std::string> stores;
  std::map<std::string, std::string> synthetic;  ///< data.synthetic, resolved, as text
  CrossedPolicy crossed = CrossedPolicy::repair;
  std::vector<SignalSpec> signals;
  std::vector<Horizon> horizons;
  SamplingRule sampling;
  std::int64_t min_spread_ticks = 0;  ///< sample only when the spread is within [min, max]
  std::int64_t max_spread_ticks = std::int64_t{1} << 40;

  std::size_t buckets = 10;
  BucketMethod bucket_method = BucketMethod::automatic;
  double bucket_min = -1.0;
  double bucket_max = 1.0;

  std::size_t warmup_samples = 20'000;
  double block_factor = 10.0;
  std::size_t min_block_samples = 256;
  std::size_t lookahead_capacity = std::size_t{1} << 16;  // samples; ~10 MB with 5 signals

  Duration cks_interval = 10 * kSecond;
  Duration cks_window = 30 * 60 * kSecond;

  std::size_t micro_buckets = 10;
  std::int64_t micro_max_spread_ticks = 4;
  int micro_iterations = 6;

  std::string output_dir;

  bool conditioned() const {
    return min_spread_ticks > 0 || max_spread_ticks < (std::int64_t{1} << 40);
  }
};

/// Reads and validates a study config. Throws ConfigError (file:line:column: path: expected ...).
StudyConfig load_study_config(const std::string& path);
StudyConfig parse_study_config(const std::string& yaml_text, const std::string& file = "<string>");

/// The config as YAML with every default filled in (written beside the outputs).
std::string to_yaml(const StudyConfig& config);

}  // namespace tilt::study
