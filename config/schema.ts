/**
 * The stack config schema: the user-facing API of the program. Every key lives in the
 * `iam-baseline:` namespace of `Pulumi.<stack>.yaml`. Shapes and ranges are checked here
 * (zod); references between maps (a group naming a role, ...) are checked in `validate.ts`.
 */
import { z } from "zod";
import { IAM_QUOTAS, RAISABLE_QUOTA_KEYS } from "./quotas";

const IAM_NAME = /^[\w+=,.@-]+$/;

/**
 * A 12-digit account id. The CLI hands the program a top-level value as a string whether or not it
 * was quoted, so a YAML number is taken as its digits at any depth (nothing is lost at 12 digits);
 * an id that came out shorter most likely lost its leading zeros to an unquoted YAML number.
 */
export const accountId = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.string({ error: 'expected a 12-digit AWS account id as a quoted string, e.g. "111111111111"' }).regex(/^\d{12}$/, {
    error: (iss) => {
      const got = String(iss.input);
      const hint = /^\d{1,11}$/.test(got)
        ? ` (${got.length} digits: an id written unquoted in YAML loses its leading zeros; quote it, e.g. "${got.padStart(12, "0")}")`
        : "";
      return `expected a 12-digit AWS account id, got "${got}"${hint}`;
    },
  }),
);

const iamArn = (what: string) =>
  z.string().regex(/^arn:aws[\w-]*:iam::(\d{12}|aws):[\w+=,.@/-]+$/, { error: (iss) => `expected ${what} ARN, got "${String(iss.input)}"` });

const policyRef = z
  .string()
  .min(1)
  .refine((v) => !v.startsWith("arn:") || /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/.test(v), {
    error: (iss) => `expected an AWS managed policy name (e.g. ReadOnlyAccess) or a policy ARN, got "${String(iss.input)}"`,
  });

/** An IAM document as written in YAML; its statements are checked structurally, the rest by IAM. */
const statementSchema = z.looseObject({
  Sid: z.string().regex(/^[A-Za-z0-9]*$/, { error: "a Sid may hold only letters and digits" }).optional(),
  Effect: z.enum(["Allow", "Deny"], { error: 'expected "Allow" or "Deny"' }),
});
export const policyDocumentSchema = z.looseObject({
  Version: z.literal("2012-10-17", { error: 'expected Version "2012-10-17"' }),
  Statement: z.array(statementSchema).min(1, { error: "expected at least one statement" }),
});

export const accountSchema = z.strictObject({
  id: accountId,
  /** Role the deployer assumes to manage this account; absent: the default provider's account. */
  deployRoleArn: iamArn("a role").optional(),
  externalId: z.string().min(2).max(1224).optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "expected an AWS region such as us-east-1" }).optional(),
});

export const roleSchema = z.strictObject({
  description: z.string().max(1000).optional(),
  accounts: z.array(z.string()).min(1, { error: "expected at least one account key (or leave the key out for all accounts)" }).optional(),
  managedPolicies: z.array(policyRef).optional(),
  inlinePolicy: policyDocumentSchema.optional(),
  maxSessionSeconds: z
    .number({ error: "expected a number of seconds" })
    .int()
    .min(3600, { error: "expected between 3600 and 43200 seconds (AWS's range for a role's maximum session)" })
    .max(43200, { error: "expected between 3600 and 43200 seconds (AWS's range for a role's maximum session)" })
    .default(3600),
  mfaMaxAgeSeconds: z
    .number({ error: "expected a number of seconds" })
    .int()
    .min(900, { error: "expected between 900 and 129600 seconds (AWS's range for an MFA session)" })
    .max(129600, { error: "expected between 900 and 129600 seconds (AWS's range for an MFA session)" })
    .default(3600),
  permissionsBoundary: policyRef.optional(),
  validUntil: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time such as "2030-01-31T00:00:00Z"' }).optional(),
  path: z.string().regex(/^\/([\w+=,.@-]+\/)*$/, { error: 'expected an IAM path such as "/" or "/people/"' }).default("/"),
  tags: z.record(z.string(), z.string()).optional(),
  /** Escape hatch: extra trust statements (a service, a CI role), not made to require MFA; the policy pack checks them. */
  additionalTrustStatements: z.array(statementSchema).optional(),
});

export const groupSchema = z.strictObject({
  roles: z.array(z.string()).default([]),
});

const iamPath = z.string().regex(/^\/([\w+=,.@-]+\/)*$/, { error: 'expected an IAM path such as "/" or "/people/"' });

const slotName = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, { error: "expected a short slot name such as blue or green" });

export const userSchema = z.strictObject({
  groups: z.array(z.string()).default([]),
  console: z.boolean().default(false),
  /** Named key slots (at most two, as IAM allows): add the second, switch, remove the first. */
  accessKeys: z.array(slotName).max(2, { error: "expected at most two access key slots (IAM allows two keys per user)" }).default([]),
  pgpKey: z.string().min(1).optional(),
  /**
   * The person's MFA device when it is not the virtual device named after them (a hardware TOTP
   * token's serial number, or a device an admin created): the `mfa_serial` of their profiles.
   */
  mfaSerial: z
    .string()
    .regex(/^(arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+|(?!arn:)[\w+=,.@-]{9,256})$/, {
      error: (iss) => `expected the ARN of an MFA device (arn:aws:iam::<identity account>:mfa/<device name>) or a hardware token's serial number, got "${String(iss.input)}"`,
    })
    .optional(),
  /** Default: the layout's `userPath`. */
  path: iamPath.optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export const passwordPolicySchema = z.strictObject({
  minimumLength: z.number().int().min(14, { error: "expected at least 14 characters" }).max(128).default(14),
  requireLowercase: z.boolean().default(true),
  requireUppercase: z.boolean().default(true),
  requireNumbers: z.boolean().default(true),
  requireSymbols: z.boolean().default(true),
  allowUsersToChangePassword: z.boolean().default(true),
  reusePrevention: z.number().int().min(1).max(24).default(24),
  maxAgeDays: z.number().int().min(1).max(1095).default(90),
});

const raisable = (key: (typeof RAISABLE_QUOTA_KEYS)[number]) => {
  const q = IAM_QUOTAS[key];
  const error = `expected ${q.default} (AWS's default) to ${q.max} (the largest value AWS grants)`;
  return z.number({ error }).int({ error }).min(q.default, { error }).max(q.max, { error }).optional();
};
export const quotasSchema = z.strictObject(Object.fromEntries(RAISABLE_QUOTA_KEYS.map((k) => [k, raisable(k)])) as Record<(typeof RAISABLE_QUOTA_KEYS)[number], ReturnType<typeof raisable>>);

export const layoutConfigSchema = z.strictObject({
  environment: z.string({ error: "expected a lowercase label such as dev or prod" }).regex(/^[a-z][a-z0-9-]*$/, { error: "expected a lowercase label such as dev or prod" }),
  identityAccountId: accountId,
  partition: z.enum(["aws", "aws-us-gov", "aws-cn"]).default("aws"),
  namePrefix: z.string().regex(/^[\w+=,.@-]*$/, { error: "expected characters allowed in IAM names" }).default(""),
  selfServiceGroupName: z.string().regex(IAM_NAME).default("SelfServiceMfa"),
  accounts: z.record(z.string(), accountSchema, { error: 'expected a map of accounts, e.g. identity: { id: "111111111111" }' }),
  roles: z.record(z.string(), roleSchema, { error: "expected a map of roles, e.g. Admin: { managedPolicies: [AdministratorAccess] }" }),
  groups: z.record(z.string(), groupSchema, { error: "expected a map of groups, e.g. Administrators: { roles: [Admin] }" }),
  users: z.record(z.string(), userSchema, { error: "expected a map of users, e.g. alice: { groups: [Administrators], console: true }" }),
  passwordPolicy: passwordPolicySchema.default(passwordPolicySchema.parse({})),
  /** IAM's role trust policy size quota: 2048 by default, up to 4096 once raised. Older spelling of `quotas.trustPolicyChars`. */
  trustPolicyMaxChars: z.number().int().min(2048).max(4096, { error: "expected at most 4096 (IAM's largest trust policy quota)" }).optional(),
  /**
   * The IAM path every user of the layout lives under (default "/"). A path of its own (such as
   * "/people/") lets role trusts admit the layout's people by path, whatever their number.
   */
  userPath: iamPath.default("/"),
  /** How role trusts name people: `auto` (exact ARNs while they fit the trust quota, else the user path), `exact`, `path`. */
  trustForm: z.enum(["auto", "exact", "path"], { error: 'expected "auto", "exact" or "path"' }).default("auto"),
  /** Quotas AWS has raised for your accounts through Service Quotas (see config/quotas.ts). */
  quotas: quotasSchema.default({}),
});

/** The config as a user writes it (defaults optional). */
export type LayoutConfigInput = z.input<typeof layoutConfigSchema>;
/** The config after defaults. */
export type LayoutConfig = z.output<typeof layoutConfigSchema>;
export type RoleConfig = z.output<typeof roleSchema>;
export type UserConfig = z.output<typeof userSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type PasswordPolicyConfig = z.output<typeof passwordPolicySchema>;

export const IAM_NAME_PATTERN = IAM_NAME;
/** IAM's own name length limits. */
export const NAME_LIMITS = { user: 64, group: 128, role: 64 } as const;
