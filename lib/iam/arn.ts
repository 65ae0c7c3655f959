/**
 * ARN builders. Every ARN the program puts in a policy is built here from values known at
 * preview (partition, account id, names), never from another resource's output, so a policy
 * gate can read the documents during `pulumi preview`.
 */

export interface ArnContext {
  partition: string;
}

export const DEFAULT_PARTITION = "aws";

/**
 * Region prefixes of the partitions other than `aws`, as the AWS SDKs' partitions.json matches them
 * (`^us\-isob\-\w+\-\d+$` is aws-iso-b, ...).
 */
const PARTITION_PREFIXES: readonly [prefix: string, partition: string][] = [
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["us-iso-", "aws-iso"],
  ["eu-isoe-", "aws-iso-e"],
  ["eusc-", "aws-eusc"],
  ["cn-", "aws-cn"],
];

/** The partition a region is in: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, the ISO and European Sovereign Cloud partitions, else `aws`. */
export function partitionOf(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? DEFAULT_PARTITION;
}

export function accountRootArn(accountId: string, partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function userArn(accountId: string, userName: string, path = "", partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:user${normalisePath(path)}${userName}`;
}

export function roleArn(accountId: string, roleName: string, path = "", partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:role${normalisePath(path)}${roleName}`;
}

/** A customer managed policy of the account (`arn:aws:iam::111111111111:policy/Name`), known at preview. */
export function customerPolicyArn(accountId: string, policyName: string, path = "", partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:policy${normalisePath(path)}${policyName}`;
}

/** The pattern of every user under an IAM path: `arn:aws:iam::111111111111:user/people/*`. */
export function userPathPattern(accountId: string, path: string, partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:user${normalisePath(path)}*`;
}

/** The serial of a user's virtual MFA device, as the self-service policy lets them create it. */
export function mfaDeviceArn(accountId: string, userName: string, partition = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::${accountId}:mfa/${userName}`;
}

/** `AdministratorAccess` or `job-function/ViewOnlyAccess` -> the AWS managed policy ARN; an ARN is kept as is. */
export function managedPolicyArn(nameOrArn: string, partition = DEFAULT_PARTITION): string {
  if (nameOrArn.startsWith("arn:")) return nameOrArn;
  return `arn:${partition}:iam::aws:policy/${nameOrArn}`;
}

/** The last path segment of a policy ARN or name: `arn:aws:iam::aws:policy/job-function/X` -> `X`. */
export function policyShortName(nameOrArn: string): string {
  const parts = nameOrArn.split("/");
  return parts[parts.length - 1];
}

/** An ARN's six parts (the last, the resource, keeps its colons), or undefined for text with fewer. */
export function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(":");
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** The account id inside an IAM ARN, or undefined when the ARN has none. */
export function arnAccountId(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

/** An IAM path as IAM writes it: `/` for the root (given as "" or "/"), else `/a/b/`. */
function normalisePath(path: string): string {
  if (path === "" || path === "/") return "/";
  return `/${path.replace(/^\/+|\/+$/g, "")}/`;
}
