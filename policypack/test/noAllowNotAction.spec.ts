import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { noAllowNotAction } from "../policies/noAllowNotAction";
import { PolicyCase, TestResource, doc, expectCase, policyResource, role, findingBody } from "./support/run";

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
const policy = (document: unknown, type?: string, name = "p"): TestResource => policyResource(document, type, name);
const FIX = "List the allowed actions instead.";

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "an Allow with NotAction fails and lists the exceptions", resource: policy(doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" })), expect: [`p policy statement #1 allows everything except iam:*, organizations:*. ${FIX}`] },
  { name: "a single NotAction string fails", resource: policy(doc({ Sid: "AllButIam", Effect: "Allow", NotAction: "iam:*", Resource: "*" })), expect: ['p policy Sid "AllButIam" allows everything except iam:*.'] },
  { name: "an Allow with NotAction on one bucket still fails", resource: policy(doc({ Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "arn:aws:s3:::b/*" })), expect: ["allows everything except s3:DeleteObject."] },
  { name: "an Allow with NotAction and a condition still fails", resource: policy(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })), expect: ["allows everything except iam:*."] },
  { name: "the element name is read case-insensitively", resource: policy(doc({ Effect: "Allow", notaction: "iam:*", Resource: "*" })), expect: ["allows everything except iam:*."] },
  { name: "only the Allow with NotAction is reported", resource: policy(doc({ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Sid: "Rest", Effect: "Allow", NotAction: "iam:*", Resource: "*" })), expect: ['Sid "Rest"'] },
  { name: "a Deny with NotAction passes", resource: policy(doc({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })), expect: [] },
  { name: "seed 003's IAMRequireMFA (a Deny with NotAction) passes", resource: policy(seed("seed003-iam-require-mfa.json")), expect: [] },
  { name: "an Allow with Action passes", resource: policy(seed("seed003-admin-policy.json")), expect: [] },

  // Every kind of document.
  { name: "a user inline policy is checked", resource: { type: "aws:iam/userPolicy:UserPolicy", name: "alice-p", props: { user: "alice", policy: JSON.stringify(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })) } }, expect: ["alice-p policy statement #1"] },
  { name: "a group inline policy is checked", resource: { type: "aws:iam/groupPolicy:GroupPolicy", name: "devs-p", props: { group: "devs", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) } }, expect: ["devs-p policy statement #1"] },
  {
    name: "a role trust with an Allow NotAction is checked",
    resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, NotAction: "sts:TagSession" })),
    expect: ["role assumeRolePolicy statement #1 allows everything except sts:TagSession."],
  },
  {
    name: "a role's inlinePolicies are checked",
    resource: role(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), { inlinePolicies: [{ name: "a", policy: JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })) }, { name: "b", policy: JSON.stringify(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })) }] }, "web"),
    expect: ["web inlinePolicies[1].policy statement #1"],
  },
  { name: "an S3 bucket policy is checked", resource: { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: "b", policy: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, NotAction: "s3:DeleteBucket", Resource: "arn:aws:s3:::b" })) } }, expect: ["bp policy statement #1 allows everything except s3:DeleteBucket."] },
  { name: "an aws-native group's policies are checked", resource: { type: "aws-native:iam:Group", name: "native", props: { policies: [{ policyName: "x", policyDocument: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }] } }, expect: ["native policies[0].policyDocument statement #1"] },
  { name: "a resource without IAM documents is ignored", resource: { type: "aws:iam/user:User", name: "alice", props: { name: "alice", tags: { NotAction: "iam:*" } } }, expect: [] },
  { name: "a policy attachment (an ARN, no document) is ignored", resource: { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "ga", props: { group: "devs", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }, expect: [] },
  { name: "a malformed document is left to iam-policy-document-valid, not a crash", resource: policy("{not json"), expect: [] },
];


describe("iam-no-allow-notaction", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(noAllowNotAction, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
        assert.match(m, /(Sid "[^"]+"|statement #\d+) /, "the message names the statement");
        assert.ok(findingBody(m).endsWith(FIX), `"${m}" names the fix`);
        assert.match(m, / \[NOTACTION001 at [\w.[\]]+:\$\.Statement(\[\d+\])?\.notaction\]$/i, "the message ends with the code and the JSON path of the NotAction");
      }
    });
  }
});
