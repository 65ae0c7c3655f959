/** sts:AssumeRole grants name explicit role ARNs (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { elementPath, statementCoversAction } from "../../lib/iam/parse";
import { hasWildcard } from "../../lib/iam/wildcard";
import { statementsOf } from "../lib/analysis";
import { findingMessage } from "../lib/format";

export const assumeRoleExplicitResources: ResourceValidationPolicy = {
  name: "iam-assume-role-explicit-resources",
  description: "An sts:AssumeRole grant names explicit role ARNs: no `*` account or role.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps: 'List the ARNs of the roles, e.g. "arn:aws:iam::222222222222:role/Admin", instead of a wildcard.',
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props, ["identity"])) {
      if (s.effect !== "Allow" || !statementCoversAction(s, "sts:AssumeRole")) continue;
      // Only a wildcard (or NotResource, or no Resource at all) reaches roles nobody named; an
      // explicit ARN of another kind (a user) is not a wildcard.
      const wild = s.notResource ? ["NotResource"] : (s.resource ?? ["*"]).filter(hasWildcard);
      if (wild.length === 0) continue;
      reportViolation(
        findingMessage({
          code: "ASSUME001",
          resource: args.name,
          field: doc.field,
          statement: s,
          location: s.notResource ? elementPath(s, "NotResource") : elementPath(s, "Resource", wild[0]),
          problem: `allows sts:AssumeRole on ${wild.join(", ")}`,
          fix: "Name the role ARNs explicitly.",
        }),
      );
    }
  },
};
