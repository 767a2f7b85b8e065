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
// order table, timers. Instances share one feed latency (the data's two timestamps, or the
// SimConfig constant); instances that need different feed latencies need separate Simulators.
//
// Each market-data event is handled twice: at exch_ts by the venue side (exchange book, every
// instance's matching and accountant), then at its local time by the strategy side (local book,
// signals, every strategy's on_book/on_trade). The local time is max(local_ts, exch_ts, previous
// local time) — a feed delivers in order and never before the venue — or exch_ts + feed_latency
// when SimConfig sets one; the Event the strategy receives carries that local_ts. Ties between
// sources break as documented in event_queue.hpp.
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
  /// Replace the data's feed latency by a constant: local time = exch_ts + feed_latency.
  std::optional<Duration> feed_latency;
};

template <SimStrategy S>
class Simulator {
 public:
  explicit Simulator(SimConfig config = {})
      : config_(config), exchange_book_(config.exchange_book), local_book_(config.local_book) {}

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

 private:
  void on_exchange(const Event& e) {
    if (e.exch_ts < last_exch_) [[unlikely]]
      out_of_order(e.exch_ts);
    last_exch_ = e.exch_ts;
    for (Instance& inst : instances_) inst.advance_to(e.exch_ts, exchange_book_);
    const Qty before = exchange_book_.apply_with_previous(e);
    for (Instance& inst : instances_) inst.on_market(e, before, exchange_book_, queue_);
    Timestamp t = config_.feed_latency ? e.exch_ts + *config_.feed_latency
                                       : (e.local_ts > e.exch_ts ? e.local_ts : e.exch_ts);
    if (t < last_local_) t = last_local_;
    last_local_ = t;
    ring_.push(e, t);
    ++events_;
  }

  /// Out of line: the message's string work stays off the per-event path.
  [[noreturn, gnu::cold, gnu::noinline]] void out_of_order(Timestamp exch_ts) const {
    throw Error("market data out of exchange-time order at event " + std::to_string(events_) +
                ": exch_ts " + std::to_string(exch_ts) + " < " + std::to_string(last_exch_));
  }

  /// The local time at which the strategy will see `e` first (on_exchange's rule, no history).
  Timestamp first_local_time(const Event& e) const {
    if (config_.feed_latency) return e.exch_ts + *config_.feed_latency;
    return e.local_ts > e.exch_ts ? e.local_ts : e.exch_ts;
  }

  /// The earliest time of the other two sources (local data, pending events), kNever if none.
  /// Exchange data wins ties with both (event_queue.hpp), so it runs while its time is <= this.
  Timestamp next_non_exchange_time() const {
    const Timestamp local = ring_.empty() ? kNever : ring_.front().local_ts;
    const Timestamp pending = queue_.next_time();
    return local < pending ? local : pending;
  }

  void on_local(const Event& e) {
    now_ = e.local_ts;
    end_time_ = now_;
    local_book_.apply(e);
    if (has_signals_) signals_.on_event(local_book_, e);
    const std::size_t n = strategies_.size();
    if (e.kind == EventKind::trade) {
      for (std::size_t i = 0; i < n; ++i) strategies_[i].on_trade(contexts_[i], e);
    } else {
      for (std::size_t i = 0; i < n; ++i) strategies_[i].on_book(contexts_[i], e);
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
    const Timestamp exchange_time = pos != end ? pos->exch_ts : kNever;
    const Timestamp local_time = ring_.empty() ? kNever : ring_.front().local_ts;
    const EventSource source = EventPicker::pick(exchange_time, local_time, queue_);
    if (source == EventSource::exchange_data) {
      // A run of exchange events up to the next local or pending time, without the 3-way pick.
      do {
        on_exchange(*pos);
        ++pos;
      } while (pos != end && pos->exch_ts <= next_non_exchange_time());
    } else if (source == EventSource::local_data) {
      on_local(ring_.front());  // in place: only on_exchange pushes to the ring
      ring_.pop();
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
