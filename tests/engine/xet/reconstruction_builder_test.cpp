#include "engine/xet/reconstruction_builder.hpp"

#include <gtest/gtest.h>

#include <map>

#include "io/error.hpp"

using tf::xet::build_reconstruction;
using tf::xet::ByteRange;
using tf::xet::ChunkRange;
using tf::xet::MerkleHash;
using tf::xet::Reconstruction;
using tf::xet::ReconstructionTerm;
using tf::xet::XorbChunk;
using tf::xet::XorbFetchRange;

namespace {

MerkleHash hash_named(uint8_t name) {
  MerkleHash::Bytes bytes{};
  bytes.fill(name);
  return MerkleHash(bytes);
}

const MerkleHash xorb_a = hash_named(0xaa);
const MerkleHash xorb_b = hash_named(0xbb);

// A: chunks of 10, 20, 30, 40 bytes stored in 100 bytes each; B: 5, 6, 7 in 50 bytes each.
std::vector<XorbChunk> layout(const std::vector<uint32_t>& sizes, uint64_t stored_size) {
  std::vector<XorbChunk> chunks;
  for (size_t i = 0; i < sizes.size(); ++i) {
    chunks.push_back({MerkleHash(), sizes[i], i * stored_size, (i + 1) * stored_size,
                      tf::xet::CompressionScheme::lz4});
  }
  return chunks;
}

const std::map<MerkleHash, std::vector<XorbChunk>> xorbs = {{xorb_a, layout({10, 20, 30, 40}, 100)},
                                                            {xorb_b, layout({5, 6, 7}, 50)}};

std::span<const XorbChunk> lookup(const MerkleHash& xorb) {
  return xorbs.at(xorb);
}

std::string url_for(const MerkleHash& xorb, std::span<const XorbFetchRange> ranges) {
  std::string url = "http://hub/xorb/" + xorb.hex() + "?r=";
  for (const auto& range : ranges)
    url += std::to_string(range.bytes.first) + ",";
  return url;
}

Reconstruction build(const std::vector<ReconstructionTerm>& terms,
                     std::optional<ByteRange> range = std::nullopt) {
  return build_reconstruction(terms, lookup, url_for, range);
}

}  // namespace

TEST(ReconstructionBuilder, WholeFileKeepsTheTermsAndMergesRanges) {
  const std::vector<ReconstructionTerm> terms = {
      {xorb_a, {0, 2}, 30}, {xorb_b, {1, 3}, 13}, {xorb_a, {2, 3}, 30}};
  const Reconstruction r = build(terms);
  EXPECT_EQ(r.offset_into_first_range, 0u);
  EXPECT_EQ(r.terms, terms);
  ASSERT_EQ(r.xorbs.size(), 2u);
  const auto& a = r.xorbs.at(xorb_a);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].ranges, (std::vector<XorbFetchRange>{{{0, 3}, {0, 299}}}));
  EXPECT_EQ(a[0].url, "http://hub/xorb/" + xorb_a.hex() + "?r=0,");
  EXPECT_EQ(r.xorbs.at(xorb_b)[0].ranges, (std::vector<XorbFetchRange>{{{1, 3}, {50, 149}}}));
}

TEST(ReconstructionBuilder, KeepsSeparateRangesApart) {
  const Reconstruction r = build({{xorb_a, {0, 1}, 10}, {xorb_a, {3, 4}, 40}});
  EXPECT_EQ(r.xorbs.at(xorb_a)[0].ranges,
            (std::vector<XorbFetchRange>{{{0, 1}, {0, 99}}, {{3, 4}, {300, 399}}}));
  EXPECT_EQ(r.xorbs.at(xorb_a)[0].url, "http://hub/xorb/" + xorb_a.hex() + "?r=0,300,");
}

TEST(ReconstructionBuilder, RangeAnswersWithChunkAlignedTerms) {
  // File: A0 (0-9) A1 (10-29) A2 (30-59) | B0 (60-64) B1 (65-70) B2 (71-77).
  const std::vector<ReconstructionTerm> terms = {{xorb_a, {0, 3}, 60}, {xorb_b, {0, 3}, 18}};
  const Reconstruction inside = build(terms, ByteRange{12, 20});
  EXPECT_EQ(inside.offset_into_first_range, 2u);
  EXPECT_EQ(inside.terms, (std::vector<ReconstructionTerm>{{xorb_a, {1, 2}, 20}}));
  EXPECT_FALSE(inside.xorbs.contains(xorb_b));

  const Reconstruction across = build(terms, ByteRange{29, 66});
  EXPECT_EQ(across.offset_into_first_range, 19u);
  EXPECT_EQ(across.terms,
            (std::vector<ReconstructionTerm>{{xorb_a, {1, 3}, 50}, {xorb_b, {0, 2}, 11}}));
  EXPECT_EQ(across.xorbs.at(xorb_a)[0].ranges, (std::vector<XorbFetchRange>{{{1, 3}, {100, 299}}}));

  // An end past the file is clamped; the last byte alone works.
  EXPECT_EQ(build(terms, ByteRange{77, 1000}).terms,
            (std::vector<ReconstructionTerm>{{xorb_b, {2, 3}, 7}}));
  EXPECT_EQ(build(terms, ByteRange{77, 1000}).offset_into_first_range, 6u);
}

TEST(ReconstructionBuilder, RejectsRangesOutsideTheFile) {
  const std::vector<ReconstructionTerm> terms = {{xorb_a, {0, 1}, 10}};
  for (const ByteRange range : {ByteRange{10, 10}, ByteRange{11, 20}}) {
    try {
      build(terms, range);
      FAIL();
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::invalid_argument);
    }
  }
  EXPECT_THROW(build({}, ByteRange{0, 0}), tf::Error);
  EXPECT_TRUE(build({}).terms.empty());
  EXPECT_TRUE(build({}).xorbs.empty());
}

TEST(ReconstructionBuilder, RejectsTermsThatDoNotMatchTheXorbs) {
  for (const ReconstructionTerm& bad :
       {ReconstructionTerm{xorb_a, {0, 2}, 31}, ReconstructionTerm{xorb_a, {3, 5}, 40}}) {
    try {
      build({bad});
      FAIL();
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::internal);
    }
  }
}
