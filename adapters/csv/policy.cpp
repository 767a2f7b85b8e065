#include "adapters/csv/policy.hpp"

#include <numeric>

namespace tilt::adapters {

Policy policy_from_string(std::string_view name) {
  if (name == "strict") return Policy::strict;
  if (name == "lenient") return Policy::lenient;
  throw Error("unknown policy '" + std::string(name) + "' (expected strict or lenient)");
}

std::string_view to_string(Policy policy) {
  return policy == Policy::strict ? "strict" : "lenient";
}

std::string_view to_string(RepairKind kind) {
  switch (kind) {
    case RepairKind::malformed_row:
      return "malformed_row";
    case RepairKind::off_grid:
      return "off_grid";
    case RepairKind::negative_size:
      return "negative_size";
    case RepairKind::time_backwards:
      return "time_backwards";
    case RepairKind::crossed_book:
      return "crossed_book";
    case RepairKind::duplicate_snapshot:
      return "duplicate_snapshot";
    case RepairKind::unknown_side:
      return "unknown_side";
    case RepairKind::symbol_mismatch:
      return "symbol_mismatch";
    case RepairKind::truncated_input:
      return "truncated_input";
    case RepairKind::orderbook_mismatch:
      return "orderbook_mismatch";
    case RepairKind::count_:
      break;
  }
  return "unknown";
}

void Repairs::report(RepairKind kind, const std::string& file, std::int64_t line,
                     std::string_view field, const std::string& what) {
  if (policy_ == Policy::strict) throw DataError(file, line, std::string(field), what);
  count(kind, DataError(file, line, std::string(field), what).what());
}

void Repairs::repaired(RepairKind kind, const std::string& file, std::int64_t line,
                       std::string_view field, const std::string& what) {
  count(kind, DataError(file, line, std::string(field), what).what());
}

void Repairs::count(RepairKind kind, const std::string& first_message) {
  const std::size_t i = index(kind);
  if (counts_[i]++ == 0) examples_[i] = first_message;
}

std::int64_t Repairs::total() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::int64_t{0});
}

}  // namespace tilt::adapters
