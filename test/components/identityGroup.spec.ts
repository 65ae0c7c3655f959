import * as assert from "assert";
import { StackRun } from "../../tools/stack/types";
import { runReuseExample } from "../support/examples";
import { isAllowed } from "../support/oracle";
import { documentInput, ofType } from "../support/stacks";

describe("IdentityGroup", function () {
  let run: StackRun;
  before(async function () {
    run = await runReuseExample();
  });

  it("registers a group and its assume-roles policy as children of an iam-baseline:identity:IdentityGroup", function () {
    const [component] = ofType(run, "iam-baseline:identity:IdentityGroup");
    const children = run.resources.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`).sort();
    assert.deepStrictEqual(children, ["aws:iam/group:Group Auditors", "aws:iam/groupPolicy:GroupPolicy Auditors-assume-roles"]);
  });

  // The identity side only: evaluated as if the role were in the identity account (the trust is MfaAssumableRole's to test).
  it("lets members assume each granted role ARN with MFA and TLS, and nothing else (IAM evaluation)", async function () {
    const policy = ofType(run, "aws:iam/groupPolicy:GroupPolicy").find((p) => p.name === "Auditors-assume-roles")!;
    const policies = [documentInput(policy, "policy")];
    const principalArn = "arn:aws:iam::111111111111:user/carol";
    for (const account of ["222222222222", "333333333333", "444444444444"]) {
      const resource = `arn:aws:iam::${account}:role/Auditor`;
      assert.ok(await isAllowed({ policies, principalArn, action: "sts:AssumeRole", resource, context: "mfa" }));
      assert.ok(!(await isAllowed({ policies, principalArn, action: "sts:AssumeRole", resource, context: "temporaryNoMfa" })));
    }
    assert.ok(!(await isAllowed({ policies, principalArn, action: "sts:AssumeRole", resource: "arn:aws:iam::555555555555:role/Auditor", context: "mfa" })), "no other account");
    assert.ok(!(await isAllowed({ policies, principalArn, action: "s3:ListAllMyBuckets", resource: "*", context: "mfa" })), "no other action");
  });

  it("is compact: one statement per MFA requirement, listing every granted role ARN explicitly", function () {
    const policy = ofType(run, "aws:iam/groupPolicy:GroupPolicy").find((p) => p.name === "Auditors-assume-roles")!;
    const statements = documentInput(policy, "policy").Statement;
    assert.deepStrictEqual(statements.map((s) => s.Sid), ["AssumeWithMfaMaxAge3600"]);
    assert.deepStrictEqual(statements[0].Resource, ["222222222222", "333333333333", "444444444444"].map((a) => `arn:aws:iam::${a}:role/Auditor`));
  });
});
