// A set of signals updated together on every event of the strategy's local book.
//
//   SignalSet set;
//   SignalHandle ofi = set.add({"ofi", {{"levels", "5"}, {"window", "100ms"}}});
//   ...per event: book.apply(e); set.on_event(book, e);
//   SignalValue v = set.value(ofi);
//
// Per event the set works out once what every signal needs (touch.hpp's BookEventView: the event's
// step and, for a level event or snapshot_end, the touch after it), then visits each signal once:
// storage is a vector of AnySignal (std::variant of the built-ins), no virtual call, each
// alternative's update inlined into its visit branch, and the same visit returns the value, which
// is copied into a flat array that value() reads. Measured on the synthetic events
// (bench/book_bench.cpp, book + five signals, machine shared, min of repetitions): the previous
// form (each signal reading the touch itself, a second visit for the value) ~45 ns/event, this one
// ~39 ns/event. An earlier struct-of-arrays layout (one vector per type) ran ~53 ns/event.
// add() allocates and may throw SignalError; on_event() does not allocate once time windows have
// reached their steady size (rolling_window.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tilt/signals/signal_registry.hpp"

namespace tilt {

/// Index of a signal in its SignalSet; stable for the set's lifetime.
struct SignalHandle {
  std::size_t index = 0;
  friend constexpr bool operator==(const SignalHandle&, const SignalHandle&) = default;
};

class SignalSet {
 public:
  /// Adds a signal; its name is spec.name or, when empty, canonical_name(spec). Adding a name
  /// that is already present returns the existing handle when the specs are the same and throws
  /// SignalError otherwise.
  SignalHandle add(const SignalSpec& spec);

  /// Updates every signal after `book` applied `event`.
  template <TopNReadable B>
  void on_event(const B& book, const Event& event) {
    // The event's step and the touch are worked out once here for every signal (touch.hpp).
    signals::BookEventView view{event, signals::book_step(book, event, signals::TopBoundary{}),
                                signals::Touch{}};
    if (reads_touch_ && view.step == signals::BookStep::recompute) {
      view.touch = signals::read_touch(book);
    }
    for (std::size_t i = 0; i < signals_.size(); ++i) {
      values_[i] = std::visit(
          [&](auto& s) {
            s.on_event(book, view);
            return s.value();
          },
          signals_[i]);
    }
  }

  SignalValue value(SignalHandle h) const { return values_[h.index]; }
  std::size_t size() const { return names_.size(); }
  const std::string& name(SignalHandle h) const { return names_[h.index]; }
  const std::vector<std::string>& names() const { return names_; }
  std::optional<SignalHandle> find(std::string_view name) const;
  /// Values in handle order (for sampling all signals into results).
  const std::vector<SignalValue>& values() const { return values_; }

 private:
  std::vector<AnySignal> signals_;
  std::vector<SignalValue> values_;
  std::vector<std::string> names_;
  std::vector<std::string> specs_;  ///< canonical spec per handle, to detect name clashes
  bool reads_touch_ = false;        ///< some signal uses BookEventView::touch
};

}  // namespace tilt
