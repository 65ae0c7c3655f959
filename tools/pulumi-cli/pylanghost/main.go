// Command pulumi-language-python is this project's minimal Python language host for the engine
// tests. Pulumi's own host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
// cannot be built here: the Go module proxy answers 403 for it (see the README, "The real engine").
// Like langhost/ (the Node.js host), it only does what the CLI asks of a language host for the
// commands the tests run:
//
//   - GeneratePackage (`pulumi package gen-sdk --language python`, `pulumi package add`): Pulumi's own
//     Python code generator, github.com/pulumi/pulumi/pkg/v3/codegen/python, on the schema the
//     request carries, its files written into the requested directory;
//   - Link (`pulumi package add` in a `runtime: python` project): the generated SDK's folder added to
//     the program's requirements.txt, and InstallDependencies: `pip install -r requirements.txt` into
//     the program's virtualenv (`runtime.options.virtualenv`), which must exist;
//   - Run: the program's `__main__.py` started with run.py (embedded here, written for this project),
//     which configures the Pulumi Python SDK from the RunRequest and runs the program in its stack.
//
// Not supported (the tests do not need them): creating virtualenvs, poetry and uv, plugins and
// policy packs written in Python, program generation, debugging.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"iam-baseline/tools/pulumi-cli/hostbase"
)

//go:embed run.py
var runScript string

// The exit code with which run.py says the program failed and its message is already printed.
const exitAfterUserMessage = 32

type host struct {
	hostbase.Base
}

func main() {
	hostbase.Serve("pulumi-language-python", &host{}, map[string]string{
		"virtualenv":  "ignored: the virtualenv comes from the program's runtime options",
		"typechecker": "ignored",
		"toolchain":   "ignored: only pip is supported",
	})
}

// interpreter is the Python of the program: `<virtualenv>/bin/python` when Pulumi.yaml's
// `runtime.options.virtualenv` names one (relative to the program's folder), else python3 on PATH.
func interpreter(info *pulumirpc.ProgramInfo) (string, error) {
	venv, _ := info.GetOptions().AsMap()["virtualenv"].(string)
	if venv == "" {
		return exec.LookPath("python3")
	}
	if !filepath.IsAbs(venv) {
		venv = filepath.Join(info.GetRootDirectory(), venv)
	}
	exe := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(exe); err != nil {
		return "", fmt.Errorf("the virtualenv %s of Pulumi.yaml's runtime.options has no bin/python: create it with `python3 -m venv %s` and install pulumi into it", venv, venv)
	}
	return exe, nil
}

func (h *host) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	exe, err := interpreter(req.GetInfo())
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(exe, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: exe, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "Python ")}, nil
}

// GeneratePackage writes the Python SDK of the request's schema into its directory.
func (h *host) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, err
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiagnostics}, nil
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), cached)
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		dest := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dest, content, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiagnostics}, nil
}

// Link adds each generated SDK's folder (relative to the program) to the program's requirements.txt.
func (h *host) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	root := req.GetInfo().GetRootDirectory()
	file := filepath.Join(root, "requirements.txt")
	existing, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(existing), "\n"), "\n")
	if len(existing) == 0 {
		lines = nil
	}
	var imports []string
	for _, dep := range req.GetPackages() {
		line := "./" + filepath.ToSlash(dep.GetPath())
		found := false
		for _, l := range lines {
			found = found || strings.TrimSpace(l) == line
		}
		if !found {
			lines = append(lines, line)
		}
		name := dep.GetPackage().GetName()
		imports = append(imports, fmt.Sprintf("  import %s as %s", python.PyPack("", name), python.PyName(name)))
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	return &pulumirpc.LinkResponse{ImportInstructions: "You can then import the SDK in your Python code with:\n\n" + strings.Join(imports, "\n")}, nil
}

// InstallDependencies runs `pip install -r requirements.txt` with the program's interpreter.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	info := req.GetInfo()
	requirements := filepath.Join(info.GetRootDirectory(), "requirements.txt")
	if _, err := os.Stat(requirements); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	exe, err := interpreter(info)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd := exec.CommandContext(server.Context(), exe, "-m", "pip", "install", "-r", requirements)
	cmd.Dir = info.GetRootDirectory()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pip install -r %s: %w", requirements, err)
	}
	return closer.Close()
}

// Run starts the program: `python -c <run.py> <program dir>` with the RunRequest in the environment
// run.py reads (PULUMI_* below), the stack's config in PULUMI_CONFIG (keys as
// `<namespace>:<name>`) and PULUMI_CONFIG_SECRET_KEYS.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	exe, err := interpreter(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	configEnv, err := hostbase.ConfigEnv(req, func(namespace, name string) string { return namespace + ":" + name })
	if err != nil {
		return nil, err
	}
	program := info.GetProgramDirectory()
	if entry := info.GetEntryPoint(); entry != "" && entry != "." {
		program = filepath.Join(program, entry)
	}
	cmd := exec.CommandContext(ctx, exe, append([]string{"-u", "-c", runScript, program}, req.GetArgs()...)...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append(os.Environ(), configEnv...),
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+h.EngineAddress,
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
		"PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory(),
	)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return &pulumirpc.RunResponse{Error: "could not start python: " + err.Error()}, nil
		}
		if exit.ExitCode() == exitAfterUserMessage {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}
