package requirettl

import (
	"go/ast"
	"go/types"

	"github.com/redislint/redislint/internal/redisapi"
)

// Raw commands: redigo names its command in a string argument and passes
// the rest as they go on the wire (conn.Do("SET", k, v, "EX", 60));
// rueidis and valkey-go build each command with a typed chain
// (c.B().Set().Key(k).Value(v).Ex(ttl).Build()) and send it with Do,
// DoMulti and friends. redisapi reads from either what the command does
// to its keys (RawEffectOf, ChainEffect); the events follow go-redis's
// rules. What cannot be read is silent: a write whose options are not
// constants is not reported, an expiry whose options are not constants
// may expire any key its arguments mention, and a command that cannot be
// told at all (a name that is not a constant, a command built elsewhere)
// may expire any key.

// redigo classifies a redigo send whose command name is a constant.
func (c *checker) redigo(call *ast.CallExpr, cmd redisapi.Command) []*event {
	args, spread, _ := redisapi.RedigoArgs(c.pass.TypesInfo, call)
	eff := redisapi.RawEffectOf(c.pass.TypesInfo, cmd.Name, args, spread)
	return c.rawEvents(call, cmd, eff, call.Args)
}

// rawEvents returns the events of one raw command sent by call; mention
// holds the expressions through which its keys are handed over, for an
// effect that cannot be read.
func (c *checker) rawEvents(call *ast.CallExpr, cmd redisapi.Command, eff redisapi.RawEffect, mention []ast.Expr) []*event {
	switch eff.Kind {
	case redisapi.RawUnknown:
		if cmd.Effect.Has(redisapi.RunsScript) {
			return one(&event{kind: evAny, call: call})
		}
		if cmd.Effect&(redisapi.SetsTTL|redisapi.ChangesTTL|redisapi.FieldTTL|redisapi.Removes) != 0 {
			return one(&event{kind: evLoose, call: call, args: mention})
		}
	case redisapi.RawWrite:
		return one(&event{kind: evWrite, call: call, keys: eff.Keys, what: cmd.Name + " through " + types.ExprString(call.Fun),
			name: cmd.Name, hash: eff.Hash, keeps: !eff.Clears})
	case redisapi.RawWriteTTL, redisapi.RawExpire:
		return one(&event{kind: evCover, call: call, keys: eff.Keys, ttl: true})
	case redisapi.RawRemove:
		return one(&event{kind: evCover, call: call, keys: eff.Keys})
	case redisapi.RawPersist:
		return one(&event{kind: evPersist, call: call, keys: eff.Keys})
	case redisapi.RawBound:
		return one(&event{kind: evBound, call: call, keys: eff.Keys})
	}
	return nil
}

// clientCall classifies a call of redigo's, rueidis's or valkey-go's own
// API that CallCommand did not resolve: a rueidis send, a redigo send
// whose command name is not a constant, a script run on a connection.
// Anything else (a reply conversion, a builder step, a pool's Get) sets
// no TTL.
func (c *checker) clientCall(fi *funcInfo, call *ast.CallExpr) []*event {
	info := c.pass.TypesInfo
	if cmds, spread, ok := redisapi.SentCommands(info, call); ok {
		return c.sent(fi, call, cmds, spread)
	}
	if _, _, ok := redisapi.RedigoArgs(info, call); ok {
		return one(&event{kind: evAny, call: call}) // a command whose name is not a constant
	}
	for _, a := range call.Args {
		if connType(info.TypeOf(a)) {
			return one(&event{kind: evAny, call: call}) // script.Do(conn, ...), lua.Exec(ctx, client, ...)
		}
	}
	return nil
}

// connType reports whether t is an interface of a client package that
// sends commands: redigo's Conn, rueidis's Client.
func connType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || !redisapi.IsClientAPI(n.Obj().Pkg().Path()) {
		return false
	}
	_, ok = n.Underlying().(*types.Interface)
	return ok
}

// sent classifies a rueidis or valkey-go send of the commands in args
// (one slice when spread). A command that is not a chain the function
// builds inline or in a local variable assigned once may be anything.
// A write covered by a later command of the same send (DoMulti of SET
// and EXPIRE) is not one.
func (c *checker) sent(fi *funcInfo, call *ast.CallExpr, args []ast.Expr, spread bool) []*event {
	info := c.pass.TypesInfo
	if spread {
		elems := c.localCommands(fi, args[0])
		if elems == nil {
			return one(&event{kind: evAny, call: call})
		}
		args = elems
	}
	var per [][]*event
	for _, a := range args {
		chain := c.localChain(fi, a)
		cmd, eff, ok := redisapi.ChainEffect(info, chain)
		if !ok {
			return one(&event{kind: evAny, call: call})
		}
		per = append(per, c.rawEvents(call, cmd, eff, []ast.Expr{chain}))
	}
	var evs []*event
	for i, es := range per {
		for _, ev := range es {
			if ev.kind == evWrite && c.coveredLater(fi, ev, per[i+1:]) {
				continue
			}
			evs = append(evs, ev)
		}
	}
	return evs
}

// coveredLater reports whether the events of the commands that follow a
// write in the same send expire every key it writes, or may.
func (c *checker) coveredLater(fi *funcInfo, w *event, later [][]*event) bool {
	for _, ke := range w.keys {
		k := c.keyOf(fi, ke)
		if k == nil {
			return true // cannot be compared: it is not reported anyway
		}
		covered := false
		for _, es := range later {
			for _, ev := range es {
				switch ev.kind {
				case evCover, evBound:
					for _, e := range ev.keys {
						if k.matches(c.keyOf(fi, e), 0) {
							covered = true
						}
					}
				case evLoose:
					for _, a := range ev.args {
						if c.mentionedBy(fi, k, a) {
							covered = true
						}
					}
				case evAny:
					covered = true
				}
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// localChain returns the chain e stands for: e itself, or the value of
// the local variable e when it is assigned once.
func (c *checker) localChain(fi *funcInfo, e ast.Expr) ast.Expr {
	if v := c.localOnce(fi, e); v != nil {
		return v
	}
	return e
}

// localCommands returns the commands of a slice that a send spreads: a
// local variable assigned once from a composite literal
// (cmds := rueidis.Commands{...}), or nil.
func (c *checker) localCommands(fi *funcInfo, e ast.Expr) []ast.Expr {
	lit, ok := ast.Unparen(c.localChain(fi, e)).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, el := range lit.Elts {
		if _, kv := el.(*ast.KeyValueExpr); kv {
			return nil
		}
	}
	return lit.Elts
}

// localOnce returns the value of the local variable e when the function
// assigns it once, where it is declared, and never takes its address.
func (c *checker) localOnce(fi *funcInfo, e ast.Expr) ast.Expr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	vi := fi.vars[v]
	if vi == nil || vi.defs != 1 || vi.def == nil || vi.unstable || len(vi.addrAt) > 0 {
		return nil
	}
	return vi.def
}

// replyOf returns the send whose reply call reads: rueidis's
// c.Do(ctx, cmd).AsInt64() or .Error(), redigo's redis.Int(conn.Do(...)).
func (c *checker) replyOf(call *ast.CallExpr) *ast.CallExpr {
	info := c.pass.TypesInfo
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if inner, ok := ast.Unparen(fun.X).(*ast.CallExpr); ok {
			if s, ok := info.Selections[fun]; ok && s.Kind() == types.MethodVal {
				if f, ok := s.Obj().(*types.Func); ok && f.Pkg() != nil && redisapi.IsRueidis(f.Pkg().Path()) {
					return inner
				}
			}
			return nil
		}
		if _, ok := info.Selections[fun]; ok {
			return nil
		}
	case *ast.Ident:
	default:
		return nil
	}
	if len(call.Args) != 1 || redisapi.CallClient(info, call) != redisapi.Redigo {
		return nil
	}
	inner, _ := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	return inner
}

// rawProbe returns the probe of an existence test of one key sent raw: a
// redigo send of EXISTS or HEXISTS (cmd, when known is set), or a rueidis
// or valkey-go send of one such chain written in the call.
func (c *checker) rawProbe(call *ast.CallExpr, cmd redisapi.Command, known bool) (probe, bool) {
	info := c.pass.TypesInfo
	var eff redisapi.RawEffect
	if known {
		args, spread, _ := redisapi.RedigoArgs(info, call)
		eff = redisapi.RawEffectOf(info, cmd.Name, args, spread)
	} else {
		cmds, spread, sends := redisapi.SentCommands(info, call)
		if !sends || spread || len(cmds) != 1 {
			return probe{}, false
		}
		_, eff, _ = redisapi.ChainEffect(info, cmds[0])
	}
	if eff.Kind != redisapi.RawExists || len(eff.Keys) != 1 {
		return probe{}, false
	}
	return probe{call: call, key: eff.Keys[0]}, true
}
