// A resource as GET and HEAD serve it: its bytes (a file or a few bytes in memory) and its
// validators (ETag, Last-Modified), and the response for a request with or without Range.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "tools/hub/http/body.hpp"
#include "tools/hub/http/request.hpp"
#include "tools/hub/http/response.hpp"

namespace tf::hub::http {

struct Representation {
  std::variant<std::shared_ptr<const OpenFile>, std::string> content;
  std::string etag;  // with its quotes: "\"abc\""
  std::string content_type = "application/octet-stream";
  std::optional<std::time_t> last_modified;

  uint64_t size() const;
  BodyPart slice(uint64_t offset, uint64_t length) const;
};

// 200 with the whole body, 206 with one range (Content-Range) or several (multipart/
// byteranges), or 416 when no range is satisfiable. A Range with an If-Range that does not
// match the current ETag (or Last-Modified) gets the whole body, as RFC 9110 wants.
Response ranged_response(const Request& request, const Representation& representation);

// Whether If-Range (if any) still matches: a strong ETag equal to `etag`, or an HTTP date equal
// to `last_modified`. Weak ETags never match.
bool if_range_matches(std::optional<std::string_view> if_range, std::string_view etag,
                      std::optional<std::time_t> last_modified);

}  // namespace tf::hub::http
