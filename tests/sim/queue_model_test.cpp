// Reference tests for each queue model (tilt/sim/queue_*.hpp), numbers worked by hand.
#include <gtest/gtest.h>

#include "tilt/sim/queue_model.hpp"

namespace tilt {
namespace {

QueuePosition joined(Qty level) {
  QueuePosition q;
  RiskAverseQueue{}.on_new_order(q, level);
  return q;
}

// Trades are model-independent: ahead 10, trade 4 -> ahead 6, nothing reaches us; trade 9 -> 6
// ahead consumed, excess 3 reaches us; `traded` remembers 13 lots for the next size update.
TEST(QueueModel, TradesConsumeAheadThenReachUs) {
  QueuePosition q = joined(10);
  EXPECT_EQ(RiskAverseQueue{}.on_trade(q, 4), 0);
  EXPECT_EQ(q.ahead, 6);
  EXPECT_EQ(RiskAverseQueue{}.on_trade(q, 9), 3);
  EXPECT_EQ(q.ahead, 0);
  EXPECT_EQ(q.traded, 13);
}

// Risk-averse: ahead 10 at a 40-lot level; 40 -> 30 (cancel 10): min(10, 30) = 10, unchanged;
// 30 -> 7: min(10, 7) = 7.
TEST(QueueModel, RiskAverse) {
  QueuePosition q = joined(10);
  RiskAverseQueue m;
  m.on_level_change(q, 40, 30);
  EXPECT_EQ(q.ahead, 10);
  m.on_level_change(q, 30, 7);
  EXPECT_EQ(q.ahead, 7);
}

// Power n = 2: A = 10 ahead, level 40 so B = 30 behind; 40 -> 30 cancels d = 10.
//   p = 30^2 / (10^2 + 30^2) = 900 / 1000 = 0.9 from behind; from ahead (1 - 0.9) x 10 = 1
//   ahead' = 10 - 1 = 9.
TEST(QueueModel, PowerSquare) {
  QueuePosition q = joined(10);
  PowerProbQueue{{2.0}}.on_level_change(q, 40, 30);
  EXPECT_EQ(q.ahead, 9);
}

// Power n = 1 (proportional), with a trade first: A = 10 at level 40. Trade 5 -> A = 5, T = 5.
// Level 40 -> 30: d = 40 - 30 - 5 = 5 unexplained; B = 40 - 5 - 5 = 30.
//   p = 30 / 35; from ahead = 5 x 5/35 = 0.714 -> rounds to 1; ahead' = 5 - 1 = 4.
TEST(QueueModel, PowerLinearSubtractsTrades) {
  QueuePosition q = joined(10);
  PowerProbQueue m{{1.0}};
  EXPECT_EQ(m.on_trade(q, 5), 0);
  m.on_level_change(q, 40, 30);
  EXPECT_EQ(q.ahead, 4);
  EXPECT_EQ(q.traded, 0);
}

// Log: A = 10, B = 30, d = 10:  f(10) = ln 11 = 2.397895, f(30) = ln 31 = 3.433987
//   p = 3.433987 / 5.831882 = 0.588830; from ahead = 0.411170 x 10 = 4.1117 -> 4; ahead' = 6.
TEST(QueueModel, Log) {
  QueuePosition q = joined(10);
  LogProbQueue{}.on_level_change(q, 40, 30);
  EXPECT_EQ(q.ahead, 6);
}

// Overflow: A = 2, B = 6, n = 3, level 8 -> 1 (d = 7).
//   p = 216 / (8 + 216) = 0.96429; from behind 6.75 > B = 6, so 0.75 more comes from ahead:
//   from ahead = 0.25 + 0.75 = 1.0; ahead' = 1 = the whole remaining level.
TEST(QueueModel, PowerOverflowFromBehindGoesAhead) {
  QueuePosition q = joined(2);
  PowerProbQueue{{3.0}}.on_level_change(q, 8, 1);
  EXPECT_EQ(q.ahead, 1);
}

// Growth never moves us: 40 -> 55 keeps ahead 10 in every model.
TEST(QueueModel, GrowthJoinsBehind) {
  for (const QueueModel& m : {QueueModel{RiskAverseQueue{}}, QueueModel{PowerProbQueue{{2.0}}},
                              QueueModel{LogProbQueue{}}}) {
    QueuePosition q = joined(10);
    on_level_change(m, q, 40, 55);
    EXPECT_EQ(q.ahead, 10);
  }
}

// Nobody behind us (A = 10 = level): every cancellation is ahead. f(0) = 0 in both forms, so
// p = 0: level 10 -> 6 gives ahead 6.
TEST(QueueModel, AtTheBackEveryCancelIsAhead) {
  QueuePosition q = joined(10);
  PowerProbQueue{{2.0}}.on_level_change(q, 10, 6);
  EXPECT_EQ(q.ahead, 6);
  q = joined(10);
  LogProbQueue{}.on_level_change(q, 10, 6);
  EXPECT_EQ(q.ahead, 6);
}

}  // namespace
}  // namespace tilt
