#include "tilt/signals/signal_set.hpp"

#include <type_traits>
#include <utility>

namespace tilt {

SignalHandle SignalSet::add(const SignalSpec& spec) {
  const std::string canonical = canonical_name(spec);
  const std::string& name = spec.name.empty() ? canonical : spec.name;
  if (auto existing = find(name)) {
    if (specs_[existing->index] == canonical) return *existing;
    throw SignalError("signal name '" + name + "' is already used by " + specs_[existing->index]);
  }
  AnySignal signal = make_signal(spec);  // validates before anything is stored
  const std::size_t index = names_.size();
  const bool flow = std::visit(
      [](const auto& s) { return signals::is_flow_signal<std::decay_t<decltype(s)>>; }, signal);
  if (flow) {
    flow_.push_back(index);
    flow_by_type_[signal.index()].push_back(index);
    flow_reads_touch_ =
        flow_reads_touch_ || std::visit([](const auto& s) { return s.reads_touch(); }, signal);
  }
  signals_.push_back(std::move(signal));
  values_.push_back(SignalValue{});
  stamps_.push_back(0);  // never current: the first read evaluates
  names_.push_back(name);
  specs_.push_back(canonical);
  return SignalHandle{index};
}

std::optional<SignalHandle> SignalSet::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return SignalHandle{i};
  }
  return std::nullopt;
}

}  // namespace tilt
