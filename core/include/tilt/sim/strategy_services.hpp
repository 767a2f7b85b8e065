// The strategy-side bookkeeping of one instance that is not about matching: client order tags,
// live timers, the strategy's log and its custom metrics. Instance owns one; StrategyContext (and
// through it the plugin tilt::Context) reads and writes it. Nothing here runs per market-data
// event: tags cost one store per tagged order, timers one small search per timer event, and log
// and metrics are string work the strategy asks for.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tilt/sim/event_queue.hpp"
#include "tilt/sim/order.hpp"
#include "tilt/sim/strategy_types.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct StrategyLogLine {
  Timestamp local_ts = 0;
  LogLevel level = LogLevel::info;
  std::string message;
};

class StrategyServices {
 public:
  /// At most this many log lines are kept per run; later ones are counted in dropped_log_lines().
  static constexpr std::size_t kMaxLogLines = 10'000;

  // --- client tags ------------------------------------------------------------------------------
  void tag(OrderId id, ClientTag tag) {
    if (tag == 0) return;
    if (tags_.size() < id.value) tags_.resize(id.value, 0);
    tags_[id.value - 1] = tag;
    by_tag_[tag] = id;
  }
  ClientTag tag_of(OrderId id) const {
    return id.value - 1 < tags_.size() ? tags_[id.value - 1] : 0;
  }
  /// The most recent order submitted with `tag` (any state), if any.
  std::optional<OrderId> find(ClientTag tag) const {
    const auto it = by_tag_.find(tag);
    if (tag == 0 || it == by_tag_.end()) return std::nullopt;
    return it->second;
  }

  // --- timers -----------------------------------------------------------------------------------
  TimerId arm_timer() {
    const TimerId id{next_timer_++};
    live_timers_.push_back(id.value);
    return id;
  }
  /// False when `id` is not live (never set, already fired once, or already cancelled).
  bool cancel_timer(TimerId id) {
    const auto it = std::find(live_timers_.begin(), live_timers_.end(), id.value);
    if (it == live_timers_.end()) return false;
    live_timers_.erase(it);
    return true;
  }
  /// A timer event came due: true (and it becomes current_timer()) unless it was cancelled.
  /// A one-shot timer stops being live; a repeating one stays live.
  bool fire_timer(const PendingTimer& t) {
    const auto it = std::find(live_timers_.begin(), live_timers_.end(), t.id.value);
    if (it == live_timers_.end()) return false;
    if (t.interval <= 0) live_timers_.erase(it);
    current_timer_ = t;
    return true;
  }
  /// The timer being delivered (valid inside on_timer).
  const PendingTimer& current_timer() const { return current_timer_; }
  std::size_t live_timer_count() const { return live_timers_.size(); }

  // --- log and metrics --------------------------------------------------------------------------
  void log(Timestamp now, LogLevel level, std::string_view message) {
    if (log_.size() >= kMaxLogLines) {
      ++dropped_log_lines_;
      return;
    }
    log_.push_back({now, level, std::string(message)});
  }
  const std::vector<StrategyLogLine>& log_lines() const { return log_; }
  std::int64_t dropped_log_lines() const { return dropped_log_lines_; }
  /// The strategy's log as run.log lines: "<local_ts ns> <level> <message>".
  std::string log_text() const;

  void set_metric(std::string_view name, double value) { metrics_[std::string(name)] = value; }
  /// By name (sorted: the same run writes the same summary).
  const std::map<std::string, double>& metrics() const { return metrics_; }

 private:
  std::vector<ClientTag> tags_;  ///< tags_[id - 1]; shorter when later orders are untagged
  std::unordered_map<ClientTag, OrderId> by_tag_;
  std::vector<std::uint64_t> live_timers_;  ///< ids of timers that will still fire (a few)
  std::uint64_t next_timer_ = 1;
  PendingTimer current_timer_;
  std::vector<StrategyLogLine> log_;
  std::int64_t dropped_log_lines_ = 0;
  std::map<std::string, double> metrics_;
};

}  // namespace tilt
