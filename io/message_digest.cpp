#include "io/message_digest.hpp"

#include <openssl/evp.h>

#include "io/error.hpp"

namespace tf::io {

namespace {

const EVP_MD* evp_of(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::sha256 ? EVP_sha256() : EVP_sha1();
}

Error openssl_failure(const char* what) {
  return Error(ErrorKind::internal, std::string("OpenSSL: ") + what);
}

}  // namespace

void MessageDigest::ContextDeleter::operator()(evp_md_ctx_st* ctx) const {
  EVP_MD_CTX_free(ctx);
}

MessageDigest::MessageDigest(DigestAlgorithm algorithm)
    : algorithm_(algorithm), ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), evp_of(algorithm), nullptr) != 1) {
    throw openssl_failure("cannot initialise a digest");
  }
}

MessageDigest MessageDigest::clone() const {
  MessageDigest copy(algorithm_);
  if (EVP_MD_CTX_copy_ex(copy.ctx_.get(), ctx_.get()) != 1) {
    throw openssl_failure("cannot copy a digest state");
  }
  return copy;
}

void MessageDigest::update(std::span<const uint8_t> bytes) {
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) {
    throw openssl_failure("digest update failed");
  }
}

std::vector<uint8_t> MessageDigest::finish() {
  std::vector<uint8_t> digest(static_cast<size_t>(EVP_MD_size(evp_of(algorithm_))));
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &length) != 1 || length != digest.size() ||
      EVP_DigestInit_ex(ctx_.get(), evp_of(algorithm_), nullptr) != 1) {
    throw openssl_failure("digest final failed");
  }
  return digest;
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
