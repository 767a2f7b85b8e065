// Conversion throughput of the vendor adapters: CSV rows/s and MB/s of (uncompressed) CSV, parsing
// and checking included, store writing excluded (the sink drops the events).
//
// Tardis volume comes from a synthetic incremental_book_L2 file written once to the temp folder
// (a snapshot of 25 levels per side, then updates on a fixed price range so the book never
// crosses); plain and gzip variants. LOBSTER uses the 999-message AAPL sample from tests/data.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/tardis/tardis_convert.hpp"

namespace {

using namespace tilt;

constexpr int kRows = 1'000'000;

std::string synthetic_tardis_csv() {
  std::string text = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
  text.reserve(static_cast<std::size_t>(kRows) * 80);
  std::mt19937_64 rng(7);
  std::int64_t ts = 1'598'918'403'696'000;
  auto row = [&](bool snapshot, bool bid, int level, int amount_milli) {
    const int cents = bid ? 1'165'707 - level : 1'165'708 + level;
    text += fmt::format("binance-futures,BTCUSDT,{},{},{},{},{}.{:02},{}.{:03}\n", ts, ts + 113'000,
                        snapshot ? "true" : "false", bid ? "bid" : "ask", cents / 100, cents % 100,
                        amount_milli / 1000, amount_milli % 1000);
  };
  for (int level = 0; level < 25; ++level) {
    row(true, true, level, 1000 + level);
    row(true, false, level, 2000 + level);
  }
  for (int i = 50; i < kRows; ++i) {
    ts += static_cast<std::int64_t>(rng() % 200);
    const auto r = rng();
    const int amount = (r >> 8) % 8 == 0 ? 0 : static_cast<int>((r >> 16) % 50'000);
    row(false, (r & 1) != 0, static_cast<int>((r >> 1) % 25), amount);
  }
  return text;
}

struct TardisFiles {
  std::string plain;
  std::string gz;
  std::int64_t text_bytes = 0;
  TardisFiles() {
    const auto dir = std::filesystem::temp_directory_path();
    plain = (dir / fmt::format("tilt_bench_tardis_{}.csv", ::getpid())).string();
    gz = plain + ".gz";
    const std::string text = synthetic_tardis_csv();
    text_bytes = static_cast<std::int64_t>(text.size());
    std::FILE* f = std::fopen(plain.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    gzFile g = gzopen(gz.c_str(), "wb6");
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
  }
  ~TardisFiles() {
    std::remove(plain.c_str());
    std::remove(gz.c_str());
  }
};

const TardisFiles& tardis_files() {
  static TardisFiles files;
  return files;
}

/// Input rows and text megabytes converted per second, over all iterations.
void set_throughput(benchmark::State& state, std::int64_t rows, std::int64_t bytes) {
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.counters["MB/s"] =
      benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}

void run_tardis(benchmark::State& state, const std::string& path) {
  adapters::tardis::ConvertOptions o;
  o.book_files = {path};
  o.instrument.symbol = "BTCUSDT";
  o.instrument.tick_size = Decimal{1, 2};
  o.instrument.lot_size = Decimal{1, 3};
  o.stream.vendor_symbol = "BTCUSDT";
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  std::int64_t events = 0;
  for (auto _ : state) {
    const auto stats = adapters::tardis::convert(o, [&](std::span<const Event> b) {
      events += static_cast<std::int64_t>(b.size());
      benchmark::DoNotOptimize(b.data());
    });
    rows += stats.rows_read;
    bytes += stats.text_bytes;
  }
  set_throughput(state, rows, bytes);
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}

void BM_TardisIncrementalCsv(benchmark::State& state) {
  run_tardis(state, tardis_files().plain);
}
void BM_TardisIncrementalGzip(benchmark::State& state) {
  run_tardis(state, tardis_files().gz);
}

void BM_LobsterSample(benchmark::State& state) {
  const std::string dir = TILT_SOURCE_DIR "/tests/data/";
  adapters::lobster::ConvertOptions o;
  o.message_file = dir + "AAPL_2012-06-21_34200000_57600000_message_10.csv";
  o.orderbook_file = dir + "AAPL_2012-06-21_34200000_57600000_orderbook_10.csv";
  o.instrument.symbol = "AAPL";
  o.instrument.tick_size = Decimal{1, 2};
  o.instrument.lot_size = Decimal{1, 0};
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const auto stats = adapters::lobster::convert(
        o, [](std::span<const Event> b) { benchmark::DoNotOptimize(b.data()); });
    rows += stats.rows_read;
    bytes += stats.text_bytes;
  }
  set_throughput(state, rows, bytes);
}

BENCHMARK(BM_TardisIncrementalCsv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TardisIncrementalGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LobsterSample)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
