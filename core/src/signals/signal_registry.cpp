#include "tilt/signals/signal_registry.hpp"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace tilt {
namespace {

constexpr std::array kTypes{
    SignalTypeInfo{"queue_imbalance", "-", "(Vb - Va)/(Vb + Va) at the best level"},
    SignalTypeInfo{"depth_imbalance",
                   "levels (5) in [1, 64]; weights none|linear|exponential (none); decay (0.5) > 0",
                   "size imbalance over the best N levels"},
    SignalTypeInfo{"ofi", "levels (1) in [1, 64]; window events|duration (100); normalized (false)",
                   "order-flow imbalance, Cont-Kukanov-Stoikov / multi-level Xu-Gould-Howison"},
    SignalTypeInfo{"weighted_mid", "-", "(Pb*Va + Pa*Vb)/(Va + Vb), ticks"},
    SignalTypeInfo{"micro_price", "buckets (5) in [1, 100]; table (bucketed weighted mid)",
                   "mid + spread * g[imbalance bucket] (Stoikov 2018), ticks"},
    SignalTypeInfo{"trade_flow_imbalance", "window trades|duration (100)",
                   "signed aggressor volume / traded volume"},
    SignalTypeInfo{"mid", "-", "(Pb + Pa)/2, ticks"},
    SignalTypeInfo{"spread", "-", "Pa - Pb, ticks"},
    SignalTypeInfo{"bid_size", "-", "size at the best bid, lots"},
    SignalTypeInfo{"ask_size", "-", "size at the best ask, lots"},
};

/// Reads a spec's parameters, checking each is known and well formed; errors name the spec.
class Params {
 public:
  Params(const SignalSpec& spec, const SignalTypeInfo& info) : spec_(spec), info_(info) {}

  /// Fails on any parameter the signal does not take (after all reads).
  void finish() const {
    for (const auto& [key, value] : spec_.params) {
      bool known = false;
      for (const auto& k : read_) known = known || k == key;
      if (!known) {
        fail("unknown parameter '" + key + "'; valid parameters: " + std::string(info_.params));
      }
    }
  }

  template <typename T, typename Parse>
  T get(const std::string& key, T fallback, Parse&& parse) {
    read_.push_back(key);
    auto it = spec_.params.find(key);
    if (it == spec_.params.end()) return fallback;
    try {
      return parse(it->second);
    } catch (const SignalError& e) {
      fail("parameter '" + key + "': " + e.what());
    }
  }

  std::int64_t get_int(const std::string& key, std::int64_t fallback, std::int64_t lo,
                       std::int64_t hi) {
    return get<std::int64_t>(key, fallback, [&](const std::string& text) {
      const std::int64_t v = signal_params::parse_int(text);
      if (v < lo || v > hi) {
        throw SignalError("expected an integer in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "], got '" + text + "'");
      }
      return v;
    });
  }

  bool has(const std::string& key) const { return spec_.params.count(key) != 0; }

  [[noreturn]] void fail(const std::string& what) const {
    throw SignalError("signal '" + canonical_name(spec_) + "': " + what);
  }

 private:
  const SignalSpec& spec_;
  const SignalTypeInfo& info_;
  std::vector<std::string> read_;
};

signals::LevelWeights parse_weights(const std::string& text) {
  if (text == "none") return signals::LevelWeights::none;
  if (text == "linear") return signals::LevelWeights::linear;
  if (text == "exponential" || text == "exp") return signals::LevelWeights::exponential;
  throw SignalError("expected none, linear or exponential, got '" + text + "'");
}

std::vector<double> parse_table(const std::string& text) {
  std::vector<double> table;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    table.push_back(
        signal_params::parse_double(std::string_view(text).substr(start, comma - start)));
    start = comma + 1;
  }
  return table;
}

AnySignal build(const SignalSpec& spec, const SignalTypeInfo& info) {
  Params p(spec, info);
  const std::string_view type = info.type;
  AnySignal result = signals::QueueImbalance{};
  if (type == "queue_imbalance") {
    result = signals::QueueImbalance{};
  } else if (type == "depth_imbalance") {
    const auto levels = p.get_int("levels", 5, 1, signals::DepthImbalance::kMaxLevels);
    const auto weights =
        p.get<signals::LevelWeights>("weights", signals::LevelWeights::none, parse_weights);
    const double decay = p.get<double>("decay", 0.5, [](const std::string& t) {
      const double d = signal_params::parse_double(t);
      if (!(d > 0)) throw SignalError("expected a number > 0, got '" + t + "'");
      return d;
    });
    if (p.has("decay") && weights != signals::LevelWeights::exponential) {
      p.fail("parameter 'decay' applies only with weights: exponential");
    }
    result = signals::DepthImbalance(static_cast<std::size_t>(levels), weights, decay);
  } else if (type == "ofi") {
    const auto levels = p.get_int("levels", 1, 1, 64);
    const Window window =
        p.get<Window>("window", Window::last_events(100), signal_params::parse_window);
    const bool normalized = p.get<bool>("normalized", false, signal_params::parse_bool);
    result = signals::OrderFlowImbalance(static_cast<std::size_t>(levels), window, normalized);
  } else if (type == "weighted_mid") {
    result = signals::WeightedMid{};
  } else if (type == "micro_price") {
    const auto buckets = p.get_int("buckets", 5, 1, 100);
    auto table = p.get<std::vector<double>>(
        "table", signals::MicroPrice::weighted_mid_table(static_cast<std::size_t>(buckets)),
        parse_table);
    if (p.has("table") && p.has("buckets") && table.size() != static_cast<std::size_t>(buckets)) {
      p.fail("parameter 'table' has " + std::to_string(table.size()) + " values but buckets is " +
             std::to_string(buckets));
    }
    result = signals::MicroPrice(std::move(table));
  } else if (type == "trade_flow_imbalance") {
    result = signals::TradeFlowImbalance(
        p.get<Window>("window", Window::last_events(100), signal_params::parse_window));
  } else if (type == "mid") {
    result = signals::Mid{};
  } else if (type == "spread") {
    result = signals::Spread{};
  } else if (type == "bid_size") {
    result = signals::BestSize(Side::buy);
  } else if (type == "ask_size") {
    result = signals::BestSize(Side::sell);
  }
  p.finish();
  return result;
}

}  // namespace

std::span<const SignalTypeInfo> signal_types() {
  return kTypes;
}

AnySignal make_signal(const SignalSpec& spec) {
  for (const SignalTypeInfo& info : kTypes) {
    if (info.type == spec.type) return build(spec, info);
  }
  std::string valid;
  for (const SignalTypeInfo& info : kTypes) {
    valid += (valid.empty() ? "" : ", ") + std::string(info.type);
  }
  throw SignalError("unknown signal type '" + spec.type + "'; valid types: " + valid);
}

}  // namespace tilt
