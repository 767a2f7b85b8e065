// A set of signals on the strategy's local book: flow signals updated on every event, book-state
// signals computed when read.
//
//   SignalSet set;
//   SignalHandle ofi = set.add({"ofi", {{"levels", "5"}, {"window", "100ms"}}});
//   ...per event: book.apply(e); set.on_event(book, e);
//   SignalValue v = set.value(ofi);
//
// Two kinds of signal, two update rules:
//   * Flow signals (ofi, trade_flow_imbalance) carry state from event to event (rolling sums, the
//     previous touch), so on_event() updates them on every event. The set works out once per
//     event what they need (touch.hpp's BookEventView: the event's step and, when one of them
//     reads it, the touch) and updates each once. Their value (one division over the sums) is
//     computed when read.
//   * Book-state signals (imbalances, micro-price, mids, spread, sizes) are pure functions of the
//     book as it is now (invalid while a snapshot is being rebuilt), so on_event() does nothing
//     for them: value() evaluates the signal on the book that on_event() last saw, and caches the
//     result until the next event. A strategy that reads one signal per event pays for that one;
//     the others cost nothing until read (bench/README.md, "Lazy book-state signals").
// The values are the same as updating every signal eagerly after every event: the book does not
// change between on_event() and a read, and each signal's evaluate() reads it exactly as its
// incremental on_event() would have (tests/signals/signal_property_test.cpp checks both against a
// from-scratch reference after every event).
//
// The book passed to on_event() must outlive the reads that follow it (the simulator's local book
// does). value() and values() fill a cache, so a SignalSet must not be read from two threads at
// once (one simulator = one thread). add() allocates and may throw SignalError; on_event() and
// value() do not allocate once time windows have reached their steady size (rolling_window.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "tilt/signals/signal_registry.hpp"
#include "tilt/signals/signal_value.hpp"

namespace tilt {

class SignalSet {
 public:
  /// Adds a signal; its name is spec.name or, when empty, canonical_name(spec). Adding a name
  /// that is already present returns the existing handle when the specs are the same and throws
  /// SignalError otherwise.
  SignalHandle add(const SignalSpec& spec);

  /// Updates the flow signals after `book` applied `event`, and marks every cached value stale.
  template <TopNReadable B>
  [[gnu::always_inline]] void on_event(const B& book, const Event& event) {
    book_ = &book;
    evaluate_ = kEvaluators<B>.data();
    ++epoch_;
    if (!flow_.empty()) update_flow(book, event);
  }

  /// The signal's value after the last event (computed now if it has not been since then).
  SignalValue value(SignalHandle h) const {
    const std::size_t i = h.index;
    if (stamps_[i] != epoch_) {
      const AnySignal& signal = signals_[i];
      values_[i] = evaluate_[signal.index()](signal, book_);
      stamps_[i] = epoch_;
    }
    return values_[i];
  }
  std::size_t size() const { return names_.size(); }
  const std::string& name(SignalHandle h) const { return names_[h.index]; }
  const std::vector<std::string>& names() const { return names_; }
  std::optional<SignalHandle> find(std::string_view name) const;
  /// Every value in handle order, after the last event (for sampling all signals into results).
  const std::vector<SignalValue>& values() const {
    for (std::size_t i = 0; i < values_.size(); ++i) value(SignalHandle{i});
    return values_;
  }

 private:
  static constexpr std::size_t kSignalTypes = std::variant_size_v<AnySignal>;

  /// on_event()'s flow signals, out of line: a set of book-state signals only (the common
  /// strategy reading the touch) pays three stores per event and no call (its registers saved
  /// and restored on every event cost more than the stores).
  /// Type by type, each type's loop a call site of its own: one std::visit over the set's flow
  /// signals alternated its indirect jump between ofi and trade_flow_imbalance on every event and
  /// was mispredicted nearly every time (2 of every 2.3 indirect mispredictions of a default run,
  /// callgrind --branch-sim). Each signal's update reads only its own state and the view, so the
  /// order does not change any value.
  template <TopNReadable B>
  [[gnu::noinline]] void update_flow(const B& book, const Event& event) {
    const auto view = signals::BookEventView::of(book, event, flow_reads_touch_);
    update_flow_types(book, view, std::make_index_sequence<kSignalTypes>{});
  }
  template <TopNReadable B, std::size_t... I>
  [[gnu::always_inline]] void update_flow_types(const B& book, const signals::BookEventView& view,
                                                std::index_sequence<I...>) {
    (update_flow_type<I>(book, view), ...);
  }
  template <std::size_t I, TopNReadable B>
  [[gnu::always_inline]] void update_flow_type(const B& book, const signals::BookEventView& view) {
    if constexpr (signals::is_flow_signal<std::variant_alternative_t<I, AnySignal>>) {
      for (const std::size_t i : flow_by_type_[I])
        std::get_if<I>(&signals_[i])->on_event(book, view);
    }
  }

  using Evaluate = SignalValue (*)(const AnySignal&, const void* book);

  /// value() on a book of type B: one function per signal type, picked by the variant's index
  /// (book-state signals read the book, flow signals their sums). A table rather than one
  /// function testing the index in a chain (and saving registers for every type's code): the
  /// market maker's read of queue_imbalance cost 84 instructions that way, 65 now (callgrind);
  /// and no std::visit, whose inlining depended on the translation unit.
  template <TopNReadable B, std::size_t I>
  static SignalValue evaluate_typed(const AnySignal& signal, const void* book) {
    return evaluate_one(*std::get_if<I>(&signal), *static_cast<const B*>(book));
  }
  template <TopNReadable B, std::size_t... I>
  static constexpr std::array<Evaluate, kSignalTypes> evaluators(std::index_sequence<I...>) {
    return {&evaluate_typed<B, I>...};
  }
  template <TopNReadable B>
  static constexpr std::array<Evaluate, kSignalTypes> kEvaluators =
      evaluators<B>(std::make_index_sequence<kSignalTypes>{});
  template <typename T, TopNReadable B>
  [[gnu::always_inline]] static SignalValue evaluate_one(const T& s, const B& book) {
    if constexpr (signals::is_flow_signal<T>) {
      return s.value();
    } else {
      return s.evaluate(book);
    }
  }
  /// Before the first event: no book yet; every signal reports its initial value.
  static SignalValue initial_value(const AnySignal& signal, const void*) {
    return std::visit([](const auto& s) { return s.value(); }, signal);
  }
  static constexpr std::array<Evaluate, kSignalTypes> kInitial = [] {
    std::array<Evaluate, kSignalTypes> table{};
    for (Evaluate& f : table) f = &initial_value;
    return table;
  }();

  std::vector<AnySignal> signals_;
  std::vector<std::size_t> flow_;  ///< indices of the flow signals, updated on every event
  /// flow_ split by the variant index of the signal's type.
  std::array<std::vector<std::size_t>, kSignalTypes> flow_by_type_;
  std::vector<std::string> names_;
  std::vector<std::string> specs_;  ///< canonical spec per handle, to detect name clashes
  bool flow_reads_touch_ = false;   ///< some flow signal uses BookEventView::touch
  const void* book_ = nullptr;      ///< the book of the last on_event()
  const Evaluate* evaluate_ = kInitial.data();  ///< by variant index: kEvaluators<book type>
  std::uint64_t epoch_ = 1;  ///< events seen + 1; a value is current when its stamp equals it
  mutable std::vector<SignalValue> values_;
  mutable std::vector<std::uint64_t> stamps_;
};

}  // namespace tilt
