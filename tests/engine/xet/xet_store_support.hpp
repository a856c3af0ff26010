// A miniature Xet store for tests: files go in through FileToXorbs, and come back out the way a
// downloader gets them: reconstruction JSON, xorb byte ranges (as multipart/byteranges when a
// URL serves several), XorbRangeDecoder, FetchAssembler.
#pragma once

#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "engine/xet/file_to_xorbs.hpp"
#include "engine/xet/reassembly.hpp"
#include "engine/xet/reconstruction_builder.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "io/multipart_byteranges.hpp"

namespace tf::test {

class XetStore {
 public:
  explicit XetStore(xet::FileToXorbs::Options options = {}) : options_(options) {}

  // Stores a file fed in slices of the given sizes (cycled).
  xet::StoredFile store(std::span<const uint8_t> data,
                        const std::vector<size_t>& slices = {65536}) {
    xet::FileToXorbs writer(
        index_, [this](xet::BuiltXorb&& xorb) { add_xorb(std::move(xorb)); }, options_);
    for (size_t pos = 0, i = 0; pos < data.size(); ++i) {
      const size_t size = std::min(slices[i % slices.size()], data.size() - pos);
      writer.feed(data.subspan(pos, size));
      pos += size;
    }
    return writer.finish();
  }

  const std::map<xet::MerkleHash, xet::BuiltXorb>& xorbs() const { return xorbs_; }
  const xet::ChunkIndex& index() const { return index_; }
  // Requests answered with multipart/byteranges by download() so far.
  size_t multipart_requests() const { return multipart_requests_; }

  // Downloads file bytes `range` (all when nullopt) through JSON v1 or v2, feeding the decoders
  // network-like pieces drawn from `random`.
  std::vector<uint8_t> download(const xet::StoredFile& file, std::optional<xet::ByteRange> range,
                                bool v1, std::mt19937& random) const {
    const xet::Reconstruction built = xet::build_reconstruction(
        file.terms,
        [this](const xet::MerkleHash& xorb) {
          return std::span<const xet::XorbChunk>(xorbs_.at(xorb).chunks);
        },
        [](const xet::MerkleHash& xorb, std::span<const xet::XorbFetchRange>) {
          return "http://127.0.0.1:9/xorb/" + xorb.hex();
        },
        range);
    const xet::Reconstruction parsed =
        xet::parse_reconstruction(v1 ? xet::to_json_v1(built) : xet::to_json_v2(built));
    const xet::ByteRange requested =
        range ? xet::ByteRange{range->first, std::min(range->last, file.size - 1)}
              : xet::ByteRange{0, file.size - 1};
    const xet::ReassemblyPlan plan = xet::plan_reassembly(parsed, requested);
    std::vector<uint8_t> out(plan.length);
    // One request per URL: the planned fetches that share it.
    std::map<std::pair<xet::MerkleHash, size_t>, std::vector<const xet::PlannedFetch*>> requests;
    for (const auto& fetch : plan.fetches) {
      requests[{fetch.xorb, fetch.fetch_index}].push_back(&fetch);
    }
    for (auto& [key, fetches] : requests) {
      std::sort(fetches.begin(), fetches.end(),
                [](const auto* a, const auto* b) { return a->range_index < b->range_index; });
      run_request(fetches, plan.file_offset, out, random);
    }
    return out;
  }

 private:
  void add_xorb(xet::BuiltXorb&& xorb) {
    const xet::MerkleHash hash = xorb.hash;
    xorbs_.emplace(hash, std::move(xorb));
  }

  struct RangeDownload {
    xet::FetchAssembler assembler;
    xet::XorbRangeDecoder decoder;
  };

  static std::span<const uint8_t> range_bytes(const xet::BuiltXorb& xorb,
                                              const xet::ByteRange& bytes) {
    return std::span(xorb.bytes).subspan(bytes.first, bytes.length());
  }

  // Feeds `body` to `sink` in random pieces.
  template <typename Sink>
  static void feed_in_pieces(std::span<const uint8_t> body, std::mt19937& random, Sink&& sink) {
    while (!body.empty()) {
      const size_t size = std::min<size_t>(body.size(), 1 + random() % 70000);
      sink(body.first(size));
      body = body.subspan(size);
    }
  }

  void run_request(const std::vector<const xet::PlannedFetch*>& fetches, uint64_t base,
                   std::vector<uint8_t>& out, std::mt19937& random) const {
    const xet::BuiltXorb& xorb = xorbs_.at(fetches.front()->xorb);
    std::vector<std::unique_ptr<RangeDownload>> downloads;
    for (const xet::PlannedFetch* fetch : fetches) {
      auto download = std::make_unique<RangeDownload>(RangeDownload{
          xet::FetchAssembler(*fetch),
          xet::XorbRangeDecoder(fetch->range.chunks.start, fetch->range.chunks.count(), {})});
      RangeDownload* self = download.get();
      self->decoder = xet::XorbRangeDecoder(
          fetch->range.chunks.start, fetch->range.chunks.count(),
          [self, base, &out](uint32_t index, std::span<const uint8_t> data) {
            for (const auto& write : self->assembler.place(index, data.size())) {
              std::copy_n(data.begin() + write.offset_in_chunk, write.length,
                          out.begin() + static_cast<std::ptrdiff_t>(write.file_offset - base));
            }
          });
      downloads.push_back(std::move(download));
    }
    if (fetches.size() == 1) {
      feed_in_pieces(range_bytes(xorb, fetches[0]->range.bytes), random,
                     [&](std::span<const uint8_t> piece) { downloads[0]->decoder.feed(piece); });
    } else {
      ++multipart_requests_;
      run_multipart(fetches, xorb, downloads, random);
    }
    for (const auto& download : downloads) {
      download->decoder.finish();
      download->assembler.finish();
    }
  }

  // Several ranges of one URL: the body is multipart/byteranges, routed part by part.
  static void run_multipart(const std::vector<const xet::PlannedFetch*>& fetches,
                            const xet::BuiltXorb& xorb,
                            std::vector<std::unique_ptr<RangeDownload>>& downloads,
                            std::mt19937& random) {
    const std::string boundary = "tf_test_boundary";
    std::string body = "preamble\r\n";
    std::vector<io::ByteRangePart> ranges;
    for (size_t i = 0; i < fetches.size(); ++i) {
      const xet::ByteRange bytes = fetches[i]->range.bytes;
      ranges.push_back({bytes.first, bytes.last, xorb.bytes.size()});
      body += io::multipart_part_head(boundary, ranges.back(), "application/octet-stream", i == 0);
      const auto data = range_bytes(xorb, bytes);
      body.append(reinterpret_cast<const char*>(data.data()), data.size());
    }
    body += io::multipart_closing(boundary);
    struct Router : io::MultipartByterangesParser::Listener {
      std::vector<std::unique_ptr<RangeDownload>>* downloads = nullptr;
      size_t current = 0;
      void on_part_begin(size_t index, const io::ByteRangePart&) override { current = index; }
      void on_part_data(std::span<const uint8_t> bytes) override {
        (*downloads)[current]->decoder.feed(bytes);
      }
      void on_part_end() override {}
    } router;
    router.downloads = &downloads;
    io::MultipartByterangesParser::Options options;
    options.expected_ranges = ranges;
    io::MultipartByterangesParser parser(boundary, router, options);
    feed_in_pieces({reinterpret_cast<const uint8_t*>(body.data()), body.size()}, random,
                   [&](std::span<const uint8_t> piece) { parser.feed(piece); });
    parser.finish();
  }

  xet::FileToXorbs::Options options_;
  xet::ChunkIndex index_;
  std::map<xet::MerkleHash, xet::BuiltXorb> xorbs_;
  mutable size_t multipart_requests_ = 0;
};

}  // namespace tf::test
