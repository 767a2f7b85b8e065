// HDF5's Fletcher32 checksum (filter H5Z_FILTER_FLETCHER32): the reader's direct chunk path
// verifies it itself, since it bypasses HDF5's filter pipeline where the check normally runs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tilt::store_detail {

/// Fletcher's 32-bit checksum over `bytes` bytes read as big-endian 16-bit words (an odd last byte
/// is the high half of a final word); the sums are modulo 65535. HDF5 stores it, little-endian,
/// in the 4 bytes after a chunk's filtered data.
std::uint32_t fletcher32(const unsigned char* data, std::size_t bytes);

/// True when the last 4 of `stored` bytes hold the Fletcher32 checksum of the bytes before them.
bool fletcher32_matches(const unsigned char* data, std::size_t stored);

}  // namespace tilt::store_detail
