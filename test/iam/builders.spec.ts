/** lib/iam/builders, arn and document: the documents the layout writes, and what they mean to the IAM engine. */
import { strict as assert } from "node:assert";
import { accountRootArn, arnAccountId, customerPolicyArn, managedPolicyArn, mfaDeviceArn, policyShortName, roleArn, userArn, userPathPattern } from "../../lib/iam/arn";
import { assumeRolesPolicy, mfaConditions, mfaTrustPolicy } from "../../lib/iam/builders";
import { policyDocument, policySize, toSid } from "../../lib/iam/document";
import { canAssume, isAllowed } from "../support/oracle";

const ALICE = "arn:aws:iam::111111111111:user/alice";
const BOB = "arn:aws:iam::111111111111:user/bob";
const ROLE = "arn:aws:iam::222222222222:role/Admin";

describe("lib/iam/arn", function () {
  it("builds ARNs in the given partition, with normalised paths", function () {
    assert.equal(accountRootArn("111111111111"), "arn:aws:iam::111111111111:root");
    assert.equal(accountRootArn("111111111111", "aws-cn"), "arn:aws-cn:iam::111111111111:root");
    assert.equal(userArn("111111111111", "alice"), ALICE);
    assert.equal(userArn("111111111111", "alice", ""), ALICE);
    assert.equal(userArn("111111111111", "alice", "//people//", "aws-us-gov"), "arn:aws-us-gov:iam::111111111111:user/people/alice");
    assert.equal(roleArn("222222222222", "Admin", "ops/"), "arn:aws:iam::222222222222:role/ops/Admin");
    assert.equal(roleArn("222222222222", "Admin", "/", "aws-cn"), "arn:aws-cn:iam::222222222222:role/Admin");
    assert.equal(mfaDeviceArn("111111111111", "alice"), "arn:aws:iam::111111111111:mfa/alice");
    assert.equal(mfaDeviceArn("111111111111", "alice", "aws-cn"), "arn:aws-cn:iam::111111111111:mfa/alice");
    assert.equal(customerPolicyArn("111111111111", "Read"), "arn:aws:iam::111111111111:policy/Read");
    assert.equal(customerPolicyArn("111111111111", "Read", "/teams/a/", "aws-cn"), "arn:aws-cn:iam::111111111111:policy/teams/a/Read");
    assert.equal(userPathPattern("111111111111", "people"), "arn:aws:iam::111111111111:user/people/*");
    assert.equal(userPathPattern("111111111111", "/", "aws-us-gov"), "arn:aws-us-gov:iam::111111111111:user/*");
  });
  it("names AWS managed policies and keeps ARNs", function () {
    assert.equal(managedPolicyArn("job-function/ViewOnlyAccess"), "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    assert.equal(managedPolicyArn("ReadOnlyAccess", "aws-us-gov"), "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess");
    assert.equal(managedPolicyArn("arn:aws:iam::111111111111:policy/x"), "arn:aws:iam::111111111111:policy/x");
    assert.equal(policyShortName("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"), "ViewOnlyAccess");
    assert.equal(policyShortName("AdministratorAccess"), "AdministratorAccess");
  });
  it("finds the account of an ARN, only when it is 12 digits", function () {
    assert.equal(arnAccountId(ALICE), "111111111111");
    assert.equal(arnAccountId("arn:aws:s3:::bucket"), undefined);
    assert.equal(arnAccountId("arn:aws:iam::*:role/x"), undefined);
    assert.equal(arnAccountId("arn:aws:iam::111111111111"), undefined);
  });
});

describe("lib/iam/document", function () {
  it("refuses duplicate Sids and keeps statements in order", function () {
    const get = { Effect: "Allow", Action: "s3:GetObject" } as const;
    const put = { Sid: "Put", Effect: "Allow", Action: "s3:PutObject" } as const;
    assert.deepEqual(policyDocument([get, put, get]), { Version: "2012-10-17", Statement: [get, put, get] }, "statements without a Sid may repeat");
    assert.throws(() => policyDocument([{ Sid: "A", Effect: "Allow", Action: "s3:GetObject" }, { Sid: "A", Effect: "Deny", Action: "s3:PutObject" }]), /duplicate Sid "A"/);
    assert.equal(policyDocument([]).Version, "2012-10-17");
  });
  it("turns labels into alphanumeric Sids", function () {
    assert.equal(toSid("Assume", "Admin in sandbox"), "AssumeAdminInSandbox");
    assert.equal(toSid("read-only@prod", "x_y"), "ReadOnlyProdXY");
    assert.equal(toSid("  "), "");
  });
  it("a document's size is its JSON without white space, as IAM counts it", function () {
    assert.equal(policySize({ Version: "2012-10-17", Statement: [] }), '{"Version":"2012-10-17","Statement":[]}'.length);
    assert.equal(policySize({ Sid: "a b  c" }), '{"Sid":"abc"}'.length);
  });
});

describe("lib/iam/builders", function () {
  this.timeout(60_000);
  const trust = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: [BOB, ALICE], mfaMaxAgeSeconds: 3600 });

  it("the MFA conditions: Bool true, an age bound, an optional end time, extra tests merged", function () {
    assert.deepEqual(mfaConditions({ mfaMaxAgeSeconds: 900 }), { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "900" } });
    assert.deepEqual(mfaConditions({ mfaMaxAgeSeconds: 900, validUntil: "2030-01-01T00:00:00Z" }, { Bool: { "aws:SecureTransport": "true" } }), {
      Bool: { "aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true" },
      NumericLessThan: { "aws:MultiFactorAuthAge": "900" },
      DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
    });
  });
  it("a trust admits its listed users with MFA within the age, sorted, through the account root", async function () {
    const statement = trust.Statement[0];
    assert.deepEqual(statement.Principal, { AWS: "arn:aws:iam::111111111111:root" });
    assert.deepEqual(statement.Condition?.ArnEquals, { "aws:PrincipalArn": [ALICE, BOB] });
    assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: ALICE, context: "mfa", mfaAgeSeconds: 3599 }), true);
    assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: ALICE, context: "mfa", mfaAgeSeconds: 3600 }), false);
    assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: ALICE, context: "temporaryNoMfa" }), false);
    assert.equal(await canAssume({ trust, roleArn: ROLE, principalArn: "arn:aws:iam::111111111111:user/carol", context: "mfa" }), false);
  });
  it("a trust in another partition names that partition's root", function () {
    assert.deepEqual(mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: [ALICE], mfaMaxAgeSeconds: 3600, partition: "aws-cn" }).Statement[0].Principal, { AWS: "arn:aws-cn:iam::111111111111:root" });
  });
  it("a trust with nobody listed denies everyone", async function () {
    const nobody = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: [], mfaMaxAgeSeconds: 3600 });
    assert.deepEqual(nobody.Statement.map((s) => [s.Sid, s.Effect]), [["NobodyHoldsThisRole", "Deny"]]);
    assert.equal(await canAssume({ trust: nobody, roleArn: ROLE, principalArn: ALICE, context: "mfa" }), false);
  });
  it("a group may assume exactly its roles, with MFA and TLS, one statement per MFA requirement listing its ARNs", async function () {
    const policy = assumeRolesPolicy([{ label: "Admin@sandbox", roleArn: ROLE, mfaMaxAgeSeconds: 3600 }, { label: "ReadOnly", roleArn: "arn:aws:iam::111111111111:role/ReadOnly", mfaMaxAgeSeconds: 900 }]);
    assert.deepEqual(policy.Statement.map((s) => [s.Sid, s.Resource]), [["AssumeWithMfaMaxAge900", ["arn:aws:iam::111111111111:role/ReadOnly"]], ["AssumeWithMfaMaxAge3600", [ROLE]]]);
    const q = { policies: [policy], principalArn: ALICE, action: "sts:AssumeRole" };
    assert.equal(await isAllowed({ ...q, resource: ROLE, context: "mfa", mfaAgeSeconds: 1000 }), true);
    assert.equal(await isAllowed({ ...q, resource: "arn:aws:iam::111111111111:role/ReadOnly", context: "mfa", mfaAgeSeconds: 1000 }), false, "past its own 900 s bound");
    assert.equal(await isAllowed({ ...q, resource: "arn:aws:iam::222222222222:role/Other", context: "mfa" }), false);
    assert.equal(await isAllowed({ ...q, resource: ROLE, context: "accessKeys" }), false);
    for (const st of policy.Statement) assert.deepEqual(st.Condition?.Bool, { "aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true" });
    assert.deepEqual(assumeRolesPolicy([]).Statement, []);
  });
});
