package redisapi

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"golang.org/x/tools/go/types/typeutil"
)

// MajorOf returns the go-redis major whose package path is path, or 0.
// Vendored copies (".../vendor/github.com/redis/go-redis/v9") count.
func MajorOf(path string) Major {
	switch unvendor(path) {
	case PathV9:
		return V9
	case PathV8:
		return V8
	}
	return 0
}

// Reaches reports whether pkg imports a client (a go-redis major, redigo,
// rueidis or valkey-go), directly or through other packages. Code that reaches a client
// only through another package (store.Client().Keys(...)) needs no import
// of its own, so the check must be transitive. An expression can only have
// a client's type if some imported package's API mentions one, so the
// packages' import lists (complete from source, or as recorded in export
// data) suffice. go-redis itself reaches go-redis (the analyzers skip it by
// MajorOf); redigo's, rueidis's and valkey-go's own packages do not reach
// themselves, so that nothing analyzes them or expects facts from them.
func Reaches(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if MajorOf(pkg.Path()) != 0 {
		return true
	}
	wp := weak.Make(pkg)
	if v, ok := reaches.Load(wp); ok {
		return v.(bool)
	}
	v := false
	for _, imp := range pkg.Imports() {
		if IsClient(imp.Path()) || Reaches(imp) {
			v = true
			break
		}
	}
	if _, loaded := reaches.LoadOrStore(wp, v); !loaded {
		// The entry goes when the package does: gopls type-checks new
		// packages on every edit.
		runtime.AddCleanup(pkg, func(wp weak.Pointer[types.Package]) { reaches.Delete(wp) }, wp)
	}
	return v
}

// reaches memoizes Reaches by package: every analyzer asks it of every
// package, and the answer for a package is that of its imports, which
// the standard library's packages share.
var reaches sync.Map // weak.Pointer[types.Package] -> bool

// tables indexes the rows by major and Go method name.
type tables struct {
	methods  map[Major]map[string]*Row
	sentinel map[Major]map[string]*Row
	script   map[Major]map[string]*Row
	names    map[Major]map[string]*Row // by Redis command name
}

// index is built on first use: under go vet the tool runs once per
// package of the build, and most of those runs never look a command up.
var index = sync.OnceValue(buildIndex)

func buildIndex() *tables {
	t := &tables{
		methods:  byMethod(commands),
		sentinel: byMethod(sentinelCommands),
		script:   byMethod(scriptCommands),
		names:    map[Major]map[string]*Row{V8: {}, V9: {}},
	}
	// A Redis name maps to the row whose method spells it (SET -> Set, not
	// SetArgs), else to the first row that has it.
	for i := range commands {
		c := &commands[i]
		if c.Name == "" {
			continue
		}
		for _, m := range []Major{V8, V9} {
			if c.Majors&m == 0 {
				continue
			}
			prev, ok := t.names[m][c.Name]
			if !ok || (!spells(prev) && spells(c)) {
				t.names[m][c.Name] = c
			}
		}
	}
	return t
}

func spells(c *Row) bool {
	return strings.EqualFold(c.Method, strings.ReplaceAll(c.Name, " ", ""))
}

func byMethod(rows []Row) map[Major]map[string]*Row {
	m := map[Major]map[string]*Row{V8: {}, V9: {}}
	for i := range rows {
		c := &rows[i]
		for _, major := range []Major{V8, V9} {
			if c.Majors&major != 0 {
				m[major][c.Method] = c
			}
		}
	}
	return m
}

// Lookup returns the row of a command method by major and name, for tests
// and tools; analyzers match calls with CommandOf and CallCommand.
func Lookup(m Major, method string) (Command, bool) {
	c, ok := index().methods[m][method]
	if !ok {
		return Command{}, false
	}
	return Command{Row: *c}, true
}

// ByName returns the row that represents a Redis command (upper case,
// subcommand separated by a space) in a major.
func ByName(m Major, name string) (Command, bool) {
	c, ok := index().names[m][name]
	if !ok {
		return Command{}, false
	}
	return Command{Row: *c}, true
}

// commandSetRecv reports whether a go-redis type declares or inherits
// command methods with the table's meaning.
func commandSetRecv(name string) bool {
	switch name {
	case "cmdable", "statefulCmdable", "Pipeliner", "UniversalClient",
		"Client", "ClusterClient", "Ring", "Conn", "Tx", "Pipeline", "AutoPipeliner":
		return true
	}
	return strings.HasSuffix(name, "Cmdable") // Cmdable, StatefulCmdable, StringCmdable, ...
}

// method returns the go-redis method that sel selects, its major and its
// declared receiver's type name.
func method(info *types.Info, sel *ast.SelectorExpr) (fn *types.Func, m Major, recv string) {
	if sel == nil {
		return nil, 0, ""
	}
	s, ok := info.Selections[sel]
	if !ok || (s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr) {
		return nil, 0, ""
	}
	fn, ok = s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil, 0, ""
	}
	fn = fn.Origin()
	m = MajorOf(fn.Pkg().Path())
	if m == 0 {
		return nil, 0, ""
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil, 0, ""
	}
	named := namedOf(sig.Recv().Type())
	if named == nil {
		return nil, 0, ""
	}
	return fn, m, named.Obj().Name()
}

// returnsCmd reports whether fn returns exactly one go-redis *...Cmd.
func returnsCmd(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 {
		return false
	}
	named := namedOf(sig.Results().At(0).Type())
	return named != nil && named.Obj().Pkg() == fn.Pkg() && strings.HasSuffix(named.Obj().Name(), "Cmd")
}

// namedOf returns the named type of t or *t, or nil.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// CommandOf returns the table row of the go-redis command method that sel
// selects, in a call (rdb.Keys(ctx, p)), a method value (f := rdb.Keys) or
// a method expression ((*redis.Client).Keys). A user's own method that
// happens to share a name is never a match.
func CommandOf(info *types.Info, sel *ast.SelectorExpr) (Command, bool) {
	fn, m, recv := method(info, sel)
	if fn == nil || !returnsCmd(fn) {
		return Command{}, false
	}
	var tab map[string]*Row
	switch {
	case recv == "SentinelClient":
		tab = index().sentinel[m]
	case recv == "Script":
		tab = index().script[m]
	case commandSetRecv(recv):
		tab = index().methods[m]
	default:
		return Command{}, false
	}
	c, ok := tab[fn.Name()]
	if !ok {
		return Command{}, false
	}
	return Command{Row: *c}, true
}

// CallCommand returns the command a call sends: a command method (as
// CommandOf), or a Do/DoRaw call or a New...Cmd construction whose command
// name is a constant string (rdb.Do(ctx, "keys", "*"), any case). For the
// latter the returned Command is the row that represents that Redis command,
// with Raw set; a constant name the table does not know yields a Raw row
// with no effect. redigo's Do, Send, DoContext and DoWithTimeout with a
// constant command name are Raw rows too, marked Redigo.
func CallCommand(info *types.Info, call *ast.CallExpr) (Command, bool) {
	if call == nil {
		return Command{}, false
	}
	// Every analyzer asks this of every call: one lookup of the callee
	// says whether a client declares it, and most calls end there.
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	obj := namedCallee(info, call.Fun)
	if obj == nil || obj.Pkg() == nil {
		return Command{}, false
	}
	switch ClientOf(obj.Pkg().Path()) {
	case GoRedis:
	case Redigo:
		return redigoCommand(info, call)
	default:
		return Command{}, false
	}
	if isSel {
		if c, ok := CommandOf(info, sel); ok {
			if !c.Effect.Has(Generic) {
				return c, true
			}
			first := 1 // Do(ctx, args...)
			if c.Method == "DoRawWriteTo" {
				first = 2 // DoRawWriteTo(ctx, w, args...)
			}
			_, m, _ := method(info, sel)
			return rawCommand(info, call, m, first)
		}
	}
	return newCmdCall(info, call, obj)
}

// newCmdCall handles redis.NewCmd(ctx, "keys", "*") and the other
// New...Cmd(ctx, args...) constructors.
func newCmdCall(info *types.Info, call *ast.CallExpr, fn *types.Func) (Command, bool) {
	if fn.Pkg() == nil {
		return Command{}, false
	}
	m := MajorOf(fn.Pkg().Path())
	if m == 0 || !strings.HasPrefix(fn.Name(), "New") || !strings.HasSuffix(fn.Name(), "Cmd") {
		return Command{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil || !sig.Variadic() || sig.Params().Len() != 2 {
		return Command{}, false
	}
	return rawCommand(info, call, m, 1)
}

// containers are the Redis commands whose first argument is a subcommand.
var containers = map[string]bool{
	"ACL": true, "CLIENT": true, "CLUSTER": true, "COMMAND": true, "CONFIG": true,
	"FUNCTION": true, "LATENCY": true, "MEMORY": true, "MODULE": true, "OBJECT": true,
	"PUBSUB": true, "SCRIPT": true, "SLOWLOG": true, "XGROUP": true, "XINFO": true,
}

func rawCommand(info *types.Info, call *ast.CallExpr, m Major, first int) (Command, bool) {
	if call.Ellipsis.IsValid() || len(call.Args) <= first {
		return Command{}, false
	}
	name, ok := constString(info, call.Args[first])
	if !ok {
		return Command{}, false
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	if name == "" {
		return Command{}, false
	}
	if containers[name] && len(call.Args) > first+1 {
		if sub, ok := constString(info, call.Args[first+1]); ok {
			name += " " + strings.ToUpper(strings.TrimSpace(sub))
		}
	}
	c, ok := ByName(m, name)
	if !ok {
		c = Command{Row: Row{Name: name, Majors: m}}
	}
	c.Method = "Do"
	c.Key, c.TTL, c.Raw = NoKey, NoTTL, true
	return c, true
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// Receiver returns the go-redis type that sel's method is called on, as
// the call site sees it: "Client" for rdb.Set on a *redis.Client and for a
// user struct that embeds one, "Pipeliner" for pipe.Set, "Cmdable" for a
// Cmdable or per-family StringCmdable value or a type parameter constrained
// by one. It reports false when sel is not a go-redis method.
func Receiver(info *types.Info, sel *ast.SelectorExpr) (string, bool) {
	fn, _, declared := method(info, sel)
	if fn == nil {
		return "", false
	}
	s := info.Selections[sel]
	last := ""
	note := func(t types.Type) {
		if n := namedOf(t); n != nil && n.Obj().Pkg() != nil && MajorOf(n.Obj().Pkg().Path()) != 0 && n.Obj().Exported() {
			last = n.Obj().Name()
		}
	}
	t := s.Recv()
	note(t)
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			break
		}
		t = st.Field(i).Type()
		note(t)
	}
	if last == "" {
		last = implemented(deref(s.Recv()), fn.Pkg())
	}
	if last == "" && ast.IsExported(declared) {
		last = declared
	}
	if last == "" {
		return "", false
	}
	return normalize(last), true
}

// implemented returns the most specific go-redis interface that an
// interface or type parameter receiver implements: a user's interface that
// embeds redis.UniversalClient is a UniversalClient, one that embeds
// Pipeliner a Pipeliner.
func implemented(t types.Type, pkg *types.Package) string {
	if _, ok := types.Unalias(t).(*types.TypeParam); !ok && !types.IsInterface(t) {
		return ""
	}
	for _, name := range []string{"Pipeliner", "UniversalClient", "StatefulCmdable", "Cmdable"} {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if ok && types.Implements(t, iface) {
			return name
		}
	}
	return ""
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// normalize folds the per-family command interfaces into "Cmdable".
func normalize(name string) string {
	if name != "StatefulCmdable" && strings.HasSuffix(name, "Cmdable") {
		return "Cmdable"
	}
	return name
}

// LifecycleOf returns what the called function does to a go-redis
// resource: NewClient and friends build a pool, Conn and Subscribe hand out
// a connection, Pipeline starts a pipeline, Close releases, and so on.
// Methods are matched on the call-site receiver (Receiver), since Close on a
// *Conn resolves to an unexported embedded type.
func LifecycleOf(info *types.Info, call *ast.CallExpr) Lifecycle {
	if call == nil {
		return NoLifecycle
	}
	switch CalleeClient(info, call) {
	case Redigo:
		return redigoLifecycle(info, call)
	case Rueidis, ValkeyGo:
		return rueidisLifecycle(info, call)
	case GoRedis:
	default:
		return NoLifecycle
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if _, ok := info.Selections[fun]; ok {
			return methodLifecycle(info, fun)
		}
		return funcLifecycle(info.Uses[fun.Sel])
	case *ast.Ident:
		return funcLifecycle(info.Uses[fun])
	}
	return NoLifecycle
}

// CalleeClient returns the client whose package declares the function or
// method that call calls by name (rdb.Get(...), redis.NewClient(...),
// c.B().Get() of rueidis's command builders), or NoClient: one lookup,
// which the analyzers make before asking anything more of a call.
func CalleeClient(info *types.Info, call *ast.CallExpr) Client {
	fn := namedCallee(info, call.Fun)
	if fn == nil || fn.Pkg() == nil {
		return NoClient
	}
	path := fn.Pkg().Path()
	if c := ClientOf(path); c != NoClient {
		return c
	}
	if p, ok := strings.CutSuffix(unvendor(path), cmdsSuffix); ok {
		return ClientOf(p)
	}
	return NoClient
}

// MethodLifecycle is LifecycleOf for a selector, so method values
// (defer-able closes such as f := ps.Close) can be classified too.
func MethodLifecycle(info *types.Info, sel *ast.SelectorExpr) Lifecycle {
	if l := redigoMethodLifecycle(info, sel); l != NoLifecycle {
		return l
	}
	if l := rueidisMethodLifecycle(info, sel); l != NoLifecycle {
		return l
	}
	return methodLifecycle(info, sel)
}

func methodLifecycle(info *types.Info, sel *ast.SelectorExpr) Lifecycle {
	fn, _, _ := method(info, sel)
	if fn == nil {
		return NoLifecycle
	}
	recv, ok := Receiver(info, sel)
	if !ok {
		return NoLifecycle
	}
	for _, l := range lifecycleMethods {
		if l.Method == fn.Name() && slices.Contains(l.Recvs, recv) {
			return l.Kind
		}
	}
	return NoLifecycle
}

func funcLifecycle(obj types.Object) Lifecycle {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || MajorOf(fn.Pkg().Path()) == 0 {
		return NoLifecycle
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
		return NoLifecycle
	}
	if slices.Contains(constructors, fn.Name()) {
		return NewsClient
	}
	return NoLifecycle
}

// Rows returns a copy of the command table, for tests and tools.
func Rows() []Row { return slices.Clone(commands) }

// KnownSentinel reports whether the table classifies a *SentinelClient method.
func KnownSentinel(m Major, method string) bool { _, ok := index().sentinel[m][method]; return ok }

// KnownScript reports whether the table classifies a *Script method.
func KnownScript(m Major, method string) bool { _, ok := index().script[m][method]; return ok }

// A ScriptRun is a call that runs a Lua script: where its source is, and
// what it is handed.
type ScriptRun struct {
	// Source is the script text argument of Eval and EvalRO; nil when the
	// call names the script another way.
	Source ast.Expr
	// Script is the *Script a method of Script is called on (Run, Eval,
	// EvalSha, ...); nil for the client's own methods.
	Script ast.Expr
	// Keys is the KEYS argument; nil when the call passes none.
	Keys ast.Expr
	// Args are the ARGV arguments as written (one slice when Spread).
	Args   []ast.Expr
	Spread bool
}

// ScriptRunOf describes a call that runs a Lua script or a function
// (EVAL, EVALSHA, FCALL and the methods of *Script). It reports false for
// any other call and for method expressions.
func ScriptRunOf(info *types.Info, call *ast.CallExpr) (ScriptRun, bool) {
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	cmd, ok := CommandOf(info, sel)
	if !ok || !cmd.Effect.Has(RunsScript) || cmd.Key.Form != ManyKeys {
		return ScriptRun{}, false
	}
	if s := info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
		return ScriptRun{}, false
	}
	var r ScriptRun
	_, _, recv := method(info, sel)
	switch {
	case recv == "Script":
		r.Script = sel.X
	case cmd.Method == "Eval" || cmd.Method == "EvalRO":
		if len(call.Args) > 1 {
			r.Source = call.Args[1]
		}
	}
	i := cmd.Key.Index
	if i < len(call.Args) {
		r.Keys = call.Args[i]
		r.Args = call.Args[i+1:]
		r.Spread = call.Ellipsis.IsValid()
	}
	return r, true
}

// NewScriptSource returns the source argument of a call of go-redis's
// NewScript or NewScriptServerSHA.
func NewScriptSource(info *types.Info, call *ast.CallExpr) (ast.Expr, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || MajorOf(fn.Pkg().Path()) == 0 || len(call.Args) != 1 {
		return nil, false
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
		return nil, false
	}
	switch fn.Name() {
	case "NewScript", "NewScriptServerSHA":
		return call.Args[0], true
	}
	return nil, false
}

// FieldsOf locates the hash fields a hash command sets, reads or expires:
// one field (HSETNX, HINCRBY), field-value pairs (HSET, HSETEX) or a list
// of fields (HEXPIRE, HGETEX). ok is false for other commands.
func FieldsOf(c Command) (KeyArg, bool) {
	if c.Raw {
		return KeyArg{}, false
	}
	a, ok := fieldArgs[c.Method]
	return a, ok
}

// FieldOptionsSetTTL decides whether the options argument of HSetEXWithArgs
// or HGetEXWithArgs sets a TTL on the fields: nil sets none, a literal
// decides by its ExpirationType. known is false when the options are built
// elsewhere.
func FieldOptionsSetTTL(info *types.Info, e ast.Expr) (sets, known bool) {
	if e == nil {
		return false, false
	}
	if info.Types[e].IsNil() {
		return false, true
	}
	x := ast.Unparen(e)
	if u, ok := x.(*ast.UnaryExpr); ok {
		x = ast.Unparen(u.X)
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return false, false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return false, false
		}
		if name, ok := kv.Key.(*ast.Ident); ok && name.Name == "ExpirationType" {
			s, ok := constString(info, kv.Value)
			if !ok {
				return false, false
			}
			return fieldTTLTypes[strings.ToUpper(s)], true
		}
	}
	return false, true
}

// ScriptSetsTTL reports whether a Lua script's text can set a TTL: it
// calls one of ttlScriptCommands, SET with an expiration option (or an
// option that is not a constant), RESTORE with a TTL other than 0, or a
// redis.call whose command is not a constant string. The text is scanned,
// not parsed: comments and strings are skipped, and anything the scanner
// does not understand counts as setting a TTL.
func ScriptSetsTTL(src string) bool {
	sc := &luaScanner{src: src}
	for {
		args, ok := sc.nextCall()
		if !ok {
			return sc.unknown
		}
		if len(args) == 0 || !args[0].lit {
			return true // redis.call(cmd, ...), redis.call(unpack(argv))
		}
		name := strings.ToUpper(args[0].text)
		if ttlScriptCommands[name] {
			return true
		}
		for _, a := range args {
			if !a.lit && strings.Contains(a.text, "unpack") {
				return true // the arguments are spread from a table
			}
		}
		switch name {
		case "SET":
			for _, a := range args[min(3, len(args)):] {
				if !a.lit || setTTLOptions[strings.ToUpper(a.text)] {
					return true
				}
			}
		case "RESTORE":
			if len(args) < 3 || strings.Trim(args[2].text, " ") != "0" {
				return true
			}
		}
	}
}

// A luaArg is one argument of a redis.call: a string literal (lit, with
// its value in text) or any other expression (its source in text).
type luaArg struct {
	text string
	lit  bool
}

// luaScanner finds the redis.call and redis.pcall calls of a Lua script.
type luaScanner struct {
	src     string
	i       int
	unknown bool // redis.call is used in a way the scanner does not follow
}

// nextCall returns the arguments of the next redis.call, or false at the end.
func (sc *luaScanner) nextCall() ([]luaArg, bool) {
	for sc.i < len(sc.src) {
		if sc.skipTrivia() {
			continue
		}
		if sc.skipString() {
			continue
		}
		rest := sc.src[sc.i:]
		matched := ""
		for _, p := range luaCallers {
			if strings.HasPrefix(rest, p) && (sc.i == 0 || !luaIdent(sc.src[sc.i-1])) {
				matched = p
				break
			}
		}
		if matched == "" {
			sc.i++
			continue
		}
		sc.i += len(matched)
		for sc.i < len(sc.src) && (sc.src[sc.i] == ' ' || sc.src[sc.i] == '\t' || sc.src[sc.i] == '\n' || sc.src[sc.i] == '\r') {
			sc.i++
		}
		if sc.i >= len(sc.src) || sc.src[sc.i] != '(' {
			if sc.i < len(sc.src) && luaIdent(sc.src[sc.i]) {
				continue // redis.callx: another name
			}
			sc.unknown = true // local call = redis.call
			continue
		}
		sc.i++
		args, ok := sc.args()
		if !ok {
			sc.unknown = true
			return nil, false
		}
		return args, true
	}
	return nil, false
}

// args reads a call's arguments up to its closing parenthesis.
func (sc *luaScanner) args() ([]luaArg, bool) {
	var args []luaArg
	start, depth := sc.i, 0
	flush := func(end int) {
		if text := strings.TrimSpace(sc.src[start:end]); text != "" {
			args = append(args, literal(text))
		}
	}
	for sc.i < len(sc.src) {
		if sc.skipTrivia() || sc.skipString() {
			continue
		}
		switch sc.src[sc.i] {
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth == 0 {
				flush(sc.i)
				sc.i++
				return args, true
			}
			depth--
		case ',':
			if depth == 0 {
				flush(sc.i)
				start = sc.i + 1
			}
		}
		sc.i++
	}
	return nil, false
}

// literal returns the argument whose source is text: a string literal
// when text is exactly one.
func literal(text string) luaArg {
	sc := &luaScanner{src: text}
	if v, ok := sc.readString(); ok && sc.i == len(text) {
		return luaArg{text: v, lit: true}
	}
	return luaArg{text: text}
}

// skipTrivia skips a comment at sc.i and reports whether it did.
func (sc *luaScanner) skipTrivia() bool {
	if sc.i >= len(sc.src) {
		return false
	}
	rest := sc.src[sc.i:]
	if !strings.HasPrefix(rest, "--") {
		return false
	}
	if strings.HasPrefix(rest, "--[[") {
		if end := strings.Index(rest, "]]"); end >= 0 {
			sc.i += end + 2
		} else {
			sc.i = len(sc.src)
		}
		return true
	}
	if end := strings.IndexByte(rest, '\n'); end >= 0 {
		sc.i += end + 1
	} else {
		sc.i = len(sc.src)
	}
	return true
}

// skipString skips a string literal at sc.i and reports whether it did.
func (sc *luaScanner) skipString() bool {
	if sc.i >= len(sc.src) {
		return false
	}
	ch := sc.src[sc.i]
	if ch != '"' && ch != '\'' && !strings.HasPrefix(sc.src[sc.i:], "[[") {
		return false
	}
	if _, ok := sc.readString(); !ok {
		sc.i = len(sc.src)
	}
	return true
}

// readString reads the string literal at sc.i and returns its value.
func (sc *luaScanner) readString() (string, bool) {
	if sc.i >= len(sc.src) {
		return "", false
	}
	if strings.HasPrefix(sc.src[sc.i:], "[[") {
		end := strings.Index(sc.src[sc.i+2:], "]]")
		if end < 0 {
			return "", false
		}
		v := sc.src[sc.i+2 : sc.i+2+end]
		sc.i += end + 4
		return v, true
	}
	q := sc.src[sc.i]
	var b strings.Builder
	for j := sc.i + 1; j < len(sc.src); j++ {
		switch c := sc.src[j]; c {
		case '\\':
			if j+1 < len(sc.src) {
				j++
				b.WriteByte(sc.src[j])
			}
		case q:
			sc.i = j + 1
			return b.String(), true
		case '\n':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

func luaIdent(c byte) bool {
	return c == '_' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// OptionsLit returns the composite literal of an options argument written
// in place, T{...} or &T{...}, or nil.
func OptionsLit(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// namedCallee returns the function or method that fun names (x.F or F),
// from one lookup of its identifier, or nil.
func namedCallee(info *types.Info, fun ast.Expr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}
