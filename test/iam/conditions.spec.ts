/**
 * lib/iam/conditions: each operator on keys the evaluator models, at its bounds, in the three
 * credential contexts; every decided verdict is checked against the IAM engine (the oracle) as
 * "does a Deny with this condition refuse the request?".
 */
import { strict as assert } from "node:assert";
import { credentialContext, CredentialContextName, evaluateConditions, evaluateTest, isKnownOperator, RequestContext, requiresStringMatch, Truth } from "../../lib/iam/conditions";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";
import { isExplicitlyDenied } from "../support/oracle";

const ALICE = "arn:aws:iam::111111111111:user/alice";
const BOB = "arn:aws:iam::111111111111:user/bob";
const NOW = "2030-06-01T12:00:00.000Z";

interface Case {
  name: string;
  condition: Record<string, Record<string, unknown>>;
  context: CredentialContextName;
  mfaAgeSeconds?: number;
  /** More request keys, as AWS writes them (a list for a multivalued key). */
  extra?: Record<string, string | string[]>;
  expect: Truth;
}

const TAG_KEYS = { "aws:TagKeys": ["a", "b"] };
const LOG_STREAM = "arn:aws:logs:us-east-1:111111111111:log-group:x:log-stream:y";

const CASES: Case[] = [
  // String operators, ignoring case or not.
  { name: "StringEqualsIgnoreCase matches TRUE against true", condition: { StringEqualsIgnoreCase: { "aws:SecureTransport": "TRUE" } }, context: "mfa", expect: "true" },
  { name: "StringEquals does not match TRUE against true", condition: { StringEquals: { "aws:SecureTransport": "TRUE" } }, context: "mfa", expect: "false" },
  { name: "StringNotEqualsIgnoreCase TRUE is false for true", condition: { StringNotEqualsIgnoreCase: { "aws:SecureTransport": "TRUE" } }, context: "mfa", expect: "false" },
  { name: "StringNotEqualsIgnoreCase FALSE is true for true", condition: { StringNotEqualsIgnoreCase: { "aws:MultiFactorAuthPresent": "FALSE" } }, context: "mfa", expect: "true" },
  { name: "StringNotEqualsIgnoreCase on a missing key is true", condition: { StringNotEqualsIgnoreCase: { "aws:MultiFactorAuthPresent": "TRUE" } }, context: "accessKeys", expect: "true" },
  { name: "StringNotLike f* is true with MFA", condition: { StringNotLike: { "aws:MultiFactorAuthPresent": "f*" } }, context: "mfa", expect: "true" },
  { name: "StringNotLike f* is false without MFA", condition: { StringNotLike: { "aws:MultiFactorAuthPresent": "f*" } }, context: "temporaryNoMfa", expect: "false" },
  { name: "StringNotLike on a missing key is true", condition: { StringNotLike: { "aws:MultiFactorAuthPresent": "f*" } }, context: "accessKeys", expect: "true" },
  { name: "StringLike on a missing key is false", condition: { StringLike: { "aws:MultiFactorAuthPresent": "*" } }, context: "accessKeys", expect: "false" },
  { name: "StringLike t* matches true", condition: { StringLike: { "aws:MultiFactorAuthPresent": "t*" } }, context: "mfa", expect: "true" },
  { name: "StringEquals takes * as a character", condition: { StringEquals: { "aws:MultiFactorAuthPresent": "t*" } }, context: "mfa", expect: "false" },
  { name: "StringLikeIfExists on a missing key is true", condition: { StringLikeIfExists: { "aws:MultiFactorAuthPresent": "t*" } }, context: "accessKeys", expect: "true" },
  { name: "values of one test are ORed", condition: { StringEquals: { "aws:MultiFactorAuthPresent": ["false", "true"] } }, context: "mfa", expect: "true" },
  { name: "StringNotEquals is false when any value matches", condition: { StringNotEquals: { "aws:MultiFactorAuthPresent": ["false", "true"] } }, context: "mfa", expect: "false" },

  // ARN operators on the caller's ARN.
  { name: "ArnEquals the caller's ARN is true", condition: { ArnEquals: { "aws:PrincipalArn": ALICE } }, context: "mfa", expect: "true" },
  { name: "ArnNotEquals the caller's ARN is false", condition: { ArnNotEquals: { "aws:PrincipalArn": ALICE } }, context: "mfa", expect: "false" },
  { name: "ArnNotEquals another user's ARN is true", condition: { ArnNotEquals: { "aws:PrincipalArn": BOB } }, context: "mfa", expect: "true" },
  { name: "ArnLike a user prefix is true", condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/a*" } }, context: "mfa", expect: "true" },
  { name: "ArnNotLike a user prefix is false", condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/a*" } }, context: "mfa", expect: "false" },
  { name: "ArnLike a wildcard partition and account is true", condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:user/*" } }, context: "mfa", expect: "true" },
  { name: "ArnEquals: a * does not run across the parts of an ARN", condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:*:user/alice" } }, context: "mfa", expect: "false" },
  { name: "ArnLike: a * does not run across the parts of an ARN", condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:*:user/alice" } }, context: "mfa", expect: "false" },
  { name: "ArnLike a pattern of fewer than six parts matches nothing", condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:*" } }, context: "mfa", expect: "false" },
  { name: "ArnLike: a * in the resource part does not reach past a colon written after it", condition: { ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:x:*" } }, context: "mfa", extra: { "aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:xy" }, expect: "false" },
  { name: "ArnLike: the resource part keeps its colons", condition: { ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:x:*" } }, context: "mfa", extra: { "aws:SourceArn": LOG_STREAM }, expect: "true" },
  { name: "ArnEquals a log-group pattern matches its streams, whose ARNs have more colons", condition: { ArnEquals: { "aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:*" } }, context: "mfa", extra: { "aws:SourceArn": LOG_STREAM }, expect: "true" },
  { name: "ArnLike on a request value that is not an ARN is false", condition: { ArnLike: { "aws:SourceArn": "arn:*:*:*:*:*" } }, context: "mfa", extra: { "aws:SourceArn": "not-an-arn" }, expect: "false" },
  { name: "ArnNotLike on a request value that is not an ARN is false too", condition: { ArnNotLike: { "aws:SourceArn": "arn:*:*:*:*:*" } }, context: "mfa", extra: { "aws:SourceArn": "not-an-arn" }, expect: "false" },
  { name: "ArnLike: a * in the account part does not reach into the resource", condition: { ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:*:x" } }, context: "mfa", extra: { "aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:x" }, expect: "false" },
  { name: "ArnNotLike another account is true", condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:*" } }, context: "mfa", expect: "true" },
  { name: "ArnLike another account is false", condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:user/*" } }, context: "mfa", expect: "false" },

  // Bool and BinaryEquals.
  { name: "Bool true is true with MFA", condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }, context: "mfa", expect: "true" },
  { name: "Bool true is false without MFA", condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }, context: "temporaryNoMfa", expect: "false" },
  { name: "Bool on a missing key is false", condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } }, context: "accessKeys", expect: "false" },
  { name: "BinaryEquals compares the value as given", condition: { BinaryEquals: { "aws:SecureTransport": "true" } }, context: "mfa", expect: "true" },
  { name: "BinaryEquals takes * as a character", condition: { BinaryEquals: { "aws:SecureTransport": "t*" } }, context: "mfa", expect: "false" },
  { name: "Bool on a value that is not a boolean never matches, even an equal one", condition: { Bool: { "aws:PrincipalArn": ALICE } }, context: "mfa", expect: "false" },
  { name: "Bool: xtrue is not a boolean", condition: { Bool: { "aws:SourceArn": "xtrue" } }, context: "mfa", extra: { "aws:SourceArn": "xtrue" }, expect: "false" },
  { name: "Bool: truex is not a boolean", condition: { Bool: { "aws:SourceArn": "truex" } }, context: "mfa", extra: { "aws:SourceArn": "truex" }, expect: "false" },
  { name: "BinaryEquals of another value is false", condition: { BinaryEquals: { "aws:SecureTransport": "dHJ1ZQ==" } }, context: "mfa", expect: "false" },

  // Numeric operators at the bound (MFA age 300 by default, 3600 and 7200 given).
  { name: "NumericLessThan at exactly the age is false", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "false" },
  { name: "NumericLessThan one above the age is true", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "301" } }, context: "mfa", expect: "true" },
  { name: "NumericLessThanEquals at exactly the age is true", condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "true" },
  { name: "NumericLessThanEquals one below the age is false", condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "299" } }, context: "mfa", expect: "false" },
  { name: "NumericGreaterThan at exactly the age is false", condition: { NumericGreaterThan: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "false" },
  { name: "NumericGreaterThan one below the age is true", condition: { NumericGreaterThan: { "aws:MultiFactorAuthAge": "299" } }, context: "mfa", expect: "true" },
  { name: "NumericGreaterThanEquals at exactly the age is true", condition: { NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "true" },
  { name: "NumericGreaterThanEquals one above the age is false", condition: { NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": "301" } }, context: "mfa", expect: "false" },
  { name: "NumericEquals the age is true", condition: { NumericEquals: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "true" },
  { name: "NumericEquals another number is false", condition: { NumericEquals: { "aws:MultiFactorAuthAge": "301" } }, context: "mfa", expect: "false" },
  { name: "NumericNotEquals the age is false", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", expect: "false" },
  { name: "NumericNotEquals another number is true", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "301" } }, context: "mfa", expect: "true" },
  { name: "a decimal numeric value is a number, not a date", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "300.5" } }, context: "mfa", expect: "true" },
  { name: "a numeric value given as a JSON number is read", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": 301 } }, context: "mfa", expect: "true" },
  { name: "an MFA age of 3600 is not below a 3600 bound", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, context: "mfa", mfaAgeSeconds: 3600, expect: "false" },
  { name: "an MFA age of 3600 is within a 3600 LessThanEquals bound", condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "3600" } }, context: "mfa", mfaAgeSeconds: 3600, expect: "true" },
  { name: "an MFA age of 7200 is past a 3600 bound", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, context: "mfa", mfaAgeSeconds: 7200, expect: "false" },
  { name: "NumericLessThan Infinity is not a number", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "Infinity" } }, context: "mfa", expect: "false" },
  { name: "NumericNotEquals a value that is not a number is false", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "soon" } }, context: "mfa", expect: "false" },
  { name: "NumericNotEquals with one value that is not a number is false", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": ["soon", "301"] } }, context: "mfa", expect: "false" },
  { name: "NumericNotEquals two other numbers is true", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": ["299", "301"] } }, context: "mfa", expect: "true" },
  { name: "NumericLessThan: a value that is not a number does not spoil the others", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": ["soon", "301"] } }, context: "mfa", expect: "true" },
  { name: "NumericNotEquals a value that is not a number, on a missing age, is true", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "soon" } }, context: "accessKeys", expect: "true" },
  { name: "NumericNotEquals on a request value that is not a number is false", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "300" } }, context: "mfa", extra: { "aws:MultiFactorAuthAge": "abc" }, expect: "false" },
  { name: "NumericLessThan on a missing age is false", condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, context: "temporaryNoMfa", expect: "false" },
  { name: "NumericNotEquals on a missing age is true", condition: { NumericNotEquals: { "aws:MultiFactorAuthAge": "3600" } }, context: "accessKeys", expect: "true" },

  // Date operators at the bound (aws:CurrentTime is NOW).
  { name: "DateLessThan exactly now is false", condition: { DateLessThan: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "false" },
  { name: "DateLessThan a second later is true", condition: { DateLessThan: { "aws:CurrentTime": "2030-06-01T12:00:01Z" } }, context: "mfa", expect: "true" },
  { name: "DateLessThanEquals exactly now is true", condition: { DateLessThanEquals: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "true" },
  { name: "DateGreaterThan exactly now is false", condition: { DateGreaterThan: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "false" },
  { name: "DateGreaterThan a second earlier is true", condition: { DateGreaterThan: { "aws:CurrentTime": "2030-06-01T11:59:59Z" } }, context: "mfa", expect: "true" },
  { name: "DateGreaterThanEquals exactly now is true", condition: { DateGreaterThanEquals: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "true" },
  { name: "DateEquals now is true", condition: { DateEquals: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "true" },
  { name: "DateNotEquals now is false", condition: { DateNotEquals: { "aws:CurrentTime": NOW } }, context: "mfa", expect: "false" },
  // Bug: a date written as epoch seconds (which AWS takes) did not parse and never matched.
  { name: "DateGreaterThan a time in 2001 written as epoch seconds is true", condition: { DateGreaterThan: { "aws:CurrentTime": "1000000000" } }, context: "mfa", expect: "true" },
  { name: "DateGreaterThan epoch seconds given as a JSON number is read", condition: { DateGreaterThan: { "aws:CurrentTime": 1000000000 } }, context: "mfa", expect: "true" },
  { name: "DateLessThan a time in 2001 written as epoch seconds is false", condition: { DateLessThan: { "aws:CurrentTime": "1000000000" } }, context: "mfa", expect: "false" },
  { name: "DateNotEquals a value that is not a date is false", condition: { DateNotEquals: { "aws:CurrentTime": "someday" } }, context: "mfa", expect: "false" },
  { name: "DateNotEquals another time is true", condition: { DateNotEquals: { "aws:CurrentTime": "2030-06-01T12:00:01Z" } }, context: "mfa", expect: "true" },

  // Null and set qualifiers.
  { name: "Null true on a missing key is true", condition: { Null: { "aws:MultiFactorAuthAge": "true" } }, context: "accessKeys", expect: "true" },
  { name: "Null true on a present key is false", condition: { Null: { "aws:MultiFactorAuthAge": "true" } }, context: "mfa", expect: "false" },
  { name: "Null false on a present key is true", condition: { Null: { "aws:MultiFactorAuthAge": "false" } }, context: "mfa", expect: "true" },
  { name: "Null false on a missing key is false", condition: { Null: { "aws:MultiFactorAuthAge": "false" } }, context: "temporaryNoMfa", expect: "false" },
  { name: "Null [true, false] holds on a missing key", condition: { Null: { "aws:MultiFactorAuthAge": ["true", "false"] } }, context: "accessKeys", expect: "true" },
  { name: "Null [true, false] holds on a present key", condition: { Null: { "aws:MultiFactorAuthAge": ["true", "false"] } }, context: "mfa", expect: "true" },
  { name: "ForAllValues on a missing key is true", condition: { "ForAllValues:StringEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "accessKeys", expect: "true" },
  { name: "ForAnyValue on a missing key is false", condition: { "ForAnyValue:StringEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "accessKeys", expect: "false" },
  { name: "ForAnyValue:StringNotEquals on a missing key is false", condition: { "ForAnyValue:StringNotEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "accessKeys", expect: "false" },
  { name: "ForAllValues:StringNotEquals on a missing key is true", condition: { "ForAllValues:StringNotEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "accessKeys", expect: "true" },
  { name: "ForAnyValue:StringEquals matching a value is true", condition: { "ForAnyValue:StringEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "mfa", expect: "true" },
  { name: "ForAllValues:StringEquals with a value outside the set is false", condition: { "ForAllValues:StringEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "temporaryNoMfa", expect: "false" },
  { name: "ForAnyValue:StringNotEquals with the only value in the set is false", condition: { "ForAnyValue:StringNotEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "mfa", expect: "false" },
  { name: "ForAllValues:StringNotEquals with no value in the set is true", condition: { "ForAllValues:StringNotEquals": { "aws:MultiFactorAuthPresent": "true" } }, context: "temporaryNoMfa", expect: "true" },

  // Set qualifiers on a key with several values (aws:TagKeys is [a, b]).
  { name: "ForAllValues:StringEquals [a] on [a, b] is false", condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["a"] } }, context: "mfa", extra: TAG_KEYS, expect: "false" },
  { name: "ForAllValues:StringEquals [a, b] on [a, b] is true", condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } }, context: "mfa", extra: TAG_KEYS, expect: "true" },
  { name: "ForAnyValue:StringEquals [a] on [a, b] is true", condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["a"] } }, context: "mfa", extra: TAG_KEYS, expect: "true" },
  { name: "ForAnyValue:StringEquals [c] on [a, b] is false", condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["c"] } }, context: "mfa", extra: TAG_KEYS, expect: "false" },
  { name: "ForAnyValue:StringNotEquals [a] on [a, b] is true", condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a"] } }, context: "mfa", extra: TAG_KEYS, expect: "true" },
  { name: "ForAnyValue:StringNotEquals [a, b] on [a, b] is false", condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a", "b"] } }, context: "mfa", extra: TAG_KEYS, expect: "false" },
  { name: "ForAllValues:StringNotEquals [a] on [a, b] is false", condition: { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["a"] } }, context: "mfa", extra: TAG_KEYS, expect: "false" },
  { name: "ForAllValues:StringNotEquals [c] on [a, b] is true", condition: { "ForAllValues:StringNotEquals": { "aws:TagKeys": ["c"] } }, context: "mfa", extra: TAG_KEYS, expect: "true" },
  // A single-valued operator on a multivalued key: left undecided (the engine never applies it).
  { name: "StringEquals [a] on [a, b] is undecided", condition: { StringEquals: { "aws:TagKeys": ["a"] } }, context: "mfa", extra: TAG_KEYS, expect: "unknown" },
  { name: "StringNotEquals [c] on [a, b] is undecided", condition: { StringNotEquals: { "aws:TagKeys": ["c"] } }, context: "mfa", extra: TAG_KEYS, expect: "unknown" },
];

function statementOf(condition: Case["condition"]): NormalStatement {
  const { document, errors } = parsePolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: condition }] });
  assert.deepEqual(errors, []);
  return document!.statements[0];
}

function contextOf(c: Case): RequestContext {
  const extra = Object.entries(c.extra ?? {}).map(([k, v]): [string, string[]] => [k.toLowerCase(), Array.isArray(v) ? v : [v]]);
  return new Map([...credentialContext(c.context, c.mfaAgeSeconds), ["aws:principalarn", [ALICE]], ["aws:currenttime", [NOW]], ...extra]);
}

describe("lib/iam/conditions", function () {
  this.timeout(120_000);
  for (const c of CASES) {
    it(`${c.name} (${c.context}), as the IAM engine says`, async function () {
      const statement = statementOf(c.condition);
      assert.equal(evaluateConditions(statement, contextOf(c)), c.expect);
      if (statement.conditions.length === 1) assert.equal(evaluateTest(statement.conditions[0], contextOf(c)), c.expect, "the test alone");
      const denied = await isExplicitlyDenied({
        policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: c.condition }] }],
        principalArn: ALICE,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::reports/q1.csv",
        context: c.context,
        mfaAgeSeconds: c.mfaAgeSeconds,
        now: NOW,
        extraContext: c.extra,
      });
      assert.equal(denied, c.expect === "true", "the oracle agrees");
    });
  }

  it("a key the context does not model is unknown, whatever the operator", function () {
    for (const op of ["StringEquals", "StringNotEquals", "Null", "Bool"]) {
      assert.equal(evaluateTest(statementOf({ [op]: { "aws:SourceIp": "true" } }).conditions[0], credentialContext("mfa")), "unknown", op);
    }
  });
  it("IpAddress is never decided, even on a modelled key", function () {
    const ctx = new Map([["aws:sourceip", ["192.0.2.1"]]]);
    assert.equal(evaluateTest(statementOf({ IpAddress: { "aws:SourceIp": "192.0.2.0/24" } }).conditions[0], ctx), "unknown");
    assert.equal(evaluateTest(statementOf({ NotIpAddress: { "aws:SourceIp": "192.0.2.0/24" } }).conditions[0], ctx), "unknown");
  });
  it("an unknown operator is unknown", function () {
    assert.equal(evaluateTest(statementOf({ StringEqual: { "aws:MultiFactorAuthPresent": "true" } }).conditions[0], credentialContext("mfa")), "unknown");
    assert.equal(isKnownOperator("stringequal"), false);
    assert.equal(isKnownOperator("stringequals"), true);
  });
  it("Null is an operator, NullIfExists is not: IAM takes no IfExists on Null, so its test is unknown", function () {
    assert.equal(isKnownOperator("null"), true);
    assert.equal(isKnownOperator("null", true), false);
    assert.equal(isKnownOperator("stringequals", true), true);
    const test = statementOf({ NullIfExists: { "aws:MultiFactorAuthAge": "true" } }).conditions[0];
    assert.equal(evaluateTest(test, credentialContext("accessKeys")), "unknown");
  });
  it("a false test decides the statement even after an unknown one; otherwise unknown wins over true", function () {
    const ctx = credentialContext("mfa");
    assert.equal(evaluateConditions(statementOf({ StringEquals: { "aws:SourceVpc": "vpc-1" }, Bool: { "aws:MultiFactorAuthPresent": "false" } }), ctx), "false");
    assert.equal(evaluateConditions(statementOf({ StringEquals: { "aws:SourceVpc": "vpc-1" }, Bool: { "aws:MultiFactorAuthPresent": "true" } }), ctx), "unknown");
    assert.equal(evaluateConditions(statementOf({}), ctx), "true");
  });
  it("numbers and dates that do not parse never match", function () {
    const ctx = credentialContext("mfa");
    assert.equal(evaluateTest(statementOf({ NumericLessThan: { "aws:MultiFactorAuthAge": "soon" } }).conditions[0], ctx), "false");
    assert.equal(evaluateTest(statementOf({ NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": " " } }).conditions[0], ctx), "false");
    assert.equal(evaluateTest(statementOf({ NumericNotEquals: { "aws:MultiFactorAuthAge": "soon" } }).conditions[0], ctx), "false");
    assert.equal(evaluateTest(statementOf({ NumericEquals: { "aws:MultiFactorAuthAge": "" } }).conditions[0], ctx), "false");
    const time = new Map([["aws:currenttime", [NOW]]]);
    assert.equal(evaluateTest(statementOf({ DateLessThan: { "aws:CurrentTime": "someday" } }).conditions[0], time), "false");
  });
  it("a date written as epoch seconds is in seconds: now (2030) is before 2100 and after 2001 (the engine, which compares those seconds with milliseconds, is not asked)", function () {
    const time = new Map([["aws:currenttime", [NOW]]]);
    const at = (operator: string, value: string) => evaluateTest(statementOf({ [operator]: { "aws:CurrentTime": value } }).conditions[0], time);
    assert.equal(at("DateLessThan", "4102444800"), "true", "2100-01-01");
    assert.equal(at("DateGreaterThan", "4102444800"), "false");
    assert.equal(at("DateEquals", String(Date.parse(NOW) / 1000)), "true", "now in epoch seconds");
    assert.equal(at("DateGreaterThan", "1000000000x"), "false", "not a whole number, nor ISO 8601");
    assert.equal(at("DateGreaterThan", "-1000000000"), "false", "not a whole number, nor ISO 8601");
    const epoch = new Map([["aws:epochtime", [String(Date.parse(NOW) / 1000)]]]);
    assert.equal(evaluateTest(statementOf({ DateLessThan: { "aws:EpochTime": "2030-06-01T12:00:01Z" } }).conditions[0], epoch), "true", "a request value in epoch seconds too");
  });
  it("Bool only matches the words true and false, in any case", function () {
    const ctx = credentialContext("mfa");
    assert.equal(evaluateTest(statementOf({ Bool: { "aws:MultiFactorAuthPresent": "TRUE" } }).conditions[0], ctx), "true");
    assert.equal(evaluateTest(statementOf({ Bool: { "aws:MultiFactorAuthPresent": "yes" } }).conditions[0], ctx), "false");
  });
  it("ArnEquals does not match an ARN with a different number of parts", function () {
    const ctx = new Map([["aws:principalarn", [ALICE]]]);
    assert.equal(evaluateTest(statementOf({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/alice:x" } }).conditions[0], ctx), "false");
    assert.equal(evaluateTest(statementOf({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:user/alice" } }).conditions[0], ctx), "true");
  });
  it("the three credential contexts carry the MFA keys as IAM sets them", function () {
    assert.deepEqual([...credentialContext("accessKeys")], [["aws:multifactorauthpresent", null], ["aws:multifactorauthage", null], ["aws:securetransport", ["true"]]]);
    assert.deepEqual([...credentialContext("temporaryNoMfa")], [["aws:multifactorauthpresent", ["false"]], ["aws:multifactorauthage", null], ["aws:securetransport", ["true"]]]);
    assert.deepEqual([...credentialContext("mfa", 42)], [["aws:multifactorauthpresent", ["true"]], ["aws:multifactorauthage", ["42"]], ["aws:securetransport", ["true"]]]);
    assert.deepEqual(credentialContext("mfa").get("aws:multifactorauthage"), ["300"]);
  });
});

describe("requiresStringMatch: the tests that let a request through only with one of their values", function () {
  this.timeout(120_000);
  const CASES: [string, boolean][] = [
    ["StringEquals", true],
    ["StringLike", true],
    ["StringEqualsIgnoreCase", true],
    ["ForAnyValue:StringEquals", true],
    ["StringEqualsIfExists", false],
    ["StringLikeIfExists", false],
    ["StringNotEquals", false],
    ["StringNotLike", false],
    ["StringNotEqualsIgnoreCase", false],
  ];
  for (const [operator, expected] of CASES) {
    it(`${operator} ${expected ? "requires" : "does not require"} the key, and the engine agrees for a request without it`, async function () {
      const condition = { [operator]: { "aws:PrincipalTag/team": "ops" } };
      assert.equal(requiresStringMatch(statementOf(condition).conditions[0]), expected);
      // A Deny with a test that requires the key does not apply to a request that lacks it.
      const denied = await isExplicitlyDenied({
        policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: condition }] }],
        principalArn: ALICE,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::reports/q1.csv",
        context: "mfa",
        now: NOW,
      });
      assert.equal(denied, !expected, "the oracle agrees");
    });
  }
  it("the other operators (numbers, dates, ARNs, Bool, Null) are not string matches", function () {
    for (const operator of ["NumericEquals", "DateEquals", "ArnLike", "Bool", "Null"]) assert.equal(requiresStringMatch(statementOf({ [operator]: { "aws:PrincipalTag/team": "1" } }).conditions[0]), false, operator);
  });
});
