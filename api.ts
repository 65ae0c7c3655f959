/**
 * The `iam-baseline` npm package: the components, the config schema and its validation, and the
 * IAM document builders. Subpaths: `iam-baseline/components`, `iam-baseline/config`,
 * `iam-baseline/iam`.
 */
export * from "./components";
export * from "./config";
export * from "./lib/iam";
export * from "./lib/outputs/awsCli";
