#include "engine/xet/xet_hashes.hpp"

#include <algorithm>
#include <string>

namespace tf::xet {

namespace {

constexpr size_t max_group_size = 9;

// Where the group starting at nodes[0] ends (xet-core's next_merge_cut).
size_t group_size(std::span<const MerkleNode> nodes) {
  if (nodes.size() <= 2) return nodes.size();
  const size_t end = std::min(max_group_size, nodes.size());
  for (size_t i = 2; i < end; ++i) {
    if (nodes[i].hash.word(3) % 4 == 0) return i + 1;
  }
  return end;
}

MerkleHash from_digest(const io::Blake3Digest& digest) {
  return MerkleHash(digest);
}

}  // namespace

MerkleHash chunk_hash(std::span<const uint8_t> chunk) {
  return from_digest(io::blake3_keyed(data_key, chunk));
}

MerkleNode parent_node(std::span<const MerkleNode> children) {
  std::string lines;
  lines.reserve(children.size() * 96);
  uint64_t size = 0;
  for (const MerkleNode& child : children) {
    lines += child.hash.hex();
    lines += " : ";
    lines += std::to_string(child.size);
    lines += '\n';
    size += child.size;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(lines.data());
  return {from_digest(io::blake3_keyed(internal_node_key, {bytes, lines.size()})), size};
}

MerkleNode merkle_root(std::span<const MerkleNode> leaves) {
  if (leaves.empty()) return {};
  std::vector<MerkleNode> level(leaves.begin(), leaves.end());
  while (level.size() > 1) {
    std::vector<MerkleNode> parents;
    for (size_t start = 0; start < level.size();) {
      const size_t size = group_size(std::span(level).subspan(start));
      parents.push_back(parent_node(std::span(level).subspan(start, size)));
      start += size;
    }
    level = std::move(parents);
  }
  return level[0];
}

MerkleHash xorb_hash(std::span<const MerkleNode> chunks) {
  return merkle_root(chunks).hash;
}

MerkleHash file_hash_from_root(const MerkleNode& root) {
  static constexpr io::Blake3Key zero_key{};
  return from_digest(io::blake3_keyed(zero_key, root.hash.bytes()));
}

MerkleHash file_hash(std::span<const MerkleNode> chunks) {
  if (chunks.empty()) return {};
  return file_hash_from_root(merkle_root(chunks));
}

void MerkleTreeBuilder::add(const MerkleNode& leaf) {
  add_at(0, leaf);
}

void MerkleTreeBuilder::add_at(size_t level, const MerkleNode& node) {
  if (pending_.size() <= level) {
    pending_.resize(level + 1);
    added_.resize(level + 1, 0);
  }
  pending_[level].push_back(node);
  ++added_[level];
  // With max_group_size nodes pending, more nodes cannot change where the first group ends.
  while (pending_[level].size() >= max_group_size) {
    std::vector<MerkleNode>& nodes = pending_[level];
    const size_t size = group_size(nodes);
    const MerkleNode parent = parent_node(std::span(nodes).first(size));
    nodes.erase(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(size));
    add_at(level + 1, parent);  // may resize pending_, so `nodes` is not used after this
  }
}

MerkleNode MerkleTreeBuilder::root() const {
  if (added_.empty()) return {};
  MerkleTreeBuilder rest = *this;  // finishing consumes the open groups; keep ours
  for (size_t level = 0;; ++level) {
    if (rest.added_[level] == 1) return rest.pending_[level].front();
    // Close the remaining groups of this level; their parents go one level up.
    std::vector<MerkleNode> tail = std::move(rest.pending_[level]);
    rest.pending_[level].clear();
    for (size_t start = 0; start < tail.size();) {
      const size_t size = group_size(std::span(tail).subspan(start));
      rest.add_at(level + 1, parent_node(std::span(tail).subspan(start, size)));
      start += size;
    }
  }
}

}  // namespace tf::xet
