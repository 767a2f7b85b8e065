// `tilt study`: does imbalance predict the next mid moves on this data, at which horizon, how
// strongly? One streaming pass over one or several event stores, with bounded memory.
//
//   StudyConfig config = load_study_config("configs/study.yaml");
//   StudyResult result = run_study(config);
//   write_study_outputs(result, "runs/study");   // study.json, study.h5, study.html
//
// Per store: the L2 book (order_book.hpp, crossed-book policy book.crossed) and the signal set
// (signal_set.hpp, the run config's signal syntax) are rebuilt from the store's events. Events
// sharing an exchange timestamp form one message; a sample is taken after a whole message (never a
// half-applied book), under the sampling rule:
//   * every book message (a message with at least one level or snapshot event; trade-only
//     messages do not change the book), or every k-th book message;
//   * a clock every Δ of exchange time: the book in effect at each multiple of Δ (flow signals
//     with time windows report their value as of the last event before the tick).
// A sample needs a complete two-sided book whose spread is within condition.{min,max}_spread_ticks.
// Signal values: price-valued signals (micro_price, weighted_mid, mid) are studied as their
// offset from the mid (value − mid, ticks), the quantity that predicts; every other signal as is.
// An invalid signal value leaves that signal out of that sample.
// Forward moves: study_engine.hpp; statistics: predictive_stats.hpp; standard errors:
// block_moments.hpp; CKS regression: cks_regression.hpp; micro-price: micro_price_estimator.hpp.
// All computed in the same pass; results are a pure function of the config and the data.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tilt/study/cks_regression.hpp"
#include "tilt/study/micro_price_estimator.hpp"
#include "tilt/study/predictive_stats.hpp"
#include "tilt/study/study_config.hpp"

namespace tilt::study {

struct StudyCounters {
  std::int64_t events = 0;
  std::int64_t messages = 0;
  std::int64_t book_messages = 0;
  std::int64_t samples = 0;
  std::int64_t samples_skipped_condition = 0;  ///< sampling points where the book failed it
  std::int64_t samples_dropped_lookahead_full = 0;
  std::int64_t pairs_incomplete_at_end = 0;
  std::int64_t lookahead_capacity = 0;
  std::int64_t lookahead_high_water = 0;
  std::int64_t crossed_repairs = 0;
};

struct StudyResult {
  StudyConfig config;
  std::string symbol;
  double tick_size = 0;
  StudyCounters counters;
  std::vector<PredictiveResult> predictive;  ///< signal-major: every horizon of signal 0, ...
  CksResult cks;
  std::vector<CksInterval> cks_intervals;
  std::vector<CksWindow> cks_windows;
  MicroPriceResult micro_price;
  double wall_seconds = 0;
  std::string standard_error_method;  ///< one sentence for the outputs
};

struct StudyProgress {
  std::int64_t events_done = 0;
  std::int64_t events_total = 0;
  double elapsed_seconds = 0;
};

using StudyProgressFn = std::function<void(const StudyProgress&)>;

/// Runs the study. Throws DataError / BookError / SignalError for bad data, naming the store.
StudyResult run_study(const StudyConfig& config, const StudyProgressFn& progress = {});

/// The outputs, each written atomically into `dir` (created if missing).
void write_study_outputs(const StudyResult& result, const std::string& dir);
std::string study_json(const StudyResult& result);
void write_study_h5(const StudyResult& result, const std::string& path);
std::string render_study_html(const StudyResult& result);

/// Whether signals of this type are bounded to [−1, 1] (fixed buckets under buckets.method auto).
bool bounded_signal(const SignalSpec& spec);
/// Whether signals of this type are prices, studied as their offset from the mid.
bool price_signal(const SignalSpec& spec);

}  // namespace tilt::study
