// Peak memory of `tilt run` does not grow with the length of the data: with default tables, a run
// over 10M events (60k orders and fills) stays within 8 MiB of the same run over 1M events. The
// report is written by `tilt report` in a process of its own and checked apart: it reads the fills
// table in chunks, in two passes, keeping O(buckets) of it, so 10x the fills cost it nothing; what
// grows is the equity and signal samples it holds whole, with the data's time span (~4 MiB more at
// 10M events). Its margin, 6 MiB, fails a report that holds every fill's columns (~100 bytes a
// fill: 8 MiB more at 10M events). Not timed; the peak RSS of each child comes from wait4().
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <fstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

extern char** environ;

namespace tilt {
namespace {

using testing::TempDir;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

struct ChildRun {
  int status = -1;
  long peak_rss_kib = 0;
};

ChildRun run_tilt(std::vector<std::string> args) {
  args.insert(args.begin(), TILT_BINARY);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return {};
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return {};
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

// configs/default.yaml's market maker, signals and tables (no report), on a store of `events`
// events, into dir/run<events>.
ChildRun default_run(const TempDir& dir, std::int64_t events) {
  const std::string store = dir.file("s" + std::to_string(events) + ".h5");
  const ChildRun synth =
      run_tilt({"synth", "-n", std::to_string(events), "--seed", "42", "-q", "-o", store});
  if (synth.status != 0) return synth;
  const std::string cfg = dir.file("c" + std::to_string(events) + ".yaml");
  std::ofstream(cfg) << "data: {store: " << store << "}\n"
                     << "latency: {entry: 250us, response: 250us}\n"
                        "signals:\n"
                        "  - {type: queue_imbalance}\n"
                        "  - {type: depth_imbalance, levels: 5, weights: exponential}\n"
                        "  - {type: ofi, levels: 1, window: 100ms, normalized: true}\n"
                        "  - {type: micro_price}\n"
                        "  - {type: trade_flow_imbalance, window: 1s}\n"
                        "strategy:\n  name: imbalance_market_maker\n"
                        "  params: {half_spread_ticks: 1.0, size: 1, max_position: 10,\n"
                        "           imbalance_skew_ticks: 2.0, inventory_skew_ticks: 1.0}\n"
                        "output: {report: false}\n";
  return run_tilt({"run", cfg, "-q", "-o", dir.file("run" + std::to_string(events))});
}

TEST(Memory, PeakRssOfARunIsFlatInDataLength) {
  if (kSanitized) {
    GTEST_SKIP() << "under Address- or ThreadSanitizer RSS measures the sanitizer's shadow "
                    "memory, quarantine and access history, not tilt";
  }
  TempDir dir;
  const ChildRun small = default_run(dir, 1'000'000);
  ASSERT_EQ(small.status, 0);
  const ChildRun large = default_run(dir, 10'000'000);
  ASSERT_EQ(large.status, 0);
  RecordProperty("peak_rss_1M_kib", std::to_string(small.peak_rss_kib));
  RecordProperty("peak_rss_10M_kib", std::to_string(large.peak_rss_kib));
  EXPECT_LE(large.peak_rss_kib, small.peak_rss_kib + 8 * 1024)
      << "1M events: " << small.peak_rss_kib / 1024
      << " MiB, 10M events: " << large.peak_rss_kib / 1024 << " MiB";
  std::printf("peak RSS of tilt run: 1M events %ld MiB, 10M events %ld MiB\n",
              small.peak_rss_kib / 1024, large.peak_rss_kib / 1024);

  const ChildRun small_report = run_tilt({"report", dir.file("run1000000"), "-q"});
  ASSERT_EQ(small_report.status, 0);
  const ChildRun large_report = run_tilt({"report", dir.file("run10000000"), "-q"});
  ASSERT_EQ(large_report.status, 0);
  EXPECT_LE(large_report.peak_rss_kib, small_report.peak_rss_kib + 6 * 1024)
      << "report of 1M events: " << small_report.peak_rss_kib / 1024
      << " MiB, of 10M events: " << large_report.peak_rss_kib / 1024 << " MiB";
  std::printf("peak RSS of tilt report: 1M events %ld MiB, 10M events %ld MiB\n",
              small_report.peak_rss_kib / 1024, large_report.peak_rss_kib / 1024);
}

}  // namespace
}  // namespace tilt
