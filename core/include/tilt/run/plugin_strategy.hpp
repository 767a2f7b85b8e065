// Runs a virtual tilt::Strategy (a plugin, or any class derived from it) inside the engine's
// Simulator, which calls strategies through the compile-time SimStrategy concept. This is the
// plugin boundary: ContextBridge forwards every tilt::Context method to the engine's
// StrategyContext (one implementation, so the two cannot drift), and the engine's Order,
// OrderUpdate, Instrument and timers are converted here into the plain structs of strategy.hpp.
// One virtual call per callback is the price of the shared-library boundary; built-in strategies
// avoid it.
//
// An exception escaping a plugin callback stops the run with a PluginError naming the library, the
// strategy and the callback; the run then writes its partial outputs marked as failed.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "tilt/config/run_config.hpp"
#include "tilt/sim/context.hpp"
#include "tilt/strategy.hpp"
#include "tilt/strategy_loader.hpp"

namespace tilt {

namespace plugin_boundary {

inline InstrumentInfo to_info(const Instrument& ins) {
  InstrumentInfo info;
  info.symbol = ins.symbol;
  info.tick_size = ins.tick_double();
  info.lot_size = ins.lot_double();
  info.contract_multiplier = ins.contract_multiplier;
  info.maker_fee = ins.maker_fee;
  info.taker_fee = ins.taker_fee;
  return info;
}

inline OrderInfo to_info(const Order& o, ClientTag tag) {
  OrderInfo info;
  info.id = o.id;
  info.client_tag = tag;
  info.side = o.side;
  info.type = o.type;
  info.tif = o.tif;
  info.state = o.state;
  info.reason = o.reason;
  info.price = o.price;
  info.qty = o.qty;
  info.leaves = o.leaves;
  info.filled = o.filled;
  info.submitted = o.submitted;
  info.updated = o.updated;
  return info;
}

inline OrderUpdateInfo to_info(const OrderUpdate& u, ClientTag tag) {
  OrderUpdateInfo info;
  info.kind = u.kind;
  info.id = u.id;
  info.client_tag = tag;
  info.side = u.side;
  info.price = u.price;
  info.qty = u.qty;
  info.leaves = u.leaves;
  info.liquidity = u.liquidity;
  info.reason = u.reason;
  info.fee = u.fee;
  info.exch_ts = u.exch_ts;
  info.local_ts = u.local_ts;
  return info;
}

inline TimerInfo to_info(const PendingTimer& t) {
  return {t.id, t.payload, t.scheduled, t.interval};
}

}  // namespace plugin_boundary

/// tilt::Context over the engine's StrategyContext.
class ContextBridge final : public Context {
 public:
  ContextBridge(StrategyContext& ctx, const InstrumentInfo& instrument)
      : ctx_(&ctx), instrument_(&instrument) {}
  void rebind(StrategyContext& ctx) { ctx_ = &ctx; }

  Timestamp now() const override { return ctx_->now(); }
  const OrderBook& book() const override { return ctx_->book(); }
  double mid() const override { return ctx_->mid(); }
  SignalHandle signal_handle(std::string_view name) const override {
    return require_signal(ctx_->signals(), name);
  }
  SignalValue signal(SignalHandle h) const override { return ctx_->signal(h); }
  using Context::signal;

  const PositionState& position() const override { return ctx_->position(); }
  double unrealized_pnl() const override { return ctx_->unrealized_pnl(); }
  const InstrumentInfo& instrument() const override { return *instrument_; }
  std::uint32_t instance_index() const override { return ctx_->instance_index(); }

  OrderInfo order(OrderId id) const override {
    return plugin_boundary::to_info(ctx_->order(id), ctx_->client_tag(id));
  }
  std::optional<OrderInfo> find_order(ClientTag tag) const override {
    const std::optional<OrderId> id = ctx_->find_order(tag);
    if (!id) return std::nullopt;
    return order(*id);
  }
  std::span<const OrderId> working_orders() const override { return ctx_->working_orders(); }

  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty,
                 ClientTag tag) override {
    return ctx_->submit(side, type, tif, price, qty, tag);
  }
  using Context::submit;
  bool try_cancel(OrderId id) override { return ctx_->try_cancel(id); }
  bool try_modify(OrderId id, Price price, Qty leaves) override {
    return ctx_->try_modify(id, price, leaves);
  }
  RequestResult cancel(OrderId id) override { return ctx_->cancel(id); }
  RequestResult modify(OrderId id, Price price, Qty leaves) override {
    return ctx_->modify(id, price, leaves);
  }
  bool can_cancel(OrderId id) const override { return ctx_->can_cancel(id); }
  bool can_modify(OrderId id) const override { return ctx_->can_modify(id); }

  TimerId set_timer(Timestamp at, std::uint64_t payload) override {
    return ctx_->set_timer(at, payload);
  }
  using Context::set_timer;
  TimerId set_repeating_timer(Timestamp first, Duration interval, std::uint64_t payload) override {
    return ctx_->set_repeating_timer(first, interval, payload);
  }
  bool cancel_timer(TimerId id) override { return ctx_->cancel_timer(id); }

  void log(LogLevel level, std::string_view message) override { ctx_->log(level, message); }
  void set_metric(std::string_view name, double value) override { ctx_->set_metric(name, value); }

 private:
  StrategyContext* ctx_;
  const InstrumentInfo* instrument_;
};

class PluginStrategy {
 public:
  explicit PluginStrategy(LoadedStrategy loaded) : loaded_(std::move(loaded)) {}
  // The bridge points into this object: moving rebuilds it (see bridge()).
  PluginStrategy(PluginStrategy&& other) noexcept
      : loaded_(std::move(other.loaded_)), instrument_(std::move(other.instrument_)) {}
  PluginStrategy& operator=(PluginStrategy&& other) noexcept {
    loaded_ = std::move(other.loaded_);
    instrument_ = std::move(other.instrument_);
    bridge_.reset();
    return *this;
  }

  void on_start(StrategyContext& ctx) {
    instrument_ = plugin_boundary::to_info(ctx.instrument());
    bridge_.reset();
    guard("on_start", ctx, [&](Context& c) { loaded_.strategy().on_start(c); });
  }
  void on_book(StrategyContext& ctx, const Event& e) {
    guard("on_book", ctx, [&](Context& c) { loaded_.strategy().on_book(c, e); });
  }
  void on_trade(StrategyContext& ctx, const Event& e) {
    guard("on_trade", ctx, [&](Context& c) { loaded_.strategy().on_trade(c, e); });
  }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    const OrderUpdateInfo info = plugin_boundary::to_info(u, ctx.client_tag(u.id));
    guard("on_order_update", ctx, [&](Context& c) { loaded_.strategy().on_order_update(c, info); });
  }
  void on_timer(StrategyContext& ctx, TimerId) {
    const TimerInfo info = plugin_boundary::to_info(ctx.current_timer());
    guard("on_timer", ctx, [&](Context& c) { loaded_.strategy().on_timer(c, info); });
  }
  void on_finish(StrategyContext& ctx) {
    guard("on_finish", ctx, [&](Context& c) { loaded_.strategy().on_finish(c); });
  }

  /// The signals the strategy asks for (called before the run; errors name the plugin).
  std::vector<SignalSpec> required_signals() {
    std::vector<SignalSpec> specs;
    try {
      specs = loaded_.strategy().required_signals();
    } catch (const std::exception& e) {
      throw PluginError(loaded_.is_plugin() ? loaded_.library_path() : "(built-in)", loaded_.name(),
                        std::string("required_signals threw: ") + e.what());
    } catch (...) {
      throw PluginError(loaded_.is_plugin() ? loaded_.library_path() : "(built-in)", loaded_.name(),
                        "required_signals threw something that is not a std::exception");
    }
    return specs;
  }

  const LoadedStrategy& loaded() const { return loaded_; }

 private:
  Context& bridge(StrategyContext& ctx) {
    if (!bridge_) bridge_.emplace(ctx, instrument_);
    bridge_->rebind(ctx);
    return *bridge_;
  }

  template <typename Fn>
  void guard(const char* callback, StrategyContext& ctx, Fn&& fn) {
    try {
      fn(bridge(ctx));
    } catch (const Error& e) {
      if (!loaded_.is_plugin()) throw;
      throw PluginError(loaded_.library_path(), loaded_.name(),
                        std::string(callback) + " threw: " + e.what());
    } catch (const std::exception& e) {
      throw PluginError(loaded_.is_plugin() ? loaded_.library_path() : "(built-in)", loaded_.name(),
                        std::string(callback) + " threw: " + e.what());
    } catch (...) {
      throw PluginError(loaded_.is_plugin() ? loaded_.library_path() : "(built-in)", loaded_.name(),
                        std::string(callback) + " threw something that is not a std::exception");
    }
  }

  LoadedStrategy loaded_;
  InstrumentInfo instrument_;
  std::optional<ContextBridge> bridge_;
};

/// `config` with the strategy's required signals appended. One already configured identically is
/// kept once; the same name with another definition fails when the run adds it (SignalError).
inline RunConfig with_required_signals(RunConfig config, PluginStrategy& strategy) {
  const auto same = [](const SignalSpec& a, const SignalSpec& b) {
    const auto name = [](const SignalSpec& s) {
      return s.name.empty() ? canonical_name(s) : s.name;
    };
    return name(a) == name(b) && a.type == b.type && a.params == b.params;
  };
  for (SignalSpec& spec : strategy.required_signals()) {
    bool present = false;
    for (const SignalSpec& s : config.signals) present = present || same(s, spec);
    if (!present) config.signals.push_back(std::move(spec));
  }
  return config;
}

}  // namespace tilt
