/**
 * Test-only oracle: what does an IAM document *mean*?
 *
 * A thin, typed wrapper around the AGPL IAM evaluation engine
 * `@cloud-copilot/iam-simulate` (a devDependency; it must never be imported by
 * program code, only by tests). The test suite asks it questions such as "can
 * alice assume this role with temporary credentials but no MFA?" instead of
 * pattern-matching JSON.
 *
 * Engine facts this wrapper relies on (checked against v0.1.173):
 *  - The engine does NOT derive request context keys from the principal: no
 *    `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 *    `aws:CurrentTime`, `aws:SecureTransport` ... unless passed in
 *    `contextVariables`. `contextVariables()` below fills them the way AWS
 *    does for an IAM user signing a request.
 *  - A key that is absent is absent: `Bool` on a missing key does not match,
 *    `...IfExists` on a missing key matches. So the three credential contexts
 *    are modelled purely by which MFA keys are present.
 *  - A role trust policy is evaluated as a resource policy. For sts:AssumeRole
 *    the trust must name the caller even in the same account, and a trust that
 *    names only the account (`arn:aws:iam::<acct>:root`) additionally needs an
 *    identity policy that allows the call (also in the same account).
 *  - Resources containing `*` (for non-wildcard-only actions) are run as
 *    several simulations; the engine's `overallResult` is Allowed if any one is
 *    allowed and ExplicitlyDenied only if all are explicitly denied. Prefer
 *    concrete ARNs when asking questions.
 *  - Invalid input (bad policy grammar, unknown action, resource ARN that does
 *    not fit the action) yields `resultType: "error"`; we throw on it.
 */
import {
  runSimulation,
  type RunSimulationResults,
  type Simulation,
  type EvaluationResult,
} from "@cloud-copilot/iam-simulate";

/** How the caller's request was signed. */
export type CredentialContext = "accessKeys" | "temporaryNoMfa" | "mfa";

/**
 * - accessKeys: long-term access keys; neither aws:MultiFactorAuthPresent nor
 *   aws:MultiFactorAuthAge is in the request context.
 * - temporaryNoMfa: temporary credentials obtained without MFA;
 *   aws:MultiFactorAuthPresent = "false", no aws:MultiFactorAuthAge.
 * - mfa: temporary credentials obtained with MFA;
 *   aws:MultiFactorAuthPresent = "true", aws:MultiFactorAuthAge = age in seconds.
 */
export const CREDENTIAL_CONTEXTS: CredentialContext[] = ["accessKeys", "temporaryNoMfa", "mfa"];

/** Minimal structural type for a policy document; documents are otherwise opaque here. */
export interface PolicyDocumentLike {
  Version?: string;
  Id?: string;
  Statement: unknown;
}

export interface AssumeQuery {
  /** The role's trust policy (assume-role policy document) as an object. */
  trust: unknown;
  roleArn: string;
  principalArn: string;
  context: CredentialContext;
  /** Only used in the "mfa" context. Default 300. */
  mfaAgeSeconds?: number;
  /** ISO timestamp for aws:CurrentTime. Default: now. */
  now?: string;
  /** Identity policies of the caller. Default: one that allows sts:AssumeRole on roleArn. */
  identityPolicies?: unknown[];
}

export interface ActionQuery {
  /** Identity policies of the principal (user inline/managed + group policies). */
  policies: unknown[];
  principalArn: string;
  action: string;
  resource: string;
  context: CredentialContext;
  mfaAgeSeconds?: number;
  now?: string;
  resourcePolicy?: unknown;
  /** Account owning the resource. Default: the principal's account. */
  resourceAccountId?: string;
  /** More request-context keys (a list for a multivalued key), added to those of the credential context. */
  extraContext?: Record<string, string | string[]>;
}

export const DEFAULT_MFA_AGE_SECONDS = 300;

const ALLOW_EVERYTHING: PolicyDocumentLike = {
  Version: "2012-10-17",
  Statement: [{ Sid: "OracleAllowEverything", Effect: "Allow", Action: "*", Resource: "*" }],
};

/** The 12-digit account id in an ARN such as arn:aws:iam::111111111111:user/alice. */
export function accountOf(arn: string): string {
  const parts = arn.split(":");
  const account = parts[4];
  if (parts.length < 6 || parts[0] !== "arn" || account === undefined || !/^\d{12}$/.test(account)) {
    throw new Error(`oracle: cannot find a 12-digit account id in ARN "${arn}"`);
  }
  return account;
}

/** aws:PrincipalType as AWS sets it for the given principal ARN (undefined if unknown). */
function principalTypeOf(principalArn: string): string | undefined {
  const resource = principalArn.split(":").slice(5).join(":");
  if (principalArn.startsWith("arn:aws:iam::") && resource === "root") return "Account";
  if (resource.startsWith("user/")) return "User";
  if (resource.startsWith("assumed-role/")) return "AssumedRole";
  if (resource.startsWith("federated-user/")) return "FederatedUser";
  return undefined;
}

/**
 * The request-context keys AWS puts on a request signed with the given kind of
 * credentials. With `principalArn`, also the principal keys AWS always sets
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username for
 * IAM users) -- the engine does not derive these itself.
 */
export function contextVariables(
  context: CredentialContext,
  opts: { mfaAgeSeconds?: number; now?: string; principalArn?: string } = {},
): Record<string, string> {
  const nowIso = opts.now ?? new Date().toISOString();
  const nowMs = Date.parse(nowIso);
  if (Number.isNaN(nowMs)) {
    throw new Error(`oracle: "now" is not an ISO timestamp: "${nowIso}"`);
  }
  const mfaAge = opts.mfaAgeSeconds ?? DEFAULT_MFA_AGE_SECONDS;
  if (!Number.isInteger(mfaAge) || mfaAge < 0) {
    throw new Error(`oracle: mfaAgeSeconds must be a non-negative integer, got ${mfaAge}`);
  }

  const vars: Record<string, string> = {
    "aws:SecureTransport": "true",
    "aws:CurrentTime": new Date(nowMs).toISOString(),
    "aws:EpochTime": String(Math.floor(nowMs / 1000)),
    "aws:ViaAWSService": "false",
  };

  switch (context) {
    case "accessKeys":
      // Long-term keys: no MFA keys at all, no aws:TokenIssueTime.
      break;
    case "temporaryNoMfa":
      vars["aws:MultiFactorAuthPresent"] = "false";
      vars["aws:TokenIssueTime"] = new Date(nowMs - mfaAge * 1000).toISOString();
      break;
    case "mfa":
      vars["aws:MultiFactorAuthPresent"] = "true";
      vars["aws:MultiFactorAuthAge"] = String(mfaAge);
      vars["aws:TokenIssueTime"] = new Date(nowMs - mfaAge * 1000).toISOString();
      break;
    default: {
      const never: never = context;
      throw new Error(`oracle: unknown credential context ${String(never)}`);
    }
  }

  if (opts.principalArn !== undefined) {
    // A role session's aws:PrincipalArn is the role's ARN, not the session's.
    const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(opts.principalArn);
    vars["aws:PrincipalArn"] = session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : opts.principalArn;
    vars["aws:PrincipalAccount"] = accountOf(opts.principalArn);
    const type = principalTypeOf(opts.principalArn);
    if (type !== undefined) vars["aws:PrincipalType"] = type;
    const userMatch = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(opts.principalArn);
    if (userMatch?.[1] !== undefined) vars["aws:username"] = userMatch[1];
  }
  return vars;
}

function asPolicy(doc: unknown, what: string): PolicyDocumentLike {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !("Statement" in doc)) {
    throw new Error(`oracle: ${what} is not a policy document object: ${JSON.stringify(doc)}`);
  }
  return doc as PolicyDocumentLike;
}

/** Run one simulation and return the engine's verdict, throwing on engine errors. */
async function simulate(args: {
  principalArn: string;
  action: string;
  resource: string;
  resourceAccountId: string;
  identityPolicies: unknown[];
  resourcePolicy?: unknown;
  context: CredentialContext;
  mfaAgeSeconds?: number;
  now?: string;
  extraContext?: Record<string, string | string[]>;
}): Promise<EvaluationResult> {
  const contextVars: Record<string, string | string[]> = {
    ...contextVariables(args.context, { mfaAgeSeconds: args.mfaAgeSeconds, now: args.now, principalArn: args.principalArn }),
    ...args.extraContext,
  };
  const simulation: Simulation = {
    request: {
      principal: args.principalArn,
      action: args.action,
      resource: { resource: args.resource, accountId: args.resourceAccountId },
      contextVariables: contextVars,
    },
    identityPolicies: args.identityPolicies.map((p, i) => ({
      name: `identity-${i}`,
      policy: asPolicy(p, `identity policy #${i}`),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(args.resourcePolicy !== undefined ? { resourcePolicy: asPolicy(args.resourcePolicy, "resource policy") } : {}),
  };

  const response: RunSimulationResults = await runSimulation(simulation, { simulationMode: "Strict" });
  const describe = `${args.action} on ${args.resource} by ${args.principalArn} (${args.context})`;

  switch (response.resultType) {
    case "error":
      throw new Error(`oracle: iam-simulate rejected the simulation of ${describe}: ${JSON.stringify(response.errors, null, 2)}`);
    case "single": {
      // A context key we set being silently dropped would change the meaning of the question.
      assertNoCredentialKeysIgnored(response.result.ignoredContextKeys ?? [], describe);
      return response.result.analysis.result;
    }
    case "wildcard": {
      const ignored = response.results.flatMap((r) => r.ignoredContextKeys ?? []);
      assertNoCredentialKeysIgnored(ignored, describe);
      return response.overallResult;
    }
    default: {
      const never: never = response;
      throw new Error(`oracle: unexpected iam-simulate result ${JSON.stringify(never)}`);
    }
  }
}

/** Keys that define the credential context; if the engine drops one, answers would be wrong. */
const ESSENTIAL_KEYS = new Set(["aws:multifactorauthpresent", "aws:multifactorauthage", "aws:principalarn", "aws:currenttime", "aws:securetransport"]);

function assertNoCredentialKeysIgnored(ignored: string[], describe: string): void {
  const essential = ignored.filter((k) => ESSENTIAL_KEYS.has(k.toLowerCase()));
  if (essential.length > 0) {
    throw new Error(`oracle: iam-simulate ignored context keys ${essential.join(", ")} for ${describe}`);
  }
}

/**
 * Can `principalArn` assume `roleArn` (sts:AssumeRole) given the role's trust
 * policy and the caller's identity policies, in the given credential context?
 */
export async function canAssume(q: AssumeQuery): Promise<boolean> {
  const identityPolicies = q.identityPolicies ?? [
    {
      Version: "2012-10-17",
      Statement: [{ Sid: "OracleAllowAssume", Effect: "Allow", Action: "sts:AssumeRole", Resource: q.roleArn }],
    },
  ];
  const result = await simulate({
    principalArn: q.principalArn,
    action: "sts:AssumeRole",
    resource: q.roleArn,
    resourceAccountId: accountOf(q.roleArn),
    identityPolicies,
    resourcePolicy: asPolicy(q.trust, "trust policy"),
    context: q.context,
    mfaAgeSeconds: q.mfaAgeSeconds,
    now: q.now,
  });
  return result === "Allowed";
}

/** Is `action` on `resource` allowed for the principal with these identity policies (and optional resource policy)? */
export async function isAllowed(q: ActionQuery): Promise<boolean> {
  return (await evaluate(q, q.policies)) === "Allowed";
}

/**
 * Does something in `policies` explicitly deny `action` on `resource` in this
 * context? An Allow-everything policy is added so that only a Deny can block:
 * true iff the engine's verdict is "ExplicitlyDenied".
 */
export async function isExplicitlyDenied(q: ActionQuery): Promise<boolean> {
  return (await evaluate(q, [...q.policies, ALLOW_EVERYTHING])) === "ExplicitlyDenied";
}

async function evaluate(q: ActionQuery, identityPolicies: unknown[]): Promise<EvaluationResult> {
  return simulate({
    principalArn: q.principalArn,
    action: q.action,
    resource: q.resource,
    resourceAccountId: q.resourceAccountId ?? accountOf(q.principalArn),
    identityPolicies,
    resourcePolicy: q.resourcePolicy,
    context: q.context,
    mfaAgeSeconds: q.mfaAgeSeconds,
    now: q.now,
    extraContext: q.extraContext,
  });
}
