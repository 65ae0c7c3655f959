import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IdentityLayoutConfig } from "../config/input";
import { grantLabel, groupGrants, layoutRoleArn, layoutUserArn, ResolvedLayout } from "../config/layout";
import { resolveLayout } from "../config/validate";
import { mfaDeviceArn } from "../lib/iam/arn";
import { layoutTags } from "../lib/adopt/desired";
import { LayoutAdoption } from "../lib/adopt/types";
import { awsCliConfig, consoleSignInUrl, profileName, sourceProfileName, switchRoleUrl } from "../lib/outputs/awsCli";
import { IdentityGroup } from "./identityGroup";
import { MfaAssumableRole } from "./mfaAssumableRole";
import { Person, PersonAccessKey } from "./person";
import { SelfServiceMfaGroup } from "./selfServiceMfaGroup";

/** Give exactly one of `config` and `layout`. */
export interface IdentityLayoutArgs {
  /**
   * The layout config, keyed as in `Pulumi.<stack>.yaml` under `iam-baseline:`; validated in full
   * (every value and cross reference) before any resource is registered.
   */
  config?: IdentityLayoutConfig;
  /** Where `config` came from, for error messages (default: `IdentityLayout <name>`). */
  configSource?: string;
  /** TypeScript: a layout already validated by `resolveLayout(config, source)` or `loadStackLayout()`. */
  layout?: ResolvedLayout;
  /** Identities that exist already and are imported instead of created: `loadStackAdoption(layout)` or `resolveAdoption(...)`. */
  adoption?: LayoutAdoption;
}

/** A person of the layout. */
export interface UserSummary {
  /** The user ARN. */
  arn: string;
  /** Group keys. */
  groups: string[];
  /** The ARN of the user's virtual MFA device (`mfa_serial`). */
  mfaSerial: string;
  /** Whether the user has a console login profile. */
  console: boolean;
  /** `Role@account` pairs the user may assume. */
  roles: string[];
}

/** A group of the layout. */
export interface GroupSummary {
  /** The group's IAM name. */
  name: string;
  /** `Role@account` pairs its members may assume. */
  roles: string[];
}

/** An access key of a person. */
export interface AccessKeySummary {
  id: string;
  /** Secret: the plain secret, or the PGP-encrypted one. */
  secret: string;
}

const providersOf = new WeakMap<IdentityLayout, Record<string, aws.Provider>>();

function layoutOf(name: string, args: IdentityLayoutArgs): ResolvedLayout {
  if ((args.layout === undefined) === (args.config === undefined)) {
    throw new Error(`IdentityLayout ${name}: expected exactly one of "config" (the layout config) and "layout" (a resolved layout), got ${args.layout === undefined ? "neither" : "both"}`);
  }
  return args.layout ?? resolveLayout(args.config, args.configSource ?? `IdentityLayout ${name}`);
}


/**
 * The whole human-access layout: users, groups and the self-service group in the identity
 * account (the default provider, or `opts.providers.aws`), and MFA roles in every target
 * account through a provider per account that assumes its `deployRoleArn`.
 */
export class IdentityLayout extends pulumi.ComponentResource {
  /** role -> account -> ARN */
  readonly roleArns: Record<string, Record<string, string>>;
  /** group -> its IAM name and the roles its members may assume */
  readonly groups: Record<string, GroupSummary>;
  /** user -> ARN, groups, MFA serial, roles */
  readonly users: Record<string, UserSummary>;
  /** The identity account's console sign-in URL. */
  readonly consoleSignInUrl: string;
  /** role -> account -> link */
  readonly switchRoleUrls: Record<string, Record<string, string>>;
  /** user -> `~/.aws/config` fragment */
  readonly awsCliConfig: Record<string, string>;
  /** Secret: user -> first console password. */
  readonly initialPasswords: pulumi.Output<Record<string, string>>;
  /** Secret: user -> slot -> { id, secret }. */
  readonly accessKeys: pulumi.Output<Record<string, Record<string, AccessKeySummary>>>;
  /**
   * account -> the provider that assumes its `deployRoleArn`. A getter, not a field: provider
   * objects are TypeScript's, so the component's schema for other languages leaves them out.
   */
  get accountProviders(): Record<string, aws.Provider> {
    return providersOf.get(this) ?? {};
  }

  constructor(name: string, args: IdentityLayoutArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:index:IdentityLayout", name, {}, opts);
    const L = layoutOf(name, args);
    const adoption = args.adoption;
    const tags = layoutTags(L.environment);
    const region = aws.config.region;

    // One provider per target account that is reached through a deploy role.
    const accountProviders: Record<string, aws.Provider> = {};
    providersOf.set(this, accountProviders);
    for (const [key, account] of Object.entries(L.accounts)) {
      if (account.deployRoleArn === undefined) continue;
      accountProviders[key] = new aws.Provider(
        `account-${key}`,
        {
          region: account.region ?? region,
          allowedAccountIds: [account.id],
          // The external id guards the deploy role like a password: kept a secret in the state, as when set with
          // `pulumi config set --secret --path iam-baseline:accounts.<key>.externalId`.
          assumeRoles: [{ roleArn: account.deployRoleArn, sessionName: `iam-baseline-${L.environment}`, externalId: account.externalId === undefined ? undefined : pulumi.secret(account.externalId) }],
          defaultTags: { tags },
        },
        { parent: this },
      );
    }

    const userArnOf = (userKey: string) => layoutUserArn(L, userKey);
    const roleArnIn = (roleKey: string, accountKey: string) => layoutRoleArn(L, { role: roleKey, account: accountKey });

    // Roles in every target account.
    this.roleArns = {};
    this.switchRoleUrls = {};
    for (const role of Object.values(L.roles)) {
      this.roleArns[role.key] = {};
      this.switchRoleUrls[role.key] = {};
      for (const accountKey of role.accounts) {
        const label = `${role.key}@${accountKey}`;
        // The form validation chose (exact ARNs while they fit IAM's trust quota, else the layout's user path).
        const trustForm = L.trustForms[label];
        const provider = accountProviders[accountKey];
        new MfaAssumableRole(
          `${role.key}@${accountKey}`,
          {
            roleName: role.physicalName,
            accountId: L.accounts[accountKey].id,
            identityAccountId: L.identityAccountId,
            ...(trustForm === "path" ? { principalPath: L.userPath } : { principalArns: (L.holdersOf[label] ?? []).map(userArnOf) }),
            trustForm,
            trustPolicyMaxChars: L.quotas.trustPolicyChars,
            mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
            maxSessionSeconds: role.maxSessionSeconds,
            validUntil: role.validUntil,
            managedPolicyArns: role.managedPolicyArns,
            inlinePolicy: role.inlinePolicy,
            permissionsBoundaryArn: role.permissionsBoundaryArn,
            path: role.path,
            description: role.description ?? `${role.key} for people of ${L.environment}, assumable with MFA only`,
            partition: L.partition,
            tags: { ...tags, ...role.tags },
            additionalTrustStatements: role.additionalTrustStatements,
            adopt: adoption?.roles[`${role.key}@${accountKey}`],
          },
          { parent: this, provider },
        );
        this.roleArns[role.key][accountKey] = roleArnIn(role.key, accountKey);
        this.switchRoleUrls[role.key][accountKey] = switchRoleUrl(
          L.accounts[accountKey].id,
          role.physicalName,
          role.path,
          profileName(L.environment, accountKey, role.key),
          L.partition,
        );
      }
    }

    // Identity account: the self-service group, the permission groups, the people.
    const selfService = new SelfServiceMfaGroup(
      L.selfServiceGroupName,
      { groupName: L.selfServiceGroupName, partition: L.partition, adopt: adoption?.groups[L.selfServiceGroupName] },
      { parent: this },
    );
    const groupResources: Record<string, IdentityGroup> = {};
    this.groups = {};
    for (const group of Object.values(L.groups)) {
      groupResources[group.key] = new IdentityGroup(
        group.key,
        {
          groupName: group.physicalName,
          grants: groupGrants(L, group),
          accountId: L.identityAccountId,
          partition: L.partition,
          adopt: adoption?.groups[group.key],
        },
        { parent: this },
      );
      this.groups[group.key] = { name: group.physicalName, roles: group.grants.map(grantLabel) };
    }

    this.users = {};
    this.awsCliConfig = {};
    const passwords: Record<string, pulumi.Output<string>> = {};
    const keys: Record<string, Record<string, PersonAccessKey>> = {};
    for (const user of Object.values(L.users)) {
      // A device the person already has keeps working: its serial goes into their CLI profiles.
      const mfaSerial = adoption?.mfaSerials[user.key] ?? user.mfaSerial;
      const person = new Person(
        user.key,
        {
          userName: user.physicalName,
          identityAccountId: L.identityAccountId,
          groups: [selfService.groupName, ...user.groups.map((g) => groupResources[g].groupName)],
          console: user.console,
          accessKeySlots: user.accessKeySlots,
          pgpKey: user.pgpKey,
          path: user.path,
          partition: L.partition,
          tags: { ...tags, ...user.tags },
          mfaSerial,
          adopt: adoption?.users[user.key],
        },
        { parent: this },
      );
      if (person.initialPassword && !adoption?.ownPasswords.includes(user.key)) passwords[user.key] = person.initialPassword;
      if (Object.keys(person.accessKeys).length > 0) keys[user.key] = person.accessKeys;
      const grants = L.grantsOfUser[user.key];
      this.users[user.key] = { arn: userArnOf(user.key), groups: user.groups, mfaSerial, console: user.console, roles: grants.map(grantLabel) };
      this.awsCliConfig[user.key] = awsCliConfig({
        sourceProfile: sourceProfileName(L.environment),
        mfaSerial,
        roleSessionName: user.physicalName,
        profiles: grants.map((g) => ({
          profileName: profileName(L.environment, g.account, g.role),
          roleArn: roleArnIn(g.role, g.account),
          durationSeconds: L.roles[g.role].maxSessionSeconds,
          region: L.accounts[g.account].region ?? region,
        })),
      });
    }

    const pp = L.passwordPolicy;
    new aws.iam.AccountPasswordPolicy(
      "password-policy",
      {
        minimumPasswordLength: pp.minimumLength,
        requireLowercaseCharacters: pp.requireLowercase,
        requireUppercaseCharacters: pp.requireUppercase,
        requireNumbers: pp.requireNumbers,
        requireSymbols: pp.requireSymbols,
        allowUsersToChangePassword: pp.allowUsersToChangePassword,
        passwordReusePrevention: pp.reusePrevention,
        maxPasswordAge: pp.maxAgeDays,
      },
      { parent: this },
    );

    this.consoleSignInUrl = consoleSignInUrl(L.identityAccountId, L.partition);
    this.initialPasswords = pulumi.secret(pulumi.output(passwords));
    this.accessKeys = pulumi.secret(pulumi.output(keys));
    this.registerOutputs({
      roleArns: this.roleArns,
      groups: this.groups,
      users: this.users,
      consoleSignInUrl: this.consoleSignInUrl,
      switchRoleUrls: this.switchRoleUrls,
      awsCliConfig: this.awsCliConfig,
      initialPasswords: this.initialPasswords,
      accessKeys: this.accessKeys,
    });
  }
}
