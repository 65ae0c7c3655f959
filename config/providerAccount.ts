/**
 * The identity account's users and groups are created by the default AWS provider, with whatever
 * credentials the deploy runs under. `aws:allowedAccountIds` and `aws:forbiddenAccountIds` in the
 * stack file are the provider's guard against the wrong account: one that excludes the layout's
 * own identity account would make every deploy fail at the first resource, so it is refused here.
 */
import { ConfigProblem } from "./validate";

const ALLOWED = "aws:allowedAccountIds";
const FORBIDDEN = "aws:forbiddenAccountIds";

/** The account ids of a list key as the CLI passes it (JSON; ids written unquoted in YAML come as numbers). */
function accountIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map((id) => String(id));
  } catch {
    // A single id or a malformed list: the provider reports it itself.
  }
  return [value];
}

/** Problems between the default provider's account guards and `identityAccountId`; `config` is the stack's whole config. */
export function providerAccountProblems(config: Record<string, string>, identityAccountId: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const allowed = accountIds(config[ALLOWED]);
  if (allowed !== undefined && !allowed.includes(identityAccountId)) {
    problems.push({
      path: ALLOWED,
      message: `does not include iam-baseline:identityAccountId "${identityAccountId}" (got ${allowed.join(", ")}); the default provider creates the users and groups there, so every deploy would fail: add "${identityAccountId}" to ${ALLOWED}, or correct identityAccountId`,
    });
  }
  const forbidden = accountIds(config[FORBIDDEN]);
  if (forbidden?.includes(identityAccountId)) {
    problems.push({
      path: FORBIDDEN,
      message: `includes iam-baseline:identityAccountId "${identityAccountId}", where the default provider creates the users and groups: remove it from ${FORBIDDEN}, or correct identityAccountId`,
    });
  }
  return problems;
}
