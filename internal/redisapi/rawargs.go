package redisapi

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"
)

// A raw command carries its arguments as they go on the wire: redigo's
// conn.Do("SET", k, v, "EX", 60), and rueidis's Arbitrary("SET").Keys(k)
// .Args(v). A rueidis or valkey-go chain carries them as typed steps:
// B().Set().Key(k).Value(v).Ex(ttl).Build(). For the commands listed in
// rawLayouts, RawEffectOf and ChainEffect read from those arguments what
// the command does to the lifetime of its keys; for any other command,
// and for arguments they cannot read (an option that is not a constant,
// a spread), the effect is RawUnknown.

// A RawKind is what a raw command does to the lifetime of its keys.
type RawKind uint8

// The kinds.
const (
	// RawUnknown: the command is not listed, or its arguments cannot be
	// read (an option that is not a constant, a spread).
	RawUnknown RawKind = iota
	// RawNothing: nothing that creates a key without a TTL or sets one:
	// a write that only touches an existing key (SET ... XX, ZADD XX,
	// XADD NOMKSTREAM) or keeps its TTL (KEEPTTL), a capped XADD, an
	// EXPIRE that does nothing to a key without a TTL (XX, GT) or whose
	// TTL is a constant 0 or less, a GETEX without an expiration.
	RawNothing
	// RawWrite: may create Keys without a TTL.
	RawWrite
	// RawWriteTTL: creates Keys with a TTL (SETEX, SET ... EX n).
	RawWriteTTL
	// RawExpire: sets a TTL on Keys.
	RawExpire
	// RawPersist: removes the TTL of Keys.
	RawPersist
	// RawRemove: deletes Keys.
	RawRemove
	// RawBound: caps the size of Keys (LTRIM, XTRIM).
	RawBound
	// RawExists: replies whether its one key exists (EXISTS of one key,
	// HEXISTS), for requirettl's existing-key rule.
	RawExists
)

// A RawEffect is what a raw command does, and to which keys.
type RawEffect struct {
	Kind   RawKind
	Keys   []ast.Expr
	Clears bool // RawWrite: clears the TTL of an existing key (SET, GETSET, MSET)
	Hash   bool // RawWrite: writes hash fields
}

// A rawForm is the argument layout of a raw command, after its name.
type rawForm uint8

const (
	rawPlain     rawForm = iota // key values...: no option can change the key's lifetime
	rawSet                      // key value [NX|XX|IFEQ v|...] [GET] [EX n|PX n|EXAT t|PXAT t|KEEPTTL]
	rawAdd                      // key [NX|XX|GT|LT|CH|INCR]... (ZADD, GEOADD): XX only updates
	rawXAdd                     // key [NOMKSTREAM] [MAXLEN|MINID ...] id field value...
	rawPairs                    // key value [key value ...]
	rawSetEx                    // key ttl value
	rawExpire                   // key n [NX|XX|GT|LT]
	rawGetEx                    // key [EX n|PX n|EXAT t|PXAT t|PERSIST]
	rawPersist                  // key
	rawRemove                   // key [key ...]
	rawRemoveOne                // key
	rawBound                    // key ...
	rawExists                   // key (EXISTS of one key), key field (HEXISTS)
)

type rawLayout struct {
	form   rawForm
	clears bool // the write clears an existing key's TTL
	hash   bool // the write sets hash fields
}

// rawLayouts are the commands whose arguments RawEffectOf and ChainEffect
// read, by Redis name. The writes are the table's one-key rows that
// Create (TestRawLayouts checks them against the table).
var rawLayouts = map[string]rawLayout{
	"SET":          {form: rawSet, clears: true},
	"GETSET":       {form: rawPlain, clears: true},
	"SETNX":        {form: rawPlain},
	"SETRANGE":     {form: rawPlain},
	"APPEND":       {form: rawPlain},
	"INCR":         {form: rawPlain},
	"INCRBY":       {form: rawPlain},
	"INCRBYFLOAT":  {form: rawPlain},
	"DECR":         {form: rawPlain},
	"DECRBY":       {form: rawPlain},
	"SETBIT":       {form: rawPlain},
	"PFADD":        {form: rawPlain},
	"SADD":         {form: rawPlain},
	"LPUSH":        {form: rawPlain},
	"RPUSH":        {form: rawPlain},
	"ZINCRBY":      {form: rawPlain},
	"HSET":         {form: rawPlain, hash: true},
	"HSETNX":       {form: rawPlain, hash: true},
	"HMSET":        {form: rawPlain, hash: true},
	"HINCRBY":      {form: rawPlain, hash: true},
	"HINCRBYFLOAT": {form: rawPlain, hash: true},
	"ZADD":         {form: rawAdd},
	"GEOADD":       {form: rawAdd},
	"XADD":         {form: rawXAdd},
	"MSET":         {form: rawPairs, clears: true},
	"MSETNX":       {form: rawPairs},
	"SETEX":        {form: rawSetEx},
	"PSETEX":       {form: rawSetEx},
	"EXPIRE":       {form: rawExpire},
	"PEXPIRE":      {form: rawExpire},
	"EXPIREAT":     {form: rawExpire},
	"PEXPIREAT":    {form: rawExpire},
	"GETEX":        {form: rawGetEx},
	"PERSIST":      {form: rawPersist},
	"DEL":          {form: rawRemove},
	"UNLINK":       {form: rawRemove},
	"GETDEL":       {form: rawRemoveOne},
	"LTRIM":        {form: rawBound},
	"XTRIM":        {form: rawBound},
	"EXISTS":       {form: rawExists},
	"HEXISTS":      {form: rawExists, hash: true},
}

// RedigoArgs returns the arguments after the command name of a redigo
// Do, Send, DoContext or DoWithTimeout call (whatever its name argument),
// with spread set when the last of them is spread (conn.Do("SET",
// args...)). It reports false for any other call.
func RedigoArgs(info *types.Info, call *ast.CallExpr) (args []ast.Expr, spread, ok bool) {
	fn, recv := redigoFunc(info, call)
	if fn == nil {
		return nil, false, false
	}
	first, ok := redigoSenders[[2]string{recv, fn.Name()}]
	if !ok || len(call.Args) <= first {
		return nil, false, false
	}
	if call.Ellipsis.IsValid() && len(call.Args) == first+1 {
		return nil, false, false // conn.Do(args...): even the name is in the spread
	}
	return call.Args[first+1:], call.Ellipsis.IsValid(), true
}

// IsClientAPI reports whether path is a package whose functions are a
// client's own API: redigo's, rueidis's or valkey-go's client package, or
// the internal/cmds package of their builders. Such a function sets a TTL
// only by sending a command.
func IsClientAPI(path string) bool {
	switch ClientOf(path) {
	case Redigo, Rueidis, ValkeyGo:
		return true
	}
	return isRueidisCmds(path)
}

// RawEffectOf returns what the command name does with args, the
// arguments after its name as they go on the wire; spread is set when
// the last argument is spread.
func RawEffectOf(info *types.Info, name string, args []ast.Expr, spread bool) RawEffect {
	lay, ok := rawLayouts[name]
	if !ok || spread || len(args) == 0 {
		return RawEffect{}
	}
	key, rest := args[:1], args[1:]
	switch lay.form {
	case rawPlain:
		return rawWrite(lay, key)
	case rawSet:
		if len(rest) == 0 {
			return RawEffect{}
		}
		return setOptions(info, lay, key, rest[1:])
	case rawAdd:
	scan:
		for _, a := range rest {
			w, ok := word(info, a)
			switch {
			case ok && w == "XX":
				return RawEffect{Kind: RawNothing}
			case ok && (w == "NX" || w == "GT" || w == "LT" || w == "CH" || w == "INCR"):
				continue
			case info.Types[a].Value == nil && !numeric(info.TypeOf(a)):
				return RawEffect{} // a string decided at run time may be XX
			}
			break scan // the first score
		}
		return rawWrite(lay, key)
	case rawXAdd:
		if len(rest) == 0 {
			return RawEffect{}
		}
		w, ok := word(info, rest[0])
		switch {
		case ok && (w == "NOMKSTREAM" || w == "MAXLEN" || w == "MINID"):
			return RawEffect{Kind: RawNothing} // never created, or capped
		case info.Types[rest[0]].Value == nil:
			return RawEffect{} // an id decided at run time may be an option
		}
		return rawWrite(lay, key)
	case rawPairs:
		if len(args)%2 != 0 {
			return RawEffect{}
		}
		var keys []ast.Expr
		for i := 0; i < len(args); i += 2 {
			keys = append(keys, args[i])
		}
		return rawWrite(lay, keys)
	case rawSetEx:
		return RawEffect{Kind: RawWriteTTL, Keys: key}
	case rawExpire:
		if len(rest) == 0 {
			return RawEffect{}
		}
		if nonPositive(info, rest[0]) {
			return RawEffect{Kind: RawNothing} // like go-redis's Expire(ctx, k, 0)
		}
		for _, a := range rest[1:] {
			w, ok := word(info, a)
			switch {
			case !ok:
				return RawEffect{}
			case w == "XX" || w == "GT":
				return RawEffect{Kind: RawNothing} // nothing on a key without a TTL
			case w != "NX" && w != "LT":
				return RawEffect{}
			}
		}
		return RawEffect{Kind: RawExpire, Keys: key}
	case rawGetEx:
		if len(rest) == 0 {
			return RawEffect{Kind: RawNothing}
		}
		w, ok := word(info, rest[0])
		switch {
		case !ok:
			return RawEffect{}
		case w == "EX" || w == "PX" || w == "EXAT" || w == "PXAT":
			return RawEffect{Kind: RawExpire, Keys: key}
		case w == "PERSIST":
			return RawEffect{Kind: RawPersist, Keys: key}
		}
		return RawEffect{}
	case rawPersist:
		return RawEffect{Kind: RawPersist, Keys: key}
	case rawRemove:
		return RawEffect{Kind: RawRemove, Keys: args}
	case rawRemoveOne:
		return RawEffect{Kind: RawRemove, Keys: key}
	case rawBound:
		return RawEffect{Kind: RawBound, Keys: key}
	case rawExists:
		fields := 0
		if lay.hash {
			fields = 1 // HEXISTS key field
		}
		if len(rest) != fields {
			return RawEffect{} // EXISTS of several keys counts them together
		}
		return RawEffect{Kind: RawExists, Keys: key}
	}
	return RawEffect{}
}

func rawWrite(lay rawLayout, keys []ast.Expr) RawEffect {
	return RawEffect{Kind: RawWrite, Keys: keys, Clears: lay.clears, Hash: lay.hash}
}

// setOptions reads SET's options, after its value.
func setOptions(info *types.Info, lay rawLayout, key, opts []ast.Expr) RawEffect {
	var ttl, keep, existing bool
	for i := 0; i < len(opts); i++ {
		w, ok := word(info, opts[i])
		if !ok {
			return RawEffect{}
		}
		switch w {
		case "NX", "GET":
		case "XX":
			existing = true
		case "IFEQ", "IFDEQ":
			existing = true
			i++
		case "IFNE", "IFDNE":
			i++
		case "EX", "PX", "EXAT", "PXAT":
			ttl = true
			i++
		case "KEEPTTL":
			keep = true
		default:
			return RawEffect{}
		}
	}
	switch {
	case existing, keep:
		return RawEffect{Kind: RawNothing}
	case ttl:
		return RawEffect{Kind: RawWriteTTL, Keys: key}
	}
	return rawWrite(lay, key)
}

// word returns the upper-cased value of a constant string argument.
func word(info *types.Info, e ast.Expr) (string, bool) {
	s, ok := constString(info, e)
	return strings.ToUpper(strings.TrimSpace(s)), ok
}

// nonPositive reports whether e is a constant number, or a constant
// string holding one, that is 0 or less.
func nonPositive(info *types.Info, e ast.Expr) bool {
	v := info.Types[e].Value
	if v == nil {
		return false
	}
	switch v.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(v) <= 0
	case constant.String:
		n, err := strconv.ParseFloat(strings.TrimSpace(constant.StringVal(v)), 64)
		return err == nil && n <= 0
	}
	return false
}

func numeric(t types.Type) bool {
	b, ok := t.(*types.Basic)
	if !ok && t != nil {
		b, ok = t.Underlying().(*types.Basic)
	}
	return ok && b.Info()&types.IsNumeric != 0
}

// ChainEffect returns the command that the rueidis or valkey-go chain e
// builds (as BuiltCommand does) and what it does to its keys, read from
// its steps: Key(k) names the key (KeyValue(k, v) the keys of MSET), and
// the names of the other steps are the command's options (Ex, ExSeconds,
// Px, ... set a TTL, Keepttl keeps it, Xx only touches an existing key).
// An Arbitrary chain is read as redigo's arguments are: its tokens, then
// those of its Keys and Args steps, in order.
func ChainEffect(info *types.Info, e ast.Expr) (Command, RawEffect, bool) {
	entry, fn := chainEntry(info, e)
	if entry == nil {
		return Command{}, RawEffect{}, false
	}
	cmd, ok := entryCommand(info, entry, fn)
	if !ok {
		return Command{}, RawEffect{}, false
	}
	steps := chainSteps(e, entry)
	if fn.Name() == "Arbitrary" {
		skip := 1 + strings.Count(cmd.Name, " ") // the name and its subcommand
		if len(entry.Args) < skip || entry.Ellipsis.IsValid() {
			return cmd, RawEffect{}, true
		}
		args := entry.Args[skip:]
		for _, st := range steps {
			switch st.name {
			case "Keys", "Args":
				if st.call.Ellipsis.IsValid() {
					return cmd, RawEffect{}, true
				}
				args = append(args, st.call.Args...)
			}
		}
		return cmd, RawEffectOf(info, cmd.Name, args, false), true
	}
	return cmd, stepsEffect(info, cmd.Name, steps), true
}

// A chainStep is one call of a chain after the Builder method's.
type chainStep struct {
	name string
	call *ast.CallExpr
}

// chainSteps returns the steps of the chain e after entry, in order,
// Build or Cache last.
func chainSteps(e ast.Expr, entry *ast.CallExpr) []chainStep {
	var steps []chainStep
	for x := ast.Unparen(e); x != entry; {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return nil
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		steps = append(steps, chainStep{sel.Sel.Name, call})
		x = ast.Unparen(sel.X)
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return steps
}

// stepsEffect is ChainEffect for a typed chain.
func stepsEffect(info *types.Info, name string, steps []chainStep) RawEffect {
	lay, ok := rawLayouts[name]
	if !ok {
		return RawEffect{}
	}
	var keys []ast.Expr
	words := map[string]bool{}
	ttl := false // a step that sets a TTL (Ex, ExSeconds, Pxat, ...)
	var seconds ast.Expr
	for _, st := range steps {
		switch st.name {
		case "Key":
			if st.call.Ellipsis.IsValid() {
				return RawEffect{}
			}
			keys = append(keys, st.call.Args...)
		case "KeyValue":
			if len(st.call.Args) == 2 {
				keys = append(keys, st.call.Args[0])
			}
		case "Seconds", "Milliseconds", "Timestamp", "MillisecondsTimestamp":
			if len(st.call.Args) == 1 {
				seconds = st.call.Args[0]
			}
		}
		w := strings.ToUpper(st.name)
		words[w] = true
		if strings.HasPrefix(w, "EX") || strings.HasPrefix(w, "PX") {
			ttl = true
		}
	}
	if len(keys) == 0 {
		return RawEffect{}
	}
	switch lay.form {
	case rawPlain, rawPairs:
		return rawWrite(lay, keys)
	case rawSet:
		switch {
		case words["XX"] || words["IFEQ"] || words["IFDEQ"] || words["KEEPTTL"]:
			return RawEffect{Kind: RawNothing}
		case ttl:
			return RawEffect{Kind: RawWriteTTL, Keys: keys}
		}
		return rawWrite(lay, keys)
	case rawAdd:
		if words["XX"] {
			return RawEffect{Kind: RawNothing}
		}
		return rawWrite(lay, keys)
	case rawXAdd:
		if words["NOMKSTREAM"] || words["MAXLEN"] || words["MINID"] {
			return RawEffect{Kind: RawNothing}
		}
		return rawWrite(lay, keys)
	case rawSetEx:
		return RawEffect{Kind: RawWriteTTL, Keys: keys}
	case rawExpire:
		if words["XX"] || words["GT"] || seconds != nil && nonPositive(info, seconds) {
			return RawEffect{Kind: RawNothing}
		}
		return RawEffect{Kind: RawExpire, Keys: keys}
	case rawGetEx:
		switch {
		case ttl:
			return RawEffect{Kind: RawExpire, Keys: keys}
		case words["PERSIST"]:
			return RawEffect{Kind: RawPersist, Keys: keys}
		}
		return RawEffect{Kind: RawNothing}
	case rawPersist:
		return RawEffect{Kind: RawPersist, Keys: keys}
	case rawRemove, rawRemoveOne:
		return RawEffect{Kind: RawRemove, Keys: keys}
	case rawBound:
		return RawEffect{Kind: RawBound, Keys: keys}
	case rawExists:
		if len(keys) != 1 {
			return RawEffect{}
		}
		return RawEffect{Kind: RawExists, Keys: keys}
	}
	return RawEffect{}
}

// InClientRepo reports whether path is a package of rueidis's, valkey-go's
// or redigo's repository other than the client package itself:
// rueidiscompat and valkeycompat (go-redis's API over those clients),
// the aside caches, the locks, om, redisx. Like go-redis's own package,
// they implement commands for their callers rather than use them.
func InClientRepo(path string) bool {
	path = unvendor(path)
	for _, repo := range []string{PathRueidis, PathValkey, ModuleRedigo} {
		if strings.HasPrefix(path, repo+"/") && path != PathRedigo {
			return true
		}
	}
	return false
}
