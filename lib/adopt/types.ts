/**
 * What the components need to adopt an existing identity: the import ids and the existing values
 * of the inputs, so that Pulumi's `import` finds inputs that match what exists (it refuses an
 * import whose inputs differ). While an identity is adopted it is registered exactly as it is;
 * once it leaves `iam-baseline:adopt`, the layout's own values apply in place.
 */

export interface ImportedResource {
  /** Pulumi type token, e.g. `aws:iam/user:User`. */
  type: string;
  /** The resource's Pulumi name (its URN's last part). */
  name: string;
  /** The import id in the provider's documented form. */
  id: string;
}

export interface UserAdoption {
  path: string;
  tags: Record<string, string>;
  permissionsBoundaryArn?: string;
  /** Physical names of the layout's groups the user is already in: the membership is imported with exactly these. */
  memberOf: string[];
  /** The user has a login profile and the layout gives it console access: import it, never reset the password. */
  importLoginProfile: boolean;
}

export interface GroupAdoption {
  path: string;
  /** The existing document of the layout's inline policy (by its name), imported as is; absent: none exists yet. */
  policy?: string;
}

export interface RoleAdoption {
  path: string;
  /** The existing trust, JSON. */
  assumeRolePolicy: string;
  /** Existing values; undefined when unknown (no get-role output): then ignored during the import. */
  /** `""` when the role has none (no null: the args of a component package have no unions). */
  description?: string;
  maxSessionDuration?: number;
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** Properties whose existing value is unknown, ignored while adopting. */
  ignoreChanges: string[];
  /** Layout managed policy ARNs already attached: their attachments are imported. */
  attachedPolicyArns: string[];
  /** The existing document of the layout's inline role policy, imported as is; absent: none exists yet. */
  inlinePolicy?: string;
}

/** Everything the program needs, keyed like the layout. */
export interface LayoutAdoption {
  users: Record<string, UserAdoption>;
  /** Group key, or the self-service group's physical name. */
  groups: Record<string, GroupAdoption>;
  /** `Role@account` */
  roles: Record<string, RoleAdoption>;
  /** user key -> the serial of an MFA device the user already has (`mfa_serial` in CLI profiles). */
  mfaSerials: Record<string, string>;
  /** user keys whose console password is their own (a login profile that existed): no first password for them. */
  ownPasswords: string[];
}

/** The fields of a login profile the provider cannot read back: ignored, so adoption never resets a password. */
export const LOGIN_PROFILE_IGNORED = ["passwordLength", "passwordResetRequired", "pgpKey"] as const;
