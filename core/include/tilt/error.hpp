// Error types. Every error tilt raises for a user's mistake derives from tilt::Error and carries
// the context needed to fix it (file, line, field, order id...). The CLI prints what() on one line
// and exits non-zero; nothing here is meant to be shown with a stack trace.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace tilt {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad or unreadable market data: names the file and, where known, the line/record and field.
class DataError : public Error {
 public:
  DataError(std::string file, std::int64_t line, std::string field, const std::string& what)
      : Error(format(file, line, field, what)),
        file_(std::move(file)),
        line_(line),
        field_(std::move(field)) {}
  /// Whole-file problem (missing, not HDF5, wrong schema...).
  DataError(std::string file, const std::string& what) : DataError(std::move(file), -1, "", what) {}

  const std::string& file() const { return file_; }
  /// 1-based line or record index; -1 when the problem concerns the whole file.
  std::int64_t line() const { return line_; }
  const std::string& field() const { return field_; }

 private:
  static std::string format(const std::string& file, std::int64_t line, const std::string& field,
                            const std::string& what) {
    std::string s = file;
    if (line >= 0) s += ":" + std::to_string(line);
    s += ": ";
    if (!field.empty()) s += field + ": ";
    return s + what;
  }
  std::string file_;
  std::int64_t line_;
  std::string field_;
};

/// A value that does not fit the instrument (off the tick/lot grid, out of range).
class InstrumentError : public Error {
 public:
  using Error::Error;
};

/// Bad configuration: file:line:column: path: expected X, got Y.
class ConfigError : public Error {
 public:
  ConfigError(std::string file, int line, int column, std::string path, const std::string& expected,
              const std::string& got)
      : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + path +
              ": expected " + expected + (got.empty() ? "" : ", got " + got)),
        file_(std::move(file)),
        line_(line),
        column_(column),
        path_(std::move(path)) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& path() const { return path_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string path_;
};

}  // namespace tilt
