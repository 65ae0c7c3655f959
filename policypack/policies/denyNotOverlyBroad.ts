import { ResourceValidationPolicy, StackValidation } from "@pulumi/policy";
import { broadDeny, denyBlocks, isBroadActionPattern, RequiredAccess } from "../../lib/iam/breadth";
import { isAllActions } from "../../lib/iam/catalog";
import { trustAdmitsPeople } from "../../lib/iam/mfa";
import { elementPath, NormalStatement, statementCoversAction } from "../../lib/iam/parse";
import { readable } from "../lib/analysis";
import { documentsOf, ResourceDocument } from "../lib/documents";
import { findingMessage } from "../lib/format";
import { DETACHED_DOCUMENT_TYPES, StackHolders } from "../lib/holders";
import { knownProps, undecidedAtPreview } from "../lib/preview";
import { ownAccountOf } from "./roleTrustRequiresMfa";

export interface DenyNotOverlyBroadConfig {
  /** Actions on resources that no Deny may block, e.g. the Pulumi state bucket and the deployer's AssumeRole. */
  mustRemainAllowed?: RequiredAccess[];
}

/**
 * A resource policy and a stack policy under one name (and one config): a Deny in a document
 * that shows its holder (a user's or group's policy, a role's inline policies next to its trust,
 * an SCP, a resource policy) is decided per resource; a Deny in a role policy or a customer
 * managed policy needs the trust of the roles that hold it, which only the stack shows. The policy
 * SDK runs `validateResource` on Analyze and `validateStack` on AnalyzeStack independently.
 */
export type ResourceAndStackPolicy = ResourceValidationPolicy & { validateStack: StackValidation };

export const denyNotOverlyBroad: ResourceAndStackPolicy = {
  name: "iam-deny-not-overly-broad",
  description:
    "A Deny must not lock people out of unrelated work: no unconditional Deny of all actions, a whole service or a NotAction list on every resource (or a whole service on every resource of that service), and no Deny of what must remain allowed (such as the Pulumi state bucket). A Deny held only by workload roles (whose trust admits no person), in their inline policies, role policies or attached managed policies, is a guardrail and passes.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Scope the Deny: name the actions and resources it protects, or add a condition on who or how (e.g. "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}). Exempt the accesses listed in mustRemainAllowed with NotAction/NotResource or a condition.',
  configSchema: {
    properties: {
      mustRemainAllowed: {
        type: "array",
        default: [],
        description: "Accesses no Deny may block",
        items: {
          type: "object",
          properties: { action: { type: "string" }, resource: { type: "string" } },
          required: ["action", "resource"],
          additionalProperties: false,
        },
      },
    },
  },
  validateResource: (args, reportViolation) => {
    // Role policies and managed policies: their holders are decided over the stack (validateStack).
    if (DETACHED_DOCUMENT_TYPES.has(args.type)) return;
    const docs = documentsOf(args.type, args.props);
    const findings = docs.flatMap((d) => denyFindings(args.name, d, args.getConfig<DenyNotOverlyBroadConfig>()));
    // A Deny in a workload's own policies (a role whose trust admits no person: a service, a web
    // identity) is a guardrail on that workload; it locks no person out. A trust's own Deny is not a
    // permission: the trust rules read it (denyFindings skips it).
    const trust = docs.find((d) => d.kind === "trust");
    const trustDoc = trust && readable(trust);
    if (trustDoc && !trustAdmitsPeople(trustDoc, ownAccountOf(args.props))) return;
    for (const m of findings) reportViolation(m);
  },
  validateStack: (args, reportViolation) => {
    const detached = args.resources.filter((r) => DETACHED_DOCUMENT_TYPES.has(r.type));
    const config = args.getConfig<DenyNotOverlyBroadConfig>();
    const undecided: string[] = [];
    let holders: StackHolders | undefined;
    for (const r of detached) {
      const known = knownProps(r.props);
      const docs = documentsOf(r.type, known.props);
      const documentField = r.type.startsWith("aws-native:") ? "policyDocument" : "policy";
      if (known.unknown.includes(documentField)) {
        undecided.push(`${r.name}: its ${documentField}`);
        continue;
      }
      // Who holds it is asked only of a document with findings.
      if (docs.flatMap((d) => denyFindings(r.name, d, config)).length === 0) continue;
      holders ??= new StackHolders(args.resources);
      const verdict = holders.verdict(r);
      if (verdict.kind === "workloads") continue;
      if (verdict.kind === "undecided") {
        undecided.push(`${r.name}: ${verdict.why}`);
        continue;
      }
      for (const d of docs) for (const m of denyFindings(r.name, d, config, verdict.who)) reportViolation(m, r.urn);
    }
    if (undecided.length > 0) {
      throw undecidedAtPreview(`whether these Denies are held only by workload roles could not be decided, their values are not known yet (they are checked during pulumi up): ${undecided.join("; ")}`);
    }
  },
};

/** The findings of one document's Deny statements. */
function denyFindings(resource: string, doc: ResourceDocument, config: DenyNotOverlyBroadConfig, heldBy?: string): string[] {
  const held = heldBy === undefined ? "" : ` (it is held by ${heldBy})`;
  if (doc.kind === "trust") return [];
  const parsedDoc = readable(doc);
  if (!parsedDoc) return [];
  const out: string[] = [];
  // broadDeny and denyBlocks read only Deny statements; without NotAction a statement they match has
  // Action, holding the pattern they matched.
  for (const s of parsedDoc.statements) {
    const broad = broadDeny(s);
    if (broad) {
      const element = s.notAction ? elementPath(s, "NotAction") : elementPath(s, "Action", s.action!.find(isBroadActionPattern)!);
      out.push(
        findingMessage({
          code: "DENY001",
          resource,
          field: doc.field,
          statement: s,
          location: element,
          problem: `${broad.why}: it locks people out of ${lockedOut(s, broad.service)}${held}`,
          fix: "Scope it to the actions and resources it protects, or add a condition on who or how",
        }),
      );
    }
    for (const access of config.mustRemainAllowed ?? []) {
      if (denyBlocks(s, access)) {
        const element = s.notAction ? elementPath(s, "NotAction") : elementPath(s, "Action", s.action!.find((a) => statementCoversAction({ ...s, action: [a] }, access.action))!);
        out.push(
          findingMessage({
            code: "DENY002",
            resource,
            field: doc.field,
            statement: s,
            location: element,
            problem: `blocks ${access.action} on ${access.resource}, which must remain allowed${held}`,
            fix: "Exclude it with NotAction/NotResource or a condition",
          }),
        );
      }
    }
  }
  return out;
}

/**
 * What an unconditioned Deny on every resource (or every resource of one service) really blocks,
 * in words: only what it covers. The Pulumi state is named only when the Deny covers reading
 * objects on every bucket (a NotResource list may leave the state bucket out).
 */
function lockedOut(s: NormalStatement, service: string | undefined): string {
  const readsState = !s.notResource && (service === undefined || service === "s3") && statementCoversAction(s, "s3:GetObject");
  const state = readsState ? ", including reading the Pulumi state" : "";
  if (s.notAction) return `every action except ${s.notAction.join(", ")}${state}`;
  if (service !== undefined) return `every ${service} action${state}`;
  const actions = s.action!; // broadDeny: without NotAction, a broad Deny has broad patterns in Action
  if (actions.some(isAllActions)) return `all unrelated work${state}`;
  const services = [...new Set(actions.filter(isBroadActionPattern).map((p) => p.split(":")[0]))];
  return `every ${services.join(", ")} action${state}`;
}
