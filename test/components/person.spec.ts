import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { runReuseExample } from "../support/examples";
import { ofType, runStack } from "../support/stacks";

describe("Person", function () {
  let example: StackRun;
  let prod: StackRun;
  before(async function () {
    [example, prod] = await Promise.all([runReuseExample(), runStack("prod")]);
  });

  it("registers a user with no policies and one non-exclusive membership as children of an iam-baseline:identity:Person", function () {
    for (const person of ofType(example, "iam-baseline:identity:Person")) {
      const children = example.resources.filter((r) => r.parent === person.urn).map((r) => `${r.type} ${r.name}`).sort();
      assert.deepStrictEqual(children, [`aws:iam/user:User ${person.name}`, `aws:iam/userGroupMembership:UserGroupMembership ${person.name}-groups`]);
    }
  });

  it("makes the membership wait for the groups it names", function () {
    const membership = ofType(example, "aws:iam/userGroupMembership:UserGroupMembership")[0];
    const groups = ofType(example, "aws:iam/group:Group").map((g) => g.urn).sort();
    assert.deepStrictEqual(membership.dependencies.filter((d) => d.includes("aws:iam/group:Group")).sort(), groups);
  });

  it("adds a console profile that forces a password reset, and named access key slots, only when asked", function () {
    const alice = prod.resources.filter((r) => r.parent.endsWith("iam-baseline:identity:Person::alice")).map((r) => r.type).sort();
    assert.deepStrictEqual(alice, ["aws:iam/user:User", "aws:iam/userGroupMembership:UserGroupMembership", "aws:iam/userLoginProfile:UserLoginProfile"]);
    const carol = prod.resources.filter((r) => r.parent.endsWith("iam-baseline:identity:Person::carol")).map((r) => `${r.type} ${r.name}`).sort();
    assert.deepStrictEqual(carol, ["aws:iam/accessKey:AccessKey carol-key-blue", "aws:iam/user:User carol", "aws:iam/userGroupMembership:UserGroupMembership carol-groups"]);
    const [profile] = ofType(prod, "aws:iam/userLoginProfile:UserLoginProfile");
    assert.strictEqual(profile.inputs.passwordResetRequired, true);
    assert.ok(profile.ignoreChanges.includes("passwordResetRequired"), "a changed password never replaces the profile");
  });

  it("returns secrets only as secrets", function () {
    assert.strictEqual(prod.outputs.accessKeys.secret, true);
    assert.deepStrictEqual(Object.keys(prod.outputs.accessKeys.value as object), ["carol"]);
  });
});
