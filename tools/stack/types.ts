/** What a program registered, as recorded under the runtime mocks. */
export interface RecordedResource {
  /** The URN the Pulumi engine gives it: the full chain of parent types. */
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** Engine URN of the parent, or "" for a top-level resource (the stack is its parent). */
  parent: string;
  /** Provider reference `<provider urn>::<id>`, or "" for the default provider. */
  provider: string;
  /** Package -> provider reference, for components given `providers`. */
  providers: Record<string, string>;
  dependencies: string[];
  inputs: Record<string, unknown>;
  aliases: string[];
  protect: boolean;
  ignoreChanges: string[];
}

export interface StackOutput {
  value: unknown;
  secret: boolean;
}

export interface StackRun {
  project: string;
  stack: string;
  resources: RecordedResource[];
  outputs: Record<string, StackOutput>;
  /** What the program logged with `pulumi.log.warn`, in order. */
  warnings?: string[];
  /** The program's failure, if any (a config error, an exception). */
  error?: string;
}
