// Raw scan of one existing store, as `tilt run` reads it (prefetch thread, default batches): the
// ceiling a run on that store is compared against in scripts/bench.
//
//   build-bench/bin/bench_store_file --store=runs/default/synthetic.h5
//
// Counters: events/s (wall clock), events.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

#include "tilt/store/event_store.hpp"

namespace {

std::string g_store;

void BM_ScanStore(benchmark::State& state) {
  const auto meta = tilt::read_store_metadata(g_store);
  for (auto _ : state) {
    std::int64_t checksum = 0;
    tilt::for_each_batch(g_store, [&checksum](std::span<const tilt::Event> batch) {
      for (const tilt::Event& e : batch) checksum += e.qty + e.price;
    });
    benchmark::DoNotOptimize(checksum);
  }
  const double events =
      static_cast<double>(state.iterations()) * static_cast<double>(meta.event_count);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(meta.event_count);
}
BENCHMARK(BM_ScanStore)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--store=", 8) == 0) g_store = argv[i] + 8;
  }
  if (g_store.empty()) {
    std::fprintf(stderr, "usage: bench_store_file --store=FILE.h5 [benchmark flags]\n");
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
