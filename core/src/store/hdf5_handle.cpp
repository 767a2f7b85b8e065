#include "store/hdf5_handle.hpp"

#include <H5PLpublic.h>

#include <cstddef>
#include <mutex>

#include "tilt/types.hpp"

namespace tilt::hdf5 {

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    // The blosc filter ships as a plugin; appending Debian's folder means users set nothing up.
    // HDF5_PLUGIN_PATH, when set, is still searched first.
    H5PLappend(TILT_HDF5_PLUGIN_DIR);
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

}  // namespace tilt::hdf5
