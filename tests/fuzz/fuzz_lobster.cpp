// LOBSTER conversion (adapters/lobster): a message file and its orderbook file, under both
// policies.
//
// Input: one option byte, then the message file's bytes, "\n#orderbook#\n" and the orderbook
// file's bytes (without the separator both files get the same bytes). The files are named like
// LOBSTER's (AAPL_2012-06-21_34200000_57600000_message_10.csv), so the trading date comes from the
// name. Option bits: 0 lenient policy, 1 crossed=error, 2 a 1 ms feed latency, 3-4 the tick
// (0.01, 0.0001, 1, 0.05).
//
// Checks: the conversion returns or throws a tilt::Error (anything else, a crash or a sanitizer
// report is a finding); the events handed out pass the store reader's rules and never leave a
// whole message crossed or locked (stream_checker.hpp).
#include <cstdint>
#include <span>

#include "adapters/lobster/lobster_replay.hpp"
#include "fuzz_support.hpp"
#include "stream_checker.hpp"
#include "tilt/error.hpp"

namespace {

using namespace tilt;

constexpr Decimal kTicks[4] = {Decimal{1, 2}, Decimal{1, 4}, Decimal{1, 0}, Decimal{5, 2}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t options = data[0];
  const fuzz::Split files = fuzz::split_at(fuzz::as_text(data + 1, size - 1), "\n#orderbook#\n");

  adapters::lobster::ConvertOptions o;
  o.message_file =
      fuzz::write_scratch("AAPL_2012-06-21_34200000_57600000_message_10.csv", files.first);
  o.orderbook_file = fuzz::write_scratch("AAPL_2012-06-21_34200000_57600000_orderbook_10.csv",
                                         files.found ? files.second : files.first);
  o.policy = options & 1 ? adapters::Policy::lenient : adapters::Policy::strict;
  o.crossed = options & 2 ? CrossedPolicy::error : CrossedPolicy::repair;
  o.feed_latency = options & 4 ? kMillisecond : 0;
  o.instrument.symbol = "AAPL";
  o.instrument.tick_size = kTicks[(options >> 3) & 3];
  o.instrument.lot_size = Decimal{1, 0};

  fuzz::StreamChecker checker(/*uncrossed=*/true);
  try {
    adapters::lobster::convert(o, [&](std::span<const Event> batch) { checker.add(batch); });
  } catch (const Error&) {
    return 0;  // a clear error about the input: fine
  }
  checker.finish();
  return 0;
}
