// Package hostbase holds what this project's language hosts (langhost/ for Node.js, pylanghost/
// for Python) answer the same way: serving the LanguageRuntime service on a port printed on
// stdout, exiting when the engine goes away, the handshake, the plugin version, and no required
// packages (the engine then loads providers when resources ask for them).
package hostbase

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Base is embedded by each host; its methods are the host's unless the host defines its own.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// EngineAddress is the engine's gRPC address (from the command line or the handshake).
	EngineAddress string
}

// Serve parses the command line as the CLI gives it (flags it may pass and the host ignores in
// `ignored`, then the engine's address), prints the version for --version, and serves `host`
// until the engine stops it. `name` prefixes fatal errors.
func Serve(name string, host interface {
	pulumirpc.LanguageRuntimeServer
	base() *Base
}, ignored map[string]string) {
	flag.String("tracing", "", "ignored: tracing is not supported")
	for f, why := range ignored {
		flag.String(f, "", why)
	}
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	fail := func(err error) {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	b := host.base()
	if flag.NArg() > 0 {
		b.EngineAddress = flag.Arg(0)
	}
	if err := b.watchEngine(); err != nil {
		fail(err)
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fail(fmt.Errorf("could not start the language host server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail(err)
	}
}

func (b *Base) base() *Base { return b }

// watchEngine exits this process when the engine goes away.
func (b *Base) watchEngine() error {
	if b.EngineAddress == "" {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
		os.Exit(0)
	}()
	return rpcutil.Healthcheck(ctx, b.EngineAddress, 5*time.Minute, cancel)
}

func (b *Base) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	b.EngineAddress = req.GetEngineAddress()
	if err := b.watchEngine(); err != nil {
		return nil, err
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages lists none: the engine then loads providers when resources ask for them.
func (b *Base) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (b *Base) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (b *Base) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// ConfigEnv is the stack's config as the language SDKs read it from the environment:
// `PULUMI_CONFIG` (a JSON object of key -> value, each key written by `key`, which differs by SDK:
// `<namespace>:config:<name>` for Node.js, `<namespace>:<name>` for Python) and
// `PULUMI_CONFIG_SECRET_KEYS` (the JSON list of the keys that are secrets).
func ConfigEnv(req *pulumirpc.RunRequest, key func(namespace, name string) string) ([]string, error) {
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		parsed, err := config.ParseKey(k)
		if err != nil {
			return nil, err
		}
		cfg[key(parsed.Namespace(), parsed.Name())] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretJSON)}, nil
}
