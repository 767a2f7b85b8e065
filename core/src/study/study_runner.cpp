// run_study: stores -> book -> signals -> engine, CKS regression and micro-price estimator, one
// pass (the rules are in tilt/study/study.hpp).
#include <chrono>
#include <cmath>
#include <limits>

#include "tilt/book/order_book.hpp"
#include "tilt/error.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/store/event_store.hpp"
#include "tilt/study/study.hpp"
#include "tilt/study/study_engine.hpp"

namespace tilt::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

BookTop top_of(const OrderBook& book) {
  BookTop t;
  const auto bid = book.best(Side::buy);
  const auto ask = book.best(Side::sell);
  if (!bid || !ask || !book.complete()) return t;
  t.bid = bid->price;
  t.ask = ask->price;
  t.bid_qty = bid->qty;
  t.ask_qty = ask->qty;
  t.valid = true;
  return t;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

class StudyRunner {
 public:
  explicit StudyRunner(const StudyConfig& config)
      : config_(config),
        engine_(signal_axes(config), config.horizons,
                GridOptions{config.buckets, config.warmup_samples, config.block_factor,
                            config.min_block_samples},
                config.lookahead_capacity),
        cks_(config.cks_interval, config.cks_window),
        micro_(config.micro_buckets, config.micro_max_spread_ticks, config.micro_iterations),
        values_(config.signals.size()) {
    for (const SignalSpec& spec : config.signals) price_.push_back(price_signal(spec));
  }

  void run_store(const std::string& path, std::int64_t events_before, std::int64_t events_total,
                 const StudyProgressFn& progress, std::chrono::steady_clock::time_point start) {
    OrderBook book(BookOptions{config_.crossed});
    SignalSet signals;
    handles_.clear();
    for (const SignalSpec& spec : config_.signals) handles_.push_back(signals.add(spec));
    cks_.start_stream();
    micro_.start_stream();
    book_ = &book;
    signals_ = &signals;
    open_ = false;
    top_ = {};
    next_tick_ = std::numeric_limits<Timestamp>::min();
    since_sample_ = 0;

    StoreReader reader(path);
    std::int64_t done = 0;
    for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch()) {
      for (const Event& e : batch) {
        if (open_ && e.exch_ts != message_ts_) finish_message();
        if (!open_) begin_message(e.exch_ts);
        try {
          book.apply(e);
        } catch (const Error& err) {
          throw Error(path + ": " + err.what());
        }
        signals.on_event(book, e);
        book_message_ |= e.kind != EventKind::trade;
      }
      done += static_cast<std::int64_t>(batch.size());
      counters_.events += static_cast<std::int64_t>(batch.size());
      if (progress) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress({events_before + done, events_total, elapsed});
      }
    }
    if (open_) finish_message();
    engine_.end_of_stream();
    cks_.end_stream();
    counters_.crossed_repairs += book.repairs().events;
    book_ = nullptr;
    signals_ = nullptr;
  }

  StudyResult finish() {
    engine_.finish();
    StudyResult r;
    r.config = config_;
    r.predictive = engine_.results();
    r.cks = cks_.result();
    r.cks_intervals = cks_.intervals();
    r.cks_windows = cks_.windows();
    r.micro_price = micro_.result();
    const EngineCounters& ec = engine_.counters();
    counters_.book_messages = ec.book_messages;
    counters_.samples = ec.samples;
    counters_.samples_dropped_lookahead_full = ec.samples_dropped_lookahead_full;
    counters_.pairs_incomplete_at_end = ec.pairs_incomplete_at_end;
    counters_.lookahead_capacity = static_cast<std::int64_t>(engine_.buffer().capacity());
    counters_.lookahead_high_water = static_cast<std::int64_t>(engine_.buffer().high_water());
    r.counters = counters_;
    return r;
  }

 private:
  static std::vector<SignalAxis> signal_axes(const StudyConfig& c) {
    std::vector<SignalAxis> axes;
    SignalSet names;
    for (const SignalSpec& spec : c.signals) {
      SignalAxis a;
      a.name = names.name(names.add(spec));
      a.fixed_buckets = c.bucket_method == BucketMethod::fixed ||
                        (c.bucket_method == BucketMethod::automatic && bounded_signal(spec));
      a.lower = c.bucket_method == BucketMethod::fixed ? c.bucket_min : -1.0;
      a.upper = c.bucket_method == BucketMethod::fixed ? c.bucket_max : 1.0;
      axes.push_back(a);
    }
    return axes;
  }

  void begin_message(Timestamp ts) {
    open_ = true;
    message_ts_ = ts;
    book_message_ = false;
    ++counters_.messages;
    if (config_.sampling.kind == SamplingRule::Kind::clock) {
      const Duration dt = config_.sampling.interval;
      if (next_tick_ == std::numeric_limits<Timestamp>::min()) {
        next_tick_ = (floor_div(ts, dt) + 1) * dt;
      }
      // Each clock tick before this message sees the book in effect then. After a long gap only
      // the ticks of the last lookahead_capacity intervals are sampled (they are identical).
      if (ts > next_tick_) {
        const std::int64_t ticks = floor_div(ts - 1 - next_tick_, dt) + 1;
        const auto cap = static_cast<std::int64_t>(config_.lookahead_capacity);
        if (ticks > cap) next_tick_ += (ticks - cap) * dt;
      }
      while (next_tick_ < ts) {
        take_sample(next_tick_);
        next_tick_ += dt;
      }
    }
    engine_.before_message(ts, last_mid2_);
    cks_.before_message(ts, top_);
  }

  void finish_message() {
    open_ = false;
    if (!book_message_) return;
    const BookTop before = top_;
    top_ = top_of(*book_);
    if (top_.valid) last_mid2_ = top_.mid2();
    engine_.after_book_message(last_mid2_);
    cks_.on_book_message(before, top_);
    micro_.on_book_message(top_);
    if (config_.sampling.kind == SamplingRule::Kind::every_message) {
      take_sample(message_ts_);
    } else if (config_.sampling.kind == SamplingRule::Kind::every_kth_message) {
      if (++since_sample_ >= config_.sampling.every_k) {
        since_sample_ = 0;
        take_sample(message_ts_);
      }
    }
  }

  void take_sample(Timestamp ts) {
    if (!top_.valid || top_.spread() < config_.min_spread_ticks ||
        top_.spread() > config_.max_spread_ticks) {
      ++counters_.samples_skipped_condition;
      return;
    }
    const double mid = static_cast<double>(top_.mid2()) * 0.5;
    for (std::size_t s = 0; s < handles_.size(); ++s) {
      const SignalValue v = signals_->value(handles_[s]);
      values_[s] = !v.valid ? kNaN : price_[s] ? v.value - mid : v.value;
    }
    engine_.sample(ts, top_.mid2(), values_.data());
  }

  const StudyConfig& config_;
  StudyEngine engine_;
  CksRegression cks_;
  MicroPriceEstimator micro_;
  std::vector<double> values_;
  std::vector<bool> price_;
  std::vector<SignalHandle> handles_;
  StudyCounters counters_;
  const OrderBook* book_ = nullptr;
  SignalSet* signals_ = nullptr;
  bool open_ = false;
  bool book_message_ = false;
  Timestamp message_ts_ = 0;
  BookTop top_;
  std::int64_t last_mid2_ = 0;
  Timestamp next_tick_ = 0;
  std::int64_t since_sample_ = 0;
};

}  // namespace

bool bounded_signal(const SignalSpec& spec) {
  // Normalized OFI divides by the average depth, which does not bound it: quantile buckets.
  return spec.type == "queue_imbalance" || spec.type == "depth_imbalance" ||
         spec.type == "trade_flow_imbalance";
}

bool price_signal(const SignalSpec& spec) {
  return spec.type == "micro_price" || spec.type == "weighted_mid" || spec.type == "mid";
}

StudyResult run_study(const StudyConfig& config, const StudyProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  std::string symbol;
  double tick = 0;
  for (const std::string& path : config.stores) {
    const StoreMetadata meta = read_store_metadata(path);
    total += meta.event_count;
    if (symbol.empty()) {
      symbol = meta.instrument.symbol;
      tick = meta.instrument.tick_double();
    }
  }
  StudyRunner runner(config);
  std::int64_t before = 0;
  for (const std::string& path : config.stores) {
    runner.run_store(path, before, total, progress, start);
    before += read_store_metadata(path).event_count;
  }
  StudyResult result = runner.finish();
  result.symbol = symbol;
  result.tick_size = tick;
  result.standard_error_method =
      "overlap-robust: batch-means (cluster) covariance over blocks of consecutive samples, "
      "block length = max(min_block_samples, block_factor x mean samples spanned by the "
      "horizon), delta method for ratios and correlations; ic_pearson_se_iid ignores the overlap";
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tilt::study
