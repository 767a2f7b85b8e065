// Thin RAII over HDF5 ids, private to core/src. Every failing call becomes a tilt::DataError that
// names the file; HDF5's own error printing is turned off in every thread that calls HDF5.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>

#include "tilt/error.hpp"

namespace tilt::hdf5 {

/// blosc's HDF5 filter id, registered with The HDF Group.
inline constexpr H5Z_filter_t kBloscFilter = 32001;

/// Silences HDF5's stderr error stack and registers tilt's blosc filter. Idempotent.
/// Call it in each thread before its first HDF5 call: Debian's HDF5 is the thread-safe build, where
/// the error stack and its printing are per thread.
void init();

/// Owns one hid_t and closes it with the right H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Throws DataError(file, what) when an HDF5 id is invalid; returns the owning handle otherwise.
inline Handle checked(hid_t id, Handle::Closer closer, const std::string& file,
                      const std::string& what) {
  if (id < 0) throw DataError(file, what);
  return Handle(id, closer);
}
inline void check(herr_t status, const std::string& file, const std::string& what) {
  if (status < 0) throw DataError(file, what);
}

/// Scalar attributes on a dataset, group or file (fixed-length UTF-8 strings).
void write_attribute(hid_t obj, const std::string& file, const std::string& name,
                     const std::string& value);
void write_attribute(hid_t obj, const std::string& file, const std::string& name, double value);
void write_attribute(hid_t obj, const std::string& file, const std::string& name,
                     std::int64_t value);

/// The compound type of tilt::Event, as stored (little-endian, packed to 32 bytes) or in memory.
Handle event_file_type();
Handle event_memory_type();

}  // namespace tilt::hdf5
