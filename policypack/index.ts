/**
 * iam-guardrails: refuses unsafe IAM before it reaches an account, on any Pulumi AWS program.
 *   pulumi preview --policy-pack policypack [--policy-pack-config policypack/config/prod.json]
 */
import { PolicyPack } from "@pulumi/policy";
import { shareDeserializedProperties } from "./lib/sdkProperties";
import { policies } from "./policies";

// The SDK deserializes a resource's properties once per policy; once is enough (lib/sdkProperties.ts).
shareDeserializedProperties();

new PolicyPack("iam-guardrails", {
  description: "Blocks MFA-less role trusts, user inline admin, overly broad Denies and public trusts; checks admin paths across the stack.",
  policies,
});
