package redisapi_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/internal/redisapi"
)

// describeScan reports what scan.go says about each call and selector.
var describeScan = &analysis.Analyzer{
	Name: "describescan",
	Doc:  "report what redisapi's scan.go says about each expression",
	Run: func(pass *analysis.Pass) (any, error) {
		info := pass.TypesInfo
		topo := [...]string{"Unknown", "OneNode", "Cluster"}
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if l := redisapi.LifecycleOf(info, n); l == redisapi.NewsClient {
						pass.Reportf(n.Pos(), "topology %s", topo[redisapi.TopologyOf(info, n, nil)])
					}
					if c, ok := redisapi.CallCommand(info, n); ok && redisapi.ScansKeyspace(c) {
						pass.Reportf(n.Pos(), "scans the keyspace")
					}
					if redisapi.IsIterator(info, n) {
						pass.Reportf(n.Pos(), "iterator")
					}
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && redisapi.Queues(info, sel) {
						pass.Reportf(n.Pos(), "queues")
					}
				case *ast.SelectorExpr:
					if r := redisapi.ReplyOf(info, n); r != redisapi.NoRead {
						pass.Reportf(n.Pos(), "reads %s", r)
					}
					if s := redisapi.IteratorStep(info, n); s != redisapi.NoStep {
						pass.Reportf(n.Pos(), "step %d", s)
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestScanAndReplies(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), describeScan, "github.com/redislint/redislint/testdata/clusterscan/topology")
}

// TestReplyMethodsCoverGoRedis fails when a go-redis command type has an
// exported method that scan.go does not classify as reading the reply or
// not, so that a new typed accessor cannot slip past pipelineread.
func TestReplyMethodsCoverGoRedis(t *testing.T) {
	t.Parallel()
	for _, rel := range goRedisReleases(t) {
		t.Run(rel.name, func(t *testing.T) {
			pkg := load(t, rel.dir, rel.path)
			seen := map[string]bool{}
			var missing []string
			for _, name := range pkg.Scope().Names() {
				tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
				if !ok || !redisapi.IsCommandType(name) {
					continue
				}
				var ms *types.MethodSet
				if types.IsInterface(tn.Type()) {
					ms = types.NewMethodSet(tn.Type())
				} else {
					ms = types.NewMethodSet(types.NewPointer(tn.Type()))
				}
				for i := range ms.Len() {
					m := ms.At(i).Obj()
					if !m.Exported() || redisapi.KnownReplyMethod(m.Name()) || seen[m.Name()] {
						continue
					}
					seen[m.Name()] = true
					missing = append(missing, fmt.Sprintf("%s.%s%s", name, m.Name(), strings.TrimPrefix(m.Type().String(), "func")))
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s declares command methods that internal/redisapi/scan.go does not classify in replyMethods:\n\t%s",
					rel.path, strings.Join(missing, "\n\t"))
			}
		})
	}
}

// TestScanFamily pins which commands walk the keyspace of one node.
func TestScanFamily(t *testing.T) {
	t.Parallel()
	for _, m := range []redisapi.Major{redisapi.V8, redisapi.V9} {
		for method, want := range map[string]bool{"Scan": true, "ScanType": true, "HScan": false, "SScan": false, "ZScan": false, "Keys": false} {
			c, ok := redisapi.Lookup(m, method)
			if !ok {
				t.Fatalf("%s %s: no row", m, method)
			}
			if got := redisapi.ScansKeyspace(c); got != want {
				t.Errorf("%s %s: ScansKeyspace = %v, want %v", m, method, got, want)
			}
			if got := redisapi.ScanAll(c); got != (method == "Scan") {
				t.Errorf("%s %s: ScanAll = %v", m, method, got)
			}
		}
	}
	for recv, want := range map[string][2]bool{
		"ClusterClient": {true, false}, "UniversalClient": {false, true}, "Cmdable": {false, true},
		"Client": {false, false}, "Ring": {false, false}, "Pipeliner": {false, false},
	} {
		if redisapi.RoutesBySlot(recv) != want[0] || redisapi.MayRouteBySlot(recv) != want[1] {
			t.Errorf("%s: RoutesBySlot %v, MayRouteBySlot %v; want %v", recv, redisapi.RoutesBySlot(recv), redisapi.MayRouteBySlot(recv), want)
		}
	}
}

// TestEarlyErrorsCoverGoRedis fails when a go-redis command method sets its
// error while building the command (cmd.SetErr before c(ctx, cmd)) and is
// not listed in earlyErrors: pipelineread would then claim that its Err()
// is nil before Exec.
func TestEarlyErrorsCoverGoRedis(t *testing.T) {
	t.Parallel()
	for _, rel := range goRedisReleases(t) {
		t.Run(rel.name, func(t *testing.T) {
			cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles, Dir: rel.dir, Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
			pkgs, err := packages.Load(cfg, rel.path)
			if err != nil || len(pkgs) != 1 {
				t.Fatalf("load %s: %v", rel.path, err)
			}
			fset := token.NewFileSet()
			var missing []string
			for _, name := range pkgs[0].GoFiles {
				f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || fd.Recv == nil || fd.Body == nil || !fd.Name.IsExported() || !setsErr(fd.Body) {
						continue
					}
					recv := types.ExprString(fd.Recv.List[0].Type)
					switch strings.TrimPrefix(recv, "*") {
					case "cmdable", "statefulCmdable", "Pipeline":
					default:
						continue // not a receiver commands are queued through
					}
					if c, ok := redisapi.Lookup(rel.major, fd.Name.Name); ok && c.Effect.Has(redisapi.Generic) {
						continue // Do: MayFailEarly looks at its arguments
					}
					if !redisapi.FailsEarly(fd.Name.Name) {
						missing = append(missing, recv+"."+fd.Name.Name)
					}
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s: command methods that set an error before sending, missing from earlyErrors in internal/redisapi/scan.go:\n\t%s",
					rel.path, strings.Join(missing, "\n\t"))
			}
		})
	}
}

// setsErr reports whether body calls a SetErr method outside function
// literals (which run when the reply is read).
func setsErr(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "SetErr" {
				found = true
			}
		}
		return !found
	})
	return found
}
