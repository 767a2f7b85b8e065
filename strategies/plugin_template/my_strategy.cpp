// A complete tilt strategy plugin: joins the queue on the side the imbalance favours.
//
// When the configured signal (default: level-1 queue imbalance) is above +threshold it rests a
// post-only bid at the best bid; below -threshold a post-only ask at the best ask; it cancels the
// order when the signal falls back inside ±threshold, and never holds more than max_position lots.
// Copy this file, rename the class and the registered name, and change on_book.
#include <tilt/strategy.hpp>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <stdexcept>

namespace {

class MyStrategy : public tilt::Strategy {
 public:
  explicit MyStrategy(tilt::Params& params)
      : signal_name_(params.text("signal", "queue_imbalance")),
        threshold_(params.number("threshold", 0.5, 0.0, 1.0)),
        size_(params.lots("size", 1, 1, 1'000'000)),
        max_position_(params.lots("max_position", 5, 1, 1'000'000)),
        fail_on_fill_(params.flag("fail_on_fill", false)) {
    params.finish();  // any other key in params: is a config error with file:line:column
  }

  void on_start(tilt::Context& ctx) override {
    signal_ = ctx.signal_handle(signal_name_);  // tilt::Error listing the run's signals if absent
  }

  void on_book(tilt::Context& ctx, const tilt::Event&) override {
    const tilt::SignalValue s = ctx.signal(signal_);
    if (!s.valid || pending_) return;
    const tilt::Qty position = ctx.inventory();
    if (order_) {
      // try_cancel sends nothing (and returns false) while a request is still in flight.
      if (std::abs(s.value) < threshold_ && ctx.try_cancel(*order_)) pending_ = true;
      return;
    }
    if (s.value > threshold_ && position + size_ <= max_position_) {
      if (auto bid = ctx.book().best(tilt::Side::buy)) join(ctx, tilt::Side::buy, bid->price);
    } else if (s.value < -threshold_ && position - size_ >= -max_position_) {
      if (auto ask = ctx.book().best(tilt::Side::sell)) join(ctx, tilt::Side::sell, ask->price);
    }
  }

  void on_order_update(tilt::Context&, const tilt::OrderUpdateInfo& u) override {
    if (!order_ || u.id != *order_) return;
    if (u.kind == tilt::UpdateKind::fill && fail_on_fill_) {
      throw std::runtime_error("fail_on_fill is set: failing on purpose at the first fill");
    }
    if (u.kind == tilt::UpdateKind::accepted) pending_ = false;
    if (u.kind == tilt::UpdateKind::cancel_rejected) pending_ = false;
    if (u.leaves == 0 && u.kind != tilt::UpdateKind::accepted) {
      order_.reset();
      pending_ = false;
    }
  }

 private:
  void join(tilt::Context& ctx, tilt::Side side, tilt::Price price) {
    order_ = ctx.post_only(side, price, size_);
    pending_ = true;
  }

  std::string signal_name_;
  double threshold_;
  tilt::Qty size_;
  tilt::Qty max_position_;
  bool fail_on_fill_;
  tilt::SignalHandle signal_;
  std::optional<tilt::OrderId> order_;
  bool pending_ = false;
};

}  // namespace

TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("my_strategy", MyStrategy))
