#include "tilt/results/table_writer.hpp"

#include <algorithm>
#include <new>

#include "results/table_writer_impl.hpp"

namespace tilt {

TableWriter::TableWriter(std::unique_ptr<Impl> impl, TableSpec spec,
                         std::vector<std::size_t> offsets, std::size_t row_bytes,
                         std::size_t chunk_rows)
    : impl_(std::move(impl)),
      spec_(std::move(spec)),
      offsets_(std::move(offsets)),
      row_bytes_(row_bytes),
      chunk_rows_(chunk_rows),
      buffer_(
          static_cast<char*>(std::calloc(std::max<std::size_t>(chunk_rows * row_bytes, 1), 1))) {
  if (!buffer_) throw std::bad_alloc();
}

TableWriter::~TableWriter() = default;

TableWriter::Row& TableWriter::Row::set(std::size_t column, std::string_view value) {
  char* dest = cell(column, ColumnType::text);
  const ColumnSpec& c = table_->spec_.columns[column];
  if (value.size() > c.width) [[unlikely]]
    throw Error("results table " + table_->spec_.name + ": '" + std::string(value) +
                "' is longer than column " + c.name + "'s " + std::to_string(c.width) + " bytes");
  if (!value.empty()) std::memcpy(dest, value.data(), value.size());  // "" may have no data()
  return *this;
}

TableWriter::Row TableWriter::rewrite(std::int64_t index) {
  if (index < 0 || index >= rows())
    throw Error("results table " + spec_.name + ": no row " + std::to_string(index) +
                " to rewrite");
  if (index >= written_) {
    char* row = buffer_.get() + static_cast<std::size_t>(index - written_) * row_bytes_;
    std::fill_n(row, row_bytes_, '\0');
    return Row(row, this);
  }
  if (patch_row_ >= 0) write_rows(patch_row_, 1, patch_.data());
  patch_.assign(row_bytes_, '\0');
  patch_row_ = index;
  return Row(patch_.data(), this);
}

void TableWriter::write_rows(std::int64_t first, std::size_t rows, const char* data) {
  Impl& d = *impl_;
  const hsize_t start = static_cast<hsize_t>(first);
  const hsize_t count = rows;
  const hsize_t extent = static_cast<hsize_t>(written_) + (first == written_ ? count : 0);
  if (first == written_)
    hdf5::check(H5Dset_extent(d.dataset.get(), &extent), d.file, "cannot extend " + spec_.name);
  hdf5::Handle file_space(H5Dget_space(d.dataset.get()), H5Sclose);
  hdf5::check(
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
      d.file, "cannot select rows of " + spec_.name);
  hdf5::Handle memory_space =
      hdf5::checked(H5Screate_simple(1, &count, nullptr), H5Sclose, d.file, "no space");
  hdf5::check(H5Dwrite(d.dataset.get(), d.type.get(), memory_space.get(), file_space.get(),
                       H5P_DEFAULT, data),
              d.file, "cannot write table " + spec_.name + " (disk full?)");
}

void TableWriter::flush() {
  if (patch_row_ >= 0) {
    write_rows(patch_row_, 1, patch_.data());
    patch_row_ = -1;
  }
  if (buffered_ == 0) return;
  write_rows(written_, buffered_, buffer_.get());
  written_ += static_cast<std::int64_t>(buffered_);
  std::fill_n(buffer_.get(), buffered_ * row_bytes_, '\0');
  buffered_ = 0;
}

}  // namespace tilt
