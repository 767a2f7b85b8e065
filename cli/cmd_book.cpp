// tilt book: the L2 book of a store at a time, or its top levels after every exchange timestamp.
//
//   tilt book STORE [--at TIME] [--levels N]        prints the book as of TIME (default: the end)
//   tilt book STORE --csv OUT.csv [--levels N]      one row per distinct exchange timestamp:
//       exch_ts,bid_px_1,bid_qty_1,ask_px_1,ask_qty_1,...,bid_px_N,bid_qty_N,ask_px_N,ask_qty_N
//   in decimal units (empty fields where a side has fewer levels). Rows are written only when the
//   book is complete (not inside a snapshot). The CSV is written to a temporary file and renamed.
//
// TIME is nanoseconds since the epoch or ISO 8601 UTC ("2012-06-21T13:30:10.5Z"). The book is
// core's OrderBook, judged once per venue message (the events of one exchange timestamp: a venue
// may lock its book for a moment inside one); a message that ends crossed or locked is repaired
// (stale opposite levels removed and counted) by default, like `tilt run` (book.crossed);
// --crossed error stops instead.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "adapters/csv/fields.hpp"
#include "command.hpp"
#include "format_util.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/error.hpp"
#include "tilt/results/atomic_file.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::cli {
namespace {

struct Options {
  std::string store;
  std::string at;
  std::size_t levels = 10;
  std::string csv;
  std::string crossed = "repair";
};

Timestamp parse_time(const std::string& text) {
  std::int64_t ns = 0;
  if (adapters::parse_int(text, ns)) return ns;
  // YYYY-MM-DDTHH:MM:SS[.fraction][Z]
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) ==
      6) {
    std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(consumed));
    std::int64_t fraction_ns = 0;
    if (!rest.empty() && rest.front() == '.') {
      const std::size_t end = rest.find_first_not_of("0123456789", 1);
      std::string_view digits = rest.substr(0, end == std::string_view::npos ? rest.size() : end);
      std::int64_t frac_ns = 0;
      if (!adapters::parse_seconds_ns("0" + std::string(digits), frac_ns))
        throw Error("tilt book: --at: bad fraction in '" + text + "'");
      fraction_ns = frac_ns;
      rest.remove_prefix(digits.size());
    }
    if (rest.empty() || rest == "Z") {
      const std::chrono::year_month_day ymd{std::chrono::year{y},
                                            std::chrono::month{static_cast<unsigned>(mo)},
                                            std::chrono::day{static_cast<unsigned>(d)}};
      if (ymd.ok()) {
        const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
        return ((static_cast<std::int64_t>(days) * 86400 + h * 3600 + mi * 60 + s) * kSecond) +
               fraction_ns;
      }
    }
  }
  throw Error(
      "tilt book: --at: expected nanoseconds since the epoch or 2012-06-21T13:30:10.5Z, got '" +
      text + "'");
}

void print_book(const OrderBook& book, const Instrument& instrument, std::size_t levels,
                Timestamp at, std::int64_t applied) {
  std::vector<Level> bids(levels);
  std::vector<Level> asks(levels);
  bids.resize(book.top(Side::buy, bids));
  asks.resize(book.top(Side::sell, asks));
  fmt::print("{} book at {} ({} events applied{})\n", instrument.symbol, format_timestamp(at),
             format_count(applied), book.complete() ? "" : ", inside a snapshot");
  fmt::print("{:>6}  {:>16} {:>16}\n", "level", "price", "size");
  for (std::size_t i = asks.size(); i-- > 0;)
    fmt::print("ask {:>2}  {:>16} {:>16}\n", i + 1, instrument.format_price(asks[i].price),
               instrument.format_qty(asks[i].qty));
  fmt::print("{:-<42}\n", "");
  for (std::size_t i = 0; i < bids.size(); ++i)
    fmt::print("bid {:>2}  {:>16} {:>16}\n", i + 1, instrument.format_price(bids[i].price),
               instrument.format_qty(bids[i].qty));
  if (book.repairs().events > 0)
    fmt::print("crossed updates repaired: {} ({} stale levels removed)\n", book.repairs().events,
               book.repairs().levels_removed);
}

class CsvOut {
 public:
  CsvOut(std::string path, std::size_t levels)
      : path_(std::move(path)), tmp_(temporary_path_for(path_)), levels_(levels) {
    require_replaceable(path_);
    remove_stale_temporaries(path_);
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (file_ == nullptr) throw Error(path_ + ": cannot write");
    std::string header = "exch_ts";
    for (std::size_t i = 1; i <= levels; ++i)
      header += fmt::format(",bid_px_{0},bid_qty_{0},ask_px_{0},ask_qty_{0}", i);
    std::fprintf(file_, "%s\n", header.c_str());
    bids_.resize(levels);
    asks_.resize(levels);
  }
  ~CsvOut() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::remove(tmp_.c_str());
    }
  }
  void row(const OrderBook& book, const Instrument& instrument, Timestamp ts) {
    const std::size_t nb = book.top(Side::buy, bids_);
    const std::size_t na = book.top(Side::sell, asks_);
    line_.clear();
    fmt::format_to(std::back_inserter(line_), "{}", ts);
    for (std::size_t i = 0; i < levels_; ++i) {
      for (int s = 0; s < 2; ++s) {
        const bool have = s == 0 ? i < nb : i < na;
        const Level& l = s == 0 ? bids_[i] : asks_[i];
        if (have) {
          fmt::format_to(std::back_inserter(line_), ",{},{}", instrument.format_price(l.price),
                         instrument.format_qty(l.qty));
        } else {
          line_ += ",,";
        }
      }
    }
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), file_);
    ++rows_;
  }
  void close() {
    const bool written = std::ferror(file_) == 0;
    const bool ok = std::fclose(file_) == 0 && written;
    file_ = nullptr;
    if (!ok) {
      std::error_code ec;
      std::filesystem::remove(tmp_, ec);  // leave nothing behind that looks like output
      throw Error(path_ + ": write failed (disk full?)");
    }
    commit_temporary(tmp_, path_);  // fsync, rename, fsync the folder
  }
  std::int64_t rows() const { return rows_; }

 private:
  std::string path_;
  std::string tmp_;
  std::size_t levels_;
  std::FILE* file_ = nullptr;
  std::vector<Level> bids_;
  std::vector<Level> asks_;
  std::string line_;
  std::int64_t rows_ = 0;
};

int run_book(const Options& o) {
  StoreReader reader(o.store);
  const Instrument& instrument = reader.metadata().instrument;
  BookOptions book_options;
  book_options.crossed_policy = crossed_policy_from_string(o.crossed);
  OrderBook book(book_options);
  if (!o.csv.empty()) {
    CsvOut out(o.csv, o.levels);
    bool pending = false;  // the book holds updates of `pending_ts` not yet written
    Timestamp pending_ts = 0;
    for (auto batch = reader.next_batch(); !batch.empty(); batch = reader.next_batch()) {
      for (const Event& e : batch) {
        if (pending && e.exch_ts != pending_ts) {
          book.end_message();  // the message at pending_ts is whole: judge it, then write it
          if (book.complete()) out.row(book, instrument, pending_ts);
          pending = false;
        }
        book.apply(e);
        pending = true;
        pending_ts = e.exch_ts;
      }
    }
    book.end_message();
    if (pending && book.complete()) out.row(book, instrument, pending_ts);
    out.close();
    fmt::print("wrote {} rows of the top {} levels to {}\n", format_count(out.rows()), o.levels,
               o.csv);
    return 0;
  }
  const Timestamp at = o.at.empty() ? std::numeric_limits<Timestamp>::max() : parse_time(o.at);
  Timestamp last = 0;
  bool done = false;
  for (auto batch = reader.next_batch(); !batch.empty() && !done; batch = reader.next_batch()) {
    for (const Event& e : batch) {
      if (e.exch_ts > at) {
        done = true;
        break;
      }
      book.apply(e);
      last = e.exch_ts;
    }
  }
  book.end_message();
  print_book(book, instrument, o.levels, o.at.empty() ? last : at, book.events_applied());
  return 0;
}

void setup_book(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto* cmd = app.add_subcommand(
      "book", "Print a store's L2 book at a time, or write its top levels to CSV");
  auto o = std::make_shared<Options>();
  cmd->add_option("store", o->store, "Event store (.h5)")->required();
  cmd->add_option("--at", o->at, "Time: ns since the epoch or ISO 8601 UTC (default: end of data)");
  cmd->add_option("--levels", o->levels, "Levels per side")->check(CLI::Range(1, 1000));
  cmd->add_option("--csv", o->csv,
                  "Write the top levels after every exchange timestamp to this CSV");
  cmd->add_option("--crossed", o->crossed, "repair (default) or error on a crossed update")
      ->check(CLI::IsMember({"repair", "error"}));
  cmd->callback(
      [o, set_action = std::move(set_action)] { set_action([o] { return run_book(*o); }); });
}

TILT_REGISTER_COMMAND("book", setup_book);

}  // namespace
}  // namespace tilt::cli
