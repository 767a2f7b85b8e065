// What every event stream handed to the engine must satisfy, checked event by event by the parser
// and store targets: the store reader's rules (event_store.hpp: a known kind and side, flags only
// kSubTickPrice and only on trades, a size >= 0 and > 0 for a trade, prices and times within
// [-2^62, 2^62), exchange time never going back) and, for converters that promise it, a book
// that is never crossed or locked once a whole message (one exchange time) is in.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "fuzz_support.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/types.hpp"

namespace tilt::fuzz {

class StreamChecker {
 public:
  /// `uncrossed`: the stream must never leave a whole message crossed or locked.
  explicit StreamChecker(bool uncrossed)
      : uncrossed_(uncrossed), book_(BookOptions{CrossedPolicy::error, 64}) {}

  void add(std::span<const Event> events) {
    for (const Event& e : events) add(e);
  }

  void add(const Event& e) {
    constexpr std::int64_t kLimit = std::int64_t{1} << 62;
    TILT_FUZZ_CHECK(is_valid(e.kind), where());
    TILT_FUZZ_CHECK(e.side == Side::buy || e.side == Side::sell, where());
    TILT_FUZZ_CHECK((e.flags & ~std::uint16_t{kSubTickPrice}) == 0, where());
    TILT_FUZZ_CHECK(e.flags == 0 || e.kind == EventKind::trade, where());
    TILT_FUZZ_CHECK(e.qty >= 0, where());
    TILT_FUZZ_CHECK(e.kind != EventKind::trade || e.qty > 0, where());
    TILT_FUZZ_CHECK(-kLimit <= e.price && e.price < kLimit, where());
    TILT_FUZZ_CHECK(-kLimit <= e.exch_ts && e.exch_ts < kLimit, where());
    TILT_FUZZ_CHECK(-kLimit <= e.local_ts && e.local_ts < kLimit, where());
    TILT_FUZZ_CHECK(index_ == 0 || e.exch_ts >= last_exch_, where() + ": exchange time went back");
    last_exch_ = e.exch_ts;
    ++index_;
    if (!uncrossed_) return;
    try {
      book_.apply(e);
    } catch (const BookError& error) {
      invariant_failed(where() + ": " + error.what());
    }
  }

  /// The stream is complete: its last message is judged too.
  void finish() {
    if (!uncrossed_) return;
    try {
      book_.end_message();
    } catch (const BookError& error) {
      invariant_failed(std::string("last message: ") + error.what());
    }
  }

  std::int64_t events() const { return index_; }

 private:
  std::string where() const { return "event " + std::to_string(index_); }

  bool uncrossed_;
  OrderBook book_;
  std::int64_t index_ = 0;
  Timestamp last_exch_ = 0;
};

}  // namespace tilt::fuzz
