/** What kind of AWS principal a `Principal.AWS` entry names. */
export type PrincipalKind = "everyone" | "account" | "user" | "role" | "assumed-role" | "federated-user" | "unique-id" | "other";

export function principalKind(p: string): PrincipalKind {
  if (p === "*") return "everyone";
  if (/^\d{12}$/.test(p) || /^arn:[\w-]+:iam::\d{12}:root$/.test(p)) return "account";
  const m = /^arn:[\w-]+:(iam|sts)::(\d{12}|\*):([\w-]+)\//.exec(p);
  if (m) {
    if (m[1] === "iam" && m[3] === "user") return "user";
    if (m[1] === "iam" && m[3] === "role") return "role";
    if (m[1] === "sts" && m[3] === "assumed-role") return "assumed-role";
    if (m[1] === "sts" && m[3] === "federated-user") return "federated-user";
  }
  if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(p)) return "unique-id";
  return "other";
}

/** Role and assumed-role sessions come from role chaining, which never carries MFA. */
export function isRoleSession(kind: PrincipalKind): boolean {
  return kind === "role" || kind === "assumed-role";
}
