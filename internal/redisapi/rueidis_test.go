package redisapi_test

import (
	"go/types"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/internal/redisapi"
)

// builderEntries returns the type names of the commands that the Builder
// of a rueidis-family client's internal/cmds package starts: the named
// types its methods return.
func builderEntries(t *testing.T, client *types.Package) []string {
	t.Helper()
	var cmds *types.Package
	for _, imp := range client.Imports() {
		if imp.Path() == client.Path()+"/internal/cmds" {
			cmds = imp
		}
	}
	if cmds == nil {
		t.Fatalf("%s imports no internal/cmds", client.Path())
	}
	tn, ok := cmds.Scope().Lookup("Builder").(*types.TypeName)
	if !ok {
		t.Fatalf("%s declares no Builder", cmds.Path())
	}
	var names []string
	ms := types.NewMethodSet(tn.Type())
	for i := range ms.Len() {
		fn := ms.At(i).Obj().(*types.Func)
		res := fn.Signature().Results()
		if !fn.Exported() || res.Len() != 1 {
			continue
		}
		if n, ok := types.Unalias(res.At(0).Type()).(*types.Named); ok && n.Obj().Pkg() == cmds {
			names = append(names, n.Obj().Name())
		}
	}
	sort.Strings(names)
	return names
}

// builderNotInTable are rueidis builder commands that the table has no row
// for, because go-redis has no method that sends them: modules go-redis
// does not wrap (RedisGraph, RedisGears, RedisAI, redis-cell), a few
// subcommands, and Arbitrary, whose command is its first argument.
var builderNotInTable = map[string]bool{
	// commands and subcommands go-redis has no method for.
	"AclGetuser": true, "AclHelp": true, "AclLoad": true, "AclSave": true, "ClientGetredir": true,
	"ClientNoEvict": true, "ClientNoTouch": true, "ClientTrackinginfo": true,
	"ClusterBumpepoch": true, "ClusterCancelslotmigrations": true, "ClusterFlushslots": true,
	"ClusterGetslotmigrations": true, "ClusterMigrateslots": true, "ClusterReplicas": true,
	"ClusterSetConfigEpoch": true, "ClusterSetslot": true, "ClusterSlotStats": true,
	"Clusterscan": true, "CommandCount": true, "CommandDocs": true, "CommandInfo": true,
	"DebugSegfault": true, "Delifeq": true, "Failover": true, "FtConfigHelp": true,
	"FtExplaincli": true, "FtProfile": true, "FtSugadd": true, "FtSugdel": true, "FtSugget": true,
	"FtSuglen": true, "FunctionHelp": true, "Gcra": true, "JsonDebugHelp": true,
	"JsonNummultby": true, "JsonResp": true, "LatencyDoctor": true, "LatencyGraph": true,
	"LatencyHelp": true, "LatencyHistogram": true, "LatencyHistory": true, "Lolwut": true,
	"MemoryDoctor": true, "MemoryHelp": true, "MemoryMallocStats": true, "MemoryPurge": true,
	"MemoryStats": true, "ModuleList": true, "ModuleLoad": true, "ModuleUnload": true,
	"ObjectHelp": true, "Psetex": true, "PubsubHelp": true, "Role": true, "ScriptDebug": true,
	"ScriptShow": true, "SentinelFailover": true, "SentinelGetMasterAddrByName": true,
	"SentinelReplicas": true, "SentinelSentinels": true, "SlowlogHelp": true, "XgroupHelp": true,
	"XinfoHelp": true, "Xsetid": true,
	// RedisAI.
	"AiModeldel": true, "AiModelexecute": true, "AiModelget": true, "AiModelstore": true,
	"AiScriptdel": true, "AiScriptexecute": true, "AiScriptget": true, "AiScriptstore": true,
	"AiTensorget": true, "AiTensorset": true,
	// any command: BuiltCommand reads its name from its first arguments.
	"Arbitrary": true,
	// connection state, transactions and Pub/Sub, which go-redis sends through its own types.
	"Asking": true, "ClientCaching": true, "ClientCapa": true, "ClientReply": true, "Discard": true,
	"Exec": true, "Multi": true, "Psubscribe": true, "Psync": true, "Punsubscribe": true,
	"Reset": true, "Ssubscribe": true, "Subscribe": true, "Sunsubscribe": true, "Sync": true,
	"Unsubscribe": true,
	// redis-cell.
	"ClThrottle": true,
	// RedisGraph.
	"GraphConfigGet": true, "GraphConfigSet": true, "GraphConstraintCreate": true,
	"GraphConstraintDrop": true, "GraphDelete": true, "GraphExplain": true, "GraphList": true,
	"GraphProfile": true, "GraphQuery": true, "GraphRoQuery": true, "GraphSlowlog": true,
	// RedisGears.
	"RgAbortexecution": true, "RgConfigget": true, "RgConfigset": true, "RgDropexecution": true,
	"RgDumpexecutions": true, "RgDumpregistrations": true, "RgGetexecution": true,
	"RgGetresults": true, "RgGetresultsblocking": true, "RgInfocluster": true, "RgPydumpreqs": true,
	"RgPyexecute": true, "RgPystats": true, "RgRefreshcluster": true, "RgTrigger": true,
	"RgUnregister": true,
	// RedisGears triggers and functions.
	"Tfcall": true, "Tfcallasync": true, "TfunctionDelete": true, "TfunctionList": true,
	"TfunctionLoad": true,
}

// TestBuildersResolve: every command that rueidis's and valkey-go's
// Builder can start resolves to a row of the table, by its type name, or
// is listed in builderNotInTable; a release that adds a builder fails here
// until it is classified.
func TestBuildersResolve(t *testing.T) {
	t.Parallel()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports,
		Dir:  testdata(t),
		Env:  append(os.Environ(), "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, redisapi.PathRueidis, redisapi.PathValkey)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 2 {
		t.Fatalf("loaded %d packages, want 2", len(pkgs))
	}
	var missing []string
	listed := map[string]bool{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors[0])
		}
		names := builderEntries(t, p.Types)
		if len(names) < 500 {
			t.Fatalf("%s: only %d builder commands found", p.PkgPath, len(names))
		}
		for _, name := range names {
			listed[name] = true
			if _, ok := redisapi.BuilderCommand(name); !ok && !builderNotInTable[name] {
				missing = append(missing, p.PkgPath+" "+name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d builder commands have no row:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	for name := range builderNotInTable {
		if !listed[name] {
			t.Errorf("builderNotInTable lists %s, which no Builder starts any more", name)
		}
		if _, ok := redisapi.BuilderCommand(name); ok {
			t.Errorf("builderNotInTable lists %s, which has a row", name)
		}
	}
}

// TestBuilderNames: the rows' Redis names stay distinct once folded the
// way rueidis names its builder types, so a type name finds one command.
func TestBuilderNames(t *testing.T) {
	t.Parallel()
	fold := func(name string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToUpper(r)
			}
			return -1
		}, name)
	}
	seen := map[string]string{}
	for _, row := range redisapi.Rows() {
		if row.Name == "" {
			continue
		}
		k := fold(row.Name)
		if prev, ok := seen[k]; ok && prev != row.Name {
			t.Errorf("%q and %q fold to the same builder name %s", prev, row.Name, k)
		}
		seen[k] = row.Name
	}
	for typeName, want := range map[string]string{
		"Keys": "KEYS", "Set": "SET", "Setex": "SETEX", "ObjectEncoding": "OBJECT ENCODING",
		"JsonArrappend": "JSON.ARRAPPEND", "ClientKill": "CLIENT KILL", "Scan": "SCAN",
	} {
		if c, ok := redisapi.BuilderCommand(typeName); !ok || c.Name != want {
			t.Errorf("BuilderCommand(%q) = %q, %v; want %q", typeName, c.Name, ok, want)
		}
	}
	if c, _ := redisapi.BuilderCommand("Keys"); !c.Effect.Has(redisapi.WalksAll) {
		t.Error("KEYS does not walk the keyspace")
	}
}

func TestRueidisClientOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path   string
		client redisapi.Client
		module bool // IsClientModule
	}{
		{"github.com/redis/rueidis", redisapi.Rueidis, true},
		{"github.com/valkey-io/valkey-go", redisapi.ValkeyGo, true},
		{"example.com/app/vendor/github.com/redis/rueidis", redisapi.Rueidis, true},
		{"github.com/redis/rueidis/internal/cmds", redisapi.NoClient, false},
		{"github.com/redis/rueidis/rueidiscompat", redisapi.NoClient, false},
		{"github.com/valkey-io/valkey-go/valkeylock", redisapi.NoClient, false},
	} {
		if got := redisapi.ClientOf(tc.path); got != tc.client {
			t.Errorf("ClientOf(%q) = %v, want %v", tc.path, got, tc.client)
		}
		if got := redisapi.IsClientModule(tc.path); got != tc.module {
			t.Errorf("IsClientModule(%q) = %v, want %v", tc.path, got, tc.module)
		}
	}
}
