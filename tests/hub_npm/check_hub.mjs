// Downloads repos from a freshly started stand-in hub (tf-hub) with @huggingface/hub, a client
// no one here wrote, and checks every byte against the files the repos were made from.
//   node check_hub.mjs /path/to/tf-hub
// Exits 0 when every check passes; prints what failed otherwise.
import { downloadFile, snapshotDownload } from "@huggingface/hub";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const tfHub = process.argv[2];
if (!tfHub) throw new Error("usage: node check_hub.mjs /path/to/tf-hub");
const token = "hf_npm_check_token";
const work = mkdtempSync(join(tmpdir(), "tf-hub-npm-"));
const data = join(work, "data");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

// Writes `files` (path -> Buffer) under work/<name> and returns the folder.
function makeFolder(name, files) {
  const root = join(work, name);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
}

function addFolder(...args) {
  const out = execFileSync(tfHub, ["add-folder", "--data", data, "--lfs-threshold", "256K", ...args]);
  return JSON.parse(out.toString()).commit;
}

// Every file under a folder, as path -> sha256 (symlinks followed, as a user would read them).
function hashTree(root) {
  const out = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = sha256(readFileSync(path));
    }
  };
  walk(root);
  return out;
}

const hashes = (files) => Object.fromEntries(Object.entries(files).map(([p, b]) => [p, sha256(b)]));

async function startHub() {
  const portFile = join(work, "ports.json");
  const server = spawn(tfHub, ["serve", "--data", data, "--port-file", portFile, "--token", token, "--page-size", "3"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
  if (!existsSync(portFile)) throw new Error("tf-hub serve did not start");
  return { server, urls: JSON.parse(readFileSync(portFile, "utf8")) };
}

// --- the repos -----------------------------------------------------------------------------
const v1 = {
  "config.json": Buffer.from('{"model_type": "npm-check"}\n'),
  "README.md": Buffer.from("# org/model\n"),
  "tokenizer/tokenizer.json": Buffer.from(JSON.stringify({ vocab: [...Array(5000).keys()] })),
  "weights/model.safetensors": randomBytes(1_500_000), // LFS by name, streamed in ranges
  "weights/shards/part-1.dat": randomBytes(600_000), // LFS by size
  "data/deep/nested/small.txt": Buffer.from("small\n"),
};
const v2 = { ...v1 };
v2["config.json"] = Buffer.from('{"model_type": "npm-check", "revision": 2}\n');
v2["weights/model.safetensors"] = randomBytes(1_200_000);
v2["extra/new.bin"] = randomBytes(40_000); // LFS by name (*.bin)
const privateFiles = { "secret.txt": Buffer.from("secret\n"), "weights.safetensors": randomBytes(300_000) };
const datasetFiles = { "train/part-0.parquet": randomBytes(100_000), "README.md": Buffer.from("# ds\n") };
const xetFiles = { "model.safetensors": randomBytes(500_000), "config.json": Buffer.from("{}\n") };

const v1Commit = addFolder("--repo", "org/model", "--from", makeFolder("v1", v1), "--tag", "v1", "--title", "First");
const v2Commit = addFolder("--repo", "org/model", "--from", makeFolder("v2", v2), "--title", "Second");
addFolder("--repo", "org/private", "--private", "--from", makeFolder("private", privateFiles));
addFolder("--repo", "org/ds", "--type", "dataset", "--from", makeFolder("ds", datasetFiles));
addFolder("--repo", "org/xet", "--xet", "--from", makeFolder("xet", xetFiles));

const { server, urls } = await startHub();
const hubUrl = urls.hub;
let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok    ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL  ${name}\n      ${error.stack ?? error}`);
  }
}

try {
  await check("snapshotDownload main: every file, every byte", async () => {
    const folder = await snapshotDownload({ repo: "org/model", hubUrl, accessToken: token, cacheDir: join(work, "cache") });
    assert.equal(folder, join(work, "cache", "models--org--model", "snapshots", v2Commit));
    assert.deepEqual(hashTree(folder), hashes(v2));
    assert.equal(readFileSync(join(work, "cache", "models--org--model", "refs", "main"), "utf8"), v2Commit);
  });

  await check("snapshotDownload of the tag v1 (second revision of the cache)", async () => {
    const folder = await snapshotDownload({ repo: "org/model", revision: "v1", hubUrl, accessToken: token, cacheDir: join(work, "cache") });
    assert.equal(folder, join(work, "cache", "models--org--model", "snapshots", v1Commit));
    assert.deepEqual(hashTree(folder), hashes(v1));
  });

  await check("downloadFile of every file at main and at the first commit", async () => {
    for (const [revision, files] of [["main", v2], [v1Commit, v1]]) {
      for (const [path, bytes] of Object.entries(files)) {
        const blob = await downloadFile({ repo: "org/model", path, revision, hubUrl, accessToken: token });
        assert.ok(blob, `${path}@${revision} not found`);
        assert.equal(sha256(Buffer.from(await blob.arrayBuffer())), sha256(bytes), `${path}@${revision}`);
      }
    }
  });

  await check("downloadFile of a slice of an LFS file (Range through the CDN)", async () => {
    const blob = await downloadFile({ repo: "org/model", path: "weights/model.safetensors", hubUrl });
    const slice = Buffer.from(await blob.slice(1_000_000, 1_000_100).arrayBuffer());
    assert.deepEqual(slice, v2["weights/model.safetensors"].subarray(1_000_000, 1_000_100));
  });

  await check("downloadFile of a missing file is null", async () => {
    assert.equal(await downloadFile({ repo: "org/model", path: "nothing.txt", hubUrl }), null);
  });

  await check("private repo with the token", async () => {
    const folder = await snapshotDownload({ repo: "org/private", hubUrl, accessToken: token, cacheDir: join(work, "cache") });
    assert.deepEqual(hashTree(folder), hashes(privateFiles));
  });

  await check("private repo without a token is refused", async () => {
    await assert.rejects(snapshotDownload({ repo: "org/private", hubUrl, cacheDir: join(work, "cache-anon") }));
    await assert.rejects(downloadFile({ repo: "org/private", path: "secret.txt", hubUrl }));
  });

  await check("dataset repo", async () => {
    const folder = await snapshotDownload({ repo: { type: "dataset", name: "org/ds" }, hubUrl, cacheDir: join(work, "cache") });
    assert.ok(folder.includes("datasets--org--ds"));
    assert.deepEqual(hashTree(folder), hashes(datasetFiles));
  });

  await check("Xet files download (through the CAS and xorbs; check_xet.mjs checks the path)", async () => {
    const folder = await snapshotDownload({ repo: "org/xet", hubUrl, cacheDir: join(work, "cache") });
    assert.deepEqual(hashTree(folder), hashes(xetFiles));
  });

  await check("the request log: pagination followed, CDN used, token kept off the CDN host", async () => {
    const log = await (await fetch(`${hubUrl}/_admin/requests?wait_idle_ms=2000`)).json();
    const trees = log.filter((r) => r.target.includes("/tree/"));
    assert.ok(trees.some((r) => r.target.includes("cursor=")), "no tree page after the first was fetched");
    const cdn = log.filter((r) => r.listener === "cdn");
    assert.ok(cdn.length > 0, "no request reached the CDN");
    const withToken = cdn.filter((r) => r.authorization !== null).length;
    console.log(`      ${log.length} requests, ${cdn.length} to the CDN, ${withToken} of them with an Authorization header`);
    assert.equal(withToken, 0, "the client sent the token to the CDN host");
  });
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
