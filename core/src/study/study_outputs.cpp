// study.json and study.h5: the same results, for people (JSON) and for pandas/h5py (tables with
// named columns and units). study.html is in study_report.cpp.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tilt/error.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/results/results_file.hpp"
#include "tilt/signals/signal_spec.hpp"
#include "tilt/study/study.hpp"

namespace tilt::study {
namespace {

using nlohmann::json;

// Below this many blocks the batch-means standard errors are themselves too noisy to trust
// (t-distribution with blocks - 1 degrees of freedom): flagged, not hidden.
constexpr std::int64_t kMinReliableBlocks = 20;

json horizons_json(const StudyConfig& c) {
  json out = json::array();
  for (const Horizon& h : c.horizons) {
    out.push_back({{"label", h.label},
                   {"unit", h.unit == Horizon::Unit::time ? "ns" : "book_messages"},
                   {"amount", h.amount}});
  }
  return out;
}

json predictive_json(const PredictiveResult& r) {
  json buckets = json::array();
  for (const BucketResult& b : r.buckets) {
    buckets.push_back({{"lower", b.lower},
                       {"upper", b.upper},
                       {"samples", b.samples},
                       {"mean_signal", b.mean_signal},
                       {"mean_move_ticks", b.mean_move},
                       {"mean_move_se", b.mean_move_se}});
  }
  return {{"signal", r.signal},
          {"horizon", r.horizon},
          {"samples", r.samples},
          {"zero_move_share", r.zero_move_share},
          {"zero_signal_share", r.zero_signal_share},
          {"hit_samples", r.hit_samples},
          {"hit_rate", r.hit_rate},
          {"hit_rate_se", r.hit_rate_se},
          {"ic_pearson", r.ic_pearson},
          {"ic_pearson_se", r.ic_pearson_se},
          {"ic_pearson_se_iid", r.ic_pearson_se_iid},
          {"ic_spearman", r.ic_spearman},
          {"ic_spearman_se", r.ic_spearman_se},
          {"slope_ticks_per_unit", r.slope},
          {"slope_se", r.slope_se},
          {"intercept_ticks", r.intercept},
          {"r_squared", r.r_squared},
          {"mean_move_ticks", r.mean_move},
          {"move_std_ticks", r.move_std},
          {"se_blocks", r.blocks},
          {"se_block_samples", r.block_samples},
          {"se_reliable", r.blocks >= kMinReliableBlocks},
          {"bucket_method", r.bucket_method},
          {"buckets", buckets}};
}

}  // namespace

std::string study_json(const StudyResult& r) {
  const StudyConfig& c = r.config;
  const StudyCounters& k = r.counters;
  json out;
  out["tool"] = "tilt study";
  out["config_file"] = c.file;
  out["symbol"] = r.symbol;
  out["tick_size"] = r.tick_size;
  out["stores"] = c.stores;
  out["sampling"] = c.sampling.label();
  if (c.conditioned())
    out["condition"] = {{"min_spread_ticks", c.min_spread_ticks},
                        {"max_spread_ticks", c.max_spread_ticks}};
  out["horizons"] = horizons_json(c);
  out["definitions"] = {
      {"move", "forward mid change in ticks: mid(t + horizon) - mid(t)"},
      {"hit_rate",
       "share of samples with sign(signal) == sign(move) among samples where the mid moved and "
       "the signal was not 0; zero moves are excluded (zero_move_share = their share of all "
       "samples; zero_signal_share = share of signal 0 among samples where the mid moved)"},
      {"ic_spearman", "rank correlation through the warm-up distributions of signal and move"},
      {"standard_errors", r.standard_error_method},
      {"se_reliable",
       "false when fewer than 20 blocks carry the standard error: the horizon is "
       "too long for the data; read such errors with caution"}};
  out["counts"] = {{"events", k.events},
                   {"messages", k.messages},
                   {"book_messages", k.book_messages},
                   {"samples", k.samples},
                   {"samples_skipped_condition", k.samples_skipped_condition},
                   {"samples_dropped_lookahead_full", k.samples_dropped_lookahead_full},
                   {"pairs_incomplete_at_end", k.pairs_incomplete_at_end},
                   {"lookahead_capacity", k.lookahead_capacity},
                   {"lookahead_high_water", k.lookahead_high_water},
                   {"crossed_book_repairs", k.crossed_repairs}};
  json predictive = json::array();
  for (const PredictiveResult& p : r.predictive) predictive.push_back(predictive_json(p));
  out["predictive"] = predictive;
  const CksResult& cks = r.cks;
  out["cks"] = {
      {"reference", "Cont, Kukanov & Stoikov (2014), The price impact of order book events"},
      {"interval", signal_params::format_duration(cks.interval)},
      {"window", signal_params::format_duration(cks.window)},
      {"intervals", cks.intervals},
      {"slope_ticks_per_lot", cks.slope},
      {"slope_se", cks.slope_se},
      {"intercept_ticks", cks.intercept},
      {"r_squared", cks.r_squared},
      {"windows", cks.windows},
      {"mean_window_r_squared", cks.mean_window_r_squared},
      {"slope_vs_inverse_depth",
       {{"slope_ticks", cks.depth_slope},
        {"intercept", cks.depth_intercept},
        {"r_squared", cks.depth_r_squared}}}};
  const MicroPriceResult& m = r.micro_price;
  json adjustment = json::array(), first_step = json::array(), seen = json::array();
  for (std::int64_t s = 1; s <= m.max_spread_ticks; ++s) {
    json row = json::array(), row1 = json::array(), rown = json::array();
    for (std::size_t b = 0; b < m.buckets; ++b) {
      const std::size_t i = static_cast<std::size_t>(s - 1) * m.buckets + b;
      row.push_back(m.adjustment_ticks[i]);
      row1.push_back(m.first_step_ticks[i]);
      rown.push_back(m.observations[i]);
    }
    adjustment.push_back(row);
    first_step.push_back(row1);
    seen.push_back(rown);
  }
  out["micro_price"] = {
      {"reference", "Stoikov (2018), The micro-price: a high-frequency estimator of future prices"},
      {"buckets", m.buckets},
      {"max_spread_ticks", m.max_spread_ticks},
      {"iterations", m.iterations},
      {"steps", m.steps},
      {"adjustment_ticks_by_spread", adjustment},
      {"first_step_ticks_by_spread", first_step},
      {"observations_by_spread", seen},
      {"table_spread_ticks", m.table_spread_ticks},
      {"table", m.table},
      {"signal", "{type: micro_price, buckets: " + std::to_string(m.buckets) + ", table: \"" +
                     m.table_text + "\"}"}};
  out["wall_seconds"] = r.wall_seconds;
  return out.dump(1) + "\n";
}

void write_study_h5(const StudyResult& r, const std::string& path) {
  ResultsFile file(path);
  Table p{"predictive", "one row per signal x horizon (study.json 'definitions')", {}};
  Table b{"buckets", "conditional mean forward move per signal bucket", {}};
  for (const PredictiveResult& x : r.predictive) {
    p.text_column("signal").push_back(x.signal);
    p.text_column("horizon").push_back(x.horizon);
    p.int_column("samples", "").push_back(x.samples);
    p.real_column("zero_move_share", "").push_back(x.zero_move_share);
    p.real_column("zero_signal_share", "").push_back(x.zero_signal_share);
    p.int_column("hit_samples", "").push_back(x.hit_samples);
    p.real_column("hit_rate", "").push_back(x.hit_rate);
    p.real_column("hit_rate_se", "").push_back(x.hit_rate_se);
    p.real_column("ic_pearson", "").push_back(x.ic_pearson);
    p.real_column("ic_pearson_se", "").push_back(x.ic_pearson_se);
    p.real_column("ic_pearson_se_iid", "").push_back(x.ic_pearson_se_iid);
    p.real_column("ic_spearman", "").push_back(x.ic_spearman);
    p.real_column("ic_spearman_se", "").push_back(x.ic_spearman_se);
    p.real_column("slope", "ticks per signal unit").push_back(x.slope);
    p.real_column("slope_se", "ticks per signal unit").push_back(x.slope_se);
    p.real_column("intercept", "ticks").push_back(x.intercept);
    p.real_column("r_squared", "").push_back(x.r_squared);
    p.real_column("mean_move", "ticks").push_back(x.mean_move);
    p.real_column("move_std", "ticks").push_back(x.move_std);
    p.int_column("se_blocks", "").push_back(x.blocks);
    p.int_column("se_block_samples", "").push_back(x.block_samples);
    for (std::size_t i = 0; i < x.buckets.size(); ++i) {
      const BucketResult& k = x.buckets[i];
      b.text_column("signal").push_back(x.signal);
      b.text_column("horizon").push_back(x.horizon);
      b.int_column("bucket", "").push_back(static_cast<std::int64_t>(i));
      b.real_column("lower", "signal units").push_back(k.lower);
      b.real_column("upper", "signal units").push_back(k.upper);
      b.int_column("samples", "").push_back(k.samples);
      b.real_column("mean_signal", "signal units").push_back(k.mean_signal);
      b.real_column("mean_move", "ticks").push_back(k.mean_move);
      b.real_column("mean_move_se", "ticks").push_back(k.mean_move_se);
    }
  }
  file.write(p);
  file.write(b);
  Table ci{"cks_intervals", "Cont-Kukanov-Stoikov: OFI and mid change per interval", {}};
  ci.int_column("start", "ns since epoch");
  ci.real_column("ofi", "lots");
  ci.real_column("mid_change", "ticks");
  ci.real_column("mean_depth", "lots");
  ci.int_column("messages", "");
  for (const CksInterval& x : r.cks_intervals) {
    ci.int_column("start", "ns since epoch").push_back(x.start);
    ci.real_column("ofi", "lots").push_back(x.ofi);
    ci.real_column("mid_change", "ticks").push_back(x.mid_change);
    ci.real_column("mean_depth", "lots").push_back(x.mean_depth);
    ci.int_column("messages", "").push_back(x.messages);
  }
  file.write(ci);
  Table cw{"cks_windows", "Cont-Kukanov-Stoikov: slope and R^2 per window, with mean depth", {}};
  cw.int_column("start", "ns since epoch");
  cw.int_column("intervals", "");
  cw.real_column("slope", "ticks per lot");
  cw.real_column("r_squared", "");
  cw.real_column("mean_depth", "lots");
  for (const CksWindow& x : r.cks_windows) {
    cw.int_column("start", "ns since epoch").push_back(x.start);
    cw.int_column("intervals", "").push_back(x.intervals);
    cw.real_column("slope", "ticks per lot").push_back(x.slope);
    cw.real_column("r_squared", "").push_back(x.r_squared);
    cw.real_column("mean_depth", "lots").push_back(x.mean_depth);
  }
  file.write(cw);
  const MicroPriceResult& m = r.micro_price;
  Table mp{"micro_price", "Stoikov micro-price adjustment per (spread, imbalance bucket)", {}};
  for (std::int64_t s = 1; s <= m.max_spread_ticks; ++s) {
    for (std::size_t k = 0; k < m.buckets; ++k) {
      const std::size_t i = static_cast<std::size_t>(s - 1) * m.buckets + k;
      mp.int_column("spread_ticks", "ticks").push_back(s);
      mp.int_column("bucket", "").push_back(static_cast<std::int64_t>(k));
      mp.int_column("observations", "").push_back(m.observations[i]);
      mp.real_column("adjustment", "ticks").push_back(m.adjustment_ticks[i]);
      mp.real_column("first_step", "ticks").push_back(m.first_step_ticks[i]);
    }
  }
  file.write(mp);
  file.set_attribute("symbol", r.symbol);
  file.set_attribute("sampling", r.config.sampling.label());
  file.set_attribute("standard_errors", r.standard_error_method);
  file.set_attribute("cks.r_squared", r.cks.r_squared);
  file.set_attribute("cks.slope", r.cks.slope);
  file.set_attribute("micro_price.table", m.table_text);
  file.set_attribute("micro_price.table_spread_ticks", m.table_spread_ticks);
  file.set_attribute("samples", r.counters.samples);
  file.close();
}

void write_study_outputs(const StudyResult& result, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create directories: " + ec.message());  // as tilt run says
  write_file_atomically((fs::path(dir) / "study.json").string(), study_json(result));
  write_file_atomically((fs::path(dir) / "config.resolved.yaml").string(), to_yaml(result.config));
  write_study_h5(result, (fs::path(dir) / "study.h5").string());
  write_file_atomically((fs::path(dir) / "study.html").string(), render_study_html(result));
}

}  // namespace tilt::study
