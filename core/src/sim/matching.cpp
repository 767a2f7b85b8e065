#include "tilt/sim/matching.hpp"

#include <algorithm>

namespace tilt {

namespace {

/// Appends an update about request `r` and returns it for the caller to complete. Written in
/// place, field by field: an update built on the stack and then copied in whole made the copy
/// wait on a store-forwarding stall.
OrderUpdate& emit(std::vector<OrderUpdate>& out, UpdateKind kind, const OrderRequest& r, Qty leaves,
                  Timestamp now) {
  OrderUpdate& u = out.emplace_back();
  u.kind = kind;
  u.id = r.id;
  u.side = r.side;
  u.price = r.price;
  u.leaves = leaves;
  u.exch_ts = now;
  return u;
}

}  // namespace

bool Venue::fill_and_remove(std::size_t s, std::size_t i, Qty qty, Timestamp now,
                            std::vector<OrderUpdate>& out) {
  RestingOrder& o = resting_[s][i];
  o.leaves -= qty;
  OrderUpdate& u = out.emplace_back();
  u.kind = UpdateKind::fill;
  u.id = o.id;
  u.side = o.side;
  u.price = o.price;
  u.qty = qty;
  u.leaves = o.leaves;
  u.liquidity = Liquidity::maker;
  u.exch_ts = now;
  if (o.leaves > 0) return false;
  resting_[s].erase(resting_[s].begin() + static_cast<std::ptrdiff_t>(i));
  update_bounds(s);
  return true;
}

void Venue::level_change_at_ours(std::size_t s, const Event& e, Qty before) {
  for (RestingOrder& o : resting_[s]) {
    if (o.price == e.price) on_level_change(config_.queue, o.queue, before, e.size());
  }
}

void Venue::fill_crossed(std::size_t s, const Event& e, std::vector<OrderUpdate>& out) {
  for (std::size_t i = 0; i < resting_[s].size();) {
    const RestingOrder& o = resting_[s][i];
    if (crosses(o.side, o.price, e.price)) {
      fill_and_remove(s, i, o.leaves, e.exch_ts, out);
      continue;
    }
    ++i;
  }
}

void Venue::update_bounds(std::size_t s) {
  lo_[s] = std::numeric_limits<Price>::max();
  hi_[s] = std::numeric_limits<Price>::min();
  for (const RestingOrder& o : resting_[s]) {
    lo_[s] = std::min(lo_[s], o.price);
    hi_[s] = std::max(hi_[s], o.price);
  }
  update_reach();
}

void Venue::widen_bounds(std::size_t s, Price price) {
  lo_[s] = std::min(lo_[s], price);
  hi_[s] = std::max(hi_[s], price);
  update_reach();
}

void Venue::forget_consumed(Side side, Price price) {
  std::erase_if(consumed_, [&](const Consumed& c) { return c.side == side && c.price == price; });
}

Qty Venue::consumed_at(Side side, Price price) const {
  for (const Consumed& c : consumed_) {
    if (c.side == side && c.price == price) return c.qty;
  }
  return 0;
}

RestingOrder* Venue::find(OrderId id, Side likely_side) {
  // The request's side is the order's own (the instance copies it), but a request with another
  // side must still find its order: the other list is searched too.
  const std::size_t first = at(likely_side);
  for (const std::size_t s : {first, first ^ 1}) {
    for (RestingOrder& o : resting_[s]) {
      if (o.id == id) return &o;
    }
  }
  return nullptr;
}

Qty Venue::available(const OrderRequest& r, Qty cap, const OrderBook& book) const {
  const Side opposite_side = opposite(r.side);
  const bool limited = r.type == OrderType::limit;
  Qty total = 0;
  book.for_each_level(opposite_side, [&](const Level& l) {
    if (limited && !crosses(r.side, r.price, l.price)) return false;
    total += std::max<Qty>(l.qty - consumed_at(opposite_side, l.price), 0);
    return total < cap;
  });
  return std::min(total, cap);
}

Qty Venue::take(const OrderRequest& r, Qty qty, const OrderBook& book, Timestamp now,
                std::vector<OrderUpdate>& out) {
  const Side opposite_side = opposite(r.side);
  const bool limited = r.type == OrderType::limit;
  Qty remaining = qty;
  book.for_each_level(opposite_side, [&](const Level& l) {
    if (limited && !crosses(r.side, r.price, l.price)) return false;
    const Qty already = config_.remember_consumed ? consumed_at(opposite_side, l.price) : 0;
    const Qty fill = std::min(std::max<Qty>(l.qty - already, 0), remaining);
    if (fill > 0) {
      remaining -= fill;
      OrderUpdate& u = emit(out, UpdateKind::fill, r, r.qty - (qty - remaining), now);
      u.price = l.price;
      u.qty = fill;
      u.liquidity = Liquidity::taker;
      if (config_.remember_consumed) {
        if (already > 0) {
          for (Consumed& c : consumed_) {
            if (c.side == opposite_side && c.price == l.price) c.qty += fill;
          }
        } else {
          consumed_.push_back({opposite_side, l.price, fill});
        }
      }
    }
    return remaining > 0;
  });
  return qty - remaining;
}

void Venue::submit(const OrderRequest& r, const OrderBook& book, Timestamp now,
                   std::vector<OrderUpdate>& out) {
  const auto opposite_best = book.best(opposite(r.side));
  const bool would_cross = r.type == OrderType::market ||
                           (opposite_best && crosses(r.side, r.price, opposite_best->price));
  if (r.tif == TimeInForce::post_only && would_cross) {
    emit(out, UpdateKind::rejected, r, 0, now).reason = RejectReason::would_cross;
    return;
  }
  emit(out, UpdateKind::accepted, r, r.qty, now);
  Qty filled = 0;
  if (would_cross) {
    const bool fill_or_kill = r.tif == TimeInForce::fok;
    if (!fill_or_kill || available(r, r.qty, book) >= r.qty)
      filled = take(r, r.qty, book, now, out);
  }
  const Qty leaves = r.qty - filled;
  if (leaves == 0) return;
  if (r.type == OrderType::market || r.tif == TimeInForce::ioc || r.tif == TimeInForce::fok) {
    emit(out, UpdateKind::cancelled, r, 0, now);
    return;
  }
  const Qty level_qty = book.qty_at(r.side, r.price);
  RestingOrder& o = resting_[at(r.side)].emplace_back();  // in place (no temporary: see emit)
  o.id = r.id;
  o.side = r.side;
  o.price = r.price;
  o.leaves = leaves;
  on_new_order(config_.queue, o.queue, level_qty);
  widen_bounds(at(r.side), r.price);  // a new order only widens the range
}

void Venue::cancel(const OrderRequest& r, Timestamp now, std::vector<OrderUpdate>& out) {
  const RestingOrder* o = find(r.id, r.side);
  if (o == nullptr) {
    emit(out, UpdateKind::cancel_rejected, r, 0, now).reason = RejectReason::not_open;
    return;
  }
  OrderUpdate& u = emit(out, UpdateKind::cancelled, r, 0, now);
  u.side = o->side;
  u.price = o->price;
  const std::size_t s = at(o->side);
  resting_[s].erase(resting_[s].begin() + (o - resting_[s].data()));
  update_bounds(s);
}

void Venue::modify(const OrderRequest& r, const OrderBook& book, Timestamp now,
                   std::vector<OrderUpdate>& out) {
  RestingOrder* o = find(r.id, r.side);
  RejectReason reason = RejectReason::none;
  if (o == nullptr) {
    reason = RejectReason::not_open;
  } else if (const auto opposite_best = book.best(opposite(o->side));
             opposite_best && crosses(o->side, r.price, opposite_best->price)) {
    reason = RejectReason::would_cross;
  }
  if (reason != RejectReason::none) {
    OrderUpdate& u = emit(out, UpdateKind::modify_rejected, r, 0, now);
    u.reason = reason;
    if (o != nullptr) {
      u.price = o->price;
      u.leaves = o->leaves;
    }
    return;
  }
  const bool loses_priority = r.price != o->price || r.qty > o->leaves;  // R10
  o->price = r.price;
  o->leaves = r.qty;
  const Side side = o->side;
  const std::size_t s = at(side);
  if (loses_priority) {
    on_new_order(config_.queue, o->queue, book.qty_at(o->side, r.price));
    // To the back of our own queue too (R5 shares a trade among ours in list order).
    std::vector<RestingOrder>& list = resting_[s];
    const auto it = list.begin() + (o - list.data());
    std::rotate(it, it + 1, list.end());
  }
  emit(out, UpdateKind::modified, r, r.qty, now).side = side;
  update_bounds(s);
}

void Venue::on_request(const OrderRequest& request, const OrderBook& book, Timestamp now,
                       std::vector<OrderUpdate>& out) {
  switch (request.action) {
    case RequestAction::submit:
      submit(request, book, now, out);  // keeps lo_/hi_ itself
      break;
    case RequestAction::cancel:
      cancel(request, now, out);  // keeps lo_/hi_ itself
      break;
    case RequestAction::modify:
      modify(request, book, now, out);  // keeps lo_/hi_ itself
      break;
  }
}

}  // namespace tilt
