// Checks a cache built by turbofetch's cache functions (engine/hub/cache_layout) with
// @huggingface/hub, a client no one here wrote:
//   node scan_cache.mjs /path/to/tf_cache_fixture
// - scanCacheDir must list the repo, its revisions, their refs and files, and the blobs behind
//   them, without warnings (it reads refs directly under refs/ and the top-level files of each
//   snapshot only);
// - downloadFileToCacheDir with a commit revision must find every file (nested ones too) already
//   cached, so it makes no request: its hub URL points at a closed port;
// - each snapshot link must be the one its createSymlink writes: relative(dirname(link), blob).
// Exits 0 when every check passes.
import { downloadFileToCacheDir, scanCacheDir } from "@huggingface/hub";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const fixture = process.argv[2];
if (!fixture) throw new Error("usage: node scan_cache.mjs /path/to/tf_cache_fixture");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const closedHub = "http://127.0.0.1:9"; // discard port: nothing listens, nothing is sent

const cacheDir = mkdtempSync(join(tmpdir(), "tf-cache-npm-"));
try {
  const manifest = JSON.parse(execFileSync(fixture, [cacheDir]).toString());
  const repoFolder = join(cacheDir, manifest.folder);
  const blobOf = (file) => join(repoFolder, "blobs", file.etag);

  const info = await scanCacheDir(cacheDir);
  assert.deepEqual(info.warnings.map(String), []);
  assert.equal(info.repos.length, 1);
  const repo = info.repos[0];
  assert.deepEqual(repo.id, { name: manifest.repo, type: manifest.type });
  assert.equal(repo.revisions.length, Object.keys(manifest.commits).length);

  const scannedBlobs = new Set();
  for (const [commit, expected] of Object.entries(manifest.commits)) {
    const revision = repo.revisions.find((r) => r.commitOid === commit);
    assert.ok(revision, `revision ${commit} not listed`);
    assert.equal(revision.path, join(repoFolder, "snapshots", commit));
    const topLevelRefs = expected.refs.filter((ref) => !ref.includes("/"));
    assert.deepEqual([...revision.refs].sort(), topLevelRefs.sort());
    const topLevel = Object.entries(expected.files).filter(([path]) => !path.includes("/"));
    assert.equal(revision.files.length, topLevel.length);
    let size = 0;
    for (const [path, file] of topLevel) {
      const cached = revision.files.find((f) => f.path === join(revision.path, path));
      assert.ok(cached, `${commit}/${path} not listed`);
      assert.equal(cached.blob.path, realpathSync(blobOf(file)));
      assert.equal(cached.blob.size, file.size);
      scannedBlobs.add(cached.blob.path);
      size += file.size;
    }
    assert.equal(revision.size, size);
  }
  assert.equal(repo.filesCount, scannedBlobs.size);

  let checked = 0;
  for (const [commit, expected] of Object.entries(manifest.commits)) {
    for (const [path, file] of Object.entries(expected.files)) {
      const pointer = await downloadFileToCacheDir({
        repo: { type: manifest.type, name: manifest.repo },
        path,
        revision: commit,
        cacheDir,
        hubUrl: closedHub,
      });
      assert.equal(pointer, join(repoFolder, "snapshots", commit, path));
      assert.equal(sha256(readFileSync(pointer)), file.content_sha256, `${commit}/${path} content`);
      assert.equal(readlinkSync(pointer), relative(dirname(pointer), blobOf(file)), `${commit}/${path} link`);
      checked++;
    }
  }
  console.log(`scanCacheDir and downloadFileToCacheDir agree with turbofetch's cache (${checked} files)`);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
