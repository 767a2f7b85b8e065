// The simplest possible L2 book: two std::maps, events applied as documented in tilt/types.hpp, no
// checks and no policies. Tests use it as an independent view of a stream (the generator's, an
// adapter's output); tests/support/naive_book.hpp is the reference that mirrors OrderBook's rules.
#pragma once

#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "tilt/types.hpp"

namespace tilt::testing {

struct MapBook {
  std::map<Price, Qty, std::greater<>> bids;  // best (highest) first
  std::map<Price, Qty> asks;                  // best (lowest) first

  void apply(const Event& e) {
    if (e.kind == EventKind::snapshot_begin) {
      bids.clear();
      asks.clear();
    } else if (e.kind == EventKind::level) {
      if (e.side == Side::buy) {
        set(bids, e.price, e.qty);
      } else {
        set(asks, e.price, e.qty);
      }
    }
  }

  /// The first n (price, qty) levels of a side, best first.
  template <typename Map>
  static std::vector<std::pair<Price, Qty>> top(const Map& m, std::size_t n) {
    std::vector<std::pair<Price, Qty>> out;
    for (const auto& [p, q] : m) {
      if (out.size() == n) break;
      out.emplace_back(p, q);
    }
    return out;
  }

 private:
  template <typename Map>
  static void set(Map& side, Price price, Qty qty) {
    if (qty == 0) {
      side.erase(price);
    } else {
      side[price] = qty;
    }
  }
};

}  // namespace tilt::testing
