import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { roleSessionWithinMfaAge } from "../policies/roleSessionWithinMfaAge";
import { PolicyCase, TestResource, doc, expectCase, role, findingBody } from "./support/run";

const seed = (file: string) => fs.readFileSync(path.join(__dirname, "fixtures/seeds", file), "utf8");
const ALICE = "arn:aws:iam::111111111111:user/alice";
const allow = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", ...extra });
const maxAge = (seconds: unknown, operator = "NumericLessThan") => ({ Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, [operator]: { "aws:MultiFactorAuthAge": seconds } } });

type Case = PolicyCase;

const CASES: Case[] = [
  { name: "a session longer than the MFA age bound fails", resource: role(doc(allow(maxAge("3600"))), { maxSessionDuration: 43200 }, "admin"), expect: ["admin maxSessionDuration 43200s is longer than the MFA age bound 3600s of its trust. Lower it to 3600s or less. [SESSION001 at maxSessionDuration:$]"] },
  { name: "a session equal to the bound passes", resource: role(doc(allow(maxAge("3600"))), { maxSessionDuration: 3600 }), expect: [] },
  { name: "a session shorter than the bound passes", resource: role(doc(allow(maxAge("7200"))), { maxSessionDuration: 3600 }), expect: [] },
  { name: "an unset maxSessionDuration is AWS's default of 3600s and fails against a 900s bound", resource: role(doc(allow(maxAge("900")))), expect: ["role maxSessionDuration 3600s is longer than the MFA age bound 900s"] },
  { name: "an unset maxSessionDuration passes against a 3600s bound", resource: role(doc(allow(maxAge("3600")))), expect: [] },
  { name: "NumericLessThanEquals is a bound too", resource: role(doc(allow(maxAge("1800", "NumericLessThanEquals"))), { maxSessionDuration: 7200 }), expect: ["7200s is longer than the MFA age bound 1800s"] },
  { name: "a bound given as a JSON number is read", resource: role(doc(allow(maxAge(1800))), { maxSessionDuration: 7200 }), expect: ["bound 1800s"] },
  { name: "a maxSessionDuration given as a string is read", resource: role(doc(allow(maxAge("1800"))), { maxSessionDuration: "7200" }), expect: ["maxSessionDuration 7200s"] },
  { name: "operator and key names are case-insensitive", resource: role(doc(allow({ Condition: { numericlessthan: { "AWS:MULTIFACTORAUTHAGE": "900" } } })), { maxSessionDuration: 3600 }), expect: ["bound 900s"] },
  { name: "the most lenient Allow statement sets the bound (fails)", resource: role(doc(allow({ Sid: "Strict", ...maxAge("900") }), allow({ Sid: "Lenient", ...maxAge("1800") })), { maxSessionDuration: 3600 }), expect: ["bound 1800s"] },
  { name: "the most lenient Allow statement sets the bound (passes)", resource: role(doc(allow({ Sid: "Strict", ...maxAge("900") }), allow({ Sid: "Lenient", ...maxAge("3600") })), { maxSessionDuration: 3600 }), expect: [] },
  { name: "several values of one test are alternatives: the largest is the bound", resource: role(doc(allow(maxAge(["900", "1800"]))), { maxSessionDuration: 3600 }), expect: ["bound 1800s"] },
  { name: "a trust with only Bool aws:MultiFactorAuthPresent has no age bound and passes", resource: role(doc(allow({ Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })), { maxSessionDuration: 43200 }), expect: [] },
  { name: "an Allow without the bound beside one with it leaves the trust unbounded and passes", resource: role(doc(allow(maxAge("900")), allow({ Principal: { AWS: "arn:aws:iam::111111111111:user/bob" }, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })), { maxSessionDuration: 43200 }), expect: [] },
  { name: "NumericGreaterThan is not an upper bound", resource: role(doc(allow(maxAge("900", "NumericGreaterThan"))), { maxSessionDuration: 43200 }), expect: [] },
  { name: "a Deny with an age condition is not an Allow's bound", resource: role(doc(allow({ Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }), { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "60" } } }), { maxSessionDuration: 43200 }), expect: [] },
  { name: "a statement for another action is not an sts:AssumeRole bound", resource: role(doc(allow(maxAge("3600")), allow({ Action: "sts:TagSession", ...maxAge("60") })), { maxSessionDuration: 3600 }), expect: [] },
  { name: "a trust without a bound passes whatever the session", resource: role(seed("seed000-trust-with-mfa.json"), { maxSessionDuration: 43200 }), expect: [] },
  { name: "a malformed trust is left to iam-policy-document-valid, not a crash", resource: role("{not json", { maxSessionDuration: 43200 }), expect: [] },
  { name: "a trust given as an object is read", resource: { type: "aws:iam/role:Role", name: "obj", props: { assumeRolePolicy: doc(allow(maxAge("900"))), maxSessionDuration: 3600 } }, expect: ["obj maxSessionDuration 3600s"] },
  // Bug: two tests on the key in one statement are ANDed; the tighter one is the bound, not the larger.
  {
    name: "two upper bounds in one statement are ANDed: the tighter one is the bound",
    resource: role(doc(allow({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "7200" }, NumericLessThanEquals: { "aws:MultiFactorAuthAge": "900" } } })), { maxSessionDuration: 3600 }),
    expect: ["3600s is longer than the MFA age bound 900s"],
  },
  // Bug: an aws-native role has the same maxSessionDuration and trust; it is skipped.
  { name: "an aws-native role is checked", resource: { type: "aws-native:iam:Role", name: "native", props: { assumeRolePolicyDocument: doc(allow(maxAge("900"))), maxSessionDuration: 43200 } }, expect: ["native maxSessionDuration 43200s is longer than the MFA age bound 900s"] },

  // Ignored.
  { name: "a role inline policy is ignored", resource: { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", props: { role: "admin", policy: JSON.stringify(doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*", ...maxAge("900") })), maxSessionDuration: 43200 } }, expect: [] },
  {
    name: "a role whose trust is not known yet is not bounded by its inline policy's age condition",
    resource: { type: "aws:iam/role:Role", name: "later", props: { name: "later", maxSessionDuration: 43200, inlinePolicies: [{ name: "hop", policy: JSON.stringify(doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*", ...maxAge("900") })) }] } },
    expect: [],
  },
  { name: "an identity policy with an age bound is ignored", resource: { type: "aws:iam/policy:Policy", name: "p", props: { policy: seed("seed003-assume-admin-role.json"), maxSessionDuration: 43200 } }, expect: [] },
];


describe("iam-role-session-within-mfa-age", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(roleSessionWithinMfaAge, c);
      for (const m of messages) {
        assert.ok(m.startsWith(`${c.resource.name} maxSessionDuration `), `"${m}" names the resource ${c.resource.name} and the property`);
        assert.match(findingBody(m), /Lower it to \d+s or less\.$/, "the message names the fix");
      }
    });
  }
});
