/** IAM document types, ARN builders and the document builders the components use. */
export * from "./arn";
export * from "./builders";
export * from "./document";
