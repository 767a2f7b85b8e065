// The native store reader (core/src/store): a mutated HDF5 store written to a file, then opened,
// described and read to the end, as `tilt info`, `tilt book` and `tilt run` read it.
//
// Input: one option byte, then the file's bytes. Option bits: 0 prefetch on a second thread,
// 1-2 the batch size (1, 7, 64 or 65,536 events), 3 rewind once half-way and read again.
//
// Checks: read_store_metadata and StoreReader return or throw a tilt::Error (DataError naming the
// file); any other exception, a crash or a sanitizer report is a finding. Every event handed out
// passes the reader's own documented rules (stream_checker.hpp), the events add up to the
// metadata's event count when the whole file was read, and the book takes them without a
// BookError other than the documented ones (the repair policy, as `tilt run` uses it).
#include <cstdint>
#include <span>

#include "fuzz_support.hpp"
#include "stream_checker.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace {

using namespace tilt;

constexpr std::size_t kBatches[4] = {1, 7, 64, 64 * 1024};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t options = data[0];
  const std::string path = fuzz::write_scratch("store.h5", fuzz::as_text(data + 1, size - 1));

  try {
    (void)read_store_metadata(path);
  } catch (const Error&) {
  }

  try {
    StoreReader::Options reader_options;
    reader_options.prefetch = (options & 1) != 0;
    reader_options.batch_events = kBatches[(options >> 1) & 3];
    StoreReader reader(path, reader_options);
    const std::int64_t count = reader.metadata().event_count;
    TILT_FUZZ_CHECK(count >= 0, std::to_string(count));
    if (options & 8) {
      (void)reader.next_batch();
      reader.rewind();
    }
    fuzz::StreamChecker checker(/*uncrossed=*/false);
    OrderBook book;  // repair policy, as tilt run
    for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch()) {
      checker.add(batch);
      TILT_FUZZ_CHECK(checker.events() <= count, "more events than the metadata says");
      try {
        for (const Event& e : batch) book.apply(e);
      } catch (const BookError&) {
        // e.g. a snapshot_end without its begin: reported to the user as such
      }
    }
    TILT_FUZZ_CHECK(
        checker.events() == count,
        std::to_string(checker.events()) + " events read, metadata says " + std::to_string(count));
  } catch (const Error&) {
  }
  return 0;
}
