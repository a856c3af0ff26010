// Fuzzes the multipart/byteranges parser with hostile bodies fed in pieces whose size the
// first byte picks. Any body may be rejected with tf::Error; nothing may crash or hang, and what
// the parser does accept must be coherent: parts in order, each part's data exactly as long as
// its Content-Range says.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "io/error.hpp"
#include "io/multipart_byteranges.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

class Checker : public tf::io::MultipartByterangesParser::Listener {
 public:
  void on_part_begin(size_t part_index, const tf::io::ByteRangePart& range) override {
    check(!in_part_ && part_index == parts_);
    check(range.first <= range.last);
    in_part_ = true;
    remaining_ = range.length();
  }
  void on_part_data(std::span<const uint8_t> bytes) override {
    check(in_part_ && !bytes.empty() && bytes.size() <= remaining_);
    remaining_ -= bytes.size();
  }
  void on_part_end() override {
    check(in_part_ && remaining_ == 0);
    in_part_ = false;
    ++parts_;
  }
  size_t parts() const { return parts_; }

 private:
  bool in_part_ = false;
  uint64_t remaining_ = 0;
  size_t parts_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t piece = 1 + data[0] % 64;
  const std::span<const uint8_t> body(data + 1, size - 1);
  Checker checker;
  tf::io::MultipartByterangesParser::Options options;
  options.max_header_bytes = 256;
  tf::io::MultipartByterangesParser parser("B0undary", checker, options);
  try {
    for (size_t pos = 0; pos < body.size(); pos += piece) {
      parser.feed(body.subspan(pos, std::min(piece, body.size() - pos)));
    }
    parser.finish();
    check(parser.parts_completed() == checker.parts());
  } catch (const tf::Error&) {
  }
  // The boundary extractor reads server headers too.
  try {
    (void)tf::io::multipart_boundary(
        std::string_view(reinterpret_cast<const char*>(data), std::min<size_t>(size, 200)));
  } catch (const tf::Error&) {
  }
  return 0;
}
