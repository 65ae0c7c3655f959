import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { runReuseExample } from "../support/examples";
import { mfaTrustPolicy, roleTrust } from "../../lib/iam/builders";
import { policySize } from "../../lib/iam/document";
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

  describe("the path form of the trust", function () {
    const roleArn = "arn:aws:iam::222222222222:role/PowerUser";
    const trust = mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/people/", mfaMaxAgeSeconds: 3600 });
    const allowAll = [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }];

    it("admits a user under the layout's path only with MFA, and never a user elsewhere or a role session (IAM evaluation)", async function () {
      const ask = (principalArn: string, context: "mfa" | "accessKeys" | "temporaryNoMfa") => canAssume({ trust, roleArn, principalArn, context, identityPolicies: allowAll });
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/people/carol", "mfa"), true);
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/people/team-a/carol", "mfa"), true, "a sub-path is the layout's too");
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/people/carol", "temporaryNoMfa"), false);
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/people/carol", "accessKeys"), false);
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/mallory", "mfa"), false, "a user at / is outside the layout");
      assert.strictEqual(await ask("arn:aws:iam::111111111111:user/peoplex/mallory", "mfa"), false, "a path that only starts alike");
      assert.strictEqual(await ask("arn:aws:iam::333333333333:user/people/mallory", "mfa"), false, "another account");
      assert.strictEqual(await ask("arn:aws:sts::111111111111:assumed-role/Admin/carol", "mfa"), false, "a role session");
    });

    it("lets the group policies decide: without an identity policy allowing the role, a user under the path is refused (IAM evaluation)", async function () {
      const none = [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/Other" }] }];
      assert.strictEqual(await canAssume({ trust, roleArn, principalArn: "arn:aws:iam::111111111111:user/people/carol", context: "mfa", identityPolicies: none }), false);
    });

    it("refuses the path / (it would admit every user of the account)", function () {
      assert.throws(() => mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/", mfaMaxAgeSeconds: 3600 }), /must be an IAM path below "\/"/);
    });

    it("is chosen by auto only when the exact form would not fit, and keeps its size whatever the number of people", function () {
      const holders = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111111111111:user/people/person${i}`);
      const args = { identityAccountId: "111111111111", peoplePath: "/people/", form: "auto" as const, maxChars: 2048, mfaMaxAgeSeconds: 3600 };
      assert.strictEqual(roleTrust({ ...args, holderArns: holders(5) }).form, "exact");
      const big = roleTrust({ ...args, holderArns: holders(50) });
      assert.strictEqual(big.form, "path");
      assert.strictEqual(roleTrust({ ...args, holderArns: holders(5000) }).size, big.size);
      assert.strictEqual(big.size, policySize(big.document));
      assert.strictEqual(roleTrust({ ...args, holderArns: holders(50), peoplePath: "/" }).form, "exact", "no path of its own: exact, and validation reports the size");
    });
  });
});
