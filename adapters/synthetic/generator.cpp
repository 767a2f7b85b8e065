#include "adapters/synthetic/generator.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::synthetic {
namespace {

// Distributions written out here so that a seed means the same data with any standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  /// Integer in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  /// Depth 0..levels-1, each level half as likely as the one nearer the touch (+ a floor).
  int depth(int levels) {
    int d = 0;
    while (d + 1 < levels && chance(0.5)) ++d;
    return d;
  }

 private:
  std::mt19937_64 engine_;
};

class Generator {
 public:
  Generator(const Params& p, const std::function<void(std::span<const Event>)>& sink,
            std::size_t batch)
      : p_(p),
        sink_(sink),
        rng_(p.seed),
        bids_(static_cast<std::size_t>(p.levels)),
        asks_(bids_.size()) {
    batch_.reserve(batch);
    capacity_ = batch;
    exch_ts_ = p.start_time;
    best_bid_ = p.start_bid_ticks;
  }

  void run() {
    snapshot();
    while (emitted_ < p_.events) step();
    flush();
  }

 private:
  Price best_ask() const { return best_bid_ + 1; }
  Price bid_price(std::size_t i) const { return best_bid_ - static_cast<Price>(i); }
  Price ask_price(std::size_t i) const { return best_ask() + static_cast<Price>(i); }
  Qty fresh_size() { return rng_.between(1, 2 * p_.mean_level_size); }

  void emit(EventKind kind, Side side, Price price, Qty qty) {
    if (emitted_ >= p_.events) return;  // the last step may be cut short at exactly `events`
    Event e{};
    e.exch_ts = exch_ts_;
    e.local_ts = local_ts_;
    e.price = price;
    e.qty = static_cast<std::int32_t>(std::min<Qty>(qty, kMaxEventQty));
    e.kind = kind;
    e.side = side;
    batch_.push_back(e);
    ++emitted_;
    if (batch_.size() == capacity_) flush();
  }

  void flush() {
    if (!batch_.empty()) sink_(std::span<const Event>(batch_.data(), batch_.size()));
    batch_.clear();
  }

  void advance_clock() {
    exch_ts_ += 1 + static_cast<Duration>(rng_.exponential(static_cast<double>(p_.mean_gap)));
    const Duration latency =
        p_.feed_latency_min +
        static_cast<Duration>(rng_.exponential(static_cast<double>(p_.feed_latency_mean_extra)));
    local_ts_ = std::max(local_ts_, exch_ts_ + latency);  // a feed delivers in order
  }

  void snapshot() {
    advance_clock();
    emit(EventKind::snapshot_begin, Side::buy, 0, 0);
    for (std::size_t i = 0; i < bids_.size(); ++i) {
      bids_[i] = fresh_size();
      asks_[i] = fresh_size();
      emit(EventKind::level, Side::buy, bid_price(i), bids_[i]);
      emit(EventKind::level, Side::sell, ask_price(i), asks_[i]);
    }
    emit(EventKind::snapshot_end, Side::buy, 0, 0);
  }

  void step() {
    advance_clock();
    const double u = rng_.uniform();
    if (u < p_.move_probability) {
      price_move();
    } else if (u < p_.move_probability + p_.trade_probability) {
      small_trade();
    } else {
      size_change();
    }
  }

  // The imbalance effect: P(up) = 1/2 + strength * I / 2 with I the level-1 queue imbalance.
  void price_move() {
    const double vb = static_cast<double>(bids_[0]);
    const double va = static_cast<double>(asks_[0]);
    const double imbalance = (vb - va) / (vb + va);
    const bool up = rng_.chance(0.5 + p_.imbalance_strength * imbalance / 2);
    const std::size_t last = bids_.size() - 1;
    if (up) {
      const Price old_ask = best_ask();
      emit(EventKind::trade, Side::buy, old_ask, asks_[0]);
      emit(EventKind::level, Side::sell, old_ask, 0);
      emit(EventKind::level, Side::buy, bid_price(last), 0);
      std::rotate(bids_.rbegin(), bids_.rbegin() + 1, bids_.rend());  // shift away from the touch
      std::rotate(asks_.begin(), asks_.begin() + 1, asks_.end());     // shift toward the touch
      ++best_bid_;
      bids_[0] = fresh_size();
      asks_[last] = fresh_size();
      emit(EventKind::level, Side::buy, bid_price(0), bids_[0]);
      emit(EventKind::level, Side::sell, ask_price(last), asks_[last]);
    } else {
      const Price old_bid = best_bid_;
      emit(EventKind::trade, Side::sell, old_bid, bids_[0]);
      emit(EventKind::level, Side::buy, old_bid, 0);
      emit(EventKind::level, Side::sell, ask_price(last), 0);
      std::rotate(asks_.rbegin(), asks_.rbegin() + 1, asks_.rend());
      std::rotate(bids_.begin(), bids_.begin() + 1, bids_.end());
      --best_bid_;
      asks_[0] = fresh_size();
      bids_[last] = fresh_size();
      emit(EventKind::level, Side::sell, ask_price(0), asks_[0]);
      emit(EventKind::level, Side::buy, bid_price(last), bids_[last]);
    }
  }

  // A trade smaller than the best level: the level shrinks but survives.
  void small_trade() {
    const Side aggressor = rng_.chance(0.5) ? Side::buy : Side::sell;
    std::vector<Qty>& book = aggressor == Side::buy ? asks_ : bids_;
    if (book[0] <= 1) return size_change();
    const Qty qty =
        rng_.between(1, std::max<Qty>(1, std::min<Qty>(book[0] - 1, p_.mean_level_size / 4)));
    const Price price = aggressor == Side::buy ? best_ask() : best_bid_;
    book[0] -= qty;
    emit(EventKind::trade, aggressor, price, qty);
    emit(EventKind::level, opposite(aggressor), price, book[0]);
  }

  // Limit orders arriving and cancelling: sizes revert toward mean_level_size.
  void size_change() {
    const Side side = rng_.chance(0.5) ? Side::buy : Side::sell;
    const auto depth = static_cast<std::size_t>(rng_.depth(p_.levels));
    std::vector<Qty>& book = side == Side::buy ? bids_ : asks_;
    Qty& size = book[depth];
    const double p_add =
        static_cast<double>(p_.mean_level_size) / static_cast<double>(p_.mean_level_size + size);
    const Qty change = rng_.between(1, std::max<Qty>(1, p_.mean_level_size / 5));
    if (rng_.chance(p_add) || size <= 1) {
      size += change;
    } else {
      size = std::max<Qty>(1, size - change);
    }
    emit(EventKind::level, side, side == Side::buy ? bid_price(depth) : ask_price(depth), size);
  }

  const Params& p_;
  const std::function<void(std::span<const Event>)>& sink_;
  Random rng_;
  std::vector<Qty> bids_;  // sizes at best_bid - i
  std::vector<Qty> asks_;  // sizes at best_ask + i
  std::vector<Event> batch_;
  std::size_t capacity_ = 0;
  std::int64_t emitted_ = 0;
  Timestamp exch_ts_ = 0;
  Timestamp local_ts_ = 0;
  Price best_bid_ = 0;
};

void require(bool ok, const std::string& what) {
  if (!ok) throw Error("synthetic data: " + what);
}

}  // namespace

void Params::validate() const {
  require(events >= 0, "events must be >= 0, got " + std::to_string(events));
  require(levels >= 2 && levels <= 1000,
          "levels must be in [2, 1000], got " + std::to_string(levels));
  require(mean_level_size >= 1 && mean_level_size <= 100'000'000,
          "mean_level_size must be in [1, 1e8]");
  require(move_probability >= 0 && move_probability <= 1, "move_probability must be in [0, 1]");
  require(trade_probability >= 0 && move_probability + trade_probability <= 1,
          "move_probability + trade_probability must be in [0, 1]");
  require(imbalance_strength >= 0 && imbalance_strength <= 1,
          "imbalance_strength must be in [0, 1]");
  require(mean_gap >= 0 && feed_latency_min >= 0 && feed_latency_mean_extra >= 0,
          "durations must be >= 0");
  require(start_bid_ticks > levels, "start_bid_ticks must exceed levels so prices stay positive");
}

Instrument synthetic_instrument() {
  Instrument ins;
  ins.symbol = "SYNTH";
  ins.tick_size = Decimal{1, 2};
  ins.lot_size = Decimal{1, 0};
  return ins;
}

void generate(const Params& params, const std::function<void(std::span<const Event>)>& sink,
              std::size_t batch_events) {
  params.validate();
  Generator(params, sink, std::max<std::size_t>(batch_events, 1)).run();
}

std::vector<Event> generate_all(const Params& params) {
  std::vector<Event> all;
  all.reserve(static_cast<std::size_t>(params.events));
  generate(params, [&all](std::span<const Event> batch) {
    all.insert(all.end(), batch.begin(), batch.end());
  });
  return all;
}

std::int64_t write_store(const Params& params, const std::string& path, StoreOptions options,
                         const std::string& fingerprint) {
  StoreWriter writer(path, synthetic_instrument(), options);
  writer.set_text("source", "synthetic");
  writer.set_text("synthetic.seed", std::to_string(params.seed));
  writer.set_text("synthetic.imbalance_strength", std::to_string(params.imbalance_strength));
  if (!fingerprint.empty()) writer.set_text("synthetic.params", fingerprint);
  generate(params, [&writer](std::span<const Event> batch) { writer.append(batch); });
  writer.close();
  return writer.events_written();
}

}  // namespace tilt::synthetic
