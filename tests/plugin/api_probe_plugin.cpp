// A test plugin that exercises every tilt::Context addition from inside a shared library and
// reports what it saw through ctx.set_metric and ctx.log, which plugin_api_test.cpp reads back from
// the engine. Each metric is documented in the test next to its hand-computed expectation.
#include <tilt/strategy.hpp>

#include <string>

namespace {

constexpr std::uint64_t kRepeatPayload = 7;
constexpr std::uint64_t kOncePayload = 5;
constexpr std::uint64_t kCancelledPayload = 99;

class ApiProbe : public tilt::Strategy {
 public:
  explicit ApiProbe(tilt::Params& params) { params.finish(); }

  std::vector<tilt::SignalSpec> required_signals() const override {
    return {tilt::SignalSpec{"queue_imbalance", {}, "qi_req"}};
  }

  void on_start(tilt::Context& ctx) override {
    start_ = ctx.now();
    ctx.set_metric("start_now", static_cast<double>(ctx.now()));
    ctx.set_metric("book_empty_at_start", ctx.book().best(tilt::Side::buy) ? 0 : 1);
    const tilt::InstrumentInfo& ins = ctx.instrument();
    ctx.set_metric("tick_size", ins.tick_size);
    ctx.set_metric("lot_size", ins.lot_size);
    ctx.set_metric("maker_fee", ins.maker_fee);
    ctx.set_metric("ticks_of_100_03", static_cast<double>(ins.to_ticks(100.03)));
    ctx.set_metric("price_of_10003", ins.to_price(10003));
    signal_ = ctx.signal_handle("qi_req");
    repeat_ = ctx.set_repeating_timer(ctx.now() + tilt::kMillisecond, 2 * tilt::kMillisecond,
                                      kRepeatPayload);
    ctx.set_timer(ctx.now() + 3 * tilt::kMillisecond, kOncePayload);
    const tilt::TimerId doomed =
        ctx.set_timer(ctx.now() + 4 * tilt::kMillisecond, kCancelledPayload);
    ctx.set_metric("cancel_live_timer", ctx.cancel_timer(doomed) ? 1 : 0);
    ctx.set_metric("cancel_timer_again", ctx.cancel_timer(doomed) ? 1 : 0);
  }

  void on_book(tilt::Context& ctx, const tilt::Event&) override {
    const auto bid = ctx.book().best(tilt::Side::buy);
    const auto ask = ctx.book().best(tilt::Side::sell);
    if (submitted_ || !bid || !ask) return;
    submitted_ = true;
    ctx.set_metric("submit_now", static_cast<double>(ctx.now()));
    ctx.set_metric("qi_valid", ctx.signal(signal_).valid ? 1 : 0);
    ctx.set_metric("qi_by_name", ctx.signal("qi_req").value);
    const tilt::OrderId buy = ctx.post_only(tilt::Side::buy, bid->price, 2, 42);
    const tilt::OrderId sell = ctx.post_only(tilt::Side::sell, ask->price, 3, 43);
    ctx.set_metric("buy_id", static_cast<double>(buy.value));
    ctx.set_metric("sell_id", static_cast<double>(sell.value));
    ctx.set_metric("pending_can_cancel", ctx.can_cancel(buy) ? 1 : 0);
    ctx.set_metric("pending_in_flight", ctx.request_in_flight(buy) ? 1 : 0);
    ctx.set_metric("working_after_submit", static_cast<double>(ctx.working_orders().size()));
    ctx.set_metric("find_42", static_cast<double>(ctx.find_order(42)->id.value));
    ctx.set_metric("find_43_qty", static_cast<double>(ctx.find_order(43)->qty));
    ctx.set_metric("find_43_tag", static_cast<double>(ctx.order(sell).client_tag));
    ctx.set_metric("find_unknown", ctx.find_order(7).has_value() ? 1 : 0);
  }

  void on_order_update(tilt::Context& ctx, const tilt::OrderUpdateInfo& u) override {
    ctx.log(tilt::LogLevel::info, std::string("update ") + std::string(tilt::to_string(u.kind)) +
                                      " id=" + std::to_string(u.id.value) +
                                      " tag=" + std::to_string(u.client_tag));
    if (u.kind == tilt::UpdateKind::accepted && u.client_tag == 42) {
      ctx.set_metric("ack_can_cancel", ctx.can_cancel(u.id) ? 1 : 0);
      ctx.set_metric("ack_try_cancel", ctx.try_cancel(u.id) ? 1 : 0);
      ctx.set_metric("ack_try_cancel_again", ctx.try_cancel(u.id) ? 1 : 0);
      ctx.set_metric("ack_in_flight_after_cancel", ctx.request_in_flight(u.id) ? 1 : 0);
    }
    if (u.kind == tilt::UpdateKind::cancelled) {
      ctx.set_metric("cancelled_tag", static_cast<double>(u.client_tag));
      ctx.set_metric("cancelled_at", static_cast<double>(ctx.now() - start_));
    }
  }

  void on_timer(tilt::Context& ctx, const tilt::TimerInfo& t) override {
    const std::string p = std::to_string(t.payload);
    ctx.set_metric("timer_" + p + "_last_at", static_cast<double>(t.scheduled - start_));
    ctx.set_metric("timer_" + p + "_now_matches", t.scheduled == ctx.now() ? 1 : 0);
    if (t.payload == kRepeatPayload) {
      ctx.set_metric("repeat_fires", ++repeat_fires_);
      ctx.set_metric("repeat_interval", static_cast<double>(t.interval));
      if (repeat_fires_ == 3) ctx.set_metric("repeat_cancel", ctx.cancel_timer(t.id) ? 1 : 0);
    }
  }

  void on_finish(tilt::Context& ctx) override {
    ctx.set_metric("finish_now", static_cast<double>(ctx.now()));
    ctx.log(tilt::LogLevel::warning, "done");
  }

 private:
  tilt::Timestamp start_ = 0;
  tilt::SignalHandle signal_;
  tilt::TimerId repeat_;
  int repeat_fires_ = 0;
  bool submitted_ = false;
};

}  // namespace

TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("api_probe", ApiProbe))
