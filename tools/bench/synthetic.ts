/** Synthetic organisations for the benchmark: a layout config, and IAM resources for the policy pack. */
import { LayoutConfigInput } from "../../config/schema";

const POLICIES = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "SecurityAudit", "job-function/Billing"];
const GROUP_SIZE = 20;

const accountId = (i: number) => String(100000000000 + i);

/**
 * `users` people in groups of 20, `accounts` accounts, and roles in proportion: each group holds
 * its own role in one account (a trust names at most ~20 users, well within IAM's size quota).
 */
export function syntheticLayout(users: number, accounts: number): LayoutConfigInput {
  const accountMap: LayoutConfigInput["accounts"] = { identity: { id: accountId(0) } };
  for (let i = 1; i < accounts; i++) accountMap[`acct${i}`] = { id: accountId(i), deployRoleArn: `arn:aws:iam::${accountId(i)}:role/OrganizationAccountAccessRole` };
  const accountKeys = Object.keys(accountMap);
  const groupCount = Math.max(1, Math.ceil(users / GROUP_SIZE));
  const roleCount = Math.max(1, Math.ceil(groupCount / accountKeys.length));
  const roles: LayoutConfigInput["roles"] = {};
  for (let r = 0; r < roleCount; r++) roles[`Role${r}`] = { managedPolicies: [POLICIES[r % POLICIES.length]] };
  const groups: LayoutConfigInput["groups"] = {};
  for (let g = 0; g < groupCount; g++) groups[`group${g}`] = { roles: [`Role${g % roleCount}@${accountKeys[Math.floor(g / roleCount) % accountKeys.length]}`] };
  const userMap: LayoutConfigInput["users"] = {};
  for (let u = 0; u < users; u++) userMap[`user${u}`] = { groups: [`group${Math.floor(u / GROUP_SIZE)}`], console: u % 2 === 0 };
  return { environment: "bench", identityAccountId: accountId(0), accounts: accountMap, roles, groups, users: userMap };
}

/** The config as `Pulumi.<stack>.yaml` would hand it to the program (`PULUMI_CONFIG`). */
export function pulumiConfigOf(layout: LayoutConfigInput): Record<string, string> {
  const config: Record<string, string> = { "aws:region": "us-east-1" };
  for (const [k, v] of Object.entries(layout)) config[`iam-baseline:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return config;
}

export interface BenchResource {
  kind: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
}

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } };

/** One IAM resource of each kind the pack reads, as a real program registers them. */
export function iamResource(kind: string, i: number): BenchResource {
  const name = `${kind}-${i}`;
  switch (kind) {
    case "role":
      return {
        kind, type: "aws:iam/role:Role", name,
        properties: {
          name, maxSessionDuration: 3600,
          assumeRolePolicy: doc(
            { Sid: "People", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole", Condition: { ...MFA, ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::111111111111:user/u${i}`, `arn:aws:iam::111111111111:user/v${i}`] } } },
            { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
            { Sid: "NoUntrusted", Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
          ),
        },
      };
    case "user":
      return { kind, type: "aws:iam/user:User", name, properties: { name, path: "/", tags: { team: "a" } } };
    case "userPolicy":
      return { kind, type: "aws:iam/userPolicy:UserPolicy", name, properties: { user: `u${i}`, policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] }) } };
    case "groupPolicy":
      return { kind, type: "aws:iam/groupPolicy:GroupPolicy", name, properties: { group: `g${i}`, policy: doc({ Sid: "AssumeAdmin", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::22222222${String(i % 10000).padStart(4, "0")}:role/Admin`, Condition: MFA }) } };
    case "rolePolicy":
      return { kind, type: "aws:iam/rolePolicy:RolePolicy", name, properties: { role: `r${i}`, policy: doc({ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: `arn:aws:dynamodb:us-east-1:111111111111:table/t${i}` }, { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*" }) } };
    case "bucketPolicy":
      return { kind, type: "aws:s3/bucketPolicy:BucketPolicy", name, properties: { bucket: `b${i}`, policy: doc({ Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::b${i}`, `arn:aws:s3:::b${i}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }) } };
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

export const IAM_KINDS = ["role", "user", "userPolicy", "groupPolicy", "rolePolicy", "bucketPolicy"];

/** A stack of `n` IAM resources: users, their memberships, groups with assume grants, roles. */
export function iamStack(n: number): BenchResource[] {
  const out: BenchResource[] = [];
  for (let i = 0; out.length < n; i++) {
    out.push(iamResource("user", i));
    out.push({ kind: "membership", type: "aws:iam/userGroupMembership:UserGroupMembership", name: `m-${i}`, properties: { user: `user-${i}`, groups: [`g${i % 100}`] } });
    if (i % 10 === 0) out.push(iamResource("groupPolicy", i % 100));
    if (i % 10 === 5) out.push(iamResource("role", i));
  }
  return out.slice(0, n);
}
