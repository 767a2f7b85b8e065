#include "adapters/tardis/trade_stream.hpp"

namespace tilt::adapters::tardis {

TradeStream::TradeStream(RowCursor rows, const Instrument& instrument, Repairs& repairs,
                         StreamOptions options)
    : rows_(std::move(rows)), checks_(instrument, repairs, std::move(options)) {
  if (rows_.header().kind != FileKind::trades) {
    throw DataError(rows_.first_path(), 1, "header",
                    "is a Tardis " + std::string(to_string(rows_.header().kind)) +
                        " file, expected a trades file");
  }
}

bool TradeStream::next(Event& event) {
  std::span<const std::string_view> f;
  while (rows_.next(f)) {
    // exchange,symbol,timestamp,local_timestamp,id,side,price,amount
    if (!checks_.columns(rows_, f.size(), 8)) continue;
    if (!checks_.symbol(rows_, f[1])) continue;
    Timestamp exch_ts = 0;
    Timestamp local_ts = 0;
    if (!checks_.timestamps(rows_, f[2], f[3], exch_ts, local_ts)) continue;
    Side side = Side::buy;
    if (f[5] == "sell") {
      side = Side::sell;
    } else if (f[5] != "buy") {
      const bool unknown = f[5] == "unknown";
      checks_.bad(unknown ? RepairKind::unknown_side : RepairKind::malformed_row, rows_, "side",
                  unknown ? std::string("aggressor side unknown: tilt trades need one")
                          : "expected buy, sell or unknown, got '" + std::string(f[5]) + "'");
      continue;
    }
    TradePrice price;
    Qty qty = 0;
    if (!checks_.trade_price(rows_, "price", f[6], price)) continue;
    if (!checks_.size(rows_, "amount", f[7], false, qty)) continue;
    checks_.accept_time(exch_ts);
    event = Event{exch_ts,          local_ts, price.price, static_cast<std::int32_t>(qty),
                  EventKind::trade, side,     price.flags};
    return true;
  }
  return false;
}

}  // namespace tilt::adapters::tardis
