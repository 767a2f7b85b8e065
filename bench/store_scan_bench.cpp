// Raw scan speed of the event store per storage setting: the ceiling every later stage is compared
// against. Each benchmark reads a 10M-event synthetic store from the page cache and touches every
// event (sums qty and price) so the decode cannot be skipped.
//
//   build/bin/bench_store_scan --benchmark_counters_tabular=true
//
// Counters: events/s, bytes/s (decoded bytes), bytes_per_event (on disk). Every scan includes the
// reader's per-event check; BM_ValidateInMemory measures that check alone, and the *_fletcher32
// cases read and write stores with HDF5 Fletcher32 chunk checksums.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "adapters/synthetic/generator.hpp"
#include "core/src/store/event_validation.hpp"
#include "tilt/store/event_store.hpp"

namespace {

constexpr std::int64_t kEvents = 10'000'000;

struct Setting {
  tilt::Compression compression;
  std::size_t chunk_events;
  bool checksum = false;  // HDF5 Fletcher32 on every chunk
};

// Stores are generated once per setting into the temp folder and reused across runs.
const std::string& store_for(const Setting& s) {
  static std::map<std::tuple<int, std::size_t, bool>, std::string> paths;
  const auto key = std::make_tuple(static_cast<int>(s.compression), s.chunk_events, s.checksum);
  auto it = paths.find(key);
  if (it != paths.end()) return it->second;
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("tilt-bench-scan-" + std::string(tilt::to_string(s.compression)) + "-" +
        std::to_string(s.chunk_events) + (s.checksum ? "-fletcher32" : "") + ".h5"))
          .string();
  if (!std::filesystem::exists(path) || tilt::read_store_metadata(path).event_count != kEvents) {
    tilt::synthetic::Params p;
    p.events = kEvents;
    p.seed = 1;
    tilt::synthetic::write_store(p, path,
                                 tilt::StoreOptions{s.compression, s.chunk_events, s.checksum});
  }
  return paths.emplace(key, path).first->second;
}

void scan(benchmark::State& state, Setting setting, bool prefetch) {
  const std::string& path = store_for(setting);
  const auto meta = tilt::read_store_metadata(path);
  tilt::StoreReader::Options options;
  options.batch_events = setting.chunk_events;
  options.prefetch = prefetch;
  for (auto _ : state) {
    std::int64_t checksum = 0;
    tilt::for_each_batch(
        path,
        [&checksum](std::span<const tilt::Event> batch) {
          for (const tilt::Event& e : batch) checksum += e.qty + e.price;
        },
        options);
    benchmark::DoNotOptimize(checksum);
  }
  const double events =
      static_cast<double>(state.iterations()) * static_cast<double>(meta.event_count);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["bytes/s"] =
      benchmark::Counter(events * sizeof(tilt::Event), benchmark::Counter::kIsRate);
  state.counters["bytes_per_event"] =
      static_cast<double>(meta.file_bytes) / static_cast<double>(meta.event_count);
}

// The same events already in memory: the memory-bandwidth ceiling of the scan loop itself.
void BM_ScanInMemory(benchmark::State& state) {
  tilt::synthetic::Params p;
  p.events = kEvents;
  const auto events = tilt::synthetic::generate_all(p);
  for (auto _ : state) {
    std::int64_t checksum = 0;
    for (const tilt::Event& e : events) checksum += e.qty + e.price;
    benchmark::DoNotOptimize(checksum);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kEvents,
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

using tilt::Compression;
BENCHMARK_CAPTURE(scan, none_64k, Setting{Compression::none, 64 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, none_64k_prefetch, Setting{Compression::none, 64 * 1024}, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, deflate_64k, Setting{Compression::deflate, 64 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, deflate_64k_prefetch, Setting{Compression::deflate, 64 * 1024}, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_64k, Setting{Compression::blosc_lz4, 64 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_64k_prefetch, Setting{Compression::blosc_lz4, 64 * 1024}, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_1m, Setting{Compression::blosc_lz4, 1024 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_32k, Setting{Compression::blosc_lz4, 32 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_16k_prefetch, Setting{Compression::blosc_lz4, 16 * 1024}, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_16k, Setting{Compression::blosc_lz4, 16 * 1024}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// The same with HDF5's Fletcher32 checksum on every chunk (verified by the reader).
BENCHMARK_CAPTURE(scan, none_64k_fletcher32, Setting{Compression::none, 64 * 1024, true}, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scan, blosc_lz4_32k_fletcher32, Setting{Compression::blosc_lz4, 32 * 1024, true},
                  false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Writing a store (generation excluded: the events are in memory), with and without checksums.
void write(benchmark::State& state, Setting setting) {
  tilt::synthetic::Params p;
  p.events = kEvents;
  p.seed = 1;
  const auto events = tilt::synthetic::generate_all(p);
  const std::string path =
      (std::filesystem::temp_directory_path() / "tilt-bench-write.h5").string();
  for (auto _ : state) {
    tilt::StoreWriter writer(
        path, tilt::synthetic::synthetic_instrument(),
        tilt::StoreOptions{setting.compression, setting.chunk_events, setting.checksum});
    writer.append(events);
    writer.close();
  }
  std::filesystem::remove(path);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kEvents),
                         benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(write, blosc_lz4_32k, Setting{Compression::blosc_lz4, 32 * 1024})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(write, blosc_lz4_32k_fletcher32, Setting{Compression::blosc_lz4, 32 * 1024, true})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The reader's per-event check alone, over events in memory (64K-event batches).
void BM_ValidateInMemory(benchmark::State& state) {
  tilt::synthetic::Params p;
  p.events = kEvents;
  const auto events = tilt::synthetic::generate_all(p);
  tilt::store_detail::EventValidator validator("in-memory", 1);
  constexpr std::size_t kBatch = 64 * 1024;
  for (auto _ : state) {
    validator.restart();
    for (std::size_t i = 0; i < events.size(); i += kBatch) {
      const std::size_t n = std::min(kBatch, events.size() - i);
      validator.check({events.data() + i, n}, static_cast<std::int64_t>(i));
    }
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kEvents,
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ValidateInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
