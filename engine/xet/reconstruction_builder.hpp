// The server side of a reconstruction, for the stand-in hub: given a file's terms and the chunk
// layout of the xorbs they use, answer GET /v{1,2}/reconstructions/{file} for the whole file or
// for a byte range. For a range the answer holds the chunk-aligned terms that cover it, with
// offset_into_first_range = range start - start of its first chunk (as the real CAS does).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "engine/xet/reconstruction.hpp"
#include "engine/xet/xorb_builder.hpp"

namespace tf::xet {

// The chunks of a stored xorb (sizes and byte offsets), by xorb hash. Throws if unknown.
using XorbChunksLookup = std::function<std::span<const XorbChunk>(const MerkleHash& xorb)>;
// The URL to put in the answer for the given ranges of a xorb (a hub may sign them into it).
using XorbUrlMaker =
    std::function<std::string(const MerkleHash& xorb, std::span<const XorbFetchRange> ranges)>;

// Builds the reconstruction of the file made of `file_terms` (in order), for file bytes `range`
// (inclusive; all of the file when nullopt; an end past the file is clamped to it). Each xorb
// gets one fetch entry whose ranges are the merged chunk ranges its terms need. An empty file
// gives no terms. Throws tf::Error(invalid_argument) when range.first is not inside the file
// (a server answers 416), and tf::Error(internal) when the terms do not match the xorbs'
// chunks.
Reconstruction build_reconstruction(std::span<const ReconstructionTerm> file_terms,
                                    const XorbChunksLookup& xorb_chunks,
                                    const XorbUrlMaker& make_url,
                                    std::optional<ByteRange> range = std::nullopt);

}  // namespace tf::xet
