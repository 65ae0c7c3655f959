import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { trustNoPublicPrincipal } from "../policies/trustNoPublicPrincipal";
import { PolicyCase, TestResource, doc, expectCase, role } from "./support/run";

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
const ORG = "o-a1b2c3d4e5";
const allow = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra });
const PUBLIC = "lets any AWS principal in the world assume the role";

type Case = PolicyCase;

const CASES: Case[] = [
  // Who is public.
  { name: 'Principal "*" fails', resource: role(doc(allow("*"))), expect: [`role assumeRolePolicy statement #1 ${PUBLIC}`] },
  { name: 'Principal {"AWS": "*"} fails', resource: role(doc(allow({ AWS: "*" }, { Sid: "Anyone" })), {}, "public"), expect: [`public assumeRolePolicy Sid "Anyone" ${PUBLIC}`] },
  { name: 'a "*" among named AWS principals fails', resource: role(doc(allow({ AWS: ["arn:aws:iam::111111111111:root", "*"] }))), expect: [`statement #1 ${PUBLIC}`] },
  { name: "the principal type is read case-insensitively", resource: role(doc(allow({ aws: "*" }))), expect: [`statement #1 ${PUBLIC}`] },
  { name: "an Allow with NotPrincipal admits everyone not listed and fails", resource: role(doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole" })), expect: [`statement #1 ${PUBLIC}`] },
  { name: "only the public statement of several is reported", resource: role(doc(allow({ AWS: "arn:aws:iam::111111111111:root" }, { Sid: "Ours" }), allow("*", { Sid: "Theirs" }))), expect: [`Sid "Theirs" ${PUBLIC}`] },
  { name: "each public statement is reported", resource: role(doc(allow("*", { Sid: "A" }), allow({ AWS: "*" }, { Sid: "B" }))), expect: ['Sid "A"', 'Sid "B"'] },

  // Narrowed by a condition.
  { name: "narrowed by StringEquals aws:PrincipalOrgID passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } }))), expect: [] },
  { name: 'Principal "*" narrowed by StringEquals aws:PrincipalOrgID passes', resource: role(doc(allow("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": [ORG] } } }))), expect: [] },
  { name: "narrowed by StringEquals aws:PrincipalAccount passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalAccount": ["111111111111", "222222222222"] } } }))), expect: [] },
  { name: "an account id given as a JSON number narrows too", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalAccount": 111111111111 } } }))), expect: [] },
  { name: "condition operator and key names are case-insensitive", resource: role(doc(allow({ AWS: "*" }, { Condition: { stringequals: { "AWS:PRINCIPALORGID": ORG } } }))), expect: [] },
  { name: "narrowed by ArnLike aws:PrincipalArn in one account passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/deploy-*" } } }))), expect: [] },
  { name: "narrowed by StringLike aws:PrincipalOrgPaths passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${ORG}/r-ab12/ou-ab12-11111111/*`] } } }))), expect: [] },
  { name: 'StringLike aws:PrincipalOrgID "*" narrows nothing and fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }))), expect: [`statement #1 ${PUBLIC}`] },
  { name: 'a "*" among the org ids narrows nothing and fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalOrgID": [ORG, "*"] } } }))), expect: [PUBLIC] },
  { name: "StringEqualsIfExists aws:PrincipalOrgID fails: a principal outside any organization has no such key", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": ORG } } }))), expect: [PUBLIC] },
  { name: "ForAllValues:StringEquals aws:PrincipalOrgPaths fails: it is true when the key is missing", resource: role(doc(allow({ AWS: "*" }, { Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgPaths": [`${ORG}/r-ab12/`] } } }))), expect: [PUBLIC] },
  { name: "StringNotEquals aws:PrincipalOrgID fails: it admits every other organization", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } } }))), expect: [PUBLIC] },
  { name: "ArnLike aws:PrincipalArn with a wildcard account fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" } } }))), expect: [PUBLIC] },
  { name: "a condition on an unrelated key (MFA) does not narrow the principal and fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }))), expect: [PUBLIC] },
  // Bug: a StringLike pattern every organization id matches narrows nothing (org ids all start "o-").
  { name: 'StringLike aws:PrincipalOrgID "o-*" matches every organization and fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } }))), expect: [PUBLIC] },
  // Bug: "arn:*" matches every principal ARN.
  { name: 'ArnLike aws:PrincipalArn "arn:*" matches every principal and fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:*" } } }))), expect: [PUBLIC] },
  { name: "an empty list of org ids narrows nothing and fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalOrgID": [] } } }))), expect: [PUBLIC] },
  { name: "narrowed by StringEquals aws:SourceAccount passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } }))), expect: [] },
  { name: "aws:SourceAccount that is not an account id narrows nothing and fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:SourceAccount": "1111*" } } }))), expect: [PUBLIC] },
  { name: "narrowed by StringEquals aws:SourceOrgID passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:SourceOrgID": ORG } } }))), expect: [] },
  { name: 'StringLike aws:SourceOrgID "o-*" fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:SourceOrgID": "o-*" } } }))), expect: [PUBLIC] },
  { name: "narrowed by ForAnyValue:StringLike aws:SourceOrgPaths under one organization passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { "ForAnyValue:StringLike": { "aws:SourceOrgPaths": [`${ORG}/r-ab12/*`] } } }))), expect: [] },
  { name: "aws:SourceOrgPaths that does not start with an organization fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { "ForAnyValue:StringLike": { "aws:SourceOrgPaths": ["*/r-ab12/*"] } } }))), expect: [PUBLIC] },
  // Bug: ArnLike matches part by part, so a wildcard partition with a literal account stays in that account.
  { name: "ArnLike aws:PrincipalArn with a wildcard partition and a literal account passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:role/deploy" } } }))), expect: [] },
  { name: "StringLike aws:PrincipalArn with a wildcard partition fails: its * crosses colons", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:role/deploy" } } }))), expect: [PUBLIC] },
  { name: "StringLike aws:PrincipalArn with a literal partition and account passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/deploy-*" } } }))), expect: [] },
  { name: "ArnLike aws:PrincipalArn with a wildcard partition and account fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/deploy" } } }))), expect: [PUBLIC] },
  { name: "ArnEquals aws:PrincipalArn in aws-us-gov with a literal account passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws-us-gov:iam::111111111111:role/deploy" } } }))), expect: [] },
  { name: "aws:SourceArn of one S3 bucket (no account in the ARN) passes", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::my.bucket" } } }))), expect: [] },
  // Bug: bucket names are global, so anyone may create a bucket a wildcard in the name matches.
  { name: 'aws:SourceArn "arn:aws:s3:::my-bucket-*" (a bucket name prefix anyone may take) fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::my-bucket-*" } } }))), expect: [PUBLIC] },
  { name: 'aws:SourceArn "arn:aws:s3:::my.bucket/*" (inside one bucket) passes', resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::my.bucket/*" } } }))), expect: [] },
  { name: 'aws:SourceArn "arn:aws:s3:::*" (every bucket) fails', resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } } }))), expect: [PUBLIC] },
  { name: "aws:SourceArn that is not an ARN fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { StringEquals: { "aws:SourceArn": "my-bucket" } } }))), expect: [PUBLIC] },
  { name: "one narrowing test among others is enough", resource: role(doc(allow({ AWS: "*" }, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, StringEquals: { "aws:PrincipalAccount": "111111111111" } } }))), expect: [] },
  { name: "a narrowing key under a negated operator fails", resource: role(doc(allow({ AWS: "*" }, { Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/deploy" } } }))), expect: [PUBLIC] },

  // Not public.
  { name: "a Service principal passes", resource: role(doc(allow({ Service: "ec2.amazonaws.com" }))), expect: [] },
  { name: "a named account and user pass", resource: role(doc(allow({ AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::111111111111:user/alice"] }))), expect: [] },
  { name: 'a Deny with Principal "*" passes', resource: role(doc(allow({ AWS: "arn:aws:iam::111111111111:root" }), { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })), expect: [] },
  { name: "a Deny with NotPrincipal passes", resource: role(doc(allow({ AWS: "arn:aws:iam::111111111111:root" }), { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" })), expect: [] },
  { name: "seed 001's account-root trust passes", resource: role(seed("seed001-trust-without-mfa.json")), expect: [] },

  // Where trusts live.
  { name: "a trust given as an object is read", resource: { type: "aws:iam/role:Role", name: "obj", props: { assumeRolePolicy: doc(allow("*")) } }, expect: [`obj assumeRolePolicy statement #1 ${PUBLIC}`] },
  { name: "an aws-native role's trust is checked", resource: { type: "aws-native:iam:Role", name: "native", props: { assumeRolePolicyDocument: doc(allow({ AWS: "*" })) } }, expect: [`native assumeRolePolicyDocument statement #1 ${PUBLIC}`] },
  { name: "a role's inline permission policy is not a trust and is ignored", resource: role(doc(allow({ AWS: "arn:aws:iam::111111111111:root" })), { inlinePolicies: [{ name: "x", policy: JSON.stringify(doc(allow("*"))) }] }), expect: [] },
  { name: "an S3 bucket policy (a resource policy, not a trust) is ignored", resource: { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: "b", policy: JSON.stringify(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })) } }, expect: [] },
  { name: "an identity policy is ignored", resource: { type: "aws:iam/policy:Policy", name: "p", props: { policy: JSON.stringify(doc(allow("*", { Resource: "*" }))) } }, expect: [] },
  { name: "a malformed trust is left to iam-policy-document-valid, not a crash", resource: role("{not json"), expect: [] },
  // Where each finding points.
  { name: "a public Principal is located at the Principal", resource: role(doc(allow({ AWS: "arn:aws:iam::111111111111:root" }), allow("*"))), expect: [/ \[TRUST001 at assumeRolePolicy:\$\.Statement\[1\]\.Principal\]$/] },
  { name: "an Allow with NotPrincipal is located at the NotPrincipal", resource: role(doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole" })), expect: [/ \[TRUST001 at assumeRolePolicy:\$\.Statement\[0\]\.NotPrincipal\]$/] },
];


describe("iam-trust-no-public-principal", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(trustNoPublicPrincipal, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
        assert.match(m, /(Sid "[^"]+"|statement #\d+) /, "the message names the statement");
        assert.match(m, /Name the principals or narrow with aws:PrincipalOrgID \/ aws:PrincipalAccount/, "the message names the fix");
      }
    });
  }
});
