#include "tilt/results/table.hpp"

#include "tilt/error.hpp"

namespace tilt {
namespace {

template <typename T>
std::vector<T>& column_of(Table& table, const std::string& name, const std::string& unit) {
  for (Column& c : table.columns) {
    if (c.name == name) {
      if (auto* v = std::get_if<std::vector<T>>(&c.values)) return *v;
      throw Error("table " + table.name + ": column " + name + " already exists with another type");
    }
  }
  table.columns.push_back(Column{name, unit, std::vector<T>{}});
  return std::get<std::vector<T>>(table.columns.back().values);
}

}  // namespace

std::vector<std::int64_t>& Table::int_column(const std::string& column_name,
                                             const std::string& unit) {
  return column_of<std::int64_t>(*this, column_name, unit);
}
std::vector<double>& Table::real_column(const std::string& column_name, const std::string& unit) {
  return column_of<double>(*this, column_name, unit);
}
std::vector<std::string>& Table::text_column(const std::string& column_name,
                                             const std::string& unit) {
  return column_of<std::string>(*this, column_name, unit);
}

std::size_t Table::rows() const {
  if (columns.empty()) return 0;
  const std::size_t n = columns.front().size();
  for (const Column& c : columns) {
    if (c.size() != n) {
      throw Error("table " + name + ": column " + c.name + " has " + std::to_string(c.size()) +
                  " rows, " + columns.front().name + " has " + std::to_string(n));
    }
  }
  return n;
}

}  // namespace tilt
