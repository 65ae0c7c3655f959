/**
 * Reads the layout config of the current stack from Pulumi config (the `iam-baseline:` namespace
 * of `Pulumi.<stack>.yaml`, as the CLI passes it) and validates it before anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { LayoutAdoption } from "../lib/adopt/types";
import { ADOPT_KEY, resolveAdoption } from "./adopt";
import { ResolvedLayout } from "./layout";
import { providerAccountProblems } from "./providerAccount";
import { layoutConfigSchema } from "./schema";
import { closest } from "../lib/similar";
import { CONFIG_NAMESPACE, ConfigProblem, LayoutConfigError, resolveLayout, unknownKeyMessage } from "./validate";

const KNOWN_KEYS = [...Object.keys(layoutConfigSchema.shape), ADOPT_KEY];

export function stackConfigSource(stack: string = pulumi.getStack()): string {
  return `Pulumi.${stack}.yaml`;
}

/** The raw namespace as an object: JSON values parsed, plain strings kept. */
export function readNamespace(): { raw: Record<string, unknown>; problems: ConfigProblem[] } {
  const raw: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(prefix)) {
      // `iam_baseline:environment`: a namespace one slip away from ours would otherwise vanish silently.
      const [namespace, ...rest] = fullKey.split(":");
      if (rest.length > 0 && namespace !== CONFIG_NAMESPACE && closest(namespace, [CONFIG_NAMESPACE]) !== undefined) {
        problems.push({ path: fullKey, message: `unknown namespace "${namespace}"; did you mean ${CONFIG_NAMESPACE}:${rest.join(":")}?` });
      }
      continue;
    }
    const key = fullKey.slice(prefix.length);
    if (!KNOWN_KEYS.includes(key)) {
      problems.push({ path: key, message: unknownKeyMessage([key], KNOWN_KEYS).replace(/^unknown key "[^"]*"/, "unknown key") });
      continue;
    }
    raw[key] = parseConfigValue(value);
  }
  return { raw, problems };
}

function parseConfigValue(value: string): unknown {
  // The CLI passes objects and lists JSON-encoded and scalars as strings ("true", "3600").
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/** The validated layout of this stack; throws a `pulumi.RunError` naming every problem. */
export function loadStackLayout(): ResolvedLayout {
  const source = stackConfigSource();
  const { raw: all, problems } = readNamespace();
  const { [ADOPT_KEY]: _adopt, ...raw } = all;
  try {
    const layout = resolveLayout(raw, source);
    problems.push(...providerAccountProblems(pulumi.runtime.allConfig(), layout.identityAccountId));
    if (problems.length > 0) throw new LayoutConfigError(source, problems);
    // Deployable but worth a look: shown by the CLI as warnings, never a failed update.
    for (const w of layout.warnings) void pulumi.log.warn(`${source}: ${CONFIG_NAMESPACE}:${w.path}: ${w.message}`);
    return layout;
  } catch (err) {
    if (!(err instanceof LayoutConfigError)) throw err;
    const all = err.problems === problems ? problems : [...problems, ...err.problems];
    // RunError: the CLI prints the message without a stack trace.
    throw new pulumi.RunError(new LayoutConfigError(source, all).message);
  }
}

/**
 * What `iam-baseline:adopt` takes over (undefined when the stack adopts nothing), read and compared
 * before any resource is registered; a refusal throws a `pulumi.RunError` naming each one.
 */
export function loadStackAdoption(layout: ResolvedLayout): LayoutAdoption | undefined {
  const raw = readNamespace().raw[ADOPT_KEY];
  try {
    return resolveAdoption(raw, layout, process.cwd())?.adoption;
  } catch (err) {
    if (err instanceof LayoutConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
