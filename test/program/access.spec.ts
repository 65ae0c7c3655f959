import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { mfaFindings } from "../../lib/iam/mfa";
import { parsePolicyDocument } from "../../lib/iam/parse";
import { canAssume, CREDENTIAL_CONTEXTS, isAllowed, isExplicitlyDenied } from "../support/oracle";
import { documentInput, ofType, runStack } from "../support/stacks";

/**
 * What the registered layout *means*, decided by an IAM evaluation engine: each user, with the
 * identity policies their groups give them, against each role's trust, in each credential context.
 */
function identityPoliciesOf(run: StackRun, userName: string): unknown[] {
  const membership = ofType(run, "aws:iam/userGroupMembership:UserGroupMembership").find((m) => m.inputs.user === userName)!;
  const groups = membership.inputs.groups as string[];
  return ofType(run, "aws:iam/groupPolicy:GroupPolicy")
    .filter((p) => groups.includes(p.inputs.group as string))
    .map((p) => documentInput(p, "policy"));
}

for (const stack of ["dev", "prod"] as const) {
  describe(`who can assume what in the ${stack} stack (IAM evaluation)`, function () {
    let run: StackRun;
    let identity: string;
    before(async function () {
      run = await runStack(stack);
      identity = (run.outputs.consoleSignInUrl.value as string).slice("https://".length, "https://".length + 12);
    });

    it("lets a user assume exactly the roles their groups hold, and only with MFA", async function () {
      const users = run.outputs.users.value as Record<string, { arn: string; roles: string[] }>;
      const roleArns = run.outputs.roleArns.value as Record<string, Record<string, string>>;
      let checked = 0;
      for (const role of ofType(run, "aws:iam/role:Role")) {
        const [roleKey, account] = role.name.split("@");
        const roleArn = roleArns[roleKey][account];
        const trust = documentInput(role, "assumeRolePolicy");
        for (const [userKey, user] of Object.entries(users)) {
          const policies = identityPoliciesOf(run, user.arn.split("/").pop()!);
          for (const context of CREDENTIAL_CONTEXTS) {
            const allowed = await canAssume({ trust, roleArn, principalArn: user.arn, context, identityPolicies: policies });
            const expected = context === "mfa" && user.roles.includes(role.name);
            assert.strictEqual(allowed, expected, `${userKey} -> ${role.name} with ${context}`);
            checked++;
          }
        }
      }
      assert.ok(checked >= 30, `checked ${checked} combinations`);
    });

    it("has role trusts that the policy pack's own document logic (lib/iam) reads as valid and MFA-only", function () {
      for (const role of ofType(run, "aws:iam/role:Role")) {
        const parsed = parsePolicyDocument(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(parsed.errors, [], role.name);
        assert.deepStrictEqual(mfaFindings(parsed.document!), [], role.name);
      }
    });

    it("refuses a session whose MFA is older than the role's bound", async function () {
      const users = run.outputs.users.value as Record<string, { arn: string }>;
      const [admin] = ofType(run, "aws:iam/role:Role").filter((r) => r.name === "Admin@identity");
      const roleArn = (run.outputs.roleArns.value as Record<string, Record<string, string>>).Admin.identity;
      const args = { trust: documentInput(admin, "assumeRolePolicy"), roleArn, principalArn: users.alice.arn, identityPolicies: identityPoliciesOf(run, users.alice.arn.split("/").pop()!) };
      assert.strictEqual(await canAssume({ ...args, context: "mfa", mfaAgeSeconds: 60 }), true);
      assert.strictEqual(await canAssume({ ...args, context: "mfa", mfaAgeSeconds: 3600 }), false);
    });

    it("lets a user without MFA set a password and enroll a device, and nothing else", async function () {
      const users = run.outputs.users.value as Record<string, { arn: string }>;
      const bob = users.bob.arn;
      const bobName = bob.split("/").pop()!;
      const policies = identityPoliciesOf(run, bobName);
      for (const context of ["accessKeys", "temporaryNoMfa"] as const) {
        const q = { policies, principalArn: bob, context };
        assert.ok(await isAllowed({ ...q, action: "iam:ChangePassword", resource: bob }), `change own password (${context})`);
        assert.ok(await isAllowed({ ...q, action: "iam:CreateVirtualMFADevice", resource: `arn:aws:iam::${identity}:mfa/${bobName}` }));
        assert.ok(await isAllowed({ ...q, action: "iam:EnableMFADevice", resource: bob }));
        assert.ok(!(await isAllowed({ ...q, action: "iam:ChangePassword", resource: users.alice.arn })), "not someone else's password");
        assert.ok(await isExplicitlyDenied({ ...q, action: "s3:ListAllMyBuckets", resource: "*" }), `everything else is denied (${context})`);
        assert.ok(await isExplicitlyDenied({ ...q, action: "iam:DeactivateMFADevice", resource: bob }), "cannot remove MFA without MFA");
      }
      assert.ok(!(await isExplicitlyDenied({ policies, principalArn: bob, context: "mfa", action: "s3:ListAllMyBuckets", resource: "*" })), "with MFA the self-service Deny no longer applies");
    });
  });
}
