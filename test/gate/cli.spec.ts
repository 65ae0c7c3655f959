import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";

interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool's entry as `npm run <tool> -- ...` does, from `cwd`, with npm's INIT_CWD (where the person typed it). */
function tool(name: "gate" | "access" | "outputs" | "adopt", args: string[], initCwd = PROJECT_DIR): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, `tools/${name}/main.ts`), ...args],
      { cwd: PROJECT_DIR, env: { ...process.env, INIT_CWD: initCwd }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const BROKEN_YAML = "test/fixtures/stacks/Pulumi.broken-yaml.yaml";

describe("the tools' help, exit codes and messages", function () {
  this.timeout(240_000);

  for (const name of ["gate", "access", "outputs", "adopt"] as const) {
    it(`npm run ${name} -- --help prints the options and the exit codes, and exits 0`, async function () {
      const run = await tool(name, ["--help"]);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`usage: npm run -s ${name} --`));
      assert.match(run.stdout, /--stack/);
      assert.match(run.stdout, /Exit codes:\n\s+0 /);
      assert.match(run.stdout, /\n\s+2 .*usage or config/);
    });

    it(`npm run ${name} reports a YAML error in one message, without the usage line`, async function () {
      const run = await tool(name, ["--stack", BROKEN_YAML]);
      assert.strictEqual(run.code, 2);
      assert.match(run.stderr, /Pulumi\.broken-yaml\.yaml/);
      assert.match(run.stderr, /line \d+/);
      assert.doesNotMatch(run.stderr, /usage:/);
    });

    it(`npm run ${name} names the stacks that exist when the one asked for does not`, async function () {
      const run = await tool(name, ["--stack", "staging"]);
      assert.strictEqual(run.code, 2);
      assert.match(run.stderr, /no stack file .*Pulumi\.staging\.yaml.*; stacks here: dev, prod/);
      assert.doesNotMatch(run.stderr, /usage:/);
    });

    it(`npm run ${name} without --stack says it is required, with the usage line and exit 2; --help wins over a missing stack`, async function () {
      const run = await tool(name, []);
      assert.strictEqual(run.code, 2);
      assert.match(run.stderr, /^error: --stack is required\n/);
      assert.match(run.stderr, new RegExp(`usage: npm run -s ${name} --`));
      assert.strictEqual((await tool(name, ["--help", "--stack", "no-such-stack"])).code, 0);
    });

    it(`npm run ${name} refuses an unknown option with the usage line and exit 2`, async function () {
      const run = await tool(name, ["--stak", "dev"]);
      assert.strictEqual(run.code, 2);
      assert.match(run.stderr, /--stak/);
      assert.match(run.stderr, new RegExp(`usage: npm run -s ${name} --`));
    });
  }

  it("the access help says it exits 1 when a path to a role lacks MFA", async function () {
    const run = await tool("access", ["--help"]);
    assert.match(run.stdout, /\n\s+1 .*without MFA/);
  });

  it("resolves a stack path against the folder the person typed the command in (INIT_CWD)", async function () {
    const run = await tool("gate", ["--stack", "Pulumi.expired-grant.yaml", "--format", "json"], path.join(PROJECT_DIR, "test/stacks"));
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(JSON.parse(run.stdout).stack, "expired-grant");
  });

  it("prints a config error as a JSON document on stdout with --format json", async function () {
    const run = await tool("gate", ["--stack", "test/stacks/Pulumi.bad-references.yaml", "--format", "json"]);
    assert.strictEqual(run.code, 2);
    const doc = JSON.parse(run.stdout) as { stack: string; passed: boolean; error: { kind: string; message: string } };
    assert.strictEqual(doc.stack, "bad-references");
    assert.strictEqual(doc.passed, false);
    assert.strictEqual(doc.error.kind, "config");
    assert.match(doc.error.message, /iam-baseline:groups\.Administrators\.roles\[1\]: unknown role "Deploy"/);
  });

  it("prints a config error as a markdown step summary with --format markdown", async function () {
    const run = await tool("gate", ["--stack", BROKEN_YAML, "--format", "markdown"]);
    assert.strictEqual(run.code, 2);
    assert.match(run.stdout, /^### IAM gate: stack `broken-yaml` could not run ❌/);
    assert.match(run.stdout, /```\n.*Pulumi\.broken-yaml\.yaml/);
  });

  it("refuses a misspelt policy pack option in one line, with the option meant", async function () {
    const run = await tool("gate", ["--stack", "dev", "--policy-pack-config", "test/fixtures/packConfigs/misspelt-option.json"]);
    assert.strictEqual(run.code, 2, run.stdout);
    assert.match(run.stderr, /iam-role-trust-requires-mfa: unknown option "allowedPrincipal" in the policy pack config; did you mean allowedPrincipals\? Known options: allowedPrincipals, exemptRoles/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  });

  it("refuses an invalid enforcement level in one line, without a stack trace", async function () {
    const run = await tool("gate", ["--stack", "dev", "--policy-pack-config", "test/fixtures/packConfigs/bad-level.json"]);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /bad-level\.json: .*"mandatroy" is not a valid enforcement level/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    assert.strictEqual(run.stderr.trim().split("\n").filter((l) => l.startsWith("error:")).length, 1);
  });
});
