import { strict as assert } from "node:assert";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";
import { grantedAccess, isPublicGrant } from "../../lib/iam/publicAccess";

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
