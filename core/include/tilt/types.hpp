// Core value types shared by every part of tilt.
//
// Inside the engine a price is an integer number of ticks and a quantity an integer number of lots;
// the Instrument (instrument.hpp) converts to and from decimals at the edges. Time is int64
// nanoseconds since the Unix epoch. These are named aliases rather than wrapper classes so that the
// hot path stays plain integer arithmetic; the names carry the unit.
#pragma once

#include <cstdint>
#include <string_view>

namespace tilt {

/// Nanoseconds since the Unix epoch (UTC).
using Timestamp = std::int64_t;
/// A signed span of time in nanoseconds.
using Duration = std::int64_t;
/// A price in integer ticks of the instrument.
using Price = std::int64_t;
/// A quantity in integer lots of the instrument.
using Qty = std::int64_t;

inline constexpr Duration kNanosecond = 1;
inline constexpr Duration kMicrosecond = 1'000;
inline constexpr Duration kMillisecond = 1'000'000;
inline constexpr Duration kSecond = 1'000'000'000;

/// Side of the book or of an order. A bid level and a buy order are both `buy`.
enum class Side : std::uint8_t { buy = 0, sell = 1 };

constexpr Side opposite(Side s) {
  return s == Side::buy ? Side::sell : Side::buy;
}
/// +1 for buy, -1 for sell: the sign of the position change a fill on this side causes.
constexpr int sign(Side s) {
  return s == Side::buy ? 1 : -1;
}
constexpr std::string_view to_string(Side s) {
  return s == Side::buy ? "buy" : "sell";
}

/// What a market-data event means. The numeric values are stored on disk (schema version 1):
/// never renumber, only append.
enum class EventKind : std::uint8_t {
  /// Absolute visible size `qty` at `price` on side `side` (buy = bid, sell = ask); qty 0 removes
  /// it.
  level = 1,
  /// A trade of `qty` at `price`; `side` is the aggressor (buy = a buyer lifted the ask).
  trade = 2,
  /// Start of a snapshot: the whole book (both sides) is cleared; the level events that follow up
  /// to `snapshot_end` rebuild it. `price`, `qty` and `side` are 0.
  snapshot_begin = 3,
  /// End of a snapshot: the book is complete again.
  snapshot_end = 4,
};

constexpr std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::level:
      return "level";
    case EventKind::trade:
      return "trade";
    case EventKind::snapshot_begin:
      return "snapshot_begin";
    case EventKind::snapshot_end:
      return "snapshot_end";
  }
  return "unknown";
}

constexpr bool is_valid(EventKind k) {
  return k == EventKind::level || k == EventKind::trade || k == EventKind::snapshot_begin ||
         k == EventKind::snapshot_end;
}

/// One market-data record: 32 bytes, trivially copyable, the unit of the event store.
///
/// `qty` is 32-bit on disk to keep the record at 32 bytes (half a cache line); adapters refuse a
/// size above 2^31-1 lots with a clear error rather than truncating. Engine code widens it to
/// `Qty`.
struct Event {
  Timestamp exch_ts;   ///< when the venue processed it
  Timestamp local_ts;  ///< when our strategy received it; local_ts - exch_ts is the feed latency
  Price price;         ///< ticks; 0 and meaningless for snapshot markers
  std::int32_t qty;    ///< lots; absolute level size for `level`, traded size for `trade`
  EventKind kind;
  Side side;
  std::uint16_t flags;  ///< EventFlag bits; 0 for every event of schema version 1

  constexpr Qty size() const { return qty; }
  friend constexpr bool operator==(const Event&, const Event&) = default;
};

static_assert(sizeof(Event) == 32, "Event is the on-disk record: keep it at 32 bytes");
static_assert(alignof(Event) == 8);

inline constexpr std::int32_t kMaxEventQty = 0x7fffffff;

/// Bits of Event::flags (schema version 2; version-1 stores have flags 0).
enum EventFlag : std::uint16_t {
  /// A trade that printed between ticks (a hidden or midpoint execution). Its `price` is then in
  /// sub-ticks, 1/kSubTicksPerTick of a tick, so the print keeps its exact price; it never moved a
  /// visible level. Only trades carry it.
  kSubTickPrice = 1u << 0,
};

/// Sub-ticks per tick for trades flagged kSubTickPrice: exact for any price with up to four more
/// decimals than the tick (a half-cent print on a one-cent tick is 5,000 sub-ticks past the tick).
inline constexpr std::int64_t kSubTicksPerTick = 10'000;

constexpr bool has_sub_tick_price(const Event& e) {
  return (e.flags & kSubTickPrice) != 0;
}

}  // namespace tilt
