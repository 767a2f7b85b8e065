#include "tilt/sim/accountant.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tilt/error.hpp"

namespace tilt {

Accountant::Accountant(AccountingConfig config) : config_(std::move(config)) {
  if (config_.sample_interval <= 0) throw Error("accounting: sample_interval must be positive");
  for (Duration h : config_.markout_horizons) {
    if (h <= 0) throw Error("accounting: markout horizons must be positive");
  }
  state_.start_cash = config_.start_cash;
  state_.cash = config_.start_cash;
  markout_cursor_.assign(config_.markout_horizons.size(), 0);
  markout_sum_.assign(config_.markout_horizons.size(), 0.0);
  markout_count_.assign(config_.markout_horizons.size(), 0);
  fills_.reserve(1024);
  markouts_.reserve(1024 * config_.markout_horizons.size());
}

EquitySample Accountant::sample_at(Timestamp ts, double mark) const {
  return {ts,
          state_.position,
          mark,
          state_.equity(mark),
          state_.realized(),
          state_.unrealized(mark),
          state_.fees};
}

void Accountant::recompute_next_due() {
  next_due_ = next_sample_;
  for (std::size_t k = 0; k < markout_cursor_.size(); ++k) {
    if (markout_cursor_[k] < fills_.size()) {
      next_due_ =
          std::min(next_due_, fills_[markout_cursor_[k]].exch_ts + config_.markout_horizons[k]);
    }
  }
}

void Accountant::catch_up(Timestamp t, const OrderBook& book) {
  if (start_ == kNever) {
    start_ = t;
    last_time_ = t;
    inventory_since_ = t;
    next_sample_ = t + config_.sample_interval;
    recompute_next_due();
    return;
  }
  const double mid = mark(book);
  while (next_sample_ < t) {
    samples_.push_back(sample_at(next_sample_, mid));
    next_sample_ += config_.sample_interval;
  }
  const std::size_t horizons = config_.markout_horizons.size();
  for (std::size_t k = 0; k < horizons; ++k) {
    std::size_t& i = markout_cursor_[k];
    while (i < fills_.size() && fills_[i].exch_ts + config_.markout_horizons[k] < t) {
      const double m = sign(fills_[i].side) * (mid - fills_[i].mid);
      markouts_[i * horizons + k] = m;
      if (std::isfinite(m)) {
        markout_sum_[k] += m;
        ++markout_count_[k];
      }
      ++i;
    }
  }
  if (history_ != nullptr) hand_on_fills();
  recompute_next_due();
}

void Accountant::hand_on_fills() {
  const std::size_t horizons = config_.markout_horizons.size();
  std::size_t done = fills_.size();
  for (std::size_t c : markout_cursor_) done = std::min(done, c);
  for (; head_ < done; ++head_) {
    history_->fill_done(fills_[head_],
                        std::span<const double>(markouts_).subspan(head_ * horizons, horizons));
  }
  // Erase the handed-on front once it is most of the vector: each fill is moved O(1) times, and
  // the vectors never outgrow twice the fills in flight.
  if (head_ >= 256 && head_ * 2 >= fills_.size()) {
    fills_.erase(fills_.begin(), fills_.begin() + static_cast<std::ptrdiff_t>(head_));
    markouts_.erase(markouts_.begin(),
                    markouts_.begin() + static_cast<std::ptrdiff_t>(head_ * horizons));
    for (std::size_t& c : markout_cursor_) c -= head_;
    head_ = 0;
  }
}

void Accountant::integrate_inventory(Timestamp t) {
  inventory_area_ +=
      static_cast<double>(abs_qty(state_.position)) * static_cast<double>(t - inventory_since_);
  inventory_since_ = t;
}

void Accountant::on_fill(Timestamp t, const OrderUpdate& fill, const OrderBook& book) {
  advance_to(t, book);  // no-op when the caller already did, as it must before changing `book`
  integrate_inventory(t);
  state_.apply_fill(fill.side, fill.price, fill.qty, fill.liquidity, fill.fee);
  max_abs_inventory_ = std::max(max_abs_inventory_, abs_qty(state_.position));
  const double mid = mid_before_;
  FillRecord& record = fills_.emplace_back();  // in place, field by field (no temporary)
  record.exch_ts = t;
  record.order_id = fill.id;
  record.side = fill.side;
  record.price = fill.price;
  record.qty = fill.qty;
  record.liquidity = fill.liquidity;
  record.fee = fill.fee;
  record.position_after = state_.position;
  record.mid = mid;
  markouts_.insert(markouts_.end(), config_.markout_horizons.size(),
                   std::numeric_limits<double>::quiet_NaN());
  if (history_ != nullptr && markout_cursor_.empty()) hand_on_fills();  // no horizons to wait for
  recompute_next_due();
}

void Accountant::finish(Timestamp end, const OrderBook& book) {
  if (finished_) return;
  finished_ = true;
  if (start_ == kNever) advance_to(end, book);
  end = std::max(end, last_time_);
  catch_up(end + 1, book);  // everything due at or before `end`
  if (samples_.empty() || samples_.back().ts != end) samples_.push_back(sample_at(end, mark(book)));
  integrate_inventory(end);
  last_time_ = end;
}

double Accountant::time_weighted_abs_inventory() const {
  if (start_ == kNever || last_time_ <= start_)
    return static_cast<double>(abs_qty(state_.position));
  const double area = inventory_area_ + static_cast<double>(abs_qty(state_.position)) *
                                            static_cast<double>(std::max<Timestamp>(
                                                last_time_ - inventory_since_, 0));
  return area / static_cast<double>(last_time_ - start_);
}

AccountSummary Accountant::summary(const Instrument& instrument) const {
  const double money =
      instrument.tick_double() * instrument.lot_double() * instrument.contract_multiplier;
  AccountSummary s;
  const double mark =
      samples_.empty() ? (std::isnan(last_mid_) ? 0.0 : last_mid_) : samples_.back().mark;
  const double start = static_cast<double>(state_.start_cash);
  s.pnl = (state_.equity(mark) - start) * money;
  s.realized_pnl = state_.realized() * money;
  s.unrealized_pnl = state_.unrealized(mark) * money;
  s.fees = state_.fees * money;

  // Per-interval equity changes over the regular grid (a final off-grid sample is left out).
  std::vector<double> changes;
  double previous = start;
  double peak = start;
  for (const EquitySample& sample : samples_) {
    peak = std::max(peak, sample.equity);
    s.max_drawdown = std::max(s.max_drawdown, (peak - sample.equity) * money);
    if ((sample.ts - start_) % config_.sample_interval != 0) continue;
    changes.push_back(sample.equity - previous);
    previous = sample.equity;
  }
  if (changes.size() >= 2) {
    double mean = 0.0;
    for (double c : changes) mean += c;
    mean /= static_cast<double>(changes.size());
    double var = 0.0;
    for (double c : changes) var += (c - mean) * (c - mean);
    var /= static_cast<double>(changes.size() - 1);
    if (var > 0.0) {
      s.sharpe = mean / std::sqrt(var);
      const double per_year = trading_seconds_per_year(config_.calendar) * 1e9 /
                              static_cast<double>(config_.sample_interval);
      s.sharpe_annualized = s.sharpe * std::sqrt(per_year);
    }
  }
  s.calendar = config_.calendar;
  const double span_seconds =
      start_ == kNever ? 0.0 : static_cast<double>(last_time_ - start_) / 1e9;
  // A whole session recorded from its first to its last message falls just short of the day.
  constexpr double kWholeDay = 0.99;
  s.sharpe_extrapolated = span_seconds < kWholeDay * trading_seconds_per_day(config_.calendar);
  s.traded_volume = static_cast<double>(state_.volume) * instrument.lot_double();
  s.traded_notional = static_cast<double>(state_.notional) * money;
  s.time_weighted_abs_inventory = time_weighted_abs_inventory();
  s.turnover = s.time_weighted_abs_inventory > 0.0
                   ? static_cast<double>(state_.volume) / s.time_weighted_abs_inventory
                   : 0.0;
  s.maker_share = state_.volume > 0 ? static_cast<double>(state_.maker_volume) /
                                          static_cast<double>(state_.volume)
                                    : 0.0;
  s.final_position = state_.position;
  s.max_abs_inventory = max_abs_inventory_;
  s.fills = state_.fills;
  return s;
}

}  // namespace tilt
