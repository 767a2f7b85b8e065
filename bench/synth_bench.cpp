// Synthetic generator throughput (events/s), in memory and into a blosc store.
//   build/bin/bench_synth
#include <benchmark/benchmark.h>

#include <filesystem>

#include "adapters/synthetic/generator.hpp"

namespace {

void BM_GenerateInMemory(benchmark::State& state) {
  tilt::synthetic::Params p;
  p.events = state.range(0);
  for (auto _ : state) {
    std::int64_t n = 0;
    tilt::synthetic::generate(
        p, [&n](std::span<const tilt::Event> b) { n += static_cast<std::int64_t>(b.size()); });
    benchmark::DoNotOptimize(n);
  }
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * p.events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateInMemory)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

void BM_GenerateToStore(benchmark::State& state) {
  tilt::synthetic::Params p;
  p.events = state.range(0);
  const auto path = (std::filesystem::temp_directory_path() / "tilt-bench-synth.h5").string();
  for (auto _ : state) tilt::synthetic::write_store(p, path);
  std::filesystem::remove(path);
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * p.events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateToStore)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
