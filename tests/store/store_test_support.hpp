// Helpers the store tests share: a seeded synthetic sample, and a whole store written or read.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::store_test {

/// `n` events of the synthetic generator with `seed` (the tests pick event indices from a seed's
/// sample, so each file keeps its own).
inline std::vector<Event> synthetic_sample(std::int64_t n, std::uint64_t seed) {
  synthetic::Params p;
  p.events = n;
  p.seed = seed;
  return synthetic::generate_all(p);
}

/// A closed store at `path` holding `events` of the synthetic instrument.
inline void write(const std::string& path, const std::vector<Event>& events,
                  StoreOptions options = {}) {
  StoreWriter writer(path, synthetic::synthetic_instrument(), options);
  writer.append(events);
  writer.close();
}

/// Every event of the store at `path`, in order.
inline std::vector<Event> read_all(const std::string& path, StoreReader::Options options = {}) {
  std::vector<Event> out;
  for_each_batch(
      path,
      [&out](std::span<const Event> batch) { out.insert(out.end(), batch.begin(), batch.end()); },
      options);
  return out;
}

}  // namespace tilt::store_test
