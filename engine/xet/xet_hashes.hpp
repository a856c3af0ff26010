// The hashes of Xet: chunk hashes, the aggregated Merkle tree over chunks, and from it the xorb
// hash and the file hash (xet-core: merklehash/data_hash.rs and aggregated_hashes.rs).
//
// The tree is not binary. One level groups a list of nodes from its start: a group ends at the
// first node, counting from the third, whose hash's last 8 bytes (as a little-endian u64) are 0
// mod 4, and holds at most 9 nodes; 2 or fewer remaining nodes form the last group. A parent's
// hash is keyed BLAKE3 of the lines "{child hex} : {child size}\n", and its size is the sum of
// its children's. Levels repeat until one node remains.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/xet/merkle_hash.hpp"
#include "io/blake3_hasher.hpp"

namespace tf::xet {

// Key of chunk hashes.
inline constexpr io::Blake3Key data_key = {102, 151, 245, 119, 91,  149, 80,  222, 49,  53,  203,
                                           172, 165, 151, 24,  28,  157, 228, 33,  16,  155, 235,
                                           43,  88,  180, 208, 176, 75,  147, 173, 242, 41};
// Key of the Merkle tree's inner nodes.
inline constexpr io::Blake3Key internal_node_key = {
    1,  126, 197, 199, 165, 71,  41,  150, 253, 148, 102, 102, 180, 138, 2,   230,
    93, 221, 83,  111, 55,  199, 109, 210, 248, 99,  82,  230, 74,  83,  113, 63};

// A node of the tree: a chunk, or a group of nodes, with the number of data bytes below it.
struct MerkleNode {
  MerkleHash hash;
  uint64_t size = 0;

  bool operator==(const MerkleNode&) const = default;
};

// keyed BLAKE3(data_key, chunk bytes).
MerkleHash chunk_hash(std::span<const uint8_t> chunk);

// The parent of one group of nodes.
MerkleNode parent_node(std::span<const MerkleNode> children);

// The root of the tree over `leaves` in order: the single leaf itself when there is one, and
// the zero hash with size 0 when there are none.
MerkleNode merkle_root(std::span<const MerkleNode> leaves);

// Hash of a xorb from its chunks: the root's hash (zeros for no chunks).
MerkleHash xorb_hash(std::span<const MerkleNode> chunks);

// Hash of a file from its chunks: keyed BLAKE3 with an all-zero key over the root hash's 32
// bytes. An empty file's hash is all zeros.
MerkleHash file_hash(std::span<const MerkleNode> chunks);
// The same from the root of a non-empty file's tree (an empty file has no root to hash).
MerkleHash file_hash_from_root(const MerkleNode& root);

// Builds the same root as merkle_root() from leaves added one at a time, keeping only the
// nodes whose group is still open: a few per level, so memory is O(log n) for n leaves.
class MerkleTreeBuilder {
 public:
  void add(const MerkleNode& leaf);
  // The root over the leaves added so far. Leaves may still be added afterwards.
  MerkleNode root() const;
  uint64_t leaf_count() const { return added_.empty() ? 0 : added_[0]; }

 private:
  // Closes groups at `level` while their extent is decided (enough nodes are pending).
  void add_at(size_t level, const MerkleNode& node);

  std::vector<std::vector<MerkleNode>> pending_;  // per level: nodes not yet in a closed group
  std::vector<uint64_t> added_;                   // per level: nodes ever added
};

// The file hash of a stream of chunks, given in order.
class FileHasher {
 public:
  void add_chunk(const MerkleHash& hash, uint64_t size) { tree_.add({hash, size}); }
  MerkleHash file_hash() const {
    return chunk_count() == 0 ? MerkleHash{} : file_hash_from_root(tree_.root());
  }
  uint64_t chunk_count() const { return tree_.leaf_count(); }

 private:
  MerkleTreeBuilder tree_;
};

}  // namespace tf::xet
