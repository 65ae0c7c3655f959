import { ResourceValidationPolicy } from "@pulumi/policy";
import { broadDeny, denyBlocks, RequiredAccess } from "../../lib/iam/breadth";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at } from "../lib/format";

export interface DenyNotOverlyBroadConfig {
  /** Actions on resources that no Deny may block, e.g. the Pulumi state bucket and the deployer's AssumeRole. */
  mustRemainAllowed?: RequiredAccess[];
}

export const denyNotOverlyBroad: ResourceValidationPolicy = {
  name: "iam-deny-not-overly-broad",
  description:
    "A Deny must not lock people out of unrelated work: no unconditional Deny of all actions, a whole service or a NotAction list on every resource, and no Deny of what must remain allowed (such as the Pulumi state bucket).",
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
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind === "trust") continue;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const s of parsed.statements) {
        if (s.effect !== "Deny") continue;
        const broad = broadDeny(s);
        if (broad) reportViolation(`${at(args.name, doc.field, s)} ${broad.why}: it locks people out of unrelated work (including reading the Pulumi state). Scope it to the actions and resources it protects, or add a condition.`);
        for (const access of config.mustRemainAllowed ?? []) {
          if (denyBlocks(s, access)) reportViolation(`${at(args.name, doc.field, s)} blocks ${access.action} on ${access.resource}, which must remain allowed. Exclude it with NotAction/NotResource or a condition.`);
        }
      }
    }
  },
};
