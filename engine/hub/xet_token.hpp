// The Xet read token (reference hub-protocol.md E5): a short-lived credential for the CAS
// (reconstructions), handed out by the Hub for one repo and revision. Every Xet file of a pull
// shares one token, so it is fetched once and reused until shortly before it expires, and
// fetched again when the CAS refuses it (401/403) before then.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

struct XetToken {
  std::string access_token;  // never printed, never logged
  int64_t expires_at = 0;    // unix seconds
  std::string cas_url;       // http(s) URL without a trailing '/'
};

// Parses the E5 answer {"accessToken","exp","casUrl"}. Throws tf::Error(protocol) naming the
// field that is missing or malformed.
XetToken parse_xet_token(std::string_view json);

// A token valid for a while longer, fetched on demand. Thread-safe: any actor may ask.
class XetTokenCache {
 public:
  using Fetch = std::function<XetToken()>;
  using Now = std::function<int64_t()>;  // unix seconds; tests pass a clock

  // A token is used until `margin` seconds before it expires (like @huggingface/hub, 60 s).
  explicit XetTokenCache(Fetch fetch, Now now = nullptr, int64_t margin = 60);

  // The cached token if it is still good, else a new one (tf::Error from the fetch otherwise).
  XetToken current();
  // The CAS refused `access_token`: the next current() fetches a new one (unless another
  // caller replaced it already).
  void invalidate(const std::string& access_token);
  int fetches() const;

 private:
  Fetch fetch_;
  Now now_;
  int64_t margin_;
  mutable std::mutex mutex_;
  std::optional<XetToken> token_;
  int fetches_ = 0;
};

}  // namespace tf::engine::hub
