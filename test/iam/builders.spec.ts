/** lib/iam/builders, arn and document: the documents the layout writes, and what they mean to the IAM engine. */
import { strict as assert } from "node:assert";
import { accountRootArn, arnAccountId, customerPolicyArn, managedPolicyArn, mfaDeviceArn, policyShortName, roleArn, userArn, userPathPattern } from "../../lib/iam/arn";
import { AssumableRoleGrant, assumeRolesDocuments, assumeRolesPolicy, grantPolicyName, mfaConditions, mfaTrustPolicy, roleTrust, RoleTrustArgs } from "../../lib/iam/builders";
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
    assert.equal(roleArn("222222222222", "Admin"), "arn:aws:iam::222222222222:role/Admin");
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
    assert.equal(arnAccountId("arn:aws:iam::x111111111111:role/x"), undefined);
    assert.equal(arnAccountId("arn:aws:iam::1111111111112:role/x"), undefined);
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
  let trust: ReturnType<typeof mfaTrustPolicy>;
  before(function () {
    trust = mfaTrustPolicy({ identityAccountId: "111111111111", principalArns: [BOB, ALICE], mfaMaxAgeSeconds: 3600 });
  });

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
  it("a trust in the path form admits the users under the path; a path of / or both forms is refused", function () {
    const path = mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/people/", mfaMaxAgeSeconds: 900 });
    assert.deepEqual(path.Statement, [
      {
        Sid: "AssumeWithMfaFromLayoutPeople",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "900" }, ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/people/*" } },
      },
    ]);
    assert.equal(mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/a/b/", mfaMaxAgeSeconds: 900 }).Statement[0].Condition?.ArnLike?.["aws:PrincipalArn"], "arn:aws:iam::111111111111:user/a/b/*");
    for (const bad of ["people/", "/people", "x/people/", "/people/x", "//"]) {
      assert.throws(() => mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: bad, mfaMaxAgeSeconds: 900 }), /must be an IAM path below/, bad);
    }
    assert.throws(() => mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/", mfaMaxAgeSeconds: 900 }), /^Error: mfaTrustPolicy: principalPath "\/" must be an IAM path below "\/"/);
    assert.throws(() => mfaTrustPolicy({ identityAccountId: "111111111111", principalPath: "/people/", principalArns: [ALICE], mfaMaxAgeSeconds: 900 }), /^Error: mfaTrustPolicy: give principalArns \(exact form\) or principalPath \(path form\), not both$/);
    assert.deepEqual(mfaTrustPolicy({ identityAccountId: "111111111111", mfaMaxAgeSeconds: 900 }).Statement, [{ Sid: "NobodyHoldsThisRole", Effect: "Deny", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }]);
  });
  describe("roleTrust: the form asked for, or the exact form while it fits", function () {
    const holders = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::111111111111:user/people/person-${String(i).padStart(2, "0")}`);
    const args = (extra: Partial<RoleTrustArgs>): RoleTrustArgs => ({ identityAccountId: "111111111111", holderArns: holders, peoplePath: "/people/", form: "auto", maxChars: 2048, mfaMaxAgeSeconds: 3600, ...extra });
    const exactSize = roleTrust(args({ form: "exact" })).size;
    it("exact and path when asked, whatever the size", function () {
      assert.equal(roleTrust(args({ form: "exact", maxChars: 10 })).form, "exact");
      const path = roleTrust(args({ form: "path", maxChars: 1_000_000 }));
      assert.equal(path.form, "path");
      assert.equal(path.document.Statement[0].Sid, "AssumeWithMfaFromLayoutPeople");
      assert.equal(roleTrust(args({ form: "path", holderArns: [] })).form, "path", "asked for, even when nobody holds the role yet");
    });
    it("auto: exact while it fits (to the character), path beyond", function () {
      assert.equal(roleTrust(args({ maxChars: exactSize })).form, "exact");
      const over = roleTrust(args({ maxChars: exactSize - 1 }));
      assert.equal(over.form, "path");
      assert.equal(over.size, JSON.stringify(over.document).length);
    });
    it("auto: exact when there is no path of the layout's own, or nobody holds the role", function () {
      assert.equal(roleTrust(args({ maxChars: 10, peoplePath: undefined })).form, "exact");
      assert.equal(roleTrust(args({ maxChars: 10, peoplePath: "/" })).form, "exact");
      assert.equal(roleTrust(args({ maxChars: 10, holderArns: [] })).form, "exact");
    });
    it("escape-hatch statements are appended and counted", function () {
      const extra = { Sid: "Ci", Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::111111111111:role/ci" }, Action: "sts:AssumeRole" };
      const t = roleTrust(args({ form: "exact", additionalStatements: [extra] }));
      assert.deepEqual(t.document.Statement.at(-1), extra);
      assert.equal(t.size, exactSize + JSON.stringify(extra).length + 1);
    });
  });
  describe("assumeRolesDocuments: packed into the inline policy, then managed policies", function () {
    const grant = (n: number, mfaMaxAgeSeconds = 3600, validUntil?: string): AssumableRoleGrant => ({ label: `r${n}`, roleArn: `arn:aws:iam::${String(n).padStart(12, "0")}:role/Admin`, mfaMaxAgeSeconds, validUntil });
    const size = (d: object) => JSON.stringify(d).length;
    it("no grant, no document", function () {
      assert.deepEqual(assumeRolesDocuments([]), []);
    });
    it("grants that share a requirement share a statement, ARNs sorted and deduplicated; an end time is a requirement of its own", function () {
      const [doc] = assumeRolesDocuments([grant(2), grant(1), grant(2), grant(3, 3600, "2030-01-01T00:00:00Z")]);
      assert.deepEqual(doc.Statement.map((s) => [s.Sid, s.Resource]), [
        ["AssumeWithMfaMaxAge3600", [grant(1).roleArn, grant(2).roleArn]],
        ["AssumeWithMfaMaxAge3600Until20300101T000000Z", [grant(3).roleArn]],
      ]);
    });
    it("a document that fits to the character is not split; one character less spills the last ARN", function () {
      const grants = [1, 2, 3].map((n) => grant(n));
      const whole = size(assumeRolesDocuments(grants)[0]);
      assert.equal(assumeRolesDocuments(grants, { inlineMaxChars: whole, managedMaxChars: whole }).length, 1);
      const split = assumeRolesDocuments(grants, { inlineMaxChars: whole - 1, managedMaxChars: whole });
      assert.deepEqual(split.map((d) => d.Statement.map((s) => s.Resource)), [[[grant(1).roleArn, grant(2).roleArn]], [[grant(3).roleArn]]]);
    });
    it("two statements that fit to the character, separator included, stay in one document", function () {
      const grants = [grant(1, 900), grant(2, 3600)];
      const whole = size(assumeRolesDocuments(grants)[0]);
      assert.equal(assumeRolesDocuments(grants, { inlineMaxChars: whole, managedMaxChars: whole }).length, 1);
      assert.deepEqual(assumeRolesDocuments(grants, { inlineMaxChars: whole - 1, managedMaxChars: whole }).map((d) => d.Statement.length), [1, 1]);
    });
    it("a managed policy holds one grant that fits it to the character", function () {
      const one = size(assumeRolesDocuments([grant(1)])[0]);
      assert.deepEqual(assumeRolesDocuments([grant(1)], { inlineMaxChars: 10, managedMaxChars: one }).map((d) => d.Statement.length), [0, 1]);
      assert.throws(() => assumeRolesDocuments([grant(1)], { inlineMaxChars: 10, managedMaxChars: one - 1 }), /alone exceeds/);
    });
    it("the inline policy and the managed policies have their own limits, and statements count their separator", function () {
      // Enough grants for three documents or more, so that a managed policy is filled to its own limit and followed by another.
      const grants = Array.from({ length: 48 }, (_, n) => grant(n + 1, n % 2 === 0 ? 3600 : 900));
      for (const limits of [{ inlineMaxChars: 700, managedMaxChars: 1200 }, { inlineMaxChars: 1200, managedMaxChars: 700 }, { inlineMaxChars: 900, managedMaxChars: 900 }]) {
        const docs = assumeRolesDocuments(grants, limits);
        assert.ok(docs.length >= 3, `${JSON.stringify(limits)}: ${docs.length} documents`);
        docs.forEach((d, i) => assert.ok(size(d) <= (i === 0 ? limits.inlineMaxChars : limits.managedMaxChars), `${JSON.stringify(limits)} doc ${i}`));
        assert.deepEqual(docs.flatMap((d) => d.Statement.flatMap((s) => s.Resource)).sort(), grants.map((g) => g.roleArn).sort());
        // Packed tight: the next document's first ARN would not have fitted in the previous one.
        for (let i = 0; i + 1 < docs.length; i++) {
          const next = docs[i + 1].Statement[0];
          const last = docs[i].Statement.at(-1)!;
          const grown = JSON.parse(JSON.stringify(docs[i]));
          if (last.Sid === next.Sid) grown.Statement.at(-1).Resource.push((next.Resource as string[])[0]);
          else grown.Statement.push({ ...next, Resource: [(next.Resource as string[])[0]] });
          assert.ok(size(grown) > (i === 0 ? limits.inlineMaxChars : limits.managedMaxChars), `${JSON.stringify(limits)} doc ${i} could hold more`);
        }
      }
    });
    it("one grant larger than a managed policy is refused", function () {
      assert.throws(() => assumeRolesDocuments([grant(1), grant(2)], { inlineMaxChars: 300, managedMaxChars: 100 }), /^Error: assumeRolesDocuments: one grant on arn:aws:iam::000000000001:role\/Admin alone exceeds 100 characters$/);
    });
    it("the whole grant as one document, however large", function () {
      const grants = Array.from({ length: 200 }, (_, n) => grant(n + 1));
      const policy = assumeRolesPolicy(grants);
      assert.equal(policy.Statement.length, 1);
      assert.equal((policy.Statement[0].Resource as string[]).length, 200);
    });
    it("spilled documents are named after the group", function () {
      assert.equal(grantPolicyName("Developers", 2), "Developers-assume-roles-2");
    });
  });
});
