#include "tilt/results/results_file.hpp"

#include <cstring>
#include <filesystem>

#include "store/hdf5_handle.hpp"
#include "tilt/results/atomic_file.hpp"

namespace tilt {
namespace {

// The HDF5 type of one column: int64, double, or a fixed-length UTF-8 string as long as its
// longest value.
hdf5::Handle column_type(const Column& c) {
  if (std::holds_alternative<std::vector<std::int64_t>>(c.values))
    return hdf5::Handle(H5Tcopy(H5T_NATIVE_INT64), H5Tclose);
  if (std::holds_alternative<std::vector<double>>(c.values))
    return hdf5::Handle(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
  std::size_t longest = 1;
  for (const std::string& s : std::get<std::vector<std::string>>(c.values))
    longest = std::max(longest, s.size());
  hdf5::Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), longest);
  H5Tset_strpad(t.get(), H5T_STR_NULLPAD);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

}  // namespace

struct ResultsFile::Impl {
  std::string path;
  std::string temp;
  hdf5::Handle file;
  bool closed = false;
};

ResultsFile::ResultsFile(std::string path) : impl_(std::make_unique<Impl>()) {
  hdf5::init();
  impl_->path = std::move(path);
  impl_->temp = temporary_path_for(impl_->path);
  impl_->file =
      hdf5::checked(H5Fcreate(impl_->temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                    H5Fclose, impl_->path, "cannot create " + impl_->temp);
}

ResultsFile::~ResultsFile() {
  if (impl_ && !impl_->closed) {
    impl_->file.reset();
    std::error_code ec;
    std::filesystem::remove(impl_->temp, ec);
  }
}

void ResultsFile::write(const Table& table) {
  const std::string& file = impl_->path;
  const std::size_t rows = table.rows();
  std::vector<hdf5::Handle> types;
  std::vector<std::size_t> offsets;
  std::size_t row_bytes = 0;
  for (const Column& c : table.columns) {
    types.push_back(column_type(c));
    offsets.push_back(row_bytes);
    row_bytes += H5Tget_size(types.back().get());
  }
  if (row_bytes == 0) row_bytes = 1;
  hdf5::Handle compound =
      hdf5::checked(H5Tcreate(H5T_COMPOUND, row_bytes), H5Tclose, file, "cannot create type");
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    hdf5::check(
        H5Tinsert(compound.get(), table.columns[i].name.c_str(), offsets[i], types[i].get()), file,
        "bad column name " + table.columns[i].name);
  }
  // Pack the columns into rows.
  std::vector<char> buffer(rows * row_bytes, '\0');
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const std::size_t width = H5Tget_size(types[i].get());
    std::visit(
        [&](const auto& values) {
          for (std::size_t r = 0; r < rows; ++r) {
            char* dest = buffer.data() + r * row_bytes + offsets[i];
            using T = std::decay_t<decltype(values[r])>;
            if constexpr (std::is_same_v<T, std::string>) {
              std::memcpy(dest, values[r].data(), std::min(width, values[r].size()));
            } else {
              std::memcpy(dest, &values[r], sizeof(T));
            }
          }
        },
        table.columns[i].values);
  }
  const hsize_t dims = rows;
  hdf5::Handle space =
      hdf5::checked(H5Screate_simple(1, &dims, nullptr), H5Sclose, file, "cannot create space");
  hdf5::Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (rows > 0) {
    const hsize_t chunk = std::min<hsize_t>(rows, 64 * 1024);
    H5Pset_chunk(dcpl.get(), 1, &chunk);
    H5Pset_shuffle(dcpl.get());
    H5Pset_deflate(dcpl.get(), 4);  // results are small; deflate keeps them readable by any tool
  }
  hdf5::Handle dataset =
      hdf5::checked(H5Dcreate2(impl_->file.get(), table.name.c_str(), compound.get(), space.get(),
                               H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                    H5Dclose, file, "cannot create table " + table.name);
  if (rows > 0) {
    hdf5::check(
        H5Dwrite(dataset.get(), compound.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), file,
        "cannot write table " + table.name);
  }
  hdf5::write_attribute(dataset.get(), file, "description", table.description);
  std::string names;
  for (const Column& c : table.columns) {
    names += (names.empty() ? "" : ",") + c.name;
    if (!c.unit.empty()) hdf5::write_attribute(dataset.get(), file, "unit." + c.name, c.unit);
  }
  hdf5::write_attribute(dataset.get(), file, "columns", names);
}

void ResultsFile::set_attribute(const std::string& name, const std::string& value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}
void ResultsFile::set_attribute(const std::string& name, double value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}
void ResultsFile::set_attribute(const std::string& name, std::int64_t value) {
  hdf5::write_attribute(impl_->file.get(), impl_->path, name, value);
}

void ResultsFile::close() {
  if (impl_->closed) return;
  hdf5::check(H5Fflush(impl_->file.get(), H5F_SCOPE_GLOBAL), impl_->path, "cannot flush");
  impl_->file.reset();
  std::error_code ec;
  std::filesystem::rename(impl_->temp, impl_->path, ec);
  if (ec) throw DataError(impl_->path, "cannot rename into place: " + ec.message());
  impl_->closed = true;
}

Table read_table(const std::string& path, const std::string& table_name) {
  hdf5::init();
  if (!std::filesystem::exists(path)) throw DataError(path, "no such file");
  hdf5::Handle file = hdf5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                                    path, "cannot open (not HDF5, truncated or corrupt?)");
  if (H5Lexists(file.get(), table_name.c_str(), H5P_DEFAULT) <= 0)
    throw DataError(path, "no table " + table_name);
  hdf5::Handle dataset = hdf5::checked(H5Dopen2(file.get(), table_name.c_str(), H5P_DEFAULT),
                                       H5Dclose, path, "cannot open table " + table_name);
  hdf5::Handle type(H5Dget_type(dataset.get()), H5Tclose);
  hdf5::Handle space(H5Dget_space(dataset.get()), H5Sclose);
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space.get(), &rows, nullptr);
  Table table;
  table.name = table_name;
  // One read of whole records into a packed in-memory layout, then split into columns: the
  // compressed chunks are decoded once, not once per column.
  struct Field {
    std::string name;
    H5T_class_t cls;
    std::size_t offset;
    std::size_t width;
  };
  std::vector<Field> fields;
  std::vector<hdf5::Handle> member_types;
  std::size_t row_bytes = 0;
  const int members = H5Tget_nmembers(type.get());
  for (int m = 0; m < members; ++m) {
    char* raw_name = H5Tget_member_name(type.get(), static_cast<unsigned>(m));
    const std::string name(raw_name);
    H5free_memory(raw_name);
    hdf5::Handle member(H5Tget_member_type(type.get(), static_cast<unsigned>(m)), H5Tclose);
    const H5T_class_t cls = H5Tget_class(member.get());
    hdf5::Handle mem(H5Tcopy(cls == H5T_INTEGER ? H5T_NATIVE_INT64
                             : cls == H5T_FLOAT ? H5T_NATIVE_DOUBLE
                                                : member.get()),
                     H5Tclose);
    const std::size_t width = H5Tget_size(mem.get());
    fields.push_back({name, cls, row_bytes, width});
    member_types.push_back(std::move(mem));
    row_bytes += width;
  }
  hdf5::Handle memory_type(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(row_bytes, 1)), H5Tclose);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    H5Tinsert(memory_type.get(), fields[i].name.c_str(), fields[i].offset, member_types[i].get());
  }
  std::vector<char> buf(std::max<std::size_t>(1, rows * row_bytes));
  if (rows > 0) {
    hdf5::check(
        H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), path,
        "cannot read table " + table_name);
  }
  for (const Field& f : fields) {
    const auto cell = [&](hsize_t r) { return buf.data() + r * row_bytes + f.offset; };
    if (f.cls == H5T_INTEGER) {
      auto& col = table.int_column(f.name, "");
      col.resize(rows);
      for (hsize_t r = 0; r < rows; ++r) std::memcpy(&col[r], cell(r), sizeof(std::int64_t));
    } else if (f.cls == H5T_FLOAT) {
      auto& col = table.real_column(f.name, "");
      col.resize(rows);
      for (hsize_t r = 0; r < rows; ++r) std::memcpy(&col[r], cell(r), sizeof(double));
    } else {
      auto& col = table.text_column(f.name);
      col.reserve(rows);
      for (hsize_t r = 0; r < rows; ++r) col.emplace_back(cell(r), strnlen(cell(r), f.width));
    }
  }
  return table;
}

}  // namespace tilt
