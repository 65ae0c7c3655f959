/**
 * The survey's table: a row per program from what the gate printed (its JSON report or its error
 * document), counts by outcome, the mandatory findings by policy, and the markdown. The real survey
 * runs the gate on public programs and is too heavy for `npm test`: these are fixtures of its output.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { chooseDeps, majorOf, stackConfigFor, substitutePlaceholders } from "../../tools/survey/programs";
import { GateOutput, renderMarkdown, rowOf, skippedRow, summarize, SurveyRow } from "../../tools/survey/table";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/survey", `${name}.json`), "utf8");
const out = (code: number, stdout: string, stderr = ""): GateOutput => ({ code, stdout, stderr });

describe("the survey's table of gate results", function () {
  const rows: SurveyRow[] = [
    rowOf("aws-ts-s3-folder", out(0, fixture("passed"))),
    rowOf("aws-ts-containers", out(0, fixture("incomplete"))),
    rowOf("aws-ts-resources", out(1, fixture("failed"))),
    rowOf("aws-ts-ruby-on-rails", out(2, fixture("error-program"))),
    rowOf("aws-ts-broken", out(134, "", "FATAL ERROR: Reached heap limit\n    at something")),
    skippedRow("aws-ts-vpc-with-ecs-fargate-py/ecs-fargate-python", "runtime python: not a Node.js program"),
  ];

  it("reads a passing report as passed, with its verdict line, resources and IAM resources", function () {
    assert.deepStrictEqual(rows[0], {
      program: "aws-ts-s3-folder",
      outcome: "passed",
      exitCode: 0,
      verdict: "PASSED: stack survey, 6 resources, no mandatory violation (0 advisory).",
      resources: 6,
      iamResources: 0,
      mandatory: [],
      advisory: [],
      notSeen: [],
      notRun: 0,
      components: [],
    });
  });

  it("reads a passing report with things not seen as incomplete, naming the components by type and counting repeats", function () {
    assert.strictEqual(rows[1].outcome, "incomplete");
    assert.deepStrictEqual(rows[1].notSeen, [
      "awsx:ecr:Image (multi-language component) x2",
      "awsx:ecs:FargateService (multi-language component)",
      "provider function aws:route53/getZone:getZone (answered without a model)",
    ]);
    assert.deepStrictEqual(rows[1].advisory, ["iam-user-no-direct-policies"]);
    assert.deepStrictEqual(rows[1].components, ["awsx:ecr:Image", "awsx:ecs:FargateService"]);
  });

  it("reads exit 1 as failed, with each mandatory policy and how many findings it has", function () {
    assert.strictEqual(rows[2].outcome, "failed");
    assert.deepStrictEqual(rows[2].mandatory, ["iam-resource-policy-no-public-write", "iam-no-privilege-escalation x2"]);
    assert.match(rows[2].verdict, /^FAILED: stack survey, 3 mandatory violation\(s\), 1 advisory\. INCOMPLETE: 1 check\(s\) could not run during preview, 1 thing\(s\) not seen\.$/);
  });

  it("reads an error document as a gate error, with the program's own error rather than the gate's preamble", function () {
    assert.strictEqual(rows[3].outcome, "error");
    assert.strictEqual(rows[3].verdict, "program error: Cannot find module 'pcloudinit'");
    assert.match(rows[3].error!, /Require stack/);
  });

  it("reads a run without a report as a crash, with the first line of its stderr", function () {
    assert.strictEqual(rows[4].outcome, "error");
    assert.strictEqual(rows[4].exitCode, 134);
    assert.strictEqual(rows[4].verdict, "crash: FATAL ERROR: Reached heap limit");
  });

  it("counts the programs by outcome, their resources, and the programs each mandatory policy fails", function () {
    assert.deepStrictEqual(summarize(rows), {
      programs: 6,
      passed: 1,
      incomplete: 1,
      incompleteBecause: { components: 1, previewOnly: 0, other: 0 },
      failed: 1,
      errors: 2,
      skipped: 1,
      resources: 39,
      iamResources: 7,
      findings: { "iam-resource-policy-no-public-write": ["aws-ts-resources"], "iam-no-privilege-escalation": ["aws-ts-resources"] },
      components: { "awsx:ecr:Image": 1, "awsx:ecs:FargateService": 1 },
    });
  });

  it("renders the counts, the findings and one table row per program, escaping pipes in cells", function () {
    const md = renderMarkdown({ source: "pulumi/examples@40c09b266", date: "2026-11-26", view: "preview" }, rows);
    assert.match(md, /^# The gate on pulumi\/examples@40c09b266\n/);
    assert.match(md, /2026-11-26, view `preview`: 6 programs, 39 resources \(7 IAM\)\./);
    assert.match(md, /- PASSED, everything seen: 1\n- PASSED, INCOMPLETE \(what was not checked is named\): 1: 1 with multi-language components, 0 only with checks .*\n- FAILED with a mandatory finding: 1\n- exit 2 or crash \(the verdict says whose error: the program's, or the gate's\): 2\n- skipped \(not a Node\.js program\): 1/);
    assert.match(md, /Multi-language components not seen \(programs\): `awsx:ecr:Image` 1, `awsx:ecs:FargateService` 1\./);
    assert.match(md, /- `iam-no-privilege-escalation`: aws-ts-resources\n- `iam-resource-policy-no-public-write`: aws-ts-resources/);
    const tableRows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| program") && !l.startsWith("| ---"));
    assert.strictEqual(tableRows.length, 6);
    assert.ok(tableRows.every((l) => l.split(/(?<!\\)\|/).length === 10), "every row has its 8 cells");
    assert.match(md, /\| aws-ts-containers \| 0 \| PASSED: .* \| 5 \| 1 \|  \| iam-user-no-direct-policies \| awsx:ecr:Image \(multi-language component\) x2<br>awsx:ecs:FargateService/);
  });
});

describe("the survey's preparation of a public program", function () {
  it("substitutes the template placeholders as pulumi new does", function () {
    assert.strictEqual(substitutePlaceholders("name: ${PROJECT}\ndescription: ${DESCRIPTION}\n", "aws-typescript", "A minimal AWS program"), "name: aws-typescript\ndescription: A minimal AWS program\n");
  });

  it("gives the stack the survey's defaults, then the template's defaults, then the program's own config", function () {
    const project = { template: { config: { "aws:region": { default: "us-east-1" }, path: { default: "www" }, targetDomain: { description: "no default" } } } };
    assert.deepStrictEqual(stackConfigFor(project, { "aws:region": "us-west-2" }, { targetDomain: "www.example.org" }), { "aws:region": "us-east-1", path: "www", targetDomain: "www.example.org" });
  });

  it("reads the major version a dependency asks for", function () {
    assert.deepStrictEqual(["^3.1.0", "2.22.0", "~4.2", "latest", "*", ">=3.0.0"].map(majorOf), [3, 2, 4, undefined, undefined, 3]);
  });

  it("picks the shared install whose @pulumi packages have the major versions the program asks for", function () {
    const installs = [
      { dir: "main", versions: { "@pulumi/pulumi": "3.248.0", "@pulumi/aws": "7.48.0", "@pulumi/awsx": "3.9.0" } },
      { dir: "awsx2", versions: { "@pulumi/pulumi": "3.248.0", "@pulumi/aws": "7.48.0", "@pulumi/awsx": "2.22.0" } },
    ];
    assert.strictEqual(chooseDeps({ "@pulumi/pulumi": "3.228.0", "@pulumi/awsx": "2.22.0" }, installs), "awsx2");
    assert.strictEqual(chooseDeps({ "@pulumi/pulumi": "^3.0.0", "@pulumi/awsx": "^3.0.0" }, installs), "main");
    assert.strictEqual(chooseDeps({ "@pulumi/aws": "latest" }, installs), "main", "the first on a tie");
  });
});
