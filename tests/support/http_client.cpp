#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace tf::test {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* out) {
  auto& headers = *static_cast<std::multimap<std::string, std::string>*>(out);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) headers.clear();  // a new response (after a redirect)
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' '))
      value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
      value.pop_back();
    headers.emplace(name, value);
  }
  return size * count;
}

// host and port of "http://host:port".
std::pair<std::string, int> host_port(const std::string& base_url) {
  const auto start = base_url.find("://") + 3;
  const auto colon = base_url.find(':', start);
  const auto end = base_url.find('/', colon);
  return {base_url.substr(start, colon - start),
          std::stoi(base_url.substr(colon + 1, end == std::string::npos ? end : end - colon - 1))};
}

}  // namespace

std::optional<std::string> HttpResult::header(const std::string& lowercase_name) const {
  const auto it = headers.find(lowercase_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

HttpResult http_request(const std::string& url, const HttpOptions& options) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  HttpResult result;
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_slist* headers = nullptr;
  for (const auto& header : options.headers)
    headers = curl_slist_append(headers, header.c_str());
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);  // send "..", as an attacker would
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  if (options.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (options.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, options.method.c_str());
  }
  if (options.body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, options.body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(options.body->size()));
  }
  result.code = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (result.code != CURLE_OK) result.error = error.data();
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  char* effective = nullptr;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
  if (effective) result.effective_url = effective;
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &result.seconds);
  return result;
}

std::string raw_http_exchange(const std::string& base_url, const std::string& request,
                              std::chrono::milliseconds limit) {
  const auto [host, port] = host_port(base_url);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to " + base_url);
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse early (a huge header, say)
    sent += static_cast<size_t>(n);
  }
  std::string reply;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::array<char, 65536> buffer{};
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    reply.append(buffer.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  return reply;
}

std::vector<BytePart> parse_multipart(const std::string& content_type, const std::string& body) {
  const std::string key = "boundary=";
  const auto at = content_type.find(key);
  if (at == std::string::npos) throw std::runtime_error("no boundary in " + content_type);
  const std::string delimiter = "\r\n--" + content_type.substr(at + key.size());
  std::vector<BytePart> parts;
  const std::string text = "\r\n" + body;  // the first delimiter may lack its CRLF
  size_t pos = text.find(delimiter);
  while (pos != std::string::npos) {
    pos += delimiter.size();
    if (text.compare(pos, 2, "--") == 0) break;  // the closing delimiter
    const auto headers_end = text.find("\r\n\r\n", pos);
    const auto next = text.find(delimiter, headers_end);
    if (headers_end == std::string::npos || next == std::string::npos) {
      throw std::runtime_error("malformed multipart body");
    }
    BytePart part;
    const std::string headers = text.substr(pos, headers_end - pos);
    const auto range_at = headers.find("Content-Range: ");
    if (range_at != std::string::npos) {
      part.content_range =
          headers.substr(range_at + 15, headers.find("\r\n", range_at) - range_at - 15);
    }
    part.bytes = text.substr(headers_end + 4, next - headers_end - 4);
    parts.push_back(std::move(part));
    pos = next;
  }
  return parts;
}

namespace {

std::string digest_hex(const std::string& bytes, const EVP_MD* md) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, md, nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < length; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  return digest_hex(bytes, EVP_sha256());
}

std::string git_blob_oid(const std::string& content) {
  return digest_hex("blob " + std::to_string(content.size()) + std::string(1, '\0') + content,
                    EVP_sha1());
}

}  // namespace tf::test
