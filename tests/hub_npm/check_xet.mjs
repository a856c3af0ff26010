// @huggingface/hub downloads Xet files from a fresh stand-in hub (tf-hub) the Xet way, as it
// does from the real Hub: resolve with the xet-fileinfo Accept header, xet-read-token,
// /cas/v2/reconstructions, then signed xorb ranges from the CDN host. Checks every byte and
// that the request log shows exactly that path (no plain /cdn/ download of the file).
//   node check_xet.mjs /path/to/tf-hub
import { downloadFile } from "@huggingface/hub";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tfHub = process.argv[2];
if (!tfHub) throw new Error("usage: node check_xet.mjs /path/to/tf-hub");
const token = "hf_npm_xet_token";
const work = mkdtempSync(join(tmpdir(), "tf-hub-npm-xet-"));
const data = join(work, "data");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function generate(...args) {
  return JSON.parse(execFileSync(tfHub, ["generate", "--data", data, "--xet", ...args]).toString()).commit;
}

// Revision 1, then revision 2 with 10% of the file changed (mostly the same xorbs).
const rev1 = generate("--repo", "org/xet", "--content", "mixed", "--file", "model.safetensors=6M");
const rev2 = generate("--repo", "org/xet", "--content", "mixed", "--file", "model.safetensors=6M",
  "--edit", "model.safetensors=10%");
generate("--repo", "org/private", "--private", "--file", "weights.safetensors=700K");

const portFile = join(work, "ports.json");
const server = spawn(tfHub, ["serve", "--data", data, "--port-file", portFile, "--token", token], {
  stdio: ["ignore", "ignore", "inherit"],
});
for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
if (!existsSync(portFile)) throw new Error("tf-hub serve did not start");
const { hub: hubUrl } = JSON.parse(readFileSync(portFile, "utf8"));

async function admin(method, path) {
  const answer = await fetch(`${hubUrl}/_admin/${path}`, { method });
  assert.ok(answer.ok, `${method} /_admin/${path}: ${answer.status}`);
  return method === "GET" ? answer.json() : null;
}

// The file's tree entry: its sha256 (the stored object) and Xet hash.
async function entry(repo, path, revision) {
  const tree = await (await fetch(`${hubUrl}/api/models/${repo}/tree/${revision}`, {
    headers: { authorization: `Bearer ${token}` },
  })).json();
  const found = tree.find((e) => e.path === path);
  assert.ok(found?.xetHash, `no xetHash for ${path} at ${revision}`);
  return found;
}

// What the client asked for while `body` ran.
async function logOf(body) {
  await admin("DELETE", "requests");
  await body();
  return admin("GET", "requests?wait_idle_ms=2000");
}

// `tokenAsked`: false when the client still holds a token for the same commit (it caches them).
function assertXetPath(log, { lfs, xetHash }, tokenAsked = true) {
  const targets = log.map((r) => `${r.listener} ${r.method} ${r.target} ${r.status}`);
  const cas = log.filter((r) => r.listener === "hub" && r.target === `/cas/v2/reconstructions/${xetHash}`);
  assert.ok(cas.length >= 1, `no reconstruction request:\n${targets.join("\n")}`);
  assert.ok(cas.every((r) => r.status === 200 && r.authorization !== null));
  if (tokenAsked) assert.ok(log.some((r) => r.target.includes("/xet-read-token/")), "no xet-read-token request");
  const xorbs = log.filter((r) => r.listener === "cdn" && r.target.startsWith("/xorb/default/"));
  assert.ok(xorbs.length >= 1, "no xorb request");
  assert.ok(xorbs.every((r) => r.status === 206 && r.authorization === null), "bad xorb request");
  assert.ok(!log.some((r) => r.target.startsWith(`/cdn/${lfs.oid}`)), "the file came from /cdn/");
  return { xorbs: xorbs.length, xorbBytes: xorbs.reduce((sum, r) => sum + (r.body_bytes ?? 0), 0) };
}

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
  for (const [label, revision] of [["revision 1", rev1], ["revision 2 (10% edited)", rev2]]) {
    await check(`downloadFile of a Xet file, ${label}: every byte, through CAS and xorbs`, async () => {
      const file = await entry("org/xet", "model.safetensors", revision);
      const expected = readFileSync(join(data, "objects", file.lfs.oid));
      let bytes;
      const log = await logOf(async () => {
        const blob = await downloadFile({ repo: "org/xet", path: "model.safetensors", revision, hubUrl });
        assert.ok(blob, "downloadFile returned null");
        bytes = Buffer.from(await blob.arrayBuffer());
      });
      assert.equal(bytes.length, expected.length);
      assert.equal(sha256(bytes), file.lfs.oid);
      const { xorbs, xorbBytes } = assertXetPath(log, file);
      console.log(`      ${xorbs} xorb requests, ${xorbBytes} xorb bytes for ${bytes.length} file bytes`);
      assert.ok(xorbBytes > 0 && xorbBytes < bytes.length, "mixed content should arrive compressed");
      if (revision === rev2) {
        // Revision 1's xorb, with holes where the edits are: several ranges in one request.
        assert.ok(log.some((r) => r.target.startsWith("/xorb/") && r.range?.includes(",")), "no multi-range xorb request");
      }
    });
  }

  await check("a slice of a Xet file (reconstruction of a range)", async () => {
    const file = await entry("org/xet", "model.safetensors", rev2);
    const expected = readFileSync(join(data, "objects", file.lfs.oid));
    const log = await logOf(async () => {
      const blob = await downloadFile({ repo: "org/xet", path: "model.safetensors", revision: rev2, hubUrl });
      const slice = Buffer.from(await blob.slice(3_000_001, 3_400_000).arrayBuffer());
      assert.deepEqual(slice, expected.subarray(3_000_001, 3_400_000));
    });
    assertXetPath(log, file, false);
    assert.ok(log.some((r) => r.target.startsWith("/cas/") && r.range === "bytes=3000001-3399999"),
      "the reconstruction was not asked for the slice's range");
  });

  await check("a private repo's Xet file with the token; refused without", async () => {
    const file = await entry("org/private", "weights.safetensors", "main");
    const blob = await downloadFile({ repo: "org/private", path: "weights.safetensors", hubUrl, accessToken: token });
    assert.equal(sha256(Buffer.from(await blob.arrayBuffer())), file.lfs.oid);
    await assert.rejects(downloadFile({ repo: "org/private", path: "weights.safetensors", hubUrl }));
  });

  await check("xet:false downloads the plain bytes from /cdn/", async () => {
    const file = await entry("org/xet", "model.safetensors", rev1);
    const log = await logOf(async () => {
      const blob = await downloadFile({ repo: "org/xet", path: "model.safetensors", revision: rev1, hubUrl, xet: false });
      assert.equal(sha256(Buffer.from(await blob.arrayBuffer())), file.lfs.oid);
    });
    assert.ok(log.some((r) => r.target === `/cdn/${file.lfs.oid}`), "no /cdn/ request");
    assert.ok(!log.some((r) => r.target.startsWith("/cas/")), "a CAS request without Xet");
  });
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
