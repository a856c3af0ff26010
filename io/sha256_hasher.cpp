#include "io/sha256_hasher.hpp"

#include <openssl/evp.h>

#include <utility>

#include "io/error.hpp"

namespace tf::io {

namespace {

EVP_MD_CTX* as_evp(void* context) {
  return static_cast<EVP_MD_CTX*>(context);
}

void start(EVP_MD_CTX* context) {
  if (EVP_DigestInit_ex(context, EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: EVP_DigestInit_ex(sha256) failed");
  }
}

}  // namespace

void Sha256Hasher::ContextDeleter::operator()(void* context) const {
  EVP_MD_CTX_free(as_evp(context));
}

Sha256Hasher::Sha256Hasher() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw Error(ErrorKind::internal, "OpenSSL: EVP_MD_CTX_new failed");
  start(as_evp(context_.get()));
}

Sha256Hasher::~Sha256Hasher() = default;
Sha256Hasher::Sha256Hasher(Sha256Hasher&&) noexcept = default;
Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&&) noexcept = default;

void Sha256Hasher::update(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  if (EVP_DigestUpdate(as_evp(context_.get()), bytes.data(), bytes.size()) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL: EVP_DigestUpdate(sha256) failed");
  }
}

Sha256Digest Sha256Hasher::finish() {
  Sha256Digest out{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(as_evp(context_.get()), out.data(), &length) != 1 ||
      length != out.size()) {
    throw Error(ErrorKind::internal, "OpenSSL: EVP_DigestFinal_ex(sha256) failed");
  }
  start(as_evp(context_.get()));
  return out;
}

Sha256Digest sha256(std::span<const uint8_t> bytes) {
  Sha256Hasher hasher;
  hasher.update(bytes);
  return hasher.finish();
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0f]);
  }
  return out;
}

}  // namespace tf::io
