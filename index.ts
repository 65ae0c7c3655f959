/**
 * iam-baseline: human access to AWS for one environment stack. The layout comes from the
 * `iam-baseline:` config of `Pulumi.<stack>.yaml`; it is validated in full before any resource
 * is registered, so a bad config fails the update with every problem listed and nothing applied.
 */
import { IdentityLayout, loadStackAdoption, loadStackLayout } from "iam-baseline";

const resolved = loadStackLayout();
// Identities made by hand that `iam-baseline:adopt` takes over: read and checked before anything is registered.
const layout = new IdentityLayout("iam-baseline", { layout: resolved, adoption: loadStackAdoption(resolved) });

export const roleArns = layout.roleArns;
export const groups = layout.groups;
export const users = layout.users;
export const consoleSignInUrl = layout.consoleSignInUrl;
export const switchRoleUrls = layout.switchRoleUrls;
export const awsCliConfig = layout.awsCliConfig;
export const initialPasswords = layout.initialPasswords;
export const accessKeys = layout.accessKeys;
