// run_study on synthetic stores with a known planted effect: found with the right sign at strength
// 0.6, nothing significant at strength 0; the CKS intervals against a two-pass replay of the store;
// the outputs written.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "adapters/synthetic/generator.hpp"
#include "support/temp_dir.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/store/event_store.hpp"
#include "tilt/study/study.hpp"

namespace tilt::study {
namespace {

const char* kConfig = R"(
data: {store: STORE}
signals:
  - {type: queue_imbalance}
  - {type: depth_imbalance, levels: 5, weights: exponential, name: depth5}
  - {type: micro_price}
horizons: [1, 10, 100, 10ms, 100ms]
sampling: {every: message}
condition: {spread_ticks: 1}
statistics: {warmup_samples: 5000}
cks: {interval: 1s, window: 20s}
micro_price: {buckets: 10, max_spread_ticks: 2}
)";

class StudyOnSynthetic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    for (double strength : {0.6, 0.0}) {
      synthetic::Params p;
      p.events = 400'000;
      p.seed = 9;
      p.imbalance_strength = strength;
      synthetic::write_store(p, store(strength));
    }
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static std::string store(double strength) {
    return dir_->file(strength > 0 ? "strong.h5" : "none.h5");
  }
  static StudyConfig config(double strength, const std::string& extra = "") {
    std::string text = kConfig;
    text.replace(text.find("STORE"), 5, store(strength));
    return parse_study_config(text + extra, "test.yaml");
  }
  static const PredictiveResult& find(const StudyResult& r, const std::string& signal,
                                      const std::string& horizon) {
    for (const PredictiveResult& p : r.predictive)
      if (p.signal == signal && p.horizon == horizon) return p;
    throw std::runtime_error("no result for " + signal + " at " + horizon);
  }
  static std::unique_ptr<testing::TempDir> dir_;
};
std::unique_ptr<testing::TempDir> StudyOnSynthetic::dir_;

TEST_F(StudyOnSynthetic, FindsThePlantedEffectWithTheRightSign) {
  const StudyResult r = run_study(config(0.6));
  EXPECT_GT(r.counters.samples, 300'000);
  EXPECT_EQ(r.counters.samples_dropped_lookahead_full, 0);
  for (const char* h : {"10msg", "100msg", "10ms"}) {
    const PredictiveResult& q = find(r, "queue_imbalance", h);
    EXPECT_GT(q.ic_pearson, 0.0) << h;
    EXPECT_GT(q.ic_pearson / q.ic_pearson_se, 5.0) << h;
    EXPECT_GT(q.ic_spearman / q.ic_spearman_se, 5.0) << h;
    EXPECT_GT((q.hit_rate - 0.5) / q.hit_rate_se, 5.0) << h;
    EXPECT_GT(q.slope, 0.0) << h;
    // Conditional means rise from the lowest to the highest imbalance bucket.
    EXPECT_LT(q.buckets.front().mean_move, 0.0) << h;
    EXPECT_GT(q.buckets.back().mean_move, 0.0) << h;
  }
  // Overlap makes the robust SE larger than the iid one at long horizons.
  const PredictiveResult& slow = find(r, "queue_imbalance", "100msg");
  EXPECT_GT(slow.ic_pearson_se, 2 * slow.ic_pearson_se_iid);
  // The estimated micro-price leans toward the heavier side, antisymmetric by construction.
  const MicroPriceResult& m = r.micro_price;
  ASSERT_EQ(m.table.size(), 10u);
  EXPECT_EQ(m.table_spread_ticks, 1);
  for (std::size_t b = 0; b < 10; ++b) EXPECT_NEAR(m.table[b], -m.table[9 - b], 1e-9);
  EXPECT_GT(m.table[9], m.table[5]);
  EXPECT_GT(m.table[5], 0.0);
}

// At strength 0 the mid is a random walk independent of the book: every IC and hit rate is noise.
// Over six independent data sets the z-scores (estimate / overlap-robust SE) must look like
// standard normal draws: none beyond 3.5, root mean square near 1 (this also checks that the
// standard errors are not too small, i.e. that they do account for the overlap).
TEST_F(StudyOnSynthetic, FindsNothingSignificantAtStrengthZero) {
  double sum_squares = 0;
  int count = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    synthetic::Params p;
    p.events = 300'000;
    p.seed = seed;
    p.imbalance_strength = 0.0;
    const std::string path = dir_->file("zero" + std::to_string(seed) + ".h5");
    synthetic::write_store(p, path);
    StudyConfig c = config(0.0);
    c.stores = {path};
    const StudyResult r = run_study(c);
    for (const PredictiveResult& q : r.predictive) {
      ASSERT_GE(q.blocks, 20) << q.signal << " at " << q.horizon;
      const double z_ic = q.ic_pearson / q.ic_pearson_se;
      const double z_hit = (q.hit_rate - 0.5) / q.hit_rate_se;
      EXPECT_LT(std::abs(z_ic), 3.5) << q.signal << " at " << q.horizon << " seed " << seed;
      EXPECT_LT(std::abs(z_hit), 3.5) << q.signal << " at " << q.horizon << " seed " << seed;
      sum_squares += z_ic * z_ic + z_hit * z_hit;
      count += 2;
    }
  }
  const double rms = std::sqrt(sum_squares / count);
  EXPECT_GT(rms, 0.5);
  EXPECT_LT(rms, 1.6);
}

TEST_F(StudyOnSynthetic, EstimatedMicroPriceTableIsAcceptedByTheSignal) {
  const StudyResult r = run_study(config(0.6));
  SignalSet set;
  const SignalHandle h = set.add(
      {"micro_price", {{"buckets", "10"}, {"table", r.micro_price.table_text}}, "estimated"});
  OrderBook book;
  book.set_level(Side::buy, 100, 30);  // Vb = 30, Va = 10: bucket floor(10 * 30/40) = 7
  book.set_level(Side::sell, 101, 10);
  set.on_event(book, Event{0, 0, 101, 10, EventKind::level, Side::sell, 0});
  EXPECT_NEAR(set.value(h).value, 100.5 + 1.0 * r.micro_price.table[7], 1e-5);
}

// The CKS intervals by a second, straightforward pass over the store: messages grouped by
// exchange time, touch before and after each, OFI summed per aligned interval, mid at the
// boundaries.
TEST_F(StudyOnSynthetic, CksIntervalsMatchATwoPassReplay) {
  const StudyResult r = run_study(config(0.6));
  const auto events = synthetic::generate_all([] {
    synthetic::Params p;
    p.events = 400'000;
    p.seed = 9;
    p.imbalance_strength = 0.6;
    return p;
  }());
  OrderBook book(BookOptions{CrossedPolicy::repair});
  struct Touch {
    Price bid = 0, ask = 0;
    Qty bq = 0, aq = 0;
    bool ok = false;
  };
  const auto touch = [&book] {
    Touch t;
    const auto b = book.best(Side::buy), a = book.best(Side::sell);
    if (b && a && book.complete()) t = {b->price, a->price, b->qty, a->qty, true};
    return t;
  };
  const Duration interval = kSecond;
  std::map<std::int64_t, double> ofi, start_mid;  // by interval index
  std::map<std::int64_t, double> end_mid;
  Touch current;
  std::size_t i = 0;
  while (i < events.size()) {
    const Timestamp ts = events[i].exch_ts;
    const std::int64_t k = ts / interval;
    if (current.ok) {
      // Every boundary between the last message and this one sees the current mid.
      if (!start_mid.count(k)) start_mid[k] = static_cast<double>(current.bid + current.ask) * 0.5;
      if (!end_mid.count(k - 1) && start_mid.count(k - 1))
        end_mid[k - 1] = static_cast<double>(current.bid + current.ask) * 0.5;
    }
    bool book_message = false;
    for (; i < events.size() && events[i].exch_ts == ts; ++i) {
      book.apply(events[i]);
      book_message |= events[i].kind != EventKind::trade;
    }
    if (!book_message) continue;
    const Touch after = touch();
    if (current.ok && after.ok) {
      double e = 0;
      if (after.bid >= current.bid) e += static_cast<double>(after.bq);
      if (after.bid <= current.bid) e -= static_cast<double>(current.bq);
      if (after.ask <= current.ask) e -= static_cast<double>(after.aq);
      if (after.ask >= current.ask) e += static_cast<double>(current.aq);
      ofi[k] += e;
    }
    current = after;
  }
  ASSERT_GT(r.cks_intervals.size(), 20u);
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  // The first interval opens mid-way (when the book first became two-sided): compare the rest.
  for (std::size_t j = 1; j < r.cks_intervals.size(); ++j) {
    const CksInterval& row = r.cks_intervals[j];
    const std::int64_t k = row.start / interval;
    ASSERT_TRUE(start_mid.count(k) && end_mid.count(k)) << k;
    EXPECT_DOUBLE_EQ(row.ofi, ofi.count(k) ? ofi[k] : 0.0) << "interval " << k;
    EXPECT_DOUBLE_EQ(row.mid_change, end_mid[k] - start_mid[k]) << "interval " << k;
  }
  for (const CksInterval& row : r.cks_intervals) {
    n += 1;
    sx += row.ofi;
    sy += row.mid_change;
    sxx += row.ofi * row.ofi;
    sxy += row.ofi * row.mid_change;
    syy += row.mid_change * row.mid_change;
  }
  const double vxx = sxx - sx * sx / n, vyy = syy - sy * sy / n, vxy = sxy - sx * sy / n;
  EXPECT_NEAR(r.cks.slope, vxy / vxx, 1e-12);
  EXPECT_NEAR(r.cks.r_squared, vxy * vxy / (vxx * vyy), 1e-9);
  EXPECT_EQ(r.cks.intervals, static_cast<std::int64_t>(r.cks_intervals.size()));
  // Impact goes with the flow: a positive slope that explains most of the variance here.
  EXPECT_GT(r.cks.slope, 0.0);
  EXPECT_GT(r.cks.r_squared, 0.5);
}

TEST_F(StudyOnSynthetic, WritesJsonH5AndHtml) {
  const StudyResult r = run_study(config(0.6, "buckets: {count: 5}\n"));
  testing::TempDir out;
  write_study_outputs(r, out.path().string());
  std::ifstream in(out.file("study.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["predictive"].size(), 3u * 5u);
  EXPECT_EQ(j["predictive"][0]["buckets"].size(), 5u);
  EXPECT_EQ(j["counts"]["samples"].get<std::int64_t>(), r.counters.samples);
  const Table p = read_table(out.file("study.h5"), "predictive");
  EXPECT_EQ(p.rows(), 15u);
  const Table b = read_table(out.file("study.h5"), "buckets");
  EXPECT_EQ(b.rows(), 75u);
  std::ifstream html(out.file("study.html"));
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("render-status"), std::string::npos);
  EXPECT_EQ(page.find("{{"), std::string::npos);
}

TEST_F(StudyOnSynthetic, SameConfigSameResults) {
  const StudyResult a = run_study(config(0.6));
  const StudyResult b = run_study(config(0.6));
  StudyResult a2 = a, b2 = b;
  a2.wall_seconds = b2.wall_seconds = 0;
  EXPECT_EQ(study_json(a2), study_json(b2));
}

TEST_F(StudyOnSynthetic, ClockAndEveryKthSampling) {
  const StudyResult every10 = run_study(config(0.6, "")),
                    clock = run_study([] {
                      StudyConfig c = config(0.6);
                      c.sampling.kind = SamplingRule::Kind::clock;
                      c.sampling.interval = 50 * kMillisecond;
                      return c;
                    }());
  // ~80 s of data at 50 ms: about 1,600 clock samples (each at most one per tick).
  const auto events = read_store_metadata(store(0.6)).event_count;
  EXPECT_GT(events, 0);
  EXPECT_GT(clock.counters.samples, 1000);
  EXPECT_LT(clock.counters.samples, 2000);
  StudyConfig k = config(0.6);
  k.sampling.kind = SamplingRule::Kind::every_kth_message;
  k.sampling.every_k = 10;
  const StudyResult kth = run_study(k);
  EXPECT_NEAR(static_cast<double>(kth.counters.samples),
              static_cast<double>(every10.counters.samples) / 10.0, 2.0);
}

}  // namespace
}  // namespace tilt::study
