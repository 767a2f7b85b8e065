// Tardis `trades` files as a stream of tilt trade events.
//
// Format (docs.tardis.dev, "trades"):
// exchange,symbol,timestamp,local_timestamp,id,side,price,amount where `side` is the liquidity
// taker's side: buy (the buyer lifted the ask), sell (the seller hit the bid) or unknown when the
// venue does not say. tilt's trade event carries the aggressor side, so `unknown` cannot be stored:
// strict stops, lenient skips the row (repair unknown_side). A trade size must be positive. The
// trade id is not stored. A trade that printed between ticks keeps its exact price in sub-ticks,
// flagged kSubTickPrice (adapters/csv/trade_price.hpp); off the sub-tick grid it is off_grid.
#pragma once

#include <vector>

#include "adapters/tardis/row_checks.hpp"
#include "adapters/tardis/tardis_files.hpp"

namespace tilt::adapters::tardis {

class TradeStream {
 public:
  TradeStream(RowCursor rows, const Instrument& instrument, Repairs& repairs,
              StreamOptions options);

  bool next(Event& event);
  const RowCursor& rows() const { return rows_; }

 private:
  RowCursor rows_;
  RowChecks checks_;
};

}  // namespace tilt::adapters::tardis
