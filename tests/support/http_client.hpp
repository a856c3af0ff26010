// A small libcurl client for the hub's tests: one request, everything about the answer kept
// (status, headers, body, curl's error), so a test can assert on truncated and reset bodies
// as well as on normal ones.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tf::test {

struct HttpOptions {
  std::string method = "GET";        // GET, HEAD, POST, DELETE, ...
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> body;   // sent for POST (and other methods when set)
  bool follow_redirects = false;
  std::chrono::milliseconds timeout{15'000};
};

struct HttpResult {
  CURLcode code = CURLE_OK;
  std::string error;  // curl's message when code != CURLE_OK
  long status = 0;
  std::multimap<std::string, std::string> headers;  // names lowercased; of the last response
  std::string body;
  std::string effective_url;
  double seconds = 0;

  std::optional<std::string> header(const std::string& lowercase_name) const;
};

HttpResult http_request(const std::string& url, const HttpOptions& options = {});
inline HttpResult http_get(const std::string& url, std::vector<std::string> headers = {}) {
  HttpOptions options;
  options.headers = std::move(headers);
  return http_request(url, options);
}

// Sends raw bytes to host:port and returns everything received until the server closes the
// connection or `limit` passes. For requests libcurl would refuse or normalise.
std::string raw_http_exchange(const std::string& base_url, const std::string& request,
                              std::chrono::milliseconds limit = std::chrono::seconds(5));

// The parts of a multipart/byteranges body: each part's Content-Range and bytes.
struct BytePart {
  std::string content_range;
  std::string bytes;
};
std::vector<BytePart> parse_multipart(const std::string& content_type, const std::string& body);

std::string sha256_hex(const std::string& bytes);
// sha1("blob <size>\0" + content): what git and the Hub call a regular file's oid.
std::string git_blob_oid(const std::string& content);

}  // namespace tf::test
