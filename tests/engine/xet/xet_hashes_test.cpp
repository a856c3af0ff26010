#include "engine/xet/xet_hashes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.hpp"

using tf::xet::FileHasher;
using tf::xet::MerkleHash;
using tf::xet::MerkleNode;
using tf::xet::MerkleTreeBuilder;

namespace {

// The node hashes of xet-core's aggregated_hashes.rs test_correctness: leaf i has hash
// reference_hashes[i] and size 100 * i.
const char* const reference_hashes[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "cfc5d07f6f03c29bbf424132963fe08d19a37d5757aaf520bf08119f05cd56d6",
    "c3e67584b5c4fc2a89837ec39e40f2c8a6bb0b2987ac94cd4b31e5fbdd210a72",
    "0d2beb91b9196929a5ddec9f6e306924ddf4a24268e3e59fd8464738d525af37",
    "adf8773496a9b7319b2e50dc98093f344053b17d8ad37100b9c07d9805988784",
    "4ac202caf347fc1e9c874b1ef6a1c5e619141eb775a6f43f0f0124ccd0060d9e",
    "b3b28636f65c149ea52eb1f94669466f70f033b54cea792824c696ba6ef3c389",
    "0e2c1a002aae913d2c0fc8ddfa4e9e14b7b311b3b0d458726d5d9f6a6318013c",
};

struct ReferenceCase {
  std::vector<int> leaves;  // indices into reference_hashes
  const char* xorb_hash;
  const char* file_hash;  // with the zero salt, i.e. the plain file hash
};

std::vector<int> range_mod(int count, int modulo) {
  std::vector<int> out;
  for (int i = 0; i < count; ++i)
    out.push_back(i % modulo);
  return out;
}

std::vector<ReferenceCase> reference_cases() {
  std::vector<int> eight_then_ones = range_mod(8, 8);
  eight_then_ones.insert(eight_then_ones.end(), {1, 1, 1, 1});
  std::vector<int> pairs;
  for (int i = 0; i < 8; ++i)
    pairs.insert(pairs.end(), {i, i});
  const char* zero = reference_hashes[0];
  return {
      {{}, zero, zero},
      {{0}, zero, "638a6bc391964a85939d48f008e8bdbae6a7975e7ca2d87a3ce2492f4e4d8a4c"},
      {{1},
       reference_hashes[1],
       "8e16257caa3fe079d484d872a8975264b2ff683b0d6db9028cc7c0f968a45661"},
      {{1, 2, 3},
       "71ec1275fca074724e2dd666921b3277c7cee603e4d025bcab2d4050015be2bc",
       "54e55dccc6653c612bdb5576c5d3cb34bb31bc4e100248abccf4c908b3ef7715"},
      {{1, 1, 1, 1},
       "89f2ada89ff8c96763c6b25010e6dd76a4c05b1466207633ea559acf2093211b",
       "2cdba690d0e09563596e0cda626d43eb4c96ef1e994fe72d9b2f5a83cfcd36dd"},
      {{1, 2, 1, 2},
       "90f8313ef12df385d237a067aded02562c35ded12116e32eba401dbc86c38031",
       "284ea045e5a579e99c21ec597c20de1fc0c09e7168162aac00db8f61b3d82dbb"},
      {{1, 2, 1, 2, 3, 4},
       "52c826f99507aa05d0b45e9837fa1709e0485425cfbcb1e80db3905cf98b3ee9",
       "91d21684db364c8883ab8209fa5eb2e781cf07f37e1fa43e731c30839afe422f"},
      {{0, 1, 0, 1},
       "e1755c85be07fd6b7a8d7becc85e6d8c5f507f2a3d38b316bcb6f97855e72188",
       "207caf24fce045ac6d873b4c6186a5a435d600d103e1ae345e55ddf1f4b7f7ef"},
      {{0, 1, 0, 1, 0},
       "f36c6a6374a567efd36ed087aeb680b57e3af4e0b5b8e7be2593df4cb647a2de",
       "ab2f46d31855e1133b3b5b70e78f841394a648710a208923b221c1a8a0572a1f"},
      {{1, 0},
       "e8660f81494ca836a58e395c1395ef97870ed71e2b113eec1fab6b3361f46dd6",
       "274d92f7e2acebaa2b8d63c0b5e7a4fc15814a606e3e3825d55609e671bcc5d9"},
      {{3, 4, 5, 3},
       "73b9dc802ab03a0855c66823a18d95c2a785af594535756abf405038b6270cb8",
       "c7d5be75ef5ec12888027ad305141e4109e599494477661177475c84e12de48b"},
      {{3, 4, 5, 5, 5},
       "2c1fd1eca47e284512fcb40fcf45a1874939f9b91c774d46aeba5d004d9d263d",
       "0799ba7ee2c3fed173a8e8d832cd13970ddc16070ffbc8aa6dcd77476f66dc73"},
      {range_mod(8, 8), "f62abe77e3fb9c954fe52b0028027ddc90c064c45951a4fd2211d87e5c0011db",
       "d1b068be5bbdb38992269e8efe61f601881e39f7a7585fd76883cc6ea5c23b44"},
      {range_mod(64, 8), "6554007c9b5d0a5e7918f79596a1b68815c1407535585435f5735db761f21b88",
       "a8640ab81d48854e00078e12b1ea8be5d90be0ffb5f73a15b7009981d093ddd8"},
      {std::vector<int>(32, 1), "0a0123c1617921883b7e13902095fcb86676e77c49120c33b233003b0af0e0a6",
       "53af4711fd1d5e5bdc7f931b6be932314d8d673cb16ad2482f6f5222eaf9e63d"},
      {eight_then_ones, "e7fc30b73ec9930593f80fe777b334e9d3bb73e45e6a79fa5784b2603446158b",
       "69e1af2fd6023ce133e0d1b90e32d1d42ef79f5a710f2b0accfc3a735e98de9d"},
      {pairs, "636c65db520ec16e8166f9ec7a0cf9f74b26369077ac60160ec0221c86bc9f77",
       "6a90ad0d6f5246ac61f1de898c6944c03e14004a1368e6fb23387108c4d039e0"},
  };
}

std::vector<MerkleNode> leaves_of(const std::vector<int>& indices) {
  std::vector<MerkleNode> leaves;
  for (int i : indices) {
    leaves.push_back({MerkleHash::from_hex(reference_hashes[i]), 100u * static_cast<uint64_t>(i)});
  }
  return leaves;
}

std::string describe(const std::vector<int>& indices) {
  std::string text = "[";
  for (int i : indices)
    text += std::to_string(i) + ",";
  return text + "]";
}

std::vector<MerkleNode> random_leaves(size_t count, uint64_t seed) {
  std::vector<MerkleNode> leaves;
  for (size_t i = 0; i < count; ++i) {
    const auto bytes = tf::test::random_bytes(32, seed * 100000 + i);
    MerkleHash::Bytes raw{};
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    leaves.push_back({MerkleHash(raw), 1 + i * 7});
  }
  return leaves;
}

}  // namespace

TEST(XetHashes, MatchesXetCoreReferenceTreesForXorbAndFileHashes) {
  for (const ReferenceCase& c : reference_cases()) {
    const auto leaves = leaves_of(c.leaves);
    EXPECT_EQ(tf::xet::xorb_hash(leaves).hex(), c.xorb_hash) << describe(c.leaves);
    EXPECT_EQ(tf::xet::file_hash(leaves).hex(), c.file_hash) << describe(c.leaves);
    FileHasher hasher;
    for (const MerkleNode& leaf : leaves)
      hasher.add_chunk(leaf.hash, leaf.size);
    EXPECT_EQ(hasher.file_hash().hex(), c.file_hash) << describe(c.leaves);
    EXPECT_EQ(hasher.chunk_count(), leaves.size());
  }
}

TEST(XetHashes, ParentHashesTheTextLinesOfItsChildren) {
  const auto children = leaves_of({1, 2});
  const std::string lines =
      std::string(reference_hashes[1]) + " : 100\n" + reference_hashes[2] + " : 200\n";
  const auto expected = tf::io::blake3_keyed(
      tf::xet::internal_node_key, {reinterpret_cast<const uint8_t*>(lines.data()), lines.size()});
  const MerkleNode parent = tf::xet::parent_node(children);
  EXPECT_EQ(parent.hash.bytes(), expected);
  EXPECT_EQ(parent.size, 300u);
}

TEST(XetHashes, ChunkHashIsKeyedBlake3WithTheDataKey) {
  const std::vector<uint8_t> abc{'a', 'b', 'c'};
  EXPECT_EQ(tf::xet::chunk_hash(abc).bytes(), tf::io::blake3_keyed(tf::xet::data_key, abc));
  // From xet_test_vectors.json ('abc').
  EXPECT_EQ(tf::xet::chunk_hash(abc).hex(),
            "a8803506f7aff014f19aa9e9b79dc6455c49672570f96156071329698dd0284e");
}

TEST(XetHashes, StreamingTreeEqualsTheLevelByLevelTree) {
  for (size_t count : {0u, 1u, 2u, 3u, 8u, 9u, 10u, 17u, 81u, 82u, 100u, 729u, 1000u, 3001u}) {
    const auto leaves = random_leaves(count, count);
    MerkleTreeBuilder builder;
    for (size_t i = 0; i < leaves.size(); ++i) {
      builder.add(leaves[i]);
      // The root can be asked for at any point without disturbing the stream.
      if (i % 97 == 0) {
        EXPECT_EQ(builder.root(), tf::xet::merkle_root(std::span(leaves).first(i + 1)));
      }
    }
    EXPECT_EQ(builder.root(), tf::xet::merkle_root(leaves)) << count << " leaves";
    EXPECT_EQ(builder.leaf_count(), count);
  }
}

TEST(XetHashes, RootSizeIsTheTotalSize) {
  const auto leaves = random_leaves(500, 5);
  uint64_t total = 0;
  for (const auto& leaf : leaves)
    total += leaf.size;
  EXPECT_EQ(tf::xet::merkle_root(leaves).size, total);
}
