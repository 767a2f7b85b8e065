// The reader's per-batch event check (core/src/store/event_validation.hpp): each rule by a
// hand-made store with one bad event at a known index, and the exact error a user sees.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

using testing::TempDir;

using store_test::write;

std::vector<Event> sample_events(std::int64_t n) {
  return store_test::synthetic_sample(n, 11);
}

void set_schema_version(const std::string& path, std::int64_t version) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  hid_t attr = H5Aopen(dset, "schema_version", H5P_DEFAULT);
  H5Awrite(attr, H5T_NATIVE_INT64, &version);
  H5Aclose(attr);
  H5Dclose(dset);
  H5Fclose(file);
}

// Reads the whole store; returns the error text, or "ok" and the number of events read.
std::string read_error(const std::string& path, StoreReader::Options options = {},
                       std::int64_t* events_read = nullptr) {
  std::int64_t n = 0;
  try {
    StoreReader reader(path, options);
    for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch())
      n += static_cast<std::int64_t>(batch.size());
  } catch (const DataError& e) {
    EXPECT_EQ(e.file(), path);
    return e.what();
  }
  if (events_read != nullptr) *events_read = n;
  return "ok";
}

struct Corruption {
  const char* name;
  std::int64_t index;  // which event of the 5,000 is changed
  void (*change)(Event&);
  const char* expected;  // the error after "<path>: "
};

class OneBadEvent : public ::testing::TestWithParam<Corruption> {};

TEST_P(OneBadEvent, IsADataErrorNamingTheFileTheEventAndTheRule) {
  const Corruption& c = GetParam();
  TempDir dir;
  auto events = sample_events(5'000);
  // Pick events of the right kind near the wanted index so each case is what its name says.
  c.change(events[static_cast<std::size_t>(c.index)]);
  const std::string path = dir.file("bad.h5");
  write(path, events);
  // The writer labels a store with flagged events version 2; every case here is judged as a
  // version-1 store (where any flag is itself the corruption).
  set_schema_version(path, 1);
  // With and without the prefetch thread, and with batches that split the file differently.
  for (bool prefetch : {false, true}) {
    for (std::size_t batch : {std::size_t{64 * 1024}, std::size_t{1'000}, std::size_t{777}}) {
      StoreReader::Options options;
      options.prefetch = prefetch;
      options.batch_events = batch;
      EXPECT_EQ(read_error(path, options), path + ": " + c.expected)
          << "prefetch " << prefetch << ", batch " << batch;
    }
  }
}

// Events 3210 and 4321 of the seed-11 sample are level events; 2999 is checked to be one below.
INSTANTIATE_TEST_SUITE_P(
    Rules, OneBadEvent,
    ::testing::Values(
        Corruption{"kind_135", 3210, [](Event& e) { e.kind = static_cast<EventKind>(135); },
                   "event 3210: kind 135 is not an event kind (1 level, 2 trade, 3 "
                   "snapshot_begin, 4 snapshot_end)"},
        Corruption{"kind_0", 0, [](Event& e) { e.kind = static_cast<EventKind>(0); },
                   "event 0: kind 0 is not an event kind (1 level, 2 trade, 3 snapshot_begin, 4 "
                   "snapshot_end)"},
        Corruption{"side_7", 4321, [](Event& e) { e.side = static_cast<Side>(7); },
                   "event 4321: side 7 is not a side (0 buy/bid, 1 sell/ask)"},
        Corruption{"negative_level_size", 2999, [](Event& e) { e.qty = -5; },
                   "event 2999: level size -5, expected a size >= 0"},
        Corruption{"trade_size_zero", 2999,
                   [](Event& e) {
                     e.kind = EventKind::trade;
                     e.qty = 0;
                   },
                   "event 2999: trade size 0, expected a size > 0"},
        Corruption{"negative_trade_size", 2999,
                   [](Event& e) {
                     e.kind = EventKind::trade;
                     e.qty = -3;
                   },
                   "event 2999: trade size -3, expected a size > 0"},
        Corruption{"flags_in_version_1", 2999,
                   [](Event& e) {
                     e.kind = EventKind::trade;
                     e.qty = 2;
                     e.flags = kSubTickPrice;
                   },
                   "event 2999: flags 0x0001 in a schema-version-1 store, expected 0"},
        Corruption{"price_out_of_range", 4321, [](Event& e) { e.price = std::int64_t{1} << 62; },
                   "event 4321: price 4611686018427387904 is out of range (-2^62 to 2^62)"},
        Corruption{"local_time_out_of_range", 4321,
                   [](Event& e) { e.local_ts = std::numeric_limits<std::int64_t>::min(); },
                   "event 4321: local time -9223372036854775808 is out of range (-2^62 to 2^62)"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(StoreValidation, TheSampleEventsUsedAboveAreLevels) {
  const auto events = sample_events(5'000);
  for (std::size_t i : {2999u, 3210u, 4321u}) EXPECT_EQ(events[i].kind, EventKind::level) << i;
}

TEST(StoreValidation, TimeGoingBackwardsNamesBothTimes) {
  TempDir dir;
  auto events = sample_events(5'000);
  const Timestamp before = events[1233].exch_ts;
  ASSERT_LT(events[1233].exch_ts - 1, events[1233].exch_ts);
  // Event 1234 is stamped one nanosecond before event 1233.
  events[1234].exch_ts = before - 1;
  const std::string path = dir.file("backwards.h5");
  write(path, events);
  const std::string expected = path + ": event 1234: exchange time " + std::to_string(before - 1) +
                               " is before the previous event's " + std::to_string(before) +
                               ": events must be in exchange-time order";
  for (bool prefetch : {false, true}) {
    StoreReader::Options options;
    options.prefetch = prefetch;
    options.batch_events = 500;
    EXPECT_EQ(read_error(path, options), expected);
  }
}

TEST(StoreValidation, TimeOrderIsCheckedAcrossBatchBoundaries) {
  TempDir dir;
  auto events = sample_events(5'000);
  // The first event of the third 1,000-event batch goes back before the last one of the second.
  events[2000].exch_ts = events[1999].exch_ts - 7;
  const std::string path = dir.file("boundary.h5");
  write(path, events, StoreOptions{Compression::none, 1'000});
  for (bool prefetch : {false, true}) {
    StoreReader::Options options;
    options.prefetch = prefetch;
    options.batch_events = 1'000;
    const std::string message = read_error(path, options);
    EXPECT_EQ(message,
              path + ": event 2000: exchange time " + std::to_string(events[1999].exch_ts - 7) +
                  " is before the previous event's " + std::to_string(events[1999].exch_ts) +
                  ": events must be in exchange-time order")
        << "prefetch " << prefetch;
  }
}

TEST(StoreValidation, RewindStartsTheTimeOrderAgain) {
  TempDir dir;
  const auto events = sample_events(3'000);
  write(dir.file("r.h5"), events);
  StoreReader::Options options;
  options.batch_events = 1'000;
  StoreReader reader(dir.file("r.h5"), options);
  while (!reader.next_batch().empty()) {
  }
  reader.rewind();  // the first event is earlier than the last one seen: not an error
  std::int64_t n = 0;
  for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch())
    n += static_cast<std::int64_t>(batch.size());
  EXPECT_EQ(n, 3'000);
}

TEST(StoreValidation, EqualTimesAndSnapshotMarkersAreValid) {
  TempDir dir;
  auto events = sample_events(2'000);
  for (std::size_t i = 101; i < 120; ++i) events[i].exch_ts = events[100].exch_ts;
  write(dir.file("ok.h5"), events);
  std::int64_t n = 0;
  EXPECT_EQ(read_error(dir.file("ok.h5"), {}, &n), "ok");
  EXPECT_EQ(n, 2'000);
}

TEST(StoreValidation, SchemaVersion2AllowsTheSubTickFlagOnTradesOnly) {
  TempDir dir;
  auto events = sample_events(3'000);
  std::size_t trade = 0;
  while (events[trade].kind != EventKind::trade) ++trade;
  events[trade].flags = kSubTickPrice;
  events[trade].price *= kSubTicksPerTick;
  const std::string good = dir.file("v2.h5");
  write(good, events);
  set_schema_version(good, 2);
  std::int64_t n = 0;
  EXPECT_EQ(read_error(good, {}, &n), "ok");
  EXPECT_EQ(n, 3'000);

  events[2500].flags = kSubTickPrice;  // a level event
  ASSERT_EQ(events[2500].kind, EventKind::level);
  const std::string on_level = dir.file("v2_level.h5");
  write(on_level, events);
  set_schema_version(on_level, 2);
  EXPECT_EQ(
      read_error(on_level),
      on_level +
          ": event 2500: flags 0x0001 (sub-tick price) on a level event, only trades carry it");

  events[2500].flags = 0;
  events[trade].flags = 0x0005;  // an unknown bit beside the known one
  const std::string unknown = dir.file("v2_unknown.h5");
  write(unknown, events);
  set_schema_version(unknown, 2);
  EXPECT_EQ(read_error(unknown), unknown + ": event " + std::to_string(trade) +
                                     ": flags 0x0005 has unknown bits (known: 0x0001 sub-tick "
                                     "price)");
}

// Replaces the symbol attribute with raw bytes, as a foreign writer could.
void set_symbol_bytes(const std::string& path, const std::string& bytes) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t dset = H5Dopen2(file, "events", H5P_DEFAULT);
  H5Adelete(dset, "symbol");
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, bytes.size());
  H5Tset_cset(type, H5T_CSET_UTF8);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(dset, "symbol", type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attr, type, bytes.data());
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(dset);
  H5Fclose(file);
}

TEST(StoreValidation, TextAttributesMustBeUtf8) {
  TempDir dir;
  const std::string path = dir.file("latin1.h5");
  write(path, sample_events(10));
  set_symbol_bytes(path, "AB\xe9");  // Latin-1 é: would break summary.json and the report later
  EXPECT_EQ(read_error(path), path + ": attribute symbol: invalid UTF-8 byte 0xe9");

  // tilt itself never writes such a store.
  Instrument instrument = synthetic::synthetic_instrument();
  instrument.symbol = "AB\xe9";
  try {
    StoreWriter writer(dir.file("never.h5"), instrument);
    FAIL() << "the writer accepted a symbol that is not UTF-8";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "store attribute symbol: invalid UTF-8 byte 0xe9");
  }
}

}  // namespace
}  // namespace tilt
