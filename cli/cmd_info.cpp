// tilt info: what a store holds — instrument, span, counts by kind, size on disk, repairs. It reads
// every event, so the reader's per-event check (kind, side, size, flags, time order) covers the
// whole file: a corrupt store fails here with the event's index instead of passing silently.
#include <fmt/format.h>

#include <array>
#include <limits>

#include "command.hpp"
#include "format_util.hpp"
#include "progress.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::cli {
namespace {

struct StoreSummary {
  std::array<std::int64_t, 5> by_kind{};  // indexed by EventKind value
  std::int64_t bid_levels = 0;
  std::int64_t ask_levels = 0;
  Timestamp first_exch = std::numeric_limits<Timestamp>::max();
  Timestamp last_exch = std::numeric_limits<Timestamp>::min();
  Duration feed_latency_min = std::numeric_limits<Duration>::max();
  Duration feed_latency_max = std::numeric_limits<Duration>::min();
  double feed_latency_sum = 0;
  std::int64_t sub_tick_trades = 0;   // trades flagged kSubTickPrice
  std::int64_t negative_latency = 0;  // events with local_ts < exch_ts
};

// Stores this long take a second or more to read: show progress on a terminal.
constexpr std::int64_t kProgressFromEvents = 20'000'000;

StoreSummary summarize(StoreReader& reader) {
  StoreSummary s;
  const std::int64_t total = reader.metadata().event_count;
  ProgressReporter progress("check", !stderr_is_terminal() || total < kProgressFromEvents);
  std::int64_t done = 0;
  for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch()) {
    done += static_cast<std::int64_t>(batch.size());
    progress.update(static_cast<double>(done) / static_cast<double>(total),
                    format_count(done) + " events");
    for (const Event& e : batch) {
      ++s.by_kind[static_cast<std::size_t>(e.kind)];  // the reader has checked the kind
      if (e.kind == EventKind::level) (e.side == Side::buy ? s.bid_levels : s.ask_levels)++;
      if (e.kind == EventKind::trade && has_sub_tick_price(e)) ++s.sub_tick_trades;
      s.first_exch = std::min(s.first_exch, e.exch_ts);
      s.last_exch = std::max(s.last_exch, e.exch_ts);
      const Duration latency = e.local_ts - e.exch_ts;
      s.feed_latency_min = std::min(s.feed_latency_min, latency);
      s.feed_latency_max = std::max(s.feed_latency_max, latency);
      s.feed_latency_sum += static_cast<double>(latency);
      if (latency < 0) ++s.negative_latency;
    }
  }
  progress.finish();
  return s;
}

int run_info(const std::string& path) {
  StoreReader reader(path);
  const StoreMetadata& meta = reader.metadata();
  const StoreSummary s = summarize(reader);
  const Instrument& ins = meta.instrument;
  fmt::print("file            {}\n", path);
  fmt::print("schema version  {}\n", meta.schema_version);
  fmt::print(
      "instrument      {} (tick {}, lot {}, multiplier {}, maker fee {}, taker fee {}, calendar "
      "{})\n",
      ins.symbol, ins.tick_size.to_string(), ins.lot_size.to_string(), ins.contract_multiplier,
      ins.maker_fee, ins.taker_fee, to_string(ins.calendar));
  fmt::print("events          {}\n", format_count(meta.event_count));
  if (meta.event_count > 0) {
    fmt::print("time span       {} .. {} ({})\n", format_timestamp(s.first_exch),
               format_timestamp(s.last_exch), format_duration(s.last_exch - s.first_exch));
    fmt::print("feed latency    min {}, mean {}, max {}\n", format_duration(s.feed_latency_min),
               format_duration(static_cast<Duration>(s.feed_latency_sum /
                                                     static_cast<double>(meta.event_count))),
               format_duration(s.feed_latency_max));
    if (s.negative_latency > 0) {
      fmt::print("                negative on {} events (local time before exchange time)\n",
                 format_count(s.negative_latency));
    }
  }
  fmt::print(
      "by kind         level {} (bid {}, ask {}), trade {}, snapshot_begin {}, snapshot_end {}\n",
      format_count(s.by_kind[1]), format_count(s.bid_levels), format_count(s.ask_levels),
      format_count(s.by_kind[2]), format_count(s.by_kind[3]), format_count(s.by_kind[4]));
  fmt::print("checked         every event: kind, side, size, flags, exchange-time order\n");
  fmt::print("sub-tick trades {} (printed between ticks; price in 1/{} tick)\n",
             format_count(s.sub_tick_trades), kSubTicksPerTick);
  const double per_event = meta.event_count > 0 ? static_cast<double>(meta.file_bytes) /
                                                      static_cast<double>(meta.event_count)
                                                : 0.0;
  fmt::print("storage         {}, {} events/chunk, {} bytes on disk, {:.2f} bytes/event\n",
             to_string(meta.compression), meta.chunk_events, format_count(meta.file_bytes),
             per_event);
  if (!meta.counters.empty()) {
    fmt::print("counters\n");
    for (const auto& [name, value] : meta.counters)
      fmt::print("  {:<28} {}\n", name, format_count(value));
  }
  if (!meta.text.empty()) {
    fmt::print("metadata\n");
    for (const auto& [name, value] : meta.text) fmt::print("  {:<28} {}\n", name, value);
  }
  return 0;
}

void setup_info(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "info", "Describe an event store: instrument, span, counts, size, repairs");
  auto path = std::make_shared<std::string>();
  cmd->add_option("store", *path, "tilt event store (.h5)")->required();
  cmd->callback([path, set_action = std::move(set_action)] {
    set_action([path] { return run_info(*path); });
  });
}

TILT_REGISTER_COMMAND("info", setup_info);

}  // namespace
}  // namespace tilt::cli
