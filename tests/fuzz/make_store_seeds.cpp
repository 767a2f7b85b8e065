// Writes the store target's seed corpus (scripts/fuzz runs it into build-fuzz/corpus/store/):
// small synthetic stores, as `tilt synth` makes them, in every compression with and without
// checksums and chunked finely so that a file holds several chunks, plus a version-2 store with a
// sub-tick trade, counters and text metadata. Each file is prefixed with the target's option byte
// (fuzz_store.cpp). Generated rather than checked in: HDF5 files are binary and a few KB each.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "adapters/synthetic/generator.hpp"
#include "tilt/store/event_store.hpp"

namespace {

using namespace tilt;

void prefix(const std::string& store, const std::string& seed, unsigned char option) {
  std::ifstream in(store, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream out(seed, std::ios::binary | std::ios::trunc);
  out.put(static_cast<char>(option));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::remove(store.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  synthetic::Params p;
  p.events = 48;
  p.levels = 3;
  p.trade_probability = 0.2;
  unsigned char option = 0;
  for (const Compression c : {Compression::none, Compression::deflate, Compression::blosc_lz4}) {
    for (const bool checksum : {false, true}) {
      StoreOptions o;
      o.compression = c;
      o.checksum = checksum;
      o.chunk_events = 16;
      const std::string name = std::string(to_string(c)) + (checksum ? "_checksum" : "");
      const std::string store = dir + "/" + name + ".h5";
      synthetic::write_store(p, store, o, "fuzz seed");
      prefix(store, dir + "/" + name, option);
      option = static_cast<unsigned char>((option + 3) & 15);  // vary prefetch, batch, rewind
    }
  }
  // Schema version 2: a trade between ticks, counters, text.
  std::vector<Event> events = synthetic::generate_all(p);
  for (Event& e : events) {
    if (e.kind == EventKind::trade) {
      e.flags = kSubTickPrice;
      e.price = e.price * kSubTicksPerTick + kSubTicksPerTick / 2;
      break;
    }
  }
  const std::string store = dir + "/v2.h5";
  {
    StoreOptions o;
    o.compression = Compression::none;
    o.chunk_events = 16;
    StoreWriter writer(store, synthetic::synthetic_instrument(), o);
    writer.append(events);
    writer.set_counter("repairs.crossed_book", 3);
    writer.set_text("source", "fuzz seed");
    writer.close();
  }
  prefix(store, dir + "/v2_sub_tick", 9);
  return 0;
}
