#include "tools/hub/protocol/cgi_response.hpp"

#include <cctype>
#include <charconv>
#include <string>
#include <string_view>

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/sys/memory_file.hpp"

namespace tf::hub::protocol {

namespace {

// Header blocks of CGI programs are short; a longer one is a broken program.
constexpr size_t kMaxHeaderBlock = 64 * 1024;

HubError bad_gateway(const std::string& why) {
  return HubError(502, "", "the CGI program's output is malformed: " + why);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

int parse_status(std::string_view value) {
  int status = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), status);
  if (error != std::errc() || status < 100 || status > 599) {
    throw bad_gateway("bad Status '" + std::string(value) + "'");
  }
  return status;
}

}  // namespace

http::Response cgi_response(std::shared_ptr<const http::OpenFile> output) {
  const std::string head = sys::read_prefix(output->fd(), kMaxHeaderBlock);
  // Lines end with CRLF or LF; the block ends with an empty line.
  size_t body_start = std::string::npos;
  size_t line_start = 0;
  http::Response response;
  while (line_start < head.size()) {
    const size_t newline = head.find('\n', line_start);
    if (newline == std::string::npos) break;
    std::string_view line(head.data() + line_start, newline - line_start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    line_start = newline + 1;
    if (line.empty()) {
      body_start = line_start;
      break;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      throw bad_gateway("header line without a name");
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "Status") {
      response.status = parse_status(value.substr(0, value.find(' ')));
    } else {
      response.set_header(std::string(name), std::string(value));
    }
  }
  if (body_start == std::string::npos) throw bad_gateway("no end of the header block");
  const uint64_t size = output->size();
  response.body.append(http::FileSlice{std::move(output), body_start, size - body_start});
  return response;
}

}  // namespace tf::hub::protocol
