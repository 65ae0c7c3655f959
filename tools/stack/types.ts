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
  /** The resources each input depends on (URNs by property), as the engine sends them to a policy pack. */
  propertyDependencies?: Record<string, string[]>;
  inputs: Record<string, unknown>;
  /**
   * The inputs as the engine sends them to a policy pack's `Analyze`: after the provider's Check
   * (autonames filled in). Values unknown at preview are the engine's unknown sentinel.
   */
  checked?: Record<string, unknown>;
  /** The resource's state as `AnalyzeStack` gets it: at preview, what the provider computes is unknown. */
  outputs?: Record<string, unknown>;
  /** A multi-language (remote) component: its children are created by a provider plugin the mocks do not run. */
  remote?: boolean;
  aliases: string[];
  protect: boolean;
  ignoreChanges: string[];
  /** The `import` option: the id of an existing resource to adopt instead of creating it. */
  importId?: string;
  /** Deleting it from the stack leaves it in the cloud (adopted identities, while adopted). */
  retainOnDelete?: boolean;
}

export interface StackOutput {
  value: unknown;
  secret: boolean;
}

/** `preview`: what the provider computes is unknown, as in `pulumi preview`; `update`: every output known, as in `pulumi up`. */
export type RunView = "preview" | "update";

/** The engine's encoding of a value not known yet (`@pulumi/pulumi/runtime/rpc` unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Something the gate could not see, so that nobody mistakes it for "passed". */
export interface NotSeen {
  kind: "remote-component" | "apply-error" | "unmodelled-call" | "output-error";
  /** The resource (or stack output) concerned, when there is one. */
  urn?: string;
  detail: string;
}

export interface StackRun {
  project: string;
  stack: string;
  resources: RecordedResource[];
  outputs: Record<string, StackOutput>;
  /** How the program was presented (default `update`, as the tests and `npm run access` need values). */
  view?: RunView;
  /** The account the default AWS provider was assumed to manage, and why. */
  defaultAccount?: { id: string; source: string };
  notSeen?: NotSeen[];
  /** What the program logged with `pulumi.log.warn`, in order. */
  warnings?: string[];
  /** The program's failure, if any (a config error, an exception). */
  error?: string;
}
