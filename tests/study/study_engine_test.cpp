// The engine finds the forward mid at each horizon exactly (checked with an oracle signal whose
// value is the move a two-pass scan of the same path finds), and the look-ahead buffer stays
// within its bound on a long stream.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
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
