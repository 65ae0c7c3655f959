/**
 * One measured run of the program under the mocks (child process):
 *   programChild.ts layout <users> <accounts>   the real layout, split into start-up, validation, registration
 *   programChild.ts org                         the organisation stack (tools/bench/organisation.ts), as layout
 *   programChild.ts floor <users>               the floor: as many bare aws.iam.User registrations
 * Prints one JSON line of timings (ms) and peak RSS (MB).
 */
import { organisationLayout } from "./organisation";
import { syntheticLayout, pulumiConfigOf } from "./synthetic";

async function main() {
  const [mode, usersArg, accountsArg] = process.argv.slice(2);
  const users = Number(usersArg);
  const accounts = Number(accountsArg ?? 1);
  const layoutConfig = mode === "org" ? organisationLayout() : syntheticLayout(users, accounts);
  process.env.PULUMI_CONFIG = JSON.stringify(pulumiConfigOf(layoutConfig));
  process.env.PULUMI_CONFIG_SECRET_KEYS = "[]";
  const t0 = performance.now();
  const pulumi = await import("@pulumi/pulumi");
  const aws = await import("@pulumi/aws");
  let resources = 0;
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:mock:${args.name}` } };
      },
      call: (args) => args.inputs,
    },
    "iam-baseline",
    "bench",
    false,
  );
  let validationMs = 0;
  let registrationStart: number;
  let startupEnd: number;
  if (mode === "layout" || mode === "org") {
    const { IdentityLayout } = await import("../../components");
    const { loadStackLayout } = await import("../../config/stack");
    startupEnd = performance.now();
    const layout = loadStackLayout();
    registrationStart = performance.now();
    validationMs = registrationStart - startupEnd;
    new IdentityLayout("iam-baseline", { layout });
  } else {
    startupEnd = performance.now();
    registrationStart = startupEnd;
    for (let u = 0; u < users; u++) new aws.iam.User(`user${u}`, { name: `user${u}` });
  }
  await pulumi.runtime.disconnect();
  const end = performance.now();
  process.stdout.write(
    JSON.stringify({
      mode, users, accounts, resources,
      processStartupMs: t0, // node itself + ts-node, before the first import
      startupMs: startupEnd - t0,
      validationMs,
      registrationMs: end - registrationStart,
      totalMs: end,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + "\n",
  );
}

main().catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err));
  process.exit(1);
});
