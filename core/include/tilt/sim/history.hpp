// RunHistory: where an instance hands the record of its run that it no longer needs to keep.
//
// Without one (InstanceConfig::history null: tests, library use of the Simulator), an instance
// keeps every order and its accountant every fill with its markouts, all readable after the run
// (Instance::orders(), Accountant::fills()). With one (`tilt run`, sweeps), it keeps only what can
// still change: live orders and fills whose markout horizons have not all passed; everything else
// goes to the history once, so memory does not grow with the number of orders or fills. The
// ResultsRecorder (run/results_recorder.hpp) streams what it receives into results.h5; a sweep
// point without outputs discards it (DiscardHistory). The summary's figures do not depend on
// either: the accountant keeps running sums for them.
//
// Calls come once per order and once per fill, never per market-data event.
#pragma once

#include <span>

namespace tilt {

struct Order;
class Instance;
struct FillRecord;

class RunHistory {
 public:
  /// An order that can change no more: terminal, and no cancel or modify of it awaits its answer
  /// (order_state.hpp: the only updates a terminal order still receives are those answers). Ids
  /// come in any order; `instance` still answers order(id) for every live order.
  virtual void order_done(const Order& order, const Instance& instance) = 0;
  /// A fill whose last markout horizon has passed, in execution order, with one markout per
  /// horizon (ticks, signed by side). Fills still waiting at the end of the run stay in
  /// Accountant::fills() (their unreached horizons NaN).
  virtual void fill_done(const FillRecord& fill, std::span<const double> markouts) = 0;

  virtual ~RunHistory() = default;
};

/// A history that keeps nothing: a sweep point whose tables are not written.
class DiscardHistory final : public RunHistory {
 public:
  void order_done(const Order&, const Instance&) override {}
  void fill_done(const FillRecord&, std::span<const double>) override {}
};

}  // namespace tilt
