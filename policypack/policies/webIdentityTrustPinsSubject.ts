/**
 * A web-identity trust (OIDC: GitHub Actions, EKS service accounts, Pulumi Cloud, any provider)
 * must pin the subject: without a `<provider>:sub` condition naming one repository, service
 * account or stack, every workflow, pod or stack the provider signs a token for can assume the
 * role. Mandatory.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { requiresStringMatch } from "../../lib/iam/conditions";
import { ConditionTest, elementPath, NormalStatement, statementCoversAction } from "../../lib/iam/parse";
import { hasWildcard } from "../../lib/iam/wildcard";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { findingMessage } from "../lib/format";

interface Provider {
  /** The issuer as condition keys name it: `token.actions.githubusercontent.com`. */
  issuer: string;
  kind: "github" | "eks" | "pulumi" | "cognito" | "oidc";
}

/** The OIDC provider a Federated principal names (SAML providers and other ARNs are not web identities). */
export function webIdentityProvider(federated: string): Provider | undefined {
  const m = /^arn:[\w-]+:iam::[^:]*:oidc-provider\/(.+)/.exec(federated);
  const issuer = (m ? m[1] : federated).replace(/^https:\/\//, "").replace(/\/$/, "");
  if (issuer === "" || issuer.startsWith("arn:")) return undefined;
  if (issuer === "token.actions.githubusercontent.com" || issuer.startsWith("token.actions.githubusercontent.com/")) return { issuer, kind: "github" };
  if (/^oidc\.eks\.[\w-]+\.amazonaws\.com\/id\//.test(issuer)) return { issuer, kind: "eks" };
  if (issuer === "api.pulumi.com/oidc") return { issuer, kind: "pulumi" };
  if (issuer === "cognito-identity.amazonaws.com") return { issuer, kind: "cognito" };
  return { issuer, kind: "oidc" };
}

/**
 * Why a StringLike subject pattern does not pin one repository, service account or stack
 * (undefined: it does). Only StringLike has wildcards: a StringEquals value is one literal subject.
 */
function looseSubject(kind: Provider["kind"], value: string): string | undefined {
  if (/^[*?]*\*[*?]*$/.test(value)) {
    const least = value.replace(/\*/g, "").length; // each ? is one character
    return least === 0 ? "matches every subject" : `matches every subject of at least ${least} character${least === 1 ? "" : "s"}`;
  }
  switch (kind) {
    case "github": {
      // repo:<owner>/<repo>:<ref, environment, pull_request>; the owner and repo must be literal.
      const m = /^repo:([^/:]*)\/([^:]*)/.exec(value);
      if (!m) return !hasWildcard(value) ? undefined : value.startsWith("repo:") ? "matches repositories of any owner" : "is not of the form repo:<owner>/<repo>:...";
      if (hasWildcard(m[1])) return "matches repositories of any owner";
      if (hasWildcard(m[2])) return `matches every repository of ${m[1]}`;
      return undefined;
    }
    case "eks": {
      const m = /^system:serviceaccount:([^:]*):(.*)/.exec(value);
      if (!m) return hasWildcard(value) ? "is not of the form system:serviceaccount:<namespace>:<name>" : undefined;
      if (hasWildcard(m[1])) return "matches service accounts of every namespace";
      if (hasWildcard(m[2])) return `matches every service account of namespace ${m[1]}`;
      return undefined;
    }
    case "pulumi": {
      // pulumi:deploy:org:<org>:project:<project>:stack:<stack>:... or pulumi:environments:org:<org>:env:<project>/<env>
      const org = /:org:([^:]*)/.exec(value)?.[1];
      const scope = /:(?:project|env):([^:]*)/.exec(value)?.[1];
      if (org === undefined || hasWildcard(org)) return "matches every Pulumi organization";
      if (scope === undefined || hasWildcard(scope)) return `matches every stack or environment of the organization ${org}`;
      return undefined;
    }
    default:
      // A literal subject pins one; a pattern must start with a few literal characters.
      return !hasWildcard(value) || /^[^*?]{3,}/.test(value) ? undefined : "has fewer than 3 literal characters before its first wildcard";
  }
}

/** The key that pins the subject: `<issuer>:sub`, or for Cognito identity pools `:aud` (the pool). */
const pinKey = (p: Provider) => `${p.issuer}:${p.kind === "cognito" ? "aud" : "sub"}`.toLowerCase();

function subjectFindings(s: NormalStatement, p: Provider): { code: string; location: string; problem: string }[] {
  const key = pinKey(p);
  const tests = s.conditions.filter((c) => c.key === key);
  const pinning = tests.filter(requiresStringMatch);
  if (pinning.length === 0) {
    return [
      {
        code: "WID001",
        location: tests.length > 0 ? elementPath(s, "Condition", tests[0].operator, tests[0].keyAsWritten) : elementPath(s, "Condition"),
        problem: `lets every token of ${p.issuer} assume the role: no ${key.slice(p.issuer.length + 1)} condition${tests.length > 0 ? ` that requires one (${tests[0].operator} does not)` : ""} pins the ${p.kind === "cognito" ? "identity pool" : "subject"}`,
      },
    ];
  }
  // StringEquals(IgnoreCase) has no wildcards: each value is one literal subject ("*" is the subject "*", which no token has).
  const loose = (c: ConditionTest, v: string) => (c.base === "stringlike" ? looseSubject(p.kind, v) : undefined);
  // The tests are ANDed: one test whose every value pins is enough.
  if (pinning.some((c) => c.values.every((v) => loose(c, v) === undefined))) return [];
  const c = pinning[0];
  const bad = c.values.find((v) => loose(c, v) !== undefined)!;
  return [{ code: "WID002", location: elementPath(s, "Condition", c.operator, c.keyAsWritten), problem: `lets ${p.issuer} tokens assume the role with the subject "${bad}", which ${loose(c, bad)}` }];
}

const FIX: Record<Provider["kind"], string> = {
  github: 'Pin the repository: "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:<owner>/<repo>:environment:<env>"} (or StringLike "repo:<owner>/<repo>:ref:refs/heads/main"), with "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"',
  eks: 'Pin the service account: "StringEquals": {"<issuer>:sub": "system:serviceaccount:<namespace>:<name>", "<issuer>:aud": "sts.amazonaws.com"}',
  pulumi: 'Pin the stack: "StringLike": {"api.pulumi.com/oidc:sub": "pulumi:deploy:org:<org>:project:<project>:stack:<stack>:*"}, besides the aud check',
  cognito: 'Pin the identity pool: "StringEquals": {"cognito-identity.amazonaws.com:aud": "<region>:<pool id>"}',
  oidc: 'Pin the subject: "StringEquals": {"<issuer>:sub": "<the one subject allowed>"}',
};

export const webIdentityTrustPinsSubject: ResourceValidationPolicy = {
  name: "iam-web-identity-trust-pins-subject",
  description:
    "A web-identity (OIDC) trust pins the subject: GitHub Actions to a repository, EKS to a service account, Pulumi Cloud to a project or stack, other providers to a subject. Without it every workflow, pod or stack of the provider can assume the role.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: "Add a StringEquals (or StringLike with a literal owner and repository, namespace and name, organization and project) condition on <issuer>:sub to every statement that trusts the provider.",
  validateResource: (args, reportViolation) => {
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind !== "trust") continue;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const s of parsed.statements) {
        if (s.effect !== "Allow" || !statementCoversAction(s, "sts:AssumeRoleWithWebIdentity")) continue;
        for (const federated of s.principal?.federated ?? []) {
          const provider = webIdentityProvider(federated);
          if (!provider) continue;
          for (const f of subjectFindings(s, provider)) {
            reportViolation(findingMessage({ code: f.code, resource: args.name, field: doc.field, statement: s, location: f.location, problem: f.problem, fix: FIX[provider.kind] }));
          }
        }
      }
    }
  },
};
