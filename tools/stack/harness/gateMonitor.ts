/**
 * The resource monitor the program talks to under the gate: Pulumi's `MockMonitor`, with
 * - registrations recorded under the engine's URNs (every ancestor type), with what the engine
 *   would send a policy pack: the checked inputs (`Analyze`) and the state (`AnalyzeStack`), in
 *   which what the provider computes is unknown at preview;
 * - provider functions answered like the AWS provider (`awsInvokes.ts`);
 * - component method calls (`call`), which the SDK's mock monitor lacks;
 * - multi-language (remote) components listed as not seen: their insides run in a provider
 *   plugin that the mocks do not start.
 */
import { AwsContext, accountOfSettings, partitionOf } from "./awsContext";
import { answerInvoke } from "./awsInvokes";
import { withoutResourceReferences } from "./engineValues";
import { providerFills } from "./awsResources";
import { ProtoStruct, Sdk } from "./sdk";
import { NotSeen, RecordedResource, RunView, UNKNOWN } from "../types";

type Props = Record<string, unknown>;
type Callback = (err: unknown, res?: unknown) => void;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProvidersMap(): { toObject(): [string, string][] };
  getCustom(): boolean;
  getRemote(): boolean;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getAliasesList(): { getUrn(): string }[];
  getProtect(): boolean;
  getIgnorechangesList(): string[];
  getImportid(): string;
  getRetainondelete(): boolean;
  getObject(): ProtoStruct | undefined;
}
interface InvokeRequest {
  getTok(): string;
  getArgs(): ProtoStruct | undefined;
  getProvider(): string;
}

export interface GateMonitorOptions {
  project: string;
  stack: string;
  view: RunView;
  defaultContext: AwsContext;
}

export interface Recording {
  resources: RecordedResource[];
  notSeen: NotSeen[];
}

/** A kubeconfig in the shape EKS components return from `getKubeconfig`. */
function kubeconfig(cluster: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "kubernetes", cluster: { server: `https://${cluster}.eks.amazonaws.com`, "certificate-authority-data": Buffer.from("mock-ca").toString("base64") } }],
    contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
    "current-context": "aws",
    users: [{ name: "aws", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", cluster] } } }],
  });
}

/** The organization of a stack in a DIY (file or object store) backend, as the Pulumi CLI names it. */
export const DIY_ORGANIZATION = "organization";

const plain = (s: ProtoStruct | undefined): Props => (s ? s.toJavaScript() : {});
const refUrn = (ref: string) => (ref ? ref.slice(0, ref.lastIndexOf("::")) : "");

export function installGateMonitor(sdk: Sdk, opts: GateMonitorOptions): Recording {
  const recording: Recording = { resources: [], notSeen: [] };
  const providerInputs = new Map<string, Props>(); // provider URN -> inputs
  const remoteTypes = new Set<string>(); // engine URN of remote components
  const unmodelled = new Set<string>();

  const contextOf = (providerRef: string): AwsContext => {
    const p = providerInputs.get(refUrn(providerRef));
    if (!p) return opts.defaultContext;
    const region = typeof p.region === "string" ? p.region : opts.defaultContext.region;
    return { account: accountOfSettings((k) => p[k]) ?? opts.defaultContext.account, region, partition: partitionOf(region) };
  };
  const unmodelledOnce = (detail: string, urn?: string) => {
    if (unmodelled.has(detail)) return;
    unmodelled.add(detail);
    recording.notSeen.push({ kind: "unmodelled-call", urn, detail });
  };

  const Base = sdk.mocks.MockMonitor;
  class GateMonitor extends Base {
    async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
      try {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const qualifiedType = parent ? `${parent.split("::")[2]}$${type}` : type;
        const urn = `urn:pulumi:${opts.stack}::${opts.project}::${qualifiedType}::${name}`;
        const custom = req.getCustom();
        const remote = req.getRemote();
        const inputs = withoutResourceReferences(plain(req.getObject()));
        const providerRef = req.getProvider();
        let id = "";
        let state: Props = inputs;
        let checked: Props = inputs;
        let outputs: Props = inputs;
        if (type.startsWith("pulumi:providers:")) {
          providerInputs.set(urn, inputs);
          id = `${name}-provider-id`;
        } else if (custom) {
          const fills = providerFills(type, { account: contextOf(providerRef), seed: urn, name, inputs }, (v) => v === UNKNOWN);
          checked = { ...inputs, ...fills.checked };
          if (opts.view === "update") {
            state = { ...checked, ...fills.computed };
            id = typeof fills.computed.id === "string" ? fills.computed.id : `${name}-id`;
            outputs = { ...state, id };
          } else {
            state = checked; // absent outputs resolve as unknown in a preview
            outputs = { ...checked, ...Object.fromEntries(fills.unknownAtPreview.map((k) => [k, UNKNOWN])), id: UNKNOWN };
          }
        } else if (remote) {
          remoteTypes.add(urn);
          recording.notSeen.push({
            kind: "remote-component",
            urn,
            detail: `${type} "${name}" is a multi-language component: what it creates (IAM roles and policies included) is made by the ${type.split(":")[0]} provider plugin, which the gate does not run`,
          });
          state = opts.view === "update" ? inputs : {};
        }
        recording.resources.push({
          urn,
          type,
          name,
          custom,
          parent,
          provider: providerRef,
          providers: Object.fromEntries(req.getProvidersMap().toObject()),
          dependencies: req.getDependenciesList(),
          propertyDependencies: propertyDependenciesOf(req),
          inputs,
          checked,
          outputs,
          ...(remote ? { remote: true } : {}),
          aliases: req.getAliasesList().map((a) => a.getUrn()).filter(Boolean),
          protect: req.getProtect(),
          ignoreChanges: req.getIgnorechangesList(),
          ...(req.getImportid() ? { importId: req.getImportid() } : {}),
          ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
        });
        this.resources.set(urn, { urn, id: id || null, state });
        const response = sdk.newRegisterResourceResponse();
        response.setUrn(urn);
        response.setId(id);
        response.setObject(sdk.Struct.fromJavaScript(state));
        callback(null, response);
      } catch (err) {
        callback(err);
      }
    }

    async invoke(req: InvokeRequest, callback: Callback): Promise<void> {
      if (req.getTok() === "pulumi:pulumi:getResource") return super.invoke(req, callback);
      try {
        const tok = req.getTok();
        const inputs = sdk.rpc.deserializeProperties(req.getArgs() as unknown as Parameters<Sdk["rpc"]["deserializeProperties"]>[0]) as Props;
        const answer = answerInvoke(tok, inputs, contextOf(req.getProvider()));
        if (!answer.modelled) unmodelledOnce(`provider function ${tok} is not modelled: it was answered with its own inputs`);
        const response = sdk.newInvokeResponse();
        response.setReturn(sdk.Struct.fromJavaScript(await sdk.rpc.serializeProperties("", answer.result)));
        callback(null, response);
      } catch (err) {
        callback(err);
      }
    }

    /** A method of a component (`cluster.getKubeconfig()`), served by its provider plugin in a real run. */
    async call(req: InvokeRequest, callback: Callback): Promise<void> {
      try {
        const tok = req.getTok();
        const args = plain(req.getArgs());
        const self = args.__self__ as { urn?: string } | undefined;
        let result: Props;
        if (opts.view === "preview") result = { result: UNKNOWN };
        else if (/\/getKubeconfig$/.test(tok)) result = { result: kubeconfig(String(self?.urn ?? "cluster").split("::").pop() ?? "cluster") };
        else {
          result = {};
          unmodelledOnce(`method ${tok} is not modelled: it returned nothing`, self?.urn);
        }
        const response = sdk.newCallResponse();
        response.setReturn(sdk.Struct.fromJavaScript(result));
        callback(null, response);
      } catch (err) {
        callback(err);
      }
    }
  }

  const mocks = {
    newResource(args: { type: string; name: string; inputs: Props; provider?: string; id?: string }) {
      // Only `.get()` reads come here: the provider reads an existing resource, known even at preview.
      const inputs = { ...args.inputs, ...(args.id && args.inputs.name === undefined && !args.id.startsWith("arn:") ? { name: args.id } : {}) };
      const fills = providerFills(args.type, { account: contextOf(args.provider ?? ""), seed: `${args.type}::${args.name}`, name: args.name, inputs }, () => false);
      return { id: args.id || `${args.name}-id`, state: { ...inputs, ...fills.checked, ...fills.computed } };
    },
    call(args: { token: string; inputs: Props }) {
      return args.inputs;
    },
  };
  const monitor = new GateMonitor(mocks);
  // `pulumi.getOrganization()`: the organization a DIY backend gives every stack (the Pulumi CLI's "organization").
  sdk.settings.setMockOptions(monitor, opts.project, opts.stack, opts.view === "preview", DIY_ORGANIZATION);
  const store = sdk.state.getStore();
  for (const feature of [
    "supportsSecrets",
    "supportsResourceReferences",
    "supportsDeletedWith",
    "supportsReplaceWith",
    "supportsAliasSpecs",
    "supportsTransforms",
    "supportsInvokeTransforms",
    "supportsParameterization",
    "supportsResourceHooks",
    "supportsErrorHooks",
  ]) store[feature] = true;
  store.supportsOutputValues = false;
  store.supportsInvokeDependsOn = false;
  return recording;
}

/** URNs by input property, as the language SDK sent them (what the CLI forwards to a policy pack). */
function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) out[key] = urns;
  });
  return out;
}
