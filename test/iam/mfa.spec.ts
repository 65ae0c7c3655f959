/**
 * lib/iam/mfa: who gets through a role's trust in each credential context (checked against the
 * IAM engine, the oracle), the MFA age bound of a trust, and the third-party (external id) pattern.
 */
import { strict as assert } from "node:assert";
import { CredentialContextName } from "../../lib/iam/conditions";
import { externalIdTests, isThirdPartyGrant, mfaFindings, mfaMaxAgeOf, trustAdmits, trustAdmitsPeople } from "../../lib/iam/mfa";
import { NormalDocument, parsePolicyDocument } from "../../lib/iam/parse";
import { canAssume, isAllowed } from "../support/oracle";

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
  ["bob and alice listed", trust(allow([BOB, ALICE]))],
  ["the account, bob and alice refused", trust(allow(ROOT), deny({ Principal: { AWS: [BOB, ALICE] } }))],
  ["the account, everyone but the account refused", trust(allow(ROOT), deny({ NotPrincipal: { AWS: ROOT } }))],
  ["everyone but mallory (an Allow with NotPrincipal), with no condition", trust({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole" })],
  ["everyone but mallory (an Allow with NotPrincipal), with MFA", trust({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:user/mallory" }, Action: "sts:AssumeRole", Condition: MFA })],
  ["only a refusal that does not apply here", trust(deny({ Principal: { AWS: ALICE }, Condition: { StringEquals: { "aws:SourceVpc": "vpc-1" } } }))],
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
    it("a NotPrincipal entry that is not understood may spare the caller, so the Deny is not counted", function () {
      for (const entry of ["xarn:aws:iam::111111111111:user/bob", "x111111111111", "111111111111x", "AIDAJQABLZS4A3QDU576Q", "*"]) {
        const normal = parsed(trust(allow(ROOT), deny({ NotPrincipal: { AWS: entry } })));
        assert.notEqual(trustAdmits(normal, ALICE, "accessKeys"), undefined, entry);
      }
      const named = parsed(trust(allow(ROOT), deny({ NotPrincipal: { AWS: BOB } })));
      assert.equal(trustAdmits(named, ALICE, "accessKeys"), undefined, "bob's ARN, understood, does not spare alice");
    });
    it("a Deny that names no principal refuses nobody", function () {
      const normal = parsePolicyDocument(trust(allow(ROOT), deny({}))).document!;
      assert.notEqual(trustAdmits(normal, ALICE, "accessKeys"), undefined);
    });
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
    it("the MFA age of the request is the one given: NumericLessThan 3600 admits 3599 seconds, not exactly 3600, as the IAM engine says", async function () {
      const doc = TRUSTS.find(([n]) => n.includes("younger"))![1];
      const normal = parsed(doc);
      for (const [mfaAgeSeconds, admitted] of [[3599, true], [3600, false], [7200, false]] as const) {
        assert.equal(trustAdmits(normal, ALICE, "mfa", { mfaAgeSeconds }) !== undefined, admitted, `${mfaAgeSeconds}s`);
        assert.equal(await canAssume({ trust: doc, roleArn: ROLE, principalArn: ALICE, context: "mfa", mfaAgeSeconds }), admitted, `the engine, ${mfaAgeSeconds}s`);
      }
    });
  });

  describe("mfaFindings", function () {
    const findings = (doc: unknown, options = {}) => mfaFindings(parsed(doc), options).map((f) => `${f.principal} ${f.kind} ${f.context}`);
    it("each person principal that gets in without MFA, with the first context that does", function () {
      assert.deepEqual(findings(trust(allow([ALICE, ROOT]))), [`${ALICE} user accessKeys`, `${ROOT} account accessKeys`]);
      assert.deepEqual(findings(trust(allow(ALICE, { Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }))), [`${ALICE} user temporaryNoMfa`]);
      assert.deepEqual(findings(trust(allow(ALICE, { Condition: MFA }))), []);
    });
    it("principals allowed in without MFA (CI roles, by pattern) are skipped; others are not", function () {
      const ci = "arn:aws:iam::111111111111:user/ci-bot";
      assert.deepEqual(findings(trust(allow([ci, ALICE])), { allowedPrincipals: ["arn:aws:iam::111111111111:user/ci-*"] }), [`${ALICE} user accessKeys`]);
      assert.deepEqual(findings(trust(allow([ci, ALICE])), { allowedPrincipals: [] }), [`${ci} user accessKeys`, `${ALICE} user accessKeys`]);
    });
    it("a Deny of everyone but the account spares the account's people, so * still gets in", function () {
      assert.deepEqual(findings(trust(allow("*"), deny({ NotPrincipal: { AWS: ROOT } }))), ["* everyone accessKeys"]);
      assert.deepEqual(findings(trust(allow("*"), deny({ Principal: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }))), []);
    });
  });

  describe("trustAdmitsPeople", function () {
    const people = (doc: unknown, own?: string) => trustAdmitsPeople(parsed(doc), own);
    const saml = "arn:aws:iam::111111111111:saml-provider/okta";
    const oidc = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    it("users, accounts and * admit people, with or without MFA", function () {
      assert.equal(people(trust(allow(ALICE))), true);
      assert.equal(people(trust(allow(ROOT, { Condition: MFA }))), true);
      assert.equal(people(trust(allow("*"))), true);
      assert.equal(people(trust({ Effect: "Allow", NotPrincipal: { AWS: ALICE }, Action: "sts:AssumeRole" })), true, "everyone but alice");
    });
    it("roles may carry people; federated users and services do not", function () {
      assert.equal(people(trust(allow("arn:aws:iam::111111111111:role/AWSReservedSSO_Admin_0123"))), true);
      assert.equal(people(trust(allow("arn:aws:sts::111111111111:federated-user/bob"))), false);
      assert.equal(people(trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })), false);
    });
    it("SAML federation admits people; web identities do not", function () {
      assert.equal(people(trust({ Effect: "Allow", Principal: { Federated: saml }, Action: "sts:AssumeRoleWithSAML" })), true);
      assert.equal(people(trust({ Effect: "Allow", Principal: { Federated: [oidc, saml] }, Action: "sts:AssumeRoleWithSAML" })), true);
      assert.equal(people(trust({ Effect: "Allow", Principal: { Federated: oidc }, Action: "sts:AssumeRoleWith*" })), false);
      assert.equal(people(trust({ Effect: "Allow", Principal: { Federated: saml }, Action: "sts:TagSession" })), false);
    });
    it("only Allows of sts:AssumeRole count", function () {
      assert.equal(people(trust(deny({ Principal: { AWS: ALICE } }))), false);
      assert.equal(people(trust(deny({ Principal: { AWS: ALICE }, Condition: { StringEquals: { "aws:SourceVpc": "vpc-1" } } }))), false, "a Deny that may not apply admits nobody either");
      assert.equal(people(trust({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:TagSession" })), false);
    });
    it("the third-party pattern is not people, unless it is the role's own account", function () {
      const vendor = trust(allow("arn:aws:iam::222222222222:root", { Condition: { StringEquals: { "sts:ExternalId": "x" } } }));
      assert.equal(people(vendor), false);
      assert.equal(people(vendor, "222222222222"), true);
    });
    it("nobody gets in: a condition no request meets, or a Deny of the principal", function () {
      assert.equal(people(trust(allow(ALICE, { Condition: { Bool: { "aws:SecureTransport": "false" } } }))), false);
      assert.equal(people(trust(allow(ALICE), deny({ Principal: { AWS: ALICE } }))), false);
      assert.equal(people(trust(allow(ALICE), deny({ Principal: { AWS: BOB } }))), true);
      assert.equal(people(trust(allow(ALICE), deny({ Principal: { AWS: ALICE }, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }))), true, "with MFA alice gets in");
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
      assert.equal(age(bound({ XNumericLessThan: { "aws:MultiFactorAuthAge": "3600" } })), undefined);
      assert.equal(age(bound({ NumericLessThanX: { "aws:MultiFactorAuthAge": "3600" } })), undefined);
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
        { "ForAllValues:StringEquals": { "sts:ExternalId": "x" } },
        { StringNotEquals: { "sts:ExternalId": "x" } },
        { StringEquals: { "sts:ExternalId": [] } },
        { StringEquals: { "sts:RoleSessionName": "x" } },
        { "ForAnyValue:StringEquals": { "sts:ExternalIdx": "x" } },
        { XStringEquals: { "sts:ExternalId": "x" } },
        { StringEqualsX: { "sts:ExternalId": "x" } },
      ]) {
        assert.deepEqual(externalIdTests(statementWith(condition)), [], JSON.stringify(condition));
      }
    });
    it("ForAllValues does not require the external id: the IAM engine lets the vendor's users in without one", async function () {
      const vendorUser = "arn:aws:iam::222222222222:user/anyone";
      const role = "arn:aws:iam::111111111111:role/vendor";
      const assume = (condition: Record<string, unknown>, externalId?: string) =>
        isAllowed({
          policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: role }] }],
          resourcePolicy: trust(allow("arn:aws:iam::222222222222:root", { Condition: condition })),
          resourceAccountId: "111111111111",
          principalArn: vendorUser,
          action: "sts:AssumeRole",
          resource: role,
          context: "accessKeys",
          extraContext: externalId === undefined ? {} : { "sts:ExternalId": externalId },
        });
      assert.equal(await assume({ "ForAllValues:StringEquals": { "sts:ExternalId": "c0ffee-7f3a" } }), true, "ForAllValues, no external id: in");
      assert.equal(await assume({ StringEquals: { "sts:ExternalId": "c0ffee-7f3a" } }), false, "StringEquals, no external id: out");
      assert.equal(await assume({ StringEquals: { "sts:ExternalId": "c0ffee-7f3a" } }, "c0ffee-7f3a"), true);
      assert.deepEqual(externalIdTests(statementWith({ "ForAllValues:StringEquals": { "sts:ExternalId": "c0ffee-7f3a" } })), []);
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
