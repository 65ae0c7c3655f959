import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildOnce, newestTsMtime } from "../../tools/build/buildOnce";
import { PROJECT_DIR } from "../support/stacks";

/** A process that calls buildOnce on `out`, compiling slowly and counting its builds in `count`. */
const BUILDER = `
const fs = require("fs");
const path = require("path");
const { buildOnce } = require(${JSON.stringify(path.join(PROJECT_DIR, "tools/build/buildOnce.ts"))});
const [out, count] = process.argv.slice(1); // with -e there is no script path in argv
buildOnce(out, () => fs.existsSync(path.join(out, "done.js")), (tmp) => {
  fs.appendFileSync(count, "x");
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(tmp, "half.js"), "");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  fs.writeFileSync(path.join(tmp, "done.js"), "");
});
`;

function runBuilder(out: string, count: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", BUILDER, out, count], { cwd: PROJECT_DIR }, (err) => (err ? reject(err) : resolve())),
  );
}

describe("building compiled output that several processes need at once (tools/build/buildOnce)", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "build-once-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("builds once when four processes find the output stale together, and leaves no lock or temporary folder", async function () {
    const out = path.join(dir, "bin");
    const count = path.join(dir, "count");
    await Promise.all([1, 2, 3, 4].map(() => runBuilder(out, count)));
    assert.strictEqual(fs.readFileSync(count, "utf8"), "x", "one build");
    assert.deepStrictEqual(fs.readdirSync(out).sort(), ["done.js", "half.js"]);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["bin", "count"]);
  });

  it("swaps the new build in whole and does not build when the output is fresh", function () {
    const out = path.join(dir, "bin");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "stale.js"), "");
    let fresh = false;
    assert.strictEqual(buildOnce(out, () => fresh, (tmp) => (fs.mkdirSync(tmp), fs.writeFileSync(path.join(tmp, "new.js"), ""))), true);
    assert.deepStrictEqual(fs.readdirSync(out), ["new.js"], "the old build is gone, not mixed in");
    fresh = true;
    assert.strictEqual(buildOnce(out, () => fresh, () => assert.fail("must not build")), false);
  });

  it("reads the newest TypeScript time of a file or a folder, skipping what it is told to", function () {
    fs.mkdirSync(path.join(dir, "src", "skipped"), { recursive: true });
    fs.writeFileSync(path.join(dir, "src", "a.ts"), "");
    fs.writeFileSync(path.join(dir, "src", "skipped", "b.ts"), "");
    fs.utimesSync(path.join(dir, "src", "a.ts"), new Date(1_000_000), new Date(1_000_000));
    fs.utimesSync(path.join(dir, "src", "skipped", "b.ts"), new Date(2_000_000), new Date(2_000_000));
    assert.strictEqual(newestTsMtime(path.join(dir, "src")), 2_000_000);
    assert.strictEqual(newestTsMtime(path.join(dir, "src"), (p) => p.endsWith("skipped")), 1_000_000);
    assert.strictEqual(newestTsMtime(path.join(dir, "src", "a.ts")), 1_000_000);
    assert.strictEqual(newestTsMtime(path.join(dir, "missing")), 0);
  });
});
