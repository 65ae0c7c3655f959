/**
 * What exists in an account, read from the documented JSON the AWS CLI prints, so adoption needs
 * no credentials: `aws iam get-account-authorization-details` (UserDetailList, GroupDetailList,
 * RoleDetailList, Policies), and optionally `aws iam list-virtual-mfa-devices`, per user
 * `aws iam list-access-keys` and `aws iam get-login-profile`, per role `aws iam get-role` (the
 * authorization details omit a role's description and maximum session). Each file's kind is
 * recognised from its shape, so they can be given in any order.
 */
import { arnAccountId } from "../iam/arn";

export interface ExistingInlinePolicy {
  name: string;
  /** The document, decoded (the API URL-encodes it; the CLI prints it as JSON). */
  document: unknown;
}

export interface ExistingAccessKey {
  id: string;
  status: string;
  createDate?: string;
}

export interface ExistingLoginProfile {
  createDate?: string;
  passwordResetRequired: boolean;
}

export interface ExistingUser {
  name: string;
  arn: string;
  path: string;
  groups: string[];
  inlinePolicies: ExistingInlinePolicy[];
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** undefined: no get-login-profile output was given for this user. */
  loginProfile?: ExistingLoginProfile;
  /** Whether a get-login-profile output was given (absent output: assumed to have none). */
  loginProfileKnown: boolean;
  accessKeys: ExistingAccessKey[];
  /** Serials of the virtual MFA devices assigned to the user. */
  mfaSerials: string[];
}

export interface ExistingGroup {
  name: string;
  arn: string;
  path: string;
  inlinePolicies: ExistingInlinePolicy[];
  attachedPolicyArns: string[];
}

export interface ExistingRole {
  name: string;
  arn: string;
  path: string;
  trust: unknown;
  inlinePolicies: ExistingInlinePolicy[];
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** Known only from a get-role output; `null` when get-role shows none. */
  description?: string | null;
  maxSessionDuration?: number;
}

export interface ExistingManagedPolicy {
  arn: string;
  name: string;
  path: string;
  /** The default version's document. */
  document: unknown;
}

export interface AccountSnapshot {
  accountId: string;
  users: ExistingUser[];
  groups: ExistingGroup[];
  roles: ExistingRole[];
  policies: ExistingManagedPolicy[];
}

export interface Snapshot {
  /** account id -> what exists there */
  accounts: Record<string, AccountSnapshot>;
  files: string[];
}

export class SnapshotError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A policy document as the CLI prints it (object) or as the API returns it (URL-encoded JSON string). */
export function decodePolicyDocument(v: unknown): unknown {
  if (typeof v !== "string") return v;
  for (const text of [v, safeDecode(v)]) {
    try {
      return JSON.parse(text);
    } catch {
      // next form
    }
  }
  return v;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, " "));
  } catch {
    return v;
  }
}

function tagsOf(v: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of list(v)) if (isObject(t) && typeof t.Key === "string") tags[t.Key] = str(t.Value) ?? "";
  return tags;
}

const inlineOf = (v: unknown): ExistingInlinePolicy[] =>
  list(v).filter(isObject).map((p) => ({ name: String(p.PolicyName), document: decodePolicyDocument(p.PolicyDocument) }));
const attachedOf = (v: unknown): string[] => list(v).filter(isObject).map((p) => String(p.PolicyArn));
const boundaryOf = (v: unknown): string | undefined => (isObject(v) ? str(v.PermissionsBoundaryArn) : undefined);

/** Recognises one CLI output and folds it into the snapshot. */
export class SnapshotBuilder {
  private readonly accounts: Record<string, AccountSnapshot> = {};
  private readonly files: string[] = [];
  private readonly loginProfiles = new Map<string, ExistingLoginProfile>();
  private readonly accessKeys = new Map<string, ExistingAccessKey[]>();
  private readonly mfaSerials: { accountId: string; user: string; serial: string }[] = [];
  private readonly roleDetails: Json[] = [];

  private account(id: string): AccountSnapshot {
    return (this.accounts[id] ??= { accountId: id, users: [], groups: [], roles: [], policies: [] });
  }

  private accountOf(arn: string, file: string): string {
    const id = arnAccountId(arn);
    if (id === undefined) throw new SnapshotError(`${file}: expected an IAM ARN with a 12-digit account id, got "${arn}"`);
    return id;
  }

  add(doc: unknown, file: string): this {
    if (!isObject(doc)) throw new SnapshotError(`${file}: expected a JSON object printed by the AWS CLI`);
    this.files.push(file);
    if ("UserDetailList" in doc || "GroupDetailList" in doc || "RoleDetailList" in doc || "Policies" in doc) this.addAuthorizationDetails(doc, file);
    else if ("VirtualMFADevices" in doc) this.addMfaDevices(doc, file);
    else if ("AccessKeyMetadata" in doc) this.addAccessKeys(doc, file);
    else if ("LoginProfile" in doc) this.addLoginProfile(doc, file);
    else if ("Role" in doc && isObject(doc.Role)) this.roleDetails.push(doc.Role);
    else {
      throw new SnapshotError(
        `${file}: not an output of get-account-authorization-details, list-virtual-mfa-devices, list-access-keys, get-login-profile or get-role (top-level keys: ${Object.keys(doc).join(", ") || "none"})`,
      );
    }
    return this;
  }

  private addAuthorizationDetails(doc: Json, file: string): void {
    for (const u of list(doc.UserDetailList).filter(isObject)) {
      const arn = String(u.Arn);
      this.account(this.accountOf(arn, file)).users.push({
        name: String(u.UserName),
        arn,
        path: str(u.Path) ?? "/",
        groups: list(u.GroupList).map(String),
        inlinePolicies: inlineOf(u.UserPolicyList),
        attachedPolicyArns: attachedOf(u.AttachedManagedPolicies),
        permissionsBoundaryArn: boundaryOf(u.PermissionsBoundary),
        tags: tagsOf(u.Tags),
        loginProfileKnown: false,
        accessKeys: [],
        mfaSerials: [],
      });
    }
    for (const g of list(doc.GroupDetailList).filter(isObject)) {
      const arn = String(g.Arn);
      this.account(this.accountOf(arn, file)).groups.push({
        name: String(g.GroupName),
        arn,
        path: str(g.Path) ?? "/",
        inlinePolicies: inlineOf(g.GroupPolicyList),
        attachedPolicyArns: attachedOf(g.AttachedManagedPolicies),
      });
    }
    for (const r of list(doc.RoleDetailList).filter(isObject)) {
      const arn = String(r.Arn);
      this.account(this.accountOf(arn, file)).roles.push({
        name: String(r.RoleName),
        arn,
        path: str(r.Path) ?? "/",
        trust: decodePolicyDocument(r.AssumeRolePolicyDocument),
        inlinePolicies: inlineOf(r.RolePolicyList),
        attachedPolicyArns: attachedOf(r.AttachedManagedPolicies),
        permissionsBoundaryArn: boundaryOf(r.PermissionsBoundary),
        tags: tagsOf(r.Tags),
      });
    }
    for (const p of list(doc.Policies).filter(isObject)) {
      const arn = String(p.Arn);
      const accountId = arnAccountId(arn);
      if (accountId === undefined) continue; // AWS managed policies (account "aws") are known by ARN
      const versions = list(p.PolicyVersionList).filter(isObject);
      const current = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId === p.DefaultVersionId);
      this.account(accountId).policies.push({ arn, name: String(p.PolicyName), path: str(p.Path) ?? "/", document: decodePolicyDocument(current?.Document) });
    }
  }

  private addMfaDevices(doc: Json, file: string): void {
    for (const d of list(doc.VirtualMFADevices).filter(isObject)) {
      const serial = String(d.SerialNumber);
      if (!isObject(d.User) || typeof d.User.UserName !== "string") continue; // not assigned to anyone
      this.mfaSerials.push({ accountId: this.accountOf(serial, file), user: d.User.UserName, serial });
    }
  }

  private addAccessKeys(doc: Json, file: string): void {
    for (const k of list(doc.AccessKeyMetadata).filter(isObject)) {
      const user = str(k.UserName);
      if (user === undefined) throw new SnapshotError(`${file}: AccessKeyMetadata entry without UserName`);
      const keys = this.accessKeys.get(user) ?? [];
      keys.push({ id: String(k.AccessKeyId), status: str(k.Status) ?? "Active", createDate: str(k.CreateDate) });
      this.accessKeys.set(user, keys);
    }
  }

  private addLoginProfile(doc: Json, file: string): void {
    const p = doc.LoginProfile;
    if (!isObject(p) || typeof p.UserName !== "string") throw new SnapshotError(`${file}: expected LoginProfile.UserName`);
    this.loginProfiles.set(p.UserName, { createDate: str(p.CreateDate), passwordResetRequired: p.PasswordResetRequired === true });
  }

  build(): Snapshot {
    for (const account of Object.values(this.accounts)) {
      for (const user of account.users) {
        const profile = this.loginProfiles.get(user.name);
        user.loginProfileKnown = profile !== undefined;
        user.loginProfile = profile;
        user.accessKeys = this.accessKeys.get(user.name) ?? [];
        user.mfaSerials = this.mfaSerials.filter((m) => m.accountId === account.accountId && m.user === user.name).map((m) => m.serial);
      }
    }
    for (const r of this.roleDetails) {
      const role = this.accounts[arnAccountId(String(r.Arn)) ?? ""]?.roles.find((x) => x.name === r.RoleName);
      if (!role) continue;
      role.description = str(r.Description) ?? null;
      if (typeof r.MaxSessionDuration === "number") role.maxSessionDuration = r.MaxSessionDuration;
    }
    return { accounts: this.accounts, files: [...this.files] };
  }
}
