/**
 * The policy pack as an organisation publishes it: `npm pack` in policypack/ gives a tarball
 * that, unpacked in an empty folder with only its declared dependencies installed, runs under
 * `run-policy-pack` as the CLI starts it and passes the engine tests.
 */
import * as assert from "assert";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import { npmPack, PACK_SOURCE_DIR, run, tarballFiles, unpackAndInstall } from "../support/tarballs";
import { PROJECT_DIR } from "../support/stacks";

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : jsFiles(p);
    return e.name.endsWith(".js") ? [p] : [];
  });
}

describe("the policy pack tarball (npm pack in policypack/)", function () {
  this.timeout(600_000);
  let tarball: string;
  let files: string[];
  let installed: string;

  before(async function () {
    tarball = await npmPack(PACK_SOURCE_DIR);
    files = await tarballFiles(tarball);
    installed = await unpackAndInstall(tarball);
  });
  after(() => installed && fs.rmSync(installed, { recursive: true, force: true }));

  it("holds compiled JavaScript, PulumiPolicy.yaml, the pack configs and the shared IAM code, and no TypeScript", function () {
    for (const f of ["package.json", "PulumiPolicy.yaml", "README.md", "bin/policypack/index.js", "bin/lib/iam/parse.js", "config/prod.json"]) assert.ok(files.includes(f), `${f} missing from ${files.join(", ")}`);
    assert.deepStrictEqual(files.filter((f) => f.endsWith(".ts")), []);
  });

  it("is ready for pulumi policy publish: a name, a version, not private, its main file inside", function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    assert.strictEqual(pkg.name, "iam-guardrails");
    assert.match(pkg.version, /^\d+\.\d+\.\d+/);
    assert.strictEqual(pkg.private, undefined);
    assert.strictEqual(pkg.license, "Apache-2.0");
    assert.ok(fs.existsSync(path.join(installed, pkg.main)), pkg.main);
    assert.match(fs.readFileSync(path.join(installed, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs/m);
  });

  it("loads nothing from outside itself but its declared dependencies", function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    const declared = new Set(Object.keys(pkg.dependencies));
    const strays: string[] = [];
    for (const file of jsFiles(installed)) {
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/require\("([^"]+)"\)/g)) {
        if (spec.startsWith(".")) {
          const target = require.resolve(path.resolve(path.dirname(file), spec));
          if (!target.startsWith(installed + path.sep)) strays.push(`${path.relative(installed, file)} -> ${spec}`);
        } else {
          const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
          if (!declared.has(name) && !builtinModules.includes(name.replace(/^node:/, ""))) strays.push(`${path.relative(installed, file)} -> ${spec} (undeclared)`);
        }
      }
    }
    assert.deepStrictEqual(strays, []);
  });

  it("passes the engine tests when started from that folder", async function () {
    const r = await run(
      process.execPath,
      [require.resolve("mocha/bin/mocha.js"), "--no-config", "-r", "ts-node/register/transpile-only", "--extension", "ts", "--timeout", "180000", "policypack/test/engine.spec.ts"],
      PROJECT_DIR,
      { ...process.env, IAM_GUARDRAILS_PACK_DIR: installed, TS_NODE_TRANSPILE_ONLY: "true" },
    );
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\d+ passing/);
    assert.doesNotMatch(r.stdout, /failing|pending/);
  });
});
