/**
 * Which account, region and partition an AWS resource or call lands in, as the provider would
 * know from its credentials. Offline there are no credentials: the default provider's account
 * comes from `--account`, else the stack's `aws:allowedAccountIds` (one id), else the account of
 * `aws:assumeRole(s)`; an explicit `aws.Provider` from its own inputs the same way.
 */
import { createHash } from "crypto";

export const FALLBACK_ACCOUNT = "123456789012";

export interface AwsContext {
  account: string;
  region: string;
  partition: string;
}

const json = (v: unknown): unknown => {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/** The account an AWS provider's settings name: `allowedAccountIds` with one id, or the account of the role it assumes. */
export function accountOfSettings(get: (key: string) => unknown): string | undefined {
  const allowed = json(get("allowedAccountIds"));
  if (Array.isArray(allowed) && allowed.length === 1 && /^\d{12}$/.test(String(allowed[0]))) return String(allowed[0]);
  const assume = json(get("assumeRoles")) ?? json(get("assumeRole"));
  const first = Array.isArray(assume) ? assume[0] : assume;
  const arn = first && typeof first === "object" ? (first as Record<string, unknown>).roleArn : undefined;
  const account = typeof arn === "string" ? arn.split(":")[4] : undefined;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The partition of a region, written once in lib/iam/arn.ts (the policy pack derives ARNs with it too). */
export { partitionOf } from "../../../lib/iam/arn";

export function dnsSuffixOf(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : partition === "aws-iso" ? "c2s.ic.gov" : partition === "aws-iso-b" ? "sc2s.sgov.gov" : "amazonaws.com";
}

/** Stable pseudo-random hex for a seed: the same program gives the same names and ids on every run. */
export function hexOf(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** An IAM unique id (`AROA…`, `AIDA…`): prefix and 17 upper-case characters. */
export function iamUniqueId(prefix: string, seed: string): string {
  const hex = hexOf(seed, 34);
  let out = prefix;
  for (let i = 0; i < 17; i++) out += ALNUM[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % ALNUM.length];
  return out;
}
