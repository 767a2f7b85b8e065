// Runs a virtual tilt::Strategy (a plugin, or any class derived from it) inside the engine's
// Simulator, which calls strategies through the compile-time SimStrategy concept. One virtual call
// per callback is the price of the shared-library boundary; built-in strategies avoid it.
//
// An exception escaping a plugin callback stops the run with a PluginError naming the library, the
// strategy and the callback; the run then writes its partial outputs marked as failed.
#pragma once

#include <exception>
#include <string>

#include "tilt/sim/context.hpp"
#include "tilt/strategy.hpp"
#include "tilt/strategy_loader.hpp"

namespace tilt {

/// tilt::Context over the engine's StrategyContext.
class ContextBridge final : public Context {
 public:
  explicit ContextBridge(StrategyContext& ctx) : ctx_(&ctx) {}
  Timestamp now() const override { return ctx_->now(); }
  const OrderBook& book() const override { return ctx_->book(); }
  const SignalSet& signals() const override { return ctx_->signals(); }
  const PositionState& position() const override { return ctx_->position(); }
  double mid() const override { return ctx_->mid(); }
  const Order& order(OrderId id) const override { return ctx_->order(id); }
  std::span<const OrderId> working_orders() const override { return ctx_->working_orders(); }
  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty) override {
    return ctx_->submit(side, type, tif, price, qty);
  }
  void cancel(OrderId id) override { ctx_->cancel(id); }
  void modify(OrderId id, Price price, Qty leaves) override { ctx_->modify(id, price, leaves); }
  TimerId set_timer(Timestamp at) override { return ctx_->set_timer(at); }

 private:
  StrategyContext* ctx_;
};

class PluginStrategy {
 public:
  explicit PluginStrategy(LoadedStrategy loaded) : loaded_(std::move(loaded)) {}

  void on_start(StrategyContext& ctx) {
    guard(
        "on_start", [&](Context& c) { loaded_.strategy().on_start(c); }, ctx);
  }
  void on_book(StrategyContext& ctx, const Event& e) {
    guard(
        "on_book", [&](Context& c) { loaded_.strategy().on_book(c, e); }, ctx);
  }
  void on_trade(StrategyContext& ctx, const Event& e) {
    guard(
        "on_trade", [&](Context& c) { loaded_.strategy().on_trade(c, e); }, ctx);
  }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    guard(
        "on_order_update", [&](Context& c) { loaded_.strategy().on_order_update(c, u); }, ctx);
  }
  void on_timer(StrategyContext& ctx, TimerId id) {
    guard(
        "on_timer", [&](Context& c) { loaded_.strategy().on_timer(c, id); }, ctx);
  }
  void on_finish(StrategyContext& ctx) {
    guard(
        "on_finish", [&](Context& c) { loaded_.strategy().on_finish(c); }, ctx);
  }

  const LoadedStrategy& loaded() const { return loaded_; }

 private:
  template <typename Fn>
  void guard(const char* callback, Fn&& fn, StrategyContext& ctx) {
    ContextBridge bridge(ctx);
    try {
      fn(bridge);
    } catch (const Error& e) {
      if (!loaded_.is_plugin()) throw;
      throw PluginError(loaded_.library_path(), loaded_.name(),
                        std::string(callback) + " threw: " + e.what());
    } catch (const std::exception& e) {
      throw PluginError(loaded_.is_plugin() ? loaded_.library_path() : "(built-in)", loaded_.name(),
                        std::string(callback) + " threw: " + e.what());
    }
  }

  LoadedStrategy loaded_;
};

}  // namespace tilt
