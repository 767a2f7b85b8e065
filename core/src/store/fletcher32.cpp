#include "store/fletcher32.hpp"

#include <algorithm>

namespace tilt::store_detail {

std::uint32_t fletcher32(const unsigned char* data, std::size_t bytes) {
  std::uint32_t sum1 = 0;
  std::uint32_t sum2 = 0;
  std::size_t words = bytes / 2;
  // 360 words keep both sums below 2^32 before they are folded back under 65535.
  while (words > 0) {
    const std::size_t block = std::min<std::size_t>(words, 360);
    words -= block;
    for (std::size_t i = 0; i < block; ++i, data += 2) {
      sum1 += (static_cast<std::uint32_t>(data[0]) << 8) | data[1];
      sum2 += sum1;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (bytes % 2 != 0) {
    sum1 += static_cast<std::uint32_t>(data[0]) << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

bool fletcher32_matches(const unsigned char* data, std::size_t stored) {
  if (stored < 4) return false;
  const std::size_t bytes = stored - 4;
  const std::uint32_t expected = static_cast<std::uint32_t>(data[bytes]) |
                                 (static_cast<std::uint32_t>(data[bytes + 1]) << 8) |
                                 (static_cast<std::uint32_t>(data[bytes + 2]) << 16) |
                                 (static_cast<std::uint32_t>(data[bytes + 3]) << 24);
  return fletcher32(data, bytes) == expected;
}

}  // namespace tilt::store_detail
