#include "hub_http.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "io/sha256.hpp"

namespace tf::test {

namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<HubAnswer*>(user)->body.append(data, size * count);
  return size * count;
}

std::string lowercase(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A status line starts a new header block (a 100 Continue comes before the real answer).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = static_cast<HubAnswer*>(user)->headers;
  const std::string line(data, size * count);
  if (line.starts_with("HTTP/")) headers.clear();
  const auto colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  const std::string name = lowercase(line.substr(0, colon));
  const std::string value = trimmed(line.substr(colon + 1));
  auto [it, inserted] = headers.emplace(name, value);
  if (!inserted) it->second += ", " + value;
  return size * count;
}

}  // namespace

HubAnswer hub_request(const std::string& method, const std::string& url,
                      const std::vector<std::string>& headers, const std::string& body) {
  if (!url.starts_with("http://127.")) throw std::runtime_error("not a loopback URL: " + url);
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  std::unique_ptr<curl_slist, ListDeleter> list;
  for (const auto& header : headers)
    list.reset(curl_slist_append(list.release(), header.c_str()));
  HubAnswer answer;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 10'000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
  if (method == "HEAD") curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
  if (method == "POST") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK)
    throw std::runtime_error(std::string(curl_easy_strerror(code)) + ": " + url);
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace tf::test
