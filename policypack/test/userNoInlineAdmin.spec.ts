import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { userNoInlineAdmin } from "../policies/userNoInlineAdmin";
import { PolicyCase, TestResource, doc, expectCase } from "./support/run";

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
const userPolicy = (policy: unknown, name = "alice-inline"): TestResource => ({
  type: "aws:iam/userPolicy:UserPolicy",
  name,
  props: { user: "alice", policy: typeof policy === "string" ? policy : JSON.stringify(policy) },
});
const allow = (Action: unknown, Resource: unknown = "*", extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

const CASES: PolicyCase[] = [
  { name: "seed 003's AdminPolicy as a user inline policy fails", resource: userPolicy(seed("seed003-admin-policy.json")), expect: ['alice-inline policy statement #1 allows "*" on "*"'] },
  { name: "Allow *:* on * fails", resource: userPolicy(doc(allow("*:*"))), expect: ['allows "*" on "*"'] },
  { name: "Allow with NotAction on * fails", resource: userPolicy(doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" })), expect: ["allows every action except iam:* on \"*\" (NotAction)"] },
  { name: "Allow iam:* on * fails", resource: userPolicy(doc(allow("iam:*", "*", { Sid: "Iam" }))), expect: ['Sid "Iam" allows every IAM action (iam:*) on "*"'] },
  { name: "a wildcard that is admin only after expansion (i*:*) fails", resource: userPolicy(doc(allow("i*:*"))), expect: ["allows every IAM action (i*:*)"] },
  { name: "iam:PutUserPolicy on * (self-escalation) fails", resource: userPolicy(doc(allow("iam:PutUserPolicy"))), expect: ["allows privilege escalation (iam:PutUserPolicy)"] },
  { name: "iam:Put*Policy expands to every put-policy action", resource: userPolicy(doc(allow("iam:Put*Policy"))), expect: ["iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy"] },
  { name: "iam:CreatePolicyVersion on all policies fails", resource: userPolicy(doc(allow("iam:CreatePolicyVersion", "arn:aws:iam::*:policy/*"))), expect: ["iam:CreatePolicyVersion"] },
  { name: "iam:CreateAccessKey for other users fails", resource: userPolicy(doc(allow("iam:CreateAccessKey", "arn:aws:iam::*:user/*"))), expect: ["iam:CreateAccessKey"] },
  { name: "iam:CreateAccessKey on the user's own identity passes", resource: userPolicy(doc(allow("iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}"))), expect: [] },
  { name: "Allow s3:* on * is not admin", resource: userPolicy(doc(allow("s3:*"))), expect: [] },
  { name: "read-only IAM on * is not admin", resource: userPolicy(doc(allow(["iam:Get*", "iam:List*"]))), expect: [] },
  { name: "Deny * on * is not admin", resource: userPolicy(doc({ Effect: "Deny", Action: "*", Resource: "*" })), expect: [] },
  { name: "a group inline admin policy is not a user's (other rules cover groups)", resource: { type: "aws:iam/groupPolicy:GroupPolicy", name: "g", props: { group: "admins", policy: seed("seed003-admin-policy.json") } }, expect: [] },
  {
    name: "AdministratorAccess attached directly to a user fails",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "alice-admin", props: { user: "alice", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: ["alice-admin attaches arn:aws:iam::aws:policy/AdministratorAccess directly to user alice"],
  },
  {
    name: "IAMFullAccess attached directly to a user fails",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" } },
    expect: ["IAMFullAccess"],
  },
  {
    name: "ReadOnlyAccess attached to a user is not admin",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
    expect: [],
  },
  {
    name: "a PolicyAttachment of AdministratorAccess to users fails",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { users: ["alice", "bob"], groups: [], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: ["directly to users alice, bob"],
  },
  {
    name: "a PolicyAttachment of AdministratorAccess to groups only passes",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { users: [], groups: ["admins"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: [],
  },
  {
    name: "an aws-native user with an inline admin policy fails",
    resource: { type: "aws-native:iam:User", name: "native", props: { policies: [{ policyName: "x", policyDocument: doc(allow("*")) }] } },
    expect: ['native policies[0].policyDocument statement #1 allows "*" on "*"'],
  },
];

describe("iam-user-no-inline-admin", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(userNoInlineAdmin, c);
      for (const m of messages) assert.match(m, /role assumed with MFA/, "the message names the fix");
    });
  }
});
