#include "tools/hub/http/request.hpp"

#include <strings.h>

#include <algorithm>

#include "tools/hub/http/percent_encoding.hpp"

namespace tf::hub::http {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string decode_or_keep(std::string_view text) {
  auto decoded = percent_decode(text, true);
  return decoded ? std::move(*decoded) : std::string(text);
}

}  // namespace

std::string_view to_string(Listener listener) {
  return listener == Listener::hub ? "hub" : "cdn";
}

std::optional<Listener> listener_from_string(std::string_view text) {
  if (text == "hub") return Listener::hub;
  if (text == "cdn") return Listener::cdn;
  return std::nullopt;
}

void HeaderMap::add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> HeaderMap::find(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (equal_ignoring_case(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

void HeaderMap::remove(std::string_view name) {
  std::erase_if(entries_,
                [&](const auto& entry) { return equal_ignoring_case(entry.first, name); });
}

QueryParams parse_query(std::string_view query) {
  QueryParams params;
  size_t start = 0;
  while (start < query.size()) {
    const size_t end = std::min(query.find('&', start), query.size());
    const auto item = query.substr(start, end - start);
    if (!item.empty()) {
      const auto eq = item.find('=');
      if (eq == std::string_view::npos) {
        params.emplace_back(decode_or_keep(item), "");
      } else {
        params.emplace_back(decode_or_keep(item.substr(0, eq)),
                            decode_or_keep(item.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  return params;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query_params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace tf::hub::http
