/**
 * A policy that refuses options it does not know. The Analyzer protocol carries only a config
 * schema's `properties` and `required` (no `additionalProperties`), so the CLI cannot refuse a
 * misspelt option such as `allowedPrincipal`; the policy does, the first time it reads its config:
 * the preview (or the gate) fails with one line naming the option and the one meant.
 */
import { Policy, ResourceValidationArgs, ResourceValidationPolicy, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { closest } from "../../lib/similar";

export class UnknownPolicyOptionError extends Error {}

export function unknownOptions(policy: Policy, config: Record<string, unknown>): string | undefined {
  const known = Object.keys(policy.configSchema?.properties ?? {});
  const unknown = Object.keys(config ?? {}).filter((k) => !known.includes(k));
  if (unknown.length === 0) return undefined;
  const near = unknown.map((k) => closest(k, known)).filter((k): k is string => k !== undefined);
  return (
    `${policy.name}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} in the policy pack config` +
    `${near.length ? `; did you mean ${near.join(", ")}?` : "."} Known options: ${known.length ? known.join(", ") : "(none besides enforcementLevel)"}`
  );
}

function checked<A extends ResourceValidationArgs | StackValidationArgs>(policy: Policy, args: A): void {
  const problem = unknownOptions(policy, args.getConfig<Record<string, unknown>>());
  if (problem !== undefined) throw new UnknownPolicyOptionError(problem);
}

export function strictConfig(policy: ResourceValidationPolicy | StackValidationPolicy): ResourceValidationPolicy | StackValidationPolicy {
  let wrapped: ResourceValidationPolicy | StackValidationPolicy = policy;
  // A policy may be both (iam-deny-not-overly-broad): each entry point checks the config.
  if ("validateStack" in policy) {
    const validate = policy.validateStack;
    wrapped = { ...wrapped, validateStack: (args: StackValidationArgs, report: ReportViolation) => (checked(policy, args), validate(args, report)) };
  }
  if ("validateResource" in policy && policy.validateResource !== undefined) {
    const validators = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    wrapped = {
      ...wrapped,
      validateResource: validators.map((validate) => (args: ResourceValidationArgs, report: ReportViolation) => (checked(policy, args), validate(args, report))),
    };
  }
  return wrapped;
}
