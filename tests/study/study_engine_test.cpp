// The engine finds the forward mid at each horizon exactly (checked with an oracle signal whose
// value is the move a two-pass scan of the same path finds), its batched statistics equal the
// grid's one-completion-at-a-time path, and the look-ahead buffer stays within its bound on a long
// stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tilt/study/study_engine.hpp"

namespace tilt::study {
namespace {

struct Message {
  Timestamp ts;
  std::int64_t mid2;  // after the message
};

std::vector<Message> random_path(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(1.0 / 300'000.0);  // mean 300 us
  std::uniform_int_distribution<int> step(-2, 2);
  std::vector<Message> out;
  Timestamp t = 1'000'000'000;
  std::int64_t mid2 = 200'001;
  for (std::size_t i = 0; i < n; ++i) {
    t += static_cast<Timestamp>(gap(rng)) + 1;  // messages are strictly later than the last
    if (step(rng) == 2) mid2 += (rng() & 1) ? 1 : -1;
    out.push_back({t, mid2});
  }
  return out;
}

Horizon messages(std::int64_t n) {
  return Horizon{Horizon::Unit::messages, n, std::to_string(n) + "msg"};
}
Horizon time_span(Duration d, std::string label) {
  return Horizon{Horizon::Unit::time, d, std::move(label)};
}

/// Two-pass forward move of sample i (taken after message i) at a horizon.
double forward_move(const std::vector<Message>& path, std::size_t i, const Horizon& h) {
  if (h.unit == Horizon::Unit::messages) {
    const std::size_t j = i + static_cast<std::size_t>(h.amount);
    if (j >= path.size()) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(path[j].mid2 - path[i].mid2) * 0.5;
  }
  // The last message stamped <= t + h; known only if a later message exists.
  std::size_t j = i;
  while (j + 1 < path.size() && path[j + 1].ts <= path[i].ts + h.amount) ++j;
  if (j + 1 >= path.size()) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(path[j].mid2 - path[i].mid2) * 0.5;
}

TEST(StudyEngine, ForwardMovesMatchATwoPassScanAtEveryHorizon) {
  const auto path = random_path(30'000, 5);
  const std::vector<Horizon> horizons = {messages(1), messages(7), time_span(kMillisecond, "1ms"),
                                         time_span(5 * kMillisecond, "5ms")};
  // One oracle signal per horizon: the true forward move at that horizon.
  std::vector<SignalAxis> axes;
  for (const Horizon& h : horizons) axes.push_back({"oracle_" + h.label, false, -1, 1});
  StudyEngine engine(axes, horizons, GridOptions{10, 1'000, 10.0, 64}, 1 << 12);
  std::int64_t mid2 = path.front().mid2;
  std::int64_t expected_pairs = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    engine.before_message(path[i].ts, mid2);
    mid2 = path[i].mid2;
    engine.after_book_message(mid2);
    std::vector<double> values;
    for (const Horizon& h : horizons) {
      const double y = forward_move(path, i, h);
      // Samples whose horizon is beyond the data are never completed: any value will do.
      values.push_back(std::isnan(y) ? 0.0 : y);
      expected_pairs += std::isnan(y) ? 0 : 1;
    }
    ASSERT_TRUE(engine.sample(path[i].ts, mid2, values.data()));
  }
  engine.finish();
  const auto results = engine.results();
  std::int64_t completed = 0;
  for (std::size_t s = 0; s < horizons.size(); ++s) {
    for (std::size_t h = 0; h < horizons.size(); ++h) {
      const PredictiveResult& r = results[s * horizons.size() + h];
      if (s == 0) completed += r.samples;
      if (s == h) {
        EXPECT_NEAR(r.ic_pearson, 1.0, 1e-12) << r.signal << " at " << r.horizon;
        EXPECT_NEAR(r.slope, 1.0, 1e-12) << r.signal;
        EXPECT_NEAR(r.hit_rate, 1.0, 1e-12) << r.signal;
      } else {
        EXPECT_LT(r.ic_pearson, 0.999) << r.signal << " at " << r.horizon;
      }
    }
  }
  EXPECT_EQ(completed, expected_pairs);
  EXPECT_EQ(engine.counters().pairs_incomplete_at_end,
            static_cast<std::int64_t>(path.size() * horizons.size()) - expected_pairs);
}

TEST(StudyEngine, BatchedStatisticsEqualAddingEachCompletionAtOnce) {
  // Two streams (the first one's last samples never complete), a signal with gaps, quantile and
  // fixed buckets: the engine hands samples over in batches; a grid fed every completion as it is
  // found (two-pass forward moves) must hold the same samples and blocks, and the same sums to
  // rounding.
  const auto path = random_path(40'000, 9);
  const std::size_t split = 25'000;  // the second stream starts here
  const std::vector<Horizon> horizons = {messages(1), messages(7), messages(40)};
  const std::vector<SignalAxis> axes = {
      {"a", false, -1, 1}, {"gappy", true, -1, 1}, {"b", true, -1, 1}};
  const GridOptions options{10, 2'000, 10.0, 64};
  std::mt19937_64 rng(4);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::array<double, 3>> values(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    const double lead =
        i + 5 < path.size() ? static_cast<double>(path[i + 5].mid2 - path[i].mid2) : 0.0;
    values[i] = {
        lead + normal(rng),
        unit(rng) < 0.2 ? std::numeric_limits<double>::quiet_NaN() : std::tanh(lead + normal(rng)),
        unit(rng) * 2 - 1};
  }

  StudyEngine engine(axes, horizons, options, 1 << 12);
  std::int64_t mid2 = path.front().mid2;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i == split) engine.end_of_stream();
    engine.before_message(path[i].ts, mid2);
    mid2 = path[i].mid2;
    engine.after_book_message(mid2);
    ASSERT_TRUE(engine.sample(path[i].ts, mid2, values[i].data()));
  }
  engine.finish();

  std::vector<std::string> labels;
  for (const Horizon& h : horizons) labels.push_back(h.label);
  PredictiveGrid grid(axes, labels, options);
  for (std::size_t i = 0; i < path.size(); ++i) {
    double ranks[3];
    std::uint32_t buckets[3];
    for (std::size_t s = 0; s < 3; ++s) {
      const SignalCode c = grid.code(s, values[i][s]);
      ranks[s] = c.rank;
      buckets[s] = c.bucket;
    }
    grid.sample_taken();
    const std::size_t end = i < split ? split : path.size();
    for (std::size_t h = 0; h < horizons.size(); ++h) {
      const auto n = static_cast<std::size_t>(horizons[h].amount);
      if (i + n >= end) continue;  // the stream ends first
      const double y = static_cast<double>(path[i + n].mid2 - path[i].mid2) * 0.5;
      // Samples taken after i when the n-th message after it completes it: n - 1.
      grid.complete(h, static_cast<std::int64_t>(i), values[i].data(), ranks, buckets, y,
                    static_cast<std::int64_t>(n) - 1);
    }
  }
  grid.finish();

  const auto got = engine.results(), want = grid.results();
  ASSERT_EQ(got.size(), want.size());
  const auto same = [](double g, double w) {
    if (std::isnan(w)) {
      EXPECT_TRUE(std::isnan(g));
      return;
    }
    EXPECT_NEAR(g, w, 1e-9 * std::max(1.0, std::abs(w)));
  };
  for (std::size_t k = 0; k < got.size(); ++k) {
    const PredictiveResult &g = got[k], &w = want[k];
    SCOPED_TRACE(w.signal + " at " + w.horizon);
    EXPECT_EQ(g.samples, w.samples);
    EXPECT_EQ(g.blocks, w.blocks);
    EXPECT_EQ(g.block_samples, w.block_samples);
    EXPECT_EQ(g.hit_samples, w.hit_samples);
    EXPECT_EQ(g.hit_rate, w.hit_rate);
    same(g.hit_rate_se, w.hit_rate_se);
    same(g.ic_pearson, w.ic_pearson);
    same(g.ic_pearson_se, w.ic_pearson_se);
    same(g.ic_spearman, w.ic_spearman);
    same(g.ic_spearman_se, w.ic_spearman_se);
    same(g.slope, w.slope);
    same(g.slope_se, w.slope_se);
    same(g.mean_move, w.mean_move);
    same(g.move_std, w.move_std);
    EXPECT_EQ(g.zero_move_share, w.zero_move_share);
    ASSERT_EQ(g.buckets.size(), w.buckets.size());
    for (std::size_t b = 0; b < w.buckets.size(); ++b) {
      EXPECT_EQ(g.buckets[b].samples, w.buckets[b].samples);
      same(g.buckets[b].mean_signal, w.buckets[b].mean_signal);
      same(g.buckets[b].mean_move, w.buckets[b].mean_move);
      same(g.buckets[b].mean_move_se, w.buckets[b].mean_move_se);
    }
  }
  EXPECT_GT(got[0].ic_pearson, 0.1);          // the planted lead, so the comparison is not of NaNs
  EXPECT_LT(got[7].samples, got[6].samples);  // the gappy signal counts only its valid samples
}

TEST(StudyEngine, LookaheadBufferStaysWithinItsBoundOnALongStream) {
  // 3 million messages 1 ms apart, a 1 s horizon: about 1,000 samples wait at any time.
  const std::size_t capacity = 4096;
  StudyEngine engine({SignalAxis{"x", true, -1, 1}}, {time_span(kSecond, "1s"), messages(10)},
                     GridOptions{10, 20'000, 10.0, 256}, capacity);
  std::int64_t mid2 = 2000;
  const double x = 0.5;
  for (std::int64_t i = 0; i < 3'000'000; ++i) {
    const Timestamp ts = i * kMillisecond;
    engine.before_message(ts, mid2);
    mid2 += (i % 3 == 0) ? 1 : (i % 3 == 1 ? -1 : 0);
    engine.after_book_message(mid2);
    ASSERT_TRUE(engine.sample(ts, mid2, &x));
    ASSERT_LE(engine.buffer().size(), capacity);
  }
  EXPECT_EQ(engine.buffer().capacity(), capacity);
  EXPECT_EQ(engine.buffer().high_water(), 1001u);  // samples at t-1s .. t
  EXPECT_EQ(engine.counters().samples_dropped_lookahead_full, 0);
  // The warm-up buffers are bounded too (at most warmup_samples pairs per accumulator).
  EXPECT_EQ(engine.grid().pending_pairs(), 0u);
  engine.finish();
  EXPECT_EQ(engine.results().at(0).samples, 3'000'000 - 1001);
}

TEST(StudyEngine, AFullBufferRefusesSamplesAndCountsThem) {
  StudyEngine engine({SignalAxis{"x", true, -1, 1}}, {time_span(kSecond, "1s")},
                     GridOptions{10, 100, 10.0, 16}, 16);
  const double x = 0.1;
  std::int64_t refused = 0;
  for (std::int64_t i = 0; i < 100; ++i) {
    engine.before_message(i * kMillisecond, 10);
    engine.after_book_message(10);
    if (!engine.sample(i * kMillisecond, 10, &x)) ++refused;
  }
  EXPECT_EQ(engine.buffer().high_water(), 16u);
  EXPECT_EQ(refused, 84);
  EXPECT_EQ(engine.counters().samples_dropped_lookahead_full, 84);
}

}  // namespace
}  // namespace tilt::study
