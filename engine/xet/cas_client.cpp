#include "engine/xet/cas_client.hpp"

#include <chrono>
#include <thread>

#include "engine/xet/chunker.hpp"
#include "io/error.hpp"
#include "io/http_fetch.hpp"

namespace tf::xet {

namespace {

constexpr int kMaxTransientAttempts = 4;
constexpr size_t kMaxReconstructionBody = size_t{64} << 20;

enum class Answer { ok, try_v1, new_token, transient };

Answer classify(long status, int version) {
  if (status == 200) return Answer::ok;
  if (version == 2 && (status == 404 || status == 501)) return Answer::try_v1;
  if (status == 401 || status == 403) return Answer::new_token;
  if (status == 429 || status >= 500) return Answer::transient;
  return Answer::ok;  // an error the caller reports
}

[[noreturn]] void fail_status(long status, const std::string& file_hash) {
  const std::string what = "the CAS answered HTTP " + std::to_string(status) +
                           " for the reconstruction of Xet file " + file_hash;
  if (status == 404) throw Error(ErrorKind::not_found, what);
  if (status == 401 || status == 403) throw Error(ErrorKind::auth, what);
  if (status == 429 || status >= 500) throw Error(ErrorKind::network, what);
  throw Error(ErrorKind::protocol, what);
}

io::FetchedResponse request(io::HttpTransport& transport, const engine::hub::XetToken& token,
                            int version, const std::string& file_hash, const ByteRange& wanted) {
  io::HttpRequest r;
  r.url = token.cas_url + "/v" + std::to_string(version) + "/reconstructions/" + file_hash;
  r.headers.push_back("Authorization: Bearer " + token.access_token);
  r.headers.push_back("Range: bytes=" + std::to_string(wanted.first) + "-" +
                      std::to_string(wanted.last));
  r.follow_redirects = false;  // the token must not follow a redirect anywhere
  return io::fetch(transport, std::move(r), kMaxReconstructionBody);
}

}  // namespace

FetchedReconstruction fetch_reconstruction(io::HttpTransport& transport,
                                           engine::hub::XetTokenCache& tokens,
                                           const std::string& file_hash, const ByteRange& wanted) {
  if (!MerkleHash::parse_hex(file_hash)) {
    throw Error(ErrorKind::protocol, "not a Xet file hash: '" + file_hash.substr(0, 80) + "'");
  }
  if (wanted.last < wanted.first) throw Error(ErrorKind::internal, "empty reconstruction range");
  int version = 2;
  bool token_replaced = false;
  for (int transient = 0;;) {
    const engine::hub::XetToken token = tokens.current();
    io::FetchedResponse response;
    try {
      response = request(transport, token, version, file_hash, wanted);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::network || ++transient >= kMaxTransientAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(200 << transient));
      continue;
    }
    switch (classify(response.status, version)) {
      case Answer::ok:
        break;
      case Answer::try_v1:
        version = 1;
        continue;
      case Answer::new_token:
        if (token_replaced) fail_status(response.status, file_hash);
        token_replaced = true;
        tokens.invalidate(token.access_token);
        continue;
      case Answer::transient:
        if (++transient >= kMaxTransientAttempts) fail_status(response.status, file_hash);
        std::this_thread::sleep_for(std::chrono::milliseconds(200 << transient));
        continue;
    }
    if (response.status != 200) fail_status(response.status, file_hash);
    // A padded answer (far more data than asked) is refused while parsing: the terms may
    // reach at most one chunk beyond each end of the range.
    ReconstructionLimits limits{wanted.length() + 2 * max_chunk_size};
    FetchedReconstruction result{parse_reconstruction(response.body, limits), version};
    if (result.reconstruction.data_length() < wanted.length()) {
      throw Error(ErrorKind::protocol, "the reconstruction of Xet file " + file_hash + " yields " +
                                           std::to_string(result.reconstruction.data_length()) +
                                           " bytes, not " + std::to_string(wanted.length()));
    }
    return result;
  }
}

}  // namespace tf::xet
