// Line-by-line reading of vendor text files, plain or gzip-compressed.
//
// The file is read through zlib's gzread, which decompresses a gzip stream and passes any other
// file through unchanged, so one code path serves `x.csv` and `x.csv.gz` (several concatenated gzip
// members are read as one stream, as gzip(1) does). Lines are handed out as views into an internal
// buffer (no allocation per line); a line may end in "\n" or "\r\n", and the last line may lack its
// newline.
//
// A gzip stream that stops before its end (a download cut short) is an error naming the file and
// the line where it stopped. With `allow_truncation` the reader instead ends at the last complete
// line, drops the partial one and reports `truncated()`, so that a lenient conversion can keep what
// was readable and count the repair.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tilt::adapters {

class LineReader {
 public:
  struct Options {
    bool allow_truncation = false;
    std::size_t buffer_bytes = std::size_t{1} << 20;  ///< initial buffer; grows for longer lines
  };

  /// Opens `path`; throws DataError when it is missing or unreadable.
  explicit LineReader(std::string path);
  LineReader(std::string path, Options options);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line without its terminator; false at the end of the input. The view stays valid
  /// until the next call.
  bool next(std::string_view& line);

  /// 1-based number of the line last returned by next() (0 before the first).
  std::int64_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  bool is_gzip() const { return gzip_; }
  /// The stream ended inside a gzip member and the partial last line was dropped.
  bool truncated() const { return truncated_; }
  /// Bytes of the file on disk consumed so far (compressed bytes for gzip): progress against
  /// file_bytes().
  std::int64_t file_offset() const;
  std::int64_t file_bytes() const { return file_bytes_; }
  /// Uncompressed bytes handed out so far (line terminators included).
  std::int64_t text_bytes() const { return text_bytes_; }

 private:
  bool refill();

  std::string path_;
  Options options_;
  void* gz_ = nullptr;  // gzFile, kept opaque so that users need not include zlib.h
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
  bool gzip_ = false;
  bool truncated_ = false;
  std::int64_t line_number_ = 0;
  std::int64_t file_bytes_ = 0;
  std::int64_t text_bytes_ = 0;
};

}  // namespace tilt::adapters
