import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { assumeRoleExplicitResources } from "../policies/assumeRoleExplicitResources";
import { PolicyCase, TestResource, doc, expectCase, role } from "./support/run";

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
const ADMIN = "arn:aws:iam::222222222222:role/Admin";
const policy = (document: unknown, type = "aws:iam/policy:Policy", name = "assume"): TestResource => ({
  type,
  name,
  props: { policy: typeof document === "string" ? document : JSON.stringify(document), ...(type === "aws:iam/groupPolicy:GroupPolicy" ? { group: "admins" } : {}) },
});
const assume = (Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "sts:AssumeRole", Resource, ...extra });
const FIX = "Name the role ARNs explicitly.";

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "explicit role ARNs pass", resource: policy(doc(assume([ADMIN, "arn:aws:iam::333333333333:role/ReadOnly"]))), expect: [] },
  { name: "a role ARN with a path passes", resource: policy(doc(assume("arn:aws:iam::222222222222:role/people/Admin"))), expect: [] },
  { name: 'Resource "*" fails', resource: policy(doc(assume("*"))), expect: [`assume policy statement #1 allows sts:AssumeRole on *. ${FIX} [ASSUME001 at policy:$.Statement[0].Resource]`] },
  { name: "a wildcard account fails", resource: policy(doc(assume("arn:aws:iam::*:role/Admin", { Sid: "AnyAccount" }))), expect: ['assume policy Sid "AnyAccount" allows sts:AssumeRole on arn:aws:iam::*:role/Admin.'] },
  { name: "a partly wildcard account fails", resource: policy(doc(assume("arn:aws:iam::2222*:role/Admin"))), expect: ["on arn:aws:iam::2222*:role/Admin."] },
  { name: "a wildcard role name fails", resource: policy(doc(assume("arn:aws:iam::222222222222:role/*"))), expect: ["on arn:aws:iam::222222222222:role/*."] },
  { name: "a ? in the role name fails", resource: policy(doc(assume("arn:aws:iam::222222222222:role/Admin?"))), expect: ["on arn:aws:iam::222222222222:role/Admin?."] },
  { name: "only the wildcard ARNs are listed", resource: policy(doc(assume([ADMIN, "arn:aws:iam::222222222222:role/dev-*"]))), expect: [/on arn:aws:iam::222222222222:role\/dev-\*\. /] },
  { name: "every wildcard ARN is listed", resource: policy(doc(assume(["arn:aws:iam::*:role/Admin", ADMIN, "arn:aws:iam::222222222222:role/dev-*"]))), expect: ["allows sts:AssumeRole on arn:aws:iam::*:role/Admin, arn:aws:iam::222222222222:role/dev-*. "] },
  { name: "a statement without Resource (IAM refuses it) reaches every role and fails", resource: policy(doc({ Effect: "Allow", Action: "sts:AssumeRole" })), expect: [/allows sts:AssumeRole on \*\. .* \[ASSUME001 at policy:\$\.Statement\[0\]\]$/] },
  { name: "NotResource fails", resource: policy(doc({ Effect: "Allow", Action: "sts:AssumeRole", NotResource: ADMIN })), expect: ["allows sts:AssumeRole on NotResource. Name the role ARNs explicitly. [ASSUME001 at policy:$.Statement[0].NotResource]"] },
  { name: "sts:* counts as sts:AssumeRole", resource: policy(doc(assume("*", { Action: "sts:*" }))), expect: ["allows sts:AssumeRole on *"] },
  { name: "sts:Assume* counts as sts:AssumeRole", resource: policy(doc(assume("*", { Action: ["sts:Assume*"] }))), expect: ["allows sts:AssumeRole on *"] },
  { name: "seed 003's Allow * on * counts", resource: policy(seed("seed003-admin-policy.json")), expect: ["assume policy statement #1 allows sts:AssumeRole on *"] },
  { name: "seed 003's assume-admin-role policy (any account) fails", resource: policy(seed("seed003-assume-admin-role.json")), expect: ["statement #1 allows sts:AssumeRole on arn:aws:iam::*:role/AdminRole"] },
  { name: "a NotAction that leaves sts:AssumeRole in counts", resource: policy(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), expect: ["allows sts:AssumeRole on *"] },
  { name: "a NotAction that excludes sts:AssumeRole does not count", resource: policy(doc({ Effect: "Allow", NotAction: "sts:*", Resource: "*" })), expect: [] },
  { name: "other actions on * pass", resource: policy(doc(assume("*", { Action: ["sts:GetCallerIdentity", "sts:TagSession"] }))), expect: [] },
  { name: "a Deny sts:AssumeRole on * passes", resource: policy(doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" })), expect: [] },
  { name: "one violation per offending statement", resource: policy(doc(assume(ADMIN, { Sid: "Ok" }), assume("*", { Sid: "Any" }), assume("arn:aws:iam::*:role/x", { Sid: "AnyAccount" }))), expect: ['Sid "Any"', 'Sid "AnyAccount"'] },
  // Bug: "?" wildcards in the account are not seen (only "*" is).
  { name: "a ? wildcard account fails", resource: policy(doc(assume("arn:aws:iam::????????????:role/Admin"))), expect: ["on arn:aws:iam::????????????:role/Admin."] },
  // Bug: "arn:*" is every resource (breadth.appliesToAllResources says so too).
  { name: 'Resource "arn:*" fails', resource: policy(doc(assume("arn:*"))), expect: ["allows sts:AssumeRole on arn:*."] },
  // Bug: every role (and every other IAM resource) of an account.
  { name: "an account-wide resource arn:aws:iam::222222222222:* fails", resource: policy(doc(assume("arn:aws:iam::222222222222:*"))), expect: ["allows sts:AssumeRole on arn:aws:iam::222222222222:*."] },

  // Resource types.
  { name: "a group inline policy is checked", resource: policy(doc(assume("*")), "aws:iam/groupPolicy:GroupPolicy", "admins-assume"), expect: ["admins-assume policy statement #1 allows sts:AssumeRole on *"] },
  { name: "a user inline policy is checked", resource: { type: "aws:iam/userPolicy:UserPolicy", name: "alice-assume", props: { user: "alice", policy: JSON.stringify(doc(assume("*"))) } }, expect: ["alice-assume policy statement #1"] },
  { name: "a role inline policy is checked", resource: { type: "aws:iam/rolePolicy:RolePolicy", name: "ci-assume", props: { role: "ci", policy: doc(assume("*")) } }, expect: ["ci-assume policy statement #1"] },
  {
    name: "a role's inlinePolicies are checked, not its trust",
    resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }), { inlinePolicies: [{ name: "hop", policy: JSON.stringify(doc(assume("*"))) }] }, "hopper"),
    expect: ["hopper inlinePolicies[0].policy statement #1 allows sts:AssumeRole on *"],
  },
  { name: "an aws-native managed policy is checked", resource: { type: "aws-native:iam:ManagedPolicy", name: "native", props: { policyDocument: doc(assume("*")) } }, expect: ["native policyDocument statement #1"] },
  { name: "a role trust (no Resource element) is ignored", resource: role(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" })), expect: [] },
  { name: "an S3 bucket policy is ignored", resource: { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: "b", policy: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "*", Resource: "*" })) } }, expect: [] },
  { name: "a malformed document is left to iam-policy-document-valid, not a crash", resource: policy("{not json"), expect: [] },
];


describe("iam-assume-role-explicit-resources", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(assumeRoleExplicitResources, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} `), `"${m}" names the resource ${c.resource.name}`);
        assert.match(m, /(Sid "[^"]+"|statement #\d+) /, "the message names the statement");
        assert.ok(m.includes(FIX), `"${m}" names the fix`);
        assert.match(m, /\[ASSUME001 at [\w.[\]]+:\$\.Statement(\[\d+\])?(\.(Not)?Resource(\[\d+\])?)?\]$/, "the message ends with the code and the JSON path");
      }
    });
  }
});
