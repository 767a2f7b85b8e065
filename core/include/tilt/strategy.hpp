// The strategy API: what a strategy author writes against, built in or loaded as a plugin.
//
// A strategy is a class derived from tilt::Strategy. The simulator calls it back on its own local
// time — it never sees anything before the feed latency has passed:
//   on_start(ctx)                 once, before the first event
//   on_book(ctx, event)           after each market-data event was applied to the local book and
//   the
//                                 signals (level updates and snapshot markers)
//   on_trade(ctx, event)          after each trade print (aggressor side in event.side)
//   on_order_update(ctx, update)  acks, fills, cancels and rejects of its own orders, after the
//                                 response latency
//   on_timer(ctx, id)             a timer it set fired
//   on_finish(ctx)                once, after the last event
//
// How market data reaches a strategy (venue messages; this paragraph governs on_book/on_trade
// above). Events sharing an exchange timestamp are one venue message. The simulator applies a whole
// message to the local book and the signals, judges the book (run config `book.crossed`), and only
// then calls on_trade for each trade of the message, then on_book once with the message's last
// book event (a snapshot's snapshot_end). Nothing the strategy reads is ever half a message. A
// trade with has_sub_tick_price(event) printed between ticks: its price is in 1/kSubTicksPerTick
// of a tick (types.hpp) and it moved no level. Details: tilt/sim/strategy_concept.hpp.
//
// Through the Context it reads the local book, named signals, its position, P&L and working orders,
// and submits, cancels and modifies orders and sets timers. Orders reach the venue after the entry
// latency; nothing a strategy does changes what it has already been told.
//
// Parameters come from the run config (`strategy: {name: ..., params: {...}}`) as tilt::Params; the
// strategy reads each with its type and range in its constructor and calls params.finish(), so a
// typo in the config is an error that names the file, line and column.
//
// Plugins: build a shared library against an installed tilt (find_package(tilt), link tilt::core)
// and list its strategies with TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("name", Class), ...). The run
// config names it with `strategy: {plugin: path/to/libmy.so, name: my_strategy}`. tilt refuses a
// library built against another strategy ABI version (kStrategyAbiVersion) or another tilt version.
// See strategies/plugin_template/ for a complete project.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "tilt/book/order_book.hpp"
#include "tilt/config/params.hpp"
#include "tilt/instrument.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/order.hpp"
#include "tilt/sim/order_shortcuts.hpp"
#include "tilt/sim/position.hpp"
#include "tilt/types.hpp"
#include "tilt/version.hpp"

namespace tilt {

/// Bumped whenever Strategy, Context or the types they pass change layout or meaning.
/// 2: SignalSet evaluates book-state signals when read (its layout changed), and the book, order
/// and queue types passed by reference changed layout.
inline constexpr int kStrategyAbiVersion = 2;

/// What a strategy sees and does, at its own local time. The same methods, with the same meaning,
/// as the engine's StrategyContext (tilt/sim/context.hpp), which built-in strategies use directly;
/// this virtual face of it is what crosses the plugin boundary.
class Context : public OrderShortcuts<Context> {
 public:
  virtual ~Context() = default;

  /// The strategy's local time (ns since epoch).
  virtual Timestamp now() const = 0;
  /// The local book: every market-data event with local time <= now().
  virtual const OrderBook& book() const = 0;
  /// The run's signals, computed on the local book. Look names up once, in on_start:
  /// `handle = require_signal(ctx.signals(), "ofi5")`.
  virtual const SignalSet& signals() const = 0;
  SignalValue signal(SignalHandle h) const { return signals().value(h); }
  /// Position, cash, fees, average entry and realized P&L (tick·lot units) from the fills the
  /// strategy has been told about.
  virtual const PositionState& position() const = 0;
  Qty inventory() const { return position().position; }
  /// Local mid in ticks; NaN while a side is empty.
  virtual double mid() const = 0;
  /// An order by id (OrderError for an id this strategy never issued).
  virtual const Order& order(OrderId id) const = 0;
  /// Orders not yet in a terminal state.
  virtual std::span<const OrderId> working_orders() const = 0;

  /// Sends a new order; returns its id at once (the venue's answer comes in on_order_update).
  virtual OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty) = 0;
  /// Requests a cancel (OrderError unless the order is open).
  virtual void cancel(OrderId id) = 0;
  /// New price and/or leaves. A price change or size increase loses queue priority; a decrease
  /// keeps it.
  virtual void modify(OrderId id, Price price, Qty leaves) = 0;
  /// on_timer fires at local time max(at, now()).
  virtual TimerId set_timer(Timestamp at) = 0;
  // limit / post_only / ioc / fok / market / set_timer_after: OrderShortcuts
  // (sim/order_shortcuts.hpp).
};

/// The handle of signal `name`, or tilt::Error listing the configured signals.
SignalHandle require_signal(const SignalSet& signals, std::string_view name);

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual void on_start(Context&) {}
  virtual void on_book(Context&, const Event&) {}
  virtual void on_trade(Context&, const Event&) {}
  virtual void on_order_update(Context&, const OrderUpdate&) {}
  virtual void on_timer(Context&, TimerId) {}
  virtual void on_finish(Context&) {}
};

/// Creates a strategy from its parameters (it must call params.finish()).
using StrategyFactory = std::unique_ptr<Strategy> (*)(Params& params);

}  // namespace tilt

// ---- plugin registration ---------------------------------------------------------------------
// Once per plugin library, listing its strategies (each constructible from tilt::Params&):
//   TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("my_strategy", MyStrategy), TILT_STRATEGY("other", Other))
// It exports the C symbols tilt looks for: the strategy ABI and tilt version the plugin was built
// against, the names it offers and a lookup from name to factory. No static registration: nothing
// runs when the library is loaded, and two plugins can never see each other's strategies.
namespace tilt::plugin_detail {
struct PluginEntry {
  const char* name;
  StrategyFactory factory;
};
template <typename S>
std::unique_ptr<Strategy> make(Params& params) {
  return std::make_unique<S>(params);
}
}  // namespace tilt::plugin_detail

#define TILT_STRATEGY(name, Class)            \
  ::tilt::plugin_detail::PluginEntry {        \
    name, &::tilt::plugin_detail::make<Class> \
  }

#define TILT_PLUGIN_STRATEGIES(...)                                                            \
  namespace {                                                                                  \
  const ::tilt::plugin_detail::PluginEntry tilt_plugin_entries[] = {__VA_ARGS__};              \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) int tilt_plugin_abi_version() {            \
    return ::tilt::kStrategyAbiVersion;                                                        \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_tilt_version() {   \
    return TILT_VERSION_STRING;                                                                \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) ::tilt::StrategyFactory                    \
  tilt_plugin_find_strategy(const char* name) {                                                \
    for (const auto& e : tilt_plugin_entries)                                                  \
      if (std::string_view(e.name) == name) return e.factory;                                  \
    return nullptr;                                                                            \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) const char* tilt_plugin_strategy_names() { \
    static const std::string names = [] {                                                      \
      std::string all;                                                                         \
      for (const auto& e : tilt_plugin_entries)                                                \
        all += (all.empty() ? "" : ", ") + std::string(e.name);                                \
      return all;                                                                              \
    }();                                                                                       \
    return names.c_str();                                                                      \
  }
