#include "store/event_validation.hpp"

#include <cstdio>
#include <limits>

#include "tilt/error.hpp"

namespace tilt::store_detail {
namespace {

// -2^62 <= value < 2^62: shifted up by 2^62 the value lands in [0, 2^63), its top bit clear. The
// result is that bit (nonzero = out of range), so checks can be OR-ed without branches.
constexpr std::uint64_t out_of_range(std::int64_t value) {
  return (static_cast<std::uint64_t>(value) + static_cast<std::uint64_t>(kMaxEventMagnitude)) >> 63;
}
constexpr bool in_range(std::int64_t value) {
  return out_of_range(value) == 0;
}
static_assert(in_range(kMaxEventMagnitude - 1) && in_range(-kMaxEventMagnitude));
static_assert(!in_range(kMaxEventMagnitude) && !in_range(-kMaxEventMagnitude - 1));
static_assert(!in_range(std::numeric_limits<std::int64_t>::min()) &&
              !in_range(std::numeric_limits<std::int64_t>::max()));

std::string hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", static_cast<unsigned>(value));
  return text;
}

}  // namespace

EventValidator::EventValidator(std::string path, int schema_version)
    : path_(std::move(path)),
      schema_version_(schema_version),
      trade_flags_(schema_version >= 2 ? std::uint16_t{kSubTickPrice} : std::uint16_t{0}) {}

void EventValidator::check(std::span<const Event> batch, std::int64_t first_index) {
  if (batch.empty()) return;
  // One pass with no branch per event and no value carried from one event to the next, so the
  // compiler may vectorize it. Each rule yields a value that is "bad" either in its top bit (the
  // range and order checks: a difference that went negative, a value shifted out of
  // [0, 2^63)) or in its low bits (kind, side, flags); the two kinds are OR-ed into two
  // accumulators and tested once per batch. Differences are taken in unsigned arithmetic (no
  // overflow); where an operand is out of range the range check has flagged the event anyway.
  constexpr auto kShift = static_cast<std::uint64_t>(kMaxEventMagnitude);
  const std::uint32_t trade_flags = trade_flags_;
  std::uint64_t top = 0;
  std::uint32_t low = 0;
  const Event* events = batch.data();
  const std::size_t n = batch.size();
  const auto rules = [&](const Event& e, std::uint64_t previous_exch) {
    const auto kind = static_cast<std::uint32_t>(e.kind);
    const auto is_trade =
        static_cast<std::uint32_t>(kind == static_cast<std::uint32_t>(EventKind::trade));
    const std::uint32_t allowed_flags = trade_flags & (0u - is_trade);
    const auto exch = static_cast<std::uint64_t>(e.exch_ts);
    top |= (static_cast<std::uint64_t>(e.price) + kShift)       // price in range
           | (exch + kShift)                                    // exchange time in range
           | (static_cast<std::uint64_t>(e.local_ts) + kShift)  // local time in range
           | (exch - previous_exch)                             // not before the previous
           | (static_cast<std::uint64_t>(std::int64_t{e.qty}) - is_trade);  // >= 0, trade > 0
    low |= ((kind - 1) & ~3u)                                               // kind in 1..4
           | (static_cast<std::uint32_t>(e.side) & ~1u)                     // side 0 or 1
           | (std::uint32_t{e.flags} & ~allowed_flags);                     // known flags only
  };
  rules(events[0], static_cast<std::uint64_t>(previous_exch_ts_));
  for (std::size_t i = 1; i < n; ++i)
    rules(events[i], static_cast<std::uint64_t>(events[i - 1].exch_ts));
  if (((top >> 63) | low) != 0) [[unlikely]]
    report_first_bad(batch, first_index);
  previous_exch_ts_ = batch.back().exch_ts;
}

void EventValidator::report_first_bad(std::span<const Event> batch,
                                      std::int64_t first_index) const {
  Timestamp previous = previous_exch_ts_;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Event& e = batch[i];
    const auto fail = [&](const std::string& what) {
      throw DataError(path_, -1,
                      "event " + std::to_string(first_index + static_cast<std::int64_t>(i)), what);
    };
    const auto kind = static_cast<unsigned>(e.kind);
    if (!is_valid(e.kind)) {
      fail("kind " + std::to_string(kind) +
           " is not an event kind (1 level, 2 trade, 3 snapshot_begin, 4 snapshot_end)");
    }
    if (static_cast<unsigned>(e.side) > 1) {
      fail("side " + std::to_string(static_cast<unsigned>(e.side)) +
           " is not a side (0 buy/bid, 1 sell/ask)");
    }
    const std::string kind_name(to_string(e.kind));
    if (e.kind == EventKind::trade && e.qty <= 0)
      fail("trade size " + std::to_string(e.qty) + ", expected a size > 0");
    if (e.qty < 0) fail(kind_name + " size " + std::to_string(e.qty) + ", expected a size >= 0");
    if (e.flags != 0) {
      if (schema_version_ < 2) {
        fail("flags " + hex16(e.flags) + " in a schema-version-" + std::to_string(schema_version_) +
             " store, expected 0");
      }
      if ((e.flags & ~std::uint16_t{kSubTickPrice}) != 0) {
        fail("flags " + hex16(e.flags) + " has unknown bits (known: " + hex16(kSubTickPrice) +
             " sub-tick price)");
      }
      if (e.kind != EventKind::trade)
        fail("flags " + hex16(e.flags) + " (sub-tick price) on a " + kind_name +
             " event, only trades carry it");
    }
    if (!in_range(e.price))
      fail("price " + std::to_string(e.price) + " is out of range (-2^62 to 2^62)");
    if (!in_range(e.exch_ts))
      fail("exchange time " + std::to_string(e.exch_ts) + " is out of range (-2^62 to 2^62)");
    if (!in_range(e.local_ts))
      fail("local time " + std::to_string(e.local_ts) + " is out of range (-2^62 to 2^62)");
    if (e.exch_ts < previous) {
      fail("exchange time " + std::to_string(e.exch_ts) + " is before the previous event's " +
           std::to_string(previous) + ": events must be in exchange-time order");
    }
    previous = e.exch_ts;
  }
  // The fast pass and this search disagree only if they encode different rules.
  throw DataError(path_, "event check failed without a bad event (tilt bug)");
}

}  // namespace tilt::store_detail
