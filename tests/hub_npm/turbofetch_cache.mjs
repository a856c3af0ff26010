// `turbofetch download` and @huggingface/hub's snapshotDownload pull the same repos from a
// stand-in hub into two caches, which must then be the same: blobs, snapshot links (relative,
// as its createSymlink writes them) and refs. The turbofetch cache is then read by
// scanCacheDir and, with the hub stopped, by downloadFileToCacheDir (which must find every file
// cached and send nothing).
//   node turbofetch_cache.mjs /path/to/tf-hub /path/to/turbofetch
import { downloadFileToCacheDir, scanCacheDir, snapshotDownload } from "@huggingface/hub";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const [tfHub, turbofetch] = process.argv.slice(2);
if (!tfHub || !turbofetch) throw new Error("usage: node turbofetch_cache.mjs TF_HUB TURBOFETCH");
const token = "hf_npm_turbofetch_token";
const work = mkdtempSync(join(tmpdir(), "tf-npm-cache-"));
const data = join(work, "data");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const pseudoRandom = (size, seed) => {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};

function addFolder(repo, files, ...args) {
  const root = join(work, "src-" + Math.random().toString(16).slice(2));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  const out = execFileSync(tfHub, ["add-folder", "--data", data, "--repo", repo, "--from", root, "--lfs-threshold", "256K", ...args]);
  return JSON.parse(out.toString()).commit;
}

// Every entry below a cache folder: files as "file <sha256>", links as "link <target>".
function describe(root) {
  const out = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (rel.startsWith(".locks") || rel.endsWith("CACHEDIR.TAG") || rel.includes("/trees") || rel.includes("/.no_exist")) continue;
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out[rel] = "link " + readlinkSync(path);
      else if (st.isDirectory()) walk(path);
      else out[rel] = "file " + sha256(readFileSync(path));
    }
  };
  walk(root);
  return out;
}

const v1 = {
  "config.json": Buffer.from('{"model_type": "demo"}\n'),
  "model.safetensors": pseudoRandom(1 << 20, 1),
  "nested/deeper/notes.txt": Buffer.from("nested file\n"),
  "nested/weights.bin": pseudoRandom(300 << 10, 2),
};
const v2 = { ...v1, "model.safetensors": pseudoRandom(1 << 20, 3), "extra.txt": Buffer.from("new\n") };

const v1Commit = addFolder("org/model", v1);
const v2Commit = addFolder("org/model", v2);
addFolder("org/ds", { "train.parquet": pseudoRandom(400 << 10, 4), "README.md": Buffer.from("# ds\n") }, "--type", "dataset");

const portFile = join(work, "ports.json");
const server = spawn(tfHub, ["serve", "--data", data, "--port-file", portFile, "--token", token, "--page-size", "2"], {
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  for (let i = 0; i < 400 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
  const hubUrl = JSON.parse(readFileSync(portFile, "utf8")).hub;
  const ours = join(work, "cache-turbofetch");
  const theirs = join(work, "cache-npm");
  const pull = (...args) =>
    execFileSync(turbofetch, ["download", ...args, "--quiet", "--cache-dir", ours], {
      env: { ...process.env, HF_ENDPOINT: hubUrl, HF_TOKEN: token, HF_HUB_OFFLINE: "" },
    }).toString().trim();

  assert.equal(pull("org/model", "--revision", v1Commit), join(ours, "models--org--model", "snapshots", v1Commit));
  assert.equal(pull("org/model"), join(ours, "models--org--model", "snapshots", v2Commit));
  pull("org/ds", "--repo-type", "dataset");

  for (const revision of [v1Commit, "main"]) {
    await snapshotDownload({ repo: "org/model", revision, hubUrl, accessToken: token, cacheDir: theirs });
  }
  await snapshotDownload({ repo: { type: "dataset", name: "org/ds" }, hubUrl, accessToken: token, cacheDir: theirs });
  const layout = describe(ours);
  assert.ok(Object.keys(layout).length >= 18, JSON.stringify(layout));
  assert.deepEqual(layout, describe(theirs));

  server.kill("SIGTERM");
  const info = await scanCacheDir(ours);
  assert.deepEqual(info.warnings.map(String), []);
  assert.equal(info.repos.length, 2);
  let checked = 0;
  for (const [commit, files] of [[v1Commit, v1], [v2Commit, v2]]) {
    for (const [path, bytes] of Object.entries(files)) {
      const pointer = await downloadFileToCacheDir({
        repo: "org/model", path, revision: commit, cacheDir: ours, hubUrl: "http://127.0.0.1:9",
      });
      assert.equal(sha256(readFileSync(pointer)), sha256(bytes), `${commit}/${path}`);
      checked++;
    }
  }
  console.log(`turbofetch's cache equals @huggingface/hub's and reads back offline (${checked} files)`);
} finally {
  server.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}
