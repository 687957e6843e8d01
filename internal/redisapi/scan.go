package redisapi

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// This file classifies what pipelineread and clusterscan ask about: the
// methods of go-redis command values that read a reply, which receivers
// queue commands instead of sending them, the keyspace SCAN family, and the
// constructors that build a cluster client.

// A ReplyRead is what a method of a go-redis command value (a *...Cmd, or a
// Cmder) reads of the command's reply. Before the command has run, the reply
// is empty: values are zero, and the error is nil.
type ReplyRead uint8

// Reply reads.
const (
	NoRead      ReplyRead = iota // Args, Name, SetVal, String, ...: not the reply
	ReadsErr                     // Err(): the error alone
	ReadsVal                     // Val(), RawVal(), CursorVal(): the value, without the error
	ReadsResult                  // Result(), RawResult(), CursorResult(): the value and, last, the error
	ReadsTyped                   // Int64(), Bool(), Text(), Slice(), Scan(dst), Iterator(), ...: a conversion of the value
)

var replyReadNames = [...]string{"none", "Err", "Val", "Result", "typed"}

func (r ReplyRead) String() string {
	if int(r) < len(replyReadNames) {
		return replyReadNames[r]
	}
	return "ReplyRead(?)"
}

// replyMethods classifies, by name, the exported methods of go-redis
// command types. TestReplyMethodsCoverGoRedis fails when a release adds one
// that is not listed.
var replyMethods = map[string]ReplyRead{
	"Err":          ReadsErr,
	"Val":          ReadsVal,
	"RawVal":       ReadsVal,
	"CursorVal":    ReadsVal,
	"Result":       ReadsResult,
	"RawResult":    ReadsResult,
	"CursorResult": ReadsResult,

	"Bool": ReadsTyped, "BoolSlice": ReadsTyped, "Bytes": ReadsTyped, "Expanded": ReadsTyped,
	"First": ReadsTyped, "Float32": ReadsTyped, "Float32Slice": ReadsTyped, "Float64": ReadsTyped,
	"Float64Slice": ReadsTyped, "Int": ReadsTyped, "Int64": ReadsTyped, "Int64Slice": ReadsTyped,
	"Item": ReadsTyped, "Iterator": ReadsTyped, "Scan": ReadsTyped, "ScanSlice": ReadsTyped,
	"Slice": ReadsTyped, "StringSlice": ReadsTyped, "Text": ReadsTyped, "Time": ReadsTyped,
	"Uint64": ReadsTyped, "Uint64Slice": ReadsTyped,

	// Not the reply. String formats the command with its value, for logs.
	"Args": NoRead, "Clone": NoRead, "FullName": NoRead, "GetCmdType": NoRead, "Name": NoRead,
	"NoRetry": NoRead, "SetErr": NoRead, "SetFirstKeyPos": NoRead, "SetStepCount": NoRead,
	"SetVal": NoRead, "Start": NoRead, "Stop": NoRead, "String": NoRead,
}

// KnownReplyMethod reports whether the table classifies a method of a
// go-redis command type, for tests.
func KnownReplyMethod(name string) bool { _, ok := replyMethods[name]; return ok }

// IsCommandType reports whether the named type name of a go-redis package
// is a command value: a *...Cmd, or the Cmder interface.
func IsCommandType(name string) bool {
	return name == "Cmder" || strings.HasSuffix(name, "Cmd")
}

// ReplyOf returns what the method that sel selects reads of a go-redis
// command's reply, in a call (cmd.Val()) or a method value (f := cmd.Val).
// A user's type that embeds a command type reads through it too.
func ReplyOf(info *types.Info, sel *ast.SelectorExpr) ReplyRead {
	fn, _, recv := method(info, sel)
	if fn == nil || !IsCommandType(recv) {
		return NoRead
	}
	return replyMethods[fn.Name()]
}

// Queues reports whether sel selects a command method called on a
// pipeline (a Pipeliner, a *Pipeline, or a user type embedding one), which
// queues the command until the pipeline's Exec instead of sending it.
func Queues(info *types.Info, sel *ast.SelectorExpr) bool {
	if _, ok := CommandOf(info, sel); !ok {
		return false
	}
	recv, ok := Receiver(info, sel)
	return ok && IsPipeline(recv)
}

// IsPipeline reports whether a receiver name, as Receiver returns it,
// queues commands: Pipeliner or Pipeline. An AutoPipeliner sends them on
// its own and is not one.
func IsPipeline(recv string) bool { return recv == "Pipeliner" || recv == "Pipeline" }

// ScansKeyspace reports whether cmd walks the keyspace of the one server it
// is sent to with a cursor: SCAN, sent by Scan, ScanType, or Do(ctx, "scan",
// ...). HSCAN, SSCAN and ZSCAN walk one key, which lives on one node, and
// are not.
func ScansKeyspace(cmd Command) bool { return cmd.Name == "SCAN" }

// ScanAll reports whether cmd is the plain keyspace walk that
// rediskit.ScanKeys replaces: Scan (a cursor, a pattern and a count), not
// ScanType.
func ScanAll(cmd Command) bool { return cmd.Method == "Scan" && !cmd.Raw }

// RoutesBySlot reports whether a receiver name, as Receiver returns it, is
// a cluster client, which sends a keyless command such as SCAN to one node.
func RoutesBySlot(recv string) bool { return recv == "ClusterClient" }

// MayRouteBySlot reports whether a receiver name, as Receiver returns it,
// is an interface that a cluster client implements: UniversalClient or a
// Cmdable.
func MayRouteBySlot(recv string) bool {
	return recv == "UniversalClient" || recv == "Cmdable" || recv == "StatefulCmdable"
}

// An IterStep is a method of a go-redis *ScanIterator.
type IterStep uint8

// Scan iterator methods.
const (
	NoStep   IterStep = iota
	IterNext          // Next(ctx): fetches the next key, sending SCAN when a page is used up
	IterVal           // Val(): the current key
	IterErr           // Err(): the error that ended the walk
)

// IteratorStep returns the *ScanIterator method that sel selects.
func IteratorStep(info *types.Info, sel *ast.SelectorExpr) IterStep {
	fn, _, recv := method(info, sel)
	if fn == nil || recv != "ScanIterator" {
		return NoStep
	}
	switch fn.Name() {
	case "Next":
		return IterNext
	case "Val":
		return IterVal
	case "Err":
		return IterErr
	}
	return NoStep
}

// IsIterator reports whether call is cmd.Iterator() on a go-redis *ScanCmd.
func IsIterator(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, _, recv := method(info, sel)
	return fn != nil && recv == "ScanCmd" && fn.Name() == "Iterator"
}

// A Topology is what kind of deployment a client constructor call talks
// to, as far as its arguments show.
type Topology uint8

// Topologies.
const (
	UnknownTopology Topology = iota // not a constructor, or the options do not say
	OneNode                         // NewClient, NewFailoverClient, NewUniversalClient with one address or a master name
	Cluster                         // NewClusterClient, NewFailoverClusterClient, NewUniversalClient with several addresses and no master name
)

// TopologyOf returns the deployment that call, a go-redis constructor,
// builds a client for. NewUniversalClient decides by its options, which
// must be a composite literal (UniversalOptions{...} or &UniversalOptions{...})
// or an expression that opts resolves to one; opts may be nil. Only
// constant fields count: Addrs as a slice literal, MasterName as a string
// constant, IsClusterMode, RouteByLatency and RouteRandomly (v9) as boolean
// constants. NewRing shards by key too, but is not a cluster client.
func TopologyOf(info *types.Info, call *ast.CallExpr, opts func(ast.Expr) *ast.CompositeLit) Topology {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return UnknownTopology
	}
	m := MajorOf(fn.Pkg().Path())
	if m == 0 {
		return UnknownTopology
	}
	switch fn.Name() {
	case "NewClient", "NewFailoverClient":
		return OneNode
	case "NewClusterClient", "NewFailoverClusterClient":
		return Cluster
	case "NewUniversalClient":
	default:
		return UnknownTopology
	}
	if len(call.Args) != 1 {
		return UnknownTopology
	}
	arg := ast.Unparen(call.Args[0])
	if u, ok := arg.(*ast.UnaryExpr); ok {
		arg = ast.Unparen(u.X)
	}
	lit, _ := arg.(*ast.CompositeLit)
	if lit == nil && opts != nil {
		lit = opts(call.Args[0])
	}
	if lit == nil {
		return UnknownTopology
	}
	return universalTopology(info, lit, m)
}

// universalTopology follows NewUniversalClient: a master name makes a
// failover client (a failover cluster client in v9 when IsClusterMode,
// RouteByLatency or RouteRandomly is set), else several addresses or
// IsClusterMode (v9) a cluster client, else a plain client.
func universalTopology(info *types.Info, lit *ast.CompositeLit, m Major) Topology {
	addrs := 0 // absent: none
	master, masterKnown := "", true
	// flags[name] is 1 for true, 0 for false or absent, -1 for unknown.
	flags := map[string]int{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return UnknownTopology // positional fields
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return UnknownTopology
		}
		tv := info.Types[kv.Value]
		switch key.Name {
		case "Addrs":
			switch l, ok := ast.Unparen(kv.Value).(*ast.CompositeLit); {
			case ok:
				addrs = len(l.Elts)
			case !tv.IsNil():
				addrs = -1 // not known here
			}
		case "MasterName":
			if tv.Value != nil && tv.Value.Kind() == constant.String {
				master = constant.StringVal(tv.Value)
			} else {
				masterKnown = false
			}
		case "IsClusterMode", "RouteByLatency", "RouteRandomly":
			flags[key.Name] = -1
			if tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value) {
				flags[key.Name] = 0
			} else if tv.Value != nil && tv.Value.Kind() == constant.Bool {
				flags[key.Name] = 1
			}
		}
	}
	if m == V8 {
		flags = map[string]int{} // v8 has none of them
	}
	switch {
	case !masterKnown:
		return UnknownTopology
	case master != "":
		routes := max(flags["IsClusterMode"], flags["RouteByLatency"], flags["RouteRandomly"])
		if routes == 1 {
			return Cluster
		}
		if min(flags["IsClusterMode"], flags["RouteByLatency"], flags["RouteRandomly"]) < 0 {
			return UnknownTopology
		}
		return OneNode
	case flags["IsClusterMode"] == 1 || addrs > 1:
		return Cluster
	case flags["IsClusterMode"] < 0 || addrs < 0:
		return UnknownTopology
	}
	return OneNode
}

// TypeName returns the name of the go-redis type of t or *t ("ClusterClient"
// for a *redis.ClusterClient), and its major.
func TypeName(t types.Type) (string, Major, bool) {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return "", 0, false
	}
	m := MajorOf(n.Obj().Pkg().Path())
	if m == 0 {
		return "", 0, false
	}
	return n.Obj().Name(), m, true
}

// UniversalV9 reports whether t is a go-redis v9 type that implements
// redis.UniversalClient: what rediskit's helpers accept.
func UniversalV9(t types.Type) bool {
	var pkg *types.Package
	switch u := types.Unalias(deref(t)).(type) {
	case *types.Named:
		pkg = u.Obj().Pkg()
	default:
		return false
	}
	if pkg == nil {
		return false
	}
	// A user's type embedding a client: look the interface up in the
	// go-redis package it reaches.
	if MajorOf(pkg.Path()) != V9 {
		pkg = nil
		for _, imp := range typesPackages(t) {
			if MajorOf(imp.Path()) == V9 {
				pkg = imp
			}
		}
		if pkg == nil {
			return false
		}
	}
	tn, ok := pkg.Scope().Lookup("UniversalClient").(*types.TypeName)
	if !ok {
		return false
	}
	iface, ok := tn.Type().Underlying().(*types.Interface)
	return ok && types.Implements(t, iface)
}

// typesPackages returns the packages that the named type of t imports.
func typesPackages(t types.Type) []*types.Package {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	return n.Obj().Pkg().Imports()
}

// earlyErrors lists the command methods that may set their error while
// building the command, from a check of their arguments, before it is sent
// or queued. TestEarlyErrorsCoverGoRedis keeps the list complete.
var earlyErrors = map[string]bool{
	"BitCount": true, "BitFieldRO": true, "BitPos": true, "ClientTrackingOn": true,
	"GeoRadius": true, "GeoRadiusByMember": true, "GeoRadiusByMemberStore": true, "GeoRadiusStore": true,
	"FTAggregateWithArgs": true, "FTCreate": true, "FTHybridWithArgs": true, "FTSearchWithArgs": true,
	"JSONSetWithArgs": true, "MemoryUsage": true, "ModuleLoadex": true,
	"TSMRangeWithArgs": true, "TSMRevRangeWithArgs": true, "TSNRangeWithArgs": true, "TSNRevRangeWithArgs": true,
	"TSRangeWithArgs": true, "TSRevRangeWithArgs": true, "VSetAttr": true, "ZPopMax": true, "ZPopMin": true,
}

// FailsEarly reports whether the command method may set its error from a
// check of its arguments, before the command is sent.
func FailsEarly(method string) bool { return earlyErrors[method] }

// MayFailEarly reports whether call, a go-redis command call, may carry an
// error before it is sent: a method of FailsEarly, or Do with no command
// (or its arguments spread from a slice), which go-redis rejects at once.
// Until Exec, the Err() of any other command queued on a pipeline is nil.
func MayFailEarly(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return true
	}
	c, ok := CommandOf(info, sel)
	if !ok {
		return true
	}
	if c.Effect.Has(Generic) {
		return call.Ellipsis.IsValid() || len(call.Args) < 2
	}
	return earlyErrors[c.Method]
}
