import { ResourceValidationPolicy } from "@pulumi/policy";
import { broadDeny, denyBlocks, isBroadActionPattern, RequiredAccess } from "../../lib/iam/breadth";
import { isAllActions } from "../../lib/iam/catalog";
import { trustAdmitsPeople } from "../../lib/iam/mfa";
import { elementPath, NormalStatement, statementCoversAction } from "../../lib/iam/parse";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { findingMessage } from "../lib/format";
import { ownAccountOf } from "./roleTrustRequiresMfa";

export interface DenyNotOverlyBroadConfig {
  /** Actions on resources that no Deny may block, e.g. the Pulumi state bucket and the deployer's AssumeRole. */
  mustRemainAllowed?: RequiredAccess[];
}

export const denyNotOverlyBroad: ResourceValidationPolicy = {
  name: "iam-deny-not-overly-broad",
  description:
    "A Deny must not lock people out of unrelated work: no unconditional Deny of all actions, a whole service or a NotAction list on every resource, and no Deny of what must remain allowed (such as the Pulumi state bucket). A Deny in the own policies of a workload role (whose trust admits no person) is a guardrail and passes.",
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
    const config = args.getConfig<DenyNotOverlyBroadConfig>();
    const docs = documentsOf(args.type, args.props);
    // A Deny in a workload's own policies (a role whose trust admits no person: a service, a web
    // identity) is a guardrail on that workload; it locks no person out. A trust's own Deny is not a
    // permission: the trust rules read it.
    const trust = docs.find((d) => d.kind === "trust");
    const trustDoc = trust && readable(trust);
    if (trustDoc && !trustAdmitsPeople(trustDoc, ownAccountOf(args.props))) return;
    for (const doc of docs.filter((d) => d.kind !== "trust")) {
      const parsed = readable(doc);
      if (!parsed) continue;
      // broadDeny and denyBlocks read only Deny statements.
      for (const s of parsed.statements) {
        const broad = broadDeny(s);
        if (broad) {
          reportViolation(
            findingMessage({
              code: "DENY001",
              resource: args.name,
              field: doc.field,
              statement: s,
              location: elementPath(s, s.notAction ? "NotAction" : "Action"),
              problem: `${broad.why}: it locks people out of ${lockedOut(s)}`,
              fix: "Scope it to the actions and resources it protects, or add a condition on who or how",
            }),
          );
        }
        for (const access of config.mustRemainAllowed ?? []) {
          if (denyBlocks(s, access)) {
            reportViolation(
              findingMessage({
                code: "DENY002",
                resource: args.name,
                field: doc.field,
                statement: s,
                problem: `blocks ${access.action} on ${access.resource}, which must remain allowed`,
                fix: "Exclude it with NotAction/NotResource or a condition",
              }),
            );
          }
        }
      }
    }
  },
};

/** What an unconditioned Deny on every resource really blocks, in words: only what it covers. */
function lockedOut(s: NormalStatement): string {
  const state = statementCoversAction(s, "s3:GetObject") ? ", including reading the Pulumi state" : "";
  if (s.notAction) return `all unrelated work${state}`;
  const actions = s.action!; // broadDeny: without NotAction, a broad Deny has broad patterns in Action
  if (actions.some(isAllActions)) return `all unrelated work${state}`;
  const services = [...new Set(actions.filter(isBroadActionPattern).map((p) => p.split(":")[0]))];
  return `every ${services.join(", ")} action${state}`;
}
