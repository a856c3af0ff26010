#include "engine/xet/reassembly.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "engine/xet/reconstruction_builder.hpp"
#include "io/error.hpp"

using tf::xet::ByteRange;
using tf::xet::ChunkWrite;
using tf::xet::FetchAssembler;
using tf::xet::MerkleHash;
using tf::xet::ReassemblyPlan;
using tf::xet::Reconstruction;
using tf::xet::ReconstructionTerm;
using tf::xet::XorbChunk;

namespace {

MerkleHash hash_named(uint8_t name) {
  MerkleHash::Bytes bytes{};
  bytes.fill(name);
  return MerkleHash(bytes);
}

// Two stored xorbs described by their chunk sizes; chunk contents are synthetic.
struct World {
  std::map<MerkleHash, std::vector<XorbChunk>> xorbs;

  void add_xorb(const MerkleHash& hash, const std::vector<uint32_t>& sizes) {
    std::vector<XorbChunk> chunks;
    uint64_t offset = 0;
    for (uint32_t size : sizes) {
      // Pretend each chunk compressed to about half its size.
      const uint64_t stored = tf::xet::chunk_header_size + size / 2 + 1;
      chunks.push_back(
          {MerkleHash(), size, offset, offset + stored, tf::xet::CompressionScheme::lz4});
      offset += stored;
    }
    xorbs[hash] = chunks;
  }

  std::vector<uint8_t> chunk_data(const MerkleHash& xorb, uint32_t index) const {
    std::vector<uint8_t> data(xorbs.at(xorb)[index].size);
    for (size_t i = 0; i < data.size(); ++i) {
      data[i] = static_cast<uint8_t>(xorb.bytes()[0] * 31 + index * 7 + i);
    }
    return data;
  }

  std::vector<uint8_t> file(const std::vector<ReconstructionTerm>& terms) const {
    std::vector<uint8_t> out;
    for (const auto& term : terms) {
      for (uint32_t c = term.chunks.start; c < term.chunks.end; ++c) {
        const auto data = chunk_data(term.xorb, c);
        out.insert(out.end(), data.begin(), data.end());
      }
    }
    return out;
  }

  tf::xet::XorbChunksLookup lookup() const {
    return [this](const MerkleHash& xorb) { return std::span<const XorbChunk>(xorbs.at(xorb)); };
  }
};

std::string url_for(const MerkleHash& xorb, std::span<const tf::xet::XorbFetchRange> ranges) {
  return "http://127.0.0.1:1/xorb/" + xorb.hex() + "?ranges=" + std::to_string(ranges.size());
}

const MerkleHash xorb_a = hash_named(0xaa);
const MerkleHash xorb_b = hash_named(0xbb);

// Chunk A1 and A0..A1 are used twice; B is used in the middle.
World make_world() {
  World world;
  world.add_xorb(xorb_a, {10, 20, 30, 40, 50});
  world.add_xorb(xorb_b, {5, 6, 7});
  return world;
}

std::vector<ReconstructionTerm> file_terms() {
  return {{xorb_a, {0, 2}, 30},
          {xorb_b, {0, 3}, 18},
          {xorb_a, {1, 4}, 90},
          {xorb_a, {0, 2}, 30},
          {xorb_a, {4, 5}, 50}};
}

// Executes a plan as a downloader would, with the world's chunks as the decoded data. Returns
// the bytes written, indexed from plan.file_offset.
std::vector<uint8_t> execute(const World& world, const ReassemblyPlan& plan) {
  std::vector<uint8_t> out(plan.length, 0);
  std::vector<bool> written(plan.length, false);
  for (const auto& fetch : plan.fetches) {
    FetchAssembler assembler(fetch);
    for (uint32_t c = fetch.range.chunks.start; c < fetch.range.chunks.end; ++c) {
      const auto data = world.chunk_data(fetch.xorb, c);
      for (const ChunkWrite& write : assembler.place(c, data.size())) {
        EXPECT_GE(write.file_offset, plan.file_offset);
        EXPECT_LE(write.file_offset + write.length, plan.file_offset + plan.length);
        EXPECT_LE(write.offset_in_chunk + write.length, data.size());
        for (uint32_t i = 0; i < write.length; ++i) {
          const uint64_t at = write.file_offset - plan.file_offset + i;
          EXPECT_FALSE(written[at]) << "byte " << at << " written twice";
          written[at] = true;
          out[at] = data[write.offset_in_chunk + i];
        }
      }
    }
    assembler.finish();
  }
  for (size_t i = 0; i < written.size(); ++i)
    EXPECT_TRUE(written[i]) << "byte " << i;
  return out;
}

}  // namespace

TEST(Reassembly, PlansAWholeFileAndSharesChunksBetweenTerms) {
  const World world = make_world();
  const auto terms = file_terms();
  const Reconstruction r = tf::xet::build_reconstruction(terms, world.lookup(), url_for);
  const ReassemblyPlan plan = tf::xet::plan_reassembly(r);
  EXPECT_EQ(plan.file_offset, 0u);
  EXPECT_EQ(plan.length, 218u);
  // A's terms need chunks 0..5 (one merged range), B's 0..3.
  ASSERT_EQ(plan.fetches.size(), 2u);
  EXPECT_EQ(plan.fetches[0].xorb, xorb_a);
  EXPECT_EQ(plan.fetches[0].range.chunks, (tf::xet::ChunkRange{0, 5}));
  ASSERT_EQ(plan.fetches[0].placements.size(), 4u);
  EXPECT_EQ(plan.fetches[0].placements[1], (tf::xet::TermPlacement{2, {1, 4}, 90, 0, 90, 48}));
  EXPECT_EQ(plan.fetches[1].xorb, xorb_b);
  EXPECT_EQ(execute(world, plan), world.file(terms));
}

TEST(Reassembly, ASharedChunkGoesToEveryTermThatUsesIt) {
  const World world = make_world();
  const Reconstruction r = tf::xet::build_reconstruction(file_terms(), world.lookup(), url_for);
  FetchAssembler assembler(tf::xet::plan_reassembly(r).fetches[0]);
  // Chunk A0 (10 bytes) starts terms 0 and 3 (file offsets 0 and 138).
  const auto first = assembler.place(0, 10);
  EXPECT_EQ(std::vector<ChunkWrite>(first.begin(), first.end()),
            (std::vector<ChunkWrite>{{0, 0, 10}, {138, 0, 10}}));
  // Chunk A1 (20 bytes) is in terms 0, 2 and 3.
  const auto second = assembler.place(1, 20);
  EXPECT_EQ(std::vector<ChunkWrite>(second.begin(), second.end()),
            (std::vector<ChunkWrite>{{10, 0, 20}, {48, 0, 20}, {148, 0, 20}}));
}

TEST(Reassembly, EveryRangeOfTheFileRoundTripsThroughJson) {
  const World world = make_world();
  const auto terms = file_terms();
  const auto file = world.file(terms);
  for (uint64_t first = 0; first < file.size(); first += 3) {
    for (uint64_t last = first; last < file.size(); last += 5) {
      const ByteRange range{first, last};
      const Reconstruction built =
          tf::xet::build_reconstruction(terms, world.lookup(), url_for, range);
      for (const std::string& json : {tf::xet::to_json_v2(built), tf::xet::to_json_v1(built)}) {
        const Reconstruction parsed = tf::xet::parse_reconstruction(json);
        const ReassemblyPlan plan = tf::xet::plan_reassembly(parsed, range);
        EXPECT_EQ(plan.file_offset, first);
        const auto bytes = execute(world, plan);
        ASSERT_TRUE(
            std::equal(bytes.begin(), bytes.end(), file.begin() + first, file.begin() + last + 1))
            << "range " << first << "-" << last;
      }
    }
  }
}

TEST(Reassembly, TruncatesToTheRequestedLength) {
  const World world = make_world();
  const auto terms = file_terms();
  // The server answered with whole chunks from byte 12 on; we want bytes 12..20 only.
  const Reconstruction r =
      tf::xet::build_reconstruction(terms, world.lookup(), url_for, ByteRange{12, 217});
  EXPECT_EQ(r.offset_into_first_range, 2u);  // chunk A1 starts at byte 10
  const ReassemblyPlan plan = tf::xet::plan_reassembly(r, {12, 20});
  EXPECT_EQ(plan.length, 9u);
  ASSERT_EQ(plan.fetches.size(), 1u);  // nothing else is needed
  const auto file = world.file(terms);
  EXPECT_EQ(execute(world, plan), std::vector<uint8_t>(file.begin() + 12, file.begin() + 21));
}

TEST(Reassembly, RejectsARequestLongerThanTheReconstruction) {
  const World world = make_world();
  const Reconstruction r =
      tf::xet::build_reconstruction(file_terms(), world.lookup(), url_for, ByteRange{100, 150});
  EXPECT_NO_THROW(tf::xet::plan_reassembly(r, {100, 150}));
  try {
    tf::xet::plan_reassembly(r, {100, 217});
    FAIL();
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find("(118 bytes) were requested"), std::string::npos)
        << e.what();
  }
}

TEST(Reassembly, AssemblerRejectsChunksThatDisagreeWithTheTerms) {
  const World world = make_world();
  const Reconstruction r = tf::xet::build_reconstruction(file_terms(), world.lookup(), url_for);
  const auto fetch = tf::xet::plan_reassembly(r).fetches[1];  // B: one term of 18 bytes
  {
    FetchAssembler assembler(fetch);
    (void)assembler.place(0, 5);
    (void)assembler.place(1, 6);
    EXPECT_THROW((void)assembler.place(2, 8), tf::Error);  // 19 bytes: more than 18
  }
  {
    FetchAssembler assembler(fetch);
    (void)assembler.place(0, 5);
    (void)assembler.place(1, 6);
    try {
      (void)assembler.place(2, 6);  // 17 bytes
      FAIL();
    } catch (const tf::Error& e) {
      EXPECT_NE(std::string(e.what()).find("decodes to 17 bytes, but its unpacked_length is 18"),
                std::string::npos)
          << e.what();
    }
  }
  {
    FetchAssembler assembler(fetch);
    EXPECT_THROW((void)assembler.place(1, 6), tf::Error);  // out of order
  }
  {
    FetchAssembler assembler(fetch);
    (void)assembler.place(0, 5);
    EXPECT_THROW(assembler.finish(), tf::Error);  // chunks missing
  }
}

TEST(Reassembly, FetchesKeepTheirUrlAndRangeIndex) {
  const World world = make_world();
  // The file uses A3 before A0: two ranges of A's one URL, planned in file order.
  const std::vector<ReconstructionTerm> terms = {{xorb_a, {3, 4}, 40}, {xorb_a, {0, 1}, 10}};
  const Reconstruction r = tf::xet::build_reconstruction(terms, world.lookup(), url_for);
  const ReassemblyPlan plan = tf::xet::plan_reassembly(r);
  ASSERT_EQ(plan.fetches.size(), 2u);
  EXPECT_EQ(plan.fetches[0].range.chunks, (tf::xet::ChunkRange{3, 4}));
  EXPECT_EQ(plan.fetches[0].fetch_index, 0u);
  EXPECT_EQ(plan.fetches[0].range_index, 1u);
  EXPECT_EQ(plan.fetches[1].range_index, 0u);
  EXPECT_EQ(plan.fetches[0].url, plan.fetches[1].url);
  EXPECT_EQ(execute(world, plan), world.file(terms));
}
