import * as assert from "assert";
import { gate, gateJson as json, mandatoryPolicies } from "../support/gate";

describe("the offline gate (npm run gate)", function () {
  this.timeout(180_000);

  before(function () {
    // The runs are independent processes: start them together, the tests then read their results.
    for (const stack of ["dev", "prod"]) gate("--stack", stack);
    gate("--stack", "test/stacks/Pulumi.mistake-trust-escape-hatch.yaml", "--format", "json");
    gate("--stack", "test/stacks/Pulumi.mistake-broad-deny.yaml", "--format", "json");
    gate("--project", "test/programs/raw-mistakes", "--stack", "mistakes", "--format", "json");
  });

  for (const stack of ["dev", "prod"]) {
    it(`passes the committed ${stack} stack with its pack config, and prints the plan`, async function () {
      const run = await gate("--stack", stack);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Plan for stack ${stack} \\(\\d+ resources`));
      assert.match(run.stdout, /aws:iam\/role:Role\s+Admin@identity/);
      assert.match(run.stdout, new RegExp(`with policypack/config/${stack}.json`));
      assert.match(run.stdout, new RegExp(`PASSED: stack ${stack}`));
      assert.match(run.stderr, /\[gate\] running the program/, "progress goes to stderr");
    });
  }

  it("fails a stack whose role trust gets a statement without MFA through the escape hatch", async function () {
    const { code, report } = await json("--stack", "test/stacks/Pulumi.mistake-trust-escape-hatch.yaml");
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(mandatoryPolicies(report), ["iam-role-trust-requires-mfa"]);
    assert.match(report.violations[0].message, /Sid "LegacyScripts" lets arn:aws:iam::111111111111:root assume the role with long-term access keys/);
  });

  it("fails a stack with a role that denies everything", async function () {
    const { code, report } = await json("--stack", "test/stacks/Pulumi.mistake-broad-deny.yaml");
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(mandatoryPolicies(report), ["iam-deny-not-overly-broad"]);
  });

  it("fails another program's raw MFA-less role and inline admin user, and blocks the admin paths, with this project's pack by default", async function () {
    const { code, report } = await json("--project", "test/programs/raw-mistakes", "--stack", "mistakes");
    assert.strictEqual(report.policyPack.split("@")[0], "iam-guardrails");
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(mandatoryPolicies(report), ["iam-no-admin-path-without-mfa", "iam-role-trust-requires-mfa", "iam-user-no-inline-admin"]);
    assert.deepStrictEqual(report.summary, {
      mandatory: report.violations.filter((v) => v.level === "mandatory").length,
      advisory: report.violations.filter((v) => v.level === "advisory").length,
      notRun: 0,
      notSeen: 0,
    });
    assert.strictEqual(report.complete, true);
    for (const v of report.violations) assert.deepStrictEqual(Object.keys(v).sort(), ["level", "message", "policy", "severity", "urn"]);
  });

  it("passes a stack whose time-boxed grant expired, and reports the program's warnings", async function () {
    const { code, report } = await json("--stack", "test/stacks/Pulumi.expired-grant.yaml");
    assert.strictEqual(code, 0);
    assert.ok(report.passed);
    assert.ok(report.warnings.some((w) => /iam-baseline:roles\.Incident\.validUntil: the time-boxed grant Incident \(Incident@identity\) expired at 2020-01-01T00:00:00Z/.test(w)), report.warnings.join("\n"));
  });

  it("writes a markdown report for a pull request", async function () {
    const run = await gate("--stack", "test/stacks/Pulumi.mistake-trust-escape-hatch.yaml", "--format", "markdown");
    assert.strictEqual(run.code, 1);
    assert.match(run.stdout, /^### IAM gate: stack `mistake-trust-escape-hatch` failed ❌/);
    assert.match(run.stdout, /\| mandatory \| `iam-role-trust-requires-mfa` \| `Admin@identity \(aws:iam\/role:Role\)` \|/);
  });

  it("exits 2 with a clear message on a config error, a missing stack and a bad flag", async function () {
    const bad = await gate("--stack", "test/stacks/Pulumi.bad-references.yaml");
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /Pulumi\.bad-references\.yaml: iam-baseline:groups\.Administrators\.roles\[1\]: unknown role "Deploy"/);
    const missing = await gate("--stack", "staging");
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /no stack file .*Pulumi\.staging\.yaml/);
    const flag = await gate("--stak", "dev");
    assert.strictEqual(flag.code, 2);
    assert.match(flag.stderr, /usage: npm run -s gate/);
  });
});
