/**
 * The layout and the adoption of a stack file, read as the program reads them (the `iam-baseline:`
 * namespace the CLI passes), without running the program: for `npm run adopt` and the gate.
 */
import * as path from "path";
import { ADOPT_KEY, AdoptionRefused, resolveAdoption } from "../../config/adopt";
import { ResolvedLayout } from "../../config/layout";
import { CONFIG_NAMESPACE, resolveLayout } from "../../config/validate";
import { AdoptionResult, AdoptSelection } from "../../lib/adopt/plan";
import { StackConfig } from "../stack/stackConfig";

export interface StackAdoption {
  layout: ResolvedLayout;
  /** The stack's own `iam-baseline:adopt` value, if any. */
  adoptConfig?: unknown;
  /** undefined: the stack adopts nothing and no snapshot was given. */
  result?: AdoptionResult;
  /** The refusals, one line each (the result still explains every identity). */
  refusal?: string;
}

/** The namespace as objects: JSON-encoded values parsed, scalars kept. */
export function namespaceOf(config: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const t = value.trim();
    let v: unknown = value;
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        v = JSON.parse(t);
      } catch {
        v = value;
      }
    }
    raw[key.slice(CONFIG_NAMESPACE.length + 1)] = v;
  }
  return raw;
}

/** Throws `LayoutConfigError` for a bad layout or adopt config; a refusal is returned, not thrown. */
export function stackAdoption(stackConfig: StackConfig, projectDir: string, override?: { from?: string[]; identities?: AdoptSelection }): StackAdoption {
  const { [ADOPT_KEY]: adoptConfig, ...raw } = namespaceOf(stackConfig.config);
  const layout = resolveLayout(raw, path.basename(stackConfig.file));
  try {
    return { layout, adoptConfig, result: resolveAdoption(adoptConfig, layout, projectDir, override) };
  } catch (err) {
    if (err instanceof AdoptionRefused) return { layout, adoptConfig, result: err.result, refusal: err.message };
    throw err;
  }
}
