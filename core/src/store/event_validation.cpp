#include "store/event_validation.hpp"

#include <cstdio>

#include "tilt/error.hpp"

namespace tilt::store_detail {
namespace {

// |value| < 2^62, as one unsigned compare: the shift maps (-2^62, 2^62) onto [0, 2^63 - 1).
constexpr bool in_range(std::int64_t value) {
  return static_cast<std::uint64_t>(value) + static_cast<std::uint64_t>(kMaxEventMagnitude - 1) <
         static_cast<std::uint64_t>(2 * (kMaxEventMagnitude - 1) + 1);
}
static_assert(in_range(kMaxEventMagnitude - 1) && in_range(-(kMaxEventMagnitude - 1)));
static_assert(!in_range(kMaxEventMagnitude) && !in_range(-kMaxEventMagnitude));
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
  // Sums verdicts without branching so the loop stays a straight pass over the batch; the
  // comparisons use & rather than && for the same reason.
  bool all_valid = true;
  Timestamp previous = previous_exch_ts_;
  for (const Event& e : batch) {
    const bool is_trade = e.kind == EventKind::trade;
    const std::uint16_t allowed_flags = is_trade ? trade_flags_ : std::uint16_t{0};
    const bool valid = (static_cast<std::uint8_t>(static_cast<std::uint8_t>(e.kind) - 1) < 4) &
                       (static_cast<std::uint8_t>(e.side) <= 1) &
                       (e.qty >= static_cast<std::int32_t>(is_trade)) &
                       ((e.flags & ~allowed_flags) == 0) & (e.exch_ts >= previous) &
                       in_range(e.price) & in_range(e.exch_ts) & in_range(e.local_ts);
    all_valid &= valid;
    previous = e.exch_ts;
  }
  if (!all_valid) [[unlikely]]
    report_first_bad(batch, first_index);
  if (!batch.empty()) previous_exch_ts_ = batch.back().exch_ts;
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
      fail("price " + std::to_string(e.price) + " is out of range (magnitude 2^62 or more)");
    if (!in_range(e.exch_ts))
      fail("exchange time " + std::to_string(e.exch_ts) +
           " is out of range (magnitude 2^62 or more)");
    if (!in_range(e.local_ts))
      fail("local time " + std::to_string(e.local_ts) +
           " is out of range (magnitude 2^62 or more)");
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
