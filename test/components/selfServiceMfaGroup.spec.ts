import * as assert from "assert";
import { selfServiceMfaPolicy, MFA_ENROLLMENT_ACTIONS } from "../../lib/iam/builders";
import { StackRun } from "../../tools/stack/types";
import { runReuseExample } from "../support/examples";
import { isAllowed, isExplicitlyDenied } from "../support/oracle";
import { documentInput, ofType } from "../support/stacks";

describe("SelfServiceMfaGroup", function () {
  let run: StackRun;
  before(async function () {
    run = await runReuseExample();
  });

  it("registers the group and the self-service policy as children of an iam-baseline:identity:SelfServiceMfaGroup", function () {
    const [component] = ofType(run, "iam-baseline:identity:SelfServiceMfaGroup");
    const children = run.resources.filter((r) => r.parent === component.urn);
    assert.deepStrictEqual(children.map((r) => `${r.type} ${r.name}`).sort(), ["aws:iam/group:Group SelfServiceMfa", "aws:iam/groupPolicy:GroupPolicy SelfServiceMfa-self-service"]);
    assert.deepStrictEqual(documentInput(children.find((c) => c.type.endsWith("GroupPolicy"))!, "policy"), selfServiceMfaPolicy());
  });

  const policies = [selfServiceMfaPolicy()];
  const carol = "arn:aws:iam::111111111111:user/carol";
  const q = { policies, principalArn: carol };

  it("lets a user without MFA do every enrollment action on themselves, in both non-MFA contexts", async function () {
    const resourceFor = (a: string) => (a === "iam:CreateVirtualMFADevice" ? "arn:aws:iam::111111111111:mfa/carol" : a.startsWith("sts:") || a === "iam:GetAccountPasswordPolicy" || a === "iam:ListVirtualMFADevices" ? "*" : carol);
    for (const context of ["accessKeys", "temporaryNoMfa"] as const) {
      for (const action of MFA_ENROLLMENT_ACTIONS.filter((a) => a !== "sts:GetSessionToken")) {
        assert.ok(await isAllowed({ ...q, action, resource: resourceFor(action), context }), `${action} with ${context}`);
      }
    }
  });

  it("lets a user create a virtual MFA device only under their own user name, the name the profiles' mfa_serial uses", async function () {
    for (const context of ["accessKeys", "temporaryNoMfa", "mfa"] as const) {
      assert.ok(await isAllowed({ ...q, action: "iam:CreateVirtualMFADevice", resource: "arn:aws:iam::111111111111:mfa/carol", context }), context);
      for (const other of ["carol-phone", "dave", "people/carol"]) {
        assert.ok(!(await isAllowed({ ...q, action: "iam:CreateVirtualMFADevice", resource: `arn:aws:iam::111111111111:mfa/${other}`, context })), `${other} with ${context}`);
      }
    }
    assert.ok(await isAllowed({ ...q, action: "iam:DeleteVirtualMFADevice", resource: "arn:aws:iam::111111111111:mfa/carol", context: "mfa" }), "the device it may create, it may delete");
  });

  it("lets a user with a path change their own password", async function () {
    const pathed = "arn:aws:iam::111111111111:user/people/carol";
    assert.ok(await isAllowed({ policies, principalArn: pathed, action: "iam:ChangePassword", resource: pathed, context: "accessKeys" }));
  });

  it("refuses everything else without MFA, including removing the MFA device", async function () {
    for (const context of ["accessKeys", "temporaryNoMfa"] as const) {
      assert.ok(await isExplicitlyDenied({ ...q, action: "ec2:DescribeInstances", resource: "*", context }));
      assert.ok(await isExplicitlyDenied({ ...q, action: "iam:DeactivateMFADevice", resource: carol, context }));
      assert.ok(await isExplicitlyDenied({ ...q, action: "iam:CreateAccessKey", resource: carol, context }));
    }
  });

  it("lets a user with MFA manage their own keys but not another user's", async function () {
    assert.ok(await isAllowed({ ...q, action: "iam:CreateAccessKey", resource: carol, context: "mfa" }));
    assert.ok(!(await isAllowed({ ...q, action: "iam:CreateAccessKey", resource: "arn:aws:iam::111111111111:user/dave", context: "mfa" })));
    assert.ok(!(await isAllowed({ ...q, action: "iam:DeleteVirtualMFADevice", resource: "arn:aws:iam::111111111111:mfa/dave", context: "mfa" })));
  });
});
