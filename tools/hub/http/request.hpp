// One HTTP request as the handlers see it: parsed once by the server, never trusted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tf::hub::http {

// Which socket a request arrived on. The hub listener serves the API, /resolve/ and the admin
// API; the CDN listener (another loopback host, so clients must drop Authorization on the
// redirect) serves objects.
enum class Listener { hub, cdn };

std::string_view to_string(Listener listener);
std::optional<Listener> listener_from_string(std::string_view text);

// Request headers; names compare case-insensitively.
class HeaderMap {
 public:
  void add(std::string name, std::string value);
  // The first value of the header, or nullopt.
  std::optional<std::string_view> find(std::string_view name) const;
  void remove(std::string_view name);

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Splits "a=1&b=2" into decoded pairs; a malformed escape leaves that item undecoded.
QueryParams parse_query(std::string_view query);

struct Request {
  Listener listener = Listener::hub;
  std::string method;
  std::string target;  // path and query exactly as received
  std::string path;    // the path part of target, still percent-encoded
  std::string query;   // the part after '?', still encoded
  QueryParams query_params;
  HeaderMap headers;
  std::string body;
  std::string base_url;  // "http://127.0.0.1:PORT" of the listener, for absolute links

  bool is_head() const { return method == "HEAD"; }
  // The first value of a query parameter.
  std::optional<std::string_view> query_param(std::string_view name) const;
};

}  // namespace tf::hub::http
