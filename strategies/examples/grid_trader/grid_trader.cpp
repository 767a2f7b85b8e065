// grid_trader: a grid market maker written as a tilt plugin, the second worked example beside
// strategies/plugin_template/.
//
// Every `refresh` (a repeating timer) it centres a grid on the local mid: `levels` post-only bids
// at mid - k·spacing and asks at mid + k·spacing (k = 1..levels), `size` lots each. Each quote
// carries a client tag that encodes its side and price, so the strategy finds "my bid at 10012"
// with ctx.find_order(tag) instead of keeping a map. Quotes that fell outside the new grid are
// cancelled (only when no request is in flight: ctx.try_cancel). Inventory limits: no bid that
// could take the position above +max_position if every working bid filled, and likewise for asks.
//
// It reports through the run: a log line per fill in run.log, and metrics (recenters, quotes,
// cancels, fills, final inventory) in summary.json and report.html.
#include <tilt/strategy.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using tilt::ClientTag;
using tilt::Price;
using tilt::Qty;
using tilt::Side;

class GridTrader : public tilt::Strategy {
 public:
  explicit GridTrader(tilt::Params& params)
      : levels_(params.integer("levels", 3, 1, 50)),
        spacing_(params.integer("spacing_ticks", 2, 1, 1'000'000)),
        size_(params.lots("size", 1, 1, 1'000'000)),
        max_position_(params.lots("max_position", 5, 1, 1'000'000)),
        refresh_(params.duration("refresh", 100 * tilt::kMillisecond)) {
    params.finish();
  }

  void on_start(tilt::Context& ctx) override {
    ctx.set_repeating_timer(ctx.now() + refresh_, refresh_);
    ctx.log(tilt::LogLevel::info, "grid: " + std::to_string(levels_) + " levels every " +
                                      std::to_string(spacing_) + " ticks on " +
                                      ctx.instrument().symbol);
  }

  void on_timer(tilt::Context& ctx, const tilt::TimerInfo&) override {
    const double mid = ctx.mid();
    if (std::isnan(mid)) return;
    ++recenters_;
    const Price center = static_cast<Price>(std::llround(mid));
    cancel_outside_grid(ctx, center);
    for (std::int64_t k = 1; k <= levels_; ++k) {
      quote(ctx, Side::buy, center - k * spacing_);
      quote(ctx, Side::sell, center + k * spacing_);
    }
  }

  void on_order_update(tilt::Context& ctx, const tilt::OrderUpdateInfo& u) override {
    if (u.kind != tilt::UpdateKind::fill) return;
    ++fills_;
    ctx.log(tilt::LogLevel::info, std::string("fill ") + (u.side == Side::buy ? "buy " : "sell ") +
                                      std::to_string(u.qty) + " @ " + std::to_string(u.price) +
                                      " (tag " + std::to_string(u.client_tag) + "), position " +
                                      std::to_string(ctx.inventory()));
  }

  void on_finish(tilt::Context& ctx) override {
    ctx.set_metric("grid_recenters", static_cast<double>(recenters_));
    ctx.set_metric("grid_quotes", static_cast<double>(quotes_));
    ctx.set_metric("grid_cancels", static_cast<double>(cancels_));
    ctx.set_metric("grid_fills", static_cast<double>(fills_));
    ctx.set_metric("grid_final_inventory", static_cast<double>(ctx.inventory()));
    ctx.set_metric("grid_max_position", static_cast<double>(max_position_));
  }

 private:
  // Tag = side in the top bit, price in the rest (prices are positive ticks).
  static ClientTag tag_of(Side side, Price price) {
    return (side == Side::sell ? ClientTag{1} << 63 : 0) | static_cast<ClientTag>(price);
  }
  static Side side_of(ClientTag tag) { return (tag >> 63) != 0 ? Side::sell : Side::buy; }
  static Price price_of(ClientTag tag) { return static_cast<Price>(tag & ~(ClientTag{1} << 63)); }

  bool in_grid(Side side, Price price, Price center) const {
    const Price offset = side == Side::buy ? center - price : price - center;
    return offset >= spacing_ && offset <= levels_ * spacing_ && offset % spacing_ == 0;
  }

  void cancel_outside_grid(tilt::Context& ctx, Price center) {
    // Copied: try_cancel does not change the working list, but a submit would invalidate it.
    const auto working = ctx.working_orders();
    const std::vector<tilt::OrderId> ids(working.begin(), working.end());
    for (tilt::OrderId id : ids) {
      const tilt::OrderInfo o = ctx.order(id);
      if (o.client_tag == 0 || in_grid(side_of(o.client_tag), price_of(o.client_tag), center))
        continue;
      if (ctx.try_cancel(id)) ++cancels_;
    }
  }

  /// Lots that would be bought (sold) if every working bid (ask) filled.
  Qty working_qty(tilt::Context& ctx, Side side) const {
    Qty total = 0;
    for (tilt::OrderId id : ctx.working_orders()) {
      const tilt::OrderInfo o = ctx.order(id);
      if (o.side == side) total += o.leaves;
    }
    return total;
  }

  void quote(tilt::Context& ctx, Side side, Price price) {
    if (price <= 0) return;
    const ClientTag tag = tag_of(side, price);
    if (const auto existing = ctx.find_order(tag); existing && !existing->is_done()) return;
    const Qty position = ctx.inventory();
    const Qty exposure = working_qty(ctx, side) + size_;
    if (side == Side::buy ? position + exposure > max_position_
                          : position - exposure < -max_position_)
      return;
    ctx.post_only(side, price, size_, tag);
    ++quotes_;
  }

  std::int64_t levels_;
  std::int64_t spacing_;
  Qty size_;
  Qty max_position_;
  tilt::Duration refresh_;
  std::int64_t recenters_ = 0;
  std::int64_t quotes_ = 0;
  std::int64_t cancels_ = 0;
  std::int64_t fills_ = 0;
};

}  // namespace

TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("grid_trader", GridTrader))
