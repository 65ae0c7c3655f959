/**
 * Does a role's trust let a person assume it without MFA? Decided by evaluating the trust's
 * Allow and Deny statements together in the credential contexts without MFA (long-term access
 * keys, temporary credentials without MFA). Unknown condition keys lean towards access for an
 * Allow and towards not applying for a Deny, so a finding is never missed for want of a key.
 */
import { CredentialContextName, credentialContext, evaluateConditions, RequestContext } from "./conditions";
import { awsPrincipalsOf, NormalDocument, NormalStatement, statementCoversAction } from "./parse";
import { isRoleSession, principalKind, PrincipalKind } from "./principals";
import { wildcardMatch } from "./wildcard";

export const ASSUME_ROLE = "sts:AssumeRole";
export type NoMfaContext = Exclude<CredentialContextName, "mfa">;
export const NO_MFA_CONTEXTS: NoMfaContext[] = ["accessKeys", "temporaryNoMfa"];

export interface MfaFinding {
  statement: NormalStatement;
  principal: string;
  kind: PrincipalKind;
  /** The context that gets in, or "role-chaining" for a role session principal. */
  context: NoMfaContext | "role-chaining";
}

export interface TrustMfaOptions {
  /** ARN patterns of principals allowed in without MFA (CI/automation roles). */
  allowedPrincipals?: string[];
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
  if (principal === "*" || principalKind(listed) !== "account") return false;
  const account = accountOfPrincipal(principal);
  return account !== undefined && account === accountOfPrincipal(listed);
}

/**
 * Could the entry `listed` of a Deny's NotPrincipal match some request of `principal`? Then the
 * Deny may spare it. A request matches its own ARN and its account, so a NotPrincipal naming the
 * account spares its users, and one naming a user spares part of that user's account. Forms not
 * understood (unique ids, an unknown account) may match.
 */
function entryMayMatch(listed: string, principal: string): boolean {
  if (listed === "*" || principal === "*" || listed === principal) return true;
  const a = accountOfPrincipal(listed);
  const b = accountOfPrincipal(principal);
  if (a === undefined || b === undefined) return true;
  if (a !== b) return false;
  return principalKind(listed) === "account" || principalKind(principal) === "account";
}

/** Does a Deny statement certainly refuse this principal in this context? */
function denies(d: NormalStatement, principal: string, ctx: RequestContext): boolean {
  if (d.effect !== "Deny" || !statementCoversAction(d, ASSUME_ROLE)) return false;
  const coversPrincipal = d.principal
    ? d.principal.everyone || d.principal.aws.some((p) => entryCovers(p, principal))
    : d.notPrincipal
      ? !d.notPrincipal.everyone && !d.notPrincipal.aws.some((p) => entryMayMatch(p, principal))
      : false;
  return coversPrincipal && evaluateConditions(d, ctx) === "true";
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

export function mfaFindings(doc: NormalDocument, options: TrustMfaOptions = {}): MfaFinding[] {
  const findings: MfaFinding[] = [];
  const allowed = (p: string) => (options.allowedPrincipals ?? []).some((pattern) => wildcardMatch(pattern, p));
  for (const s of doc.statements) {
    if (s.effect !== "Allow" || !statementCoversAction(s, ASSUME_ROLE)) continue;
    for (const principal of awsPrincipalsOf(s)) {
      if (allowed(principal)) continue;
      const kind = principalKind(principal);
      if (isRoleSession(kind)) {
        findings.push({ statement: s, principal, kind, context: "role-chaining" });
        continue;
      }
      for (const context of NO_MFA_CONTEXTS) {
        const ctx = credentialContext(context);
        if (evaluateConditions(s, ctx) === "false") continue;
        if (doc.statements.some((d) => denies(d, principal, ctx))) continue;
        findings.push({ statement: s, principal, kind, context });
        break;
      }
    }
  }
  return findings;
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
