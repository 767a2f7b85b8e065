#include "store/store_attributes.hpp"

#include <exception>
#include <set>
#include <vector>

namespace tilt::store_detail {
namespace {

const std::set<std::string>& reserved_names() {
  static const std::set<std::string> names = {
      "schema_version",      "symbol",     "tick_size", "lot_size",
      "contract_multiplier", "maker_fee",  "taker_fee", "compression",
      "kind_codes",          "side_codes", "calendar"};
  return names;
}

struct AttributeVisit {
  std::string file;
  StoreMetadata* meta;
  std::exception_ptr error;  // exceptions must not unwind through HDF5's C frames
};

std::string read_string(hid_t attr, hid_t type) {
  if (H5Tis_variable_str(type) > 0) {
    char* value = nullptr;
    hdf5::Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type));
    if (H5Aread(attr, mem.get(), &value) < 0 || value == nullptr) return {};
    std::string out(value);
    H5free_memory(value);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  std::vector<char> buf(size + 1, '\0');
  hdf5::Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(mem.get(), size + 1);
  H5Tset_strpad(mem.get(), H5T_STR_NULLTERM);
  H5Tset_cset(mem.get(), H5Tget_cset(type));  // HDF5 does not convert between ASCII and UTF-8
  if (H5Aread(attr, mem.get(), buf.data()) < 0) return {};
  return std::string(buf.data());
}

void read_one_attribute(hid_t obj, const char* name, AttributeVisit* visit) {
  StoreMetadata& meta = *visit->meta;
  hdf5::Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) return;
  hdf5::Handle type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  const std::string key = name;
  if (cls == H5T_STRING) {
    const std::string value = read_string(attr.get(), type.get());
    if (key == "symbol") {
      meta.instrument.symbol = value;
    } else if (key == "tick_size" || key == "lot_size") {
      auto d = Decimal::parse(value);
      if (!d || !d->is_positive())
        throw DataError(visit->file,
                        "attribute " + key + " '" + value + "' is not a positive decimal");
      (key == "tick_size" ? meta.instrument.tick_size : meta.instrument.lot_size) = *d;
    } else if (key == "compression") {
      meta.compression = compression_from_string(value);
    } else if (key == "calendar") {
      const auto calendar = trading_calendar_from_string(value);
      if (!calendar)
        throw DataError(visit->file, "attribute calendar '" + value +
                                         "' is not a trading calendar (crypto_24_7, us_equities)");
      meta.instrument.calendar = *calendar;
    } else if (!reserved_names().contains(key)) {
      meta.text[key] = value;
    }
    return;
  } else if (cls == H5T_INTEGER) {
    std::int64_t value = 0;
    H5Aread(attr.get(), H5T_NATIVE_INT64, &value);
    if (key == "schema_version") {
      meta.schema_version = static_cast<int>(value);
    } else if (!reserved_names().contains(key)) {
      meta.counters[key] = value;
    }
  } else if (cls == H5T_FLOAT) {
    double value = 0;
    H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value);
    if (key == "contract_multiplier") meta.instrument.contract_multiplier = value;
    if (key == "maker_fee") meta.instrument.maker_fee = value;
    if (key == "taker_fee") meta.instrument.taker_fee = value;
  }
}

herr_t visit_attribute(hid_t obj, const char* name, const H5A_info_t*, void* data) {
  auto* visit = static_cast<AttributeVisit*>(data);
  try {
    read_one_attribute(obj, name, visit);
    return 0;
  } catch (...) {
    visit->error = std::current_exception();
    return -1;
  }
}

}  // namespace

void write_attributes(hid_t dataset, const std::string& file, const StoreMetadata& meta) {
  const Instrument& ins = meta.instrument;
  hdf5::write_attribute(dataset, file, "schema_version", std::int64_t{meta.schema_version});
  hdf5::write_attribute(dataset, file, "symbol", ins.symbol);
  // Tick and lot sizes are exact decimal text: "0.01" parses back to exactly one hundredth.
  hdf5::write_attribute(dataset, file, "tick_size", ins.tick_size.to_string());
  hdf5::write_attribute(dataset, file, "lot_size", ins.lot_size.to_string());
  hdf5::write_attribute(dataset, file, "contract_multiplier", ins.contract_multiplier);
  hdf5::write_attribute(dataset, file, "maker_fee", ins.maker_fee);
  hdf5::write_attribute(dataset, file, "taker_fee", ins.taker_fee);
  hdf5::write_attribute(dataset, file, "compression", std::string(to_string(meta.compression)));
  hdf5::write_attribute(dataset, file, "calendar", std::string(to_string(ins.calendar)));
  // Self-description for other tools reading the raw integers.
  hdf5::write_attribute(dataset, file, "kind_codes",
                        "1=level 2=trade 3=snapshot_begin 4=snapshot_end");
  hdf5::write_attribute(dataset, file, "side_codes", "0=buy/bid 1=sell/ask (trade: aggressor)");
  for (const auto& [name, value] : meta.counters) hdf5::write_attribute(dataset, file, name, value);
  for (const auto& [name, value] : meta.text) hdf5::write_attribute(dataset, file, name, value);
}

void read_attributes(hid_t dataset, const std::string& file, StoreMetadata& meta) {
  meta.schema_version = -1;
  AttributeVisit visit{file, &meta, nullptr};
  hsize_t index = 0;
  const herr_t status =
      H5Aiterate2(dataset, H5_INDEX_NAME, H5_ITER_INC, &index, visit_attribute, &visit);
  if (visit.error) std::rethrow_exception(visit.error);
  if (status < 0) throw DataError(file, "cannot read the attributes of /events");
  if (meta.schema_version < 0)
    throw DataError(file, "/events has no schema_version attribute: not a tilt event store");
}

}  // namespace tilt::store_detail
