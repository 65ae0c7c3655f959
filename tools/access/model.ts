/**
 * Who can reach what, derived from the resources a program registers (not from its config):
 * user -> group -> role @ account, with the conditions that apply on the way. Built on the
 * policy pack's access graph and IAM analysis, so the picture and the gate agree.
 */
import { credentialContext, evaluateConditions } from "../../lib/iam/conditions";
import { mfaMaxAgeOf, NO_MFA_CONTEXTS, trustAdmits } from "../../lib/iam/mfa";
import { NormalStatement } from "../../lib/iam/parse";
import { AccessGraph, RoleNode, StackResource } from "../../policypack/lib/accessGraph";
import { explicitProvider } from "../stack/providers";
import { RecordedResource, StackRun } from "../stack/types";

export interface AccessEdge {
  user: string;
  /** The group that grants it, or "(own policy)". */
  via: string;
  role: string;
  account: string;
  mfaRequired: boolean;
  mfaMaxAgeSeconds?: number;
  sessionSeconds: number;
  validUntil?: string;
}

export interface AccessModel {
  stack: string;
  /** Account id -> the name the stack's config gives it (`identity`), where known. */
  accountNames: Record<string, string>;
  users: string[];
  groups: Record<string, string[]>;
  roles: { role: string; account: string }[];
  edges: AccessEdge[];
}

export function stackResources(resources: readonly RecordedResource[]): StackResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((r) => {
    const p = explicitProvider(r, byUrn);
    return { type: r.type, name: r.name, urn: r.urn, props: r.inputs, provider: p ? { urn: p.urn, props: p.inputs } : undefined };
  });
}

function numericBound(statements: NormalStatement[]): number | undefined {
  const values = statements.flatMap((s) => s.conditions.filter((c) => c.key === "aws:multifactorauthage" && /^numericlessthan(equals)?$/.test(c.base)).flatMap((c) => c.values.map(Number)));
  return values.length ? Math.min(...values) : undefined;
}

function expiry(statements: NormalStatement[]): string | undefined {
  const values = statements.flatMap((s) => s.conditions.filter((c) => c.key === "aws:currenttime" && /^datelessthan(equals)?$/.test(c.base)).flatMap((c) => c.values));
  return values.sort()[0];
}

export function describeAccess(run: StackRun, accountNames: Record<string, string> = {}): AccessModel {
  const graph = new AccessGraph(stackResources(run.resources));
  const accountOf = (role: RoleNode) => role.account ?? "(default provider)";
  const edges: AccessEdge[] = [];
  const groups: Record<string, string[]> = {};
  for (const [user, set] of graph.userGroups) for (const g of set) (groups[g] ??= []).push(user);

  for (const [userName, user] of graph.users) {
    const { arn: userArn, known } = graph.userArn(userName);
    const holders = [{ key: `user:${userName}`, via: "(own policy)" }, ...[...(graph.userGroups.get(userName) ?? [])].map((g) => ({ key: `group:${g}`, via: g }))];
    for (const { key, via } of holders) {
      for (const role of graph.roles.values()) {
        const grants = graph.statementsOf(key).map((x) => x.statement).filter((s) => AccessGraph.reachesRole(s, role));
        if (grants.length === 0 || !role.trust) continue;
        // A path-narrowed trust (ArnLike aws:PrincipalArn user/<path>*) admits only users under that path.
        const opts = { principalAccountUnknown: !known, principalArnKnown: known };
        const trustWithMfa = trustAdmits(role.trust, userArn, "mfa", opts);
        const withoutMfa = NO_MFA_CONTEXTS.some((c) => trustAdmits(role.trust!, userArn, c, opts) && grants.some((s) => evaluateConditions(s, credentialContext(c)) !== "false"));
        if (!trustWithMfa && !withoutMfa) continue;
        const trustStatements = trustWithMfa ? [trustWithMfa] : [];
        const bounds = [numericBound(grants), mfaMaxAgeOf(role.trust)].filter((x): x is number => x !== undefined);
        edges.push({
          user: userName,
          via,
          role: role.roleName,
          account: accountOf(role),
          mfaRequired: !withoutMfa,
          mfaMaxAgeSeconds: bounds.length ? Math.min(...bounds) : undefined,
          sessionSeconds: Number(role.resource.props.maxSessionDuration ?? 3600),
          validUntil: expiry([...grants, ...trustStatements]),
        });
      }
    }
  }
  edges.sort((a, b) => a.user.localeCompare(b.user) || a.account.localeCompare(b.account) || a.role.localeCompare(b.role) || a.via.localeCompare(b.via));
  return {
    stack: run.stack,
    accountNames,
    users: [...graph.users.keys()].sort(),
    groups,
    roles: [...graph.roles.values()].map((r) => ({ role: r.roleName, account: accountOf(r) })).sort((a, b) => a.account.localeCompare(b.account) || a.role.localeCompare(b.role)),
    edges,
  };
}
