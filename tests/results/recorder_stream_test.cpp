// The ResultsRecorder as an instance's history: its orders, fills and order_updates tables, built
// from batches on the results file's writer thread (several batches, rows rewritten when a live
// order finishes), must hold exactly what an instance without a history keeps to the end.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "support/history_market.hpp"
#include "support/sim_market_maker.hpp"
#include "support/temp_dir.hpp"
#include "tilt/run/recording.hpp"
#include "tilt/run/results_recorder.hpp"
#include "tilt/run/run_outputs.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using testing::TempDir;

synthetic::Params market() {
  return testing::history_market(400'000, 5);
}

InstanceConfig config(RunHistory* history) {
  return testing::history_config(history);
}

template <class T>
const std::vector<T>& column(const Table& t, const std::string& name) {
  for (const Column& c : t.columns)
    if (c.name == name) return std::get<std::vector<T>>(c.values);
  throw Error("no column " + name);
}

TEST(ResultsRecorder, StreamedTablesHoldWhatAnInstanceWithoutHistoryKeeps) {
  TempDir dir;
  const auto events = synthetic::generate_all(market());
  const Instrument instrument;  // tick 0.01, lot 1
  OutputSelection all;
  all.tables.fill(true);
  const std::vector<Duration> horizons{10 * kMillisecond, kSecond};
  ResultsRecorder recorder(dir.path(), all, instrument, {}, horizons);

  using Recorder = Recorded<testing::SimMarketMaker>;
  Simulator<testing::SimMarketMaker> kept;
  Simulator<Recorder> streamed;
  const SignalHandle qi_kept = kept.signals().add({"queue_imbalance", {}, ""});
  const SignalHandle qi = streamed.signals().add({"queue_imbalance", {}, ""});
  kept.add_instance(testing::SimMarketMaker({1, 4, 0.3, qi_kept}), config(nullptr));
  streamed.add_instance(
      Recorder(testing::SimMarketMaker({1, 4, 0.3, qi}), 100 * kMillisecond, recorder),
      config(&recorder));
  kept.run(events);
  streamed.run(events);
  recorder.finish(&streamed.instance(0));
  recorder.file().close();
  const std::string path = dir.file("results.h5");

  // Orders: one row per id in id order, each in its final state.
  const auto orders = kept.instance(0).orders();
  ASSERT_GT(orders.size(), 2 * ResultsRecorder::kBatch);  // several batches
  const Table o = read_table(path, "orders");
  ASSERT_EQ(o.rows(), orders.size());
  const auto& id = column<std::int64_t>(o, "id");
  const auto& state = column<std::string>(o, "state");
  const auto& price = column<double>(o, "price");
  const auto& filled = column<double>(o, "filled");
  const auto& leaves = column<double>(o, "leaves");
  const auto& updated = column<std::int64_t>(o, "updated_ts");
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& x = orders[i];
    ASSERT_EQ(id[i], static_cast<std::int64_t>(x.id.value));
    EXPECT_EQ(state[i], to_string(x.state)) << "order " << x.id.value;
    EXPECT_EQ(price[i], static_cast<double>(x.price) * instrument.tick_double());
    EXPECT_EQ(filled[i], static_cast<double>(x.filled) * instrument.lot_double());
    EXPECT_EQ(leaves[i], static_cast<double>(x.leaves) * instrument.lot_double());
    EXPECT_EQ(updated[i], x.updated);
  }

  // Fills in execution order with their markouts (NaN where the run ended first).
  const Accountant& acc = kept.instance(0).accountant();
  const auto fills = acc.fills();
  ASSERT_GT(fills.size(), 1000u);
  const Table f = read_table(path, "fills");
  ASSERT_EQ(f.rows(), fills.size());
  const auto& fill_ts = column<std::int64_t>(f, "exch_ts");
  const auto& fill_order = column<std::int64_t>(f, "order_id");
  const auto& markout_1s = column<double>(f, markout_column(kSecond));
  for (std::size_t i = 0; i < fills.size(); ++i) {
    EXPECT_EQ(fill_ts[i], fills[i].exch_ts);
    EXPECT_EQ(fill_order[i], static_cast<std::int64_t>(fills[i].order_id.value));
    const double m = acc.markout(i, 1);
    if (std::isnan(m))
      EXPECT_TRUE(std::isnan(markout_1s[i])) << "fill " << i;
    else
      EXPECT_EQ(markout_1s[i], m) << "fill " << i;
  }

  // Order updates: as many as reached the strategy; each order's fills add up to its filled qty.
  const Table u = read_table(path, "order_updates");
  const auto& kind = column<std::string>(u, "kind");
  const auto& update_order = column<std::int64_t>(u, "order_id");
  const auto& qty = column<double>(u, "qty");
  std::vector<double> filled_by_updates(orders.size() + 1, 0.0);
  for (std::size_t i = 0; i < u.rows(); ++i)
    if (kind[i] == "fill") filled_by_updates[static_cast<std::size_t>(update_order[i])] += qty[i];
  for (const Order& x : orders)
    EXPECT_EQ(filled_by_updates[x.id.value],
              static_cast<double>(x.filled) * instrument.lot_double());
  EXPECT_GT(u.rows(), orders.size());
}

}  // namespace
}  // namespace tilt
