/** No identity policy lets its holder escalate to admin (mandatory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { escalationFindings } from "../../lib/iam/escalation";
import { elementPath } from "../../lib/iam/parse";
import { wildcardMatch } from "../../lib/iam/wildcard";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { findingMessage } from "../lib/format";

export const noPrivilegeEscalation: ResourceValidationPolicy = {
  name: "iam-no-privilege-escalation",
  description:
    "An identity policy must not let its holder raise its own permissions to admin: IAM policy writes on users, groups, roles or policies (its own user included), credentials of other users, iam:PassRole on any role with a service that runs code (Lambda, EC2, CloudFormation, Glue, ECS, SageMaker, CodeBuild, ...), or code updates on existing compute by wildcard.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Grant IAM writes only to admin roles assumed with MFA; require a permissions boundary (iam:PermissionsBoundary) for delegated IAM writes; restrict iam:PassRole to named roles with iam:PassedToService; name the functions a deployer may update.",
  validateResource: (args, reportViolation) => {
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind !== "identity") continue;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const f of escalationFindings(parsed.statements)) {
        const first = f.actions.find((a) => a !== "iam:PassRole") ?? f.actions[0];
        const pattern = f.statement.action?.find((p) => wildcardMatch(p, first, true));
        const location = pattern !== undefined ? elementPath(f.statement, "Action", pattern) : elementPath(f.statement, f.element);
        reportViolation(findingMessage({ code: f.code, resource: args.name, field: doc.field, statement: f.statement, location, problem: f.problem, fix: f.fix }));
      }
    }
  },
};
