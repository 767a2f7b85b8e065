// Typed, validated access to a strategy's `params:` block from YAML, without exposing yaml-cpp.
//
// A strategy reads each parameter it knows with its type and range, then calls finish(): any key
// it never asked for is an error listing the ones it accepts. Every error names the config file,
// line and column of the offending value:
//   configs/mm.yaml:14:12: strategy.params.spread_ticks: expected an integer in [1, 1000], got
//   'wide'
// The values actually used (defaults included) are kept for the resolved config of the run.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tilt/types.hpp"

namespace tilt {

class Params {
 public:
  struct Entry {
    std::string text;  ///< the scalar as written
    int line = 0;      ///< 1-based, 0 when not from a file
    int column = 0;
  };

  Params() = default;
  /// `path` is the dotted prefix used in messages, e.g. "strategy.params".
  Params(std::string file, std::string path, std::map<std::string, Entry> entries, int line = 0,
         int column = 0);
  /// Parameters given in code (tests, sweeps): no file position.
  static Params from_map(const std::map<std::string, std::string>& values,
                         std::string path = "params");

  /// Whether the key was given. Asking marks it as a known key for finish().
  bool has(std::string_view key) const {
    read_.insert(std::string(key));
    return entries_.contains(std::string(key));
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max);
  std::int64_t required_integer(std::string_view key, std::int64_t min, std::int64_t max);
  /// A size in lots, with or without its unit: "5", "5 lots", "1 lot".
  Qty lots(std::string_view key, Qty fallback, Qty min, Qty max);
  double number(std::string_view key, double fallback, double min, double max);
  double required_number(std::string_view key, double min, double max);
  bool flag(std::string_view key, bool fallback);
  /// A duration with a unit ("250us", "100ms", "1s") of at least `min` nanoseconds. Zero is a
  /// valid duration where it means something (no latency, a disabled timeout): pass min 0, and
  /// "0" (with or without a unit) is accepted.
  Duration duration(std::string_view key, Duration fallback, Duration min = 1);
  std::string text(std::string_view key, std::string fallback);
  /// One of `choices`.
  std::string choice(std::string_view key, std::string fallback,
                     std::initializer_list<std::string_view> choices);

  /// Throws ConfigError for the first key that was never read, listing those that were.
  void finish() const;

  /// Every parameter read, with the value used (defaults filled in), as text.
  const std::map<std::string, std::string>& resolved() const { return resolved_; }
  const std::map<std::string, Entry>& entries() const { return entries_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

 private:
  const Entry* find(std::string_view key);
  [[noreturn]] void fail(std::string_view key, const Entry& entry,
                         const std::string& expected) const;

  std::string file_;
  std::string path_;
  int line_ = 0;
  int column_ = 0;
  std::map<std::string, Entry> entries_;
  mutable std::set<std::string> read_;  // keys the reader knows, for finish()'s message
  std::map<std::string, std::string> resolved_;
};

}  // namespace tilt
