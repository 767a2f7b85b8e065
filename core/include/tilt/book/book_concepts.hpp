// The book's interfaces, split by what each offers, as C++20 concepts: code on the per-event path
// takes a book type as a template parameter constrained by the one it needs, so that the exchange
// book, the strategy's local book and the tests' naive reference book are interchangeable without a
// virtual call per event.
//   * L2Updatable:        apply(Event), set_level(side, price, qty), end_message()
//   * SnapshotApplicable: begin_snapshot(), end_snapshot(), in_snapshot()
//   * TopNReadable:       best, depth, level(k), top(span), total_qty(n), qty_at, for_each_level
// OrderBook (order_book.hpp) models all three; tests/support/naive_book.hpp is the reference.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "tilt/book/level.hpp"
#include "tilt/types.hpp"

namespace tilt {

template <typename B>
concept L2Updatable = requires(B& book, const Event& event, Side side, Price price, Qty qty) {
  book.apply(event);
  book.set_level(side, price, qty);
  book.end_message();
};

template <typename B>
concept SnapshotApplicable = requires(B& book, const B& cbook) {
  book.begin_snapshot();
  book.end_snapshot();
  { cbook.in_snapshot() } -> std::convertible_to<bool>;
};

template <typename B>
concept TopNReadable = requires(const B& book, Side side, std::size_t n, std::span<Level> out,
                                Price price) {
  { book.empty(side) } -> std::convertible_to<bool>;
  { book.best(side) } -> std::same_as<std::optional<Level>>;
  { book.depth(side) } -> std::convertible_to<std::size_t>;
  { book.level(side, n) } -> std::same_as<std::optional<Level>>;
  { book.top(side, out) } -> std::convertible_to<std::size_t>;
  { book.total_qty(side, n) } -> std::convertible_to<Qty>;
  { book.qty_at(side, price) } -> std::convertible_to<Qty>;
  book.for_each_level(side, [](const Level&) {});
};

template <typename B>
concept L2Book = L2Updatable<B> && SnapshotApplicable<B> && TopNReadable<B>;

/// Integrity check any book must pass after every message (order_book.hpp) under either
/// crossed-book policy: levels strictly ordered away from the touch, sizes positive, depth()
/// consistent, best() = level 0, and best bid < best ask. Returns an empty string when the book is
/// sound, else the first problem.
template <TopNReadable B>
std::string book_integrity_problem(const B& book) {
  for (Side side : {Side::buy, Side::sell}) {
    std::size_t count = 0;
    std::optional<Price> previous;
    std::string problem;
    book.for_each_level(side, [&](const Level& l) {
      if (l.qty <= 0) problem = "non-positive size at " + std::to_string(l.price);
      if (previous && (side == Side::buy ? l.price >= *previous : l.price <= *previous)) {
        problem = "levels out of order at " + std::to_string(l.price);
      }
      previous = l.price;
      ++count;
    });
    const char* name = side == Side::buy ? "bid: " : "ask: ";
    if (!problem.empty()) return name + problem;
    if (count != book.depth(side)) return name + std::string("depth() disagrees with iteration");
    if (book.best(side) != book.level(side, 0)) return name + std::string("best() != level(0)");
  }
  const auto bid = book.best(Side::buy);
  const auto ask = book.best(Side::sell);
  if (bid && ask && bid->price >= ask->price) {
    return "crossed or locked: bid " + std::to_string(bid->price) + " >= ask " +
           std::to_string(ask->price);
  }
  return {};
}

}  // namespace tilt
