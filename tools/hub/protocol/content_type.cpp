#include "tools/hub/protocol/content_type.hpp"

namespace tf::hub::protocol {

std::string content_type_for(std::string_view path) {
  if (path.ends_with(".json")) return "application/json; charset=utf-8";
  if (path.ends_with(".md") || path.ends_with(".txt") || path.ends_with(".py") ||
      path.ends_with(".gitattributes")) {
    return "text/plain; charset=utf-8";
  }
  return "application/octet-stream";
}

}  // namespace tf::hub::protocol
