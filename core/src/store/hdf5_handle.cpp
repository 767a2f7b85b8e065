#include "store/hdf5_handle.hpp"

#include <H5PLpublic.h>

#include <cstddef>
#include <mutex>

#include "store/blosc_filter.hpp"
#include "tilt/types.hpp"

namespace tilt::hdf5 {

void init() {
  // Per thread: otherwise a read failing on the store's prefetch thread or a sweep worker printed
  // HDF5's whole error stack before tilt's own one-line error.
  thread_local bool quiet = false;
  if (!quiet) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    quiet = true;
  }
  static std::once_flag once;
  std::call_once(once, [] {
    // blosc is tilt's own filter (store/blosc_filter.hpp), so no plugin is needed. With HDF5
    // linked statically into libtilt, plugins stay off: a plugin links the shared libhdf5 and
    // would bring a second HDF5 into the process. A file needing another filter then fails to
    // read with a DataError instead.
    register_blosc_filter();
#if TILT_HDF5_STATIC
    H5PLset_loading_state(0);
#endif
  });
}

namespace {

Handle event_type(hid_t i64, hid_t i32, hid_t u8, hid_t u16) {
  Handle type(H5Tcreate(H5T_COMPOUND, sizeof(Event)), H5Tclose);
  H5Tinsert(type.get(), "exch_ts", offsetof(Event, exch_ts), i64);
  H5Tinsert(type.get(), "local_ts", offsetof(Event, local_ts), i64);
  H5Tinsert(type.get(), "price", offsetof(Event, price), i64);
  H5Tinsert(type.get(), "qty", offsetof(Event, qty), i32);
  H5Tinsert(type.get(), "kind", offsetof(Event, kind), u8);
  H5Tinsert(type.get(), "side", offsetof(Event, side), u8);
  H5Tinsert(type.get(), "flags", offsetof(Event, flags), u16);
  return type;
}

}  // namespace

Handle event_file_type() {
  return event_type(H5T_STD_I64LE, H5T_STD_I32LE, H5T_STD_U8LE, H5T_STD_U16LE);
}
Handle event_memory_type() {
  return event_type(H5T_NATIVE_INT64, H5T_NATIVE_INT32, H5T_NATIVE_UINT8, H5T_NATIVE_UINT16);
}

namespace {
void write_scalar(hid_t obj, const std::string& file, const std::string& name, hid_t type,
                  const void* value) {
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, file, "cannot create attribute space");
  Handle attr = checked(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, file, "cannot create attribute " + name);
  check(H5Awrite(attr.get(), type, value), file, "cannot write attribute " + name);
}

}  // namespace

void write_attribute(hid_t obj, const std::string& file, const std::string& name,
                     const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), value.empty() ? 1 : value.size());
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  write_scalar(obj, file, name, type.get(), value.empty() ? "" : value.data());
}

void write_attribute(hid_t obj, const std::string& file, const std::string& name, double value) {
  write_scalar(obj, file, name, H5T_NATIVE_DOUBLE, &value);
}

void write_attribute(hid_t obj, const std::string& file, const std::string& name,
                     std::int64_t value) {
  write_scalar(obj, file, name, H5T_NATIVE_INT64, &value);
}

}  // namespace tilt::hdf5
