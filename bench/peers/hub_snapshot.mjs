// The @huggingface/hub peer of bench/compare.sh: one snapshotDownload, as a JavaScript user
// would call it, into a huggingface_hub-style cache. Prints the snapshot folder as the last
// line of stdout (the library itself logs a line per file with console.debug).
//   node hub_snapshot.mjs HUB_URL TYPE ORG/NAME REVISION CACHE_DIR [TOKEN]
// bench/compare.sh copies this file beside the node_modules that tests/hub_npm installs.
import { snapshotDownload } from "@huggingface/hub";

const [hubUrl, type, name, revision, cacheDir, accessToken] = process.argv.slice(2);
if (!cacheDir) {
  console.error("usage: node hub_snapshot.mjs HUB_URL TYPE ORG/NAME REVISION CACHE_DIR [TOKEN]");
  process.exit(2);
}
const folder = await snapshotDownload({
  repo: { type, name },
  revision,
  hubUrl,
  cacheDir,
  ...(accessToken ? { accessToken } : {}),
});
console.log(folder);
