/**
 * The gate on programs written the way teams write them (test/programs/): ES-module TypeScript
 * with the current templates' `"module": "nodenext"`, the template's CommonJS layout, plain
 * CommonJS and ES-module JavaScript, documents from `aws.iam.getPolicyDocument`, invokes, a
 * failing apply and multi-language components. Each program's findings, in both views.
 */
import * as assert from "assert";
import { GateReport } from "../../tools/gate/report";
import { gate, gateJson, mandatoryPolicies } from "../support/gate";

const program = (name: string) => `test/programs/${name}`;
const run = (name: string, stack: string, view: "preview" | "update") => gateJson("--project", program(name), "--stack", stack, "--view", view);
const findings = (r: GateReport, policy: string) => r.violations.filter((v) => v.policy === policy).map((v) => v.urn.split("::").pop());
const notRun = (r: GateReport, policy: string) => r.notRun.filter((n) => n.policy === policy).map((n) => n.urn.split("::").pop());

const CORPUS: [string, string][] = [
  ["esm-nodenext-ts", "ci"],
  ["template-cjs-ts", "staging"],
  ["commonjs-js", "ops"],
  ["esm-js", "shared"],
  ["apply-throws", "dev"],
  ["remote-components", "dev"],
  ["workload-guardrails", "prod"],
  ["ecs-platform-ts", "shared"],
  ["output-after-failed-apply", "ci"],
];

describe("the gate on a corpus of real-world-shaped programs", function () {
  this.timeout(300_000);

  before(function () {
    for (const [name, stack] of CORPUS) for (const view of ["preview", "update"] as const) run(name, stack, view);
  });

  for (const [name, stack] of CORPUS) {
    it(`runs ${name} in both views without a harness error, with no mock ARN in any message`, async function () {
      for (const view of ["preview", "update"] as const) {
        const { code, report, stderr } = await run(name, stack, view);
        assert.ok(code === 0 || code === 1, `${name} (${view}) exited ${code}:\n${stderr}`);
        assert.strictEqual(report.view, view);
        assert.ok(report.resources > 0);
        assert.ok(!JSON.stringify(report).includes("arn:mock"), "no mock-shaped ARN reaches a message");
      }
    });
  }

  describe("an ES-module TypeScript program with the template's nodenext tsconfig", function () {
    it("fails the break-glass role whose getPolicyDocument trust admits the caller's account root without MFA", async function () {
      const { code, report } = await run("esm-nodenext-ts", "ci", "update");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(findings(report, "iam-role-trust-requires-mfa").filter((n) => n === "break-glass"), ["break-glass"]);
      const message = report.violations.find((v) => v.policy === "iam-role-trust-requires-mfa" && v.urn.endsWith("::break-glass"))!.message;
      assert.match(message, /arn:aws:iam::123456789012:root/, "the account comes from getCallerIdentity, the document from getPolicyDocument");
    });

    it("at preview, cannot check the deployer's trust built from the runner role's ARN, and says so", async function () {
      const { report } = await run("esm-nodenext-ts", "ci", "preview");
      assert.ok(notRun(report, "iam-role-trust-requires-mfa").includes("deployer"), JSON.stringify(report.notRun));
      assert.ok(findings(report, "iam-role-trust-requires-mfa").includes("break-glass"), "a trust known at preview is still checked");
      assert.strictEqual(report.complete, false);
    });
  });

  describe("a CommonJS TypeScript program laid out as `pulumi new aws-typescript` lays it out", function () {
    it("fails the role policy that launches instances with PassRole on every role, with the account the stack allows", async function () {
      const { code, report } = await run("template-cjs-ts", "staging", "update");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(mandatoryPolicies(report), ["iam-no-privilege-escalation"]);
      assert.deepStrictEqual(findings(report, "iam-no-privilege-escalation"), ["web-app"]);
      assert.deepStrictEqual(findings(report, "iam-no-passrole-star"), ["web-app"]);
      assert.deepStrictEqual(report.defaultAccount, { id: "210987654321", source: "the stack's aws provider config" });
    });

    it("at preview, cannot read the policy built from the bucket's ARN: listed as not run, not passed", async function () {
      const { report } = await run("template-cjs-ts", "staging", "preview");
      assert.deepStrictEqual(report.violations.filter((v) => v.urn.endsWith("::web-app")), []);
      assert.ok(notRun(report, "iam-no-passrole-star").includes("web-app"), JSON.stringify(report.notRun));
      assert.ok(notRun(report, "iam-no-privilege-escalation").includes("web-app"), JSON.stringify(report.notRun));
    });
  });

  describe("a plain JavaScript CommonJS program", function () {
    for (const view of ["preview", "update"] as const) {
      it(`flags the group's sts:AssumeRole on a role wildcard and passes the MFA trust built from invokes (${view})`, async function () {
        const { code, report } = await run("commonjs-js", "ops", view);
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(findings(report, "iam-assume-role-explicit-resources"), ["ops-assume-admin"]);
        assert.deepStrictEqual(findings(report, "iam-role-trust-requires-mfa"), []);
        assert.deepStrictEqual(notRun(report, "iam-role-trust-requires-mfa"), [], "getPartition and getCallerIdentity are known at preview");
      });
    }
  });

  describe("an ES-module JavaScript program", function () {
    for (const view of ["preview", "update"] as const) {
      it(`fails the public trust and passes the one narrowed to the organisation from getOrganization (${view})`, async function () {
        const { code, report } = await run("esm-js", "shared", view);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(findings(report, "iam-trust-no-public-principal"), ["partner-reader"]);
        assert.strictEqual(report.defaultAccount?.id, "333333333333");
      });
    }
  });

  describe("a program with an apply that throws", function () {
    it("still checks everything else and reports the failed apply where it was thrown", async function () {
      const { code, report } = await run("apply-throws", "dev", "update");
      assert.strictEqual(code, 1);
      assert.ok(mandatoryPolicies(report).includes("iam-user-no-inline-admin"));
      const failed = report.notSeen.filter((n) => n.kind === "apply-error");
      assert.strictEqual(failed.length, 1, JSON.stringify(report.notSeen));
      assert.match(failed[0].detail, /Unexpected end of JSON input \(at index\.ts:\d+:\d+\)/);
      assert.strictEqual(report.complete, false);
    });

    it("prints the verdict as incomplete", async function () {
      const text = await gate("--project", program("apply-throws"), "--stack", "dev", "--view", "update");
      assert.match(text.stdout, /FAILED: stack dev, \d+ mandatory violation\(s\), \d+ advisory\. INCOMPLETE: 0 check\(s\) could not run during preview, 1 thing\(s\) not seen\./);
      assert.match(text.stdout, /an apply failed/);
    });
  });

  describe("a program whose workloads deny themselves IAM (role policy, attached managed policy, inline), and people given the same Deny", function () {
    for (const view of ["preview", "update"] as const) {
      it(`passes the workloads' guardrails and fails only the operators' role policy and the managed policy a group also holds (${view})`, async function () {
        const { code, report } = await run("workload-guardrails", "prod", view);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(mandatoryPolicies(report), ["iam-deny-not-overly-broad"]);
        assert.deepStrictEqual(findings(report, "iam-deny-not-overly-broad").sort(), ["operators-no-iam", "shared-no-iam"]);
        assert.deepStrictEqual(notRun(report, "iam-deny-not-overly-broad"), [], "decided at preview: the roles are found through their dependencies");
        for (const v of report.violations.filter((x) => x.policy === "iam-deny-not-overly-broad")) {
          assert.match(v.message, /it locks people out of every iam action \(it is held by (role operators-[0-9a-f]{7}, whose trust admits people|group developers-[0-9a-f]{7})\)\. .*\[DENY001 at policy:\$\.Statement\[0\]\.Action\]$/);
          assert.doesNotMatch(v.message, /Pulumi state/, "iam:* cannot block the state bucket");
        }
      });
    }
  });

  describe("a program written the way the public AWS examples write them", function () {
    for (const view of ["preview", "update"] as const) {
      it(`runs with resources passed as inputs, SSM's recommended-AMI document and the Pulumi organization, and fails the deploy role any stack can assume (${view})`, async function () {
        const { code, report } = await run("ecs-platform-ts", "shared", view);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(mandatoryPolicies(report), ["iam-web-identity-trust-pins-subject"]);
        assert.deepStrictEqual(findings(report, "iam-web-identity-trust-pins-subject"), ["pulumi-deployments"]);
        assert.deepStrictEqual(report.notSeen, [], "no apply failed, no function went unanswered");
        assert.strictEqual(report.iamResources, 6);
      });
    }
  });

  describe("a program with a failed apply and a stack output that never settles", function () {
    for (const view of ["preview", "update"] as const) {
      it(`still checks everything else and names the output it could not wait for (${view})`, async function () {
        const { code, report } = await run("output-after-failed-apply", "ci", view);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(mandatoryPolicies(report), ["iam-no-admin-path-without-mfa", "iam-user-no-inline-admin"]);
        assert.strictEqual(report.notSeen.length, 2, JSON.stringify(report.notSeen));
        assert.match(report.notSeen[0].detail, /Expected ',' or '}' after property value in JSON .*\(at index\.js:\d+:\d+\)/);
        assert.deepStrictEqual(report.notSeen[1], {
          kind: "output-error",
          detail: "stack output registryEndpoint never settled: the program went idle waiting for it (a value that never resolves, as one that depends on a failed apply can)",
        });
        assert.strictEqual(report.complete, false);
      });
    }
  });

  describe("a program built on multi-language components", function () {
    for (const view of ["preview", "update"] as const) {
      it(`names the awsx and eks components whose insides it could not see, and passes only what it saw (${view})`, async function () {
        const { code, report } = await run("remote-components", "dev", view);
        assert.strictEqual(code, 0);
        const remote = report.notSeen.filter((n) => n.kind === "remote-component").map((n) => n.urn!.split("::").slice(2).join("::"));
        assert.deepStrictEqual(remote.sort(), ["awsx:ec2:Vpc::platform", "eks:index:Cluster::platform"]);
        assert.strictEqual(report.complete, false);
        assert.strictEqual(report.defaultAccount?.id, "444444444444", "the account of the stack's aws:assumeRoles");
      });
    }

    it("says so in the markdown comment", async function () {
      const md = await gate("--project", program("remote-components"), "--stack", "dev", "--format", "markdown");
      assert.match(md.stdout, /\*\*Not checked\*\* \(not passed either\)/);
      assert.match(md.stdout, /multi-language component, insides not seen `platform \(eks:index:Cluster\)`/);
    });
  });
});
