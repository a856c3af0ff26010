#include "tools/hub/http/multipart_byteranges.hpp"

#include "tools/hub/http/representation.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::http {

namespace {

// Derived from the representation and the ranges: a boundary must not occur in the parts, and
// 96 bits of a hash make that as unlikely as a random boundary would, while keeping responses
// reproducible.
std::string make_boundary(const Representation& representation,
                          const std::vector<ByteRange>& ranges) {
  std::string seed = representation.etag;
  for (const auto& range : ranges)
    seed += "," + std::to_string(range.first) + "-" + std::to_string(range.last);
  return "tf-hub-" + sys::sha1_hex(seed).substr(0, 24);
}

}  // namespace

MultipartByteranges::MultipartByteranges(const Representation& representation,
                                         const std::vector<ByteRange>& ranges)
    : boundary_(make_boundary(representation, ranges)) {
  const std::string size = std::to_string(representation.size());
  for (const auto& range : ranges) {
    body_.append("\r\n--" + boundary_ + "\r\nContent-Type: " + representation.content_type +
                 "\r\nContent-Range: bytes " + std::to_string(range.first) + "-" +
                 std::to_string(range.last) + "/" + size + "\r\n\r\n");
    std::visit([&](auto&& part) { body_.append(std::move(part)); },
               representation.slice(range.first, range.length()));
  }
  body_.append("\r\n--" + boundary_ + "--\r\n");
}

}  // namespace tf::hub::http
