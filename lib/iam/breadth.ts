/**
 * How much a statement grants or refuses: the breadth of a Deny (does it lock people out of
 * unrelated work?) and whether an Allow is admin-equivalent.
 */
import { coversWholeService, isAllActions } from "./catalog";
import { arnParts } from "./arn";
import { credentialContext, evaluateConditions, evaluateTest, RequestContext } from "./conditions";
import { ConditionTest, NormalStatement, statementCoversAction } from "./parse";
import { globContains } from "./principals";
import { hasWildcard, wildcardMatch } from "./wildcard";

/**
 * Does the statement apply to every resource? `*`, `arn:*`, and every resource of a partition
 * (`arn:aws:*`, `arn:aws-us-gov:*:*:*:*`): an account's resources are all in its own partition.
 */
export function appliesToAllResources(s: NormalStatement): boolean {
  // NotResource (every resource but a few) and no Resource element at all count as every resource.
  return (s.resource ?? ["*"]).some((r) => r === "*" || r === "arn:*" || /^arn:(\*|aws[a-z-]*)(:\*)+$/.test(r));
}

/** A pattern that is `*` or a whole service (`s3:*`, `s*:*`). */
export function isBroadActionPattern(pattern: string): boolean {
  return isAllActions(pattern) || /^[^:]+:\*$/.test(pattern);
}

/**
 * `aws:` keys that scope a Deny to a kind of request rather than to everything: who (principal,
 * MFA), how (TLS, via a service), where (network, region), what (tags, accounts), when (time).
 * Any other `aws:` key (`aws:UserAgent`, a misspelling) is not read as scoping.
 */
const SCOPING_AWS_KEYS = [
  /^aws:multifactorauth/,
  /^aws:principal/,
  /^aws:source/,
  /^aws:requestedregion$/,
  /^aws:securetransport$/,
  /^aws:calledvia/,
  /^aws:viaawsservice$/,
  /^aws:userid$/,
  /^aws:username$/,
  /^aws:resourcetag\//,
  /^aws:requesttag\//,
  /^aws:tagkeys$/,
  /^aws:resource(account|orgid|orgpaths)$/,
  /^aws:(currenttime|epochtime|tokenissuetime)$/,
  /^aws:federatedprovider$/,
];

/** Every person's `aws:PrincipalArn`: an IAM user's or a role's (a role session's is its role's), in any partition and account. */
const EVERY_CALLER = ["arn:*:iam::*:user/*", "arn:*:iam::*:role/*"];

/**
 * Does a value of a positive match on `aws:PrincipalArn` match every caller? `StringLike "arn:*"`
 * does; the ARN operators compare the six parts one by one, so `arn:*:iam::*:*` does and `*`
 * alone is not read here (it has no parts).
 */
function matchesEveryCaller(value: string, arnOperator: boolean): boolean {
  return EVERY_CALLER.every((arn) => {
    if (!arnOperator) return globContains(value, arn);
    const pattern = arnParts(value);
    const parts = arnParts(arn)!;
    return pattern !== undefined && pattern.every((part, i) => globContains(part, parts[i]));
  });
}

/**
 * Could a value, compared as text (`StringNotEquals`), be some caller's `aws:PrincipalArn`? Not
 * when it is no ARN (an account id), nor when its name (after the last `/`) holds a `*` or `?`,
 * which IAM names cannot: `StringNotEquals` takes them as characters.
 */
function mayBeCallerArn(value: string): boolean {
  return arnParts(value.toLowerCase())?.[0] === "arn" && !hasWildcard(value.slice(value.lastIndexOf("/") + 1));
}

function isTriviallyTrue(test: ConditionTest): boolean {
  // `StringLike key "*"` matches any value, and the values of a test are ORed: one `*` among
  // them (`["arn:aws:iam::111111111111:role/x", "*"]`) matches every caller and narrows nothing.
  if ((test.base === "stringlike" || test.base === "arnlike") && test.values.some((v) => /^\*+$/.test(v))) return true;
  if (test.key !== "aws:principalarn") return false;
  // So does a pattern every caller's ARN matches (`StringLike aws:PrincipalArn "arn:*"`), and a
  // `StringNotEquals` whose values no caller's ARN can equal (`role/x-*`: that is StringNotLike).
  if (/^(stringlike|arnlike|arnequals)$/.test(test.base)) return test.values.some((v) => matchesEveryCaller(v, test.base !== "stringlike"));
  return /^stringnotequals(ignorecase)?$/.test(test.base) && !test.values.some(mayBeCallerArn);
}

export function isScopingTest(test: ConditionTest): boolean {
  if (isTriviallyTrue(test)) return false;
  if (test.key.startsWith("aws:")) return SCOPING_AWS_KEYS.some((re) => re.test(test.key));
  // A service key (`s3:prefix`) is in the requests of its own service only: the test scopes the
  // Deny when it is false without the key (`StringEquals`), not when a request of any other
  // service passes it (`StringNotEquals`, `...IfExists`, `Null true`).
  return test.key.includes(":") && evaluateTest(test, new Map([[test.key, null]])) === "false";
}

export interface BroadDeny {
  statement: NormalStatement;
  /** What makes it broad, for the message. */
  why: string;
  /** The service whose every resource it covers (`s3` for `arn:aws:s3:::*`); undefined: every resource of every service. */
  service?: string;
}

/**
 * The service a Resource pattern covers whole: `arn:aws:s3:::*`, `arn:*:dynamodb:*:*:*`,
 * `arn:aws:sqs:*:111111111111:*` (every region, every account or one, every resource of the
 * service). A region named (`eu-west-1`) or a resource type (`table/*`) is a part of it.
 */
function wholeServiceOf(resource: string): string | undefined {
  const parts = arnParts(resource);
  if (parts === undefined) return undefined;
  const [, , service, region, account, rest] = parts;
  const any = (part: string) => /^\*+$/.test(part);
  if (hasWildcard(service) || !(region === "" || any(region)) || !(account === "" || any(account) || /^\d{12}$/.test(account)) || !any(rest)) return undefined;
  return service;
}

/** An overly broad Deny: all actions or a whole service (or a NotAction list) on every resource, or on every resource of the service, with no scoping condition. */
export function broadDeny(s: NormalStatement): BroadDeny | undefined {
  if (s.effect !== "Deny" || s.conditions.some(isScopingTest)) return undefined;
  if (appliesToAllResources(s)) {
    if (s.notAction) return { statement: s, why: `denies every action except ${s.notAction.join(", ")} on every resource, unconditionally` };
    const broad = s.action?.filter(isBroadActionPattern) ?? [];
    if (broad.length === 0) return undefined;
    return { statement: s, why: `denies ${broad.join(", ")} on every resource, unconditionally` };
  }
  // `s3:*` (or `*`) on `arn:aws:s3:::*`: every action of the service on all it has.
  // Past `appliesToAllResources`, the statement has a Resource element (none means every resource).
  for (const r of s.resource!) {
    const service = wholeServiceOf(r);
    if (service === undefined) continue;
    const broad = s.action?.filter((p) => isBroadActionPattern(p) && wildcardMatch(p.split(":")[0].toLowerCase(), service.toLowerCase())) ?? [];
    if (broad.length > 0) return { statement: s, why: `denies ${broad.join(", ")} on every ${service} resource (${r}), unconditionally`, service };
  }
  return undefined;
}

export interface RequiredAccess {
  action: string;
  resource: string;
}

/** The context deployers and people work in: MFA, TLS. */
const WORKING_CONTEXT: RequestContext = credentialContext("mfa");

/** Would this Deny refuse `access` to someone working with MFA and TLS? (Unknown keys: assume it may.) */
export function denyBlocks(s: NormalStatement, access: RequiredAccess): boolean {
  if (s.effect !== "Deny" || !statementCoversAction(s, access.action)) return false;
  const resourceOverlaps = s.resource
    ? s.resource.some((r) => wildcardMatch(r, access.resource) || wildcardMatch(access.resource, r))
    : s.notResource
      ? !s.notResource.some((r) => wildcardMatch(r, access.resource))
      : true;
  return resourceOverlaps && evaluateConditions(s, WORKING_CONTEXT) !== "false";
}

/** IAM actions that let a principal raise its own permissions or take over other identities. */
export const ESCALATION_ACTIONS = [
  "iam:AddUserToGroup",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:CreatePolicyVersion",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateLoginProfile",
] as const;

/**
 * Escalation actions that raise the caller's own permissions when granted on the caller's own user
 * (`arn:aws:iam::*:user/${aws:username}`): attaching or writing a policy to oneself, or dropping
 * one's own permissions boundary. The others (access keys, password) only manage one's own credentials.
 */
const SELF_ESCALATION_ACTIONS = ["iam:AttachUserPolicy", "iam:DeleteUserPermissionsBoundary", "iam:PutUserPolicy"];

/** Identities that stand for "some other identity": a statement scoped to one's own user does not reach them. */
const OTHER_IDENTITIES = ["user/someone-else", "role/some-role", "group/some-group", "policy/some-policy"];

/** Does a Resource pattern reach some other identity of its own partition and account? */
function reachesOtherIdentities(resource: string): boolean {
  const parts = resource.split(":");
  return OTHER_IDENTITIES.some((name) => wildcardMatch(resource, `arn:${parts[1]}:iam::${parts[4]}:${name}`));
}

export interface AdminGrant {
  statement: NormalStatement;
  why: string;
  /** The entry of Action that grants it (for the finding's JSON path); none for NotAction. */
  pattern?: string;
}

/** The first of the statement's Action entries that covers `action`. */
function patternCovering(s: NormalStatement, patterns: readonly string[], action: string): string | undefined {
  return patterns.find((p) => statementCoversAction({ ...s, action: [p], notAction: undefined }, action));
}

/** Is an Allow statement admin-equivalent? Whether it covers all of IAM is read from the action catalog. */
export async function adminGrant(s: NormalStatement): Promise<AdminGrant | undefined> {
  if (s.effect !== "Allow") return undefined;
  const allResources = appliesToAllResources(s);
  if (allResources && s.notAction) return { statement: s, why: `allows every action except ${s.notAction.join(", ")} on "*" (NotAction)` };
  const patterns = s.action ?? [];
  if (allResources && patterns.some(isAllActions)) return { statement: s, why: 'allows "*" on "*"', pattern: patterns.find(isAllActions) };
  if (allResources && (await coversWholeService(patterns, "iam"))) {
    return { statement: s, why: `allows every IAM action (${patterns.join(", ")}) on "*"`, pattern: patternCovering(s, patterns, "iam:CreateUser") };
  }
  // Past `allResources`, the statement has a Resource element (none means every resource).
  const reachesOthers = allResources || s.resource!.some(reachesOtherIdentities);
  const reachesUsers = reachesOthers || s.resource!.some((r) => /^arn:[^:]*:iam::[^:]*:user\//.test(r));
  const escalation = ESCALATION_ACTIONS.filter((a) => (reachesOthers || (reachesUsers && SELF_ESCALATION_ACTIONS.includes(a))) && statementCoversAction(s, a));
  if (escalation.length === 0) return undefined;
  const whose = reachesOthers ? "beyond the user's own identity" : "on the user's own identity";
  return { statement: s, why: `allows privilege escalation (${escalation.join(", ")}) ${whose}`, pattern: patternCovering(s, patterns, escalation[0]) };
}
