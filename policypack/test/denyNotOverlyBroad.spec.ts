import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { selfServiceMfaPolicy } from "../../lib/iam/builders";
import { denyNotOverlyBroad } from "../policies/denyNotOverlyBroad";
import { UnknownValueError } from "@pulumi/policy";
import { undecidedAtPreview } from "../lib/preview";
import { PolicyCase, TestResource, doc, expectCase, policyResource, stackViolationsOf, violationsOf } from "./support/run";

/** Props whose listed keys are unknown, as during preview: reading them throws the SDK's UnknownValueError. */
function withUnknown(props: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  for (const k of keys) {
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () => {
        throw undecidedAtPreview(`${k} is unknown`);
      },
    });
  }
  return out;
}

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
// A user's inline policy: its holder is a person, so the Deny's breadth alone decides (managed policies are decided over the stack, below).
const policy = (document: unknown, type = "aws:iam/userPolicy:UserPolicy", name = "p"): TestResource =>
  type === "aws:organizations/policy:Policy" ? { type, name, props: { content: JSON.stringify(document) } } : policyResource(document, type, name);
const deny = (extra: Record<string, unknown>) => ({ Effect: "Deny", Resource: "*", ...extra });
const STATE = { mustRemainAllowed: [{ action: "s3:GetObject", resource: "arn:aws:s3:::my-state/*" }, { action: "s3:PutObject", resource: "arn:aws:s3:::my-state/*" }] };

const fixture = (file: string): TestResource => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/resources", `${file}.json`), "utf8"));

const CASES: PolicyCase[] = [
  { name: "an ECS task role's own Deny iam:* on * is a workload guardrail and passes", resource: fixture("ecs-task-role-with-iam-guardrail"), config: STATE, expect: [] },
  {
    name: "a Deny iam:* on * in a role people assume fails, and names only what it blocks (not the Pulumi state)",
    resource: fixture("people-role-with-iam-deny"),
    config: STATE,
    expect: [/^ops inlinePolicies\[0\]\.policy statement #1 denies iam:\* on every resource, unconditionally: it locks people out of every iam action\. .* \[DENY001 at inlinePolicies\[0\]\.policy:\$\.Statement\[0\]\.Action\]$/],
  },
  { name: "a Deny iam:* on * in an Identity Center (SAML) role fails: people sign in to it", resource: fixture("identity-center-role-with-iam-deny"), expect: ["denies iam:* on every resource"] },
  { name: "an unconditional Deny * on * says it blocks reading the Pulumi state", resource: policy(doc(deny({ Action: "*" }))), expect: ["it locks people out of all unrelated work, including reading the Pulumi state"] },
  { name: "an unconditional Deny * on * fails", resource: policy(doc(deny({ Action: "*" }))), expect: ["p policy statement #1 denies * on every resource, unconditionally"] },
  {
    name: "an unconditional Deny * on * also blocks reading the Pulumi state bucket",
    resource: policy(doc(deny({ Sid: "LockDown", Action: "*" }))),
    config: STATE,
    expect: ['Sid "LockDown" denies *', 'Sid "LockDown" blocks s3:GetObject on arn:aws:s3:::my-state/*', 'Sid "LockDown" blocks s3:PutObject on arn:aws:s3:::my-state/*'],
  },
  { name: "an unconditional Deny s3:* on * fails", resource: policy(doc(deny({ Action: "s3:*" }))), expect: ["denies s3:* on every resource"] },
  { name: "an unconditional Deny sts:* on * fails", resource: policy(doc(deny({ Action: ["sts:*"] }))), expect: ["denies sts:*"] },
  { name: "an unconditional Deny with a NotAction list on * fails", resource: policy(doc(deny({ NotAction: ["iam:*"] }))), expect: ["denies every action except iam:*"] },
  { name: "a Deny with NotResource is on every resource", resource: policy(doc({ Effect: "Deny", Action: "*", NotResource: "arn:aws:s3:::x" })), expect: ["denies *"] },
  { name: "seed 003's IAMRequireMFA passes (its Deny is scoped by an MFA key)", resource: policy(seed("seed003-iam-require-mfa.json")), config: STATE, expect: [] },
  { name: "our self-service policy passes, also with the state bucket required", resource: policy(selfServiceMfaPolicy(), "aws:iam/groupPolicy:GroupPolicy"), config: STATE, expect: [] },
  { name: "a Deny of named actions on * passes", resource: policy(doc(deny({ Action: ["iam:DeleteRole", "iam:DeleteUser"] }))), expect: [] },
  { name: "a Deny s3:* on one bucket passes", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::secret/*" })), expect: [] },
  { name: "a Deny * scoped by aws:RequestedRegion passes", resource: policy(doc(deny({ Action: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }))), expect: [] },
  { name: "a condition that matches every value narrows nothing", resource: policy(doc(deny({ Action: "*", Condition: { StringLike: { "aws:PrincipalArn": "*" } } }))), expect: ["denies *"] },
  {
    name: 'a "*" among the StringLike aws:PrincipalArn values matches every caller and narrows nothing',
    resource: policy(doc(deny({ Action: "*", Condition: { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x", "*"] } } }))),
    expect: ["denies *"],
  },
  {
    name: "StringLike aws:PrincipalArn naming one role narrows the Deny to that caller",
    resource: policy(doc(deny({ Action: "*", Condition: { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x"] } } }))),
    expect: [],
  },
  // Which condition keys scope a Deny.
  { name: "an unknown aws: key (StringNotEquals aws:UserAgent) is not read as scoping and fails", resource: policy(doc(deny({ Action: "*", Condition: { StringNotEquals: { "aws:UserAgent": "terraform" } } }))), expect: ["denies *"] },
  { name: "a known aws: key with the same operator (StringNotEquals aws:SourceVpc) scopes and passes", resource: policy(doc(deny({ Action: "*", Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-1234" } } }))), expect: [] },
  { name: "StringEquals on a service key (s3:prefix) scopes the Deny to requests that carry it and passes", resource: policy(doc(deny({ Action: "*", Condition: { StringEquals: { "s3:prefix": "home/" } } }))), expect: [] },
  // Bug: a negated operator is true when the key is absent, so the Deny refuses every action of every other service.
  { name: "StringNotEquals on a service key (s3:prefix) applies to every request without the key and fails", resource: policy(doc(deny({ Action: "*", Condition: { StringNotEquals: { "s3:prefix": "home/" } } }))), expect: ["denies *"] },
  { name: "StringEqualsIfExists on a service key applies to every request without the key and fails", resource: policy(doc(deny({ Action: "*", Condition: { StringEqualsIfExists: { "s3:prefix": "home/" } } }))), expect: ["denies *"] },
  { name: "Null false on a service key applies only where the key is present and passes", resource: policy(doc(deny({ Action: "*", Condition: { Null: { "s3:prefix": "false" } } }))), expect: [] },
  { name: "ArnLike aws:PrincipalArn on a role name prefix stays a narrowing and passes", resource: policy(doc(deny({ Action: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x-*" } } }))), expect: [] },
  { name: 'ArnLike aws:PrincipalArn "*" narrows nothing and fails', resource: policy(doc(deny({ Action: "*", Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/x-*", "**"] } } }))), expect: ["denies *"] },
  // Bug: a pattern every caller's ARN matches narrowed nothing, yet it was read as scoping.
  { name: 'StringLike aws:PrincipalArn "arn:*" matches every caller and fails', resource: policy(doc(deny({ Action: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:*" } } }))), expect: ["denies *"] },
  { name: 'ArnLike aws:PrincipalArn "arn:*:iam::*:*" matches every user and role and fails', resource: policy(doc(deny({ Action: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:*" } } }))), expect: ["denies *"] },
  { name: 'ArnLike aws:PrincipalArn "arn:*:iam::*:role/x-*" narrows to some roles in any account and passes', resource: policy(doc(deny({ Action: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/x-*" } } }))), expect: [] },
  // Bug: StringNotEquals takes * as a character, and no role name holds one: the Deny spared nobody.
  { name: 'StringNotEquals aws:PrincipalArn "…:role/ci-*" spares nobody (* is a character there) and fails', resource: policy(doc(deny({ Action: "*", Condition: { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci-*" } } }))), expect: ["denies *"] },
  { name: 'StringNotLike aws:PrincipalArn "…:role/ci-*" spares the CI roles and passes', resource: policy(doc(deny({ Action: "*", Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci-*" } } }))), expect: [] },
  { name: "StringNotLike with a * value narrows nothing either way: it matches no caller and passes", resource: policy(doc(deny({ Action: "*", Condition: { StringNotLike: { "aws:PrincipalArn": "*" } } }))), expect: [] },

  // Which resources.
  { name: 'a "*" among named Resource entries is every resource and fails', resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: ["arn:aws:s3:::secret/*", "*"] })), expect: ["denies s3:* on every resource"] },
  { name: '"arn:*:*" is every resource and fails', resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:*:*" })), expect: ["denies s3:* on every resource"] },
  // Bug: every resource of the account's partition was not read as every resource.
  { name: '"arn:aws:*" is every resource of the partition and fails', resource: policy(doc({ Effect: "Deny", Action: "*", Resource: "arn:aws:*" })), expect: ["denies * on every resource"] },
  // Every resource of one service: the same lock-out as the service's actions on "*", for that service.
  { name: 'a Deny * on "arn:aws:s3:::*" (every bucket and object) fails: it locks people out of S3, the Pulumi state included', resource: policy(doc({ Effect: "Deny", Action: "*", Resource: "arn:aws:s3:::*" })), expect: [/denies \* on every s3 resource \(arn:aws:s3:::\*\), unconditionally: it locks people out of every s3 action, including reading the Pulumi state.*\[DENY001 at policy:\$\.Statement\[0\]\.Action\]$/] },
  { name: 'a Deny dynamodb:* on "arn:aws:dynamodb:*:111111111111:*" fails: every table of the account, without the state', resource: policy(doc({ Effect: "Deny", Action: ["s3:GetObject", "dynamodb:*"], Resource: "arn:aws:dynamodb:*:111111111111:*" })), expect: [/denies dynamodb:\* on every dynamodb resource \(arn:aws:dynamodb:\*:111111111111:\*\), unconditionally: it locks people out of every dynamodb action\. .*\[DENY001 at policy:\$\.Statement\[0\]\.Action\[1\]\]$/] },
  { name: "a Deny s3:* on every DynamoDB resource passes: no S3 action acts on a table", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:dynamodb:*:*:*" })), expect: [] },
  { name: "a Deny dynamodb:* in one region passes: a region restriction is a guardrail", resource: policy(doc({ Effect: "Deny", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:us-east-1:*:*" })), expect: [] },
  { name: "a Deny s3:* on one bucket's objects passes", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::archive/*" })), expect: [] },
  { name: "a Deny s3:GetObject on every bucket passes this check: one action, not the service", resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" })), expect: [] },
  { name: "a Deny s3:* on every bucket without TLS passes: the condition scopes it", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::*", Condition: { Bool: { "aws:SecureTransport": "false" } } })), expect: [] },
  { name: "named Resource entries only pass", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: ["arn:aws:s3:::secret/*", "arn:aws:s3:::secret"] })), expect: [] },
  { name: "a NotResource list of several entries is still every other resource and fails", resource: policy(doc({ Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] })), expect: ["denies s3:* on every resource"] },
  {
    name: "a NotResource list that holds the state bucket leaves it allowed",
    resource: policy(doc({ Effect: "Deny", Action: ["s3:GetObject", "s3:PutObject"], NotResource: ["arn:aws:s3:::public/*", "arn:aws:s3:::my-state/*"] })),
    config: STATE,
    expect: [],
  },
  {
    name: "a NotResource list without the state bucket blocks it",
    resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", NotResource: ["arn:aws:s3:::public/*", "arn:aws:s3:::other/*"] })),
    config: STATE,
    expect: ["blocks s3:GetObject on arn:aws:s3:::my-state/*"],
  },
  { name: "a Deny on a bucket whose name differs only by case does not block the state bucket (ARNs are case-sensitive)", resource: policy(doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::My-State/*" })), config: STATE, expect: [] },
  {
    name: "a dot in a denied bucket name matches only a dot",
    resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: ["arn:aws:s3:::my.state/*"] })),
    config: { mustRemainAllowed: [{ action: "s3:GetObject", resource: "arn:aws:s3:::myxstate/k" }, { action: "s3:GetObject", resource: "arn:aws:s3:::my.state/k" }] },
    expect: ["blocks s3:GetObject on arn:aws:s3:::my.state/k"],
  },
  {
    name: "a Deny on another action does not block the access",
    resource: policy(doc({ Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::my-state/*" })),
    config: STATE,
    expect: [],
  },
  {
    name: "a Deny that applies only without MFA does not block the deployer, who works with MFA",
    resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })),
    config: STATE,
    expect: [],
  },
  {
    name: "a Deny on a key the working context does not model may block the access",
    resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*", Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-1234" } } })),
    config: STATE,
    expect: ["blocks s3:GetObject on arn:aws:s3:::my-state/*"],
  },
  {
    name: "a required access given as a pattern is blocked by a Deny on one object under it",
    resource: policy(doc({ Effect: "Deny", Action: "s3:PutObject", Resource: "arn:aws:s3:::my-state/locks/x" })),
    config: { mustRemainAllowed: [{ action: "s3:PutObject", resource: "arn:aws:s3:::my-state/*" }] },
    expect: ["blocks s3:PutObject on arn:aws:s3:::my-state/*"],
  },
  {
    name: "a TLS-only bucket policy Deny passes and leaves the state bucket readable over TLS",
    resource: policy(doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::my-state", "arn:aws:s3:::my-state/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }), "aws:s3/bucketPolicy:BucketPolicy"),
    config: STATE,
    expect: [],
  },
  {
    name: "a bucket policy Deny of s3:GetObject to everyone but one role may block the deployer",
    resource: policy(doc({ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*", Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/reader" } } }), "aws:s3/bucketPolicy:BucketPolicy"),
    config: STATE,
    expect: ["blocks s3:GetObject on arn:aws:s3:::my-state/*"],
  },
  {
    name: "an SCP denying sts:AssumeRole to everyone fails and blocks the deployer",
    resource: policy(doc(deny({ Action: "sts:AssumeRole" })), "aws:organizations/policy:Policy"),
    config: { mustRemainAllowed: [{ action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole" }] },
    expect: ["blocks sts:AssumeRole on arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"],
  },
  { name: "a Deny in a role's inline policy is checked", resource: { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: JSON.stringify(doc(deny({ Action: "*" }))) }] } }, expect: ["r inlinePolicies[0].policy statement #1 denies *"] },
  { name: "a trust's Deny is not a permission and is left to the trust rules", resource: { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: JSON.stringify(doc({ Effect: "Deny", Principal: "*", Action: "*" })) } }, expect: [] },
  { name: "Allow statements are never broad Denies", resource: policy(doc({ Effect: "Allow", Action: "*", Resource: "*" })), expect: [] },
  { name: "an Allow * on * beside a scoped Deny is neither broad nor blocking", resource: policy(doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "iam:DeleteRole", Resource: "*" })), config: STATE, expect: [] },
  {
    name: "a broad Deny in the trust of a role people assume is left to the trust rules",
    resource: {
      type: "aws:iam/role:Role",
      name: "r",
      props: {
        assumeRolePolicy: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:user/alice" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }, { Effect: "Deny", Principal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:*" })),
        inlinePolicies: [{ name: "x", policy: JSON.stringify(doc(deny({ Action: "iam:DeleteRole" }))) }],
      },
    },
    config: STATE,
    expect: [],
  },
  {
    name: "an unreadable policy beside a broad Deny is left to iam-policy-document-valid and the Deny is still reported",
    resource: { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "bad", policy: "{not json" }, { name: "x", policy: JSON.stringify(doc(deny({ Action: "*" }))) }] } },
    expect: ["r inlinePolicies[1].policy statement #1 denies *"],
  },
  // What the message says is locked out.
  { name: "a NotAction Deny is located at its NotAction", resource: policy(doc(deny({ NotAction: ["iam:*"] }))), expect: [/denies every action except iam:\* on every resource, unconditionally: it locks people out of every action except iam:\*, including reading the Pulumi state\. .* \[DENY001 at policy:\$\.Statement\[0\]\.NotAction\]$/] },
  { name: "an unconditional Deny s3:* on * says it blocks reading the Pulumi state", resource: policy(doc(deny({ Action: "s3:*" }))), expect: ["it locks people out of every s3 action, including reading the Pulumi state."] },
  { name: '"*" among other denied actions locks people out of all unrelated work', resource: policy(doc(deny({ Action: ["iam:*", "*"] }))), expect: ["denies iam:*, * on every resource, unconditionally: it locks people out of all unrelated work, including"] },
  { name: "the message names every whole service denied and no named action", resource: policy(doc(deny({ Action: ["s3:*", "iam:DeleteRole", "ec2:*"] }))), expect: ["denies s3:*, ec2:* on every resource, unconditionally: it locks people out of every s3, ec2 action, including reading the Pulumi state."] },
  { name: "a blocked required access is reported with its code", resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*" })), config: STATE, expect: [/blocks s3:GetObject on arn:aws:s3:::my-state\/\*, which must remain allowed\. .* \[DENY002 at policy:\$\.Statement\[0\]\.Action\]$/] },
  { name: "a blocked required access is located at the action that covers it", resource: policy(doc({ Effect: "Deny", Action: ["s3:DeleteObject", "s3:Get*"], Resource: "arn:aws:s3:::my-state/*" })), config: STATE, expect: [/blocks s3:GetObject on .* \[DENY002 at policy:\$\.Statement\[0\]\.Action\[1\]\]$/] },
  { name: "a required access blocked by a NotAction Deny is located at the NotAction", resource: policy(doc({ Effect: "Deny", NotAction: ["s3:PutObject"], Resource: "arn:aws:s3:::my-state/*" })), config: STATE, expect: [/blocks s3:GetObject on .* \[DENY002 at policy:\$\.Statement\[0\]\.NotAction\]$/] },
  { name: "the message lists every action a NotAction Deny spares", resource: policy(doc(deny({ NotAction: ["iam:*", "sts:*"] }))), expect: ["it locks people out of every action except iam:*, sts:*, including reading the Pulumi state"] },
  { name: "with no mustRemainAllowed at all only breadth is checked", resource: policy(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::my-state/*" })), config: { mustRemainAllowed: undefined }, expect: [] },
  { name: "with no mustRemainAllowed at all a NotAction Deny on * is reported once, for its breadth", resource: policy(doc(deny({ NotAction: ["iam:*"] }))), config: { mustRemainAllowed: undefined }, expect: ["denies every action except iam:* on every resource"] },
];

describe("iam-deny-not-overly-broad", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(denyNotOverlyBroad, c);
      for (const m of messages) assert.match(m, /Scope it|Exclude it/, "the message names the fix");
    });
  }
});

// ---------------------------------------------------------------------------------------------
// A Deny held apart from its holder: role policies and customer managed policies, over the stack.
// ---------------------------------------------------------------------------------------------

const DENY_IAM = JSON.stringify(doc(deny({ Sid: "NoIam", Action: ["iam:*"] })));
const trustOf = (principal: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify(doc({ Effect: "Allow", Principal: principal, Action: extra.Action ?? "sts:AssumeRole", ...(extra.Condition ? { Condition: extra.Condition } : {}) }));
const TRUSTS = {
  ecsTasks: trustOf({ Service: "ecs-tasks.amazonaws.com" }),
  lambda: trustOf({ Service: "lambda.amazonaws.com" }),
  eks: trustOf({ Federated: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" }, {
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:app:api" } },
  }),
  user: trustOf({ AWS: "arn:aws:iam::111111111111:user/alice" }, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }),
  accountRoot: trustOf({ AWS: "arn:aws:iam::111111111111:root" }),
  everyone: trustOf("*"),
};
const classicRole = (name: string, trust: string, extra: Record<string, unknown> = {}): TestResource => ({ type: "aws:iam/role:Role", name, props: { name, assumeRolePolicy: trust, ...extra } });
const nativeRole = (name: string, trust: string): TestResource => ({ type: "aws-native:iam:Role", name, props: { roleName: name, assumeRolePolicyDocument: JSON.parse(trust) } });
const rolePolicy = (role: string, name = "guardrail"): TestResource => ({ type: "aws:iam/rolePolicy:RolePolicy", name, props: { role, policy: DENY_IAM } });
const managed = (name = "no-iam"): TestResource => ({ type: "aws:iam/policy:Policy", name, props: { name, path: "/", policy: DENY_IAM } });
const MANAGED_ARN = "arn:aws:iam::111111111111:policy/no-iam";
const attach = (role: string): TestResource => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: `${role}-no-iam`, props: { role, policyArn: MANAGED_ARN } });

interface StackCase {
  name: string;
  resources: TestResource[];
  /** The resources reported, in order; empty for a pass. */
  reported: string[];
  /** Who the message says holds the Deny. */
  heldBy?: string;
}

const STACK_CASES: [StackCase, StackCase][] = [
  [
    { name: "an aws.iam.RolePolicy denying iam:* on an ECS task role passes", resources: [classicRole("task", TRUSTS.ecsTasks), rolePolicy("task")], reported: [] },
    { name: "the same RolePolicy on a role an IAM user assumes (with MFA) fails", resources: [classicRole("ops", TRUSTS.user), rolePolicy("ops")], reported: ["guardrail"], heldBy: "role ops, whose trust admits people" },
  ],
  [
    { name: "a RolePolicy naming its role by ARN on a Lambda role passes", resources: [classicRole("fn", TRUSTS.lambda), rolePolicy("arn:aws:iam::111111111111:role/fn")], reported: [] },
    { name: "a RolePolicy on a role the account root assumes without narrowing fails", resources: [classicRole("admin", TRUSTS.accountRoot), rolePolicy("admin")], reported: ["guardrail"], heldBy: "role admin, whose trust admits people" },
  ],
  [
    { name: "a customer aws.iam.Policy attached only to a Lambda role with a RolePolicyAttachment passes", resources: [classicRole("fn", TRUSTS.lambda), managed(), attach("fn")], reported: [] },
    { name: "the same policy also attached to a role that trusts everyone fails", resources: [classicRole("fn", TRUSTS.lambda), classicRole("open", TRUSTS.everyone), managed(), attach("fn"), attach("open")], reported: ["no-iam"], heldBy: "role open, whose trust admits people" },
  ],
  [
    { name: "a customer policy attached to workload roles through aws.iam.PolicyAttachment passes", resources: [classicRole("fn", TRUSTS.lambda), classicRole("task", TRUSTS.ecsTasks), managed(), { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { policyArn: MANAGED_ARN, roles: ["fn", "task"] } }], reported: [] },
    { name: "a customer policy attached to a group through aws.iam.PolicyAttachment fails", resources: [classicRole("fn", TRUSTS.lambda), managed(), { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { policyArn: MANAGED_ARN, roles: ["fn"], groups: ["developers"] } }], reported: ["no-iam"], heldBy: "group developers" },
  ],
  [
    { name: "a customer policy in a workload role's managedPolicyArns passes", resources: [classicRole("task", TRUSTS.ecsTasks, { managedPolicyArns: [MANAGED_ARN] }), managed()], reported: [] },
    { name: "a customer policy attached to a user fails", resources: [classicRole("task", TRUSTS.ecsTasks, { managedPolicyArns: [MANAGED_ARN] }), managed(), { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "alice-no-iam", props: { user: "alice", policyArn: MANAGED_ARN } }], reported: ["no-iam"], heldBy: "user alice" },
  ],
  [
    { name: "an aws-native RolePolicy on an EKS service-account role (web identity) passes", resources: [nativeRole("api", TRUSTS.eks), { type: "aws-native:iam:RolePolicy", name: "api-guardrail", props: { roleName: "api", policyName: "g", policyDocument: JSON.parse(DENY_IAM) } }], reported: [] },
    { name: "an aws-native RolePolicy on a role a user assumes fails", resources: [nativeRole("ops", TRUSTS.user), { type: "aws-native:iam:RolePolicy", name: "ops-guardrail", props: { roleName: "ops", policyName: "g", policyDocument: JSON.parse(DENY_IAM) } }], reported: ["ops-guardrail"], heldBy: "role ops, whose trust admits people" },
  ],
  [
    { name: "an aws-native ManagedPolicy naming only workload roles passes", resources: [nativeRole("api", TRUSTS.eks), { type: "aws-native:iam:ManagedPolicy", name: "native-no-iam", props: { roles: ["api"], policyDocument: JSON.parse(DENY_IAM) } }], reported: [] },
    { name: "an aws-native ManagedPolicy naming a user fails", resources: [nativeRole("api", TRUSTS.eks), { type: "aws-native:iam:ManagedPolicy", name: "native-no-iam", props: { roles: ["api"], users: ["alice"], policyDocument: JSON.parse(DENY_IAM) } }], reported: ["native-no-iam"], heldBy: "user alice" },
  ],
  [
    { name: "a RolePolicy on a workload role passes", resources: [classicRole("task", TRUSTS.ecsTasks), rolePolicy("task")], reported: [] },
    { name: "a RolePolicy on a role this stack does not create fails (its trust is not seen)", resources: [rolePolicy("elsewhere")], reported: ["guardrail"], heldBy: "role elsewhere (not created by this stack; its trust is not seen)" },
  ],
  [
    { name: "a customer policy attached to a workload role passes", resources: [classicRole("fn", TRUSTS.lambda), managed(), attach("fn")], reported: [] },
    { name: "a customer policy attached to nothing in the stack fails (whoever it is attached to later is locked out)", resources: [managed()], reported: ["no-iam"], heldBy: "whoever it is attached to (nothing in this stack attaches it)" },
  ],
];

describe("iam-deny-not-overly-broad over the stack (role policies and managed policies)", function () {
  for (const pair of STACK_CASES) {
    for (const c of pair) {
      it(c.name, async function () {
        const found = await stackViolationsOf(denyNotOverlyBroad, c.resources, STATE);
        assert.deepStrictEqual(found.map((f) => f.urn?.split("::").pop()), c.reported, JSON.stringify(found, null, 1));
        for (const f of found) {
          assert.ok(f.message.includes(`denies iam:* on every resource, unconditionally: it locks people out of every iam action (it is held by ${c.heldBy}). Scope it`), f.message);
          assert.match(f.message, /\[DENY001 at (policy|policyDocument):\$\.Statement\[0\]\.Action\[0\]\]$/);
        }
      });
    }
  }

  it("leaves role policies and managed policies to the stack: per resource it reports nothing for them", async function () {
    assert.deepStrictEqual(await violationsOf(denyNotOverlyBroad, rolePolicy("anyone")), []);
    assert.deepStrictEqual(await violationsOf(denyNotOverlyBroad, managed()), []);
  });

  it("names the Pulumi state only when the Deny covers it on every resource (not with a NotResource list)", async function () {
    const [found] = await stackViolationsOf(denyNotOverlyBroad, [policy(doc({ Effect: "Deny", Action: "*", NotResource: "arn:aws:s3:::my-state/*" }), "aws:iam/policy:Policy")]);
    assert.match(found.message, /it locks people out of all unrelated work \(it is held by whoever it is attached to/);
  });

  it("leaves documents that show their holder to the resource policy: over the stack it reports nothing for them", async function () {
    const userPolicy: TestResource = { type: "aws:iam/userPolicy:UserPolicy", name: "alice-deny", props: { user: "alice", policy: JSON.stringify(doc(deny({ Action: "*" }))) } };
    assert.deepStrictEqual(await stackViolationsOf(denyNotOverlyBroad, [userPolicy], STATE), []);
  });

  const unknownTrustRole = (name: string): TestResource => ({ type: "aws:iam/role:Role", name, props: withUnknown({ name }, "assumeRolePolicy") });

  it("a narrow Deny in a role policy of a role not known yet needs no verdict", async function () {
    const narrow: TestResource = { type: "aws:iam/rolePolicy:RolePolicy", name: "narrow", props: { role: "later", policy: JSON.stringify(doc({ Effect: "Deny", Action: "iam:DeleteRole", Resource: "*" })) } };
    assert.deepStrictEqual(await stackViolationsOf(denyNotOverlyBroad, [unknownTrustRole("later"), narrow], STATE), []);
  });

  it("at preview, a document or a holder not known yet is named as undecided, through the SDK's unknown", async function () {
    const resources: TestResource[] = [
      { type: "aws:iam/rolePolicy:RolePolicy", name: "classic", props: withUnknown({ role: "ops" }, "policy") },
      { type: "aws-native:iam:RolePolicy", name: "native", props: withUnknown({ roleName: "ops", policyName: "g" }, "policyDocument") },
      unknownTrustRole("later"),
      rolePolicy("later", "broad"),
    ];
    await assert.rejects(stackViolationsOf(denyNotOverlyBroad, resources, STATE), (e: Error) => {
      assert.ok(e instanceof UnknownValueError, String(e));
      assert.match(e.message, /^whether these Denies are held only by workload roles could not be decided, their values are not known yet \(they are checked during pulumi up\): classic: its policy; native: its policyDocument; broad: .+$/);
      return true;
    });
  });
});
