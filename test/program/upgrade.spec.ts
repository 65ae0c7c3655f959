/**
 * Upgrading a deployed stack: moving its users to a path of the layout's own (`userPath`) must be
 * an in-place update. Same URNs, same role names and paths (either change would replace a role);
 * what changes is the users' `path` (an UpdateUser), the trusts naming them, and the users' ARNs in
 * the outputs. Their MFA serials and CLI profiles stay as they were.
 */
import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { ofType, runStack } from "../support/stacks";

const withoutStack = (urn: string) => urn.replace(/^urn:pulumi:[^:]+::/, "urn:pulumi:<stack>::");

describe("moving the dev stack's users to userPath /people/", function () {
  let before_: StackRun;
  let after: StackRun;
  before(async function () {
    [before_, after] = await Promise.all([runStack("dev"), runStack("dev-user-path")]);
    assert.strictEqual(after.error, undefined, after.error);
  });

  it("keeps every URN (nothing is replaced or re-created)", function () {
    assert.deepStrictEqual(after.resources.map((r) => withoutStack(r.urn)).sort(), before_.resources.map((r) => withoutStack(r.urn)).sort());
  });

  it("changes only the users' path and the documents that name them; role names and paths stay", function () {
    const old = new Map(before_.resources.map((r) => [withoutStack(r.urn), r]));
    const changed: string[] = [];
    for (const r of after.resources) {
      const o = old.get(withoutStack(r.urn))!;
      for (const key of new Set([...Object.keys(o.inputs), ...Object.keys(r.inputs)])) {
        if (JSON.stringify(o.inputs[key]) !== JSON.stringify(r.inputs[key])) changed.push(`${r.type} ${key}`);
      }
    }
    assert.deepStrictEqual([...new Set(changed)].sort(), ["aws:iam/role:Role assumeRolePolicy", "aws:iam/user:User path"]);
    for (const u of ofType(after, "aws:iam/user:User")) assert.strictEqual(u.inputs.path, "/people/");
  });

  it("moves the users' ARNs in the outputs and keeps their MFA serials and CLI profiles", function () {
    const users = (run: StackRun) => run.outputs.users.value as Record<string, { arn: string; mfaSerial: string; roles: string[] }>;
    assert.strictEqual(users(after).alice.arn, "arn:aws:iam::111111111111:user/people/alice");
    assert.strictEqual(users(before_).alice.arn, "arn:aws:iam::111111111111:user/alice");
    for (const name of ["alice", "bob"]) {
      assert.strictEqual(users(after)[name].mfaSerial, users(before_)[name].mfaSerial, "an MFA device's ARN does not follow the user's path");
      assert.deepStrictEqual(users(after)[name].roles, users(before_)[name].roles);
    }
    assert.deepStrictEqual(after.outputs.awsCliConfig.value, before_.outputs.awsCliConfig.value);
    assert.deepStrictEqual(after.outputs.switchRoleUrls.value, before_.outputs.switchRoleUrls.value);
  });

  it("names the moved users in the exact trusts, which still fit", function () {
    const trust = ofType(after, "aws:iam/role:Role").find((r) => r.name === "Admin@sandbox")!;
    assert.match(String(trust.inputs.assumeRolePolicy), /"aws:PrincipalArn":\["arn:aws:iam::111111111111:user\/people\/alice"\]/);
  });
});
