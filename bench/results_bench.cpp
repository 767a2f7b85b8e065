// Writing results.h5 tables: rows/s and bytes per row on disk for each compression, on rows shaped
// like order_updates (3 int64, 4 double, 4 short text columns) with market-maker-like values.
//
//   build-bench/bin/bench_results --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>

#include "tilt/results/results_file.hpp"

namespace {

constexpr std::int64_t kRows = 1'000'000;

tilt::TableSpec updates_like() {
  using tilt::ColumnType;
  return {"order_updates",
          "",
          {{"local_ts", ColumnType::int64, "", 0},
           {"exch_ts", ColumnType::int64, "", 0},
           {"order_id", ColumnType::int64, "", 0},
           {"kind", ColumnType::text, "", 24},
           {"side", ColumnType::text, "", 12},
           {"price", ColumnType::real, "", 0},
           {"qty", ColumnType::real, "", 0},
           {"leaves", ColumnType::real, "", 0},
           {"liquidity", ColumnType::text, "", 12},
           {"reason", ColumnType::text, "", 24},
           {"fee", ColumnType::real, "", 0}}};
}

void write_rows(benchmark::State& state, tilt::Compression compression) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "tilt-bench-results.h5").string();
  const char* kinds[] = {"accepted", "modified", "fill", "rejected"};
  std::int64_t bytes = 0;
  for (auto _ : state) {
    std::mt19937_64 rng(7);
    std::int64_t ts = 1'700'000'000'000'000'000;
    tilt::ResultsFile out(path, compression);
    tilt::TableWriter& t = out.add_table(updates_like());
    for (std::int64_t r = 0; r < kRows; ++r) {
      ts += static_cast<std::int64_t>(rng() % 200'000);
      const auto kind = rng() % 4;
      t.append()
          .set(0, ts + 10'000)
          .set(1, ts)
          .set(2, r / 6 + 1)
          .set(3, kinds[kind])
          .set(4, (rng() & 1) != 0 ? "buy" : "sell")
          .set(5, 100.0 + 0.01 * static_cast<double>(rng() % 50))
          .set(6, kind == 2 ? 1.0 : 0.0)
          .set(7, kind == 2 ? 0.0 : 1.0)
          .set(8, kind == 2 ? "maker" : "")
          .set(9, kind == 3 ? "would_cross" : "none")
          .set(10, 0.0);
    }
    out.close();
    bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kRows,
                                                benchmark::Counter::kIsRate);
  state.counters["bytes/row"] = static_cast<double>(bytes) / kRows;
  std::filesystem::remove(path);
}
BENCHMARK_CAPTURE(write_rows, blosc_lz4, tilt::Compression::blosc_lz4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(write_rows, deflate_1, tilt::Compression::deflate)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(write_rows, none, tilt::Compression::none)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
