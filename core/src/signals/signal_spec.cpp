#include "tilt/signals/signal_spec.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>

namespace tilt {

std::string canonical_name(const SignalSpec& spec) {
  std::string s = spec.type;
  if (spec.params.empty()) return s;
  s += '(';
  bool first = true;
  for (const auto& [key, value] : spec.params) {  // std::map: sorted keys, stable names
    if (!first) s += ',';
    s += key;
    s += '=';
    s += value;
    first = false;
  }
  return s + ')';
}

std::string Window::to_string() const {
  if (unit == Unit::events) return std::to_string(events) + " events";
  return signal_params::format_duration(span);
}

namespace signal_params {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(std::string_view expected, std::string_view text) {
  throw SignalError("expected " + std::string(expected) + ", got '" + std::string(text) + "'");
}

}  // namespace

std::int64_t parse_int(std::string_view text) {
  const std::string_view t = trim(text);
  std::int64_t v = 0;
  const char* begin = t.data();
  if (!t.empty() && t.front() == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) bad("an integer", text);
  return v;
}

double parse_double(std::string_view text) {
  const std::string_view t = trim(text);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
    bad("a number", text);
  }
  return v;
}

bool parse_bool(std::string_view text) {
  const std::string_view t = trim(text);
  if (t == "true" || t == "1" || t == "yes") return true;
  if (t == "false" || t == "0" || t == "no") return false;
  bad("true or false", text);
}

Duration parse_duration(std::string_view text) {
  const std::string_view t = trim(text);
  std::size_t unit_at = 0;
  while (unit_at < t.size() && ((t[unit_at] >= '0' && t[unit_at] <= '9') || t[unit_at] == '.')) {
    ++unit_at;
  }
  const std::string_view number = t.substr(0, unit_at);
  const std::string_view unit = t.substr(unit_at);
  constexpr std::string_view expected =
      "a duration such as 250us, 100ms, 1s (units ns, us, ms, s, min)";
  Duration scale = 0;
  if (unit == "ns")
    scale = kNanosecond;
  else if (unit == "us")
    scale = kMicrosecond;
  else if (unit == "ms")
    scale = kMillisecond;
  else if (unit == "s")
    scale = kSecond;
  else if (unit == "min")
    scale = 60 * kSecond;
  else
    bad(expected, text);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || ptr != number.data() + number.size()) {
    bad(expected, text);
  }
  const double ns = value * static_cast<double>(scale);
  if (!(ns >= 1.0) || ns > 9.2e18 || std::floor(ns) != ns) {
    bad("a positive whole number of nanoseconds (" + std::string(expected) + ")", text);
  }
  return static_cast<Duration>(ns);
}

Window parse_window(std::string_view text) {
  const std::string_view t = trim(text);
  std::string_view count = t;
  for (std::string_view suffix : {"events", "ev"}) {
    if (count.size() > suffix.size() && count.ends_with(suffix)) {
      count.remove_suffix(suffix.size());
      break;
    }
  }
  count = trim(count);
  const bool all_digits =
      !count.empty() && count.find_first_not_of("0123456789") == std::string_view::npos;
  if (all_digits) {
    const std::int64_t n = parse_int(count);
    if (n < 1 || n > 100'000'000) bad("an event count in [1, 100000000] or a duration", text);
    return Window::last_events(n);
  }
  try {
    return Window::last(parse_duration(t));
  } catch (const SignalError&) {
    bad("an event count (100, 100ev) or a duration (250us, 100ms, 1s)", text);
  }
}

std::string format_duration(Duration d) {
  struct Unit {
    Duration ns;
    const char* name;
  };
  for (const Unit u : {Unit{60 * kSecond, "min"}, Unit{kSecond, "s"}, Unit{kMillisecond, "ms"},
                       Unit{kMicrosecond, "us"}}) {
    if (d % u.ns == 0) return std::to_string(d / u.ns) + u.name;
  }
  return std::to_string(d) + "ns";
}

}  // namespace signal_params
}  // namespace tilt
