/**
 * The proof that a user outside this repository can use it: both tarballs packed, an empty
 * project with the compiler settings of Pulumi's `aws-typescript` template
 * (test/fixtures/consumer/tsconfig.json), `iam-baseline` installed from its tarball with
 * `@pulumi/pulumi` and `@pulumi/aws` (the repository's installed copies, linked: offline and fast),
 * the program type-checked with TypeScript 5 and 6, then run through the gate with the pack
 * installed on its own from its tarball: PASSED, and a mistake in the program caught with exit 1.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";
import { mustRun, npmPack, PACK_SOURCE_DIR, run, tempDir, unpackAndInstall } from "../support/tarballs";

const FIXTURE = path.join(PROJECT_DIR, "test/fixtures/consumer");
const LINKED = ["@pulumi/pulumi", "@pulumi/aws", "@types/node"]; // the template's own dependencies
const tsc = (pkg: string) => path.join(PROJECT_DIR, "node_modules", pkg, "bin", "tsc");

type Result = { code: number; stdout: string; stderr: string };

async function makeConsumer(tarball: string): Promise<string> {
  const dir = tempDir("consumer");
  for (const f of ["tsconfig.json", "Pulumi.yaml", "Pulumi.proof.yaml", "index.ts"]) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "iam-consumer", version: "1.0.0", main: "index.ts", dependencies: { "iam-baseline": `file:${tarball}` } }, null, 2));
  // The peers (@pulumi/*) are linked from this repository below instead of being resolved again.
  await mustRun("npm", ["install", "--omit=peer", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], dir);
  for (const pkg of LINKED) {
    fs.mkdirSync(path.dirname(path.join(dir, "node_modules", pkg)), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", pkg), path.join(dir, "node_modules", pkg), "dir");
  }
  return dir;
}

const gate = (project: string, packDir: string): Promise<Result> =>
  run("npm", ["run", "--silent", "gate", "--", "--project", project, "--stack", path.join(project, "Pulumi.proof.yaml"), "--policy-pack", packDir], PROJECT_DIR);

describe("iam-baseline installed from its tarball in a project outside this repository", function () {
  this.timeout(900_000);
  let consumer: string;
  let mistaken: string;
  let packDir: string;
  let ts5: Promise<Result>;
  let ts6: Promise<Result>;

  before(async function () {
    const libTarball = await npmPack(PROJECT_DIR); // its prepare builds dist/ and the pack's bin/
    const packTarball = await npmPack(PACK_SOURCE_DIR);
    [consumer, mistaken, packDir] = await Promise.all([makeConsumer(libTarball), makeConsumer(libTarball), unpackAndInstall(packTarball)]);
    // The mistake users make: an admin policy put straight on a user.
    fs.appendFileSync(
      path.join(mistaken, "index.ts"),
      `\nimport * as aws from "@pulumi/aws";\nnew aws.iam.UserPolicy("dave-admin", { user: "dave", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });\n`,
    );
    // Type-check with both compilers at once: each takes a while over @pulumi/aws's typings.
    ts5 = run(process.execPath, [tsc("typescript"), "--noEmit", "-p", consumer], consumer);
    // TypeScript 6 deprecates the template's "moduleResolution": "node" (TS5107) and says to add ignoreDeprecations.
    const ts6Config = path.join(consumer, "tsconfig.ts6.json");
    const template = JSON.parse(fs.readFileSync(path.join(consumer, "tsconfig.json"), "utf8"));
    fs.writeFileSync(ts6Config, JSON.stringify({ ...template, compilerOptions: { ...template.compilerOptions, ignoreDeprecations: "6.0" } }, null, 2));
    ts6 = run(process.execPath, [tsc("typescript6"), "--noEmit", "-p", ts6Config], consumer);
  });
  after(function () {
    for (const d of [consumer, mistaken, packDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("installs compiled JavaScript with typings, its runtime dependencies and their types, and no TypeScript source", function () {
    const pkgDir = path.join(consumer, "node_modules", "iam-baseline");
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    assert.strictEqual(pkg.private, undefined);
    assert.strictEqual(pkg.license, "Apache-2.0");
    assert.deepStrictEqual(Object.keys(pkg.peerDependencies).sort(), ["@pulumi/aws", "@pulumi/pulumi"]);
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const sources = files(pkgDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    assert.deepStrictEqual(sources, []);
    for (const entry of [".", "./components", "./config", "./iam"]) {
      const target = pkg.exports[entry];
      assert.ok(fs.existsSync(path.join(pkgDir, target.default)) && fs.existsSync(path.join(pkgDir, target.types)), entry);
    }
    const installed = (dep: string) => [pkgDir, consumer].some((d) => fs.existsSync(path.join(d, "node_modules", dep, "package.json")));
    for (const dep of Object.keys(pkg.dependencies)) assert.ok(installed(dep), `${dep} is not installed`);
    assert.ok(Object.keys(pkg.dependencies).includes("@types/ini"), "the types of every runtime dependency are declared (ini has none of its own)");
    const exported = require(require.resolve("iam-baseline", { paths: [consumer] })) as Record<string, unknown>;
    for (const name of ["IdentityLayout", "MfaAssumableRole", "IdentityGroup", "Person", "SelfServiceMfaGroup", "resolveLayout", "layoutConfigJsonSchema", "mfaTrustPolicy", "assumeRolesPolicy", "selfServiceMfaPolicy"]) {
      assert.strictEqual(typeof exported[name], "function", name);
    }
  });

  it("type-checks a program importing from iam-baseline under the aws-typescript template with TypeScript 5", async function () {
    const r = await ts5;
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
  });

  it("type-checks the same program with TypeScript 6", async function () {
    const r = await ts6;
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
  });

  it("runs through the gate with the pack from its tarball: PASSED, exit 0", async function () {
    const r = await gate(consumer, packDir);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /PASSED/);
    assert.match(r.stdout, /iam-baseline:roles:MfaAssumableRole/);
  });

  it("catches a mistake in that program with exit 1, naming the policy", async function () {
    const r = await gate(mistaken, packDir);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /iam-user-no-inline-admin/);
    assert.doesNotMatch(r.stdout, /PASSED/);
  });
});
