/**
 * What the adopting `up` keeps as it is without managing it, as the resources a program would
 * register for it: the adopted identities' own inline and attached policies, their memberships,
 * the groups they are in that the layout does not manage, and the documents of the account's own
 * managed policies they hold. Together with the program's plan (which imports the identities
 * themselves) this is the account as it will be after the up; the gate sends both through the
 * policy pack so a team sees the findings before the import.
 */
import { INLINE_POLICY_NAMES } from "../../lib/adopt/desired";
import { AdoptionResult } from "../../lib/adopt/plan";
import { policyShortName } from "../../lib/iam/arn";
import { AccountSnapshot } from "../../lib/adopt/snapshot";
import { RecordedResource } from "../stack/types";

/** Parent type of these resources in their URNs: they are never registered, only analysed. */
export const EXISTING_PARENT_TYPE = "iam-baseline:adopt:KeptAsItIs";

export function existingResources(result: AdoptionResult, project: string, stack: string): RecordedResource[] {
  const out: RecordedResource[] = [];
  const add = (type: string, name: string, inputs: Record<string, unknown>) => {
    const urn = `urn:pulumi:${stack}::${project}::${EXISTING_PARENT_TYPE}$${type}::${name}`;
    if (out.some((r) => r.urn === urn)) return;
    out.push({ urn, type, name, custom: true, parent: "", provider: "", providers: {}, dependencies: [], inputs, aliases: [], protect: false, ignoreChanges: [] });
  };
  const heldPolicies = new Map<string, AccountSnapshot>();
  const hold = (account: AccountSnapshot, arns: string[]) => arns.forEach((a) => heldPolicies.set(a, account));
  const adopted = result.reports.filter((r) => r.status === "adopted as is" || r.status === "adopted with in-place changes");
  const managedGroups = new Set(adopted.filter((r) => r.kind === "group").map((r) => `${r.accountId}:${r.name}`));
  const groupsOfUsers = new Map<string, AccountSnapshot>();

  for (const report of adopted) {
    const account = result.snapshot.accounts[report.accountId];
    if (!account) continue;
    if (report.kind === "user") {
      const u = account.users.find((x) => x.name === report.name)!;
      if (u.groups.length > 0) add("aws:iam/userGroupMembership:UserGroupMembership", `${u.name}-existing-groups`, { user: u.name, groups: u.groups });
      for (const p of u.inlinePolicies) add("aws:iam/userPolicy:UserPolicy", `${u.name}:${p.name}`, { user: u.name, name: p.name, policy: JSON.stringify(p.document) });
      for (const a of u.attachedPolicyArns) add("aws:iam/userPolicyAttachment:UserPolicyAttachment", `${u.name}-attached-${policyShortName(a)}`, { user: u.name, policyArn: a });
      hold(account, u.attachedPolicyArns);
      for (const g of u.groups) if (!managedGroups.has(`${account.accountId}:${g}`)) groupsOfUsers.set(g, account);
    } else if (report.kind === "group") {
      const g = account.groups.find((x) => x.name === report.name)!;
      const imported = report.imports.filter((i) => i.type === "aws:iam/groupPolicy:GroupPolicy").map((i) => i.id.split(":")[1]);
      for (const p of g.inlinePolicies.filter((p) => !imported.includes(p.name))) add("aws:iam/groupPolicy:GroupPolicy", `${g.name}:${p.name}`, { group: g.name, name: p.name, policy: JSON.stringify(p.document) });
      for (const a of g.attachedPolicyArns) add("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", `${g.name}-attached-${policyShortName(a)}`, { group: g.name, policyArn: a });
      hold(account, g.attachedPolicyArns);
    } else {
      const r = account.roles.find((x) => x.name === report.name)!;
      const importedArns = report.imports.filter((i) => i.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((i) => i.id.slice(r.name.length + 1));
      for (const p of r.inlinePolicies.filter((p) => p.name !== INLINE_POLICY_NAMES.role || !report.imports.some((i) => i.type === "aws:iam/rolePolicy:RolePolicy"))) {
        add("aws:iam/rolePolicy:RolePolicy", `${r.name}:${p.name}`, { role: r.name, name: p.name, policy: JSON.stringify(p.document) });
      }
      for (const a of r.attachedPolicyArns.filter((a) => !importedArns.includes(a))) add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${r.name}-attached-${policyShortName(a)}`, { role: r.name, policyArn: a });
      hold(account, r.attachedPolicyArns);
    }
  }
  // Groups the adopted users stay in that the layout does not manage: what a user holds comes through them too.
  for (const [name, account] of groupsOfUsers) {
    const g = account.groups.find((x) => x.name === name);
    if (!g) continue;
    add("aws:iam/group:Group", g.name, { name: g.name, path: g.path });
    for (const p of g.inlinePolicies) add("aws:iam/groupPolicy:GroupPolicy", `${g.name}:${p.name}`, { group: g.name, name: p.name, policy: JSON.stringify(p.document) });
    for (const a of g.attachedPolicyArns) add("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", `${g.name}-attached-${policyShortName(a)}`, { group: g.name, policyArn: a });
    hold(account, g.attachedPolicyArns);
  }
  // The account's own managed policies held (also through imported attachments), with their default version's document.
  for (const [arn, account] of heldPolicies) {
    const p = account.policies.find((x) => x.arn === arn);
    if (p) add("aws:iam/policy:Policy", p.name, { name: p.name, path: p.path, policy: JSON.stringify(p.document) });
  }
  return out;
}
