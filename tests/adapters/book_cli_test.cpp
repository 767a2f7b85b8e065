// `tilt book --csv` on the converted LOBSTER sample: after every distinct exchange timestamp the
// top 10 levels equal LOBSTER's own orderbook row of the last message at that timestamp.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>

#include "adapter_test_support.hpp"

namespace tilt::test {
namespace {

int run(const std::string& args) {
  return std::system((std::string(TILT_BINARY) + " " + args + " > /dev/null 2>&1").c_str());
}

// "585.33" from LOBSTER's 5853300 (dollars × 10^4), as tilt prints decimals (no trailing zeros).
std::string fmt_fraction(long long f) {
  const std::string s = std::to_string(f);
  return std::string(4 - s.size(), '0') + s;
}

std::string dollars(long long units) {
  std::string s = std::to_string(units / 10000) + "." + fmt_fraction(units % 10000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

TEST(BookCli, CsvAfterEveryTimestampEqualsLobsterOrderbook) {
  TempDir dir;
  const std::string msg = data_path("AAPL_2012-06-21_34200000_57600000_message_10.csv");
  const std::string ob = data_path("AAPL_2012-06-21_34200000_57600000_orderbook_10.csv");
  ASSERT_EQ(run("convert --from lobster --messages " + msg + " --orderbook " + ob +
                " --symbol AAPL --tick-size 0.01 --lot-size 1 -q -o " + dir.file("a.h5")),
            0);
  ASSERT_EQ(run("book " + dir.file("a.h5") + " --levels 10 --csv " + dir.file("book.csv")), 0);

  // Expected rows: for each distinct message time, the orderbook row of its last message, in the
  // CSV's column order (bid px, bid qty, ask px, ask qty per level).
  const auto msg_lines = split(read_text(msg), '\n');
  const auto ob_lines = split(read_text(ob), '\n');
  std::vector<std::pair<std::string, std::string>> expected;  // (seconds text, row)
  for (std::size_t i = 0; i < 999; ++i) {
    const auto m = split(msg_lines[i]);
    const auto f = split(ob_lines[i]);
    std::string row;
    for (std::size_t level = 0; level < 10; ++level) {
      row += "," + dollars(std::stoll(f[4 * level + 2])) + "," + f[4 * level + 3] + "," +
             dollars(std::stoll(f[4 * level])) + "," + f[4 * level + 1];
    }
    if (!expected.empty() && expected.back().first == m[0]) {
      expected.back().second = row;
    } else {
      expected.emplace_back(m[0], row);
    }
  }
  auto csv = split(read_text(dir.file("book.csv")), '\n');
  if (!csv.empty() && csv.back().empty()) csv.pop_back();  // after the final newline
  ASSERT_EQ(csv.size(), expected.size() + 1);
  EXPECT_EQ(csv[0].substr(0, 47), "exch_ts,bid_px_1,bid_qty_1,ask_px_1,ask_qty_1,b");
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const std::string& line = csv[i + 1];
    const std::size_t comma = line.find(',');
    // exch_ts = 2012-06-21 04:00 UTC (New York midnight, EDT) + seconds after midnight.
    const auto dot = expected[i].first.find('.');
    std::string frac = expected[i].first.substr(dot + 1);
    frac.resize(9, '0');
    const long long ts = 1340251200LL * 1'000'000'000 +
                         std::stoll(expected[i].first.substr(0, dot)) * 1'000'000'000 +
                         std::stoll(frac);
    EXPECT_EQ(line.substr(0, comma), std::to_string(ts)) << "row " << i + 1;
    EXPECT_EQ(line.substr(comma), expected[i].second) << "row " << i + 1;
  }
}

}  // namespace
}  // namespace tilt::test
