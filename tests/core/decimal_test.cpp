#include "tilt/decimal.hpp"

#include <gtest/gtest.h>

#include "tilt/error.hpp"
#include "tilt/instrument.hpp"

namespace tilt {
namespace {

TEST(Decimal, ParsesPlainAndSignedAndExponentForms) {
  EXPECT_EQ(Decimal::parse("123"), (Decimal{123, 0}));
  EXPECT_EQ(Decimal::parse("-0.015"), (Decimal{-15, 3}));
  EXPECT_EQ(Decimal::parse("+7.50"), (Decimal{75, 1}));  // trailing zero dropped
  EXPECT_EQ(Decimal::parse("1e-8"), (Decimal{1, 8}));
  EXPECT_EQ(Decimal::parse("2.5E3"), (Decimal{2500, 0}));
  EXPECT_EQ(Decimal::parse("0"), (Decimal{0, 0}));
  EXPECT_EQ(Decimal::parse(".5"), (Decimal{5, 1}));
}

TEST(Decimal, RejectsGarbage) {
  for (const char* bad : {"", "-", ".", "abc", "1.2.3", "12x", "1e", "1e+", "--1", "1,5"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  }
  EXPECT_FALSE(Decimal::parse("1234567890123456789").has_value());  // 19 significant digits
}

TEST(Decimal, PrintsWithoutExponentOrTrailingZeros) {
  EXPECT_EQ((Decimal{1, 2}).to_string(), "0.01");
  EXPECT_EQ((Decimal{-1012345, 4}).to_string(), "-101.2345");
  EXPECT_EQ((Decimal{1500, 3}).to_string(), "1.5");
  EXPECT_EQ((Decimal{42, 0}).to_string(), "42");
  EXPECT_EQ(Decimal::from_double(0.1).to_string(), "0.1");
  EXPECT_EQ(Decimal::from_double(1e-8).to_string(), "0.00000001");
}

TEST(Decimal, ExactMultipleIsExact) {
  // 0.3 / 0.1 = 3 exactly in decimal, although 0.3/0.1 in binary doubles is 2.9999999999999996.
  EXPECT_EQ(exact_multiple(*Decimal::parse("0.3"), *Decimal::parse("0.1")), 3);
  EXPECT_EQ(exact_multiple(*Decimal::parse("101.25"), *Decimal::parse("0.05")), 2025);
  EXPECT_FALSE(exact_multiple(*Decimal::parse("101.2345"), *Decimal::parse("0.01")).has_value());
  EXPECT_EQ(exact_multiple(*Decimal::parse("-6421.5"), *Decimal::parse("0.5")), -12843);
  EXPECT_EQ(multiply(-12843, *Decimal::parse("0.5")).to_string(), "-6421.5");
}

TEST(Instrument, ConvertsOnTheGridAndNamesTheValueOffIt) {
  Instrument ins;
  ins.symbol = "X";
  ins.tick_size = *Decimal::parse("0.01");
  ins.lot_size = *Decimal::parse("0.001");
  EXPECT_EQ(ins.price_to_ticks("11657.08"), 1165708);
  EXPECT_EQ(ins.qty_to_lots("10.896"), 10896);
  EXPECT_EQ(ins.format_price(1165708), "11657.08");
  EXPECT_EQ(ins.format_qty(10896), "10.896");
  try {
    ins.price_to_ticks("101.2345");
    FAIL() << "expected InstrumentError";
  } catch (const InstrumentError& e) {
    EXPECT_STREQ(e.what(), "price 101.2345 is not a multiple of tick 0.01");
  }
  try {
    ins.qty_to_lots("0.0005");
    FAIL() << "expected InstrumentError";
  } catch (const InstrumentError& e) {
    EXPECT_STREQ(e.what(), "qty 0.0005 is not a multiple of lot 0.001");
  }
  EXPECT_THROW(ins.price_to_ticks("abc"), InstrumentError);
}

TEST(Instrument, ValidateRejectsNonPositiveSteps) {
  Instrument ins;
  ins.symbol = "X";
  ins.tick_size = Decimal{0, 0};
  EXPECT_THROW(ins.validate(), InstrumentError);
  ins.tick_size = Decimal{1, 2};
  ins.lot_size = Decimal{-1, 0};
  EXPECT_THROW(ins.validate(), InstrumentError);
  ins.lot_size = Decimal{1, 0};
  EXPECT_NO_THROW(ins.validate());
}

}  // namespace
}  // namespace tilt
