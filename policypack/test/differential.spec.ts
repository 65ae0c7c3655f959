/**
 * Differential tests: the pack's IAM reasoning against the IAM evaluation engine
 * (@cloud-copilot/iam-simulate, through test/support/oracle.ts), on generated documents.
 *
 * (a) Trusts. For every generated trust, `iam-role-trust-requires-mfa` reports a violation for a
 *     person principal iff the oracle says some person can assume the role with long-term access
 *     keys or with temporary credentials obtained without MFA. The persons asked about are
 *     alice and bob (named by the generator), carol (an unnamed user of the trusted account
 *     111111111111) and mallory (an unnamed user of another account, 222222222222); each has an
 *     identity policy allowing sts:AssumeRole on the role, as a person given the role would.
 *
 *     Exclusions, each deliberate and still checked in a weaker form:
 *      - Role principals (arn:aws:iam::…:role/…) are not people: the oracle lets none of the persons
 *        in through them and the pack reports nothing for them (checked exactly, like the rest).
 *      - Principal keys (aws:PrincipalArn, aws:PrincipalType, aws:PrincipalAccount) are decided
 *        for the class of people a principal admits, and compared exactly when the class decides
 *        them (a role pattern, a principal type); a test only some users of the class can meet
 *        (one user's ARN, a user name) is checked for soundness, since the oracle asks about four
 *        persons and the pack about every user.
 *      - Condition keys the credential contexts do not model (aws:PrincipalTag/…, aws:SourceIp,
 *        sts:ExternalId): the pack leans towards access for an Allow and towards not applying for
 *        a Deny, so a finding is never missed for want of a key. For those trusts only soundness
 *        is checked: if the oracle lets a person in, the pack reports it.
 *
 * (b) Denies. For generated Deny statements whose conditions only use keys the contexts model
 *     (the MFA keys, aws:SecureTransport), `denyBlocks(statement, {action, resource})` (working
 *     context: MFA present) equals `isExplicitlyDenied` of the oracle in the `mfa` context, and
 *     `iam-deny-not-overly-broad` reports "must remain allowed" exactly when `denyBlocks` says so.
 *
 * (c) Public resource policies. For generated SQS and S3 resource policies (principals `*`, an
 *     account, a service; write and read actions; organization, account, source and VPC endpoint
 *     conditions), `iam-resource-policy-no-public-write` reports exactly when the oracle lets a
 *     stranger (a user of another account, in no organization) perform the write.
 *
 * (d) Privilege escalation. For generated identity statements (IAM action patterns x resources,
 *     `${aws:username}` included), `iam-no-privilege-escalation` reports ESC001 (IAM writes on
 *     others) / ESC002 (only on oneself) / ESC003 (credentials of another user) exactly when the
 *     oracle allows such an action on an identity of the right kind. It found that resource
 *     patterns were compared as plain globs, where a `*` crosses the ARN's colons
 *     (`arn:aws:s3:::bucket/*` "reached" IAM users); they are now compared part by part
 *     (`arnsIntersect`).
 *
 * Not compared here: `iam-web-identity-trust-pins-subject`. The engine keeps only the condition
 * keys its data lists for sts:AssumeRoleWithWebIdentity (Cognito, Google, Facebook, Amazon), and
 * drops an OIDC issuer's keys (`token.actions.githubusercontent.com:sub`, `…:aud`) as
 * `ignoredContextKeys`, so it cannot say which subjects a GitHub, EKS or Pulumi Cloud trust admits;
 * that policy's spec pins each issuer's pinned and unpinned forms instead.
 *
 * Generation is deterministic: fixed full combinations plus a seeded PRNG.
 *
 * What this found, and how it was resolved (lib/iam/mfa.ts, `denies`):
 *  - A Deny whose Principal is an account (`111111111111` or `arn:aws:iam::111111111111:root`)
 *    refuses that account's users and the account however it is written, as IAM does; the pack
 *    only matched the exact string, so it reported trusts that such a Deny closes.
 *  - A Deny with NotPrincipal spares every request that matches one of its entries, including
 *    through the account; the pack counted the Deny as refusing anything not literally listed
 *    (so `Allow <account>` + `Deny NotPrincipal bob` passed although bob gets in), and `*` as
 *    covered by any NotPrincipal. It now counts the Deny only when no entry can match.
 *
 * Where the oracle, not the pack, is off (kept out of the generated values on purpose):
 *  - NotPrincipal: the engine spares a user listed without its account; AWS documents that the
 *    account must be listed too or the user is denied with it. Moot for trusts (AWS refuses
 *    NotPrincipal in a role trust policy); the pack's reading is the cautious one either way.
 *  - Numeric condition values are read with parseInt/parseFloat by the engine: "1e4" is 1,
 *    "300abc" is 300, "0x10" is 0. The pack uses Number(); only plain decimals are generated.
 */
import { strict as assert } from "node:assert";
import { denyBlocks } from "../../lib/iam/breadth";
import { parsePolicyDocument } from "../../lib/iam/parse";
import { canAssume, CREDENTIAL_CONTEXTS, CredentialContext, isExplicitlyDenied } from "../../test/support/oracle";
import { denyNotOverlyBroad } from "../policies/denyNotOverlyBroad";
import { CREDENTIAL_WRITES, POLICY_WRITES } from "../../lib/iam/escalation";
import { isAllowed } from "../../test/support/oracle";
import { noPrivilegeEscalation } from "../policies/noPrivilegeEscalation";
import { resourcePolicyNoPublicWrite } from "../policies/resourcePolicyNoPublicWrite";
import { roleTrustRequiresMfa } from "../policies/roleTrustRequiresMfa";
import { doc, role, stackViolationsOf, violationsOf } from "./support/run";
import { prng } from "./support/prng";

type Json = unknown;
type Obj = Record<string, Json>;


const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

const ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const CAROL = `arn:aws:iam::${ACCOUNT}:user/carol`;
const MALLORY = `arn:aws:iam::${OTHER_ACCOUNT}:user/mallory`;
const CI_ROLE = `arn:aws:iam::${ACCOUNT}:role/ci`;
const TARGET_ROLE = `arn:aws:iam::${ACCOUNT}:role/target`;
const PERSONS = [ALICE, BOB, CAROL, MALLORY];
const NO_MFA: CredentialContext[] = ["accessKeys", "temporaryNoMfa"];

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

interface Part<T> {
  label: string;
  value: T;
}

interface PrincipalPart extends Part<Obj> {
  /** The Allow names a role: role chaining by design. */
  role?: boolean;
}

const ALLOW_PRINCIPALS: PrincipalPart[] = [
  { label: "account id", value: { Principal: { AWS: ACCOUNT } } },
  { label: "account root ARN", value: { Principal: { AWS: ROOT } } },
  { label: "user ARN", value: { Principal: { AWS: ALICE } } },
  { label: "Principal *", value: { Principal: "*" } },
  { label: "AWS *", value: { Principal: { AWS: "*" } } },
  { label: "another account's root", value: { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } } },
  { label: "two users", value: { Principal: { AWS: [ALICE, BOB] } } },
  { label: "a user and a role", value: { Principal: { AWS: [BOB, CI_ROLE] } }, role: true },
  { label: "a role", value: { Principal: { AWS: CI_ROLE } }, role: true },
];

interface ActionPart extends Part<Obj> {
  /** Does it cover sts:AssumeRole? (Used only to expect role-chaining reports.) */
  assume: boolean;
}

const ALLOW_ACTIONS: ActionPart[] = [
  { label: "sts:AssumeRole", value: { Action: "sts:AssumeRole" }, assume: true },
  { label: "sts:*", value: { Action: "sts:*" }, assume: true },
  { label: "*", value: { Action: "*" }, assume: true },
  { label: "sts:Assume*", value: { Action: "sts:Assume*" }, assume: true },
  { label: "sts:Assume?ole", value: { Action: ["sts:Assume?ole"] }, assume: true },
  { label: "STS:assumerole", value: { Action: "STS:assumerole" }, assume: true },
  { label: "a list with sts:AssumeRole", value: { Action: ["sts:TagSession", "sts:AssumeRole"] }, assume: true },
  { label: "NotAction sts:TagSession", value: { NotAction: "sts:TagSession" }, assume: true },
  { label: "NotAction s3:*, iam:*", value: { NotAction: ["s3:*", "iam:*"] }, assume: true },
  { label: "NotAction sts:AssumeRole", value: { NotAction: ["sts:AssumeRole"] }, assume: false },
  { label: "NotAction sts:Assume*", value: { NotAction: "sts:Assume*" }, assume: false },
  { label: "NotAction STS:ASSUMEROLE", value: { NotAction: ["sts:TagSession", "STS:ASSUMEROLE"] }, assume: false },
  { label: "sts:TagSession", value: { Action: "sts:TagSession" }, assume: false },
  { label: "sts:AssumeRoleWithSAML", value: { Action: "sts:AssumeRoleWithSAML" }, assume: false },
  { label: "s3:GetObject", value: { Action: "s3:GetObject" }, assume: false },
];

/** One condition test: operator spellings (first is canonical), key spellings, a value. */
interface TestPart {
  label: string;
  operators: string[];
  keys: string[];
  value: Json;
  /** Uses a key the credential contexts do not model. */
  unmodelled?: boolean;
}

const PRESENT = ["aws:MultiFactorAuthPresent", "AWS:multifactorauthpresent", "aws:multifactorauthpresent", "Aws:MultiFactorAuthPRESENT"];
const AGE = ["aws:MultiFactorAuthAge", "aws:multifactorauthage", "AWS:MultiFactorAuthAge"];
const TLS = ["aws:SecureTransport", "aws:securetransport"];
const spell = (op: string) => [op, op.toLowerCase(), op.toUpperCase()];

const t = (label: string, operators: string[], keys: string[], value: Json, unmodelled = false): TestPart => ({ label, operators, keys, value, unmodelled });

const MFA_TESTS: TestPart[] = [
  t('Bool present "true"', spell("Bool"), PRESENT, "true"),
  t("Bool present true (JSON)", spell("Bool"), PRESENT, true),
  t('Bool present "TRUE"', spell("Bool"), PRESENT, "TRUE"),
  t('Bool present ["true"]', spell("Bool"), PRESENT, ["true"]),
  t('Bool present "false"', spell("Bool"), PRESENT, "false"),
  t("Bool present false (JSON)", spell("Bool"), PRESENT, false),
  t('Bool present ["true","false"]', spell("Bool"), PRESENT, ["true", "false"]),
  t('Bool present "yes"', spell("Bool"), PRESENT, "yes"),
  t('BoolIfExists present "true"', spell("BoolIfExists"), PRESENT, "true"),
  t("BoolIfExists present true (JSON)", spell("BoolIfExists"), PRESENT, true),
  t('BoolIfExists present "false"', spell("BoolIfExists"), PRESENT, "false"),
  t('NumericLessThan age "3600"', spell("NumericLessThan"), AGE, "3600"),
  t("NumericLessThan age 3600 (JSON)", spell("NumericLessThan"), AGE, 3600),
  t('NumericLessThan age "0"', spell("NumericLessThan"), AGE, "0"),
  t('NumericLessThan age "3600.5"', spell("NumericLessThan"), AGE, "3600.5"),
  t('NumericLessThan age "abc"', spell("NumericLessThan"), AGE, "abc"),
  t('NumericLessThanIfExists age "3600"', spell("NumericLessThanIfExists"), AGE, "3600"),
  t('NumericLessThanEquals age "300"', spell("NumericLessThanEquals"), AGE, "300"),
  t('NumericGreaterThan age "60"', spell("NumericGreaterThan"), AGE, "60"),
  t('NumericGreaterThanIfExists age "3600"', spell("NumericGreaterThanIfExists"), AGE, "3600"),
  t('Null present "false"', spell("Null"), PRESENT, "false"),
  t("Null present false (JSON)", spell("Null"), PRESENT, false),
  t('Null present "true"', spell("Null"), PRESENT, "true"),
  t('Null present "TRUE"', spell("Null"), PRESENT, "TRUE"),
  t('Null age "false"', spell("Null"), AGE, "false"),
  t('Null age "true"', spell("Null"), AGE, "true"),
  t('StringEquals present "true"', spell("StringEquals"), PRESENT, "true"),
  t('StringEquals present "TRUE"', spell("StringEquals"), PRESENT, "TRUE"),
  t('StringEquals present "false"', spell("StringEquals"), PRESENT, "false"),
  t('StringEqualsIfExists present "true"', spell("StringEqualsIfExists"), PRESENT, "true"),
  t('StringNotEquals present "false"', spell("StringNotEquals"), PRESENT, "false"),
  t('StringNotEquals present "true"', spell("StringNotEquals"), PRESENT, "true"),
  t('StringNotEquals present ["false","x"]', spell("StringNotEquals"), PRESENT, ["false", "x"]),
  t('StringNotEqualsIfExists present "false"', spell("StringNotEqualsIfExists"), PRESENT, "false"),
  t('StringNotEqualsIfExists present "true"', spell("StringNotEqualsIfExists"), PRESENT, "true"),
  t('StringEqualsIgnoreCase present "TRUE"', spell("StringEqualsIgnoreCase"), PRESENT, "TRUE"),
  t('StringLike present "t*"', spell("StringLike"), PRESENT, "t*"),
  t('ForAnyValue:StringEquals present "true"', ["ForAnyValue:StringEquals", "foranyvalue:stringequals"], PRESENT, "true"),
  t('ForAllValues:StringEquals present "true"', ["ForAllValues:StringEquals", "forallvalues:StringEquals"], PRESENT, "true"),
  t('ForAnyValue:StringNotEquals present "true"', ["ForAnyValue:StringNotEquals"], PRESENT, "true"),
  t('ForAllValues:StringNotEquals present "true"', ["ForAllValues:StringNotEquals"], PRESENT, "true"),
  t('Bool SecureTransport "true"', spell("Bool"), TLS, "true"),
  t('Bool SecureTransport "false"', spell("Bool"), TLS, "false"),
];

const PRINCIPAL_TESTS: TestPart[] = [
  t('ArnLike aws:PrincipalArn "…:role/ci-*"', spell("ArnLike"), ["aws:PrincipalArn", "AWS:principalarn"], `arn:aws:iam::${ACCOUNT}:role/ci-*`),
  t('ArnNotLike aws:PrincipalArn "…:role/*"', spell("ArnNotLike"), ["aws:PrincipalArn"], `arn:aws:iam::*:role/*`),
  t('StringLike aws:PrincipalArn "arn:aws:iam::*:user/*"', spell("StringLike"), ["aws:PrincipalArn"], "arn:aws:iam::*:user/*"),
  t('StringEquals aws:PrincipalType "AssumedRole"', spell("StringEquals"), ["aws:PrincipalType", "aws:principaltype"], "AssumedRole"),
  t('StringEquals aws:PrincipalType "User"', spell("StringEquals"), ["aws:PrincipalType"], "User"),
  t('StringNotEquals aws:PrincipalType "User"', spell("StringNotEquals"), ["aws:PrincipalType"], "User"),
  t('StringEquals aws:PrincipalAccount other', spell("StringEquals"), ["aws:PrincipalAccount"], OTHER_ACCOUNT, true),
  t('ArnEquals aws:PrincipalArn alice', spell("ArnEquals"), ["aws:PrincipalArn"], ALICE, true),
  t('StringEquals aws:username "zed"', spell("StringEquals"), ["aws:username"], "zed", true),
];

const UNMODELLED_TESTS: TestPart[] = [
  t('StringEquals aws:PrincipalTag/team "admins"', ["StringEquals"], ["aws:PrincipalTag/team"], "admins", true),
  t('StringNotEquals aws:PrincipalTag/team "guests"', ["StringNotEquals"], ["aws:PrincipalTag/team"], "guests", true),
  t('IpAddress aws:SourceIp "10.0.0.0/8"', ["IpAddress"], ["aws:SourceIp"], "10.0.0.0/8", true),
  t('StringEquals sts:ExternalId "x"', ["StringEquals"], ["sts:ExternalId"], "x", true),
];

/** A Condition block from tests; the same operator spelling merges into one block. */
function conditionOf(tests: { op: string; key: string; value: Json }[]): Obj | undefined {
  if (tests.length === 0) return undefined;
  const c: Record<string, Obj> = {};
  for (const { op, key, value } of tests) {
    c[op] ??= {};
    if (!(key in c[op])) c[op][key] = value;
  }
  return { Condition: c };
}

function spelled(rnd: (() => number) | undefined, test: TestPart): { op: string; key: string; value: Json } {
  return rnd ? { op: pick(rnd, test.operators), key: pick(rnd, test.keys), value: test.value } : { op: test.operators[0], key: test.keys[0], value: test.value };
}

const DENY_PRINCIPALS: Part<Obj>[] = [
  { label: "Principal *", value: { Principal: "*" } },
  { label: "AWS *", value: { Principal: { AWS: "*" } } },
  { label: "alice", value: { Principal: { AWS: ALICE } } },
  { label: "bob", value: { Principal: { AWS: BOB } } },
  { label: "the account root", value: { Principal: { AWS: ROOT } } },
  { label: "the account id", value: { Principal: { AWS: ACCOUNT } } },
  { label: "the other account", value: { Principal: { AWS: OTHER_ACCOUNT } } },
  { label: "NotPrincipal bob", value: { NotPrincipal: { AWS: BOB } } },
  { label: "NotPrincipal alice", value: { NotPrincipal: { AWS: [ALICE] } } },
  { label: "NotPrincipal bob and the account", value: { NotPrincipal: { AWS: [BOB, ROOT] } } },
  { label: "NotPrincipal the account", value: { NotPrincipal: { AWS: ROOT } } },
  { label: "NotPrincipal the other account", value: { NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } } },
];

const DENY_TRUST_ACTIONS: Part<Obj>[] = [
  { label: "sts:AssumeRole", value: { Action: "sts:AssumeRole" } },
  { label: "sts:*", value: { Action: "sts:*" } },
  { label: "*", value: { Action: "*" } },
  { label: "NotAction sts:TagSession", value: { NotAction: "sts:TagSession" } },
  { label: "sts:TagSession", value: { Action: "sts:TagSession" } },
];

const DENY_TRUST_TESTS: TestPart[] = [
  t('BoolIfExists present "false"', spell("BoolIfExists"), PRESENT, "false"),
  t('Bool present "false"', spell("Bool"), PRESENT, "false"),
  t("Bool present false (JSON)", spell("Bool"), PRESENT, false),
  t('Null present "true"', spell("Null"), PRESENT, "true"),
  t('Null age "true"', spell("Null"), AGE, "true"),
  t('NumericGreaterThanIfExists age "3600"', spell("NumericGreaterThanIfExists"), AGE, "3600"),
  t('StringNotEqualsIfExists present "true"', spell("StringNotEqualsIfExists"), PRESENT, "true"),
  t('StringEquals present "false"', spell("StringEquals"), PRESENT, "false"),
  t('Bool SecureTransport "false"', spell("Bool"), TLS, "false"),
  t('Bool present "true"', spell("Bool"), PRESENT, "true"),
  ...UNMODELLED_TESTS.slice(0, 2),
  ...PRINCIPAL_TESTS,
];

// ---------------------------------------------------------------------------------------------
// (a) Generated trusts
// ---------------------------------------------------------------------------------------------

interface TrustCase {
  label: string;
  trust: Obj;
  unmodelled: boolean;
}

function trustCase(allows: { principal: PrincipalPart; action: ActionPart; tests: TestPart[] }[], deny: { principal: Part<Obj>; action: Part<Obj>; tests: TestPart[] } | undefined, rnd?: () => number): TrustCase {
  const statements: Obj[] = allows.map((a) => ({ Effect: "Allow", ...a.principal.value, ...a.action.value, ...conditionOf(a.tests.map((x) => spelled(rnd, x))) }));
  if (deny) statements.push({ Effect: "Deny", ...deny.principal.value, ...deny.action.value, ...conditionOf(deny.tests.map((x) => spelled(rnd, x))) });
  const describe = (p: { principal: Part<Obj>; action: Part<Obj>; tests: TestPart[] }) => `${p.principal.label} / ${p.action.label}${p.tests.length ? ` / ${p.tests.map((x) => x.label).join(" & ")}` : ""}`;
  return {
    label: [...allows.map((a) => `Allow ${describe(a)}`), ...(deny ? [`Deny ${describe(deny)}`] : [])].join(" + "),
    trust: doc(...statements) as Obj,
    unmodelled: [...allows.flatMap((a) => a.tests), ...(deny?.tests ?? [])].some((x) => x.unmodelled),
  };
}

function generateTrusts(): TrustCase[] {
  const cases: TrustCase[] = [];
  const assume = ALLOW_ACTIONS[0];
  // Every principal with every single MFA test, canonical spelling.
  for (const principal of ALLOW_PRINCIPALS) {
    cases.push(trustCase([{ principal, action: assume, tests: [] }], undefined));
    for (const test of [...MFA_TESTS, ...PRINCIPAL_TESTS]) cases.push(trustCase([{ principal, action: assume, tests: [test] }], undefined));
  }
  // Every action form, unconditioned and with the recommended MFA condition.
  for (const action of ALLOW_ACTIONS) {
    cases.push(trustCase([{ principal: ALLOW_PRINCIPALS[2], action, tests: [] }], undefined));
    cases.push(trustCase([{ principal: ALLOW_PRINCIPALS[1], action, tests: [MFA_TESTS[0], MFA_TESTS[11]] }], undefined));
  }
  // Every Deny principal and action against an unconditioned Allow of the account, and every Deny condition.
  for (const principal of DENY_PRINCIPALS) {
    for (const action of DENY_TRUST_ACTIONS) cases.push(trustCase([{ principal: ALLOW_PRINCIPALS[1], action: assume, tests: [] }], { principal, action, tests: [DENY_TRUST_TESTS[0]] }));
    for (const test of DENY_TRUST_TESTS) cases.push(trustCase([{ principal: ALLOW_PRINCIPALS[2], action: assume, tests: [] }], { principal, action: DENY_TRUST_ACTIONS[0], tests: [test] }));
  }
  // Seeded random combinations, with random spellings of operators and keys.
  const rnd = prng(20240611);
  const randomTests = (pool: TestPart[], max: number) => {
    const n = Math.floor(rnd() * (max + 1));
    return Array.from({ length: n }, () => pick(rnd, pool));
  };
  for (let i = 0; i < 400; i++) {
    const allowCount = rnd() < 0.8 ? 1 : 2;
    const allows = Array.from({ length: allowCount }, () => ({
      principal: pick(rnd, ALLOW_PRINCIPALS),
      action: rnd() < 0.5 ? assume : pick(rnd, ALLOW_ACTIONS),
      tests: randomTests(rnd() < 0.1 ? [...MFA_TESTS, ...UNMODELLED_TESTS] : rnd() < 0.2 ? [...MFA_TESTS, ...PRINCIPAL_TESTS] : MFA_TESTS, 2),
    }));
    const deny = rnd() < 0.45 ? { principal: pick(rnd, DENY_PRINCIPALS), action: pick(rnd, DENY_TRUST_ACTIONS), tests: randomTests(DENY_TRUST_TESTS, 2) } : undefined;
    cases.push(trustCase(allows, deny, rnd));
  }
  return cases;
}

/** The first (person, context) the oracle lets in without MFA, if any. */
async function oracleLetsPersonIn(trust: Obj): Promise<{ person: string; context: CredentialContext } | undefined> {
  for (const person of PERSONS) {
    for (const context of NO_MFA) {
      if (await canAssume({ trust, roleArn: TARGET_ROLE, principalArn: person, context })) return { person, context };
    }
  }
  return undefined;
}

const TRUSTS = generateTrusts();

// ---------------------------------------------------------------------------------------------
// (b) Generated Deny statements (identity policies), modelled keys only
// ---------------------------------------------------------------------------------------------

const DENY_ACTIONS: Obj[] = [
  { Action: "s3:GetObject" },
  { Action: "S3:getobject" },
  { Action: "s3:Get*" },
  { Action: "s3:*" },
  { Action: "*" },
  { Action: ["s3:PutObject", "s3:DeleteObject"] },
  { Action: "iam:*" },
  { Action: "sts:AssumeRole" },
  { NotAction: ["s3:GetObject"] },
  { NotAction: "s3:*" },
  { NotAction: ["iam:*", "sts:*"] },
];

const DENY_RESOURCES: Obj[] = [
  { Resource: "*" },
  { Resource: "arn:aws:s3:::state/*" },
  { Resource: "arn:aws:s3:::state/key" },
  { Resource: ["arn:aws:s3:::other", "arn:aws:s3:::state/k?y"] },
  { Resource: "arn:aws:s3:::state*" },
  { Resource: "arn:aws:s3:::other/*" },
  { Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
  { Resource: "arn:aws:iam::*:*" },
  { NotResource: "arn:aws:s3:::state/*" },
  { NotResource: ["arn:aws:iam::*:role/*"] },
];

const DENY_TESTS: TestPart[] = [
  t('Bool present "false"', spell("Bool"), PRESENT, "false"),
  t('Bool present "true"', spell("Bool"), PRESENT, "true"),
  t("Bool present true (JSON)", spell("Bool"), PRESENT, true),
  t('BoolIfExists present "false"', spell("BoolIfExists"), PRESENT, "false"),
  t('Null present "true"', spell("Null"), PRESENT, "true"),
  t('Null present "false"', spell("Null"), PRESENT, "false"),
  t('Null age "true"', spell("Null"), AGE, "true"),
  t('NumericGreaterThan age "3600"', spell("NumericGreaterThan"), AGE, "3600"),
  t('NumericGreaterThan age "60"', spell("NumericGreaterThan"), AGE, "60"),
  t("NumericGreaterThan age 60 (JSON)", spell("NumericGreaterThan"), AGE, 60),
  t('NumericLessThan age "3600"', spell("NumericLessThan"), AGE, "3600"),
  t('NumericGreaterThanIfExists age "3600"', spell("NumericGreaterThanIfExists"), AGE, "3600"),
  t('NumericLessThanEquals age "300"', spell("NumericLessThanEquals"), AGE, "300"),
  t('StringEquals present "true"', spell("StringEquals"), PRESENT, "true"),
  t('StringEquals present "false"', spell("StringEquals"), PRESENT, "false"),
  t('StringNotEquals present "true"', spell("StringNotEquals"), PRESENT, "true"),
  t('StringNotEqualsIfExists present "false"', spell("StringNotEqualsIfExists"), PRESENT, "false"),
  t('ForAnyValue:StringEquals present "true"', ["ForAnyValue:StringEquals"], PRESENT, "true"),
  t('ForAllValues:StringNotEquals present "true"', ["ForAllValues:StringNotEquals"], PRESENT, "true"),
  t('Bool SecureTransport "false"', spell("Bool"), TLS, "false"),
  t('Bool SecureTransport "true"', spell("Bool"), TLS, "true"),
  t('BoolIfExists SecureTransport "false"', spell("BoolIfExists"), TLS, "false"),
];

const ACCESSES = [
  { action: "s3:GetObject", resource: "arn:aws:s3:::state/key" },
  { action: "s3:PutObject", resource: "arn:aws:s3:::state/key" },
  { action: "s3:GetObject", resource: "arn:aws:s3:::other/x" },
  { action: "sts:AssumeRole", resource: `arn:aws:iam::${ACCOUNT}:role/deploy` },
  { action: "iam:CreateUser", resource: `arn:aws:iam::${ACCOUNT}:user/x` },
];

function generateDenies(): Obj[] {
  const out: Obj[] = [];
  // Every action with every resource, unconditioned.
  for (const a of DENY_ACTIONS) for (const r of DENY_RESOURCES) out.push({ Effect: "Deny", ...a, ...r });
  // Every condition on the broadest and a narrow Deny.
  for (const test of DENY_TESTS) {
    out.push({ Effect: "Deny", Action: "*", Resource: "*", ...conditionOf([spelled(undefined, test)]) });
    out.push({ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::state/*", ...conditionOf([spelled(undefined, test)]) });
  }
  const rnd = prng(7);
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(rnd() * 3);
    const tests = Array.from({ length: n }, () => spelled(rnd, pick(rnd, DENY_TESTS)));
    out.push({ Effect: "Deny", ...(rnd() < 0.5 ? { Sid: `Gen${i}` } : {}), ...pick(rnd, DENY_ACTIONS), ...pick(rnd, DENY_RESOURCES), ...conditionOf(tests) });
  }
  return out;
}

const DENIES = generateDenies();

function statementOf(s: Obj) {
  const r = parsePolicyDocument(doc(s));
  assert.deepEqual(r.errors, [], `generated statement is valid: ${JSON.stringify(s)}`);
  return r.document!.statements[0];
}


// ---------------------------------------------------------------------------------------------
// (c) Generated resource policies: who may write?
// ---------------------------------------------------------------------------------------------

const STRANGER = `arn:aws:iam::${OTHER_ACCOUNT}:user/mallory`;
const ALLOW_ALL = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const PUBLIC_TARGETS = [
  { type: "aws:sqs/queuePolicy:QueuePolicy", resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`, write: "sqs:SendMessage", actions: ["sqs:SendMessage", "sqs:*", "sqs:ReceiveMessage", "*"] },
  { type: "aws:s3/bucketPolicy:BucketPolicy", resource: "arn:aws:s3:::uploads/key", resourceElement: "arn:aws:s3:::uploads/*", write: "s3:PutObject", actions: ["s3:PutObject", "s3:Put*", "s3:GetObject", "*"] },
];
const PUBLIC_PRINCIPALS: Obj[] = [{ Principal: "*" }, { Principal: { AWS: "*" } }, { Principal: { AWS: ROOT } }, { Principal: { AWS: `arn:aws:iam::333333333333:root` } }, { Principal: { Service: "sns.amazonaws.com" } }];
const PUBLIC_CONDITIONS: { value?: Obj; soundOnly?: boolean }[] = [
  {},
  { value: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
  { value: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } },
  { value: { ArnEquals: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${ACCOUNT}:events` } } },
  { value: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
  { value: { StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d" } } },
  { value: { Bool: { "aws:SecureTransport": "true" } } },
  // A wildcard organization narrows nothing (any organization's members match): the stranger has none, so only soundness is checked.
  { value: { StringLike: { "aws:PrincipalOrgID": "o-*" } }, soundOnly: true },
];
const PUBLIC_CASES = PUBLIC_TARGETS.flatMap((target) =>
  PUBLIC_PRINCIPALS.flatMap((principal) =>
    target.actions.flatMap((action) =>
      PUBLIC_CONDITIONS.map((c) => ({
        label: `${target.type} ${JSON.stringify(principal)} ${action} ${JSON.stringify(c.value ?? {})}`,
        target,
        soundOnly: c.soundOnly ?? false,
        policy: doc({ Effect: "Allow", ...principal, Action: action, Resource: target.resourceElement ?? target.resource, ...(c.value ? { Condition: c.value } : {}) }) as Obj,
      })),
    ),
  ),
);

// ---------------------------------------------------------------------------------------------
// (d) Generated identity statements: which IAM writes do they allow?
// ---------------------------------------------------------------------------------------------

const ROLE_PROBE = `arn:aws:iam::${ACCOUNT}:role/app-x`;
const GROUP_PROBE = `arn:aws:iam::${ACCOUNT}:group/admins`;
const POLICY_PROBE = `arn:aws:iam::${ACCOUNT}:policy/p`;
const PROBE_OF: Record<string, string[]> = { user: [ALICE, BOB], role: [ROLE_PROBE], group: [GROUP_PROBE], policy: [POLICY_PROBE] };
const WRITE_PROBES: Record<string, string[]> = Object.fromEntries(Object.entries(POLICY_WRITES).map(([a, glob]) => [a, PROBE_OF[/:(user|role|group|policy)\//.exec(glob)![1]]]));
const ESCALATION_ACTIONS_POOL = ["iam:AttachUserPolicy", "iam:Attach*", "iam:Put*Policy", "iam:*", "iam:CreateAccessKey", "iam:*LoginProfile", "iam:Get*", "iam:List*", "iam:CreatePolicyVersion", "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy", "s3:*", "iam:Delete*PermissionsBoundary"];
const ESCALATION_RESOURCES = ["*", "arn:aws:iam::*:user/${aws:username}", `arn:aws:iam::${ACCOUNT}:user/*`, `arn:aws:iam::${ACCOUNT}:role/app-*`, GROUP_PROBE, `arn:aws:iam::${ACCOUNT}:policy/*`, "arn:aws:s3:::bucket/*"];
const ESCALATION_CASES: Obj[] = ESCALATION_ACTIONS_POOL.flatMap((a) => ESCALATION_RESOURCES.map((r) => ({ Effect: "Allow", Action: a, Resource: r })));

// ---------------------------------------------------------------------------------------------

describe("differential: the pack against the IAM evaluation engine", function () {
  this.timeout(120_000);

  describe("(c) iam-resource-policy-no-public-write on generated resource policies", function () {
    it(`reports a public write exactly when the oracle lets a stranger (another account, no organization) write, on ${PUBLIC_CASES.length} policies`, async function () {
      const disagreements: string[] = [];
      let reported = 0;
      for (const c of PUBLIC_CASES) {
        const messages = await violationsOf(resourcePolicyNoPublicWrite, { type: c.target.type, name: "res", props: { policy: JSON.stringify(c.policy) } });
        const pack = messages.length > 0;
        if (pack) reported++;
        const oracle = await isAllowed({ policies: [ALLOW_ALL], principalArn: STRANGER, action: c.target.write, resource: c.target.resource, context: "accessKeys", resourcePolicy: c.policy, resourceAccountId: ACCOUNT });
        if (c.soundOnly ? oracle && !pack : oracle !== pack) disagreements.push(`${c.label}: oracle ${oracle ? "lets a stranger write" : "refuses a stranger"}, pack ${pack ? messages[0] : "reports nothing"}`);
      }
      console.log(`      public: ${PUBLIC_CASES.length} resource policies, ${reported} reported`);
      assert.deepEqual(disagreements, []);
    });
  });

  describe("(d) iam-no-privilege-escalation on generated identity statements", function () {
    it(`reports IAM writes (ESC001/ESC002) and credentials of others (ESC003) exactly when the oracle allows one on an identity it reaches, on ${ESCALATION_CASES.length} statements`, async function () {
      const disagreements: string[] = [];
      let reported = 0;
      for (const statement of ESCALATION_CASES) {
        const messages = await violationsOf(noPrivilegeEscalation, { type: "aws:iam/policy:Policy", name: "p", props: { policy: JSON.stringify(doc(statement)) } });
        const codes = new Set(messages.map((m) => /\[(ESC\d{3}) at/.exec(m)?.[1]));
        if (messages.length > 0) reported++;
        const writes = { self: false, others: false };
        for (const [action, probes] of Object.entries(WRITE_PROBES)) {
          for (const probe of probes) {
            if (await isAllowed({ policies: [doc(statement)], principalArn: ALICE, action, resource: probe, context: "mfa" })) writes[probe === ALICE ? "self" : "others"] = true;
          }
        }
        let takeover = false;
        for (const action of CREDENTIAL_WRITES) if (await isAllowed({ policies: [doc(statement)], principalArn: ALICE, action, resource: BOB, context: "mfa" })) takeover = true;
        const expected = writes.others ? "ESC001" : writes.self ? "ESC002" : undefined;
        const got = codes.has("ESC001") ? "ESC001" : codes.has("ESC002") ? "ESC002" : undefined;
        if (expected !== got) disagreements.push(`${JSON.stringify(statement)}: oracle ${expected ?? "no IAM write"}, pack ${got ?? "none"}`);
        if (takeover !== codes.has("ESC003")) disagreements.push(`${JSON.stringify(statement)}: oracle ${takeover ? "allows" : "refuses"} credentials of another user, pack ${codes.has("ESC003")}`);
      }
      console.log(`      escalation: ${ESCALATION_CASES.length} statements, ${reported} reported`);
      assert.deepEqual(disagreements, []);
    });
  });

  describe("(a) iam-role-trust-requires-mfa on generated trusts", function () {
    it(`reports a person principal exactly when the oracle lets a person in without MFA, on all ${TRUSTS.length} generated trusts`, async function () {
      const disagreements: string[] = [];
      let compared = 0;
      let flagged = 0;
      let soundOnly = 0;
      let rolePrincipals = 0;
      for (const c of TRUSTS) {
        const messages = await violationsOf(roleTrustRequiresMfa, role(c.trust));
        const personMessages = messages;
        if (c.label.includes("a role")) rolePrincipals++;
        const roleReported = messages.filter((m) => m.includes(`lets ${CI_ROLE} `));
        if (roleReported.length > 0) disagreements.push(`${c.label}: a role principal reported as a person ${roleReported[0]}`);
        const oracle = await oracleLetsPersonIn(c.trust);
        const pack = personMessages.length > 0;
        if (pack) flagged++;
        if (c.unmodelled) {
          soundOnly++;
          if (oracle && !pack) disagreements.push(`${c.label}: the oracle lets ${oracle.person} in with ${oracle.context}, the pack reports nothing (unmodelled key)\n  ${JSON.stringify(c.trust)}`);
          continue;
        }
        compared++;
        if (Boolean(oracle) !== pack) {
          disagreements.push(
            `${c.label}: oracle ${oracle ? `lets ${oracle.person} in with ${oracle.context}` : "lets no person in without MFA"}, pack ${pack ? `reports ${JSON.stringify(personMessages)}` : "reports nothing"}\n  ${JSON.stringify(c.trust)}`,
          );
        }
      }
      console.log(`      trusts: ${TRUSTS.length} generated, ${compared} compared exactly, ${soundOnly} with unmodelled keys checked for soundness, ${rolePrincipals} naming a role, ${flagged} reported`);
      assert.deepEqual(disagreements, [], `${disagreements.length} disagreement(s) out of ${TRUSTS.length} trusts`);
    });
  });

  describe("(b) denyBlocks on generated Deny statements", function () {
    const comparisons = DENIES.length * ACCESSES.length;
    it(`agrees with the oracle's explicit deny in the mfa context on ${DENIES.length} Deny statements x ${ACCESSES.length} accesses (${comparisons} comparisons)`, async function () {
      const disagreements: string[] = [];
      let blocked = 0;
      for (const s of DENIES) {
        const statement = statementOf(s);
        for (const access of ACCESSES) {
          const pack = denyBlocks(statement, access);
          const oracle = await isExplicitlyDenied({ policies: [doc(s)], principalArn: ALICE, action: access.action, resource: access.resource, context: "mfa" });
          if (oracle) blocked++;
          if (pack !== oracle) disagreements.push(`${access.action} on ${access.resource}: oracle ${oracle ? "denies" : "does not deny"}, denyBlocks says ${pack}\n  ${JSON.stringify(s)}`);
        }
      }
      console.log(`      denies: ${comparisons} comparisons, ${blocked} explicitly denied`);
      assert.deepEqual(disagreements, [], `${disagreements.length} disagreement(s) out of ${comparisons}`);
    });

    it(`has iam-deny-not-overly-broad report an access that must remain allowed exactly when denyBlocks does, on ${DENIES.length} Deny statements`, async function () {
      const disagreements: string[] = [];
      for (const [i, s] of DENIES.entries()) {
        const access = ACCESSES[i % ACCESSES.length];
        const messages = await violationsOf(denyNotOverlyBroad, { type: "aws:iam/userPolicy:UserPolicy", name: "p", props: { user: "alice", policy: JSON.stringify(doc(s)) } }, { mustRemainAllowed: [access] });
        const reported = messages.some((m) => m.includes(`blocks ${access.action} on ${access.resource}`));
        if (reported !== denyBlocks(statementOf(s), access)) disagreements.push(`${JSON.stringify(s)} / ${access.action}: policy ${reported}`);
      }
      assert.deepEqual(disagreements, []);
    });
  });

  describe("rule 3 on the unconditioned Deny *", function () {
    const denyAll = { Effect: "Deny", Action: "*", Resource: "*" };
    const stateRead = { action: "s3:GetObject", resource: "arn:aws:s3:::state/key" };

    for (const context of CREDENTIAL_CONTEXTS) {
      it(`blocks s3:GetObject on the state bucket per the oracle with ${context}`, async function () {
        assert.equal(await isExplicitlyDenied({ policies: [doc(denyAll)], principalArn: ALICE, ...stateRead, context }), true);
      });
    }

    it("is a blocking Deny for denyBlocks", function () {
      assert.equal(denyBlocks(statementOf(denyAll), stateRead), true);
    });

    const holders = [
      { type: "aws:iam/policy:Policy", field: "policy", statement: denyAll },
      { type: "aws:iam/userPolicy:UserPolicy", field: "policy", statement: denyAll },
      { type: "aws:s3/bucketPolicy:BucketPolicy", field: "policy", statement: { ...denyAll, Principal: "*" } },
      { type: "aws:organizations/policy:Policy", field: "content", statement: denyAll },
    ];
    for (const h of holders) {
      it(`is reported by iam-deny-not-overly-broad as broad and as blocking the state bucket in ${h.type}`, async function () {
        const resource = { type: h.type, name: "deny-all", props: { [h.field]: JSON.stringify(doc(h.statement)) } };
        // A managed policy's holders are decided over the stack; attached to nothing here, whoever gets it is locked out.
        const messages =
          h.type === "aws:iam/policy:Policy"
            ? (await stackViolationsOf(denyNotOverlyBroad, [resource], { mustRemainAllowed: [stateRead] })).map((f) => f.message)
            : await violationsOf(denyNotOverlyBroad, resource, { mustRemainAllowed: [stateRead] });
        assert.ok(messages.some((m) => m.includes("denies * on every resource, unconditionally")), JSON.stringify(messages));
        assert.ok(messages.some((m) => m.includes("blocks s3:GetObject on arn:aws:s3:::state/key")), JSON.stringify(messages));
      });
    }
  });
});
