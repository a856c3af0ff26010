// A 206 body with several ranges: multipart/byteranges (RFC 9110 section 14.6), each part with
// its own Content-Type and Content-Range. File bytes stay file slices.
#pragma once

#include <string>
#include <vector>

#include "tools/hub/http/body.hpp"
#include "tools/hub/http/byte_ranges.hpp"

namespace tf::hub::http {

struct Representation;

class MultipartByteranges {
 public:
  MultipartByteranges(const Representation& representation, const std::vector<ByteRange>& ranges);

  // "multipart/byteranges; boundary=..."
  std::string content_type() const { return "multipart/byteranges; boundary=" + boundary_; }
  Body body() && { return std::move(body_); }

 private:
  std::string boundary_;
  Body body_;
};

}  // namespace tf::hub::http
