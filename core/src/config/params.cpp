#include "tilt/config/params.hpp"

#include <charconv>
#include <cmath>

#include "tilt/error.hpp"
#include "tilt/signals/signal_spec.hpp"

namespace tilt {

Params::Params(std::string file, std::string path, std::map<std::string, Entry> entries, int line,
               int column)
    : file_(std::move(file)),
      path_(std::move(path)),
      line_(line),
      column_(column),
      entries_(std::move(entries)) {}

Params Params::from_map(const std::map<std::string, std::string>& values, std::string path) {
  std::map<std::string, Entry> entries;
  for (const auto& [key, value] : values) entries[key] = Entry{value, 0, 0};
  return Params("(code)", std::move(path), std::move(entries));
}

const Params::Entry* Params::find(std::string_view key) {
  read_.insert(std::string(key));
  auto it = entries_.find(std::string(key));
  return it == entries_.end() ? nullptr : &it->second;
}

void Params::fail(std::string_view key, const Entry& entry, const std::string& expected) const {
  throw ConfigError(file_, entry.line, entry.column, path_ + "." + std::string(key), expected,
                    "'" + entry.text + "'");
}

namespace {

std::string format_number(std::int64_t v) {
  return std::to_string(v);
}
std::string format_number(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, ptr) : std::to_string(v);
}

std::string range_text(const char* what, auto min, auto max) {
  return std::string(what) + " in [" + format_number(min) + ", " + format_number(max) + "]";
}

}  // namespace

std::int64_t Params::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                             std::int64_t max) {
  std::int64_t value = fallback;
  if (const Entry* e = find(key)) {
    try {
      value = signal_params::parse_int(e->text);
    } catch (const Error&) {
      fail(key, *e, range_text("an integer", min, max));
    }
    if (value < min || value > max) fail(key, *e, range_text("an integer", min, max));
  }
  resolved_[std::string(key)] = std::to_string(value);
  return value;
}

std::int64_t Params::required_integer(std::string_view key, std::int64_t min, std::int64_t max) {
  if (!has(key)) {
    throw ConfigError(file_, line_, column_, path_ + "." + std::string(key),
                      range_text("an integer", min, max), "nothing");
  }
  return integer(key, 0, min, max);
}

Qty Params::lots(std::string_view key, Qty fallback, Qty min, Qty max) {
  Qty value = fallback;
  if (const Entry* e = find(key)) {
    std::string_view text = e->text;
    for (std::string_view unit : {"lots", "lot"}) {
      if (text.size() > unit.size() && text.substr(text.size() - unit.size()) == unit) {
        text.remove_suffix(unit.size());
        while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
        break;
      }
    }
    try {
      value = signal_params::parse_int(text);
    } catch (const Error&) {
      fail(key, *e, range_text("a size in lots", min, max) + " like '5' or '5 lots'");
    }
    if (value < min || value > max) fail(key, *e, range_text("a size in lots", min, max));
  }
  resolved_[std::string(key)] = std::to_string(value) + " lots";
  return value;
}

double Params::number(std::string_view key, double fallback, double min, double max) {
  double value = fallback;
  if (const Entry* e = find(key)) {
    try {
      value = signal_params::parse_double(e->text);
    } catch (const Error&) {
      fail(key, *e, range_text("a number", min, max));
    }
    if (!(value >= min && value <= max)) fail(key, *e, range_text("a number", min, max));
  }
  resolved_[std::string(key)] = format_number(value);
  return value;
}

double Params::required_number(std::string_view key, double min, double max) {
  if (!has(key)) {
    throw ConfigError(file_, line_, column_, path_ + "." + std::string(key),
                      range_text("a number", min, max), "nothing");
  }
  return number(key, 0, min, max);
}

bool Params::flag(std::string_view key, bool fallback) {
  bool value = fallback;
  if (const Entry* e = find(key)) {
    try {
      value = signal_params::parse_bool(e->text);
    } catch (const Error&) {
      fail(key, *e, "true or false");
    }
  }
  resolved_[std::string(key)] = value ? "true" : "false";
  return value;
}

namespace {

// "0", "0s", "0.0ms", ...: zero in any of the duration units (or none).
bool is_zero_duration(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::size_t digits = 0;
  bool any_zero = false;
  while (digits < text.size() && (text[digits] == '0' || text[digits] == '.')) {
    any_zero = any_zero || text[digits] == '0';
    ++digits;
  }
  const std::string_view unit = text.substr(digits);
  return any_zero && (unit.empty() || unit == "ns" || unit == "us" || unit == "ms" || unit == "s" ||
                      unit == "min");
}

}  // namespace

Duration Params::duration(std::string_view key, Duration fallback, Duration min) {
  Duration value = fallback;
  if (const Entry* e = find(key)) {
    const std::string expected = "a duration like '250us'";
    if (min <= 0 && is_zero_duration(e->text)) {
      value = 0;
    } else {
      try {
        value = signal_params::parse_duration(e->text);
      } catch (const Error&) {
        fail(key, *e, expected);
      }
    }
    if (value < min)
      fail(key, *e, expected + " of at least " + signal_params::format_duration(min));
  }
  resolved_[std::string(key)] = value == 0 ? "0" : signal_params::format_duration(value);
  return value;
}

std::string Params::text(std::string_view key, std::string fallback) {
  std::string value = std::move(fallback);
  if (const Entry* e = find(key)) value = e->text;
  resolved_[std::string(key)] = value;
  return value;
}

std::string Params::choice(std::string_view key, std::string fallback,
                           std::initializer_list<std::string_view> choices) {
  std::string value = std::move(fallback);
  if (const Entry* e = find(key)) {
    value = e->text;
    bool ok = false;
    for (std::string_view c : choices) ok = ok || c == value;
    if (!ok) {
      std::string list;
      for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
      fail(key, *e, "one of " + list);
    }
  }
  resolved_[std::string(key)] = value;
  return value;
}

void Params::finish() const {
  for (const auto& [key, entry] : entries_) {
    if (read_.contains(key)) continue;
    std::string known;
    for (const auto& k : read_) known += (known.empty() ? "" : ", ") + k;
    throw ConfigError(file_, entry.line, entry.column, path_ + "." + key,
                      known.empty() ? "no parameters" : "one of " + known, "'" + key + "'");
  }
}

}  // namespace tilt
