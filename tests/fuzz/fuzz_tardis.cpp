// Tardis CSV conversion (adapters/tardis): a book file (incremental_book_L2 or book_snapshot_N)
// and optionally a trades file, under both policies.
//
// Input: one option byte, then the book file's bytes, then optionally "\n#trades#\n" and the
// trades file's bytes. Option bits: 0 lenient policy, 1 crossed=error, 2 a 1 ms time tolerance,
// 3 require the vendor symbol "BTC-PERPETUAL", 4-5 the instrument's tick and lot (0.5/10,
// 0.01/0.001, 1/1, 0.00000001/0.00000001).
//
// Checks: the conversion returns or throws a tilt::Error (anything else, a crash or a sanitizer
// report is a finding); the events handed out pass the store reader's rules and never leave a
// whole message crossed or locked (stream_checker.hpp).
#include <cstdint>
#include <span>

#include "adapters/tardis/tardis_convert.hpp"
#include "fuzz_support.hpp"
#include "stream_checker.hpp"
#include "tilt/error.hpp"

namespace {

using namespace tilt;

struct Grid {
  Decimal tick;
  Decimal lot;
};
constexpr Grid kGrids[4] = {{Decimal{5, 1}, Decimal{10, 0}},
                            {Decimal{1, 2}, Decimal{1, 3}},
                            {Decimal{1, 0}, Decimal{1, 0}},
                            {Decimal{1, 8}, Decimal{1, 8}}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t options = data[0];
  const fuzz::Split files = fuzz::split_at(fuzz::as_text(data + 1, size - 1), "\n#trades#\n");

  adapters::tardis::ConvertOptions o;
  o.book_files = {fuzz::write_scratch("book.csv", files.first)};
  if (files.found) o.trade_files = {fuzz::write_scratch("trades.csv", files.second)};
  o.policy = options & 1 ? adapters::Policy::lenient : adapters::Policy::strict;
  o.stream.crossed = options & 2 ? CrossedPolicy::error : CrossedPolicy::repair;
  o.stream.time_tolerance = options & 4 ? kMillisecond : 0;
  if (options & 8) o.stream.vendor_symbol = "BTC-PERPETUAL";
  const Grid& grid = kGrids[(options >> 4) & 3];
  o.instrument.symbol = "FUZZ";
  o.instrument.tick_size = grid.tick;
  o.instrument.lot_size = grid.lot;

  fuzz::StreamChecker checker(/*uncrossed=*/true);
  try {
    adapters::tardis::convert(o, [&](std::span<const Event> batch) { checker.add(batch); });
  } catch (const Error&) {
    return 0;  // a clear error about the input: fine
  }
  checker.finish();
  return 0;
}
