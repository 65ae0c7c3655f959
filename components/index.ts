export { IdentityGroup, IdentityGroupArgs } from "./identityGroup";
export { AccessKeySummary, GroupSummary, IdentityLayout, IdentityLayoutArgs, UserSummary } from "./identityLayout";
export { MfaAssumableRole, MfaAssumableRoleArgs } from "./mfaAssumableRole";
export { Person, PersonAccessKey, PersonArgs } from "./person";
export { SelfServiceMfaGroup, SelfServiceMfaGroupArgs } from "./selfServiceMfaGroup";
