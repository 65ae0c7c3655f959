/**
 * What a person pastes to use the layout: `~/.aws/config` profiles and console switch-role links.
 * Pure functions of names and ARNs, so they are known at preview and testable without Pulumi.
 */
import { stringify } from "ini";

export interface RoleProfile {
  /** `dev-sandbox-poweruser` */
  profileName: string;
  roleArn: string;
  durationSeconds: number;
  region?: string;
}

export interface CliConfigArgs {
  /** The profile holding the user's own access keys in the identity account. */
  sourceProfile: string;
  mfaSerial: string;
  roleSessionName: string;
  profiles: RoleProfile[];
}

export function profileName(environment: string, account: string, role: string): string {
  return `${environment}-${account}-${role}`.toLowerCase();
}

/** Default name of the profile with the person's own keys: `<environment>-identity`. */
export function sourceProfileName(environment: string): string {
  return `${environment}-identity`;
}

/** An INI fragment for `~/.aws/config`, one `[profile ...]` per role and account. */
export function awsCliConfig(args: CliConfigArgs): string {
  const sections: Record<string, Record<string, string | number>> = {};
  for (const p of [...args.profiles].sort((a, b) => a.profileName.localeCompare(b.profileName))) {
    const section: Record<string, string | number> = {
      role_arn: p.roleArn,
      source_profile: args.sourceProfile,
      mfa_serial: args.mfaSerial,
      duration_seconds: p.durationSeconds,
      role_session_name: args.roleSessionName,
    };
    if (p.region !== undefined) section.region = p.region;
    sections[`profile ${p.profileName}`] = section;
  }
  return stringify(sections, { whitespace: true });
}

/** The sign-in host of each partition: commercial, AWS GovCloud (US), and the China regions. */
export const SIGN_IN_HOSTS: Readonly<Record<string, string>> = {
  aws: "signin.aws.amazon.com",
  "aws-us-gov": "signin.amazonaws-us-gov.com",
  "aws-cn": "signin.amazonaws.cn",
};

export function signInHost(partition = "aws"): string {
  const host = SIGN_IN_HOSTS[partition];
  if (host === undefined) throw new Error(`unknown AWS partition "${partition}"; expected one of ${Object.keys(SIGN_IN_HOSTS).join(", ")}`);
  return host;
}

/** The account's own console sign-in page (`https://<id>.signin.aws.amazon.com/console` in the commercial partition). */
export function consoleSignInUrl(accountId: string, partition = "aws"): string {
  return `https://${accountId}.${signInHost(partition)}/console`;
}

/** The console's switch-role link; a role under a path is named with its path. */
export function switchRoleUrl(accountId: string, roleName: string, path: string, displayName: string, partition = "aws"): string {
  const qualified = `${path.replace(/^\/+/, "")}${roleName}`;
  const query = new URLSearchParams({ account: accountId, roleName: qualified, displayName });
  return `https://${signInHost(partition)}/switchrole?${query.toString()}`;
}
