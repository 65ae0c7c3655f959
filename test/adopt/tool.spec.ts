import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PulumiImportFile } from "../../tools/adopt/importFile";
import type { AdoptReport } from "../../tools/adopt/report";
import { PROJECT_DIR, runStack } from "../support/stacks";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run adopt -- ...` as a user runs it from `initCwd` (npm starts it in the project and keeps that folder in INIT_CWD). */
function adoptFrom(initCwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd: PROJECT_DIR, env: { ...process.env, INIT_CWD: initCwd }, maxBuffer: 16 << 20 };
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, "tools/adopt/main.ts"), ...args], options, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const adopt = (...args: string[]) => adoptFrom(PROJECT_DIR, ...args);

const stackFile = (name: string) => `test/stacks/Pulumi.${name}.yaml`;

describe("npm run adopt", function () {
  this.timeout(120_000);

  for (const stack of ["adopt-seed000", "adopt-seed001", "adopt-seed003"]) {
    it(`prints the committed report for ${stack}, identity by identity`, async function () {
      const run = await adopt("--stack", stackFile(stack));
      assert.strictEqual(run.code, 0, run.stderr);
      const file = path.join(PROJECT_DIR, "test/snapshots", `${stack}.adopt.txt`);
      if (process.env.UPDATE_SNAPSHOTS === "1") fs.writeFileSync(file, run.stdout);
      assert.strictEqual(run.stdout, fs.readFileSync(file, "utf8"));
    });
  }

  it("exits 1 on a refused config and prints each refusal with its fix", async function () {
    const run = await adopt("--stack", stackFile("adopt-refused"), "--format", "json");
    assert.strictEqual(run.code, 1);
    const report = JSON.parse(run.stdout) as AdoptReport;
    assert.strictEqual(report.refused, true);
    assert.deepStrictEqual(report.identities.filter((i) => i.status === "refused").map((i) => `${i.kind} ${i.name}`), ["role AdminRole", "user jane"]);
    assert.match(report.identities[0].reason!, /set roles\.AdminRole\.path: "\/"$/);
  });

  it("writes the pulumi import --file JSON of exactly what the program imports, with the component parents", async function () {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "adopt-spec-")), "import.json");
    const [run, program] = await Promise.all([adopt("--stack", stackFile("adopt-seed003"), "--write-import-file", out), runStack("adopt-seed003")]);
    assert.strictEqual(run.code, 0, run.stderr);
    const file = JSON.parse(fs.readFileSync(out, "utf8")) as PulumiImportFile;
    const custom = file.resources.filter((r) => !r.component);
    assert.deepStrictEqual(
      custom.map((r) => `${r.type} ${r.logicalName} ${r.id}`).sort(),
      program.resources.filter((r) => r.importId).map((r) => `${r.type} ${r.name} ${r.importId}`).sort(),
    );
    const names = new Set(file.resources.map((r) => r.name));
    assert.strictEqual(names.size, file.resources.length, "names are unique in the file");
    for (const r of file.resources) if (r.parent) assert.ok(names.has(r.parent), `${r.name}'s parent ${r.parent} is in the file`);
    assert.deepStrictEqual(file.resources.filter((r) => r.component).map((r) => r.type).sort(), [
      "iam-baseline:identity:IdentityGroup",
      "iam-baseline:identity:Person",
      "iam-baseline:index:IdentityLayout",
      "iam-baseline:roles:MfaAssumableRole",
    ]);
  });

  it("compares any stack with outputs given by --from, and says how to opt in", async function () {
    const run = await adopt("--stack", "dev", "--from", "test/fixtures/adopt/seed003");
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stdout, /~ adopted with in-place changes\s+group Administrators in 111111111111 \(groups\.Administrators\)/);
    assert.match(run.stdout, /· left alone\s+user jane in 111111111111/);
    assert.match(run.stdout, /\+ created\s+role PowerUser in 222222222222 \(roles\.PowerUser@sandbox\)\n\s+note: no get-account-authorization-details output of account 222222222222/);
    assert.match(run.stdout, /To adopt, add to Pulumi\.dev\.yaml:\n  iam-baseline:adopt:\n    from: \[test\/fixtures\/adopt\/seed003\]\n    identities: all/);
  });

  it("resolves --stack, --from and --write-import-file against the folder the person typed the command in", async function () {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-caller-"));
    try {
      const callerDir = path.join(PROJECT_DIR, "test/fixtures/adopt");
      const run = await adoptFrom(callerDir, "--stack", "../../stacks/Pulumi.adopt-seed003.yaml", "--from", "seed003", "--write-import-file", path.relative(callerDir, path.join(out, "import.json")));
      assert.strictEqual(run.code, 0, run.stderr);
      assert.ok(fs.existsSync(path.join(out, "import.json")), "the import file is written where the caller's relative path points");
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("refuses to run without outputs to compare with, naming the stack file", async function () {
    const run = await adopt("--stack", "dev");
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /^error: Pulumi\.dev\.yaml has no iam-baseline:adopt: give the AWS CLI outputs with --from <file\|folder>/);
  });
});
