// The strategy API: the one header a strategy author reads. A strategy is a class derived from
// tilt::Strategy; built into tilt or loaded from a plugin (a shared library), it sees the same
// Context with the same meaning.
//
// ---- Time ------------------------------------------------------------------------------------
// A strategy lives on its own local time: market data reaches it after the feed latency (the
// data's local_ts, or exch_ts + latency.feed), its requests reach the venue after the entry
// latency, and the venue's answers reach it after the response latency. ctx.now() is always the
// local time of the callback being run; nothing a strategy does changes what it has already been
// told. Ties at one instant run in this order: market data, then order updates, then timers.
//
// ---- Callbacks (each at local time ctx.now()) ------------------------------------------------
//   required_signals()            before the run, once: signals the strategy needs besides the
//                                 run config's `signals:` (same name twice is one signal)
//   on_start(ctx)                 once, before any market data, at the first event's local time;
//                                 the local book is still empty. Orders and timers may be set.
//   on_trade(ctx, event)          for each trade of a venue message, in data order, once the whole
//                                 message was applied (aggressor side in event.side)
//   on_book(ctx, event)           once per message that changed the book, after its trades;
//                                 `event` is the message's last book event (a snapshot's
//                                 snapshot_end)
//   on_order_update(ctx, update)  an ack, fill, cancel or reject of one of its orders, after the
//                                 order table (ctx.order) and the position took it into account
//   on_timer(ctx, timer)          a timer it set came due (cancelled timers never fire)
//   on_finish(ctx)                once, after the last market-data event, at its local time.
//                                 Responses and timers due later are dropped; resting orders stay
//                                 open and the position is marked to the final mid.
// An exception escaping a callback stops the run: it is reported naming the strategy and the
// callback, and the run's outputs are written marked "failed".
//
// ---- Venue messages ----------------------------------------------------------------------------
// Events sharing an exchange timestamp are one venue message. The simulator applies a whole message
// to the local book and the signals, judges the book (run config `book.crossed`), and only then
// calls on_trade for each trade of the message, then on_book once. Nothing the strategy reads is
// ever half a message; the message reaches it at the local time of its last event. A trade with
// has_sub_tick_price(event) printed between ticks: its price is in 1/kSubTicksPerTick of a tick
// (types.hpp) and it moved no level. Details: tilt/sim/strategy_concept.hpp.
//
// ---- Units -----------------------------------------------------------------------------------
// Prices are integer ticks, quantities integer lots, times ns since the epoch (Timestamp) and
// durations ns (tilt::kMillisecond ...). ctx.instrument() converts to and from decimal prices and
// quantities. P&L and fees in PositionState are tick·lot units (× tick × lot × multiplier for
// quote currency).
//
// ---- Parameters ------------------------------------------------------------------------------
// Parameters come from the run config (`strategy: {name: ..., params: {...}}`) as tilt::Params;
// the strategy reads each with its type and range in its constructor and calls params.finish(),
// so a typo in the config is an error naming the file, line and column.
//
// ---- Plugins ---------------------------------------------------------------------------------
// Build a shared library against an installed tilt (find_package(tilt), link tilt::core) and list
// its strategies once with TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("name", Class), ...). The run
// config names it with `strategy: {plugin: path/to/libmy.so, name: my_strategy}` (a relative path
// is relative to the config file). tilt refuses a library built against another tilt version or
// another strategy ABI (kStrategyAbiTag, computed from the layout of every type that crosses the
// boundary) with an error naming both. See strategies/plugin_template/ and
// strategies/examples/grid_trader/.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tilt/book/order_book.hpp"
#include "tilt/config/params.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/signals/signal_value.hpp"
#include "tilt/sim/order.hpp"
#include "tilt/sim/order_shortcuts.hpp"
#include "tilt/sim/order_state.hpp"
#include "tilt/sim/position.hpp"
#include "tilt/sim/strategy_types.hpp"
#include "tilt/types.hpp"
#include "tilt/version.hpp"

namespace tilt {

class SignalSet;

// ---- plain data crossing the plugin boundary -------------------------------------------------

/// The traded instrument (fees after the run config's overrides).
struct InstrumentInfo {
  std::string symbol;
  double tick_size = 0.01;  ///< price increment
  double lot_size = 1.0;    ///< quantity increment
  double contract_multiplier = 1.0;
  double maker_fee = 0.0;  ///< fraction of notional (negative = rebate)
  double taker_fee = 0.0;

  /// Decimal price -> ticks, rounded to the nearest tick.
  Price to_ticks(double price) const { return std::llround(price / tick_size); }
  double to_price(Price ticks) const { return static_cast<double>(ticks) * tick_size; }
  /// Decimal quantity -> lots, rounded to the nearest lot.
  Qty to_lots(double quantity) const { return std::llround(quantity / lot_size); }
  double to_quantity(Qty lots) const { return static_cast<double>(lots) * lot_size; }
  /// Money in quote currency of `amount` tick·lot units (P&L, fees in PositionState).
  double to_currency(double tick_lots) const {
    return tick_lots * tick_size * lot_size * contract_multiplier;
  }
};

/// One order as the strategy knows it (a copy: it does not change when the order does).
struct OrderInfo {
  OrderId id;
  ClientTag client_tag = 0;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce tif = TimeInForce::gtc;
  OrderState state = OrderState::pending_new;
  RejectReason reason = RejectReason::none;  ///< of the last rejection
  Price price = 0;                           ///< limit price; 0 for market orders
  Qty qty = 0;                               ///< total size: filled + leaves (+ cancelled)
  Qty leaves = 0;                            ///< working at the venue, as last reported
  Qty filled = 0;
  Timestamp submitted = 0;  ///< local time sent
  Timestamp updated = 0;    ///< local time of the last update

  /// Waiting for the venue's answer (pending_new, pending_cancel, pending_modify).
  bool request_in_flight() const {
    return state == OrderState::pending_new || state == OrderState::pending_cancel ||
           state == OrderState::pending_modify;
  }
  bool is_done() const { return is_terminal(state); }
};

/// What the venue reported about one order (see UpdateKind in tilt/sim/order.hpp).
struct OrderUpdateInfo {
  UpdateKind kind = UpdateKind::accepted;
  OrderId id;
  ClientTag client_tag = 0;
  Side side = Side::buy;
  Price price = 0;  ///< fill price for fills, else the order's price at the venue
  Qty qty = 0;      ///< executed lots for fills, else 0
  Qty leaves = 0;   ///< lots still working after this update
  Liquidity liquidity = Liquidity::maker;  ///< for fills
  RejectReason reason = RejectReason::none;
  double fee = 0.0;        ///< for fills, tick·lot units (negative = rebate)
  Timestamp exch_ts = 0;   ///< when the venue produced it
  Timestamp local_ts = 0;  ///< when the strategy receives it (= ctx.now())
};

/// A timer that came due.
struct TimerInfo {
  TimerId id;
  std::uint64_t payload = 0;  ///< as given to set_timer / set_repeating_timer
  Timestamp scheduled = 0;    ///< the local time it was due (= ctx.now())
  Duration interval = 0;      ///< > 0 for a repeating timer
};

/// What a strategy sees and does, at its own local time. Plugins get it through the virtual
/// interface below; built-in strategies use the engine's StrategyContext (tilt/sim/context.hpp),
/// to which every method here forwards, so both mean exactly the same.
///
/// Lifetimes: references (book(), position(), instrument()) stay valid for the whole run and
/// show the current state when read. working_orders() returns a span that the next submit or
/// order update may invalidate: copy it before submitting. Everything else is returned by value.
class Context : public OrderShortcuts<Context> {
 public:
  virtual ~Context() = default;

  // --- time, market data, signals -----------------------------------------------------------
  /// The strategy's local time (ns since the epoch): the local time of the current callback.
  virtual Timestamp now() const = 0;
  /// The local book: every market-data event with local time <= now().
  virtual const OrderBook& book() const = 0;
  /// Local mid in ticks; NaN while a side is empty.
  virtual double mid() const = 0;
  /// The handle of signal `name` (config or required_signals()); tilt::Error listing the run's
  /// signals when there is none. Look names up once (in on_start), read values by handle.
  virtual SignalHandle signal_handle(std::string_view name) const = 0;
  /// The signal's current value (valid = false until it has enough data).
  virtual SignalValue signal(SignalHandle handle) const = 0;
  /// By name: a lookup per call, for code that is not on the per-event path.
  SignalValue signal(std::string_view name) const { return signal(signal_handle(name)); }

  // --- position and instrument --------------------------------------------------------------
  /// Position, cash, fees, average entry and realized P&L (tick·lot) from the fills the strategy
  /// has been told about.
  virtual const PositionState& position() const = 0;
  Qty inventory() const { return position().position; }
  /// Unrealized P&L (tick·lot) of the known position marked at the local mid.
  virtual double unrealized_pnl() const = 0;
  virtual const InstrumentInfo& instrument() const = 0;
  /// Which instance of the run this is (0 for a single run).
  virtual std::uint32_t instance_index() const = 0;

  // --- orders -------------------------------------------------------------------------------
  /// An order by id (OrderError for an id this strategy never issued). A run keeps its live orders,
  /// the finished ones among the last 4096 ids and each client tag's latest order (memory follows
  /// the orders live at once and the distinct tags, not the run's length); any other older
  /// finished id is an OrderError too: keep what you need of an order when its last update
  /// arrives (results.h5's orders table has every final state).
  virtual OrderInfo order(OrderId id) const = 0;
  /// The most recent order submitted with `tag` (any state, however long ago it finished), if any.
  virtual std::optional<OrderInfo> find_order(ClientTag tag) const = 0;
  /// Ids of orders not yet in a terminal state, in submission order. The span is invalidated by
  /// the next submit and by the next order update: copy it to submit while iterating.
  virtual std::span<const OrderId> working_orders() const = 0;
  /// Whether a cancel would be sent now: the order is not finished and no cancel or modify of it
  /// awaits its answer. An order still pending_new may be cancelled: the request reaches the venue
  /// after the order (requests of one strategy arrive in the order they were sent).
  virtual bool can_cancel(OrderId id) const = 0;
  /// can_cancel(id), and the order is not a market order.
  virtual bool can_modify(OrderId id) const = 0;
  /// order(id).request_in_flight(): the answer to the last request has not arrived yet.
  bool request_in_flight(OrderId id) const { return order(id).request_in_flight(); }

  /// Sends a new order; returns its id at once (state pending_new until the venue's answer comes
  /// in on_order_update). OrderError for a size <= 0 or a post-only market order.
  virtual OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty,
                         ClientTag tag) = 0;
  OrderId submit(Side side, OrderType type, TimeInForce tif, Price price, Qty qty) {
    return submit(side, type, tif, price, qty, 0);
  }
  // limit / post_only / ioc / fok / market (each with an optional client tag) and
  // set_timer_after: OrderShortcuts (tilt/sim/order_shortcuts.hpp).

  /// Sends a cancel and returns `sent`; or sends nothing and returns `not_working` (the order is
  /// finished) or `request_pending` (a cancel or modify of it awaits its answer: wait for its
  /// update). A cancel that crosses a fill on the wire is answered cancel_rejected. OrderError
  /// only for an id this strategy never issued.
  virtual RequestResult cancel(OrderId id) = 0;
  /// New price and/or leaves (> 0), answered like cancel(). A price change or size increase loses
  /// queue priority; a decrease keeps it. OrderError for leaves <= 0 or a market order.
  virtual RequestResult modify(OrderId id, Price price, Qty leaves) = 0;
  /// cancel / modify as a bool: true when the request was sent.
  virtual bool try_cancel(OrderId id) = 0;
  virtual bool try_modify(OrderId id, Price price, Qty leaves) = 0;

  // --- timers -------------------------------------------------------------------------------
  /// on_timer fires at local time max(at, now()) with `payload`.
  virtual TimerId set_timer(Timestamp at, std::uint64_t payload) = 0;
  TimerId set_timer(Timestamp at) { return set_timer(at, 0); }
  /// Fires at max(first, now()) and then every `interval` (> 0) until cancel_timer.
  virtual TimerId set_repeating_timer(Timestamp first, Duration interval,
                                      std::uint64_t payload = 0) = 0;
  /// Stops a timer that is still live (not fired yet, or repeating); false otherwise.
  virtual bool cancel_timer(TimerId id) = 0;

  // --- log and metrics (string work: call on events that matter, not on every book update) ---
  /// A line in the run folder's run.log, stamped with now(). At most 10,000 lines per run are
  /// kept (later ones are counted as dropped).
  virtual void log(LogLevel level, std::string_view message) = 0;
  /// A custom scalar, written to summary.json under `metrics` and shown in report.html; the last
  /// value set wins. Name must not be empty.
  virtual void set_metric(std::string_view name, double value) = 0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Signals this strategy reads besides those of the run config; added before on_start.
  virtual std::vector<SignalSpec> required_signals() const { return {}; }
  virtual void on_start(Context&) {}
  virtual void on_book(Context&, const Event&) {}
  virtual void on_trade(Context&, const Event&) {}
  virtual void on_order_update(Context&, const OrderUpdateInfo&) {}
  virtual void on_timer(Context&, const TimerInfo&) {}
  virtual void on_finish(Context&) {}
};

/// Creates a strategy from its parameters (it must call params.finish()).
using StrategyFactory = std::unique_ptr<Strategy> (*)(Params& params);

/// The handle of signal `name` in `signals`, or tilt::Error listing the configured signals (for
/// built-in strategies, which read the engine's SignalSet directly).
SignalHandle require_signal(const SignalSet& signals, std::string_view name);

// ---- the ABI tag -----------------------------------------------------------------------------
namespace abi_detail {
/// FNV-1a over a list of numbers.
constexpr std::uint64_t hash(std::initializer_list<std::uint64_t> values) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::uint64_t v : values) {
    for (int byte = 0; byte < 8; ++byte) {
      h ^= (v >> (8 * byte)) & 0xff;
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}
}  // namespace abi_detail

/// The version of the virtual interfaces above (Context, Strategy): bumped when a method is added,
/// removed or changes meaning. Layout changes need no bump: they change kStrategyAbiTag.
inline constexpr std::uint64_t kStrategyApiVersion = 4;

/// What a plugin and tilt must agree on: the API version and the size, alignment and field
/// offsets of every type passed across the boundary. A plugin built against any other layout
/// has another tag and is refused before any of its code runs.
inline constexpr std::uint64_t kStrategyAbiTag = abi_detail::hash({
    kStrategyApiVersion,
    sizeof(InstrumentInfo),
    sizeof(OrderInfo),
    alignof(OrderInfo),
    offsetof(OrderInfo, client_tag),
    offsetof(OrderInfo, state),
    offsetof(OrderInfo, price),
    offsetof(OrderInfo, updated),
    sizeof(OrderUpdateInfo),
    offsetof(OrderUpdateInfo, client_tag),
    offsetof(OrderUpdateInfo, leaves),
    offsetof(OrderUpdateInfo, fee),
    offsetof(OrderUpdateInfo, local_ts),
    sizeof(TimerInfo),
    offsetof(TimerInfo, payload),
    offsetof(TimerInfo, interval),
    sizeof(Event),
    offsetof(Event, price),
    offsetof(Event, local_ts),
    sizeof(PositionState),
    sizeof(SignalValue),
    sizeof(SignalHandle),
    sizeof(SignalSpec),
    sizeof(OrderBook),
    sizeof(Params),
    sizeof(std::string),
    sizeof(std::vector<int>),
    sizeof(OrderId),
    sizeof(TimerId),
});

}  // namespace tilt

// ---- plugin registration ---------------------------------------------------------------------
// Once per plugin library, listing its strategies (each constructible from tilt::Params&):
//   TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("my_strategy", MyStrategy), TILT_STRATEGY("other", Other))
// It exports the C symbols tilt looks for: the ABI tag and tilt version the plugin was built
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
  extern "C" __attribute__((visibility("default"))) std::uint64_t tilt_plugin_abi_tag() {      \
    return ::tilt::kStrategyAbiTag;                                                            \
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
