// multipart/byteranges (RFC 7233 appendix A, RFC 2046 section 5.1): the body of a 206 answer to a
// request for several ranges. Xet fetches several chunk ranges of one xorb in one request and
// gets this back.
//
// The parser is a push parser: feed it the body in pieces of any size, as they arrive, and it
// calls a listener with each part's Content-Range and its bytes (spans into what you fed, so no
// copy). It reads each part's data by the length its Content-Range announces instead of
// searching for the boundary, so data that happens to contain "\r\n--boundary" is harmless. It
// holds at most one part's headers in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tf::io {

// "Content-Range: bytes first-last/complete_length"; complete_length is absent for "/*".
struct ByteRangePart {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  std::optional<uint64_t> complete_length;

  uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRangePart&) const = default;
};

// Parses a Content-Range header value ("bytes 0-99/1234" or "bytes 0-99/*"). Throws
// tf::Error(protocol) naming the value when it is not one, or when first > last or last >=
// complete_length.
ByteRangePart parse_part_content_range(std::string_view value);
// "bytes first-last/complete_length" (or ".../*").
std::string format_part_content_range(const ByteRangePart& range);

// The boundary parameter of a Content-Type header value such as
// `multipart/byteranges; boundary=3d6b6a416f9b5` or `...; boundary="a b"`. Throws
// tf::Error(protocol) when the type is not multipart/byteranges or the boundary is missing or
// invalid (RFC 2046: 1 to 70 printable characters, not ending with a space).
std::string multipart_boundary(std::string_view content_type);

class MultipartByterangesParser {
 public:
  // Receives the parts in order. Exceptions thrown here propagate out of feed().
  class Listener {
   public:
    virtual ~Listener() = default;
    // A part starts; `part_index` counts from 0.
    virtual void on_part_begin(size_t part_index, const ByteRangePart& range) = 0;
    // The next bytes of the current part's data (never empty). The span is only valid during the
    // call.
    virtual void on_part_data(std::span<const uint8_t> bytes) = 0;
    // The current part's data is complete and the boundary after it was seen.
    virtual void on_part_end() = 0;
  };

  struct Options {
    // Cap on the header block of one part, and on the preamble before the first part.
    size_t max_header_bytes = 8192;
    // When set, the parts must carry exactly these ranges (first and last; the complete length
    // is not compared), in this order, and finish() checks that none is missing.
    std::optional<std::vector<ByteRangePart>> expected_ranges;
  };

  // `boundary` as returned by multipart_boundary(). The listener must outlive the parser.
  MultipartByterangesParser(std::string boundary, Listener& listener);
  MultipartByterangesParser(std::string boundary, Listener& listener, Options options);

  // Consumes the next bytes of the body. Throws tf::Error(protocol) on malformed input; after a
  // throw the parser is failed and every later call throws too.
  void feed(std::span<const uint8_t> bytes);
  // The body ended. Throws tf::Error(protocol) unless the closing delimiter was seen (and, with
  // expected_ranges, all expected parts were).
  void finish();

  // Parts whose data and following boundary were fully seen.
  size_t parts_completed() const { return parts_completed_; }

 private:
  enum class State {
    preamble,        // before the first delimiter
    delimiter_tail,  // after "--boundary": "--" (close) or padding then CRLF
    delimiter_lf,    // after the CR that ends a delimiter line
    close_dash,      // after the first '-' of the closing "--"
    headers,         // a part's header block
    data,            // a part's data
    after_data,      // the "\r\n--boundary" that must follow a part's data
    epilogue,        // after the closing delimiter: ignored
    failed,
  };

  size_t consume_preamble(std::span<const uint8_t> bytes);
  size_t consume_delimiter_tail(std::span<const uint8_t> bytes);
  size_t consume_headers(std::span<const uint8_t> bytes);
  size_t consume_data(std::span<const uint8_t> bytes);
  size_t consume_after_data(std::span<const uint8_t> bytes);
  void begin_part();
  [[noreturn]] void fail(const std::string& what);

  std::string delimiter_;  // "\r\n--" + boundary
  Listener& listener_;
  Options options_;
  State state_ = State::preamble;
  size_t matched_ = 2;  // bytes of delimiter_ matched; the body start counts as a CRLF
  uint64_t preamble_bytes_ = 0;
  size_t padding_bytes_ = 0;
  std::string header_block_;
  ByteRangePart current_range_;
  uint64_t data_remaining_ = 0;
  size_t parts_begun_ = 0;
  size_t parts_completed_ = 0;
};

// Writer side, for the stand-in hub and tests. The head of a part: the delimiter line (preceded
// by CRLF unless it is the first part), Content-Type (omitted when empty), Content-Range, and
// the blank line; the part's data follows.
std::string multipart_part_head(std::string_view boundary, const ByteRangePart& range,
                                std::string_view content_type, bool first_part);
// The closing delimiter that follows the last part's data: "\r\n--boundary--\r\n".
std::string multipart_closing(std::string_view boundary);

}  // namespace tf::io
