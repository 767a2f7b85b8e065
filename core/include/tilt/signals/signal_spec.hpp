// How strategies and configs name a signal: a type plus text parameters, e.g.
//   SignalSpec{"ofi", {{"levels", "5"}, {"window", "100ms"}, {"normalized", "true"}}}
// The YAML layer turns `{type: ofi, levels: 5, window: 100ms}` into this without the signal code
// knowing about YAML. The parsers below are the single definition of the parameter syntax.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "tilt/error.hpp"
#include "tilt/signals/rolling_window.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct SignalSpec {
  std::string type;
  std::map<std::string, std::string> params;
  /// Name strategies read the signal by; empty means the canonical form, e.g.
  /// "ofi(levels=5,window=100ms)".
  std::string name;
};

/// Canonical text of a spec: type(key=value,...) with keys sorted; used as the default name.
std::string canonical_name(const SignalSpec& spec);

/// An unknown signal type, an unknown or malformed parameter. The message names the spec, the
/// parameter and what is valid, e.g. "signal 'ofi': parameter 'levels': expected an integer in
/// [1, 64], got 'five'".
class SignalError : public Error {
 public:
  using Error::Error;
};

namespace signal_params {

/// Decimal integer, optional sign: "5", "-3".
std::int64_t parse_int(std::string_view text);
/// Decimal floating-point: "0.5", "1e-3". Rejects nan and inf.
double parse_double(std::string_view text);
/// "true"/"false" (also "1"/"0", "yes"/"no").
bool parse_bool(std::string_view text);
/// Positive duration with a unit: "250ns", "250us", "100ms", "1s", "2min", "1.5s".
Duration parse_duration(std::string_view text);
/// A window: a duration ("100ms") or an event count ("100", "100ev", "100events").
Window parse_window(std::string_view text);
/// Inverse of parse_duration for names and messages ("100ms").
std::string format_duration(Duration d);

}  // namespace signal_params
}  // namespace tilt
