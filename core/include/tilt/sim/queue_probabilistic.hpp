// Probabilistic queue models: a cancellation is split between the queue ahead of us and the queue
// behind us according to where we stand.
//
// Rigtorp, "Estimating order queue position" (2013, rigtorp.se/2013/06/08/estimating-order-queue-
// position.html) proposes attributing a cancellation of size d at our level to the part behind us
// with probability
//
//     p = f(B) / (f(A) + f(B))        A = lots ahead of us, B = lots behind us
//
// for an increasing f, so cancellations are taken mostly from the larger (and, for convex f, the
// much larger) side of the queue. hftbacktest's ProbQueueModel implements the same estimator with
// f(x) = x^n (PowerProbQueueFunc) and f(x) = ln(1 + x) (LogProbQueueFunc). Our update, for a size
// change at our price from P to N with T lots traded there since the previous update:
//
//     d = P - N - T                          the part of the decrease no trade explains
//     if d <= 0:  ahead' = min(ahead, N)     (growth joins behind us)
//     else:
//       A = ahead,  B = max(P - T - A, 0)    the queue behind us before the cancellation
//       p = f(B) / (f(A) + f(B))             (p = 1 when f(A) + f(B) = 0: nothing is ahead)
//       from_behind = p d;  from_ahead = (1 - p) d + max(from_behind - B, 0)
//       ahead' = clamp(A - round(from_ahead), 0, N)
//
// The estimate is an expectation; it is rounded to the nearest lot (half away from zero) so that
// fills stay whole lots. O(1); one or two calls to pow/log per size change at our price only.
#pragma once

#include <algorithm>
#include <cmath>

#include "tilt/sim/queue_position.hpp"

namespace tilt {

/// f(x) = x^n, n > 0. n = 1 splits a cancellation in proportion to the queue sizes; larger n
/// pushes it towards the larger side.
struct PowerQueueFunction {
  double n = 2.0;
  double operator()(double x) const { return std::pow(x, n); }
};

/// f(x) = ln(1 + x): a split that grows slowly with the queue sizes.
struct LogQueueFunction {
  double operator()(double x) const { return std::log1p(x); }
};

template <typename F>
struct ProbabilisticQueue {
  F f{};

  void on_new_order(QueuePosition& q, Qty level_qty) const {
    queue_detail::join_back(q, level_qty);
  }
  Qty on_trade(QueuePosition& q, Qty traded) const {
    return queue_detail::consume_trade(q, traded);
  }
  void on_level_change(QueuePosition& q, Qty before, Qty after) const {
    const Qty traded = q.traded;
    const Qty unexplained = before - after - traded;
    q.traded = 0;
    const Qty level = std::max<Qty>(after, 0);
    if (unexplained <= 0) {
      q.ahead = std::min(q.ahead, level);
      return;
    }
    const Qty a = q.ahead;
    const Qty b = std::max<Qty>(before - traded - a, 0);
    const double fa = f(static_cast<double>(a));
    const double fb = f(static_cast<double>(b));
    const double p = fa + fb > 0.0 ? fb / (fa + fb) : 1.0;
    const double d = static_cast<double>(unexplained);
    const double from_behind = p * d;
    const double from_ahead = (1.0 - p) * d + std::max(from_behind - static_cast<double>(b), 0.0);
    const Qty next = a - static_cast<Qty>(std::llround(from_ahead));
    q.ahead = std::clamp<Qty>(next, 0, level);
  }
};

using PowerProbQueue = ProbabilisticQueue<PowerQueueFunction>;
using LogProbQueue = ProbabilisticQueue<LogQueueFunction>;

static_assert(QueueModelType<PowerProbQueue>);
static_assert(QueueModelType<LogProbQueue>);

}  // namespace tilt
