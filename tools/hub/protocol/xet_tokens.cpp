#include "tools/hub/protocol/xet_tokens.hpp"

#include <openssl/rand.h>

#include <array>

#include "io/error.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::protocol {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

XetToken XetTokens::issue() {
  std::array<uint8_t, 24> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw Error(ErrorKind::internal, "RAND_bytes failed to make a Xet token");
  }
  const int64_t now = unix_now();
  XetToken token{"xet_" + sys::to_hex(random), now + ttl_.count()};
  const std::lock_guard lock(mutex_);
  forget_expired(now);
  expiry_.emplace(token.value, token.expires_at);
  return token;
}

bool XetTokens::is_valid(std::string_view token) const {
  const std::lock_guard lock(mutex_);
  const auto found = expiry_.find(token);
  return found != expiry_.end() && unix_now() <= found->second;
}

void XetTokens::forget_expired(int64_t now) {
  std::erase_if(expiry_, [now](const auto& entry) { return entry.second < now; });
}

}  // namespace tf::hub::protocol
