/**
 * Does a role's trust let a person assume it without MFA? People are IAM users: named, through
 * their account, or through `*`. Roles (Identity Center's included), sessions, services and web
 * identities are not. Decided by evaluating the trust's Allow and Deny statements together in the
 * credential contexts without MFA (long-term access keys, temporary credentials without MFA), with
 * the principal keys (aws:PrincipalArn, aws:PrincipalType, ...) decided for the class of people a
 * principal admits. Other unknown keys lean towards access for an Allow and towards not applying
 * for a Deny, so a finding is never missed for want of a key.
 */
import { CredentialContextName, credentialContext, evaluateConditions, RequestContext, requiresStringMatch } from "./conditions";
import { awsPrincipalsOf, ConditionTest, NormalDocument, NormalStatement, statementCoversAction } from "./parse";
import { evaluateForPerson, PersonClass, personClassOf, principalKind, PrincipalKind } from "./principals";
import { wildcardMatch } from "./wildcard";

export const ASSUME_ROLE = "sts:AssumeRole";
export type NoMfaContext = Exclude<CredentialContextName, "mfa">;
export const NO_MFA_CONTEXTS: NoMfaContext[] = ["accessKeys", "temporaryNoMfa"];

export interface MfaFinding {
  statement: NormalStatement;
  principal: string;
  kind: PrincipalKind;
  /** The context that gets in. */
  context: NoMfaContext;
}

export interface TrustMfaOptions {
  /** ARN patterns of principals allowed in without MFA (CI/automation roles). */
  allowedPrincipals?: string[];
  /** The role's own account, when known: an account principal of it is never the third-party pattern. */
  ownAccount?: string;
}

/** The 12-digit account of an account principal (`111111111111`, `arn:aws:iam::111111111111:root`) or of an IAM/STS ARN. */
function accountOfPrincipal(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1];
}

/**
 * Does the entry `listed` of a Deny's Principal match every request of `principal` (an Allow's
 * principal: `*`, an account, a user)? An account entry matches the account's own users and the
 * account however it is written (IAM matches a request against its account too).
 */
function entryCovers(listed: string, principal: string): boolean {
  if (listed === "*" || listed === principal) return true;
  // An account entry always has an account; `*` (and forms not understood) have none.
  return principalKind(listed) === "account" && accountOfPrincipal(principal) === accountOfPrincipal(listed);
}

/**
 * Could the entry `listed` of a Deny's NotPrincipal match some request of `principal`? Then the
 * Deny may spare it. A request matches its own ARN and its account, so a NotPrincipal naming the
 * account spares its users, and one naming a user spares part of that user's account. Forms not
 * understood (unique ids, an unknown account) may match.
 */
function entryMayMatch(listed: string, principal: string): boolean {
  if (listed === principal) return true;
  // `*` has no account: it may match anything.
  const a = accountOfPrincipal(listed);
  const b = accountOfPrincipal(principal);
  if (a === undefined || b === undefined) return true;
  if (a !== b) return false;
  return principalKind(listed) === "account" || principalKind(principal) === "account";
}

/** Is this a Deny of `sts:AssumeRole` whose `Principal` certainly names, or `NotPrincipal` certainly spares not, the principal? */
function denyNamesPrincipal(d: NormalStatement, principal: string): boolean {
  if (d.effect !== "Deny" || !statementCoversAction(d, ASSUME_ROLE)) return false;
  if (d.principal) return d.principal.everyone || d.principal.aws.some((p) => entryCovers(p, principal));
  if (d.notPrincipal) return !d.notPrincipal.everyone && !d.notPrincipal.aws.some((p) => entryMayMatch(p, principal));
  return false;
}

/** Does a Deny statement certainly refuse this principal in this context? */
function denies(d: NormalStatement, principal: string, ctx: RequestContext): boolean {
  return denyNamesPrincipal(d, principal) && evaluateConditions(d, ctx) === "true";
}

/** Can `principal` get through the trust in `context`? (`true` also when it depends on unknown keys.) */
export function trustAdmits(
  doc: NormalDocument,
  principal: string,
  context: CredentialContextName,
  options: { mfaAgeSeconds?: number; principalAccountUnknown?: boolean; principalArnKnown?: boolean } = {},
): NormalStatement | undefined {
  const base = credentialContext(context, options.mfaAgeSeconds);
  // With the caller's ARN known, `aws:PrincipalArn` conditions are decided instead of left unknown.
  const ctx = options.principalArnKnown ? new Map([...base, ["aws:principalarn", [principal]]]) : base;
  if (doc.statements.some((d) => denies(d, principal, ctx))) return undefined;
  return doc.statements.find(
    (s) =>
      s.effect === "Allow" &&
      statementCoversAction(s, ASSUME_ROLE) &&
      awsPrincipalsOf(s).some((p) => p === "*" || p === principal || sameAccountRoot(p, principal, options.principalAccountUnknown)) &&
      evaluateConditions(s, ctx) !== "false",
  );
}

/** An account principal admits that account's users; when the user's account is not known yet, assume it may. */
function sameAccountRoot(trusted: string, principal: string, principalAccountUnknown = false): boolean {
  const kind = principalKind(trusted);
  if (kind !== "account") return false;
  if (principalAccountUnknown) return true;
  const account = trusted.match(/\d{12}/)![0];
  return principal.split(":")[4] === account;
}

/** Does a Deny statement certainly refuse every request of these people in this context? */
function deniesPeople(d: NormalStatement, principal: string, person: PersonClass, ctx: RequestContext): boolean {
  return denyNamesPrincipal(d, principal) && evaluateForPerson(d, ctx, person) === "true";
}

/**
 * The third-party pattern (AWS's "access to AWS accounts owned by third parties"): another
 * account's root, required to pass an `sts:ExternalId`. Its users are the vendor's, not people
 * of this organisation; `iam-role-trust-external-id` checks it instead.
 */
export function isThirdPartyGrant(s: NormalStatement, principal: string, ownAccount?: string): boolean {
  if (principalKind(principal) !== "account") return false;
  const account = /\d{12}/.exec(principal)![0];
  if (account === ownAccount) return false;
  return externalIdTests(s).length > 0;
}

/** The tests of a statement that require an `sts:ExternalId` (StringEquals/StringLike, not IfExists). */
export function externalIdTests(s: NormalStatement): ConditionTest[] {
  return s.conditions.filter((c) => c.key === "sts:externalid" && requiresStringMatch(c) && c.values.length > 0);
}

export function mfaFindings(doc: NormalDocument, options: TrustMfaOptions = {}): MfaFinding[] {
  const findings: MfaFinding[] = [];
  const allowed = (p: string) => options.allowedPrincipals?.some((pattern) => wildcardMatch(pattern, p)) ?? false;
  for (const s of doc.statements) {
    if (s.effect !== "Allow" || !statementCoversAction(s, ASSUME_ROLE)) continue;
    for (const principal of awsPrincipalsOf(s)) {
      if (allowed(principal)) continue;
      const person = personClassOf(principal);
      if (!person || isThirdPartyGrant(s, principal, options.ownAccount)) continue;
      for (const context of NO_MFA_CONTEXTS) {
        const ctx = credentialContext(context);
        if (evaluateForPerson(s, ctx, person) === "false") continue;
        if (doc.statements.some((d) => deniesPeople(d, principal, person, ctx))) continue;
        findings.push({ statement: s, principal, kind: principalKind(principal), context });
        break;
      }
    }
  }
  return findings;
}

/**
 * Could a person sign in to this role at all, with or without MFA? People are IAM users (through
 * a user, account or `*` principal, not the third-party pattern), role principals (which may carry
 * people: Identity Center roles, chained sessions) and SAML federation. A trust of services and
 * web identities only is a workload's.
 */
export function trustAdmitsPeople(doc: NormalDocument, ownAccount?: string): boolean {
  for (const s of doc.statements) {
    if (s.effect !== "Allow") continue;
    if (s.principal?.federated.some((f) => /:saml-provider\//.test(f)) && statementCoversAction(s, "sts:AssumeRoleWithSAML")) return true;
    if (!statementCoversAction(s, ASSUME_ROLE)) continue;
    for (const principal of awsPrincipalsOf(s)) {
      const person = personClassOf(principal);
      if (!person) {
        if (principalKind(principal) !== "federated-user") return true;
        continue;
      }
      if (isThirdPartyGrant(s, principal, ownAccount)) continue;
      for (const context of [...NO_MFA_CONTEXTS, "mfa"] as const) {
        const ctx = credentialContext(context);
        if (evaluateForPerson(s, ctx, person) !== "false" && !doc.statements.some((d) => deniesPeople(d, principal, person, ctx))) return true;
      }
    }
  }
  return false;
}

/** The `NumericLessThan(Equals) aws:MultiFactorAuthAge` bound of the trust's Allow statements, if all have one. */
export function mfaMaxAgeOf(doc: NormalDocument): number | undefined {
  let max: number | undefined;
  for (const s of doc.statements.filter((x) => x.effect === "Allow" && statementCoversAction(x, ASSUME_ROLE))) {
    // Tests on the key are ANDed (the tightest wins); the values of one test are ORed (the largest wins).
    const bounds = s.conditions
      .filter((c) => c.key === "aws:multifactorauthage" && /^numericlessthan(equals)?$/.test(c.base))
      .map((c) => Math.max(...c.values.map(Number).filter(Number.isFinite)))
      .filter(Number.isFinite);
    if (bounds.length === 0) return undefined;
    max = Math.max(max ?? 0, Math.min(...bounds));
  }
  return max;
}
