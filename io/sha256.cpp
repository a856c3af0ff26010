#include "io/sha256.hpp"

#include <openssl/evp.h>

#include "io/error.hpp"

namespace tf::io {

void Sha256::ContextDeleter::operator()(evp_md_ctx_st* ctx) const {
  EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: cannot initialise SHA-256");
  }
}

Sha256 Sha256::clone() const {
  Sha256 copy;
  if (EVP_MD_CTX_copy_ex(copy.ctx_.get(), ctx_.get()) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: cannot copy the SHA-256 state");
  }
  return copy;
}

void Sha256::update(std::span<const uint8_t> bytes) {
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: SHA-256 update failed");
  }
}

Sha256Digest Sha256::finish() {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &length) != 1 || length != digest.size() ||
      EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: SHA-256 final failed");
  }
  return digest;
}

Sha256Digest Sha256::of(std::span<const uint8_t> bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.finish();
}

std::string to_hex(std::span<const uint8_t> digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const uint8_t b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

}  // namespace tf::io
