#include "adapters/csv/line_reader.hpp"

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <system_error>

#include "tilt/error.hpp"

namespace tilt::adapters {
namespace {

gzFile as_gz(void* p) {
  return static_cast<gzFile>(p);
}

bool starts_with_gzip_magic(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  unsigned char magic[2] = {0, 0};
  const std::size_t n = std::fread(magic, 1, 2, f);
  std::fclose(f);
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

}  // namespace

LineReader::LineReader(std::string path) : LineReader(std::move(path), Options{}) {}

LineReader::LineReader(std::string path, Options options)
    : path_(std::move(path)), options_(options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path_, ec)) throw DataError(path_, "no such file");
  file_bytes_ = static_cast<std::int64_t>(std::filesystem::file_size(path_, ec));
  gzip_ = starts_with_gzip_magic(path_);
  gzFile gz = gzopen(path_.c_str(), "rb");
  if (gz == nullptr) throw DataError(path_, std::string("cannot open: ") + std::strerror(errno));
  gzbuffer(gz, 256 * 1024);
  gz_ = gz;
  buffer_.resize(std::max<std::size_t>(options_.buffer_bytes, 4096));
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(as_gz(gz_));
}

std::int64_t LineReader::file_offset() const {
  if (eof_) return file_bytes_;
  return static_cast<std::int64_t>(gzoffset(as_gz(gz_)));
}

// Moves the unread tail to the front and reads more. Returns false when nothing more can be read.
bool LineReader::refill() {
  if (eof_) return false;
  const std::size_t tail = end_ - begin_;
  if (begin_ > 0 && tail > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, tail);
  begin_ = 0;
  end_ = tail;
  if (end_ == buffer_.size())
    buffer_.resize(buffer_.size() * 2);  // one line longer than the buffer
  const std::size_t room = buffer_.size() - end_;
  const int n = gzread(as_gz(gz_), buffer_.data() + end_, static_cast<unsigned>(room));
  if (n > 0) {
    end_ += static_cast<std::size_t>(n);
    return true;
  }
  int errnum = Z_OK;
  const char* message = gzerror(as_gz(gz_), &errnum);
  eof_ = true;
  if (errnum == Z_BUF_ERROR) {
    // zlib's "unexpected end of file": the compressed stream stops inside a member.
    if (!options_.allow_truncation) {
      throw DataError(path_, line_number_ + 1, "",
                      "gzip stream ends early (file truncated?); use --policy lenient to keep the "
                      "complete lines before the cut");
    }
    truncated_ = true;
    end_ = begin_;  // drop the partial line
    return false;
  }
  if (n < 0 || errnum != Z_OK) {
    throw DataError(path_, line_number_ + 1, "",
                    std::string("cannot read: ") + (message != nullptr ? message : "zlib error"));
  }
  return false;
}

bool LineReader::next(std::string_view& line) {
  for (;;) {
    const char* first = buffer_.data() + begin_;
    const std::size_t avail = end_ - begin_;
    const void* nl = avail > 0 ? std::memchr(first, '\n', avail) : nullptr;
    if (nl != nullptr) {
      const auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - first);
      begin_ += len + 1;
      text_bytes_ += static_cast<std::int64_t>(len + 1);
      line = std::string_view(first, len);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      return true;
    }
    if (!refill()) {
      if (end_ == begin_) return false;
      // Last line without a newline.
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      text_bytes_ += static_cast<std::int64_t>(line.size());
      begin_ = end_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      return true;
    }
  }
}

}  // namespace tilt::adapters
