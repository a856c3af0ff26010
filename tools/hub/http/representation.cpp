#include "tools/hub/http/representation.hpp"

#include "tools/hub/http/byte_ranges.hpp"
#include "tools/hub/http/http_date.hpp"
#include "tools/hub/http/multipart_byteranges.hpp"

namespace tf::hub::http {

namespace {

std::string content_range(const ByteRange& range, uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
         std::to_string(size);
}

Response headers_for(const Representation& representation, int status) {
  Response response;
  response.status = status;
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("ETag", representation.etag);
  if (representation.last_modified) {
    response.set_header("Last-Modified", format_http_date(*representation.last_modified));
  }
  return response;
}

}  // namespace

uint64_t Representation::size() const {
  if (const auto* file = std::get_if<std::shared_ptr<const OpenFile>>(&content)) {
    return (*file)->size();
  }
  return std::get<std::string>(content).size();
}

BodyPart Representation::slice(uint64_t offset, uint64_t length) const {
  if (const auto* file = std::get_if<std::shared_ptr<const OpenFile>>(&content)) {
    return FileSlice{*file, offset, length};
  }
  return std::get<std::string>(content).substr(offset, length);
}

bool if_range_matches(std::optional<std::string_view> if_range, std::string_view etag,
                      std::optional<std::time_t> last_modified) {
  if (!if_range) return true;
  if (if_range->starts_with("W/")) return false;
  if (if_range->starts_with("\"")) return *if_range == etag;
  const auto date = parse_http_date(*if_range);
  return date && last_modified && *date == *last_modified;
}

Response ranged_response(const Request& request, const Representation& representation) {
  const uint64_t size = representation.size();
  auto range_header = request.headers.find("Range");
  if (range_header && !if_range_matches(request.headers.find("If-Range"), representation.etag,
                                        representation.last_modified)) {
    range_header.reset();
  }
  const RangeSelection selection = select_ranges(range_header, size);
  if (selection.outcome == RangeOutcome::unsatisfiable) {
    Response response = headers_for(representation, 416);
    response.set_header("Content-Range", "bytes */" + std::to_string(size));
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = Body("Requested range not satisfiable\n");
    return response;
  }
  if (selection.outcome == RangeOutcome::full) {
    Response response = headers_for(representation, 200);
    response.set_header("Content-Type", representation.content_type);
    std::visit([&](auto&& part) { response.body.append(std::move(part)); },
               representation.slice(0, size));
    return response;
  }
  Response response = headers_for(representation, 206);
  if (selection.ranges.size() == 1) {
    const ByteRange& range = selection.ranges.front();
    response.set_header("Content-Type", representation.content_type);
    response.set_header("Content-Range", content_range(range, size));
    std::visit([&](auto&& part) { response.body.append(std::move(part)); },
               representation.slice(range.first, range.length()));
    return response;
  }
  MultipartByteranges multipart(representation, selection.ranges);
  response.set_header("Content-Type", multipart.content_type());
  response.body = std::move(multipart).body();
  return response;
}

}  // namespace tf::hub::http
