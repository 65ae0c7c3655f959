/** sts:AssumeRole grants name explicit role ARNs (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { statementCoversAction } from "../../lib/iam/parse";
import { hasWildcard } from "../../lib/iam/wildcard";
import { statementsOf } from "../lib/analysis";
import { at } from "../lib/format";

export const assumeRoleExplicitResources: ResourceValidationPolicy = {
  name: "iam-assume-role-explicit-resources",
  description: "An sts:AssumeRole grant names explicit role ARNs: no `*` account or role.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps: 'List the ARNs of the roles, e.g. "arn:aws:iam::222222222222:role/Admin", instead of a wildcard.',
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props, ["identity"])) {
      if (s.effect !== "Allow" || !statementCoversAction(s, "sts:AssumeRole")) continue;
      const wild = s.notResource ? ["NotResource"] : (s.resource ?? ["*"]).filter((r) => hasWildcard(r) || !/^arn:[^:]+:iam::\d{12}:role\//.test(r));
      if (wild.length > 0) reportViolation(`${at(args.name, doc.field, s)} allows sts:AssumeRole on ${wild.join(", ")}. Name the role ARNs explicitly.`);
    }
  },
};
