#include "tools/hub/http/response.hpp"

#include <strings.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace tf::hub::http {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Response& Response::set_header(std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& header) { return same_name(header.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

Response json_response(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.set_header("Content-Type", "application/json; charset=utf-8");
  // Replace invalid UTF-8 (a path echoed from a request, say) instead of throwing.
  response.body = Body(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return response;
}

Response text_response(int status, std::string text, std::string content_type) {
  Response response;
  response.status = status;
  response.set_header("Content-Type", std::move(content_type));
  response.body = Body(std::move(text));
  return response;
}

}  // namespace tf::hub::http
