import * as assert from "assert";
import { MFA_ENROLLMENT_ACTIONS } from "../../lib/iam/builders";
import { StackRun } from "../../tools/stack/types";
import { canAssume, CredentialContext, isAllowed, isExplicitlyDenied } from "../support/oracle";
import { documentInput, ofType, runStack } from "../support/stacks";

/** The sign-in host of each partition (the console's own hosts are `console.` on the same domain). */
const SIGN_IN_DOMAIN: Record<string, string> = {
  aws: "signin.aws.amazon.com",
  "aws-us-gov": "signin.amazonaws-us-gov.com",
  "aws-cn": "signin.amazonaws.cn",
};
const NO_MFA: CredentialContext[] = ["accessKeys", "temporaryNoMfa"];

/** Every string in a value, JSON strings opened (documents reach the engine as JSON). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    out.push(value);
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        strings(JSON.parse(t), out);
      } catch {
        /* not JSON: kept as the string it is */
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => strings(v, out));
  return out;
}

interface UserOut {
  arn: string;
  mfaSerial: string;
}

for (const partition of Object.keys(SIGN_IN_DOMAIN)) {
  describe(`the layout in partition ${partition}`, function () {
    let run: StackRun;
    let users: Record<string, UserOut>;
    let selfService: unknown;
    before(async function () {
      run = await runStack(`partition-${partition}`);
      assert.strictEqual(run.error, undefined, run.error);
      users = run.outputs.users.value as Record<string, UserOut>;
      const [policy] = ofType(run, "aws:iam/groupPolicy:GroupPolicy").filter((r) => r.name === "SelfServiceMfa-self-service");
      selfService = documentInput(policy, "policy");
    });

    it(`names no other partition in any ARN it emits, in resources or outputs`, function () {
      const all = [...run.resources.flatMap((r) => strings(r.inputs)), ...Object.values(run.outputs).flatMap((o) => strings(o.value))];
      const arns = all.flatMap((s) => [...s.matchAll(/arn:([^:]*):/g)].map((m) => ({ partition: m[1], in: s })));
      const foreign = arns.filter((a) => a.partition !== partition && a.partition !== "mock");
      assert.deepStrictEqual(foreign, []);
      assert.ok(arns.filter((a) => a.partition === partition).length > 20, "the layout emits ARNs");
    });

    it(`sends people to the ${SIGN_IN_DOMAIN[partition]} sign-in host in every link`, function () {
      const urls = Object.values(run.outputs).flatMap((o) => strings(o.value)).filter((s) => /^https?:\/\//.test(s));
      assert.strictEqual(run.outputs.consoleSignInUrl.value, `https://111111111111.${SIGN_IN_DOMAIN[partition]}/console`);
      assert.ok(urls.length >= 4, urls.join("\n"));
      for (const url of urls) {
        const host = new URL(url).host;
        assert.ok(host === SIGN_IN_DOMAIN[partition] || host === `111111111111.${SIGN_IN_DOMAIN[partition]}`, url);
      }
    });

    it("lets every user enroll their MFA device without MFA, with and without a user path", async function () {
      for (const [name, user] of Object.entries(users)) {
        for (const context of NO_MFA) {
          const q = { policies: [selfService], principalArn: user.arn, context };
          for (const action of MFA_ENROLLMENT_ACTIONS.filter((a) => a.startsWith("iam:") && !a.endsWith("VirtualMFADevice") && !a.endsWith("Devices") && a !== "iam:GetAccountPasswordPolicy")) {
            assert.ok(await isAllowed({ ...q, action, resource: user.arn }), `${name}: ${action} with ${context}`);
          }
          assert.ok(await isAllowed({ ...q, action: "iam:ListMFADevices", resource: user.arn }), `${name}: ListMFADevices with ${context}`);
          assert.ok(await isAllowed({ ...q, action: "iam:CreateVirtualMFADevice", resource: user.mfaSerial }), `${name}: CreateVirtualMFADevice ${user.mfaSerial} with ${context}`);
        }
      }
    });

    it("refuses everything else without MFA, and lets a person assume their role with MFA only", async function () {
      const admins = ofType(run, "aws:iam/groupPolicy:GroupPolicy").find((r) => r.name.startsWith("Administrators"))!;
      const role = ofType(run, "aws:iam/role:Role").find((r) => r.name === "Admin@identity")!;
      const roleArn = (run.outputs.roleArns.value as Record<string, Record<string, string>>).Admin.identity;
      assert.ok(roleArn.startsWith(`arn:${partition}:iam::111111111111:role/`), roleArn);
      const alice = users.alice;
      const identityPolicies = [selfService, documentInput(admins, "policy")];
      for (const context of NO_MFA) {
        assert.ok(await isExplicitlyDenied({ policies: [selfService], principalArn: alice.arn, action: "ec2:DescribeInstances", resource: "*", context }));
        assert.ok(await isExplicitlyDenied({ policies: [selfService], principalArn: alice.arn, action: "iam:CreateAccessKey", resource: alice.arn, context }));
        assert.ok(!(await canAssume({ trust: documentInput(role, "assumeRolePolicy"), roleArn, principalArn: alice.arn, context, identityPolicies })), context);
      }
      assert.ok(await canAssume({ trust: documentInput(role, "assumeRolePolicy"), roleArn, principalArn: alice.arn, context: "mfa", identityPolicies }));
    });
  });
}
