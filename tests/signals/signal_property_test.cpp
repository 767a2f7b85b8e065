// Every built-in signal, updated incrementally inside a SignalSet on OrderBook, must equal a
// from-scratch recomputation (tests/support/signal_reference.hpp) on the naive book after every
// event of long random streams. Seeds are committed; a failing seed stays as a regression.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "support/book_random_events.hpp"
#include "support/naive_book.hpp"
#include "support/signal_reference.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;

/// Flow history for the reference OFI: one entry per counted book event.
struct FlowEntry {
  Timestamp ts;
  std::int64_t flow;
  std::int64_t depth;
};

struct OfiReference {
  std::size_t levels;
  Window window;
  bool normalized;
  OfiState prev;
  std::vector<FlowEntry> history;

  void on_event(const NaiveBook& book, const Event& e) {
    if (e.kind == EventKind::level && !book.in_snapshot()) {
      OfiState cur = ofi_state(book, levels, e.local_ts);
      history.push_back({e.local_ts, ofi_flow(prev, cur), ofi_depth(cur)});
      prev = std::move(cur);
    } else if (e.kind == EventKind::snapshot_end) {
      prev = ofi_state(book, levels, e.local_ts);
    }
  }
  RefValue value(Timestamp now) const {
    // Sum the window from scratch.
    std::int64_t flow = 0;
    std::int64_t depth = 0;
    std::int64_t count = 0;
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (window.unit == Window::Unit::events ? count == window.events
                                              : it->ts <= now - window.span) {
        break;
      }
      flow += it->flow;
      depth += it->depth;
      ++count;
    }
    if (!normalized) return {static_cast<double>(flow)};
    if (depth == 0) return {};
    const double average_depth = static_cast<double>(depth) /
                                 (2.0 * static_cast<double>(levels) * static_cast<double>(count));
    return {static_cast<double>(flow) / average_depth};
  }
};

struct TradeReference {
  Window window;
  std::vector<FlowEntry> trades;  // flow = signed volume, depth = volume
  void on_event(const Event& e) {
    if (e.kind == EventKind::trade)
      trades.push_back({e.local_ts, sign(e.side) * e.size(), e.size()});
  }
  RefValue value(Timestamp now) const {
    std::int64_t signed_volume = 0;
    std::int64_t volume = 0;
    std::int64_t count = 0;
    for (auto it = trades.rbegin(); it != trades.rend(); ++it) {
      if (window.unit == Window::Unit::events ? count == window.events
                                              : it->ts <= now - window.span) {
        break;
      }
      signed_volume += it->flow;
      volume += it->depth;
      ++count;
    }
    if (volume == 0) return {};
    return {static_cast<double>(signed_volume) / static_cast<double>(volume)};
  }
};

void expect_matches(const SignalValue& got, const RefValue& want, const std::string& name,
                    std::size_t i) {
  ASSERT_EQ(got.valid, want.value.has_value()) << name << " at event " << i;
  ASSERT_FALSE(std::isnan(got.value)) << name << " at event " << i;
  if (!want.value) {
    ASSERT_EQ(got.value, 0.0) << name << " at event " << i;
    return;
  }
  ASSERT_NEAR(got.value, *want.value, 1e-9 * std::max(1.0, std::abs(*want.value)))
      << name << " at event " << i;
}

class SignalProperty : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SignalProperty, IncrementalEqualsFromScratch) {
  RandomStreamOptions o;
  o.seed = GetParam();
  o.events = 150'000;
  o.deep_probability = 0.002;
  o.snapshot_probability = 0.001;
  o.trade_probability = 0.1;
  const auto events = random_stream(o);

  OrderBook book;
  NaiveBook naive;
  SignalSet set;
  struct Check {
    SignalHandle handle;
    std::function<RefValue(Timestamp)> reference;
  };
  std::vector<Check> checks;
  // Each signal also updated on its own (its incremental on_event): the set evaluates book-state
  // signals lazily, so this keeps the incremental paths checked too, and bit-identical to the set.
  std::vector<AnySignal> alone;
  auto add = [&](const SignalSpec& spec) {
    alone.push_back(make_signal(spec));
    return set.add(spec);
  };
  std::deque<OfiReference> ofis;  // deque: stable addresses for the lambdas
  std::deque<TradeReference> tfis;
  auto add_state = [&](SignalSpec spec, std::function<RefValue(const NaiveBook&)> ref) {
    checks.push_back({add(spec), [&naive, ref](Timestamp) { return ref(naive); }});
  };
  auto add_ofi = [&](std::size_t levels, const std::string& window, bool normalized) {
    ofis.push_back({levels, signal_params::parse_window(window), normalized, {}, {}});
    ofis.back().prev = ofi_state(naive, levels, 0);
    OfiReference* ref = &ofis.back();
    checks.push_back({add({"ofi",
                           {{"levels", std::to_string(levels)},
                            {"window", window},
                            {"normalized", normalized ? "true" : "false"}},
                           ""}),
                      [ref](Timestamp now) { return ref->value(now); }});
  };
  auto add_tfi = [&](const std::string& window) {
    tfis.push_back({signal_params::parse_window(window), {}});
    TradeReference* ref = &tfis.back();
    checks.push_back({add({"trade_flow_imbalance", {{"window", window}}, ""}),
                      [ref](Timestamp now) { return ref->value(now); }});
  };
  auto side_size = [](Side s) {
    return [s](const NaiveBook& b) -> RefValue {
      const auto l = b.best(s);
      if (!l) return {};
      return {static_cast<double>(l->qty)};
    };
  };

  add_state({"queue_imbalance", {}, ""}, ref_queue_imbalance);
  add_state({"weighted_mid", {}, ""}, ref_weighted_mid);
  add_state({"micro_price", {{"buckets", "7"}}, ""},
            [](const NaiveBook& b) { return ref_micro_price(b, 7); });
  add_state({"depth_imbalance", {{"levels", "4"}}, ""},
            [](const NaiveBook& b) { return ref_depth_imbalance(b, 4, 0, 0); });
  add_state({"depth_imbalance", {{"levels", "3"}, {"weights", "linear"}}, ""},
            [](const NaiveBook& b) { return ref_depth_imbalance(b, 3, 1, 0); });
  add_state(
      {"depth_imbalance", {{"levels", "5"}, {"weights", "exponential"}, {"decay", "0.7"}}, ""},
      [](const NaiveBook& b) { return ref_depth_imbalance(b, 5, 2, 0.7); });
  add_state({"mid", {}, ""}, [](const NaiveBook& b) -> RefValue {
    if (b.empty(Side::buy) || b.empty(Side::sell)) return {};
    return {(static_cast<double>(b.best(Side::buy)->price) +
             static_cast<double>(b.best(Side::sell)->price)) /
            2};
  });
  add_state({"spread", {}, ""}, [](const NaiveBook& b) -> RefValue {
    if (b.empty(Side::buy) || b.empty(Side::sell)) return {};
    return {static_cast<double>(b.best(Side::sell)->price - b.best(Side::buy)->price)};
  });
  add_state({"bid_size", {}, ""}, side_size(Side::buy));
  add_state({"ask_size", {}, ""}, side_size(Side::sell));
  add_ofi(1, "50", false);
  add_ofi(1, "2ms", true);
  add_ofi(3, "20", true);
  add_ofi(2, "1ms", false);
  add_tfi("30");
  add_tfi("3ms");

  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    book.apply(e);
    set.on_event(book, e);
    for (AnySignal& a : alone) on_event(a, book, e);
    naive.apply(e);
    for (auto& r : ofis) r.on_event(naive, e);
    for (auto& r : tfis) r.on_event(e);
    // Book-state signals are invalid while a snapshot is being rebuilt.
    for (const Check& c : checks) {
      RefValue want = c.reference(e.local_ts);
      const bool state_signal = c.handle.index < 10;  // the ten add_state() calls come first
      if (state_signal && naive.in_snapshot()) want = {};
      ASSERT_NO_FATAL_FAILURE(expect_matches(set.value(c.handle), want, set.name(c.handle), i));
      ASSERT_EQ(value(alone[c.handle.index]), set.value(c.handle))
          << set.name(c.handle) << " on its own vs in the set, event " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, SignalProperty, ::testing::Values(1u, 7u, 20240601u));

// SignalSet computes book-state values when read and caches them until the next event. A set read
// only now and then (every 7th event, twice in a row) must give exactly what a set read after
// every event gives, on the simulator's OrderBook and on another book type (NaiveBook, which goes
// through the type-erased evaluation), with snapshots and trades in the stream.
TEST(SignalSet, ValuesReadNowAndThenEqualValuesReadEveryEvent) {
  RandomStreamOptions o;
  o.seed = 11;
  o.events = 40'000;
  o.snapshot_probability = 0.002;
  o.trade_probability = 0.1;
  const auto events = random_stream(o);
  const std::vector<SignalSpec> specs = {
      {"queue_imbalance", {}, ""},
      {"depth_imbalance", {{"levels", "3"}, {"weights", "linear"}}, ""},
      {"micro_price", {}, ""},
      {"ofi", {{"levels", "2"}, {"window", "1ms"}, {"normalized", "true"}}, ""},
      {"trade_flow_imbalance", {{"window", "20"}}, ""},
      {"spread", {}, ""},
  };
  OrderBook every_book;
  OrderBook sparse_book;
  NaiveBook naive_book;
  SignalSet every;
  SignalSet sparse;
  SignalSet naive;
  for (const SignalSpec& spec : specs) {
    every.add(spec);
    sparse.add(spec);
    naive.add(spec);
  }
  // Before any event: the initial values (raw OFI is valid 0; here it is normalized, so invalid).
  for (std::size_t k = 0; k < specs.size(); ++k) {
    EXPECT_EQ(sparse.value({k}), (SignalValue{})) << specs[k].type;
  }
  std::size_t compared = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    every_book.apply(e);
    every.on_event(every_book, e);
    const std::vector<SignalValue> want = every.values();
    sparse_book.apply(e);
    sparse.on_event(sparse_book, e);
    naive_book.apply(e);
    naive.on_event(naive_book, e);
    if (i % 7 != 0) continue;
    for (std::size_t k = 0; k < specs.size(); ++k) {
      ASSERT_EQ(sparse.value({k}), want[k]) << specs[k].type << " at event " << i;
      ASSERT_EQ(sparse.value({k}), want[k]) << specs[k].type << " read again at event " << i;
      ASSERT_EQ(naive.value({k}), want[k]) << specs[k].type << " on NaiveBook at event " << i;
      compared += want[k].valid ? 1 : 0;
    }
  }
  EXPECT_GT(compared, 20'000u);  // mostly valid values, not a run of empty books
}

}  // namespace
}  // namespace tilt
