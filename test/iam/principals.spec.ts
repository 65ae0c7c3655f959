/**
 * lib/iam/principals: what a Principal entry names, the people it admits, glob algebra on ARNs,
 * conditions decided for a whole class of people, and which conditions narrow a public principal.
 */
import { strict as assert } from "node:assert";
import { credentialContext } from "../../lib/iam/conditions";
import { NormalStatement, parsePolicyDocument } from "../../lib/iam/parse";
import {
  arnsIntersect,
  evaluateForPerson,
  globContains,
  globsIntersect,
  isRoleSession,
  isWorkloadPrincipal,
  narrowsToOrgOrAccount,
  PersonClass,
  personClassOf,
  principalKind,
} from "../../lib/iam/principals";

const ALICE = "arn:aws:iam::111111111111:user/alice";
const BOB_ARN = "arn:aws:iam::111111111111:user/bob";
const statement = (condition: Record<string, unknown>): NormalStatement =>
  parsePolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: condition }] }).document!.statements[0];
const test = (condition: Record<string, unknown>) => statement(condition).conditions[0];

describe("lib/iam/principals", function () {
  it("principalKind: everyone, accounts written either way, users, roles, sessions, unique ids", function () {
    const cases: [string, string][] = [
      ["*", "everyone"],
      ["111111111111", "account"],
      ["arn:aws:iam::111111111111:root", "account"],
      ["arn:aws-cn:iam::111111111111:root", "account"],
      [ALICE, "user"],
      ["arn:aws:iam::*:user/alice", "user"],
      ["arn:aws:iam::111111111111:user/people/alice", "user"],
      ["arn:aws:iam::111111111111:role/deploy", "role"],
      ["arn:aws-us-gov:iam::111111111111:role/a/b", "role"],
      ["arn:aws:sts::111111111111:assumed-role/deploy/session", "assumed-role"],
      ["arn:aws:sts::111111111111:federated-user/bob", "federated-user"],
      ["AIDAJQABLZS4A3QDU576Q", "unique-id"],
      ["AROAJQABLZS4A3QDU576Q", "unique-id"],
      // Near misses.
      ["11111111111", "other"],
      ["1111111111111", "other"],
      ["x111111111111", "other"],
      ["arn:aws:iam::11111111111:root", "other"],
      ["arn:aws:iam::111111111111:rootx", "other"],
      ["xarn:aws:iam::111111111111:root", "other"],
      ["arn:aws:iam::111111111111:root/x", "other"],
      ["arn:aws:sts::111111111111:user/alice", "other"],
      ["arn:aws:sts::111111111111:role/deploy", "other"],
      ["arn:aws:iam::111111111111:assumed-role/deploy/s", "other"],
      ["arn:aws:iam::111111111111:federated-user/bob", "other"],
      ["arn:aws:iam::111111111111:group/devs", "other"],
      ["arn:aws:iam::11111111111x:user/alice", "other"],
      ["xarn:aws:iam::111111111111:user/alice", "other"],
      ["arn:aws:iam::111111111111:user", "other"],
      ["aidajqablzs4a3qdu576q", "other"],
      ["AIDAJQABLZS4", "other"],
      ["AIDAJQABLZS4A3QDU576Q-x", "other"],
      ["xAIDAJQABLZS4A3QDU576Q", "other"],
      ["A1DAJQABLZS4A3QDU576Q", "other"],
      ["AB1CDEFGHIJKLMNOP", "other"],
    ];
    for (const [p, kind] of cases) assert.equal(principalKind(p), kind, p);
  });
  it("isRoleSession: roles and assumed roles, nothing else", function () {
    assert.deepEqual((["role", "assumed-role", "user", "account", "federated-user", "everyone", "unique-id", "other"] as const).map(isRoleSession), [true, true, false, false, false, false, false, false]);
  });
  it("personClassOf: the users a principal admits", function () {
    const cases: [string, PersonClass | undefined][] = [
      ["*", { arn: "arn:*:iam::*:user/*" }],
      ["111111111111", { arn: "arn:aws:iam::111111111111:user/*", account: "111111111111" }],
      ["arn:aws-cn:iam::111111111111:root", { arn: "arn:aws-cn:iam::111111111111:user/*", account: "111111111111" }],
      ["arn:aws:iam::111111111111:user/people/alice", { arn: "arn:aws:iam::111111111111:user/people/alice", account: "111111111111", username: "alice" }],
      ["arn:aws:iam::*:user/alice", { arn: "arn:aws:iam::*:user/alice", account: undefined, username: "alice" }],
      ["AIDAJQABLZS4A3QDU576Q", { arn: "arn:*:iam::*:user/*" }],
      ["AROAJQABLZS4A3QDU576Q", undefined],
      ["arn:aws:iam::111111111111:role/deploy", undefined],
      ["arn:aws:sts::111111111111:assumed-role/deploy/s", undefined],
      ["arn:aws:sts::111111111111:federated-user/bob", undefined],
    ];
    for (const [p, person] of cases) assert.deepEqual(personClassOf(p), person, p);
    assert.equal(isWorkloadPrincipal("arn:aws:iam::111111111111:role/deploy"), true);
    assert.equal(isWorkloadPrincipal(ALICE), false);
  });
  it("globsIntersect: two globs share a string, or not", function () {
    const yes: [string, string][] = [["a*", "*b"], ["a?c", "abc"], ["*", ""], ["a*c", "ab*"], ["*x*", "y*"], ["abc", "abc"], ["a**", "a"], ["?", "*"]];
    const no: [string, string][] = [["a*", "b*"], ["a?c", "ac"], ["abc", "abd"], ["a", ""], ["", "a"], ["?", ""], ["*a", "*b"], ["ab", "a"]];
    for (const [a, b] of yes) assert.equal(globsIntersect(a, b), true, `${a} ∩ ${b}`);
    for (const [a, b] of no) assert.equal(globsIntersect(a, b), false, `${a} ∩ ${b}`);
    assert.equal(globsIntersect("a*", "b*", { bLiteral: true }), false);
    assert.equal(globsIntersect("a*", "a*", { bLiteral: true }), true);
    assert.equal(globsIntersect("a?", "a*", { bLiteral: true }), true, "a literal * is a character like any other");
    assert.equal(globsIntersect("x*", "*", { bLiteral: true }), false, "a literal * is not x...");
    assert.equal(globsIntersect("A*", "ab"), false);
    assert.equal(globsIntersect("A*", "ab", { ignoreCase: true }), true);
    assert.equal(globsIntersect("a*", "AB", { ignoreCase: true }), true);
    assert.equal(globsIntersect("a*", "AB"), false);
    assert.equal(globsIntersect("a*", "abc"), true, "a star takes several characters of the other side");
    assert.equal(globsIntersect("abc", "a*"), true);
    assert.equal(globsIntersect("abc", "a?c"), true, "a ? on the other side");
    assert.equal(globsIntersect("abc", "a?d"), false);
  });
  it("globContains: every string of the first glob is matched by the second", function () {
    const yes: [string, string][] = [["*", "abc"], ["*", "a*"], ["a*", "ab*"], ["a?c", "abc"], ["a*", "a"], ["abc", "abc"], ["*c", "a*c"], ["??", "ab"], ["a*b*", "a*b*"]];
    const no: [string, string][] = [["a*", "*"], ["abc", "a*"], ["a?c", "a*c"], ["ab", "abc"], ["abc", "ab"], ["a", ""], ["?", "*"], ["??", "a"], ["a*", "b"]];
    for (const [b, a] of yes) assert.equal(globContains(b, a), true, `${a} ⊆ ${b}`);
    for (const [b, a] of no) assert.equal(globContains(b, a), false, `${a} ⊆ ${b}`);
    assert.equal(globContains("a*", "ab", { bLiteral: true }), false, "a literal * matches only itself");
    assert.equal(globContains("a*", "a*", { bLiteral: true }), false, "…and a* is more than that one string");
    assert.equal(globContains("ab", "ab", { bLiteral: true }), true);
    assert.equal(globContains("AB", "ab"), false);
    assert.equal(globContains("AB", "ab", { ignoreCase: true }), true);
    assert.equal(globContains("ab", "AB"), false);
  });
  it("globsIntersect and globContains agree with matching every string, for every pair of short globs", function () {
    // Every glob of up to three characters over a, b, * and ?, against every string of up to six a's and b's:
    // two globs intersect when a string is matched by both (if they share one, they share one no longer than both together);
    // globContains is sound: when it says yes, every string of the first is matched by the second.
    const globs = [""];
    for (let n = 0; n < 3; n++) for (const g of globs.filter((x) => x.length === n)) for (const c of "ab*?") globs.push(g + c);
    const strings = [""];
    for (let n = 0; n < 6; n++) for (const w of strings.filter((x) => x.length === n)) for (const c of "ab") strings.push(w + c);
    const regex = new Map(globs.map((g) => [g, new RegExp(`^${g.replace(/\*/g, ".*").replace(/\?/g, ".")}$`)]));
    const matches = (glob: string, text: string) => regex.get(glob)!.test(text);
    for (const a of globs) {
      const ofA = strings.filter((t) => matches(a, t));
      for (const b of globs) {
        assert.equal(globsIntersect(a, b), ofA.some((t) => matches(b, t)), `${a} ∩ ${b}`);
        if (globContains(b, a)) assert.ok(ofA.every((t) => matches(b, t)), `${a} ⊆ ${b}`);
      }
    }
    assert.equal(globs.length, 85);
  });
  it("globs with many stars are decided at once, not by trying every split", function () {
    this.timeout(2_000);
    const stars = "*a".repeat(30) + "*b";
    const as = "a".repeat(60);
    assert.equal(globsIntersect(stars, as), false);
    assert.equal(globsIntersect(as, stars), false);
    assert.equal(globContains(stars, as), false);
    assert.equal(globContains(as.replace(/a/g, "?"), stars), false);
    assert.equal(globContains("*a".repeat(30) + "*", as), true);
  });
  it("arnsIntersect: part by part, a * staying in its part; short patterns compared whole", function () {
    assert.equal(arnsIntersect("arn:aws:iam::*:user/*", ALICE), true);
    assert.equal(arnsIntersect("arn:aws:iam::111111111111:*", "arn:aws:iam::*:user/*"), true);
    assert.equal(arnsIntersect("arn:aws:iam::2*:user/*", ALICE), false);
    assert.equal(arnsIntersect("arn:aws:iam::*", ALICE), true, "fewer than six parts: compared whole, the * crossing colons");
    assert.equal(arnsIntersect("*", ALICE), true);
    assert.equal(arnsIntersect("arn:aws:iam::*:role/*", ALICE), false);
    assert.equal(arnsIntersect("arn:aws:logs:*:*:log-group:x:*", "arn:aws:logs:us-east-1:111111111111:log-group:x:log-stream:y"), true, "the resource keeps its colons");
    assert.equal(arnsIntersect("arn:aws:iam::1*:user/x", "arn:aws:iam::*:user/*"), true);
    assert.equal(arnsIntersect("arn:aws:iam::1*:user/x", "arn:aws:iam:us-east-1:*:user/*"), false, "the region part too");
    assert.equal(arnsIntersect("arn:aws:s3:::a:b", "arn:aws:s3:::ab"), false, "the colon in the resource counts");
  });

  describe("evaluateForPerson", function () {
    const ctx = credentialContext("accessKeys");
    const account: PersonClass = { arn: "arn:aws:iam::111111111111:user/*", account: "111111111111" };
    const alice: PersonClass = { arn: ALICE, account: "111111111111", username: "alice" };
    const anyone: PersonClass = { arn: "arn:*:iam::*:user/*" };
    const cases: [string, Record<string, unknown>, PersonClass, string][] = [
      ["aws:PrincipalArn equal to the user", { StringEquals: { "aws:PrincipalArn": ALICE } }, alice, "true"],
      ["aws:PrincipalArn of another user", { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/bob" } }, alice, "false"],
      ["aws:PrincipalArn of one user, for every user of the account", { StringEquals: { "aws:PrincipalArn": ALICE } }, account, "unknown"],
      ["StringLike aws:PrincipalArn user/* for every user of the account", { StringLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/*" } }, account, "true"],
      ["StringEquals takes the * literally", { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/*" } }, account, "unknown"],
      ["StringNotLike aws:PrincipalArn of the account's users", { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/*" } }, account, "false"],
      ["StringNotEquals another user's ARN", { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/bob" } }, alice, "true"],
      ["StringNotEquals one user, for the account", { StringNotEquals: { "aws:PrincipalArn": ALICE } }, account, "unknown"],
      ["ArnLike with a * in the account, for the account", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:user/*" } }, account, "true"],
      ["ArnLike: a * does not cross the colons", { ArnLike: { "aws:PrincipalArn": "arn:aws:*:user/alice" } }, alice, "false"],
      ["ArnEquals an ARN with one part more", { ArnEquals: { "aws:PrincipalArn": `${ALICE}:x` } }, alice, "false"],
      ["StringEquals one of two ARNs", { StringEquals: { "aws:PrincipalArn": [BOB_ARN, ALICE] } }, alice, "true"],
      ["StringLike one pattern that meets some of the account's users", { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:user/*", "arn:aws:iam::111111111111:user/a*"] } }, account, "unknown"],
      ["ArnNotLike another account", { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:*" } }, account, "true"],
      ["ArnEquals another account, for everyone", { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:user/*" } }, anyone, "unknown"],
      ["aws:PrincipalType is User", { StringEquals: { "aws:PrincipalType": "User" } }, anyone, "true"],
      ["aws:PrincipalType is not AssumedRole", { StringEquals: { "aws:PrincipalType": "AssumedRole" } }, anyone, "false"],
      ["StringEqualsIgnoreCase aws:PrincipalType user", { StringEqualsIgnoreCase: { "aws:PrincipalType": "user" } }, anyone, "true"],
      ["StringNotEqualsIgnoreCase aws:PrincipalType USER", { StringNotEqualsIgnoreCase: { "aws:PrincipalType": "USER" } }, anyone, "false"],
      ["aws:PrincipalAccount of the account", { StringEquals: { "aws:PrincipalAccount": "111111111111" } }, account, "true"],
      ["aws:PrincipalAccount of another account", { StringEquals: { "aws:PrincipalAccount": "222222222222" } }, account, "false"],
      ["aws:PrincipalAccount for everyone", { StringEquals: { "aws:PrincipalAccount": "111111111111" } }, anyone, "unknown"],
      ["aws:username of the user", { StringEquals: { "aws:username": "alice" } }, alice, "true"],
      ["aws:username for the account", { StringEquals: { "aws:username": "alice" } }, account, "unknown"],
      ["Bool aws:PrincipalIsAWSService false", { Bool: { "aws:PrincipalIsAWSService": "false" } }, anyone, "true"],
      ["Bool aws:PrincipalIsAWSService true", { Bool: { "aws:PrincipalIsAWSService": "true" } }, anyone, "false"],
      ["aws:PrincipalServiceName is absent for people", { StringEquals: { "aws:PrincipalServiceName": "ec2.amazonaws.com" } }, anyone, "false"],
      ["aws:PrincipalServiceNamesList is absent: IfExists holds", { StringEqualsIfExists: { "aws:PrincipalServiceNamesList": "ec2.amazonaws.com" } }, anyone, "true"],
      ["ForAllValues on an absent key holds", { "ForAllValues:StringEquals": { "aws:PrincipalServiceName": "ec2.amazonaws.com" } }, anyone, "true"],
      ["ForAnyValue on an absent key does not", { "ForAnyValue:StringEquals": { "aws:PrincipalServiceName": "ec2.amazonaws.com" } }, anyone, "false"],
      ["a negated operator on an absent key holds", { StringNotEquals: { "aws:PrincipalServiceName": "ec2.amazonaws.com" } }, anyone, "true"],
      ["Null true on an absent principal key", { Null: { "aws:PrincipalServiceName": "true" } }, anyone, "true"],
      ["Null false on an absent principal key", { Null: { "aws:PrincipalServiceName": "false" } }, anyone, "false"],
      ["Null false on a present principal key", { Null: { "aws:PrincipalArn": "false" } }, anyone, "true"],
      ["Null true on a present principal key", { Null: { "aws:PrincipalArn": "true" } }, anyone, "false"],
      ["Null [true, false] on a present principal key", { Null: { "aws:PrincipalArn": ["true", "false"] } }, anyone, "true"],
      ["Null [false, true] on an absent principal key", { Null: { "aws:PrincipalServiceName": ["false", "true"] } }, anyone, "true"],
      ["ForAnyValue with a negated operator on an absent key does not", { "ForAnyValue:StringNotEquals": { "aws:PrincipalServiceName": "ec2.amazonaws.com" } }, anyone, "false"],
      ["an operator the class cannot decide (numeric) is unknown", { NumericEquals: { "aws:PrincipalAccount": "111111111111" } }, account, "unknown"],
      ["other keys as the context says: no MFA with access keys", { Bool: { "aws:MultiFactorAuthPresent": "true" } }, alice, "false"],
      ["other keys as the context says: TLS", { Bool: { "aws:SecureTransport": "true" } }, alice, "true"],
    ];
    for (const [name, condition, person, expect] of cases) {
      it(`${name}: ${expect}`, function () {
        assert.equal(evaluateForPerson(statement(condition), ctx, person), expect);
      });
    }
    it("tests are ANDed: a false one decides, an unknown one wins over true", function () {
      assert.equal(evaluateForPerson(statement({ StringEquals: { "aws:username": "alice", "aws:PrincipalAccount": "222222222222" } }), ctx, account), "false");
      assert.equal(evaluateForPerson(statement({ StringEquals: { "aws:username": "alice", "aws:PrincipalType": "User" } }), ctx, account), "unknown");
      assert.equal(evaluateForPerson(statement({}), ctx, account), "true");
    });
  });

  it("narrowsToOrgOrAccount: a positive test that pins an organization or an account", function () {
    const narrows: Record<string, unknown>[] = [
      { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { StringEqualsIgnoreCase: { "aws:SourceOrgID": "o-a1b2c3d4e5" } },
      { StringLike: { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*" } },
      { "ForAnyValue:StringLike": { "aws:SourceOrgPaths": "o-a1b2c3d4e5/*" } },
      { StringEquals: { "aws:PrincipalAccount": ["111111111111", "222222222222"] } },
      { StringEquals: { "aws:SourceAccount": "111111111111" } },
      { ArnLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:role/*" } },
      { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x" } },
      { StringLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::bucket" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::bucket/*" } },
      { StringLike: { "aws:SourceArn": "arn:aws:s3:::bucket:*" } },
    ];
    const narrowsNot: Record<string, unknown>[] = [
      { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { StringEquals: { "aws:PrincipalOrgID": [] } },
      { StringLike: { "aws:PrincipalOrgID": "o-*" } },
      // Bucket names are global: anyone may create a bucket named bucket-x.
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::bucket-*" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::b?cket" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3::::*" } },
      { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111" } },
      { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5", "o-?"] } },
      { StringLike: { "aws:PrincipalOrgPaths": "*/r-ab12/*" } },
      { StringLike: { "aws:SourceOrgPaths": "o-/x" } },
      { StringLike: { "aws:PrincipalAccount": "1111*" } },
      { StringEquals: { "aws:SourceAccount": "1111111111112" } },
      { StringEquals: { "aws:UserAgent": "o-a1b2c3d4e5" } },
      { Bool: { "aws:PrincipalOrgID": "true" } },
      { ArnLike: { "aws:PrincipalArn": "arn:*:iam::*:role/x" } },
      { StringLike: { "aws:PrincipalArn": "arn:*:iam::111111111111:role/x" } },
      { StringLike: { "aws:PrincipalArn": "arn:aws:*:*:111111111111:role/x" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::?ucket" } },
      { ArnLike: { "aws:SourceArn": "arn:*:s3:::bucket" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s*:::bucket" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:s3::" } },
      { ArnLike: { "aws:SourceArn": "xrn:aws:s3:::bucket" } },
      { XStringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { StringEqualsX: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      { StringLike: { "aws:PrincipalOrgPaths": "xo-a1b2c3d4e5/r-ab12/*" } },
      { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::x111111111111:role/x" } },
      { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::1111111111112:role/x" } },
    ];
    for (const c of narrows) assert.equal(narrowsToOrgOrAccount(test(c)), true, JSON.stringify(c));
    for (const c of narrowsNot) assert.equal(narrowsToOrgOrAccount(test(c)), false, JSON.stringify(c));
  });
});
