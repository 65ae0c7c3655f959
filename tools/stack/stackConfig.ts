/**
 * Reads `Pulumi.yaml` and a stack file the way the Pulumi CLI does and produces the environment
 * it gives the program: `PULUMI_CONFIG` (namespaced key -> string, objects JSON-encoded) and
 * `PULUMI_CONFIG_SECRET_KEYS`. `secure:` values cannot be decrypted here: they are passed as a
 * placeholder and listed as secret, never shown.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { fromCaller } from "./callerPaths";

export interface StackConfig {
  project: string;
  stack: string;
  /** The stack file it came from. */
  file: string;
  config: Record<string, string>;
  secretKeys: string[];
}

export const SECRET_PLACEHOLDER = "[secret: not decrypted offline]";

export class StackConfigError extends Error {}

/** `stack` is a stack name (`dev` -> `<projectDir>/Pulumi.dev.yaml`) or a path to a stack file. */
export function loadStackConfig(projectDir: string, stack: string): StackConfig {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  const project = readYaml(projectFile) as { name?: string; config?: Record<string, unknown> };
  if (typeof project?.name !== "string") throw new StackConfigError(`${projectFile}: expected a "name"`);
  const isPath = stack.endsWith(".yaml") || stack.includes("/");
  const file = isPath ? fromCaller(stack) : path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const stacks = stacksIn(projectDir);
    throw new StackConfigError(`no stack file ${file} (expected Pulumi.<stack>.yaml beside Pulumi.yaml); stacks here: ${stacks.length ? stacks.join(", ") : "(none)"}`);
  }
  const stackName = isPath ? path.basename(file).replace(/^Pulumi\./, "").replace(/\.yaml$/, "") : stack;
  const doc = (readYaml(file) ?? {}) as { config?: Record<string, unknown> };

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const put = (rawKey: string, value: unknown) => {
    const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
    if (key.startsWith("pulumi:")) return; // the CLI's own settings (tags, ...), not program config
    if (isSecure(value)) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
      return;
    }
    // A `secure:` value inside an object (`pulumi config set --secret --path`) makes the whole key secret.
    let nestedSecret = false;
    const plain = replaceSecure(value, () => (nestedSecret = true));
    if (nestedSecret && !secretKeys.includes(key)) secretKeys.push(key);
    config[key] = typeof plain === "string" ? plain : JSON.stringify(sortKeys(plain));
  };
  // Project-level defaults first (`config: {key: {value: ...}}` or `{key: {default: ...}}`), then the stack.
  for (const [k, v] of Object.entries(project.config ?? {})) {
    const spec = v as { value?: unknown; default?: unknown } | null;
    if (spec && typeof spec === "object" && ("value" in spec || "default" in spec)) put(k, spec.value ?? spec.default);
    else put(k, v);
  }
  for (const [k, v] of Object.entries(doc.config ?? {})) put(k, v);
  return { project: project.name, stack: stackName, file, config, secretKeys };
}

/** `value` with every nested `{secure: ...}` replaced by the placeholder; `found` is called for each. */
function replaceSecure(value: unknown, found: () => void): unknown {
  if (isSecure(value)) {
    found();
    return SECRET_PLACEHOLDER;
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, found));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, found)]));
}

/** The CLI JSON-encodes object values with their keys sorted (Go's encoding/json), at every depth. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

/** The stacks of a project: its `Pulumi.<stack>.yaml` files. */
export function stacksIn(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    // The YAML parser's message names the line and column and quotes the text: one message, no usage.
    throw new StackConfigError(`${file}: invalid YAML: ${(err as Error).message.trim()}`);
  }
}
