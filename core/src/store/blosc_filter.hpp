// tilt's own implementation of the blosc HDF5 filter (registered id 32001), so that no filter
// plugin is loaded into the process. It writes and reads the chunk format of the standard
// hdf5-blosc plugin: a chunk is one blosc buffer as blosc_compress returns it, and cd_values are
//   [0] filter version (2)  [1] blosc format version  [2] type size  [3] uncompressed chunk bytes
//   [4] compression level   [5] shuffle (0 none, 1 byte, 2 bit)    [6] compressor code (1 = lz4)
// with [0..3] filled in when a dataset is created (set_local), [4..6] chosen by the writer.
// Files tilt writes therefore open with the plugin (h5py, h5dump with HDF5_PLUGIN_PATH) and files
// the plugin wrote open in tilt.
#pragma once

#include <hdf5.h>

namespace tilt::hdf5 {

/// Registers the filter with the HDF5 library tilt is linked with; replaces any earlier
/// registration of the id. Returns HDF5's status. Called once by hdf5::init().
herr_t register_blosc_filter();

}  // namespace tilt::hdf5
