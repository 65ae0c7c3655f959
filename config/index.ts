/**
 * The layout config: its keys as plain interfaces, its rules as JSON Schema, its validation into a
 * resolved layout, and reading it from a stack. (The zod schema stays internal: its typings need
 * `esModuleInterop`, which Pulumi's TypeScript template does not set.)
 */
export * from "./input";
export * from "./jsonSchema";
export * from "./layout";
export * from "./validate";
export * from "./stack";
