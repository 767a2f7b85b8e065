// LOBSTER (lobsterdata.com) message + orderbook files as tilt events.
//
// Format facts (LOBSTER documentation, "Output structure"):
//   message file, no header, one row per event:
//     Time       seconds after midnight, decimal with up to ns resolution (see lobster_time.hpp)
//     Type       1 new limit order, 2 cancellation (partial deletion), 3 deletion (total),
//                4 execution of a visible limit order, 5 execution of a hidden limit order,
//                6 cross trade (auction), 7 trading halt indicator
//     Order ID   unique reference number of the order
//     Size       number of shares
//     Price      dollar price × 10 000 (integer)
//     Direction  1 buy limit order, −1 sell limit order; for executions the side of the *resting*
//                order: executing a sell limit order is a buyer-initiated trade
//   orderbook file, no header, one row per message row: the book *after* that message, L levels
//     of (ask price, ask size, bid price, bid size); an empty level has price 9999999999 (ask) or
//     −9999999999 (bid) and size 0.
//
// What tilt makes of it (all events of a message share its timestamp; local time = exchange time
// + the configured feed latency, since LOBSTER has no receive time):
//   * orders are aggregated to price levels; each level change is a level event with the new
//     absolute size;
//   * types 4 and 5 become a trade event (price, size, aggressor = the side opposite the resting
//     order's direction), before the level change; a hidden execution (5) changes no level. A
//     hidden execution may print between ticks (a half-cent midpoint print on a one-cent tick):
//     it is kept with its exact price in sub-ticks, flagged kSubTickPrice (trade_price.hpp). Any
//     other price off the tick grid, and any price off the sub-tick grid, is a bad row (off_grid);
//   * type 6 (auction cross) has no aggressor and changes no visible level: no event, counted as
//     lobster.cross_trades; type 7 (halt: price −1 halt, 0 quotes resume, 1 trading resumes)
//     changes nothing in an L2 book and has no event kind: counted as lobster.halt_messages
//     (the book is simply not updated during the halt, as no messages arrive);
//   * the initial book: LOBSTER's book is not empty at the file's start. tilt emits a snapshot
//     (snapshot_begin, levels, snapshot_end) at the first message's time holding orderbook row 1
//     with message 1 undone (its size taken back off, or put back for a cancel/execution).
//
// Reconciliation. A LOBSTER message file for L levels holds only the messages that change the top
// L levels; orders resting before the file began are unknown to it. tilt therefore keeps, per
// side, exactly the *window* the orderbook file shows: the prices from the best out to the L-th
// level of the previous row (the whole side when it had fewer than L levels). Inside the window
// every level's size is exact and is kept by the messages alone:
//   * a cancel/delete/execution of an order never seen (it rested before the file began) is
//     applied to its level from the message's own price and size, which is exact for the level
//     (counted as lobster.unknown_order_messages; no reconciliation needed);
//   * after each message the rebuilt window is compared with the orderbook row: a level inside
//     the previous window must agree with the file, and the file must show no level there that the
//     messages removed. A difference means the files do not match (strict: DataError naming the
//     orderbook line and level; lenient: the orderbook file wins, repair orderbook_mismatch).
// Outside the window the message file is incomplete by design, so tilt emits nothing for prices
// there (it only notes the messages' net change, see Reconciliation::message_delta):
//   * a level that enters the window from below takes its size from the orderbook row; this is a
//     reconciliation, counted as lobster.reconciled_levels and listed by reconciliations();
//   * a level pushed out of the window (beyond the L-th level) is dropped with a size-0 level
//     event, since its later changes will not be in the message file. The emitted book is thus
//     always exactly the orderbook file's L levels per side.
//
// Crossed book. Consecutive message rows with the same timestamp are one venue message (one
// matching-engine action: an aggressive order's executions, say). Once a whole message is applied
// the emitted book must have best bid < best ask; a book locked or crossed in the middle of a
// message is normal and left alone. `crossed` decides otherwise: error stops with a DataError
// naming the message file line; repair (default, as for `tilt run` and `tilt book`) removes the
// crossing levels of the side whose levels changed longer ago, with size-0 level events at the
// message's time, and counts repairs.crossed_book. LOBSTER's files come from one matching engine
// and do not cross in practice; a repaired level the orderbook file still shows afterwards is an
// orderbook mismatch (see Reconciliation).
//
// A message file and an orderbook file of different lengths are refused under both policies.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/csv/conversion.hpp"
#include "adapters/csv/fields.hpp"
#include "adapters/csv/line_reader.hpp"
#include "adapters/csv/policy.hpp"
#include "adapters/csv/trade_price.hpp"
#include "tilt/book/book_error.hpp"
#include "tilt/instrument.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters::lobster {

struct ConvertOptions {
  std::string message_file;
  std::string orderbook_file;
  Instrument instrument;
  Policy policy = Policy::strict;
  std::string trading_date;   ///< YYYY-MM-DD; empty: from the message file's name
  std::string utc_offset;     ///< "-04:00"; empty: New York's offset on the trading date
  Duration feed_latency = 0;  ///< local_ts = exch_ts + feed_latency
  CrossedPolicy crossed = CrossedPolicy::repair;  ///< a book crossed after a whole message
};

/// One level whose size came from the orderbook file rather than from the messages.
struct Reconciliation {
  std::int64_t message = 0;  ///< 1-based message (and orderbook) row
  Side side = Side::buy;
  Price price = 0;
  Qty file_qty = 0;       ///< size shown by the orderbook file
  Qty message_delta = 0;  ///< net change the messages had made at this price before
};

class Replay {
 public:
  Replay(const ConvertOptions& options, Repairs& repairs);

  /// Appends the events of the next message to `out` (the first call also the initial snapshot),
  /// preceded by the crossed-book repair of the previous venue message when it needs one. False
  /// at the end of the files; `out` may then still receive the last message's repair.
  bool next_message(std::vector<Event>& out);

  std::int64_t messages() const { return message_no_; }
  const std::vector<Reconciliation>& reconciliations() const { return reconciliations_; }
  std::int64_t unknown_order_messages() const { return unknown_order_messages_; }
  std::int64_t halt_messages() const { return halt_messages_; }
  std::int64_t cross_trades() const { return cross_trades_; }
  int levels() const { return levels_; }
  const LineReader& message_reader() const { return messages_; }
  const LineReader& orderbook_reader() const { return orderbook_; }
  Timestamp day_start() const { return day_start_; }

 private:
  struct Message {
    Timestamp exch_ts = 0;
    int type = 0;
    std::int64_t order_id = 0;
    Qty size = 0;
    Price price = 0;  ///< ticks, or sub-ticks when flags has kSubTickPrice
    Side side = Side::buy;
    std::uint16_t flags = 0;
  };
  struct BookLevel {
    Price price;
    Qty qty;
  };
  struct SideState {
    std::map<Price, Qty> known;    // exact sizes inside the known region
    std::map<Price, Qty> outside;  // net change by messages outside it
    bool everything_known = false;
    Price edge = 0;                // deepest known price (bids: lowest, asks: highest)
    std::int64_t last_change = 0;  // message that last emitted a level here: the fresher side
  };

  bool read_message(Message& m);
  bool parse_book_row(std::string_view line);
  void start_book(const Message& first);
  void apply(const Message& m, std::vector<Event>& out);
  void change_level(Side side, Price price, Qty delta, Timestamp ts, std::vector<Event>& out);
  void reconcile(Side side, Timestamp ts, std::vector<Event>& out);
  void check_crossed(std::vector<Event>& out);
  bool in_known(Side side, Price price) const;
  SideState& state(Side side) { return side == Side::buy ? bids_ : asks_; }
  const SideState& state(Side side) const { return side == Side::buy ? bids_ : asks_; }
  void push(std::vector<Event>& out, Timestamp ts, Price price, Qty qty, EventKind kind, Side side,
            std::uint16_t flags = 0);

  ConvertOptions options_;
  Repairs* repairs_;
  LineReader messages_;
  LineReader orderbook_;
  DecimalGrid tick_grid_;
  TradePriceGrid trade_price_grid_;
  DecimalGrid lot_grid_;
  Timestamp day_start_ = 0;  // UTC ns of local midnight
  int levels_ = 0;
  std::int64_t message_no_ = 0;
  Timestamp last_ts_ = 0;
  bool started_ = false;
  bool message_open_ = false;  // a venue message (run of one timestamp) awaits its crossed check
  Timestamp message_ts_ = 0;
  std::int64_t message_line_ = 0;  // message-file line of its last row

  std::unordered_map<std::int64_t, Qty> order_sizes_;  // resting orders seen in the file
  SideState bids_;
  SideState asks_;
  std::vector<BookLevel> row_bids_;  // orderbook row being compared
  std::vector<BookLevel> row_asks_;
  std::vector<std::string_view> fields_;

  std::vector<Reconciliation> reconciliations_;
  std::int64_t unknown_order_messages_ = 0;
  std::int64_t halt_messages_ = 0;
  std::int64_t cross_trades_ = 0;
};

/// Converts both files and hands the events to `sink` in batches.
ConversionStats convert(const ConvertOptions& options, const EventSink& sink,
                        const ProgressFn& progress = {});

}  // namespace tilt::adapters::lobster
