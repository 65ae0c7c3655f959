import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { PROJECT_DIR } from "../support/stacks";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { stack: string[] } };
  steps: Step[];
}

describe("the CI workflow for users (.github/workflows/iam-gate.yml)", function () {
  const file = path.join(PROJECT_DIR, ".github/workflows/iam-gate.yml");
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  const wf = doc.toJS() as { on: Record<string, unknown>; jobs: Record<string, Job>; permissions: Record<string, string> };

  it("is valid YAML", function () {
    assert.deepStrictEqual(doc.errors, []);
  });

  it("runs on pull requests with read-only default permissions", function () {
    assert.ok("pull_request" in wf.on);
    assert.deepStrictEqual(wf.permissions, { contents: "read" });
  });

  it("runs the offline gate for dev and prod with no credentials, as a step summary", function () {
    const job = wf.jobs["offline-gate"];
    assert.deepStrictEqual(job.strategy?.matrix.stack, ["dev", "prod"]);
    assert.ok(job.steps.some((s) => s.run === "npm ci"));
    const gate = job.steps.find((s) => s.run?.includes("npm run --silent gate"))!;
    assert.match(gate.run!, /--stack \$\{\{ matrix\.stack \}\} --format markdown \| tee -a "\$GITHUB_STEP_SUMMARY"/);
    assert.match(gate.run!, /set -o pipefail/, "a failing gate fails the job despite the pipe");
    assert.ok(!JSON.stringify(job).includes("secrets."), "no secret is used by the offline gate");
  });

  it("previews with the policy pack through pulumi/actions only where AWS OIDC is configured", function () {
    const job = wf.jobs.preview;
    assert.strictEqual(job.needs, "offline-gate");
    assert.match(job.if ?? "", /vars\.AWS_ROLE_ARN != ''/);
    assert.strictEqual(job.permissions?.["id-token"], "write");
    const pulumi = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    assert.strictEqual(pulumi.with?.command, "preview");
    assert.strictEqual(pulumi.with?.policyPacks, "policypack");
    assert.strictEqual(pulumi.with?.policyPackConfigs, "policypack/config/${{ matrix.stack }}.json");
    assert.match(String(pulumi.with?.["pulumi-version"]), /^\d+\.\d+\.\d+$/, "the CLI version is pinned");
    for (const stack of job.strategy!.matrix.stack) assert.ok(fs.existsSync(path.join(PROJECT_DIR, `policypack/config/${stack}.json`)));
  });

  it("pins every action to a major version", function () {
    for (const job of Object.values(wf.jobs)) for (const s of job.steps) if (s.uses) assert.match(s.uses, /^[\w-]+\/[\w-]+@v\d+$/, s.uses);
  });
});
