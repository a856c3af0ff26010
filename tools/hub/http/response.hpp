// One HTTP response as handlers build it; the server turns it into bytes on the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/http/body.hpp"

namespace tf::hub::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  Body body;

  // Sets a header, replacing any earlier value of the same name (case-insensitive).
  Response& set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;
};

// `body` serialised, with Content-Type: application/json.
Response json_response(int status, const nlohmann::json& body);
Response text_response(int status, std::string text,
                       std::string content_type = "text/plain; charset=utf-8");

}  // namespace tf::hub::http
