#include "tilt/book/book_error.hpp"

namespace tilt {

std::string_view to_string(CrossedPolicy policy) {
  switch (policy) {
    case CrossedPolicy::error:
      return "error";
    case CrossedPolicy::repair:
      return "repair";
  }
  return "unknown";
}

CrossedPolicy crossed_policy_from_string(std::string_view name) {
  if (name == "error") return CrossedPolicy::error;
  if (name == "repair") return CrossedPolicy::repair;
  throw Error("unknown crossed-book policy '" + std::string(name) +
              "'; valid policies: error, repair");
}

namespace {
std::string where(std::int64_t event_index, Timestamp exch_ts) {
  return "event #" + std::to_string(event_index) + " (exch_ts " + std::to_string(exch_ts) + "): ";
}
}  // namespace

BookError::BookError(std::int64_t event_index, Timestamp exch_ts, const std::string& what)
    : Error(where(event_index, exch_ts) + what), event_index_(event_index), exch_ts_(exch_ts) {}

CrossedBookError::CrossedBookError(std::int64_t event_index, Timestamp exch_ts, Side updated_side,
                                   Price updated_price, Price best_bid, Price best_ask)
    : BookError(event_index, exch_ts,
                std::string(best_bid == best_ask ? "locked" : "crossed") + " book after " +
                    (updated_side == Side::buy ? "bid" : "ask") + " update at " +
                    std::to_string(updated_price) + " ticks: best bid " + std::to_string(best_bid) +
                    " >= best ask " + std::to_string(best_ask) +
                    " at the end of its message (set book: {crossed: repair} to remove the stale "
                    "opposite "
                    "levels)"),
      updated_side_(updated_side),
      updated_price_(updated_price),
      best_bid_(best_bid),
      best_ask_(best_ask) {}

}  // namespace tilt
