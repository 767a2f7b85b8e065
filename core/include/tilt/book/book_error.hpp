// What a book does with bad input: the crossed-book policy and the errors it raises.
//
// A book is crossed when best bid > best ask and locked when they are equal. A venue never
// publishes either at the end of a message (order_book.hpp: the book is judged once per message),
// so seeing one means the data lost an event (typically a removal on the opposite side that the
// feed dropped). The user chooses what happens with the run config's `book: {crossed: ...}`
// (`tilt book --crossed`, `tilt convert` likewise):
//   * repair (default): the side of the message's last crossing update is taken as the fresh
//             one, and the opposite side's levels at or through its best are removed as stale.
//             Each repaired message and each removed level is counted in CrossRepairs, which the
//             run reports (summary.json `repairs`, the report);
//   * error:  throw CrossedBookError naming the message's last event index, its exchange time and
//             the prices.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tilt/error.hpp"
#include "tilt/types.hpp"

namespace tilt {

enum class CrossedPolicy : std::uint8_t { error, repair };

std::string_view to_string(CrossedPolicy policy);
/// "error" or "repair"; throws tilt::Error listing both otherwise.
CrossedPolicy crossed_policy_from_string(std::string_view name);

/// Counters of what the repair policy did; all zero under the error policy.
struct CrossRepairs {
  std::int64_t events = 0;          ///< messages that left the book crossed or locked
  std::int64_t levels_removed = 0;  ///< stale opposite levels removed to uncross it
  friend constexpr bool operator==(const CrossRepairs&, const CrossRepairs&) = default;
};

/// Invalid input to a book: negative size, a snapshot end without a begin, an unknown event kind.
class BookError : public Error {
 public:
  BookError(std::int64_t event_index, Timestamp exch_ts, const std::string& what);
  /// 0-based index of the offending event among those applied to this book.
  std::int64_t event_index() const { return event_index_; }
  Timestamp exch_ts() const { return exch_ts_; }

 private:
  std::int64_t event_index_;
  Timestamp exch_ts_;
};

/// A message left the book crossed (bid > ask) or locked (bid == ask) under the error policy.
class CrossedBookError : public BookError {
 public:
  CrossedBookError(std::int64_t event_index, Timestamp exch_ts, Side updated_side,
                   Price updated_price, Price best_bid, Price best_ask);
  Side updated_side() const { return updated_side_; }
  Price updated_price() const { return updated_price_; }
  Price best_bid() const { return best_bid_; }
  Price best_ask() const { return best_ask_; }

 private:
  Side updated_side_;
  Price updated_price_;
  Price best_bid_;
  Price best_ask_;
};

}  // namespace tilt
