// The HDF5 side of a TableWriter, private to core/src/results (ResultsFile creates it).
#pragma once

#include <string>

#include "store/hdf5_handle.hpp"
#include "tilt/results/table_writer.hpp"

namespace tilt {

struct TableWriter::Impl {
  std::string file;   ///< the results file's final path, for error messages
  hdf5::Handle type;  ///< the row's compound type (memory and file alike)
  hdf5::Handle dataset;
};

}  // namespace tilt
