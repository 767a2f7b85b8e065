// Shared fixtures for the adapter tests: temporary files, a naive reference book, and helpers that
// run a conversion into memory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tilt/types.hpp"

namespace tilt::test {

inline std::string data_path(const std::string& name) {
  return std::string(TILT_TEST_DATA_DIR) + "/" + name;
}

/// A fresh folder under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("tilt_adapters_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
  std::string write_gz(const std::string& name, const std::string& text) const {
    gzFile gz = gzopen(file(name).c_str(), "wb");
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> split(const std::string& line, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string field;
  while (std::getline(s, field, sep)) out.push_back(field);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

/// The simplest possible L2 book: two maps, events applied as documented in types.hpp.
struct ReferenceBook {
  std::map<Price, Qty, std::greater<>> bids;
  std::map<Price, Qty> asks;

  void apply(const Event& e) {
    switch (e.kind) {
      case EventKind::snapshot_begin:
        bids.clear();
        asks.clear();
        break;
      case EventKind::level:
        if (e.side == Side::buy) {
          if (e.qty == 0)
            bids.erase(e.price);
          else
            bids[e.price] = e.qty;
        } else {
          if (e.qty == 0)
            asks.erase(e.price);
          else
            asks[e.price] = e.qty;
        }
        break;
      default:
        break;
    }
  }
  template <typename Map>
  static std::vector<std::pair<Price, Qty>> top(const Map& m, std::size_t n) {
    std::vector<std::pair<Price, Qty>> out;
    for (const auto& [p, q] : m) {
      if (out.size() == n) break;
      out.emplace_back(p, q);
    }
    return out;
  }
};

}  // namespace tilt::test
