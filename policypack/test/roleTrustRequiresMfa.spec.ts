import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { roleTrustRequiresMfa } from "../policies/roleTrustRequiresMfa";
import { PolicyCase, TestResource, doc, expectCase, role } from "./support/run";

const trust = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/trusts", `${file}.json`), "utf8"));
const seed = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8"));
const ALICE = "arn:aws:iam::111111111111:user/alice";
const allow = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", ...extra });
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "a trust with Bool aws:MultiFactorAuthPresent true passes", resource: role(doc(allow({ Condition: MFA }))), expect: [] },
  { name: "a trust without any condition fails for access keys", resource: role(doc(allow())), expect: ["role assumeRolePolicy statement #1 lets arn:aws:iam::111111111111:user/alice assume the role with long-term access keys"] },
  { name: "a trust with JSON true passes like the string", resource: role(doc(allow({ Condition: { Bool: { "aws:MultiFactorAuthPresent": true } } }))), expect: [] },
  { name: "key and operator names are case-insensitive", resource: role(doc(allow({ Condition: { bool: { "AWS:multifactorauthpresent": "TRUE" } } }))), expect: [] },
  {
    name: "BoolIfExists true fails: long-term access keys carry no MFA key and get in",
    resource: role(doc(allow({ Sid: "Pitfall", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } } }))),
    expect: ['Sid "Pitfall" lets arn:aws:iam::111111111111:user/alice assume the role with long-term access keys'],
  },
  { name: "NumericLessThan aws:MultiFactorAuthAge passes", resource: role(doc(allow({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } }))), expect: [] },
  {
    name: "a second Allow statement without the condition fails",
    resource: role(doc(allow({ Sid: "WithMfa", Condition: MFA }), allow({ Sid: "Forgotten" }))),
    expect: ['Sid "Forgotten" lets'],
  },
  {
    name: "a Deny with Bool false does not rescue an unconditioned Allow (access keys still get in)",
    resource: role(doc(allow(), { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } })),
    expect: ["with long-term access keys"],
  },
  {
    name: "a Deny with BoolIfExists false rescues an unconditioned Allow",
    resource: role(doc(allow(), { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })),
    expect: [],
  },
  { name: "sts:* counts as sts:AssumeRole", resource: role(doc(allow({ Action: "sts:*" }))), expect: ["with long-term access keys"] },
  { name: "* counts as sts:AssumeRole", resource: role(doc(allow({ Action: ["*"] }))), expect: ["with long-term access keys"] },
  { name: "sts:Assume* counts as sts:AssumeRole", resource: role(doc(allow({ Action: "sts:Assume*" }))), expect: ["with long-term access keys"] },
  { name: "a NotAction that leaves sts:AssumeRole in counts", resource: role(doc({ Effect: "Allow", Principal: { AWS: ALICE }, NotAction: "sts:TagSession" })), expect: ["with long-term access keys"] },
  { name: "a NotAction that excludes sts:AssumeRole does not count", resource: role(doc({ Effect: "Allow", Principal: { AWS: ALICE }, NotAction: "sts:AssumeRole" })), expect: [] },
  { name: "a statement for another action does not count", resource: role(doc(allow({ Action: "sts:TagSession" }))), expect: [] },
  { name: "an account root principal without MFA fails", resource: role(doc(allow({ Principal: { AWS: "arn:aws:iam::111111111111:root" } }))), expect: ["lets arn:aws:iam::111111111111:root assume"] },
  { name: "a bare account id principal without MFA fails", resource: role(doc(allow({ Principal: { AWS: "111111111111" } }))), expect: ["lets 111111111111 assume"] },
  { name: "Principal * without MFA fails", resource: role(doc(allow({ Principal: "*" }))), expect: ["lets * assume"] },
  {
    name: "temporary credentials without MFA are caught when only access keys are excluded",
    resource: role(doc(allow({ Condition: { Null: { "aws:MultiFactorAuthPresent": "false" } } }))),
    expect: ["with temporary credentials obtained without MFA"],
  },
  { name: "a Service principal is out of scope", resource: role(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })), expect: [] },
  { name: "a Federated principal is out of scope", resource: role(doc({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" })), expect: [] },
  { name: "a role principal is not a person: role-to-role automation passes, even without the condition", resource: role(doc(allow({ Principal: { AWS: "arn:aws:iam::111111111111:role/ci" } }))), expect: [] },
  { name: "an assumed-role principal is not a person and passes", resource: role(doc(allow({ Principal: { AWS: "arn:aws:sts::111111111111:assumed-role/ci/session" } }))), expect: [] },
  { name: "a cross-account CI role trusted by its role ARN passes", resource: role(trust("cross-account-ci-role")), expect: [] },
  { name: "an IAM Identity Center permission-set role passes (people sign in through the identity provider)", resource: role(trust("identity-center-role")), expect: [] },
  { name: "a role principal whose sessions a Deny refuses passes", resource: role(trust("role-principal-refused-by-deny")), expect: [] },
  { name: "a vendor account's root with sts:ExternalId is the third-party pattern, not a person's trust", resource: role(trust("vendor-external-id"), { arn: "arn:aws:iam::111111111111:role/vendor" }), expect: [] },
  {
    name: "the role's own account root with sts:ExternalId is still its people, without MFA",
    resource: role(trust("own-account-with-external-id"), { arn: "arn:aws:iam::111111111111:role/vendor" }),
    expect: ["lets arn:aws:iam::111111111111:root assume the role with long-term access keys"],
  },
  { name: "an account principal narrowed by ArnLike aws:PrincipalArn to CI roles admits no user and passes", resource: role(trust("identity-account-narrowed-to-ci-roles")), expect: [] },
  {
    name: "an account principal narrowed by ArnLike aws:PrincipalArn to a user fails",
    resource: role(trust("identity-account-narrowed-to-a-user")),
    expect: ["lets arn:aws:iam::222222222222:root assume the role with long-term access keys"],
  },
  { name: "an account principal narrowed by aws:PrincipalType AssumedRole admits no user and passes", resource: role(trust("identity-account-principal-type-assumed-role")), expect: [] },
  { name: "Principal * narrowed to role ARNs admits no user and passes", resource: role(trust("everyone-narrowed-to-roles")), expect: [] },
  { name: "an account principal with a Deny of every caller but CI roles passes", resource: role(trust("account-with-deny-unless-ci-role")), expect: [] },
  { name: "an account principal with a Deny of aws:PrincipalType User passes", resource: role(trust("account-with-deny-of-users")), expect: [] },
  { name: "an account principal with a Deny of role sessions only still fails for its users", resource: role(trust("account-with-deny-of-roles-only")), expect: ["lets arn:aws:iam::111111111111:root assume the role with long-term access keys"] },
  {
    name: "a role principal listed in allowedPrincipals passes",
    resource: role(doc(allow({ Principal: { AWS: "arn:aws:iam::111111111111:role/ci" } }))),
    config: { allowedPrincipals: ["arn:aws:iam::*:role/ci"] },
    expect: [],
  },
  { name: "a role matching exemptRoles is not checked", resource: role(doc(allow()), {}, "break-glass"), config: { exemptRoles: ["break-*"] }, expect: [] },
  { name: "exemptRoles does not exempt other roles", resource: role(doc(allow()), {}, "admin"), config: { exemptRoles: ["break-*"] }, expect: ["with long-term access keys"] },
  { name: "a trust given as an object, not a JSON string, is read", resource: { type: "aws:iam/role:Role", name: "obj", props: { assumeRolePolicy: doc(allow()) } }, expect: ["obj assumeRolePolicy statement #1"] },
  { name: "a single statement object instead of a list is read", resource: role({ Version: "2012-10-17", Statement: allow() }), expect: ["with long-term access keys"] },
  { name: "unicode escapes in a JSON trust are read", resource: role('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:\\u0041ssumeRole"}]}'), expect: ["with long-term access keys"] },
  { name: "an aws-native role is read too", resource: { type: "aws-native:iam:Role", name: "native", props: { assumeRolePolicyDocument: doc(allow()) } }, expect: ["native assumeRolePolicyDocument statement #1"] },
  { name: "a malformed trust is left to iam-policy-document-valid, not a crash", resource: role("{not json"), expect: [] },
  { name: "seed 000's trust without the condition fails", resource: role(seed("seed000-trust-without-mfa.json")), expect: ["arn:aws:iam::123456789012:user/developer assume the role with long-term access keys"] },
  { name: "seed 000's trust with the condition passes", resource: role(seed("seed000-trust-with-mfa.json")), expect: [] },
  { name: "seed 001's trust without the condition fails", resource: role(seed("seed001-trust-without-mfa.json")), expect: ["arn:aws:iam::123456789012:root assume the role with long-term access keys"] },
  { name: "seed 001's trust with the condition passes", resource: role(seed("seed001-trust-with-mfa.json")), expect: [] },
  { name: "seed 002's trust with a JSON true condition passes", resource: role(seed("seed002-trust-with-mfa.json")), expect: [] },
  // NotPrincipal.
  { name: "an Allow with NotPrincipal and no MFA admits everyone not listed and fails", resource: role(doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole" })), expect: ["lets * assume the role with long-term access keys"] },
  { name: "an Allow with NotPrincipal that requires MFA passes this policy", resource: role(doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole", Condition: MFA })), expect: [] },
  {
    name: "a Deny whose NotPrincipal holds a unique id (AIDA…) may spare the user, so the Allow without MFA still fails",
    resource: role(doc(allow(), { Effect: "Deny", NotPrincipal: { AWS: "AIDAJQABLZS4A3QDU576Q" }, Action: "sts:AssumeRole" })),
    expect: ["with long-term access keys"],
  },
  {
    name: "a Deny whose NotPrincipal names only another account's user refuses alice and closes the Allow",
    resource: role(doc(allow(), { Effect: "Deny", NotPrincipal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::222222222222:user/bob"] }, Action: "sts:AssumeRole" })),
    expect: [],
  },

  // MFA age bounds.
  { name: "NumericLessThanEquals aws:MultiFactorAuthAge alone passes", resource: role(doc(allow({ Condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "7200" } } }))), expect: [] },
  { name: "NumericGreaterThanEquals aws:MultiFactorAuthAge 0 needs the age key, present only with MFA, and passes", resource: role(doc(allow({ Condition: { NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": "0" } } }))), expect: [] },
  { name: "NumericLessThanIfExists aws:MultiFactorAuthAge fails: access keys have no age and pass it", resource: role(doc(allow({ Condition: { NumericLessThanIfExists: { "aws:MultiFactorAuthAge": "3600" } } }))), expect: ["with long-term access keys"] },
  { name: "StringEqualsIgnoreCase aws:MultiFactorAuthPresent TRUE requires MFA and passes", resource: role(doc(allow({ Condition: { StringEqualsIgnoreCase: { "aws:MultiFactorAuthPresent": "TRUE" } } }))), expect: [] },
  { name: "StringNotEqualsIgnoreCase aws:MultiFactorAuthPresent FALSE lets access keys in and fails", resource: role(doc(allow({ Condition: { StringNotEqualsIgnoreCase: { "aws:MultiFactorAuthPresent": "FALSE" } } }))), expect: ["with long-term access keys"] },
  { name: "StringNotLike aws:MultiFactorAuthPresent f* lets access keys in and fails", resource: role(doc(allow({ Condition: { StringNotLike: { "aws:MultiFactorAuthPresent": "f*" } } }))), expect: ["with long-term access keys"] },
];

describe("iam-role-trust-requires-mfa", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(roleTrustRequiresMfa, c);
      for (const m of messages) assert.match(m, /Require "Bool"/, "the message names the fix");
      for (const m of messages) assert.match(m, /\[MFA00[12] at assumeRolePolicy(Document)?:\$\.Statement(\[\d+\])?\.(Not)?Principal/, "the message gives the code and the JSON path of the principal");
    });
  }

  // The fix names what fits the principal: narrowing to automation only makes sense for a whole account or everyone.
  const AUTOMATION = "trust the automation's role ARN";
  const FIX_CASES: (PolicyCase & { automation: boolean })[] = [
    { name: "the fix for a named user asks for MFA only", resource: role(doc(allow())), expect: ["lets arn:aws:iam::111111111111:user/alice assume"], automation: false },
    { name: "the fix for an account root also offers trusting the automation's role", resource: role(doc(allow({ Principal: { AWS: "arn:aws:iam::111111111111:root" } }))), expect: ["lets arn:aws:iam::111111111111:root assume"], automation: true },
    { name: "the fix for Principal * also offers trusting the automation's role", resource: role(doc(allow({ Principal: "*" }))), expect: ["lets * assume"], automation: true },
  ];
  for (const c of FIX_CASES) {
    it(c.name, async function () {
      const [message] = await expectCase(roleTrustRequiresMfa, c);
      assert.strictEqual(message.includes(AUTOMATION), c.automation, message);
    });
  }

  it("a resource policy that lets a user do everything is not a trust and is left to other rules", async function () {
    const queue: TestResource = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "q", props: { queueUrl: "https://sqs.eu-west-1.amazonaws.com/111111111111/q", policy: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "*", Resource: "*" })) } };
    await expectCase(roleTrustRequiresMfa, { name: "queue", resource: queue, expect: [] });
  });

  it("a role whose ARN is not an IAM ARN with an account is still checked, with no own account", async function () {
    await expectCase(roleTrustRequiresMfa, { name: "odd arn", resource: role(trust("vendor-external-id"), { arn: "not-an-arn" }), expect: [] });
    await expectCase(roleTrustRequiresMfa, { name: "odd arn", resource: role(doc(allow()), { arn: "arn:aws:iam::aws:role/x" }), expect: ["with long-term access keys"] });
  });

  it("locates the principal inside the document by its JSON path, as written", async function () {
    const messages = await expectCase(roleTrustRequiresMfa, {
      name: "path",
      resource: role(doc(allow({ Condition: MFA }), { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:role/ci", ALICE] }, Action: "sts:AssumeRole" })),
      expect: ["[MFA001 at assumeRolePolicy:$.Statement[1].Principal.AWS[1]]"],
    });
    assert.strictEqual(messages.length, 1);
  });
});
