// A column table for results files: named, typed columns with units, written to HDF5 as one
// compound dataset per table so that `pandas.DataFrame(h5py.File(f)["fills"][:])` just works.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <variant>
#include <vector>

namespace tilt {

struct Column {
  std::string name;
  std::string unit;  ///< "ns since epoch", "ticks", "lots", "quote currency", "" for plain numbers
  std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>> values;

  std::size_t size() const {
    return std::visit([](const auto& v) { return v.size(); }, values);
  }
};

struct Table {
  std::string name;
  std::string description;
  std::deque<Column> columns;  // deque: references from *_column() stay valid as columns are added

  std::vector<std::int64_t>& int_column(const std::string& column_name, const std::string& unit);
  std::vector<double>& real_column(const std::string& column_name, const std::string& unit);
  std::vector<std::string>& text_column(const std::string& column_name,
                                        const std::string& unit = "");
  /// Rows in the table; throws tilt::Error if the columns disagree.
  std::size_t rows() const;
};

}  // namespace tilt
