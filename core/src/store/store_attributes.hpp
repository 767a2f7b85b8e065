// Reading and writing the attributes of the /events dataset (instrument, schema, counters, text).
#pragma once

#include <string>

#include "store/hdf5_handle.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::store_detail {

inline constexpr const char* kEventsDataset = "events";

void write_attributes(hid_t dataset, const std::string& file, const StoreMetadata& meta);
/// Fills instrument, schema_version, compression, counters and text from the dataset's attributes.
void read_attributes(hid_t dataset, const std::string& file, StoreMetadata& meta);

}  // namespace tilt::store_detail
