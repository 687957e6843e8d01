package redisapi_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/go-redis/redis/v8" // loaded by TestTableCoversGoRedis
	_ "github.com/redis/go-redis/v9"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/internal/redisapi"
)

func testdata(t *testing.T, elem ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// describe reports every go-redis call as "<command> on <receiver>" (or
// its lifecycle), so testdata can state what the table says about it.
var describe = &analysis.Analyzer{
	Name: "describe",
	Doc:  "report what redisapi says about each call",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			funs := map[ast.Node]bool{}
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					funs[ast.Unparen(call.Fun)] = true
				}
				return true
			})
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					recv := "func"
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
						if r, ok := redisapi.Receiver(pass.TypesInfo, sel); ok {
							recv = r
						}
					}
					if cl := redisapi.CallClient(pass.TypesInfo, n); cl != redisapi.NoClient && cl != redisapi.GoRedis {
						recv = cl.String()
					}
					if c, ok := redisapi.BuiltCommand(pass.TypesInfo, n); ok {
						pass.Reportf(n.Pos(), "builds %s", c.Name)
					}
					if args, spread, ok := redisapi.SentCommands(pass.TypesInfo, n); ok {
						pass.Reportf(n.Pos(), "sends %d (spread %v) on %s", len(args), spread, redisapi.CallClient(pass.TypesInfo, n))
					}
					if c, ok := redisapi.CallCommand(pass.TypesInfo, n); ok {
						raw := ""
						if c.Raw {
							raw = " (raw)"
						}
						if c.Queued {
							raw += " (queued)"
						}
						pass.Reportf(n.Pos(), "%s on %s%s", c.Name, recv, raw)
					} else if l := redisapi.LifecycleOf(pass.TypesInfo, n); l != redisapi.NoLifecycle {
						pass.Reportf(n.Pos(), "%s on %s", l, recv)
					}
				case *ast.SelectorExpr:
					if funs[n] {
						break
					}
					if c, ok := redisapi.CommandOf(pass.TypesInfo, n); ok {
						recv, _ := redisapi.Receiver(pass.TypesInfo, n)
						pass.Reportf(n.Pos(), "%s value on %s", c.Name, recv)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestMatch(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), describe, "github.com/redislint/redislint/testdata/redisapi/...")
}

func TestMatchEarlyV9(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t, "earlyv9"), describe, "./...")
}

// commandMethods returns, per receiver type name, the exported methods of
// pkg that send a command: those returning a go-redis *...Cmd, declared on
// a command-set type, a client or SentinelClient or Script.
func commandMethods(pkg *types.Package) map[string][]*types.Func {
	out := map[string][]*types.Func{}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		var methods []*types.Func
		if iface, ok := named.Underlying().(*types.Interface); ok {
			for i := 0; i < iface.NumExplicitMethods(); i++ {
				methods = append(methods, iface.ExplicitMethod(i))
			}
		} else {
			for i := 0; i < named.NumMethods(); i++ {
				methods = append(methods, named.Method(i))
			}
		}
		for _, m := range methods {
			if !m.Exported() || !returnsCmd(pkg, m) {
				continue
			}
			out[name] = append(out[name], m)
		}
	}
	return out
}

func returnsCmd(pkg *types.Package, fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return false
	}
	t := res.At(0).Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() == pkg && strings.HasSuffix(n.Obj().Name(), "Cmd")
}

func load(t *testing.T, dir, pattern string) *types.Package {
	t.Helper()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir, Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
	pkgs, err := packages.Load(cfg, pattern)
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load %s in %s: %v %v", pattern, dir, err, pkgs)
	}
	return pkgs[0].Types
}

type goRedis struct {
	name  string
	major redisapi.Major
	dir   string
	path  string
}

func goRedisReleases(t *testing.T) []goRedis {
	return []goRedis{
		{"v9 (root go.mod)", redisapi.V9, ".", redisapi.PathV9},
		{"v8 (root go.mod)", redisapi.V8, ".", redisapi.PathV8},
		{"early v9 (testdata/earlyv9)", redisapi.V9, testdata(t, "earlyv9"), redisapi.PathV9},
	}
}

// TestTableCoversGoRedis fails when go-redis declares a command method
// that the table does not classify, so that a new release cannot add a
// KEYS-like or key-creating method that the analyzers silently miss.
func TestTableCoversGoRedis(t *testing.T) {
	t.Parallel()
	for _, rel := range goRedisReleases(t) {
		t.Run(rel.name, func(t *testing.T) {
			pkg := load(t, rel.dir, rel.path)
			var missing []string
			for recv, methods := range commandMethods(pkg) {
				for _, m := range methods {
					if !known(rel.major, recv, m.Name()) {
						missing = append(missing, fmt.Sprintf("%s.%s%s", recv, m.Name(), strings.TrimPrefix(m.Type().String(), "func")))
					}
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s %s declares %d command methods that internal/redisapi/commands.go does not classify; add a row for each:\n\t%s",
					rel.path, pkg.Name(), len(missing), strings.Join(missing, "\n\t"))
			}
		})
	}
}

func known(m redisapi.Major, recv, method string) bool {
	switch recv {
	case "SentinelClient":
		return redisapi.KnownSentinel(m, method)
	case "Script":
		return redisapi.KnownScript(m, method)
	}
	_, ok := redisapi.Lookup(m, method)
	return ok
}

// TestTableRowsExist fails when a row claims a major in which no go-redis
// release the project tests against declares the method: a typo, or a
// method go-redis removed.
func TestTableRowsExist(t *testing.T) {
	t.Parallel()
	declared := map[redisapi.Major]map[string]bool{redisapi.V8: {}, redisapi.V9: {}}
	for _, rel := range goRedisReleases(t) {
		pkg := load(t, rel.dir, rel.path)
		for recv, methods := range commandMethods(pkg) {
			for _, m := range methods {
				declared[rel.major][recv+"."+m.Name()] = true
				if recv != "SentinelClient" && recv != "Script" {
					declared[rel.major][m.Name()] = true
				}
			}
		}
	}
	for _, row := range redisapi.Rows() {
		for _, m := range []redisapi.Major{redisapi.V8, redisapi.V9} {
			if row.Majors&m != 0 && !declared[m][row.Method] {
				t.Errorf("row %s claims %s, which declares no such command method", row.Method, m)
			}
		}
	}
}

// TestRootAndTestdataAgree: analysistest loads testdata with GOPROXY=off,
// so the versions it uses must be the ones the root module downloads.
func TestRootAndTestdataAgree(t *testing.T) {
	t.Parallel()
	versions := func(path string) map[string]string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := modfile.Parse(path, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		v := map[string]string{}
		for _, r := range f.Require {
			v[r.Mod.Path] = r.Mod.Version
		}
		return v
	}
	root, td := versions("../../go.mod"), versions(filepath.Join(testdata(t), "go.mod"))
	for _, p := range []string{redisapi.PathV8, redisapi.PathV9} {
		if root[p] == "" || root[p] != td[p] {
			t.Errorf("%s: root go.mod has %q, testdata/go.mod has %q; keep them equal", p, root[p], td[p])
		}
	}
}

func TestMajorOf(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]redisapi.Major{
		"github.com/redis/go-redis/v9":                        redisapi.V9,
		"github.com/go-redis/redis/v8":                        redisapi.V8,
		"example.com/app/vendor/github.com/go-redis/redis/v8": redisapi.V8,
		"github.com/go-redis/redis/v7":                        0,
		"github.com/redis/go-redis/v9/internal/pool":          0,
		"": 0,
	} {
		if got := redisapi.MajorOf(path); got != want {
			t.Errorf("MajorOf(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestByName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		major        redisapi.Major
		name, method string
	}{
		{redisapi.V9, "KEYS", "Keys"},
		{redisapi.V9, "SET", "Set"},
		{redisapi.V9, "SETEX", "SetEx"},
		{redisapi.V8, "SETEX", "SetEX"},
		{redisapi.V9, "EXPIRE", "Expire"},
		{redisapi.V9, "OBJECT ENCODING", "ObjectEncoding"},
	} {
		c, ok := redisapi.ByName(tc.major, tc.name)
		if !ok || c.Method != tc.method {
			t.Errorf("ByName(%v, %q) = %q, %v; want %q", tc.major, tc.name, c.Method, ok, tc.method)
		}
	}
}

// TestEffects pins the classification SPEC.md relies on.
func TestEffects(t *testing.T) {
	t.Parallel()
	type want struct {
		method string
		effect redisapi.Effect
		not    redisapi.Effect
		key    int
		ttl    redisapi.TTLArg
	}
	const anyKey = -2
	creates := redisapi.Writes | redisapi.Creates
	cases := map[redisapi.Major][]want{
		redisapi.V9: {
			{"Set", creates | redisapi.SetsTTL, 0, 1, 3},
			{"SetNX", creates | redisapi.SetsTTL, 0, 1, 3},
			{"SetArgs", creates | redisapi.SetsTTL, 0, 1, 3},
			{"SetEx", creates | redisapi.SetsTTL, 0, 1, 3},
			{"GetSet", creates, redisapi.SetsTTL, 1, redisapi.NoTTL},
			{"MSet", creates, 0, 1, redisapi.NoTTL},
			{"MSetNX", creates, 0, 1, redisapi.NoTTL},
			{"HSet", creates, 0, 1, redisapi.NoTTL},
			{"HMSet", creates, 0, 1, redisapi.NoTTL},
			{"HSetNX", creates, 0, 1, redisapi.NoTTL},
			{"HIncrBy", creates, 0, 1, redisapi.NoTTL},
			{"HIncrByFloat", creates, 0, 1, redisapi.NoTTL},
			{"LPush", creates, 0, 1, redisapi.NoTTL},
			{"RPush", creates, 0, 1, redisapi.NoTTL},
			{"SAdd", creates, 0, 1, redisapi.NoTTL},
			{"ZAdd", creates, 0, 1, redisapi.NoTTL},
			{"ZAddNX", creates, 0, 1, redisapi.NoTTL},
			{"ZAddGT", creates, 0, 1, redisapi.NoTTL},
			{"ZIncrBy", creates, 0, 1, redisapi.NoTTL},
			{"Incr", creates, 0, 1, redisapi.NoTTL},
			{"IncrBy", creates, 0, 1, redisapi.NoTTL},
			{"IncrByFloat", creates, 0, 1, redisapi.NoTTL},
			{"Decr", creates, 0, 1, redisapi.NoTTL},
			{"DecrBy", creates, 0, 1, redisapi.NoTTL},
			{"Append", creates, 0, 1, redisapi.NoTTL},
			{"SetRange", creates, 0, 1, redisapi.NoTTL},
			{"SetBit", creates, 0, 1, redisapi.NoTTL},
			{"PFAdd", creates, 0, 1, redisapi.NoTTL},
			{"GeoAdd", creates, 0, 1, redisapi.NoTTL},
			{"XAdd", creates, 0, 1, redisapi.NoTTL},
			{"LMove", creates, 0, 2, redisapi.NoTTL},
			{"RPopLPush", creates, 0, 2, redisapi.NoTTL},
			{"SUnionStore", creates, 0, 1, redisapi.NoTTL},
			{"ZInterStore", creates, 0, 1, redisapi.NoTTL},
			{"BitOpAnd", creates, 0, 1, redisapi.NoTTL},
			{"PFMerge", creates, 0, 1, redisapi.NoTTL},
			{"Copy", creates, 0, 2, redisapi.NoTTL},
			{"LPushX", redisapi.Writes, redisapi.Creates, 1, redisapi.NoTTL},
			{"RPushX", redisapi.Writes, redisapi.Creates, 1, redisapi.NoTTL},
			{"ZAddXX", redisapi.Writes, redisapi.Creates, 1, redisapi.NoTTL},
			{"SetXX", redisapi.Writes, redisapi.Creates, 1, 3},
			{"Expire", redisapi.SetsTTL, redisapi.Creates, 1, 2},
			{"ExpireAt", redisapi.SetsTTL, redisapi.Creates, 1, 2},
			{"PExpire", redisapi.SetsTTL, redisapi.Creates, 1, 2},
			{"PExpireAt", redisapi.SetsTTL, redisapi.Creates, 1, 2},
			{"ExpireNX", redisapi.SetsTTL, 0, 1, 2},
			{"ExpireLT", redisapi.SetsTTL, 0, 1, 2},
			{"ExpireXX", redisapi.ChangesTTL, redisapi.SetsTTL, 1, 2},
			{"ExpireGT", redisapi.ChangesTTL, redisapi.SetsTTL, 1, 2},
			{"HExpire", redisapi.Writes | redisapi.FieldTTL, redisapi.SetsTTL | redisapi.ChangesTTL, 1, 2},
			{"Persist", redisapi.DropsTTL, 0, 1, redisapi.NoTTL},
			{"LTrim", redisapi.Bounds, redisapi.Creates, 1, redisapi.NoTTL},
			{"XTrimMaxLen", redisapi.Bounds, redisapi.Creates, 1, redisapi.NoTTL},
			{"Del", redisapi.Removes, redisapi.Creates, 1, redisapi.NoTTL},
			{"Unlink", redisapi.Removes, 0, 1, redisapi.NoTTL},
			{"GetDel", redisapi.Removes, 0, 1, redisapi.NoTTL},
			{"Rename", redisapi.Removes, 0, 1, redisapi.NoTTL},
			{"FlushDB", redisapi.Removes, 0, anyKey, redisapi.NoTTL},
			{"Keys", redisapi.WalksAll, redisapi.Writes, anyKey, redisapi.NoTTL},
			{"BLPop", redisapi.Blocks, 0, 2, redisapi.NoTTL},
			{"BRPop", redisapi.Blocks, 0, 2, redisapi.NoTTL},
			{"BZPopMin", redisapi.Blocks, 0, 2, redisapi.NoTTL},
			{"XRead", redisapi.Blocks, 0, anyKey, redisapi.NoTTL},
			{"XReadGroup", redisapi.Blocks, 0, anyKey, redisapi.NoTTL},
			{"Get", 0, redisapi.Writes | redisapi.Blocks, 1, redisapi.NoTTL},
			{"Scan", 0, redisapi.WalksAll | redisapi.Writes, anyKey, redisapi.NoTTL},
			{"Eval", redisapi.RunsScript, 0, 2, redisapi.NoTTL},
		},
		redisapi.V8: {
			{"SetEX", creates | redisapi.SetsTTL, 0, 1, 3},
			{"Set", creates | redisapi.SetsTTL, 0, 1, 3},
			{"SetNX", creates | redisapi.SetsTTL, 0, 1, 3},
			{"Keys", redisapi.WalksAll, 0, anyKey, redisapi.NoTTL},
			{"HSet", creates, 0, 1, redisapi.NoTTL},
			// ZADD ... INCR creates the key like ZADD (the ZAdd family);
			// with XX it only touches existing members.
			{"ZIncr", creates, 0, 1, redisapi.NoTTL},
			{"ZIncrNX", creates, 0, 1, redisapi.NoTTL},
			{"ZIncrXX", redisapi.Writes, redisapi.Creates, 1, redisapi.NoTTL},
			{"ZAddCh", creates, 0, 1, redisapi.NoTTL},
			{"ZAddXXCh", redisapi.Writes, redisapi.Creates, 1, redisapi.NoTTL},
			{"ExpireNX", redisapi.SetsTTL, 0, 1, 2},
			{"ExpireXX", redisapi.ChangesTTL, redisapi.SetsTTL, 1, 2},
		},
	}
	for major, ws := range cases {
		for _, w := range ws {
			c, ok := redisapi.Lookup(major, w.method)
			switch {
			case !ok:
				t.Errorf("%s %s: no row", major, w.method)
			case !c.Effect.Has(w.effect) || c.Effect&w.not != 0:
				t.Errorf("%s %s: effect %b, want all of %b and none of %b", major, w.method, c.Effect, w.effect, w.not)
			case w.key != anyKey && c.Key.Index != w.key:
				t.Errorf("%s %s: key argument %d, want %d", major, w.method, c.Key.Index, w.key)
			case c.TTL != w.ttl:
				t.Errorf("%s %s: TTL argument %d, want %d", major, w.method, c.TTL, w.ttl)
			}
		}
	}
	if _, ok := redisapi.Lookup(redisapi.V9, "SetEX"); ok {
		t.Error("v9 has SetEx, not SetEX")
	}
	if _, ok := redisapi.Lookup(redisapi.V8, "SetEx"); ok {
		t.Error("v8 has SetEX, not SetEx")
	}
}

// TestScriptSetsTTL: a script can set a TTL only through the commands
// SPEC.md lists, or a command it does not name as a constant.
func TestScriptSetsTTL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`return redis.call("EXPIRE", KEYS[1], ARGV[1])`, true},
		{`redis.call('pexpire', KEYS[1], 10)`, true},
		{`redis.pcall("ExpireAt", KEYS[1], 10)`, true},
		{`redis.call("SETEX", KEYS[1], 10, "v")`, true},
		{`redis.call("GETEX", KEYS[1], "EX", 10)`, true},
		{`redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])`, true},
		{`redis.call("SET", KEYS[1], ARGV[1], ARGV[2], ARGV[3])`, true},
		{`redis.call("SET", KEYS[1], unpack(ARGV))`, true},
		{`redis.call("RESTORE", KEYS[1], ARGV[1], ARGV[2])`, true},
		{`local cmd = ARGV[1]; return redis.call(cmd, KEYS[1])`, true},
		{`local call = redis.call; call("HSET", KEYS[1], "a", 1)`, true},
		{`server.call("EXPIRE", KEYS[1], 1)`, true},
		{"redis.call([[EXPIRE]], KEYS[1], 1)", true},
		{`return 1`, false},
		{`redis.call("HSET", KEYS[1], "f", ARGV[1]); return redis.call("ZADD", KEYS[2], 1, ARGV[1])`, false},
		{`redis.call("SET", KEYS[1], ARGV[1], "NX")`, false},
		{`redis.call("SET", KEYS[1], ARGV[1])`, false},
		{`redis.call("RESTORE", KEYS[1], 0, ARGV[1])`, false},
		{"-- redis.call('EXPIRE', KEYS[1], 1)\nredis.call('LPUSH', KEYS[1], 'x')", false},
		{`local s = "redis.call('EXPIRE')" redis.call("DEL", KEYS[2])`, false},
		{`redis.call("HINCRBY", KEYS[1], "n", 1) -- no TTL`, false},
		{`if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("LPUSH", KEYS[1], ARGV[1]) end`, false},
	} {
		if got := redisapi.ScriptSetsTTL(tc.src); got != tc.want {
			t.Errorf("ScriptSetsTTL(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestRequireTTLEffects pins the bits requirettl's SPEC rules read:
// hash-field expiry, existence checks, reads that prove a key exists,
// and writes that clear an existing key's TTL.
func TestRequireTTLEffects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		has    redisapi.Effect
		not    redisapi.Effect
	}{
		{"HExpire", redisapi.FieldTTL, redisapi.SetsTTL},
		{"HPExpireAt", redisapi.FieldTTL, redisapi.SetsTTL},
		{"HSetEXWithArgs", redisapi.FieldTTL | redisapi.Creates, redisapi.SetsTTL},
		{"HGetEXWithArgs", redisapi.FieldTTL, redisapi.Creates},
		{"HSetEX", redisapi.Creates, redisapi.FieldTTL},
		{"Exists", redisapi.ChecksExists, redisapi.Writes},
		{"HExists", redisapi.ChecksExists, redisapi.Writes},
		{"Get", redisapi.NilIfMissing, redisapi.Writes},
		{"HGet", redisapi.NilIfMissing, redisapi.Writes},
		{"Set", redisapi.ClearsTTL, 0},
		{"SetArgs", redisapi.ClearsTTL, 0},
		{"GetSet", redisapi.ClearsTTL, 0},
		{"MSet", redisapi.ClearsTTL, 0},
		{"SetNX", 0, redisapi.ClearsTTL},
		{"HSet", 0, redisapi.ClearsTTL},
		{"Incr", 0, redisapi.ClearsTTL},
		{"SetRange", 0, redisapi.ClearsTTL},
	} {
		c, ok := redisapi.Lookup(redisapi.V9, tc.method)
		if !ok {
			t.Errorf("%s: no row", tc.method)
			continue
		}
		if !c.Effect.Has(tc.has) || c.Effect&tc.not != 0 {
			t.Errorf("%s: effect %b, want all of %b and none of %b", tc.method, c.Effect, tc.has, tc.not)
		}
	}
	for _, m := range []string{"HSet", "HSetNX", "HIncrBy", "HExpire", "HSetEXWithArgs", "HGetEXWithArgs"} {
		c, _ := redisapi.Lookup(redisapi.V9, m)
		if _, ok := redisapi.FieldsOf(c); !ok {
			t.Errorf("FieldsOf(%s): no fields", m)
		}
	}
}
