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

export function consoleSignInUrl(accountId: string): string {
  return `https://${accountId}.signin.aws.amazon.com/console`;
}

/** The console's switch-role link; a role under a path is named with its path. */
export function switchRoleUrl(accountId: string, roleName: string, path: string, displayName: string): string {
  const qualified = `${path.replace(/^\/+/, "")}${roleName}`;
  const query = new URLSearchParams({ account: accountId, roleName: qualified, displayName });
  return `https://signin.aws.amazon.com/switchrole?${query.toString()}`;
}
