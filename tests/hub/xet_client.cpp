#include "hub/xet_client.hpp"

#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/xet/reassembly.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "support/http_client.hpp"
#include "support/test_support.hpp"

namespace tf::test {

namespace {

std::string range_header(const std::vector<xet::PlannedFetch>& fetches) {
  std::string header = "Range: bytes=";
  for (size_t i = 0; i < fetches.size(); ++i) {
    if (i > 0) header += ",";
    header += std::to_string(fetches[i].range.bytes.first) + "-" +
              std::to_string(fetches[i].range.bytes.last);
  }
  return header;
}

// The bytes of each requested range, in order: the body itself for one range, the parts of a
// multipart/byteranges body for several.
std::vector<std::string> range_bodies(const HttpResult& answer, size_t ranges, bool& multipart) {
  if (answer.status != 206) {
    throw std::runtime_error("xorb GET " + answer.effective_url + ": status " +
                             std::to_string(answer.status) + ": " + answer.body);
  }
  multipart = ranges > 1;
  if (!multipart) return {answer.body};
  std::vector<std::string> bodies;
  for (auto& part : parse_multipart(answer.header("content-type").value_or(""), answer.body)) {
    bodies.push_back(std::move(part.bytes));
  }
  if (bodies.size() != ranges) throw std::runtime_error("multipart answer with the wrong parts");
  return bodies;
}

// Decodes one range into `out`, whose first byte is file byte `base`.
void place_range(const xet::PlannedFetch& fetch, const std::string& bytes, uint64_t base,
                 std::string& out) {
  xet::FetchAssembler assembler(fetch);
  xet::XorbRangeDecoder decoder(fetch.range.chunks.start, fetch.range.chunks.count(),
                                [&](uint32_t index, std::span<const uint8_t> chunk) {
                                  for (const auto& write : assembler.place(index, chunk.size())) {
                                    std::copy_n(chunk.data() + write.offset_in_chunk, write.length,
                                                out.data() + (write.file_offset - base));
                                  }
                                });
  decoder.feed({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  decoder.finish();
  assembler.finish();
}

}  // namespace

std::string xet_read_token(const HubServer& hub, const std::string& repo,
                           const std::string& revision) {
  const auto answer =
      http_get(hub.hub_url() + "/api/models/" + repo + "/xet-read-token/" + revision,
               {std::string("Authorization: Bearer ") + HubServer::kToken});
  if (answer.status != 200) {
    throw std::runtime_error("xet-read-token: status " + std::to_string(answer.status) + ": " +
                             answer.body);
  }
  return nlohmann::json::parse(answer.body).at("accessToken").get<std::string>();
}

std::string fetch_reconstruction(const HubServer& hub, const std::string& version,
                                 const std::string& xet_hash, const std::string& token,
                                 std::optional<xet::ByteRange> range) {
  std::vector<std::string> headers{"Authorization: Bearer " + token};
  if (range) {
    headers.push_back("Range: bytes=" + std::to_string(range->first) + "-" +
                      std::to_string(range->last));
  }
  const auto answer =
      http_get(hub.hub_url() + "/cas/" + version + "/reconstructions/" + xet_hash, headers);
  if (answer.status != 200) {
    throw std::runtime_error("reconstruction: status " + std::to_string(answer.status) + ": " +
                             answer.body);
  }
  return answer.body;
}

XetAssembly assemble(const std::string& reconstruction_json, std::optional<xet::ByteRange> range) {
  const auto reconstruction = xet::parse_reconstruction(reconstruction_json);
  const auto plan =
      range ? xet::plan_reassembly(reconstruction, *range) : xet::plan_reassembly(reconstruction);
  // One request per URL: its ranges together, in ascending order.
  std::map<std::pair<xet::MerkleHash, size_t>, std::vector<xet::PlannedFetch>> by_url;
  for (const auto& fetch : plan.fetches) {
    by_url[{fetch.xorb, fetch.fetch_index}].push_back(fetch);
  }
  XetAssembly result;
  result.bytes.assign(plan.length, '\0');
  for (auto& [key, fetches] : by_url) {
    std::sort(fetches.begin(), fetches.end(),
              [](const auto& a, const auto& b) { return a.range_index < b.range_index; });
    const auto answer = http_get(fetches.front().url, {range_header(fetches)});
    bool multipart = false;
    const auto bodies = range_bodies(answer, fetches.size(), multipart);
    ++result.xorb_requests;
    result.multipart_answers += multipart ? 1 : 0;
    for (size_t i = 0; i < fetches.size(); ++i) {
      place_range(fetches[i], bodies[i], plan.file_offset, result.bytes);
    }
  }
  return result;
}

std::string xet_hash_in_tree(const HubServer& hub, const std::string& repo, const std::string& path,
                             const std::string& revision) {
  const auto tree =
      nlohmann::json::parse(http_get(hub.hub_url() + "/api/models/" + repo + "/tree/" + revision,
                                     {std::string("Authorization: Bearer ") + HubServer::kToken})
                                .body);
  for (const auto& entry : tree) {
    if (entry.at("path") == path && entry.contains("xetHash")) return entry.at("xetHash");
  }
  throw std::runtime_error("no xetHash for " + path + " in the tree of " + repo);
}

std::string stored_object(const HubServer& hub, const std::string& sha256) {
  const auto bytes = read_file(hub.object_path(sha256));
  return {bytes.begin(), bytes.end()};
}

}  // namespace tf::test
