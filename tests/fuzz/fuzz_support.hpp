// Helpers shared by the libFuzzer targets of this folder (README.md): a private scratch folder for
// the inputs that the code under test reads from files, input splitting, and the abort that turns a
// broken invariant into a libFuzzer finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tilt::fuzz {

/// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A folder of this process's own under $TMPDIR (or /tmp), created on first use and removed when
/// the process exits normally (a crash leaves it: libFuzzer keeps the input that caused it anyway).
const std::string& scratch_dir();

/// Writes `bytes` to scratch_dir()/name (replacing it) and returns the path.
std::string write_scratch(const std::string& name, std::string_view bytes);

/// The text before and after the first `separator`; the second part is empty (and `found` false)
/// when there is none.
struct Split {
  std::string_view first;
  std::string_view second;
  bool found = false;
};
Split split_at(std::string_view text, std::string_view separator);

/// Prints "tilt fuzz invariant: <what>" to stderr and traps, which libFuzzer reports as a crash
/// and saves the input for.
[[noreturn]] void invariant_failed(const std::string& what);

}  // namespace tilt::fuzz

/// Checks an invariant of the code under test; a failure is a finding.
#define TILT_FUZZ_CHECK(cond, what)                                                  \
  do {                                                                               \
    if (!(cond)) ::tilt::fuzz::invariant_failed(std::string(#cond) + ": " + (what)); \
  } while (false)
