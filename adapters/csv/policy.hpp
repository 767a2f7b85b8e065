// What a conversion does with a bad input row.
//
//   strict  (default) the first bad row stops the conversion with a DataError naming the file, the
//           line, the column and what was wrong;
//   lenient the row is skipped or repaired, the repair is counted by kind, and the conversion goes
//           on. The counts are written to the store as counters "repairs.<kind>" so that `tilt
//           info` and every run on the store can report them.
//
// Problems that leave nothing sensible to keep (a missing file, a wrong header, an orderbook file
// of a different length than its message file) are errors under both policies.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "tilt/error.hpp"

namespace tilt::adapters {

enum class Policy { strict, lenient };

/// "strict" or "lenient"; throws tilt::Error otherwise.
Policy policy_from_string(std::string_view name);
std::string_view to_string(Policy policy);

/// The kinds of repair a lenient conversion makes. Names (to_string) are stored on disk as
/// "repairs.<name>": only append.
enum class RepairKind {
  malformed_row,   ///< wrong column count, non-numeric field, unknown enum text: row skipped
  off_grid,        ///< price or size not a multiple of the tick/lot size: row skipped
  negative_size,   ///< negative size (or a zero trade size): row skipped
  time_backwards,  ///< exchange time earlier than the previous row beyond the tolerance: skipped
  crossed_book,    ///< best bid >= best ask once a whole message is in (--crossed repair):
                   ///< stale side removed; counted under either policy
  duplicate_snapshot,  ///< a snapshot repeated at the same exchange time: repeat skipped
  unknown_side,        ///< trade without aggressor side ("unknown"): row skipped
  symbol_mismatch,     ///< row for another symbol than the one converted: skipped
  truncated_input,     ///< gzip stream cut short: conversion kept the complete lines before the cut
  orderbook_mismatch,  ///< LOBSTER book from messages disagrees with the orderbook file: file wins
  count_
};

std::string_view to_string(RepairKind kind);

/// Applies the policy: throws under strict, counts under lenient.
class Repairs {
 public:
  explicit Repairs(Policy policy) : policy_(policy) {}

  Policy policy() const { return policy_; }
  bool lenient() const { return policy_ == Policy::lenient; }

  /// Under strict throws `DataError(file, line, field, what)`; under lenient counts `kind` and
  /// keeps the first message of each kind for the summary.
  void report(RepairKind kind, const std::string& file, std::int64_t line, std::string_view field,
              const std::string& what);
  /// Counts a repair the caller already decided to make whatever the policy (e.g. a crossed book
  /// under `--crossed repair`); the example names file, line and field like a DataError.
  void repaired(RepairKind kind, const std::string& file, std::int64_t line, std::string_view field,
                const std::string& what);
  /// Counts a repair that is not an error under either policy (or was already decided).
  void count(RepairKind kind, const std::string& first_message);

  std::int64_t count_of(RepairKind kind) const { return counts_[index(kind)]; }
  std::int64_t total() const;
  /// First message recorded for `kind` ("" if none).
  const std::string& example(RepairKind kind) const { return examples_[index(kind)]; }

 private:
  static std::size_t index(RepairKind kind) { return static_cast<std::size_t>(kind); }
  static constexpr std::size_t kKinds = static_cast<std::size_t>(RepairKind::count_);
  Policy policy_;
  std::array<std::int64_t, kKinds> counts_{};
  std::array<std::string, kKinds> examples_{};
};

}  // namespace tilt::adapters
