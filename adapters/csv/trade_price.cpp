#include "adapters/csv/trade_price.hpp"

namespace tilt::adapters {
namespace {

// kSubTicksPerTick is 10^4: a sub-tick is the tick with four more decimals.
constexpr int kSubTickDecimals = 4;
static_assert(kSubTicksPerTick == 10'000);
constexpr int kMaxDecimalScale = 18;

}  // namespace

TradePriceGrid::TradePriceGrid(const Decimal& tick) : ticks_(tick) {
  if (tick.scale + kSubTickDecimals <= kMaxDecimalScale)
    sub_ticks_.emplace(Decimal{tick.units, tick.scale + kSubTickDecimals});
}

DecimalGrid::Result TradePriceGrid::to_price(std::string_view text, TradePrice& out) const {
  out.flags = 0;
  const DecimalGrid::Result on_tick = ticks_.to_steps(text, out.price);
  if (on_tick != DecimalGrid::Result::off_grid || !sub_ticks_) return on_tick;
  const DecimalGrid::Result sub = sub_ticks_->to_steps(text, out.price);
  if (sub == DecimalGrid::Result::ok) out.flags = kSubTickPrice;
  return sub;
}

DecimalGrid::Result TradePriceGrid::to_price(std::int64_t units, int scale, TradePrice& out) const {
  out.flags = 0;
  const DecimalGrid::Result on_tick = ticks_.to_steps(units, scale, out.price);
  if (on_tick != DecimalGrid::Result::off_grid || !sub_ticks_) return on_tick;
  const DecimalGrid::Result sub = sub_ticks_->to_steps(units, scale, out.price);
  if (sub == DecimalGrid::Result::ok) out.flags = kSubTickPrice;
  return sub;
}

}  // namespace tilt::adapters
