#include "adapters/lobster/lobster_replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "adapters/lobster/lobster_time.hpp"
#include "tilt/error.hpp"

namespace tilt::adapters::lobster {
namespace {

constexpr std::int64_t kDummyAsk = 9'999'999'999;
constexpr std::int64_t kDummyBid = -9'999'999'999;
constexpr int kPriceScale = 4;  // LOBSTER prices are dollars × 10^4

// The size change a message makes to its visible level (0 for hidden executions, halts...).
Qty visible_delta(int type, Qty size) {
  switch (type) {
    case 1:
      return size;
    case 2:
    case 3:
    case 4:
      return -size;
    default:
      return 0;
  }
}

bool better_or_equal(Side side, Price a, Price b) {
  return side == Side::buy ? a >= b : a <= b;
}

}  // namespace

Replay::Replay(const ConvertOptions& options, Repairs& repairs)
    : options_(options),
      repairs_(&repairs),
      messages_(options.message_file),
      orderbook_(options.orderbook_file),
      tick_grid_(options.instrument.tick_size),
      trade_price_grid_(options.instrument.tick_size),
      lot_grid_(options.instrument.lot_size) {
  options_.instrument.validate();
  std::optional<TradingDate> date;
  if (!options_.trading_date.empty()) {
    date = parse_date(options_.trading_date);
    if (!date) throw Error("trading date '" + options_.trading_date + "' is not YYYY-MM-DD");
  } else {
    date = date_from_file_name(options_.message_file);
    if (!date) {
      throw DataError(options_.message_file,
                      "no trading date in the file name (LOBSTER names files "
                      "TICKER_YYYY-MM-DD_...); give it with --date YYYY-MM-DD");
    }
  }
  Duration offset = new_york_utc_offset(*date);
  if (!options_.utc_offset.empty()) {
    const auto parsed = parse_utc_offset(options_.utc_offset);
    if (!parsed) throw Error("UTC offset '" + options_.utc_offset + "' is not like -04:00");
    offset = *parsed;
  }
  day_start_ = utc_midnight(*date) - offset;
  fields_.resize(8 * 4 * 50 + 1);
}

void Replay::push(std::vector<Event>& out, Timestamp ts, Price price, Qty qty, EventKind kind,
                  Side side, std::uint16_t flags) {
  if (kind == EventKind::level) state(side).last_change = message_no_;
  out.push_back(Event{ts, ts + options_.feed_latency, price, static_cast<std::int32_t>(qty), kind,
                      side, flags});
}

bool Replay::read_message(Message& m) {
  std::string_view line;
  do {
    if (!messages_.next(line)) return false;
  } while (line.empty());
  const std::string& file = messages_.path();
  const std::int64_t no = messages_.line_number();
  auto bad = [&](RepairKind kind, std::string_view field, const std::string& what) {
    repairs_->report(kind, file, no, field, what);
    m = Message{};  // lenient: the row is skipped (type 0 changes nothing)
    return true;
  };
  std::array<std::string_view, 6> f;
  const std::size_t n = split_fields(line, f);
  if (n != 6) {
    return bad(RepairKind::malformed_row, "",
               "expected 6 columns (time,type,order id,size,price,direction), got " +
                   (n > 6 ? std::string("more") : std::to_string(n)));
  }
  std::int64_t seconds_ns = 0;
  std::int64_t type = 0;
  std::int64_t size = 0;
  std::int64_t price = 0;
  std::int64_t direction = 0;
  // The store holds times in [-2^62, 2^62) (event_store.hpp): a later one is refused here (the
  // sum below would otherwise pass it on, or overflow).
  const Timestamp latest = kMaxEventMagnitude - 1 - std::max<Duration>(options_.feed_latency, 0);
  if (!parse_seconds_ns(f[0], seconds_ns) || seconds_ns > latest - day_start_)
    return bad(RepairKind::malformed_row, "time",
               "expected seconds after midnight, got '" + std::string(f[0]) + "'");
  if (!parse_int(f[1], type) || type < 1 || type > 7)
    return bad(RepairKind::malformed_row, "type",
               "expected an event type 1..7, got '" + std::string(f[1]) + "'");
  if (!parse_int(f[2], m.order_id))
    return bad(RepairKind::malformed_row, "order id",
               "expected an integer, got '" + std::string(f[2]) + "'");
  if (!parse_int(f[3], size))
    return bad(RepairKind::malformed_row, "size",
               "expected an integer, got '" + std::string(f[3]) + "'");
  if (!parse_int(f[4], price))
    return bad(RepairKind::malformed_row, "price",
               "expected an integer (dollars × 10000), got '" + std::string(f[4]) + "'");
  if (!parse_int(f[5], direction) || (direction != 1 && direction != -1))
    return bad(RepairKind::malformed_row, "direction",
               "expected 1 or -1, got '" + std::string(f[5]) + "'");
  m.type = static_cast<int>(type);
  m.exch_ts = day_start_ + seconds_ns;
  m.side = direction == 1 ? Side::buy : Side::sell;
  if (m.exch_ts < last_ts_) {
    return bad(RepairKind::time_backwards, "time",
               fmt::format("time goes backwards by {} ns", last_ts_ - m.exch_ts));
  }
  if (m.type == 7) {  // halt indicator: price is -1/0/1, size 0
    m.size = 0;
    m.price = 0;
    last_ts_ = m.exch_ts;
    return true;
  }
  if (size < 0 || (size == 0 && m.type != 6))
    return bad(RepairKind::negative_size, "size", "size " + std::string(f[3]) + " is not positive");
  if (lot_grid_.to_steps(size, 0, m.size) != DecimalGrid::Result::ok || m.size > kMaxEventQty)
    return bad(RepairKind::off_grid, "size",
               "size " + std::string(f[3]) + " is not a multiple of lot " +
                   options_.instrument.lot_size.to_string());
  if (m.type == 5) {  // a hidden execution may print between ticks
    TradePrice exact;
    if (trade_price_grid_.to_price(price, kPriceScale, exact) != DecimalGrid::Result::ok)
      return bad(RepairKind::off_grid, "price",
                 "hidden execution price " + Decimal{price, kPriceScale}.to_string() +
                     " is not a multiple of a sub-tick (tick " +
                     options_.instrument.tick_size.to_string() + " / " +
                     std::to_string(kSubTicksPerTick) + ")");
    m.price = exact.price;
    m.flags = exact.flags;
  } else if (tick_grid_.to_steps(price, kPriceScale, m.price) != DecimalGrid::Result::ok) {
    return bad(RepairKind::off_grid, "price",
               "price " + Decimal{price, kPriceScale}.to_string() + " is not a multiple of tick " +
                   options_.instrument.tick_size.to_string());
  }
  last_ts_ = m.exch_ts;
  return true;
}

bool Replay::parse_book_row(std::string_view line) {
  const std::string& file = orderbook_.path();
  const std::int64_t no = orderbook_.line_number();
  const std::size_t n = std::min(split_fields(line, fields_), fields_.size());
  if (levels_ == 0) {
    if (n % 4 != 0 || n == 0 || n >= fields_.size())
      throw DataError(file, no, "",
                      "an orderbook row has 4 columns per level, got " + std::to_string(n));
    levels_ = static_cast<int>(n / 4);
  }
  if (n != static_cast<std::size_t>(levels_) * 4) {
    repairs_->report(RepairKind::malformed_row, file, no, "",
                     fmt::format("expected {} columns, got {}", levels_ * 4, n));
    return false;
  }
  row_bids_.clear();
  row_asks_.clear();
  for (int level = 0; level < levels_; ++level) {
    for (int s = 0; s < 2; ++s) {
      const std::size_t col = static_cast<std::size_t>(level) * 4 + static_cast<std::size_t>(s) * 2;
      const Side side = s == 0 ? Side::sell : Side::buy;
      std::int64_t px = 0;
      std::int64_t sz = 0;
      auto field = [&](const char* what) {
        return fmt::format("{} {} {}", s == 0 ? "ask" : "bid", what, level + 1);
      };
      if (!parse_int(fields_[col], px)) {
        repairs_->report(RepairKind::malformed_row, file, no, field("price"),
                         "expected an integer, got '" + std::string(fields_[col]) + "'");
        return false;
      }
      if (!parse_int(fields_[col + 1], sz) || sz < 0) {
        repairs_->report(RepairKind::malformed_row, file, no, field("size"),
                         "expected a size, got '" + std::string(fields_[col + 1]) + "'");
        return false;
      }
      if (px == (side == Side::sell ? kDummyAsk : kDummyBid) || sz == 0) continue;
      Price ticks = 0;
      Qty lots = 0;
      if (tick_grid_.to_steps(px, kPriceScale, ticks) != DecimalGrid::Result::ok ||
          lot_grid_.to_steps(sz, 0, lots) != DecimalGrid::Result::ok) {
        repairs_->report(RepairKind::off_grid, file, no, field("price"),
                         "level off the tick/lot grid");
        return false;
      }
      if (lots > kMaxEventQty) {  // an event holds at most 2^31-1 lots (types.hpp)
        repairs_->report(RepairKind::malformed_row, file, no, field("size"),
                         "size " + std::string(fields_[col + 1]) + " is out of range");
        return false;
      }
      (side == Side::buy ? row_bids_ : row_asks_).push_back(BookLevel{ticks, lots});
    }
  }
  return true;
}

bool Replay::in_known(Side side, Price price) const {
  const SideState& st = state(side);
  return st.everything_known || better_or_equal(side, price, st.edge);
}

void Replay::start_book(const Message& first) {
  for (const Side side : {Side::buy, Side::sell}) {
    const auto& row = side == Side::buy ? row_bids_ : row_asks_;
    SideState& st = state(side);
    for (const BookLevel& l : row) st.known[l.price] = l.qty;
    st.everything_known = row.size() < static_cast<std::size_t>(levels_);
    st.edge = row.empty() ? 0 : row.back().price;
  }
  // Undo message 1: the book before it.
  const Qty delta = visible_delta(first.type, first.size);
  if (delta != 0 && in_known(first.side, first.price)) {
    auto& known = state(first.side).known;
    const Qty before = known[first.price] - delta;
    if (before < 0) {
      repairs_->report(RepairKind::orderbook_mismatch, orderbook_.path(), 1, "",
                       "orderbook row 1 does not contain message 1 of " + messages_.path());
    }
    if (before <= 0) {
      known.erase(first.price);
    } else {
      known[first.price] = before;
    }
  }
}

void Replay::change_level(Side side, Price price, Qty delta, Timestamp ts,
                          std::vector<Event>& out) {
  if (delta == 0) return;
  SideState& st = state(side);
  if (!in_known(side, price)) {
    const Qty net = st.outside[price] + delta;
    if (net == 0) {
      st.outside.erase(price);
    } else {
      st.outside[price] = net;
    }
    return;
  }
  auto it = st.known.find(price);
  Qty qty = (it == st.known.end() ? 0 : it->second) + delta;
  if (qty < 0) {
    repairs_->report(RepairKind::orderbook_mismatch, messages_.path(), messages_.line_number(),
                     "size",
                     fmt::format("removes {} at {} but the level holds only {}", -delta,
                                 options_.instrument.format_price(price), qty - delta));
    qty = 0;
  }
  if (qty > kMaxEventQty) {  // an event holds at most 2^31-1 lots (types.hpp): the level stays
    repairs_->report(RepairKind::malformed_row, messages_.path(), messages_.line_number(), "size",
                     fmt::format("the level at {} would hold {} lots, above 2^31-1",
                                 options_.instrument.format_price(price), qty));
    return;
  }
  if (qty == 0) {
    if (it != st.known.end()) st.known.erase(it);
  } else {
    st.known[price] = qty;
  }
  push(out, ts, price, qty, EventKind::level, side);
}

void Replay::apply(const Message& m, std::vector<Event>& out) {
  const bool executes = m.type == 4 || m.type == 5;
  if (executes) push(out, m.exch_ts, m.price, m.size, EventKind::trade, opposite(m.side), m.flags);
  if (m.type != 0) {
    message_open_ = true;
    message_ts_ = m.exch_ts;
    message_line_ = messages_.line_number();
  }
  switch (m.type) {
    case 1:
      order_sizes_[m.order_id] = m.size;
      break;
    case 2:
    case 3:
    case 4: {
      auto it = order_sizes_.find(m.order_id);
      if (it == order_sizes_.end()) {
        ++unknown_order_messages_;
      } else if (m.type == 3 || (it->second -= m.size) <= 0) {
        order_sizes_.erase(it);
      }
      break;
    }
    case 6:
      ++cross_trades_;
      break;
    case 7:
      ++halt_messages_;
      break;
    default:
      break;
  }
  change_level(m.side, m.price, visible_delta(m.type, m.size), m.exch_ts, out);
}

void Replay::reconcile(Side side, Timestamp ts, std::vector<Event>& out) {
  SideState& st = state(side);
  const auto& row = side == Side::buy ? row_bids_ : row_asks_;
  const std::string& file = orderbook_.path();
  const std::int64_t no = orderbook_.line_number();
  const char* side_name = side == Side::buy ? "bid" : "ask";
  auto mismatch = [&](std::size_t level, Price price, Qty ours, Qty theirs) {
    repairs_->report(
        RepairKind::orderbook_mismatch, file, no, fmt::format("{} level {}", side_name, level + 1),
        fmt::format("at price {} the book rebuilt from {} holds {}, the orderbook "
                    "file {} (files do not match)",
                    options_.instrument.format_price(price), messages_.path(), ours, theirs));
  };
  // 1. Every level the row shows: inside the previous window the messages must have explained
  //    it; from below the window it is taken from the file.
  for (std::size_t i = 0; i < row.size(); ++i) {
    const BookLevel& l = row[i];
    if (in_known(side, l.price)) {
      auto it = st.known.find(l.price);
      const Qty ours = it == st.known.end() ? 0 : it->second;
      if (ours == l.qty) continue;
      mismatch(i, l.price, ours, l.qty);
    } else {
      auto it = st.outside.find(l.price);
      const Qty delta = it == st.outside.end() ? 0 : it->second;
      if (it != st.outside.end()) st.outside.erase(it);
      reconciliations_.push_back(Reconciliation{message_no_, side, l.price, l.qty, delta});
    }
    st.known[l.price] = l.qty;
    push(out, ts, l.price, l.qty, EventKind::level, side);
  }
  // 2. The new window is the row's: levels inside it that the row does not show must not exist;
  //    levels beyond it leave the shown depth and are dropped.
  const bool whole_side = row.size() < static_cast<std::size_t>(levels_);
  auto covered = [&](Price p) { return whole_side || better_or_equal(side, p, row.back().price); };
  auto listed = [&](Price p) {
    return std::any_of(row.begin(), row.end(), [p](const BookLevel& l) { return l.price == p; });
  };
  for (auto it = st.known.begin(); it != st.known.end();) {
    if (covered(it->first) && listed(it->first)) {
      ++it;
      continue;
    }
    if (covered(it->first)) mismatch(static_cast<std::size_t>(levels_), it->first, it->second, 0);
    push(out, ts, it->first, 0, EventKind::level, side);
    it = st.known.erase(it);
  }
  for (auto it = st.outside.begin(); it != st.outside.end();) {
    it = covered(it->first) ? st.outside.erase(it) : std::next(it);
  }
  st.everything_known = whole_side;
  if (!whole_side) st.edge = row.back().price;
}

void Replay::check_crossed(std::vector<Event>& out) {
  message_open_ = false;
  auto& bids = bids_.known;
  auto& asks = asks_.known;
  if (bids.empty() || asks.empty() || bids.rbegin()->first < asks.begin()->first) return;
  const std::string what =
      fmt::format("book crossed after the message ending here: best bid {} >= best ask {}",
                  options_.instrument.format_price(bids.rbegin()->first),
                  options_.instrument.format_price(asks.begin()->first));
  if (options_.crossed == CrossedPolicy::error) {
    throw DataError(messages_.path(), message_line_, "price",
                    what + " (crossed policy error; repair drops the stale side)");
  }
  repairs_->repaired(RepairKind::crossed_book, messages_.path(), message_line_, "price", what);
  while (!bids.empty() && !asks.empty() && bids.rbegin()->first >= asks.begin()->first) {
    // The side that changed longer ago is stale.
    if (bids_.last_change < asks_.last_change) {
      const Price price = bids.rbegin()->first;
      bids.erase(price);
      push(out, message_ts_, price, 0, EventKind::level, Side::buy);
    } else {
      const Price price = asks.begin()->first;
      asks.erase(asks.begin());
      push(out, message_ts_, price, 0, EventKind::level, Side::sell);
    }
  }
}

bool Replay::next_message(std::vector<Event>& out) {
  Message m;
  if (!read_message(m)) {
    if (message_open_) check_crossed(out);
    std::string_view line;
    while (orderbook_.next(line)) {
      if (!line.empty()) {
        throw DataError(orderbook_.path(), orderbook_.line_number(), "",
                        fmt::format("the orderbook file has more rows than the message file {} "
                                    "({} messages): the files do not match",
                                    messages_.path(), message_no_));
      }
    }
    return false;
  }
  ++message_no_;
  std::string_view line;
  do {
    if (!orderbook_.next(line)) {
      throw DataError(orderbook_.path(), orderbook_.line_number(), "",
                      fmt::format("the orderbook file ends before message {} of {}: the files "
                                  "do not match",
                                  message_no_, messages_.path()));
    }
  } while (line.empty());
  const bool row_ok = parse_book_row(line);
  if (message_open_ && m.type != 0 && m.exch_ts != message_ts_) check_crossed(out);
  if (!started_) {
    if (!row_ok) {
      throw DataError(orderbook_.path(), orderbook_.line_number(), "",
                      "the first orderbook row is needed for the initial book");
    }
    start_book(m);
    started_ = true;
    const Timestamp ts = m.type == 0 ? std::max(last_ts_, day_start_) : m.exch_ts;
    push(out, ts, 0, 0, EventKind::snapshot_begin, Side::buy);
    for (auto it = bids_.known.rbegin(); it != bids_.known.rend(); ++it)
      push(out, ts, it->first, it->second, EventKind::level, Side::buy);
    for (const auto& [price, qty] : asks_.known)
      push(out, ts, price, qty, EventKind::level, Side::sell);
    push(out, ts, 0, 0, EventKind::snapshot_end, Side::buy);
  }
  if (m.type == 0 && !message_open_) {
    // A skipped row (lenient) still brings its orderbook row's levels (the initial snapshot, the
    // reconciliation below): they are judged like a message at their time.
    message_open_ = true;
    message_ts_ = std::max(last_ts_, day_start_);
    message_line_ = messages_.line_number();
  }
  apply(m, out);
  if (row_ok) {
    const Timestamp ts = m.type == 0 ? std::max(last_ts_, day_start_) : m.exch_ts;
    reconcile(Side::buy, ts, out);
    reconcile(Side::sell, ts, out);
  }
  return true;
}

ConversionStats convert(const ConvertOptions& options, const EventSink& sink,
                        const ProgressFn& progress) {
  Repairs repairs(options.policy);
  Replay replay(options, repairs);
  EventBatcher batcher(sink);
  std::vector<Event> events;
  events.reserve(256);
  const std::int64_t total =
      replay.message_reader().file_bytes() + replay.orderbook_reader().file_bytes();
  while (replay.next_message(events)) {
    for (const Event& e : events) batcher.push(e);
    events.clear();
    if (progress && replay.messages() % 65536 == 0) {
      progress(
          Progress{replay.message_reader().file_offset() + replay.orderbook_reader().file_offset(),
                   total, replay.messages() * 2});
    }
  }
  for (const Event& e : events) batcher.push(e);  // the last message's crossed-book repair
  batcher.flush();
  ConversionStats stats;
  stats.rows_read = replay.messages() * 2;
  stats.events_written = batcher.pushed();
  stats.text_bytes = replay.message_reader().text_bytes() + replay.orderbook_reader().text_bytes();
  stats.file_bytes = total;
  stats.counters["lobster.messages"] = replay.messages();
  stats.counters["lobster.reconciled_levels"] =
      static_cast<std::int64_t>(replay.reconciliations().size());
  stats.counters["lobster.unknown_order_messages"] = replay.unknown_order_messages();
  stats.counters["lobster.halt_messages"] = replay.halt_messages();
  stats.counters["lobster.cross_trades"] = replay.cross_trades();
  batcher.record_counters(stats);
  record_repairs(repairs, stats);
  if (progress) progress(Progress{total, total, stats.rows_read});
  return stats;
}

}  // namespace tilt::adapters::lobster
