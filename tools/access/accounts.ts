/** The names a stack's config gives its accounts (`identity`, `workloads`), by account id, for the access picture. */
import { CONFIG_NAMESPACE } from "../../config/validate";

export function accountNamesFromConfig(config: Record<string, string>): Record<string, string> {
  const raw = config[`${CONFIG_NAMESPACE}:accounts`];
  if (raw === undefined) return {};
  let accounts: unknown;
  try {
    accounts = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof accounts !== "object" || accounts === null) return {};
  const names: Record<string, string> = {};
  for (const [key, account] of Object.entries(accounts as Record<string, unknown>)) {
    const id = typeof account === "object" && account !== null ? (account as { id?: unknown }).id : undefined;
    if (typeof id === "string" || typeof id === "number") names[String(id)] = key;
  }
  return names;
}
