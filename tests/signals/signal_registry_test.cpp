// Parameter parsing, the registry's errors, and SignalSet bookkeeping.
#include <gtest/gtest.h>

#include <string>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/signal_set.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;
namespace sp = tilt::signal_params;

std::string error_of(const SignalSpec& spec) {
  try {
    (void)make_signal(spec);
  } catch (const SignalError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SignalParams, Durations) {
  EXPECT_EQ(sp::parse_duration("100ms"), 100 * kMillisecond);
  EXPECT_EQ(sp::parse_duration("250us"), 250 * kMicrosecond);
  EXPECT_EQ(sp::parse_duration("1s"), kSecond);
  EXPECT_EQ(sp::parse_duration("1.5s"), 1'500'000'000);
  EXPECT_EQ(sp::parse_duration("7ns"), 7);
  EXPECT_EQ(sp::parse_duration("2min"), 120 * kSecond);
  EXPECT_THROW(sp::parse_duration("100"), SignalError);  // a duration needs a unit
  EXPECT_THROW(sp::parse_duration("100 parsecs"), SignalError);
  EXPECT_THROW(sp::parse_duration("0ms"), SignalError);
  EXPECT_THROW(sp::parse_duration("0.5ns"), SignalError);
  EXPECT_EQ(sp::format_duration(100 * kMillisecond), "100ms");
  EXPECT_EQ(sp::format_duration(1'500 * kMillisecond), "1500ms");
  EXPECT_EQ(sp::format_duration(7), "7ns");
}

TEST(SignalParams, WindowsAreCountsOrDurations) {
  const Window a = sp::parse_window("100");
  EXPECT_EQ(a.unit, Window::Unit::events);
  EXPECT_EQ(a.events, 100);
  EXPECT_EQ(sp::parse_window("250ev").events, 250);
  EXPECT_EQ(sp::parse_window("3 events").events, 3);
  const Window t = sp::parse_window("100ms");
  EXPECT_EQ(t.unit, Window::Unit::time);
  EXPECT_EQ(t.span, 100 * kMillisecond);
  EXPECT_THROW(sp::parse_window("0"), SignalError);
  EXPECT_THROW(sp::parse_window("-5"), SignalError);
  EXPECT_THROW(sp::parse_window("soon"), SignalError);
}

TEST(SignalParams, NumbersAndBools) {
  EXPECT_EQ(sp::parse_int("42"), 42);
  EXPECT_EQ(sp::parse_int(" -3 "), -3);
  EXPECT_THROW(sp::parse_int("4.2"), SignalError);
  EXPECT_THROW(sp::parse_int(""), SignalError);
  EXPECT_DOUBLE_EQ(sp::parse_double("0.25"), 0.25);
  EXPECT_THROW(sp::parse_double("nan"), SignalError);
  EXPECT_TRUE(sp::parse_bool("true"));
  EXPECT_FALSE(sp::parse_bool("no"));
  EXPECT_THROW(sp::parse_bool("maybe"), SignalError);
}

TEST(SignalRegistry, BuildsEveryListedType) {
  for (const SignalTypeInfo& info : signal_types()) {
    EXPECT_NO_THROW((void)make_signal(SignalSpec{std::string(info.type), {}, ""})) << info.type;
  }
}

TEST(SignalRegistry, ParametersReachTheSignal) {
  const AnySignal s = make_signal({"ofi", {{"levels", "5"}, {"window", "100ms"}}, ""});
  const auto& ofi = std::get<signals::OrderFlowImbalance>(s);
  EXPECT_EQ(ofi.levels(), 5u);
  EXPECT_EQ(ofi.window().unit, Window::Unit::time);
  EXPECT_EQ(ofi.window().span, 100 * kMillisecond);
  EXPECT_FALSE(ofi.normalized());
  const AnySignal d =
      make_signal({"depth_imbalance", {{"levels", "3"}, {"weights", "linear"}}, ""});
  EXPECT_EQ(std::get<signals::DepthImbalance>(d).levels(), 3u);
  EXPECT_EQ(std::get<signals::DepthImbalance>(d).weights(), signals::LevelWeights::linear);
  const AnySignal m = make_signal({"micro_price", {{"table", "-0.2, 0, 0.2"}}, ""});
  EXPECT_EQ(std::get<signals::MicroPrice>(m).table(), (std::vector<double>{-0.2, 0, 0.2}));
}

TEST(SignalRegistry, UnknownTypeListsValidTypes) {
  const std::string e = error_of({"ofy", {}, ""});
  EXPECT_TRUE(contains(e, "unknown signal type 'ofy'")) << e;
  EXPECT_TRUE(contains(e, "ofi")) << e;
  EXPECT_TRUE(contains(e, "trade_flow_imbalance")) << e;
}

TEST(SignalRegistry, UnknownParameterListsValidOnes) {
  const std::string e = error_of({"ofi", {{"level", "5"}}, ""});
  EXPECT_TRUE(contains(e, "unknown parameter 'level'")) << e;
  EXPECT_TRUE(contains(e, "levels")) << e;
  EXPECT_TRUE(contains(e, "window")) << e;
}

TEST(SignalRegistry, BadValuesSayWhatWasExpected) {
  std::string e = error_of({"ofi", {{"levels", "five"}}, ""});
  EXPECT_TRUE(contains(e, "parameter 'levels'")) << e;
  EXPECT_TRUE(contains(e, "integer")) << e;
  e = error_of({"ofi", {{"levels", "0"}}, ""});
  EXPECT_TRUE(contains(e, "[1, 64]")) << e;
  e = error_of({"ofi", {{"window", "100 parsecs"}}, ""});
  EXPECT_TRUE(contains(e, "duration")) << e;
  e = error_of({"depth_imbalance", {{"weights", "cubic"}}, ""});
  EXPECT_TRUE(contains(e, "none, linear or exponential")) << e;
  e = error_of({"depth_imbalance", {{"decay", "0.3"}}, ""});
  EXPECT_TRUE(contains(e, "only with weights: exponential")) << e;
  e = error_of({"micro_price", {{"buckets", "4"}, {"table", "0,1"}}, ""});
  EXPECT_TRUE(contains(e, "2 values but buckets is 4")) << e;
  e = error_of({"queue_imbalance", {{"levels", "2"}}, ""});
  EXPECT_TRUE(contains(e, "unknown parameter 'levels'")) << e;
}

TEST(SignalSet, NamesHandlesAndValues) {
  SignalSet set;
  const SignalHandle qi = set.add({"queue_imbalance", {}, ""});
  const SignalHandle ofi = set.add({"ofi", {{"window", "10"}}, "flow"});
  const SignalHandle spread = set.add({"spread", {}, ""});
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.name(qi), "queue_imbalance");
  EXPECT_EQ(set.name(ofi), "flow");
  EXPECT_EQ(set.find("flow"), ofi);
  EXPECT_EQ(set.find("nope"), std::nullopt);
  EXPECT_EQ(set.add({"queue_imbalance", {}, ""}), qi);      // same spec, same handle
  EXPECT_THROW(set.add({"mid", {}, "flow"}), SignalError);  // name clash with another spec
  EXPECT_THROW(set.add({"bogus", {}, ""}), SignalError);
  EXPECT_EQ(set.size(), 3u);

  OrderBook book;
  for (const Event& e : {bid(100, 30), ask(102, 10)}) {
    book.apply(e);
    set.on_event(book, e);
  }
  EXPECT_EQ(set.value(qi), (SignalValue{0.5, true}));    // (30 - 10) / 40
  EXPECT_EQ(set.value(ofi), (SignalValue{20.0, true}));  // +30 bid appears, -10 ask appears
  EXPECT_EQ(set.value(spread), (SignalValue{2.0, true}));
}

// A set is a value: a copy updates its own flow signals and leaves the original's alone, and a
// moved-to set keeps updating them.
TEST(SignalSet, CopiesAndMovesUpdateTheirOwnFlowSignals) {
  SignalSet original;
  const SignalHandle ofi = original.add({"ofi", {{"window", "10"}}, ""});
  const SignalHandle tfi = original.add({"trade_flow_imbalance", {{"window", "10"}}, ""});
  OrderBook book;
  const Event first = bid(100, 30);
  book.apply(first);
  original.on_event(book, first);

  SignalSet copy = original;
  const Event second = ask(102, 10);
  book.apply(second);
  copy.on_event(book, second);
  EXPECT_EQ(copy.value(ofi), (SignalValue{20.0, true}));      // +30 bid, -10 ask
  EXPECT_EQ(original.value(ofi), (SignalValue{30.0, true}));  // only the bid: untouched by copy

  SignalSet moved = std::move(copy);
  moved.on_event(book, trade(Side::buy, 102, 4));  // a buyer lifted 4 lots of the ask
  EXPECT_EQ(moved.value(tfi), (SignalValue{1.0, true}));
  EXPECT_EQ(moved.value(ofi), (SignalValue{20.0, true}));
  EXPECT_EQ(original.value(tfi), (SignalValue{0.0, false}));
}

TEST(SignalSpec, CanonicalNameSortsParameters) {
  EXPECT_EQ(canonical_name({"ofi", {{"window", "100ms"}, {"levels", "5"}}, ""}),
            "ofi(levels=5,window=100ms)");
  EXPECT_EQ(canonical_name({"mid", {}, ""}), "mid");
}

}  // namespace
}  // namespace tilt
