/**
 * The repository as a Pulumi component package for every language, under the real CLI: `pulumi
 * package add <dir>` in a Pulumi YAML project (the plugin started by the Node.js language host,
 * its schema bound against the AWS stand-in's), then the YAML program's components constructed by
 * the plugin (ResourceProvider.Construct) with the AWS stand-in below them, gated by the pack.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineWorkspace, packArgs } from "./support/cli";
import { assertComponentTree, stagePackage, stageProject } from "./support/componentTree";

const PACK_ARGS = packArgs("prod");

/** A small layout and a role of its own, as a YAML user writes them (`extraTrust`: YAML lines added to the role). */
function program(extraTrust = ""): string {
  return `resources:
  people:
    type: iam-baseline:index:IdentityLayout
    properties:
      config:
        environment: dev
        identityAccountId: "111111111111"
        accounts:
          identity: { id: "111111111111" }
        roles:
          ReadOnly: { managedPolicies: [ReadOnlyAccess] }
        groups:
          Readers: { roles: [ReadOnly] }
        users:
          alice: { groups: [Readers], console: true }
  breakGlass:
    type: iam-baseline:index:MfaAssumableRole
    properties:
      roleName: BreakGlass
      accountId: "111111111111"
      identityAccountId: "111111111111"
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
${extraTrust}outputs:
  awsCliConfig: \${people.awsCliConfig}
  breakGlassArn: \${breakGlass.arn}
`;
}

/** A trust statement that lets another account's users assume the role without MFA. */
const TRUST_WITHOUT_MFA = `      additionalTrustStatements:
        - Effect: Allow
          Principal: { AWS: "arn:aws:iam::222222222222:root" }
          Action: sts:AssumeRole
`;

describe("the component package in a Pulumi YAML program under the real engine", function () {
  let ws: EngineWorkspace;
  let plugin: string;
  let project: string;

  before(function () {
    ws = new EngineWorkspace();
    plugin = stagePackage(ws); // the package as a user has it: a folder of its own
    project = stageProject(ws, "name: people\nruntime: yaml\n");
    ws.ok(project, ["stack", "init", "dev"]);
  });
  after(() => ws?.dispose());

  it("is added with `pulumi package add <dir>`, which writes it into Pulumi.yaml's packages", function () {
    const added = ws.ok(project, ["package", "add", plugin]);
    assert.match(added.stdout + added.stderr, /Added package iam-baseline/);
    assert.match(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8"), new RegExp(`^packages:\\n  iam-baseline: ${plugin}$`, "m"));
  });

  it("previews a role whose trust lets people in without MFA as a mandatory violation of the pack", function () {
    fs.appendFileSync(path.join(project, "Pulumi.yaml"), program(TRUST_WITHOUT_MFA));
    const preview = ws.run(project, ["preview", ...PACK_ARGS]);
    const output = preview.stdout + preview.stderr;
    assert.notStrictEqual(preview.code, 0, output);
    assert.match(output, /\+ {2}aws:iam:User alice create/, "the layout's user is planned under the component");
    assert.match(output, /\[mandatory\][^\n]*iam-role-trust-requires-mfa {2}\(aws:iam:Role: breakGlass\)/);
    assert.match(output, /breakGlass assumeRolePolicy statement #2 lets arn:aws:iam::222222222222:root assume the role with long-term access keys[^\n]*\[MFA001 at assumeRolePolicy:\$\.Statement\[1\]\.Principal\.AWS\]/);
  });

  it("deploys the safe program with the pack: the components' children registered under them, outputs read back", function () {
    const file = path.join(project, "Pulumi.yaml");
    const withPackages = fs.readFileSync(file, "utf8").split("resources:\n")[0];
    fs.writeFileSync(file, withPackages + program());
    const up = ws.ok(project, ["up", "--yes", "--skip-preview", ...PACK_ARGS]);
    assert.match(up.stdout, /✅ iam-guardrails@v/);

    assertComponentTree(ws, project);

    const outputs = JSON.parse(ws.ok(project, ["stack", "output", "--json"]).stdout) as { breakGlassArn: string; awsCliConfig: Record<string, string> };
    assert.strictEqual(outputs.breakGlassArn, "arn:aws:iam::111111111111:role/BreakGlass");
    assert.match(outputs.awsCliConfig.alice, /^role_arn = arn:aws:iam::111111111111:role\/ReadOnly$/m);
  });
});
