// Xet access tokens (E5): random "xet_..." strings the hub hands out for a repo and accepts on
// the CAS routes until they expire. A token is remembered with its expiry; it is valid only
// for CAS, never as a hub token (AccessControl does not know it).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace tf::hub::protocol {

struct XetToken {
  std::string value;
  int64_t expires_at = 0;  // unix seconds
};

class XetTokens {
 public:
  explicit XetTokens(std::chrono::seconds ttl) : ttl_(ttl) {}

  // Thread-safe. A new token valid for the configured time to live.
  XetToken issue();
  // Whether `token` was issued and has not expired (a token is good until its exp second ends).
  bool is_valid(std::string_view token) const;

 private:
  void forget_expired(int64_t now);  // callers hold mutex_

  std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, int64_t, std::less<>> expiry_;
};

// Now, in unix seconds.
int64_t unix_now();

}  // namespace tf::hub::protocol
