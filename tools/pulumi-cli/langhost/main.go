// Command pulumi-language-nodejs is this project's minimal Node.js language host for the engine
// tests. Pulumi's own host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// cannot be built here: the Go module proxy answers 403 for every version of it (see the README,
// "The real engine"). The CLI, the engine, the state, config and secrets, policy-pack loading and
// pack-config validation are the real ones; this host only starts processes the way Pulumi's host
// does: programs with `@pulumi/pulumi/cmd/run`, policy packs with `@pulumi/pulumi/cmd/run-policy-pack`
// (behind the SDK's own PolicyProxy, which hands the pack its stack configuration), and other plugins,
// such as this repository as a source-based component package, with `@pulumi/pulumi/cmd/run-plugin`.
//
// Not supported (the tests do not need them): dependency installation, code generation, debugging,
// Bun, and synchronous invokes over `--sync` pipes.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"google.golang.org/grpc"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"iam-baseline/tools/pulumi-cli/hostbase"
)

// The exit code with which `@pulumi/pulumi/cmd/run` says it already printed an actionable message.
const exitAfterUserMessage = 32

type host struct {
	hostbase.Base
}

func main() {
	hostbase.Serve("pulumi-language-nodejs", &host{}, map[string]string{"runtime": "ignored: only nodejs is supported"})
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil // node_modules are installed by `npm ci` before the tests run
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// options are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that matter here.
type options struct {
	typescript   bool
	tsconfigPath string
	nodeArgs     []string
}

func readOptions(info *pulumirpc.ProgramInfo) options {
	opts := options{typescript: true}
	raw := info.GetOptions().AsMap()
	if v, ok := raw["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := raw["tsconfig"].(string); ok {
		opts.tsconfigPath = v
	}
	if v, ok := raw["nodeargs"].(string); ok {
		opts.nodeArgs = strings.Fields(v)
	}
	return opts
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigPath)
	}
	return env
}

// resolve finds a module of the SDK the way Node does from dir (the program's own @pulumi/pulumi).
func resolve(node, dir, module string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)) } catch (e) { console.error(e.message); process.exit(1) }", module)
	cmd := exec.Command(node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("cannot find %s from %s (run npm ci): %s", module, dir, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Run starts the program: `node [nodeargs] <sdk>/cmd/run --monitor ... <entry point> [args]`, with the
// stack's config in PULUMI_CONFIG (keys as `<namespace>:config:<name>`) and PULUMI_CONFIG_SECRET_KEYS.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the PATH: " + err.Error()}, nil
	}
	runPath, err := resolve(node, info.GetProgramDirectory(), "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configEnv, err := hostbase.ConfigEnv(req, func(namespace, name string) string { return namespace + ":config:" + name })
	if err != nil {
		return nil, err
	}

	opts := readOptions(info)
	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.EngineAddress)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), configEnv...)
	cmd.Env = append(cmd.Env, opts.env()...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return &pulumirpc.RunResponse{Error: "could not start node: " + err.Error()}, nil
		}
		if exit.ExitCode() == exitAfterUserMessage {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a plugin written in Node.js the way Pulumi's host does:
//   - a policy pack (kind analyzer): `node <sdk>/cmd/run-policy-pack [args] <pack dir>` in the pack's
//     folder, behind the SDK's PolicyProxy, which answers the engine's ConfigureStack and passes the
//     stack's project, stack and config to the pack in its environment;
//   - any other plugin, e.g. a source-based component package (PulumiPlugin.yaml, `runtime: nodejs`,
//     kind resource): `node <sdk>/cmd/run-plugin <plugin dir> [args]` in the engine's working
//     directory. The plugin prints its port on stdout, which goes back to the engine unchanged.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	info := req.GetInfo()
	analyzer := req.GetKind() == string(apitype.AnalyzerPlugin)
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	module := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolve(node, info.GetProgramDirectory(), module)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	opts := readOptions(info)
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)
	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	if !analyzer {
		args = append(args, info.GetProgramDirectory())
		args = append(args, req.GetArgs()...)
		cmd := exec.CommandContext(ctx, node, args...)
		cmd.Dir = req.GetPwd()
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return fmt.Errorf("Program exited with non-zero exit code: %d", exit.ExitCode())
			}
			return fmt.Errorf("could not start the plugin: %w", err)
		}
		return closer.Close()
	}

	proxy, stdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if stack != nil {
		add := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
		add("PULUMI_NODEJS_PROJECT", stack.GetProject())
		add("PULUMI_NODEJS_STACK", stack.GetStack())
		add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
		if stack.GetConfig() != nil {
			cfgJSON, err := json.Marshal(stack.GetConfig())
			if err != nil {
				return err
			}
			add("PULUMI_CONFIG", string(cfgJSON))
		}
	}

	args = append(args, req.GetArgs()...)
	args = append(args, info.GetProgramDirectory())
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not start the policy pack: %w", err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exit.ExitCode())
		}
		return err
	}
	return closer.Close()
}
