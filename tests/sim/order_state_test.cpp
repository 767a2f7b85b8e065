#include <gtest/gtest.h>

#include "tilt/sim/order_state.hpp"

namespace tilt {
namespace {

TEST(OrderState, HappyPaths) {
  const OrderId id{1};
  OrderState s = OrderState::pending_new;
  s = next_state(id, s, OrderEvent::accepted);
  EXPECT_EQ(s, OrderState::open);
  s = next_state(id, s, OrderEvent::fill, 5);  // partial: stays open
  EXPECT_EQ(s, OrderState::open);
  s = next_state(id, s, OrderEvent::cancel_request);
  EXPECT_EQ(s, OrderState::pending_cancel);
  s = next_state(id, s, OrderEvent::fill, 0);  // the fill beat the cancel
  EXPECT_EQ(s, OrderState::filled);
  s = next_state(id, s, OrderEvent::cancel_rejected);  // the late answer to the cancel
  EXPECT_EQ(s, OrderState::filled);
}

TEST(OrderState, InvalidTransitionsThrowWithContext) {
  try {
    next_state(OrderId{7}, OrderState::pending_cancel, OrderEvent::cancel_request);
    FAIL() << "expected OrderError";
  } catch (const OrderError& e) {
    EXPECT_EQ(e.order_id(), OrderId{7});
    EXPECT_EQ(e.state(), OrderState::pending_cancel);
    EXPECT_EQ(e.event(), OrderEvent::cancel_request);
    EXPECT_NE(std::string(e.what()).find("order 7 (pending_cancel): cancel_request"),
              std::string::npos);
  }
  EXPECT_THROW(next_state(OrderId{1}, OrderState::pending_new, OrderEvent::fill), OrderError);
  EXPECT_THROW(next_state(OrderId{1}, OrderState::filled, OrderEvent::cancel_request), OrderError);
  EXPECT_THROW(next_state(OrderId{1}, OrderState::rejected, OrderEvent::accepted), OrderError);
  EXPECT_THROW(next_state(OrderId{1}, OrderState::pending_modify, OrderEvent::modify_request),
               OrderError);
  EXPECT_THROW(next_state(OrderId{1}, OrderState::pending_new, OrderEvent::cancelled), OrderError);
  // OrderError is a tilt::Error: the CLI prints it on one line.
  EXPECT_THROW(next_state(OrderId{1}, OrderState::cancelled, OrderEvent::fill), Error);
}

}  // namespace
}  // namespace tilt
