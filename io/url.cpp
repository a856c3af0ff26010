#include "io/url.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "io/error.hpp"

namespace tf::io {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string part(CURLU* u, CURLUPart which, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, which, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

std::string lowercase(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

UrlParts parse_http_url(std::string_view url) {
  const std::string text(url);
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::invalid_argument, "invalid URL '" + text + "': " + why);
  };
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      throw bad("contains spaces or control characters");
    }
  }
  UrlHandle u(curl_url());
  const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0);
  if (rc != CURLUE_OK) throw bad(curl_url_strerror(rc));
  UrlParts parts;
  parts.scheme = lowercase(part(u.get(), CURLUPART_SCHEME));
  if (parts.scheme != "http" && parts.scheme != "https") {
    throw bad("only http:// and https:// are supported");
  }
  parts.host = lowercase(part(u.get(), CURLUPART_HOST));
  if (parts.host.empty()) throw bad("no host");
  const std::string port = part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  parts.port = port.empty() ? 0 : std::stoi(port);
  parts.path = part(u.get(), CURLUPART_PATH);
  const std::string query = part(u.get(), CURLUPART_QUERY);
  if (!query.empty()) parts.path += "?" + query;
  return parts;
}

bool same_origin(std::string_view a, std::string_view b) {
  try {
    const UrlParts x = parse_http_url(a);
    const UrlParts y = parse_http_url(b);
    return x.scheme == y.scheme && x.host == y.host && x.port == y.port;
  } catch (const Error&) {
    return false;
  }
}

std::string loggable_url(std::string_view url) {
  const auto query = url.find('?');
  return query == std::string_view::npos ? std::string(url)
                                         : std::string(url.substr(0, query)) + "?…";
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  UrlHandle u(curl_url());
  const std::string b(base);
  const std::string r(reference);
  if (curl_url_set(u.get(), CURLUPART_URL, b.c_str(), 0) != CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_URL, r.c_str(), 0) != CURLUE_OK) {
    throw Error(ErrorKind::protocol, "cannot resolve URL '" + r + "' against '" + b + "'");
  }
  return part(u.get(), CURLUPART_URL);
}

}  // namespace tf::io
