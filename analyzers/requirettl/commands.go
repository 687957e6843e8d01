package requirettl

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/redislint/redislint/internal/redisapi"
)

// existingOnlyModes are SET modes that only touch an existing key.
var existingOnlyModes = map[string]bool{"XX": true, "IFEQ": true, "IFDEQ": true}

// command classifies a go-redis command call.
func (c *checker) command(fi *funcInfo, call *ast.CallExpr, cmd redisapi.Command) []*event {
	eff := cmd.Effect
	if eff.Has(redisapi.RunsScript) {
		return c.script(fi, call, cmd)
	}
	if cmd.Redigo {
		return c.redigo(call, cmd)
	}
	if cmd.Raw {
		// rdb.Do(ctx, "expire", key, 60): the arguments are not laid out
		// like the method's, so any argument may be the key. A raw write
		// is not reported: its options (EX, KEEPTTL, ...) are not parsed.
		if eff&(redisapi.SetsTTL|redisapi.ChangesTTL|redisapi.FieldTTL) != 0 {
			return one(&event{kind: evLoose, call: call, args: call.Args})
		}
		return nil
	}
	info := c.pass.TypesInfo
	off := 0
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			off = 1 // (*redis.Client).Set(rdb, ctx, ...)
		}
	}
	argAt := func(i int) ast.Expr {
		if i < 0 || i+off >= len(call.Args) {
			return nil
		}
		return call.Args[i+off]
	}
	switch {
	case eff.Has(redisapi.Writes | redisapi.Creates):
		if strings.Contains(cmd.Name, ".") {
			return nil // module types (JSON, Bloom, time series...) are outside requirettl's rules
		}
		if strings.Contains(cmd.Name, " ") {
			return nil // a subcommand (XGROUP CREATE ... MKSTREAM) sets up an empty key that later writes fill
		}
		if c.existingOnly(call) {
			return nil
		}
		keys := c.writeKeys(call, cmd, off)
		if len(keys) == 0 {
			if cmd.Key.Form == redisapi.KeyPairs && cmd.Key.Index+off < len(call.Args) {
				// MSet(ctx, pairs...): keys built in a slice or map.
				return one(&event{kind: evWrite, call: call, what: cmd.Method, unnamed: true, keeps: !eff.Has(redisapi.ClearsTTL)})
			}
			return nil
		}
		fields, hash := c.fields(call, cmd, off)
		if eff.Has(redisapi.FieldTTL) {
			if sets, known := redisapi.FieldOptionsSetTTL(info, argAt(int(cmd.TTL))); sets || !known {
				// HSetEXWithArgs with EX: every field it sets expires, and the hash with the last one.
				return one(&event{kind: evFields, call: call, keys: keys, fields: fields})
			}
		}
		if eff.Has(redisapi.SetsTTL) && cmd.TTL != redisapi.NoTTL {
			switch c.ttlOf(argAt(int(cmd.TTL))) {
			case ttlSet:
				return one(&event{kind: evCover, call: call, keys: keys, ttl: true})
			case ttlKeep, ttlNoCreate:
				return nil
			}
		} else if eff.Has(redisapi.SetsTTL) {
			return one(&event{kind: evCover, call: call, keys: keys, ttl: true})
		}
		return one(&event{kind: evWrite, call: call, keys: keys, what: cmd.Method, fields: fields, hash: hash, keeps: !eff.Has(redisapi.ClearsTTL)})
	case eff.Has(redisapi.FieldTTL):
		k := c.oneKey(cmd, argAt)
		if k == nil {
			return one(&event{kind: evLoose, call: call, args: call.Args})
		}
		if cmd.TTL != redisapi.NoTTL && c.fieldOptions(argAt(int(cmd.TTL))) {
			if sets, known := redisapi.FieldOptionsSetTTL(info, argAt(int(cmd.TTL))); !sets && known {
				return nil // HGetEXWithArgs without an expiration
			}
		}
		fields, _ := c.fields(call, cmd, off)
		return one(&event{kind: evFields, call: call, keys: []ast.Expr{k}, fields: fields})
	case eff.Has(redisapi.SetsTTL):
		if cmd.TTL != redisapi.NoTTL && c.ttlOf(argAt(int(cmd.TTL))) != ttlSet {
			return nil // SetXX(ctx, k, v, 0), GetEx(ctx, k, 0): no TTL afterwards
		}
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evCover, call: call, keys: []ast.Expr{k}, ttl: true})
		}
		return one(&event{kind: evLoose, call: call, args: call.Args})
	case eff.Has(redisapi.DropsTTL):
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evPersist, call: call, keys: []ast.Expr{k}})
		}
	case eff.Has(redisapi.Bounds):
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evBound, call: call, keys: []ast.Expr{k}})
		}
	case eff.Has(redisapi.Removes) && cmd.Key.Form == redisapi.NoKeyArg && !cmd.Raw:
		return one(&event{kind: evAny, call: call}) // FLUSHDB, FLUSHALL
	case eff.Has(redisapi.Removes):
		switch cmd.Key.Form {
		case redisapi.OneKey:
			if k := argAt(cmd.Key.Index); k != nil {
				return one(&event{kind: evCover, call: call, keys: []ast.Expr{k}})
			}
		case redisapi.ManyKeys:
			if !call.Ellipsis.IsValid() && cmd.Key.Index+off < len(call.Args) {
				return one(&event{kind: evCover, call: call, keys: call.Args[cmd.Key.Index+off:]})
			}
		}
		return one(&event{kind: evLoose, call: call, args: call.Args})
	}
	return nil
}

// fieldOptions reports whether e is an options struct of a hash-field
// command (HGetEXWithArgs), not a duration (HExpire).
func (c *checker) fieldOptions(e ast.Expr) bool {
	if e == nil {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(e)
	return t != nil && isPointer(t)
}

// fields returns the hash fields a hash command names, and whether it is
// a hash command at all; fields is nil when they cannot be listed (a map,
// a struct, a slice spread with ...).
func (c *checker) fields(call *ast.CallExpr, cmd redisapi.Command, off int) ([]ast.Expr, bool) {
	fa, ok := redisapi.FieldsOf(cmd)
	if !ok {
		return nil, false
	}
	i := fa.Index + off
	if i >= len(call.Args) || call.Ellipsis.IsValid() {
		return nil, true
	}
	rest := call.Args[i:]
	switch fa.Form {
	case redisapi.OneKey:
		return rest[:1], true
	case redisapi.ManyKeys:
		return rest, true
	case redisapi.KeyPairs:
		if len(rest) < 2 || len(rest)%2 != 0 {
			return nil, true // HSet(ctx, k, map) or a struct
		}
		var out []ast.Expr
		for j := 0; j < len(rest); j += 2 {
			out = append(out, rest[j])
		}
		return out, true
	}
	return nil, true
}

func (c *checker) oneKey(cmd redisapi.Command, argAt func(int) ast.Expr) ast.Expr {
	if cmd.Key.Form != redisapi.OneKey {
		return nil
	}
	return argAt(cmd.Key.Index)
}

// writeKeys returns the keys a creating command writes, or nil when they
// cannot be told: a slice or map of pairs, an XAddArgs that is not a
// literal. An XAdd that caps the stream (MaxLen, MinID) or that must not
// create it (NoMkStream) writes nothing requirettl reports.
func (c *checker) writeKeys(call *ast.CallExpr, cmd redisapi.Command, off int) []ast.Expr {
	i := cmd.Key.Index + off
	if cmd.Key.Index < 0 || i >= len(call.Args) {
		return nil
	}
	switch cmd.Key.Form {
	case redisapi.OneKey:
		return []ast.Expr{call.Args[i]}
	case redisapi.KeyPairs:
		rest := call.Args[i:]
		if call.Ellipsis.IsValid() || len(rest) < 2 {
			return nil
		}
		var keys []ast.Expr
		for j := 0; j < len(rest); j += 2 {
			keys = append(keys, rest[j])
		}
		return keys
	case redisapi.StreamKey:
		lit := redisapi.OptionsLit(call.Args[i])
		if lit == nil {
			return nil
		}
		var stream ast.Expr
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil
			}
			name, _ := kv.Key.(*ast.Ident)
			if name == nil {
				return nil
			}
			switch name.Name {
			case "Stream":
				stream = kv.Value
			case "MaxLen", "MaxLenApprox", "MinID", "NoMkStream":
				if !c.isZero(kv.Value) {
					return nil // capped, or never created
				}
			}
		}
		if stream == nil {
			return nil
		}
		return []ast.Expr{stream}
	}
	return nil
}

// existingOnly reports whether an argument struct of a write restricts it
// to existing members (ZAddArgs{XX: true}): the write never creates the key.
func (c *checker) existingOnly(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		lit := redisapi.OptionsLit(a)
		if lit == nil {
			continue
		}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if name, ok := kv.Key.(*ast.Ident); ok && name.Name == "XX" && !c.isZero(kv.Value) {
					return true
				}
			}
		}
	}
	return false
}

// isZero reports whether e is a constant zero value: 0, "", false or nil.
func (c *checker) isZero(e ast.Expr) bool {
	tv := c.pass.TypesInfo.Types[e]
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Bool:
		return !constant.BoolVal(tv.Value)
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Int, constant.Float:
		return constant.Sign(tv.Value) == 0
	}
	return false
}

type ttlStatus uint8

const (
	ttlSet      ttlStatus = iota // the write sets a TTL, or may (a duration that is not a constant)
	ttlNone                      // the write sets none: a constant 0
	ttlKeep                      // the write keeps the key's TTL (KeepTTL)
	ttlNoCreate                  // the write only touches an existing key (SetArgs{Mode: "XX"})
)

// ttlOf decides what a TTL argument does: a duration, or an argument
// struct such as SetArgs whose TTL, ExpireAt and KeepTTL fields decide.
func (c *checker) ttlOf(arg ast.Expr) ttlStatus {
	if arg == nil {
		return ttlSet
	}
	info := c.pass.TypesInfo
	if tv := info.Types[arg]; tv.Value != nil {
		if tv.Value.Kind() != constant.Int {
			return ttlSet
		}
		v, exact := constant.Int64Val(tv.Value)
		switch {
		case !exact || v > 0:
			return ttlSet
		case v == -1: // go-redis's KeepTTL
			return ttlKeep
		}
		return ttlNone
	}
	lit := redisapi.OptionsLit(arg)
	if lit == nil {
		return ttlSet // a value built elsewhere: trusted
	}
	if _, ok := info.TypeOf(lit).Underlying().(*types.Struct); !ok {
		return ttlSet
	}
	status := ttlNone
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return ttlSet
		}
		name, _ := kv.Key.(*ast.Ident)
		if name == nil {
			return ttlSet
		}
		t := info.TypeOf(kv.Value)
		switch {
		case c.isZero(kv.Value):
		case isNamed(t, "time", "Duration"), isNamed(t, "time", "Time"):
			return ttlSet
		case isPointer(t):
			return ttlSet // an expiration option
		case isBool(t) && strings.HasSuffix(name.Name, "TTL"):
			status = ttlKeep
		case isString(t):
			tv := info.Types[kv.Value]
			if tv.Value == nil {
				if status == ttlNone {
					status = ttlKeep // a mode decided at run time: may not create
				}
			} else if existingOnlyModes[strings.ToUpper(constant.StringVal(tv.Value))] {
				return ttlNoCreate
			}
		}
	}
	return status
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}
