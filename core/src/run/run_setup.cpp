#include "tilt/run/run_setup.hpp"

namespace tilt {

Instrument run_instrument(const RunConfig& config, const Instrument& from_store) {
  Instrument ins = from_store;
  if (config.maker_fee) ins.maker_fee = *config.maker_fee;
  if (config.taker_fee) ins.taker_fee = *config.taker_fee;
  if (config.calendar) ins.calendar = *config.calendar;
  return ins;
}

SimConfig make_sim_config(const RunConfig& config) {
  SimConfig sim;
  sim.feed_latency = config.feed_latency;
  sim.clock_offset = config.feed_clock_offset;
  sim.fill_on_sub_tick_trades = config.fill_on_sub_tick_trades;
  const CrossedPolicy crossed = crossed_policy_from_string(config.book_crossed);
  sim.exchange_book.crossed_policy = crossed;
  sim.local_book.crossed_policy = crossed;
  return sim;
}

InstanceConfig make_instance_config(const RunConfig& config, const Instrument& instrument) {
  InstanceConfig ic;
  if (config.latency_model == "recorded") {
    ic.latency = RecordedLatency::from_csv(config.latency_file);
  } else {
    ic.latency = ConstantLatency{config.entry_latency, config.response_latency};
  }
  if (config.queue_model == "power") {
    ic.matching.queue = PowerProbQueue{PowerQueueFunction{config.queue_power}};
  } else if (config.queue_model == "log") {
    ic.matching.queue = LogProbQueue{};
  } else {
    ic.matching.queue = RiskAverseQueue{};
  }
  ic.matching.partial_fills = config.partial_fills;
  ic.matching.remember_consumed = config.remember_consumed_liquidity;
  if (config.fee_basis == "lot") {
    // Fees per lot in quote currency -> ticks per lot (the engine's money unit is tick·lot).
    const double currency_per_tick_lot =
        instrument.tick_double() * instrument.lot_double() * instrument.contract_multiplier;
    ic.fees = PerLotFee{instrument.maker_fee / currency_per_tick_lot,
                        instrument.taker_fee / currency_per_tick_lot};
  } else {
    ic.fees = NotionalFee{instrument.maker_fee, instrument.taker_fee};
  }
  ic.accounting.sample_interval = config.sample_interval;
  ic.accounting.markout_horizons = config.markout_horizons;
  ic.instrument = instrument;
  ic.accounting.calendar = instrument.calendar;
  return ic;
}

}  // namespace tilt
