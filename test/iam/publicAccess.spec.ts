import { strict as assert } from "node:assert";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";
import { grantedAccess, isPublicGrant } from "../../lib/iam/publicAccess";
import { isAllowed } from "../support/oracle";

const statement = (s: Record<string, unknown>): NormalStatement => parsePolicyDocument({ Version: "2012-10-17", Statement: [s] }).document!.statements[0];
const read = (extra: Record<string, unknown>) => statement({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra });

describe("lib/iam/publicAccess", function () {
  it("isPublicGrant: an Allow to *, {AWS: *} (alone or in a list) or with NotPrincipal", function () {
    assert.equal(isPublicGrant(read({})), true);
    assert.equal(isPublicGrant(read({ Principal: { AWS: "*" } })), true);
    assert.equal(isPublicGrant(read({ Principal: { AWS: ["arn:aws:iam::111111111111:root", "*"] } })), true);
    assert.equal(isPublicGrant(read({ Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } })), true);
  });
  it("isPublicGrant: not a Deny, nor an Allow to named principals or a service", function () {
    assert.equal(isPublicGrant(read({ Effect: "Deny" })), false);
    assert.equal(isPublicGrant(read({ Principal: { AWS: "arn:aws:iam::111111111111:root" } })), false);
    assert.equal(isPublicGrant(read({ Principal: { Service: "cloudfront.amazonaws.com" } })), false);
    assert.equal(isPublicGrant(read({ Principal: undefined })), false);
  });
  it("isPublicGrant: narrowed to an organization or an account, it is not public", function () {
    assert.equal(isPublicGrant(read({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })), false);
    assert.equal(isPublicGrant(read({ Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } })), false);
    assert.equal(isPublicGrant(read({ Condition: { StringEquals: { "aws:PrincipalOrgID": [] } } })), true, "an empty list narrows nothing");
  });
  it("isPublicGrant: narrowed to a VPC endpoint or a VPC by name, it is not public", function () {
    for (const condition of [
      { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
      { StringLike: { "aws:SourceVpc": ["vpc-0abc", "vpc-0def"] } },
      { StringEqualsIgnoreCase: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
    ]) {
      assert.equal(isPublicGrant(read({ Condition: condition })), false, JSON.stringify(condition));
    }
  });
  it("isPublicGrant: a network condition that does not pin an endpoint or a VPC narrows nothing", function () {
    for (const condition of [
      { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
      // ForAllValues is true when the key is absent: a request from the internet has no aws:SourceVpce.
      { "ForAllValues:StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } },
      { StringEquals: { "aws:SourceVpce": [] } },
      { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
      { StringLike: { "aws:SourceVpce": "vpce-*" } },
      { StringLike: { "aws:SourceVpc": ["vpc-0abc", "*"] } },
      { StringEquals: { "aws:SourceVpce": "xvpce-1a2b" } },
      { StringEquals: { "aws:SourceVpce": "vpce-1a2bz" } },
      { StringEquals: { "aws:SourceIp": "vpc-0abc" } },
      { ArnEquals: { "aws:SourceVpc": "vpc-0abc" } },
      { XStringEquals: { "aws:SourceVpc": "vpc-0abc" } },
      { StringEqualsX: { "aws:SourceVpc": "vpc-0abc" } },
    ]) {
      assert.equal(isPublicGrant(read({ Condition: condition })), true, JSON.stringify(condition));
    }
  });
  it("grantedAccess: reads and writes by AWS's access levels", async function () {
    const s = statement({ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject", "s3:List*", "s3:PutObjectTagging", "s3:PutBucketPolicy"], Resource: "*" });
    assert.deepEqual(await grantedAccess(s), { write: ["s3:PutObject", "s3:PutObjectTagging", "s3:PutBucketPolicy"], read: ["s3:GetObject", "s3:List*"] });
  });
  it("grantedAccess: *, NotAction and patterns that name no action count as writes", async function () {
    assert.deepEqual(await grantedAccess(statement({ Effect: "Allow", Principal: "*", Action: ["*", "*:*", "s3:Frobnicate*"], Resource: "*" })), { write: ["*", "*:*", "s3:Frobnicate*"], read: [] });
    assert.deepEqual(await grantedAccess(statement({ Effect: "Allow", Principal: "*", NotAction: ["s3:Delete*", "s3:Put*"], Resource: "*" })), { write: ["every action except s3:Delete*, s3:Put*"], read: [] });
    assert.deepEqual(await grantedAccess(statement({ Effect: "Allow", Principal: "*", Resource: "*" })), { write: [], read: [] });
  });
});

/**
 * Does a condition keep strangers out of a `Principal "*"` grant? Asked of the IAM engine for one
 * stranger built to slip through every wildcard: a session of a role named `deploy` in account
 * 111199999999 (which `1111*` matches), in organization o-zz9y8x7w6v under a root r-ab12, calling
 * from its own bucket. A condition narrows exactly when the engine refuses this stranger.
 */
const ORG = "o-a1b2c3d4e5";
const QUEUE = "arn:aws:sqs:eu-west-1:111111111111:jobs";
const STRANGER = "arn:aws:sts::111199999999:assumed-role/deploy/s";
const STRANGER_PATH = "o-zz9y8x7w6v/r-ab12/ou-ab12-22222222/";
const STRANGER_CONTEXT = {
  "aws:PrincipalOrgID": "o-zz9y8x7w6v",
  "aws:PrincipalOrgPaths": [STRANGER_PATH],
  "aws:SourceAccount": "111199999999",
  "aws:SourceArn": "arn:aws:s3:::strangers-bucket",
  "aws:SourceOrgID": "o-zz9y8x7w6v",
  "aws:SourceOrgPaths": [STRANGER_PATH],
};
const NARROWING: [string, Record<string, Record<string, unknown>>, boolean, Record<string, string | string[]>?][] = [
  ["no condition", {}, true],
  ["StringEquals aws:PrincipalOrgID (ours)", { StringEquals: { "aws:PrincipalOrgID": ORG } }, false],
  ['StringLike aws:PrincipalOrgID "o-*"', { StringLike: { "aws:PrincipalOrgID": "o-*" } }, true],
  ["ForAnyValue:StringLike aws:PrincipalOrgPaths under our organization", { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${ORG}/r-ab12/*`] } }, false],
  ["StringEquals aws:PrincipalAccount (ours)", { StringEquals: { "aws:PrincipalAccount": "111111111111" } }, false],
  ["StringEquals aws:SourceAccount (ours)", { StringEquals: { "aws:SourceAccount": "111111111111" } }, false],
  ['StringLike aws:SourceAccount "1111*"', { StringLike: { "aws:SourceAccount": "1111*" } }, true],
  ["StringEquals aws:SourceOrgID (ours)", { StringEquals: { "aws:SourceOrgID": ORG } }, false],
  ['StringLike aws:SourceOrgID "o-*"', { StringLike: { "aws:SourceOrgID": "o-*" } }, true],
  ["ForAnyValue:StringLike aws:SourceOrgPaths under our organization", { "ForAnyValue:StringLike": { "aws:SourceOrgPaths": [`${ORG}/r-ab12/*`] } }, false],
  ['ForAnyValue:StringLike aws:SourceOrgPaths "*/r-ab12/*" (any organization)', { "ForAnyValue:StringLike": { "aws:SourceOrgPaths": ["*/r-ab12/*"] } }, true],
  ["ArnLike aws:PrincipalArn with a wildcard partition and our account", { ArnLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:role/deploy" } }, false],
  ["ArnLike aws:PrincipalArn with a wildcard account", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" } }, true],
  ["ArnLike aws:PrincipalArn with a wildcard partition and account", { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/deploy" } }, true],
  ["ArnEquals aws:PrincipalArn in aws-us-gov, our account", { ArnEquals: { "aws:PrincipalArn": "arn:aws-us-gov:iam::111111111111:role/deploy" } }, false],
  ["ArnLike aws:SourceArn of one S3 bucket (no account in its ARN)", { ArnLike: { "aws:SourceArn": "arn:aws:s3:::uploads" } }, false],
  ['ArnLike aws:SourceArn "arn:aws:s3:::*" (every bucket)', { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } }, true],
  // Bucket names are global: anyone may create one that a wildcard in the name matches.
  ['ArnLike aws:SourceArn "arn:aws:s3:::uploads-*" (a bucket name prefix)', { ArnLike: { "aws:SourceArn": "arn:aws:s3:::uploads-*" } }, true, { ...STRANGER_CONTEXT, "aws:SourceArn": "arn:aws:s3:::uploads-stranger" }],
  ['StringLike aws:SourceArn "arn:aws:s3:::upload?" (a wildcard in the bucket name)', { StringLike: { "aws:SourceArn": "arn:aws:s3:::upload?" } }, true, { ...STRANGER_CONTEXT, "aws:SourceArn": "arn:aws:s3:::uploadz" }],
  ['ArnLike aws:SourceArn "arn:aws:s3:::uploads/*" (inside one bucket)', { ArnLike: { "aws:SourceArn": "arn:aws:s3:::uploads/*" } }, false, { ...STRANGER_CONTEXT, "aws:SourceArn": "arn:aws:s3:::uploads-stranger/x" }],
  // A stranger in no organization has no aws:PrincipalOrgID at all.
  ["StringEqualsIfExists aws:PrincipalOrgID (ours), for a stranger in no organization,", { StringEqualsIfExists: { "aws:PrincipalOrgID": ORG } }, true, {}],
];

describe("lib/iam/publicAccess: which conditions keep strangers out, as the IAM engine says", function () {
  this.timeout(120_000);
  const grant = (condition: Record<string, unknown>) => ({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: QUEUE, ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) });
  const strangerSends = (condition: Record<string, unknown>, extraContext: Record<string, string | string[]> = STRANGER_CONTEXT) =>
    isAllowed({ policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }], principalArn: STRANGER, action: "sqs:SendMessage", resource: QUEUE, resourceAccountId: "111111111111", context: "accessKeys", resourcePolicy: { Version: "2012-10-17", Statement: [grant(condition)] }, extraContext });
  for (const [name, condition, open, context] of NARROWING) {
    it(`${name} ${open ? "narrows nothing" : "narrows"}`, async function () {
      assert.equal(isPublicGrant(statement(grant(condition))), open);
      assert.equal(await strangerSends(condition, context), open, "the engine agrees");
    });
  }
  it("an empty list of org ids is read as narrowing nothing (the cautious reading), though the engine then admits nobody", async function () {
    const condition = { StringEquals: { "aws:PrincipalOrgID": [] } };
    assert.equal(isPublicGrant(statement(grant(condition))), true);
    assert.equal(await strangerSends(condition), false);
    assert.equal(await strangerSends(condition, { ...STRANGER_CONTEXT, "aws:PrincipalOrgID": ORG }), false, "not even a member of our organization");
  });
});
