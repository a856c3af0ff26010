// URL checks with libcurl's own parser, so that what we validate is what curl will fetch.
#pragma once

#include <string>
#include <string_view>

namespace tf::io {

struct UrlParts {
  std::string scheme;  // lowercase: http or https
  std::string host;    // lowercase
  int port = 0;        // explicit or the scheme's default
  std::string path;    // with the query, as sent
};

// Parses an absolute http(s) URL; throws tf::Error(invalid_argument) saying what is wrong.
UrlParts parse_http_url(std::string_view url);

// Same scheme, host and port: the token of one may be sent to the other.
bool same_origin(std::string_view a, std::string_view b);

// The URL without its query string: signed CDN URLs carry credentials there.
std::string loggable_url(std::string_view url);

// Resolves `reference` (absolute, or relative like "/x?y") against `base`.
std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace tf::io
