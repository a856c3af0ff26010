#include "engine/hub/xet_token.hpp"

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

[[noreturn]] void malformed(const std::string& what) {
  throw Error(ErrorKind::protocol, "malformed Xet token answer: " + what);
}

bool printable_token(const std::string& text) {
  if (text.empty() || text.size() > 8192) return false;
  for (const char c : text)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

XetToken parse_xet_token(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) malformed("not a JSON object");
  const auto token = doc.find("accessToken");
  if (token == doc.end() || !token->is_string()) malformed("no accessToken string");
  const auto exp = doc.find("exp");
  if (exp == doc.end() || !exp->is_number_integer()) malformed("no integer exp");
  const auto cas = doc.find("casUrl");
  if (cas == doc.end() || !cas->is_string()) malformed("no casUrl string");
  XetToken result{token->get<std::string>(), exp->get<int64_t>(), cas->get<std::string>()};
  if (!printable_token(result.access_token)) malformed("accessToken is not a printable token");
  std::string& url = result.cas_url;
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  // A host must follow the scheme: "http:///" would otherwise end up as "http:".
  const bool http = (url.starts_with("http://") && url.size() > 7) ||
                    (url.starts_with("https://") && url.size() > 8);
  if (!http || url.size() > 4096 || url.find_first_of(" \r\n\t") != std::string::npos) {
    malformed("casUrl is not an http(s) URL");
  }
  return result;
}

XetTokenCache::XetTokenCache(Fetch fetch, Now now, int64_t margin)
    : fetch_(std::move(fetch)), now_(now ? std::move(now) : Now(unix_now)), margin_(margin) {}

XetToken XetTokenCache::current() {
  std::lock_guard lock(mutex_);
  if (token_ && now_() < token_->expires_at - margin_) return *token_;
  // Fetched under the lock: concurrent callers wait for one fetch instead of each sending one.
  token_ = fetch_();
  ++fetches_;
  return *token_;
}

void XetTokenCache::invalidate(const std::string& access_token) {
  std::lock_guard lock(mutex_);
  if (token_ && token_->access_token == access_token) token_.reset();
}

int XetTokenCache::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

}  // namespace tf::engine::hub
