// Uses tilt::core through its installed headers and library; exits non-zero on a wrong answer.
#include <cstdio>

#include "tilt/instrument.hpp"
#include "tilt/version.hpp"

int main() {
  tilt::Instrument btc;
  btc.symbol = "BTCUSDT";
  btc.tick_size = tilt::Decimal::from_double(0.1);
  const tilt::Price ticks = btc.price_to_ticks("11657.3");
  std::printf("tilt %s: 11657.3 = %lld ticks of 0.1\n", tilt::kVersion,
              static_cast<long long>(ticks));
  return ticks == 116573 ? 0 : 1;
}
