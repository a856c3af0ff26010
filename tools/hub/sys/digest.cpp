#include "tools/hub/sys/digest.hpp"

#include <openssl/evp.h>

#include "io/error.hpp"

namespace tf::hub::sys {

void Digest::ContextDeleter::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Digest::Digest(DigestAlgorithm algorithm) : context_(EVP_MD_CTX_new()) {
  const EVP_MD* md = algorithm == DigestAlgorithm::sha256 ? EVP_sha256() : EVP_sha1();
  if (!context_ || EVP_DigestInit_ex(context_.get(), md, nullptr) != 1) {
    throw Error(ErrorKind::internal, "cannot initialise an OpenSSL digest");
  }
}

void Digest::update(std::span<const uint8_t> bytes) {
  if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL digest update failed");
  }
}

void Digest::update(std::string_view text) {
  update(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::vector<uint8_t> Digest::finish() {
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_.get(), out.data(), &length) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL digest final failed");
  }
  out.resize(length);
  return out;
}

std::string Digest::finish_hex() {
  return to_hex(finish());
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::vector<uint8_t> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0 || !is_lower_hex(hex, hex.size())) return {};
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Digest digest(DigestAlgorithm::sha256);
  digest.update(bytes);
  return digest.finish_hex();
}

std::string sha1_hex(std::string_view bytes) {
  Digest digest(DigestAlgorithm::sha1);
  digest.update(bytes);
  return digest.finish_hex();
}

bool is_lower_hex(std::string_view text, size_t length) {
  if (text.size() != length) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace tf::hub::sys
