// LiveOrders<Order>: the orders of one instance that can still change, by id (an open-addressing
// table, linear probing, the Order stored in its slot).
//
// Ids are issued 1, 2, 3 ... and the live ones are mostly recent, so `id & mask` spreads them over
// consecutive slots with few collisions. The table doubles when half full and never shrinks: its
// size follows the largest number of orders live at once, not the number of orders in the run.
// Erasing shifts the following entries of the probe run back (no tombstones). References into the
// table are invalidated by insert and erase, as those into a growing vector were.
#pragma once

#include <cstdint>
#include <vector>

#include "tilt/sim/order.hpp"

namespace tilt {

/// `Order` is any entry with an `OrderId id` member and a default constructor (Instance's Order).
template <class Order>
class LiveOrders {
 public:
  LiveOrders() : slots_(kInitialSlots) {}

  std::size_t size() const { return size_; }

  Order* find(std::uint64_t id) {
    for (std::size_t i = id & mask();; i = (i + 1) & mask()) {
      Order& o = slots_[i];
      if (o.id.value == id) return id != 0 ? &o : nullptr;
      if (o.id.value == 0) return nullptr;
    }
  }
  const Order* find(std::uint64_t id) const { return const_cast<LiveOrders*>(this)->find(id); }

  /// A new order `id` (not present), its other fields default.
  Order& insert(std::uint64_t id) {
    if ((size_ + 1) * 2 > slots_.size()) [[unlikely]]
      grow();
    ++size_;
    Order& o = slot_for(id);
    o = Order{};
    o.id = OrderId{id};
    return o;
  }

  /// Removes the order at `o` (from find or insert).
  void erase(Order* o) {
    std::size_t hole = static_cast<std::size_t>(o - slots_.data());
    --size_;
    // Backward-shift deletion: an entry further along the run moves into the hole when its home
    // slot is not between the hole and itself (cyclically).
    for (std::size_t i = (hole + 1) & mask();; i = (i + 1) & mask()) {
      Order& next = slots_[i];
      if (next.id.value == 0) break;
      const std::size_t home = next.id.value & mask();
      const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
      if (stays) continue;
      slots_[hole] = next;
      hole = i;
    }
    slots_[hole].id = OrderId{0};
  }

  /// Calls fn(const Order&) for every live order, in no particular order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Order& o : slots_)
      if (o.id.value != 0) fn(o);
  }

 private:
  static constexpr std::size_t kInitialSlots = 64;
  std::size_t mask() const { return slots_.size() - 1; }
  Order& slot_for(std::uint64_t id) {
    std::size_t i = id & mask();
    while (slots_[i].id.value != 0) i = (i + 1) & mask();
    return slots_[i];
  }
  void grow() {
    std::vector<Order> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Order& o : old)
      if (o.id.value != 0) slot_for(o.id.value) = o;
  }

  std::vector<Order> slots_;  ///< a power of two; id 0 marks a free slot
  std::size_t size_ = 0;
};

}  // namespace tilt
