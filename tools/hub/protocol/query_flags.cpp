#include "tools/hub/protocol/query_flags.hpp"

#include <strings.h>

#include <string>

#include "tools/hub/protocol/hub_error.hpp"

namespace tf::hub::protocol {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool parse_flag(std::string_view text, std::string_view what) {
  if (equals_ignoring_case(text, "true") || text == "1") return true;
  if (equals_ignoring_case(text, "false") || text == "0") return false;
  throw bad_request(std::string(what) + " must be true or false");
}

bool query_flag(const http::Request& request, std::string_view name, bool fallback) {
  const auto value = request.query_param(name);
  return value ? parse_flag(*value, name) : fallback;
}

}  // namespace tf::hub::protocol
