// What a file left under its final name after a kill must be: whole, readable, and equal to what
// an uninterrupted run wrote (the runs are deterministic), apart from wall-clock figures.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tilt/results/results_file.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::crash {

namespace fs = std::filesystem;

inline std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `<name>.tmp.<pid>`: a temporary that a killed writer may leave (tilt/results/atomic_file.hpp).
inline bool is_temporary(const std::string& name) {
  static const std::regex pattern(R"(.+\.tmp\.[0-9]+)");
  return std::regex_match(name, pattern);
}

/// Names of the entries of `dir` that are not temporaries, and the temporaries, recursively.
struct Listing {
  std::set<std::string> outputs;  ///< relative paths
  std::vector<std::string> temporaries;
};
inline Listing list_folder(const fs::path& dir) {
  Listing l;
  if (!fs::exists(dir)) return l;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = fs::relative(it->path(), dir).string();
    if (is_temporary(it->path().filename().string())) {
      l.temporaries.push_back(rel);
      it.disable_recursion_pending();
    } else {
      l.outputs.insert(rel);
    }
  }
  return l;
}

/// The datasets at the root of an HDF5 file (the results tables).
inline std::vector<std::string> table_names(const std::string& path) {
  std::vector<std::string> names;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return names;
  H5G_info_t info{};
  if (H5Gget_info(file, &info) >= 0) {
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      char name[256] = {};
      if (H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                             H5P_DEFAULT) > 0)
        names.emplace_back(name);
    }
  }
  H5Fclose(file);
  return names;
}

inline bool same_values(const Column& a, const Column& b) {
  if (a.values.index() != b.values.index()) return false;
  if (const auto* x = std::get_if<std::vector<double>>(&a.values)) {
    const auto& y = std::get<std::vector<double>>(b.values);
    return x->size() == y.size() &&
           (x->empty() || std::memcmp(x->data(), y.data(), x->size() * sizeof(double)) == 0);
  }
  return a.values == b.values;
}

/// results.h5 (or study/sweep tables) at `path` opens, and every table equals the reference's.
inline void expect_same_tables(const std::string& path, const std::string& reference) {
  const std::vector<std::string> names = table_names(reference);
  ASSERT_FALSE(names.empty()) << reference;
  EXPECT_EQ(table_names(path), names) << path << " does not open or lacks tables";
  for (const std::string& name : names) {
    Table got;
    try {
      got = read_table(path, name);
    } catch (const std::exception& e) {
      ADD_FAILURE() << path << ": table " << name << ": " << e.what();
      continue;
    }
    const Table want = read_table(reference, name);
    ASSERT_EQ(got.columns.size(), want.columns.size()) << path << " " << name;
    EXPECT_EQ(got.rows(), want.rows()) << path << " " << name;  // rows() checks the columns agree
    for (std::size_t c = 0; c < want.columns.size(); ++c) {
      EXPECT_EQ(got.columns[c].name, want.columns[c].name) << path << " " << name;
      EXPECT_TRUE(same_values(got.columns[c], want.columns[c]))
          << path << ": table " << name << " column " << want.columns[c].name << " differs";
    }
  }
}

/// summary.json parses and equals the reference's but for the wall-clock figures.
inline void expect_same_summary(const fs::path& path, const fs::path& reference) {
  nlohmann::json got;
  try {
    got = nlohmann::json::parse(read_bytes(path));
  } catch (const std::exception& e) {
    ADD_FAILURE() << path << " does not parse: " << e.what();
    return;
  }
  nlohmann::json want = nlohmann::json::parse(read_bytes(reference));
  for (nlohmann::json* j : {&got, &want}) {
    j->erase("wall_seconds");
    j->erase("events_per_second");
  }
  EXPECT_EQ(got, want) << path;
  EXPECT_EQ(got.value("status", ""), "ok") << path;
}

/// An HTML page written whole: it ends with </html>.
inline void expect_whole_html(const fs::path& path) {
  std::string text = read_bytes(path);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  EXPECT_TRUE(text.size() > 1000 && text.ends_with("</html>"))
      << path << " is not a whole page (" << text.size() << " bytes)";
}

/// Every event of the store at `path` equals the reference store's, and so do the metadata.
inline void expect_same_store(const std::string& path, const std::string& reference) {
  try {
    StoreReader got(path);
    StoreReader want(reference);
    EXPECT_EQ(got.metadata().event_count, want.metadata().event_count) << path;
    std::vector<Event> a, b;
    for (auto s = got.next_batch(); !s.empty(); s = got.next_batch())
      a.insert(a.end(), s.begin(), s.end());
    for (auto s = want.next_batch(); !s.empty(); s = want.next_batch())
      b.insert(b.end(), s.begin(), s.end());
    EXPECT_TRUE(a == b) << path << ": events differ from the uninterrupted conversion";
  } catch (const std::exception& e) {
    ADD_FAILURE() << path << ": " << e.what();
  }
}

}  // namespace tilt::crash
