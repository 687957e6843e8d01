package clusterscan

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/redisapi"
)

// Analyzer reports SCAN walks on cluster clients.
var Analyzer = New(Config{})

// Config holds clusterscan's settings. It has none yet; it exists so that
// every analyzer is built the same way by the command and the golangci-lint
// plugin.
type Config struct {
	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// New returns a clusterscan analyzer that uses cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "clusterscan",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/redislint/redislint/analyzers/clusterscan",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

type checker struct {
	pass *analysis.Pass
	insp *inspector.Inspector
	dirs *directive.Set
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if !redisapi.Reaches(pass.Pkg) {
		return nil, nil // go-redis is nowhere in the import graph
	}
	if redisapi.MajorOf(pass.Pkg.Path()) != 0 {
		return nil, nil // go-redis itself
	}
	c := &checker{pass: pass, insp: pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)}
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)) {
		var (
			sel  *ast.SelectorExpr
			cmd  redisapi.Command
			call *ast.CallExpr
		)
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			s, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			cmd, ok = redisapi.CallCommand(pass.TypesInfo, n)
			if !ok || !redisapi.ScansKeyspace(cmd) {
				continue
			}
			sel, call = s, n
		case *ast.SelectorExpr:
			if cur.ParentEdgeKind() == edge.CallExpr_Fun {
				continue // the call is reported as a whole
			}
			var ok bool
			cmd, ok = redisapi.CommandOf(pass.TypesInfo, n)
			if !ok || !redisapi.ScansKeyspace(cmd) {
				continue
			}
			sel = n
		}
		if s, ok := pass.TypesInfo.Selections[sel]; !ok || s.Kind() != types.MethodVal {
			continue // a method expression, (*redis.ClusterClient).Scan: rare, not followed
		}
		on, ok := c.onCluster(sel)
		if !ok {
			continue
		}
		if c.dirs == nil {
			c.dirs = directive.Load(pass, "clusterscan", cfg.Directives)
		}
		at := ast.Node(sel)
		if call != nil {
			at = call
		}
		if c.dirs.Suppressed(at) {
			continue
		}
		d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Message: c.message(sel, cmd, call, on)}
		if call != nil {
			if fix, ok := c.scanKeysFix(cur, call, cmd); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		pass.Report(d)
	}
	return nil, nil
}

// origin says why a receiver is a cluster client: its type, or the
// constructor the function assigned it from.
type origin struct {
	built *ast.CallExpr // nil: the static type is *ClusterClient
}

// onCluster reports whether the receiver of sel is a cluster client.
func (c *checker) onCluster(sel *ast.SelectorExpr) (origin, bool) {
	recv, ok := redisapi.Receiver(c.pass.TypesInfo, sel)
	switch {
	case !ok:
		return origin{}, false
	case redisapi.RoutesBySlot(recv):
		return origin{}, true
	case !redisapi.MayRouteBySlot(recv):
		return origin{}, false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return origin{}, false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return origin{}, false
	}
	built := c.builtCluster(v)
	return origin{built: built}, built != nil
}

// builtCluster returns the constructor call of a cluster client when every
// value the function that declares v assigns to v is one (a nil
// declaration aside), or nil.
func (c *checker) builtCluster(v *types.Var) *ast.CallExpr {
	info := c.pass.TypesInfo
	if v.Pkg() != c.pass.Pkg || v.IsField() || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	fn, ok := c.declaringFunc(v)
	if !ok {
		return nil
	}
	var first *ast.CallExpr
	bad := false
	// assigned checks one value given to v.
	assigned := func(rhs ast.Expr) {
		if rhs == nil {
			bad = true
			return
		}
		if name, _, ok := redisapi.TypeName(info.TypeOf(rhs)); ok && redisapi.RoutesBySlot(name) {
			if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && first == nil {
				first = call
			}
			return
		}
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || redisapi.TopologyOf(info, call, c.options) != redisapi.Cluster {
			bad = true
			return
		}
		if first == nil {
			first = call
		}
	}
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if info.ObjectOf(id) != v {
			continue
		}
		switch cur.ParentEdgeKind() {
		case edge.AssignStmt_Lhs:
			as := cur.Parent().Node().(*ast.AssignStmt)
			if len(as.Lhs) != len(as.Rhs) {
				bad = true
				break
			}
			for i, l := range as.Lhs {
				if l == id {
					assigned(as.Rhs[i])
				}
			}
		case edge.ValueSpec_Names:
			vs := cur.Parent().Node().(*ast.ValueSpec)
			switch {
			case len(vs.Values) == 0:
			case len(vs.Values) != len(vs.Names):
				bad = true
			default:
				for i, n := range vs.Names {
					if n == id {
						assigned(vs.Values[i])
					}
				}
			}
		case edge.UnaryExpr_X:
			if cur.Parent().Node().(*ast.UnaryExpr).Op == token.AND {
				bad = true // may be assigned through the pointer
			}
		case edge.Field_Names, edge.RangeStmt_Key, edge.RangeStmt_Value, edge.TypeSwitchStmt_Assign:
			bad = true // a parameter, or a value from elsewhere
		}
	}
	if bad {
		return nil
	}
	return first
}

// declaringFunc returns the function whose body or signature declares v.
func (c *checker) declaringFunc(v *types.Var) (inspector.Cursor, bool) {
	cur, ok := c.insp.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return inspector.Cursor{}, false
	}
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f, true
	}
	return inspector.Cursor{}, false
}

// options resolves the options argument of NewUniversalClient when it is a
// variable (opts or &opts) assigned one composite literal and never changed.
func (c *checker) options(arg ast.Expr) *ast.CompositeLit {
	info := c.pass.TypesInfo
	e := ast.Unparen(arg)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	fn, ok := c.declaringFunc(v)
	if !ok {
		return nil
	}
	var lit *ast.CompositeLit
	defs := 0
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		n := cur.Node().(*ast.Ident)
		if info.ObjectOf(n) != v {
			continue
		}
		switch cur.ParentEdgeKind() {
		case edge.AssignStmt_Lhs:
			as := cur.Parent().Node().(*ast.AssignStmt)
			defs++
			if as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				return nil
			}
			lit = redisapi.OptionsLit(as.Rhs[0])
		case edge.ValueSpec_Names:
			vs := cur.Parent().Node().(*ast.ValueSpec)
			defs++
			if len(vs.Names) != 1 || len(vs.Values) != 1 {
				return nil
			}
			lit = redisapi.OptionsLit(vs.Values[0])
		case edge.SelectorExpr_X:
			// opts.Addrs = ... changes it; reading a field is fine.
			sel := cur.Parent()
			if sel.ParentEdgeKind() == edge.AssignStmt_Lhs || sel.ParentEdgeKind() == edge.UnaryExpr_X {
				return nil
			}
		case edge.CallExpr_Args, edge.UnaryExpr_X:
			if n == id || cur.Parent().Node() == arg {
				continue // the constructor's own argument
			}
			return nil // handed to code that may change it
		}
	}
	if defs != 1 {
		return nil
	}
	return lit
}

// message names the walk, the client, and the way out.
func (c *checker) message(sel *ast.SelectorExpr, cmd redisapi.Command, call *ast.CallExpr, on origin) string {
	recv := types.ExprString(sel.X)
	what := recv + "." + sel.Sel.Name
	switch {
	case cmd.Raw:
		what = fmt.Sprintf("%s.%s(%s)", recv, sel.Sel.Name, strconv.Quote(cmd.Name))
	case call == nil:
		what = "method value " + what
	}
	_, major, _ := redisapi.TypeName(c.pass.TypesInfo.TypeOf(sel.X))
	if major == 0 {
		if fn, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil {
			major = redisapi.MajorOf(fn.Pkg().Path())
		}
	}
	client := "a *redis.ClusterClient"
	forEach := recv + ".ForEachMaster"
	if on.built != nil {
		client = fmt.Sprintf("the cluster client from %s (line %d)", types.ExprString(on.built.Fun), c.pass.Fset.Position(on.built.Pos()).Line)
		forEach = "ForEachMaster on the *redis.ClusterClient"
	}
	how := forEach
	if major == redisapi.V9 {
		how = "rediskit.ScanKeys or " + forEach
	}
	return fmt.Sprintf("%s on %s sees the keys of one node only: go-redis sends SCAN to a single node of a cluster; walk every master with %s", what, client, how)
}
