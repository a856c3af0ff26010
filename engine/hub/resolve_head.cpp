// E4: the file metadata of a /resolve/ answer, by the rules of huggingface_hub's
// get_hf_file_metadata and _get_metadata_or_catch_error.
#include "engine/hub/hex_id.hpp"
#include "engine/hub/hub_api.hpp"
#include "engine/hub/printable.hpp"
#include "io/error.hpp"
#include "io/url.hpp"

namespace tf::engine::hub {

namespace {

constexpr size_t kMaxEtagLength = 255;

// A header's value without surrounding spaces; nullopt when absent or empty (huggingface_hub
// chains headers with `or`, so an empty one counts as missing).
std::optional<std::string_view> header(const io::HeaderMap& headers, std::string_view name) {
  auto value = io::find_header(headers, name);
  if (!value) return std::nullopt;
  while (!value->empty() && (value->front() == ' ' || value->front() == '\t'))
    value->remove_prefix(1);
  while (!value->empty() &&
         (value->back() == ' ' || value->back() == '\t' || value->back() == '\r'))
    value->remove_suffix(1);
  if (value->empty()) return std::nullopt;
  return value;
}

class ResolveAnswer {
 public:
  ResolveAnswer(long status, const io::HeaderMap& headers, std::string_view request_url)
      : status_(status), headers_(headers), request_url_(request_url) {}

  Error error(const std::string& detail) const {
    return Error(ErrorKind::protocol, "the Hub's answer for " +
                                          printable(io::loggable_url(request_url_)) + " " + detail);
  }

  bool is_redirect() const { return status_ >= 300 && status_ <= 399; }

  void check_status() const {
    if (status_ < 200 || status_ > 399) {
      throw error("has the unexpected status " + std::to_string(status_));
    }
  }

  std::string commit() const {
    const auto value = header(headers_, "x-repo-commit");
    if (!value) {
      throw error(
          "has no X-Repo-Commit: the server does not look like a Hugging Face Hub (is a "
          "proxy or firewall in the way?)");
    }
    auto commit = lowercase_hex_id(*value, kCommitHexLength);
    if (!commit) throw error("has a malformed X-Repo-Commit \"" + printable(*value) + "\"");
    return *commit;
  }

  // The etag names the blob in the cache, so it must be a plain file name.
  std::string etag() const {
    auto value = header(headers_, "x-linked-etag");
    if (!value) value = header(headers_, "etag");
    if (!value) throw error("has no ETag: the download could not be verified or cached");
    const std::string etag = io::normalize_etag(*value);
    if (!is_safe_etag(etag)) throw error("has an unusable ETag \"" + printable(*value) + "\"");
    return etag;
  }

  uint64_t size() const {
    if (const auto linked = header(headers_, "x-linked-size"))
      return checked_size(*linked, "X-Linked-Size");
    if (const auto range = header(headers_, "content-range")) {
      const auto parsed = io::parse_content_range(*range);
      if (!parsed || !parsed->total) {
        throw error("has a Content-Range without a total size \"" + printable(*range) + "\"");
      }
      return checked_size(std::to_string(*parsed->total), "Content-Range");
    }
    const auto encoding = header(headers_, "content-encoding");
    const bool compressed = encoding && *encoding != "identity";
    if (const auto length = header(headers_, "content-length");
        length && !is_redirect() && !compressed) {
      return checked_size(*length, "Content-Length");
    }
    throw error("gives no file size (X-Linked-Size, Content-Range or Content-Length)");
  }

  // A URL from a header, made absolute; only http(s) may be fetched.
  std::string absolute_url(std::string_view reference, std::string_view what) const {
    for (const char c : reference) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
        throw error("has a " + std::string(what) + " URL with spaces or control characters \"" +
                    printable(reference) + "\"");
      }
    }
    try {
      std::string url = io::resolve_url(request_url_, reference);
      io::parse_http_url(url);
      return url;
    } catch (const Error&) {
      throw error("has a " + std::string(what) + " URL that is not an http(s) URL \"" +
                  printable(reference) + "\"");
    }
  }

  std::optional<std::string> location() const {
    const auto value = header(headers_, "location");
    if (!value) return std::nullopt;
    return absolute_url(*value, "Location");
  }

  std::optional<std::string> xet_hash() const {
    const auto value = header(headers_, "x-xet-hash");
    if (!value) return std::nullopt;
    auto hash = lowercase_hex_id(*value, kSha256HexLength);
    if (!hash) throw error("has a malformed X-Xet-Hash \"" + printable(*value) + "\"");
    return hash;
  }

  // The first Link of this relation type, made absolute.
  std::optional<std::string> link(std::string_view rel) const {
    const auto value = header(headers_, "link");
    if (!value) return std::nullopt;
    for (const auto& [url, link_rel] : parse_link_header(*value)) {
      if (link_rel == rel) return absolute_url(url, "Link");
    }
    return std::nullopt;
  }

  std::optional<std::string> xet_auth_url() const {
    if (auto url = link("xet-auth")) return url;
    const auto route = header(headers_, "x-xet-refresh-route");
    if (!route) return std::nullopt;
    return absolute_url(*route, "X-Xet-Refresh-Route");
  }

 private:
  static bool is_safe_etag(std::string_view etag) {
    if (etag.empty() || etag.size() > kMaxEtagLength || etag.front() == '.') return false;
    for (const char c : etag) {
      const bool alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && std::string_view("._~+=-").find(c) == std::string_view::npos)
        return false;
    }
    return true;
  }

  uint64_t checked_size(std::string_view text, std::string_view what) const {
    const auto value = io::parse_content_length(text);
    if (!value || *value > kMaxRepoFileSize) {
      throw error("has a malformed " + std::string(what) + " \"" + printable(text) + "\"");
    }
    return *value;
  }

  long status_;
  const io::HeaderMap& headers_;
  std::string_view request_url_;
};

}  // namespace

ResolvedFile parse_resolve_head(long status, const io::HeaderMap& headers,
                                std::string_view request_url) {
  const ResolveAnswer answer(status, headers, request_url);
  answer.check_status();
  ResolvedFile file;
  file.commit = answer.commit();
  file.etag = answer.etag();
  file.size = answer.size();
  file.location = answer.location();
  file.xet_hash = answer.xet_hash();
  file.xet_auth_url = answer.xet_auth_url();
  file.xet_reconstruction_url = answer.link("xet-reconstruction-info");
  return file;
}

}  // namespace tf::engine::hub
