/**
 * lib/iam/mfa: who gets through a role's trust in each credential context (checked against the
 * IAM engine, the oracle), the MFA age bound of a trust, and the third-party (external id) pattern.
 */
import { strict as assert } from "node:assert";
import { CredentialContextName } from "../../lib/iam/conditions";
import { externalIdTests, isThirdPartyGrant, mfaMaxAgeOf, trustAdmits } from "../../lib/iam/mfa";
import { NormalDocument, parsePolicyDocument } from "../../lib/iam/parse";
import { canAssume } from "../support/oracle";

const ROLE = "arn:aws:iam::111111111111:role/target";
const ROOT = "arn:aws:iam::111111111111:root";
const ALICE = "arn:aws:iam::111111111111:user/alice";
const BOB = "arn:aws:iam::111111111111:user/bob";
const CAROL = "arn:aws:iam::222222222222:user/carol";
const CONTEXTS: CredentialContextName[] = ["accessKeys", "temporaryNoMfa", "mfa"];
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };

const trust = (...statements: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement: statements });
const allow = (aws: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: aws === "*" ? "*" : { AWS: aws }, Action: "sts:AssumeRole", ...extra });
const deny = (extra: Record<string, unknown>) => ({ Effect: "Deny", Action: "sts:AssumeRole", ...extra });
const parsed = (doc: unknown): NormalDocument => {
  const { document, errors } = parsePolicyDocument(doc);
  assert.deepEqual(errors, []);
  return document!;
};

const TRUSTS: [string, ReturnType<typeof trust>][] = [
  ["the account, with MFA", trust(allow(ROOT, { Condition: MFA }))],
  ["the account id, with no condition", trust(allow("111111111111"))],
  ["alice, with no condition", trust(allow(ALICE))],
  ["another account", trust(allow("arn:aws:iam::222222222222:root"))],
  ["everyone but alice refused", trust(allow("*"), deny({ NotPrincipal: { AWS: ALICE } }))],
  ["everyone, bob refused", trust(allow("*"), deny({ Principal: { AWS: BOB } }))],
  ["the account, itself refused", trust(allow(ROOT), deny({ Principal: { AWS: ROOT } }))],
  ["the account, everyone refused without MFA", trust(allow(ROOT), deny({ Principal: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }))],
  ["the account, refused for another account's id", trust(allow(ROOT), deny({ Principal: { AWS: "222222222222" } }))],
  ["the account, a refusal of other actions", trust(allow(ROOT), { Effect: "Deny", Principal: "*", Action: "sts:TagSession" })],
  ["the account, MFA younger than an hour", trust(allow(ROOT, { Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } }))],
  ["users whose name starts with a", trust(allow("*", { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/a*" } } }))],
  ["alice, other actions only", trust({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:TagSession" })],
];

describe("lib/iam/mfa", function () {
  this.timeout(120_000);
  describe("trustAdmits, as the IAM engine says", function () {
    for (const [name, doc] of TRUSTS) {
      it(`${name}`, async function () {
        const normal = parsed(doc);
        for (const principal of [ALICE, BOB, CAROL]) {
          for (const context of CONTEXTS) {
            const ours = trustAdmits(normal, principal, context, { principalArnKnown: true }) !== undefined;
            const engine = await canAssume({ trust: doc, roleArn: ROLE, principalArn: principal, context });
            assert.equal(ours, engine, `${principal} (${context})`);
          }
        }
      });
    }
    it("returns the Allow statement that lets the principal in", function () {
      const normal = parsed(trust({ Sid: "Tag", Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:TagSession" }, { ...allow(ALICE), Sid: "In" }));
      assert.equal(trustAdmits(normal, ALICE, "accessKeys")?.sid, "In");
    });
    it("an account principal may admit a user whose account is not known yet", function () {
      const normal = parsed(trust(allow(ROOT)));
      assert.equal(trustAdmits(normal, "arn:aws:iam::${account}:user/x", "accessKeys"), undefined);
      assert.notEqual(trustAdmits(normal, "arn:aws:iam::${account}:user/x", "accessKeys", { principalAccountUnknown: true }), undefined);
      assert.equal(trustAdmits(parsed(trust(allow(ALICE))), "arn:aws:iam::${account}:user/x", "accessKeys", { principalAccountUnknown: true }), undefined, "a user principal is not an account");
    });
    it("without the caller's ARN, a condition on aws:PrincipalArn is undecided and an Allow may apply", function () {
      const normal = parsed(TRUSTS.find(([n]) => n.startsWith("users whose"))![1]);
      assert.notEqual(trustAdmits(normal, BOB, "accessKeys"), undefined);
      assert.equal(trustAdmits(normal, BOB, "accessKeys", { principalArnKnown: true }), undefined);
    });
    it("the MFA age of the request is the one given", function () {
      const normal = parsed(TRUSTS.find(([n]) => n.includes("younger"))![1]);
      assert.notEqual(trustAdmits(normal, ALICE, "mfa", { mfaAgeSeconds: 3599 }), undefined);
      assert.equal(trustAdmits(normal, ALICE, "mfa", { mfaAgeSeconds: 3600 }), undefined);
    });
  });

  describe("mfaMaxAgeOf", function () {
    const age = (...statements: Record<string, unknown>[]) => mfaMaxAgeOf(parsed(trust(...statements)));
    const bound = (condition: Record<string, unknown>) => allow(ROOT, { Condition: condition });
    it("the NumericLessThan or NumericLessThanEquals bound of aws:MultiFactorAuthAge", function () {
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } })), 3600);
      assert.equal(age(bound({ NumericLessThanEquals: { "aws:MultiFactorAuthAge": 900 } })), 900);
    });
    it("no bound: other operators, other keys, no condition", function () {
      assert.equal(age(bound({ NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } })), undefined);
      assert.equal(age(bound({ NumericLessThan: { "aws:TokenIssueTime": "3600" } })), undefined);
      assert.equal(age(allow(ROOT)), undefined);
    });
    it("the values of one test are ORed (the largest wins); tests are ANDed (the tightest wins)", function () {
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": ["3600", "7200"] } })), 7200);
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" }, NumericLessThanEquals: { "aws:MultiFactorAuthAge": "1800" } })), 1800);
    });
    it("values that are not numbers are not bounds", function () {
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": ["soon", "900"] } })), 900);
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "soon" } })), undefined);
    });
    it("across Allow statements the loosest wins, and one without a bound means none", function () {
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }), bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "7200" } })), 7200);
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "7200" } }), bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } })), 7200);
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }), allow(ALICE)), undefined);
    });
    it("Deny statements and Allows of other actions do not count", function () {
      const denyAll = { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { NumericGreaterThan: { "aws:MultiFactorAuthAge": "60" } } };
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }), denyAll), 3600);
      assert.equal(age(bound({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }), { Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:TagSession" }), 3600);
      assert.equal(age({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:TagSession" }), undefined);
    });
  });

  describe("the third-party pattern", function () {
    const statementWith = (condition: Record<string, unknown>) => parsed(trust(allow("arn:aws:iam::222222222222:root", { Condition: condition }))).statements[0];
    it("externalIdTests: StringEquals, StringLike or StringEqualsIgnoreCase on sts:ExternalId with a value, not IfExists", function () {
      for (const op of ["StringEquals", "StringLike", "StringEqualsIgnoreCase"]) assert.equal(externalIdTests(statementWith({ [op]: { "sts:ExternalId": "x" } })).length, 1, op);
      for (const condition of [
        { StringEqualsIfExists: { "sts:ExternalId": "x" } },
        { StringNotEquals: { "sts:ExternalId": "x" } },
        { StringEquals: { "sts:ExternalId": [] } },
        { StringEquals: { "sts:RoleSessionName": "x" } },
        { "ForAnyValue:StringEquals": { "sts:ExternalIdx": "x" } },
      ]) {
        assert.deepEqual(externalIdTests(statementWith(condition)), [], JSON.stringify(condition));
      }
    });
    it("isThirdPartyGrant: another account's principal required to pass an external id", function () {
      const s = statementWith({ StringEquals: { "sts:ExternalId": "x" } });
      assert.equal(isThirdPartyGrant(s, "arn:aws:iam::222222222222:root"), true);
      assert.equal(isThirdPartyGrant(s, "222222222222", "111111111111"), true);
      assert.equal(isThirdPartyGrant(s, "arn:aws:iam::222222222222:root", "222222222222"), false, "the role's own account");
      assert.equal(isThirdPartyGrant(s, "arn:aws:iam::222222222222:user/x"), false, "a user, not an account");
      assert.equal(isThirdPartyGrant(statementWith({}), "arn:aws:iam::222222222222:root"), false, "no external id");
    });
  });
});
