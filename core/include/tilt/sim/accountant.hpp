// The accountant of one strategy instance: what actually happened at the venue, on the exchange
// clock. It receives every fill when the venue executes it and the exchange-side book's mid as
// market data is applied, and records:
//   * position, cash, average entry, realized/unrealized P&L and fees (position.hpp);
//   * an equity and inventory series sampled every `sample_interval` of exchange time, at
//     start + k·interval; each sample is the state after every event with time <= the sample time;
//   * per-fill markouts at several horizons h: the mid move after the fill, signed by the fill's
//     side, in ticks:   markout_h = sign(side) × (mid(t_fill + h) − mid_before_fill)
//     where mid(T) is the exchange mid after every event with time <= T, and mid_before_fill is
//     the mid in force BEFORE the event that filled us: the mid after every event earlier than
//     t_fill, i.e. before the venue message (the events sharing one exchange timestamp) or the
//     order arrival that executed. The fill's own message (a level swept away, a trade through)
//     cannot flatter or hurt the markout. An order that reaches the venue at the very nanosecond
//     of a market message is measured, like that message's fills, from the mid before it.
//     Positive = the market moved our way (no adverse selection). Horizons not reached by the end
//     of the data are NaN;
//   * time-weighted |inventory| and the peak |inventory|.
// With a RunHistory (history.hpp) each fill is handed on once its last horizon has passed and
// dropped: the accountant then holds only the fills of the last (longest horizon) of exchange time,
// and the mean markout per horizon comes from running sums, added in fill order as the markouts
// are made (the same sums, in the same order, as a pass over every fill at the end).
// The mark is the exchange mid ((best bid + best ask) / 2, ticks); while a side is empty it keeps
// the last two-sided mid. All of this costs one comparison per market-data event, plus reading
// the mid once per new exchange timestamp, except when a sample or markout falls due.
//
// Annualized Sharpe uses the instrument's trading calendar (instrument.hpp: 24/7 for crypto, 252
// sessions of 6.5 h for US equities): sharpe × sqrt(trading seconds per year / sample interval).
// When the data span less than one trading day of that calendar (99% of it: a whole session
// recorded from its first to its last message falls just short of 6.5 h) the figure is an
// extrapolation and AccountSummary::sharpe_extrapolated says so (report and summary.json mark it).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "tilt/book/order_book.hpp"
#include "tilt/instrument.hpp"
#include "tilt/sim/event_queue.hpp"
#include "tilt/sim/history.hpp"
#include "tilt/sim/position.hpp"

namespace tilt {

struct AccountingConfig {
  Duration sample_interval = kSecond;
  std::vector<Duration> markout_horizons{100 * kMillisecond, kSecond, 10 * kSecond};
  std::int64_t start_cash = 0;                              ///< tick·lot
  TradingCalendar calendar = TradingCalendar::crypto_24_7;  ///< for the annualized Sharpe
};

/// One execution, as the venue made it.
struct FillRecord {
  Timestamp exch_ts = 0;
  OrderId order_id;
  Side side = Side::buy;
  Price price = 0;
  Qty qty = 0;
  Liquidity liquidity = Liquidity::maker;
  double fee = 0.0;        ///< tick·lot
  Qty position_after = 0;  ///< lots
  double mid = 0.0;        ///< exchange mid (ticks) in force before the event that filled us
};

/// The state at one sample time. Money in tick·lot, mark in ticks.
struct EquitySample {
  Timestamp ts = 0;
  Qty position = 0;
  double mark = 0.0;
  double equity = 0.0;  ///< cash + position × mark − fees (includes start_cash)
  double realized = 0.0;
  double unrealized = 0.0;
  double fees = 0.0;
};

/// Summary statistics of a run, money in currency (converted through the Instrument).
struct AccountSummary {
  double pnl = 0.0;  ///< equity(end) − start
  double realized_pnl = 0.0;
  double unrealized_pnl = 0.0;
  double fees = 0.0;
  double sharpe = 0.0;             ///< mean/std of per-interval equity changes (0 if std = 0)
  double sharpe_annualized = 0.0;  ///< sharpe × sqrt(intervals in a year of `calendar`)
  TradingCalendar calendar = TradingCalendar::crypto_24_7;
  bool sharpe_extrapolated = false;  ///< the data span less than one trading day (see above)
  double max_drawdown = 0.0;         ///< largest peak-to-trough equity fall over the series, >= 0
  double traded_volume = 0.0;        ///< instrument quantity units
  double traded_notional = 0.0;      ///< currency
  double turnover = 0.0;      ///< traded volume / time-weighted mean |inventory| (0 if never held)
  double maker_share = 0.0;   ///< maker volume / volume
  Qty final_position = 0;     ///< lots
  Qty max_abs_inventory = 0;  ///< lots
  double time_weighted_abs_inventory = 0.0;  ///< lots, mean over the run
  std::int64_t fills = 0;
};

class Accountant {
 public:
  explicit Accountant(AccountingConfig config = {});

  const AccountingConfig& config() const { return config_; }
  /// Hands each fill on once its markouts are made (null: keep every fill). Set before the run.
  void set_history(RunHistory* history) { history_ = history; }

  /// Brings samples and markouts up to (not including) time t: call before applying anything at t.
  /// At a new time it also notes the mid in force, from which fills at t are marked out.
  void advance_to(Timestamp t, const OrderBook& book) {
    if (t != last_time_) {
      if (t > next_due_) [[unlikely]]
        catch_up(t, book);
      mid_before_ = mark(book);
      last_time_ = t;
    }
  }
  /// Records a fill executed at time t (after advance_to(t)); `book` is the exchange book now.
  void on_fill(Timestamp t, const OrderUpdate& fill, const OrderBook& book);
  /// Closes the run at `end`: samples due by then, a final sample at `end`, inventory integral.
  void finish(Timestamp end, const OrderBook& book);

  const PositionState& position() const { return state_; }
  /// The current mark (ticks): exchange mid, or the last two-sided one. Inline: advance_to asks
  /// for it at every new exchange time.
  double mark(const OrderBook& book) {
    const auto bid = book.best(Side::buy);
    const auto ask = book.best(Side::sell);
    if (bid && ask) [[likely]] {
      last_mid_ = 0.5 * static_cast<double>(bid->price + ask->price);
    } else if (std::isnan(last_mid_)) {
      return 0.0;
    }
    return last_mid_;
  }
  /// Every fill, in execution order; with a history, only those not yet handed on.
  std::span<const FillRecord> fills() const {
    return std::span<const FillRecord>(fills_).subspan(head_);
  }
  std::span<const EquitySample> samples() const { return samples_; }
  /// Markouts row-major, for fills(): markout(fill i, horizon k) = markouts()[i × horizons + k];
  /// NaN if unreached.
  std::span<const double> markouts() const {
    return std::span<const double>(markouts_).subspan(head_ * config_.markout_horizons.size());
  }
  double markout(std::size_t fill, std::size_t horizon) const {
    return markouts_[(head_ + fill) * config_.markout_horizons.size() + horizon];
  }
  /// Mean of the markouts made so far at horizon k (every fill of the run, handed on or not);
  /// NaN when none.
  double mean_markout(std::size_t horizon) const {
    return markout_count_[horizon] > 0
               ? markout_sum_[horizon] / static_cast<double>(markout_count_[horizon])
               : std::numeric_limits<double>::quiet_NaN();
  }
  Qty max_abs_inventory() const { return max_abs_inventory_; }
  /// Mean |inventory| over time so far (lots).
  double time_weighted_abs_inventory() const;

  AccountSummary summary(const Instrument& instrument) const;

 private:
  void catch_up(Timestamp t, const OrderBook& book);
  void integrate_inventory(Timestamp t);
  void recompute_next_due();
  /// Hands the fills whose every markout is made to history_, dropping them (amortized O(1)).
  void hand_on_fills();
  EquitySample sample_at(Timestamp ts, double mark) const;

  AccountingConfig config_;
  PositionState state_;
  std::vector<FillRecord> fills_;
  std::vector<EquitySample> samples_;
  std::vector<double> markouts_;
  std::vector<std::size_t> markout_cursor_;  ///< per horizon: first fill not yet marked out
  std::vector<double> markout_sum_;          ///< per horizon: Σ finite markouts, in fill order
  std::vector<std::int64_t> markout_count_;  ///< per horizon: how many
  RunHistory* history_ = nullptr;
  std::size_t head_ = 0;  ///< fills_[0, head_) were handed on (erased now and then)
  double last_mid_ = std::numeric_limits<double>::quiet_NaN();
  double mid_before_ = 0.0;   ///< mark when the current exchange time began
  Timestamp start_ = kNever;  ///< first time seen
  Timestamp last_time_ = std::numeric_limits<Timestamp>::min();
  Timestamp next_sample_ = kNever;
  Timestamp next_due_ = std::numeric_limits<Timestamp>::min();  ///< first call initialises
  Timestamp inventory_since_ = 0;
  double inventory_area_ = 0.0;  ///< Σ |position| × dt, lots·ns
  Qty max_abs_inventory_ = 0;
  bool finished_ = false;
};

}  // namespace tilt
