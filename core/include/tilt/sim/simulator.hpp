// Simulator<Strategy>: the discrete-event loop that replays market data once and drives one or more
// strategy instances through it.
//
//   Simulator<MyStrategy> sim(SimConfig{...});
//   SignalHandle qi = sim.signals().add({"queue_imbalance", {}});
//   sim.add_instance(MyStrategy{params_a}, InstanceConfig{...});
//   sim.add_instance(MyStrategy{params_b}, InstanceConfig{...});
//   sim.run(reader);                         // or run(std::span<const Event>) / run_batches(fn)
//   sim.instance(0).accountant().fills();    // results per instance
//
// Shared by all instances (paid once): the exchange-side book (at exch_ts, the truth for matching;
// our fills never change it, matching.hpp R2), the local book at local time and the SignalSet on
// it. Per instance: venue state (resting orders, queue positions), latency model, fees, accountant,
// order table, timers. Instances share one feed clock (the data's local_ts, or the SimConfig
// constant); instances that need different feed latencies need separate Simulators.
//
// Messages. Consecutive market-data events with the same exch_ts are one venue message (one depth
// update, one snapshot, a trade and the level changes it caused). Each message is handled twice:
//   * at exch_ts by the venue side: every event goes to the exchange book and to every instance's
//     matching and accountant as it comes (queue positions follow the rows in order); the book is
//     judged (crossed-book policy, SimConfig::exchange_book, run config `book.crossed`) once the
//     message is complete, before anything else happens at the venue;
//   * at its local time by the strategy side: the whole message is applied to the local book and
//     the signals, the local book is judged, and only then are the strategy's callbacks called
//     (strategy_concept.hpp), so a strategy never sees a half-applied message.
// A message reaches the strategy at one local time, that of its last event.
//
// Snapshots (snapshot_begin, level rows, snapshot_end) are applied to both books as the level
// changes they imply against the current book (book/snapshot_diff.hpp): the matching model and the
// flow signals see the same changes as if the market had arrived as increments, and a resting
// order at a level the snapshot removes sees that level go to 0 (R6). Neither book is ever seen
// half-rebuilt (in_snapshot() stays false); a snapshot the data never ends is not applied.
//
// Feed clock. An event's local time is exch_ts + feed_latency when SimConfig sets a constant feed
// latency; otherwise local_ts + clock_offset (the offset corrects a recording whose local clock
// ran behind or ahead of the venue's). A feed never delivers before the venue published: a local
// time before exch_ts is raised to exch_ts and counted (feed_clock(): events, worst value); and it
// delivers in order: a local time before the previous one is raised to it. The Event the strategy
// receives carries that local time. Ties between sources break as documented in event_queue.hpp.
//
// Trades that printed between ticks (EventFlag::kSubTickPrice, price in sub-ticks) never moved a
// visible level: the books ignore them as they ignore every trade; they do not reach the matching
// model unless SimConfig::fill_on_sub_tick_trades is set, and then only as a trade strictly
// through our price (R7: a sub-tick price is rounded away from each of our orders, so an order the
// print did not pass is untouched, queue included). The strategy gets them in on_trade with the
// flag and the sub-tick price; trade_flow_imbalance counts them (signals/trade_flow_imbalance.hpp).
//
// Data must be in non-decreasing exch_ts order (a violation is a tilt::Error naming the event).
// The run ends with the last market-data event: pending events (responses, timers) due after its
// local time are dropped, orders still resting stay open, and the accountant marks the position to
// the final exchange mid. Same inputs, bit-identical outputs: nothing depends on addresses, hash
// order or wall-clock time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tilt/book/order_book.hpp"
#include "tilt/book/snapshot_diff.hpp"
#include "tilt/error.hpp"
#include "tilt/instrument.hpp"
#include "tilt/signals/signal_set.hpp"
#include "tilt/sim/context.hpp"
#include "tilt/sim/event_queue.hpp"
#include "tilt/sim/event_ring.hpp"
#include "tilt/sim/instance.hpp"
#include "tilt/sim/strategy_concept.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {

struct SimConfig {
  BookOptions exchange_book;
  BookOptions local_book;
  /// Replace the data's feed latency by a constant (>= 0): local time = exch_ts + feed_latency.
  std::optional<Duration> feed_latency;
  /// Added to every event's local_ts before use (may be negative); ignored with feed_latency.
  Duration clock_offset = 0;
  /// Let trades flagged kSubTickPrice fill our resting orders they passed strictly through.
  bool fill_on_sub_tick_trades = false;
};

/// What the feed clock said about the data: events whose local time (after clock_offset) came
/// before their exchange time, and the most negative such feed latency (0 when none).
struct FeedClockStats {
  std::int64_t negative_latency_events = 0;
  Duration worst_negative_latency = 0;
};

template <SimStrategy S>
class Simulator {
 public:
  /// Throws tilt::Error for a negative feed_latency (a feed never delivers before the venue
  /// published; the strategy side relies on it to take only complete messages).
  explicit Simulator(SimConfig config = {})
      : config_(config), exchange_book_(config.exchange_book), local_book_(config.local_book) {
    if (config_.feed_latency && *config_.feed_latency < 0)
      throw Error("Simulator: feed_latency must not be negative");
  }

  /// Signals shared by every instance; add them before run().
  SignalSet& signals() { return signals_; }
  const SignalSet& signals() const { return signals_; }

  /// Adds a strategy instance; returns its index. Instances must be added before run().
  std::size_t add_instance(S strategy, InstanceConfig config = {}) {
    if (ran_) throw Error("Simulator: add_instance after run");
    const auto index = static_cast<std::uint32_t>(instances_.size());
    strategies_.push_back(std::move(strategy));
    instances_.emplace_back(index, std::move(config));
    return index;
  }

  /// Replays a whole store. run* may be called once per Simulator.
  void run(StoreReader& reader) {
    run_batches([&reader] { return reader.next_batch(); });
  }
  void run(std::span<const Event> events) {
    bool given = false;
    run_batches([&] {
      if (given) return std::span<const Event>{};
      given = true;
      return events;
    });
  }
  /// `next_batch()` returns the next std::span<const Event>, empty at the end; each span must stay
  /// valid until the next call.
  template <typename NextBatch>
  void run_batches(NextBatch&& next_batch);

  std::size_t instance_count() const { return instances_.size(); }
  const Instance& instance(std::size_t i) const { return instances_.at(i); }
  S& strategy(std::size_t i) { return strategies_.at(i); }
  const S& strategy(std::size_t i) const { return strategies_.at(i); }
  const OrderBook& exchange_book() const { return exchange_book_; }
  const OrderBook& local_book() const { return local_book_; }
  /// Market-data events replayed.
  std::int64_t events() const { return events_; }
  /// Local time of the last market-data event (the end of the run).
  Timestamp end_time() const { return end_time_; }
  /// Negative feed latency seen (and raised to zero) during the run.
  const FeedClockStats& feed_clock() const { return feed_clock_; }

 private:
  void on_exchange(const Event& e) {
    if (e.exch_ts != last_exch_) {
      if (e.exch_ts < last_exch_) [[unlikely]]
        out_of_order(e.exch_ts);
      if (message_open_) end_exchange_message();
      last_exch_ = e.exch_ts;
    }
    message_open_ = true;
    for (Instance& inst : instances_) inst.advance_to(e.exch_ts, exchange_book_);
    switch (e.kind) {
      case EventKind::level:
        if (exchange_snapshot_.collecting()) [[unlikely]]
          exchange_snapshot_.add(e);
        else
          exchange_level(e);
        break;
      case EventKind::trade:
        if (has_sub_tick_price(e)) [[unlikely]] {
          exchange_sub_tick_trade(e);
        } else {
          for (Instance& inst : instances_) inst.on_market(e, 0, exchange_book_, queue_);
        }
        break;
      default:
        exchange_snapshot_marker(e);
    }
    Timestamp t;
    if (config_.feed_latency) {
      t = e.exch_ts + *config_.feed_latency;
    } else {
      t = e.local_ts + config_.clock_offset;
      if (t < e.exch_ts) [[unlikely]]
        t = negative_feed_latency(t, e.exch_ts);
    }
    if (t < last_local_) t = last_local_;
    last_local_ = t;
    ring_.push(e, t);
    ++message_events_;
    ++events_;
  }

  void exchange_level(const Event& e) {
    const Qty before = exchange_book_.apply_with_previous(e);
    for (Instance& inst : instances_) inst.on_market(e, before, exchange_book_, queue_);
  }

  /// snapshot_begin starts collecting; snapshot_end applies the snapshot's changes.
  [[gnu::noinline]] void exchange_snapshot_marker(const Event& e) {
    if (e.kind == EventKind::snapshot_begin) {
      exchange_snapshot_.begin();
    } else if (e.kind == EventKind::snapshot_end && exchange_snapshot_.collecting()) {
      for (const Event& change : exchange_snapshot_.finish(exchange_book_, e))
        exchange_level(change);
    } else {
      exchange_book_.apply(e);  // an end without a begin, an unknown kind: the book's BookError
    }
  }

  /// A trade between ticks: by default the venue ignores it (the book never showed that
  /// liquidity). With fill_on_sub_tick_trades it reaches the matching model as a zero-size trade
  /// at the tick just past the print on the resting side: our orders strictly beyond the print
  /// are traded through (R7, a full fill); an order at that tick is not reached (a trade of 0 lots
  /// takes nothing from its queue, R5).
  [[gnu::cold, gnu::noinline]] void exchange_sub_tick_trade(const Event& e) {
    if (!config_.fill_on_sub_tick_trades) return;
    Event through = e;
    through.flags = 0;
    through.qty = 0;
    // A sell aggressor reaches our bids: round down (away from bids above the print); a buy
    // aggressor our asks: round up.
    const Price floor = e.price / kSubTicksPerTick - (e.price % kSubTicksPerTick < 0 ? 1 : 0);
    const bool on_tick = e.price % kSubTicksPerTick == 0;
    through.price = e.side == Side::sell || on_tick ? floor : floor + 1;
    for (Instance& inst : instances_) inst.on_market(through, 0, exchange_book_, queue_);
  }

  /// The message at last_exch_ is complete: judge the exchange book, and stamp the message's
  /// events in the ring with the local time of its last one (the strategy gets it whole).
  void end_exchange_message() {
    message_open_ = false;
    exchange_book_.end_message();
    if (message_events_ > 1) ring_.restamp_back(message_events_, last_local_);
    ring_.end_message(message_events_);
    message_events_ = 0;
  }

  /// Counts a local time before the exchange time and returns the exchange time.
  [[gnu::cold, gnu::noinline]] Timestamp negative_feed_latency(Timestamp local, Timestamp exch) {
    ++feed_clock_.negative_latency_events;
    if (local - exch < feed_clock_.worst_negative_latency)
      feed_clock_.worst_negative_latency = local - exch;
    return exch;
  }

  /// Out of line: the message's string work stays off the per-event path.
  [[noreturn, gnu::cold, gnu::noinline]] void out_of_order(Timestamp exch_ts) const {
    throw Error("market data out of exchange-time order at event " + std::to_string(events_) +
                ": exch_ts " + std::to_string(exch_ts) + " < " + std::to_string(last_exch_));
  }

  /// The local time at which the strategy will see `e` first (on_exchange's rule, no history).
  Timestamp first_local_time(const Event& e) const {
    if (config_.feed_latency) return e.exch_ts + *config_.feed_latency;
    const Timestamp local = e.local_ts + config_.clock_offset;
    return local > e.exch_ts ? local : e.exch_ts;
  }

  /// The earliest time of the other two sources (local data, pending events), kNever if none.
  /// Exchange data wins ties with both (event_queue.hpp), so it runs while its time is <= this.
  Timestamp next_non_exchange_time() const {
    const Timestamp local = ring_.front_time(kNever);
    const Timestamp pending = queue_.next_time();
    return local < pending ? local : pending;
  }

  /// The message at the ring's front reaches the strategy: applied whole to the local book and
  /// the signals, the book judged, then the callbacks (strategy_concept.hpp). The message is
  /// closed: the local side only runs at a time before the open message's (exchange data wins
  /// ties), and the loop closes the open message before picking once the data has moved on.
  void on_local_message() {
    now_ = ring_.front().local_ts;
    end_time_ = now_;
    const std::size_t n = ring_.front_message_size();
    std::size_t last_book_event = n;  // none
    bool has_trade = false;
    for (std::size_t i = 0; i < n; ++i) {
      const Event& e = ring_.at(i);
      switch (e.kind) {
        case EventKind::level:
          last_book_event = i;
          if (local_snapshot_.collecting()) [[unlikely]]
            local_snapshot_.add(e);
          else
            local_level(e);
          break;
        case EventKind::trade:
          has_trade = true;
          if (has_signals_) signals_.on_event(local_book_, e);
          break;
        default:
          last_book_event = i;
          local_snapshot_marker(e);
      }
    }
    local_book_.end_message();
    const std::size_t strategies = strategies_.size();
    if (has_trade) {
      for (std::size_t i = 0; i < n; ++i) {
        const Event& e = ring_.at(i);
        if (e.kind != EventKind::trade) continue;
        for (std::size_t k = 0; k < strategies; ++k) strategies_[k].on_trade(contexts_[k], e);
      }
    }
    if (last_book_event < n) {
      const Event& e = ring_.at(last_book_event);
      for (std::size_t k = 0; k < strategies; ++k) strategies_[k].on_book(contexts_[k], e);
    }
    ring_.pop(n);
  }

  void local_level(const Event& e) {
    local_book_.apply(e);
    if (has_signals_) signals_.on_event(local_book_, e);
  }

  [[gnu::noinline]] void local_snapshot_marker(const Event& e) {
    if (e.kind == EventKind::snapshot_begin) {
      local_snapshot_.begin();
    } else if (e.kind == EventKind::snapshot_end && local_snapshot_.collecting()) {
      for (const Event& change : local_snapshot_.finish(local_book_, e)) local_level(change);
    } else {
      local_book_.apply(e);
    }
  }

  void on_pending(const PendingEvent& p) {
    now_ = p.time;
    Instance& inst = instances_[p.instance];
    switch (p.source) {
      case EventSource::order_arrival:
        inst.advance_to(p.time, exchange_book_);
        inst.on_arrival(p.arrival, p.time, exchange_book_, queue_);
        break;
      case EventSource::order_response:
        inst.on_response(p.update);
        strategies_[p.instance].on_order_update(contexts_[p.instance], p.update);
        break;
      case EventSource::timer:
        if (inst.fire_timer(p.timer, queue_))  // false: cancelled meanwhile
          strategies_[p.instance].on_timer(contexts_[p.instance], p.timer.id);
        break;
      default:
        break;
    }
  }

  SimConfig config_;
  OrderBook exchange_book_;
  OrderBook local_book_;
  SignalSet signals_;
  std::vector<S> strategies_;
  std::vector<Instance> instances_;
  std::vector<StrategyContext> contexts_;
  EventQueue queue_;
  EventRing ring_;
  SnapshotDiff exchange_snapshot_;
  SnapshotDiff local_snapshot_;
  FeedClockStats feed_clock_;
  std::size_t message_events_ = 0;  ///< events of the open exchange message (in the ring's back)
  bool message_open_ = false;  ///< the venue side has applied part of the message at last_exch_
  Timestamp now_ = 0;
  Timestamp last_exch_ = std::numeric_limits<Timestamp>::min();
  Timestamp last_local_ = std::numeric_limits<Timestamp>::min();
  Timestamp end_time_ = 0;
  std::int64_t events_ = 0;
  bool ran_ = false;
  bool has_signals_ = false;  ///< signals_ is not empty (fixed at run: signals are added before)
};

template <SimStrategy S>
template <typename NextBatch>
void Simulator<S>::run_batches(NextBatch&& next_batch) {
  if (ran_) throw Error("Simulator: run may be called once");
  ran_ = true;
  has_signals_ = signals_.size() > 0;
  contexts_.clear();
  contexts_.reserve(instances_.size());
  for (Instance& inst : instances_) {
    contexts_.emplace_back(inst, local_book_, signals_, queue_, now_);
  }

  std::span<const Event> batch = next_batch();
  const Event* pos = batch.data();
  const Event* end = pos + batch.size();
  bool data_done = batch.empty();
  now_ = data_done ? 0 : first_local_time(batch.front());  // on_start at the strategy's clock
  end_time_ = now_;
  for (std::size_t i = 0; i < strategies_.size(); ++i) strategies_[i].on_start(contexts_[i]);

  for (;;) {
    if (pos == end && !data_done) {
      batch = next_batch();
      pos = batch.data();
      end = pos + batch.size();
      data_done = batch.empty();
      continue;
    }
    // The open message is complete once the next event has another time (or there is none):
    // judge it before anything else can look at either book.
    if (message_open_ && (pos == end || pos->exch_ts != last_exch_)) end_exchange_message();
    const Timestamp exchange_time = pos != end ? pos->exch_ts : kNever;
    const Timestamp local_time = ring_.front_time(kNever);
    const EventSource source = EventPicker::pick(exchange_time, local_time, queue_);
    if (source == EventSource::exchange_data) {
      // A run of exchange events up to the next local or pending time, without the 3-way pick.
      do {
        on_exchange(*pos);
        ++pos;
      } while (pos != end && pos->exch_ts <= next_non_exchange_time());
    } else if (source == EventSource::local_data) {
      on_local_message();  // in place: only on_exchange pushes to the ring
    } else if (source == EventSource::none) {
      break;
    } else {
      if (data_done && ring_.empty() && queue_.top_time() > end_time_) break;
      const PendingEvent p = queue_.pop();
      on_pending(p);
    }
  }

  const Timestamp venue_end = last_exch_ > end_time_ ? last_exch_ : end_time_;
  now_ = end_time_;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    instances_[i].finish(venue_end, exchange_book_);
    strategies_[i].on_finish(contexts_[i]);
  }
}

}  // namespace tilt
