import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { runReuseExample } from "../support/examples";
import { canAssume } from "../support/oracle";
import { documentInput, ofType } from "../support/stacks";

describe("MfaAssumableRole", function () {
  let run: StackRun;
  before(async function () {
    run = await runReuseExample();
    assert.strictEqual(run.error, undefined, run.error);
  });

  it("registers a component of type iam-baseline:roles:MfaAssumableRole per account, each with its role and attachments as children", function () {
    const components = ofType(run, "iam-baseline:roles:MfaAssumableRole");
    assert.deepStrictEqual(components.map((c) => c.name), ["Auditor@222222222222", "Auditor@333333333333", "Auditor@444444444444"]);
    for (const c of components) {
      const children = run.resources.filter((r) => r.parent === c.urn).map((r) => `${r.type} ${r.name}`).sort();
      assert.deepStrictEqual(children, [`aws:iam/role:Role ${c.name}`, `aws:iam/rolePolicyAttachment:RolePolicyAttachment ${c.name}-SecurityAudit`]);
    }
  });

  it("creates the role and its attachments through the provider given in opts.provider", function () {
    for (const r of run.resources.filter((x) => x.type.startsWith("aws:iam/role"))) {
      const account = r.name.split("@")[1].split("-")[0];
      assert.match(r.provider, new RegExp(`pulumi:providers:aws::audit-${account}::`), `${r.name} uses its account's provider`);
    }
  });

  it("exports the role ARN built at preview from the account id and name", function () {
    assert.deepStrictEqual(run.outputs.auditorRoleArns.value, ["222222222222", "333333333333", "444444444444"].map((a) => `arn:aws:iam::${a}:role/Auditor`));
  });

  it("admits exactly the listed users, only with MFA (IAM evaluation)", async function () {
    const [role] = ofType(run, "aws:iam/role:Role");
    const trust = documentInput(role, "assumeRolePolicy");
    const roleArn = "arn:aws:iam::222222222222:role/Auditor";
    const allowAll = [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }] }];
    for (const [user, expected] of [["carol", true], ["dave", true], ["mallory", false]] as const) {
      const principalArn = `arn:aws:iam::111111111111:user/${user}`;
      assert.strictEqual(await canAssume({ trust, roleArn, principalArn, context: "mfa", identityPolicies: allowAll }), expected, `${user} with MFA`);
      assert.strictEqual(await canAssume({ trust, roleArn, principalArn, context: "accessKeys", identityPolicies: allowAll }), false, `${user} with access keys`);
    }
  });

  it("sets the maximum session and leaves no inline policy when none is given", function () {
    for (const role of ofType(run, "aws:iam/role:Role")) assert.strictEqual(role.inputs.maxSessionDuration, 3600);
    assert.deepStrictEqual(ofType(run, "aws:iam/rolePolicy:RolePolicy"), []);
  });
});
