/**
 * Reads `Pulumi.yaml` and a stack file the way the Pulumi CLI does and produces the environment
 * it gives the program: `PULUMI_CONFIG` (namespaced key -> string, objects JSON-encoded) and
 * `PULUMI_CONFIG_SECRET_KEYS`. `secure:` values cannot be decrypted here: they are passed as a
 * placeholder and listed as secret, never shown.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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
  // As tools/cli/paths fromCaller (not imported: this file is also built into the harness, tools/stack/bin).
  const file = isPath ? path.resolve(process.env.INIT_CWD ?? process.cwd(), stack) : path.join(projectDir, `Pulumi.${stack}.yaml`);
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
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
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
