#include "tilt/run/backtest.hpp"

namespace tilt::run_detail {

std::vector<std::unique_ptr<StoreReader>> open_stores(const RunConfig& config) {
  std::vector<std::unique_ptr<StoreReader>> readers;
  for (const std::string& path : config.stores) {
    readers.push_back(std::make_unique<StoreReader>(path));
    const Instrument& first = readers.front()->metadata().instrument;
    const Instrument& here = readers.back()->metadata().instrument;
    if (here.symbol != first.symbol || !(here.tick_size == first.tick_size) ||
        !(here.lot_size == first.lot_size)) {
      throw DataError(path, "holds " + here.symbol + " (tick " + here.tick_size.to_string() +
                                ", lot " + here.lot_size.to_string() + ") but " +
                                config.stores.front() + " holds " + first.symbol + " (tick " +
                                first.tick_size.to_string() + ", lot " +
                                first.lot_size.to_string() + "): one run replays one instrument");
    }
  }
  return readers;
}

}  // namespace tilt::run_detail
