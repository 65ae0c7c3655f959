import { strict as assert } from "node:assert";
import { adminGrant, appliesToAllResources, broadDeny, denyBlocks, isBroadActionPattern, isScopingTest } from "../../lib/iam/breadth";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";

const statement = (s: Record<string, unknown>): NormalStatement => parsePolicyDocument({ Version: "2012-10-17", Statement: [s] }).document!.statements[0];
const STATE = { action: "s3:GetObject", resource: "arn:aws:s3:::my-state/k" };

describe("lib/iam/breadth", function () {
  it("every resource: *, arn:*, arn:*:*..., NotResource, or no Resource element", function () {
    for (const r of ["*", "arn:*", "arn:*:*", "arn:*:*:*:*:*"]) assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", Resource: r })), true, r);
    assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::x" })), true);
    assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*" })), true);
  });
  it("not every resource: named ARNs, and patterns that only look like arn:*", function () {
    for (const r of ["arn:aws:s3:::x", "arn:*:s3:::x", "x-arn:*:*", "arn:*:*:bucket", "arn:"]) assert.equal(appliesToAllResources(statement({ Effect: "Deny", Action: "s3:*", Resource: r })), false, r);
  });
  it("broad action patterns: *, *:*, a whole service; not a part of one", function () {
    for (const p of ["*", "*:*", "s3:*", "s*:*"]) assert.equal(isBroadActionPattern(p), true, p);
    for (const p of ["s3:Get*", "s3:*Object", "s3:GetObject", "a:b:*", "*Object"]) assert.equal(isBroadActionPattern(p), false, p);
  });
  it("a condition value that starts with * but names a role still narrows", function () {
    assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": "*:role/x" } } }).conditions[0]), true);
  });
  it("a condition key without a service prefix does not scope", function () {
    assert.equal(isScopingTest(statement({ Effect: "Deny", Action: "*", Resource: "*", Condition: { StringEquals: { prefix: "home/" } } }).conditions[0]), false);
  });
  it("broadDeny: only Denies, only on every resource, and lists every broad action", function () {
    assert.equal(broadDeny(statement({ Effect: "Allow", Action: "*", Resource: "*" })), undefined);
    assert.equal(broadDeny(statement({ Effect: "Deny", Action: "*", Resource: "arn:aws:s3:::x/*" })), undefined);
    assert.equal(broadDeny(statement({ Effect: "Deny", Resource: "*" })), undefined, "no Action at all");
    assert.equal(broadDeny(statement({ Effect: "Deny", Action: ["s3:*", "iam:GetUser", "sts:*"], Resource: "*" }))?.why, "denies s3:*, sts:* on every resource, unconditionally");
    assert.equal(broadDeny(statement({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*" }))?.why, "denies every action except iam:*, sts:* on every resource, unconditionally");
  });
  it("denyBlocks: only Denies of the action, on an overlapping resource, in the working context", function () {
    assert.equal(denyBlocks(statement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject" }), STATE), true, "no Resource element: every resource");
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*" }), STATE), true);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }), STATE), false);
    assert.equal(denyBlocks(statement({ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), STATE), true);
  });
  it("adminGrant: only Allows", async function () {
    assert.equal(await adminGrant(statement({ Effect: "Deny", Action: "*", Resource: "*" })), undefined);
    assert.equal((await adminGrant(statement({ Effect: "Allow", Action: "*", Resource: "*" })))?.why, 'allows "*" on "*"');
  });
});
