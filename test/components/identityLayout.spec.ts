import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { ofType, runStack } from "../support/stacks";

describe("IdentityLayout", function () {
  let run: StackRun;
  before(async function () {
    run = await runStack("prod");
  });

  it("is one iam-baseline:index:IdentityLayout at the top, parent of every component, provider and the password policy", function () {
    const [layout] = ofType(run, "iam-baseline:index:IdentityLayout");
    const childTypes = [...new Set(run.resources.filter((r) => r.parent === layout.urn).map((r) => r.type))].sort();
    assert.deepStrictEqual(childTypes, [
      "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
      "iam-baseline:identity:IdentityGroup",
      "iam-baseline:identity:Person",
      "iam-baseline:identity:SelfServiceMfaGroup",
      "iam-baseline:roles:MfaAssumableRole",
      "pulumi:providers:aws",
    ]);
  });

  it("gives each target account one provider that assumes its deploy role and only acts in that account", function () {
    const providers = ofType(run, "pulumi:providers:aws");
    assert.deepStrictEqual(providers.map((p) => p.name).sort(), ["account-logging", "account-workloads"]);
    for (const p of providers) {
      const roles = JSON.parse(p.inputs.assumeRoles as string) as { roleArn: string; sessionName: string }[];
      assert.strictEqual(roles[0].sessionName, "iam-baseline-prod");
      assert.deepStrictEqual(JSON.parse(p.inputs.allowedAccountIds as string), [roles[0].roleArn.split(":")[4]]);
    }
  });

  it("hands the account provider to the role components through the standard providers option", function () {
    for (const c of ofType(run, "iam-baseline:roles:MfaAssumableRole")) {
      const account = c.name.split("@")[1];
      if (account === "identity") assert.deepStrictEqual(c.providers, {});
      else assert.match(c.providers.aws ?? "", new RegExp(`::account-${account}::`));
    }
  });
});
