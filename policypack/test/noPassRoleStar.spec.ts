import * as assert from "assert";
import { noPassRoleStar } from "../policies/noPassRoleStar";
import { PolicyCase, TestResource, doc, expectCase, policyResource, role, findingBody } from "./support/run";

const LAMBDA_ROLE = "arn:aws:iam::111111111111:role/lambda-exec";
const policy = (document: unknown, type?: string, name = "deployer"): TestResource => policyResource(document, type, name);
const pass = (Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "iam:PassRole", Resource, ...extra });
const FIX = "allows iam:PassRole on every role. Name the roles.";

type Case = PolicyCase;

const CASES: Case[] = [
  { name: 'iam:PassRole on "*" fails', resource: policy(doc(pass("*"))), expect: [`deployer policy statement #1 ${FIX}`] },
  { name: 'iam:PassRole on "*" with a Sid names the Sid', resource: policy(doc(pass(["*"], { Sid: "PassAny" }))), expect: [`deployer policy Sid "PassAny" ${FIX}`] },
  { name: 'iam:PassRole on "*" fails even with an iam:PassedToService condition', resource: policy(doc(pass("*", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }))), expect: [FIX] },
  { name: 'iam:PassRole on "arn:*" fails', resource: policy(doc(pass("arn:*"))), expect: [FIX] },
  { name: 'iam:PassRole on "arn:*:*:*:*:*" fails', resource: policy(doc(pass("arn:*:*:*:*:*"))), expect: [FIX] },
  // Bug: every resource of the account's partition was not read as every role.
  { name: 'iam:PassRole on "arn:aws:*" fails', resource: policy(doc(pass("arn:aws:*"))), expect: [FIX] },
  { name: "iam:PassRole with NotResource fails", resource: policy(doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: LAMBDA_ROLE })), expect: [FIX] },
  { name: "iam:* on * counts", resource: policy(doc(pass("*", { Action: "iam:*" }))), expect: [FIX] },
  { name: "iam:Pass* on * counts", resource: policy(doc(pass("*", { Action: ["iam:Pass*"] }))), expect: [FIX] },
  { name: "action names are case-insensitive", resource: policy(doc(pass("*", { Action: "IAM:passrole" }))), expect: [FIX] },
  { name: "* on * counts", resource: policy(doc(pass("*", { Action: "*" }))), expect: [FIX] },
  { name: "a NotAction that leaves iam:PassRole in counts", resource: policy(doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" })), expect: [FIX] },
  { name: "a NotAction that excludes iam:PassRole does not count", resource: policy(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), expect: [] },
  { name: "iam:PassRole on a named role passes", resource: policy(doc(pass(LAMBDA_ROLE, { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }))), expect: [] },
  { name: "iam:PassRole on a few named roles passes", resource: policy(doc(pass([LAMBDA_ROLE, "arn:aws:iam::111111111111:role/ecs-task"]))), expect: [] },
  { name: "other IAM reads on * pass", resource: policy(doc(pass("*", { Action: ["iam:GetRole", "iam:ListRoles"] }))), expect: [] },
  { name: "a Deny iam:PassRole on * passes", resource: policy(doc({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" })), expect: [] },
  { name: "one violation per offending statement", resource: policy(doc(pass(LAMBDA_ROLE, { Sid: "Named" }), pass("*", { Sid: "A" }), pass("*", { Sid: "B", Action: "iam:*" }))), expect: ['Sid "A"', 'Sid "B"'] },
  // Bug: every role of an account, or of every account, is "every role" for iam:PassRole.
  { name: "iam:PassRole on every role of every account (arn:aws:iam::*:role/*) fails", resource: policy(doc(pass("arn:aws:iam::*:role/*"))), expect: [FIX] },
  { name: "iam:PassRole on every role of an account (arn:aws:iam::111111111111:role/*) fails", resource: policy(doc(pass("arn:aws:iam::111111111111:role/*"))), expect: [FIX] },
  { name: "iam:PassRole on every IAM resource of an account (arn:aws:iam::111111111111:*) fails", resource: policy(doc(pass("arn:aws:iam::111111111111:*"))), expect: [FIX] },
  { name: "iam:PassRole on role/** fails", resource: policy(doc(pass("arn:aws:iam::111111111111:role/**"))), expect: [FIX] },
  { name: "every role among named ones fails", resource: policy(doc(pass([LAMBDA_ROLE, "arn:aws:iam::111111111111:role/*"]))), expect: [FIX] },
  { name: "iam:PassRole on roles named by a pattern with a literal suffix is not every role and passes", resource: policy(doc(pass("arn:aws:iam::111111111111:role/*-lambda"))), expect: [] },
  { name: "an S3 object whose key spells a role pattern is not a role and passes", resource: policy(doc(pass("arn:aws:s3:::bucket/arn:aws:iam::111111111111:role/*"))), expect: [] },
  // Where each finding points.
  { name: "a wildcard Resource is located at the Resource", resource: policy(doc(pass("*"))), expect: [/ \[PASSROLE001 at policy:\$\.Statement\[0\]\.Resource\]$/] },
  ...["*", "arn:*", "arn:*:*:*:*:*", "arn:aws:iam::111111111111:role/*"].map((r) => ({ name: `"${r}" after a named role is located at its own entry`, resource: policy(doc(pass([LAMBDA_ROLE, r]))), expect: [/ \[PASSROLE001 at policy:\$\.Statement\[0\]\.Resource\[1\]\]$/] })),
  { name: "a NotResource is located at the NotResource", resource: policy(doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: LAMBDA_ROLE })), expect: [/ \[PASSROLE001 at policy:\$\.Statement\[0\]\.NotResource\]$/] },
  { name: "a statement without Resource (IAM refuses it) is every role, located at its Action", resource: policy(doc({ Effect: "Allow", Action: "iam:PassRole" })), expect: [/ \[PASSROLE001 at policy:\$\.Statement\[0\]\.Action\]$/] },

  // Resource types.
  { name: "a group inline policy is checked", resource: { type: "aws:iam/groupPolicy:GroupPolicy", name: "devs-pass", props: { group: "devs", policy: JSON.stringify(doc(pass("*"))) } }, expect: [`devs-pass policy statement #1 ${FIX}`] },
  { name: "a user inline policy is checked", resource: { type: "aws:iam/userPolicy:UserPolicy", name: "alice-pass", props: { user: "alice", policy: JSON.stringify(doc(pass("*"))) } }, expect: [`alice-pass policy statement #1 ${FIX}`] },
  { name: "a role inline policy is checked", resource: { type: "aws:iam/rolePolicy:RolePolicy", name: "ci-pass", props: { role: "ci", policy: doc(pass("*")) } }, expect: [`ci-pass policy statement #1 ${FIX}`] },
  {
    name: "a role's inlinePolicies are checked",
    resource: role(doc({ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }), { inlinePolicies: [{ name: "p", policy: JSON.stringify(doc(pass("*"))) }] }, "builder"),
    expect: [`builder inlinePolicies[0].policy statement #1 ${FIX}`],
  },
  { name: "an aws-native role policy is checked", resource: { type: "aws-native:iam:RolePolicy", name: "native", props: { roleName: "ci", policyName: "p", policyDocument: doc(pass("*")) } }, expect: [`native policyDocument statement #1 ${FIX}`] },
  { name: "a role trust is ignored", resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "*" })), expect: [] },
  { name: "an SCP is ignored", resource: { type: "aws:organizations/policy:Policy", name: "scp", props: { content: JSON.stringify(doc(pass("*"))) } }, expect: [] },
];


describe("iam-no-passrole-star", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(noPassRoleStar, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
        assert.match(m, /(Sid "[^"]+"|statement #\d+) /, "the message names the statement");
        assert.ok(findingBody(m).endsWith("Name the roles."), `"${m}" names the fix`);
      }
    });
  }
});
