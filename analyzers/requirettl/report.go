package requirettl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// check reports the writes of body b whose key misses an expiry on some path.
func (c *checker) check(b *body) {
	for _, blk := range b.g.Blocks {
		if !blk.Live {
			continue
		}
		for i, n := range blk.Nodes {
			if _, ok := n.(*ast.DeferStmt); ok {
				continue // runs at the function's end, after anything that follows it
			}
			ast.Inspect(n, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.FuncLit:
					return false // checked as its own body
				case *ast.CallExpr:
					for _, ev := range c.events(b.fi, x) {
						if ev.kind == evWrite {
							c.checkWrite(b, loc{blk, i}, ev)
						}
					}
				}
				return true
			})
		}
	}
}

// checkWrite reports write w, at node at of body b, when some path from
// it to the end of the function sets no expiry on its key.
func (c *checker) checkWrite(b *body, at loc, w *event) {
	if c.reported[w.call] {
		return // one finding per call
	}
	fi := b.fi
	if w.unnamed {
		c.checkUnnamed(b, at, w)
		return
	}
	for _, ke := range w.keys {
		k := c.keyOf(fi, ke)
		if k == nil || c.persistent(fi, k) {
			continue // cannot be compared with confidence, or allowed to persist
		}
		if k.t.kind == tParam && fi.sum != nil && fi.sum.writes(k.t.idx) {
			continue // a pass-through wrapper: its callers are checked
		}
		if slices.ContainsFunc(k.vars, func(v *types.Var) bool { vi := fi.vars[v]; return vi != nil && vi.litParam }) {
			continue // a closure's parameter: its calls through a function value are not followed
		}
		family, inFamily := c.familyTTL(k)
		if c.cfg.Mode == ModeExpiring && !inFamily {
			continue // a key the module never expires: kept on purpose
		}
		if c.dirs.Suppressed(w.call) {
			return // suppressed, or in a generated file
		}
		s := c.newSearch(fi, w, k)
		if s.deferred(b) {
			continue
		}
		if w.keeps && s.existing(b, at) {
			continue // the key was just found to exist: the write keeps its TTL
		}
		bp := s.from(b, at, w.call.End(), 0, s.errLive)
		if bp == nil {
			continue
		}
		c.reported[w.call] = true
		detail := ""
		if s.anyExpiry() {
			detail = " " + c.describe(bp)
		}
		fam := ""
		if inFamily {
			fam = fmt.Sprintf(", though keys %q... get a TTL at %s", k.prefix, family)
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: w.call.Pos(),
			End: w.call.End(),
			Message: fmt.Sprintf("%s on key %s is not followed by an expiry%s; the key will never expire%s: add Expire after the write, or write it with a TTL (rediskit's TTL constants)",
				w.what, types.ExprString(ke), detail, fam),
		})
		return // one finding per call
	}
}

// checkUnnamed reports a write whose keys cannot be named (MSet of pairs
// built in a slice or map) when nothing on some path after it can set an
// expiry on any key.
func (c *checker) checkUnnamed(b *body, at loc, w *event) {
	pairs := w.call.Args[len(w.call.Args)-1]
	if c.persistentFunc(b.fi) || c.cfg.Mode == ModeExpiring || c.dirs.Suppressed(w.call) {
		return
	}
	if _, ok := c.paramOf(b.fi, pairs); ok {
		return // a wrapper handed its caller's pairs: the caller names the keys
	}
	s := c.newSearch(b.fi, w, nil)
	if s.deferred(b) || s.from(b, at, w.call.End(), 0, s.errLive) == nil {
		return
	}
	c.reported[w.call] = true
	c.pass.Report(analysis.Diagnostic{
		Pos: w.call.Pos(),
		End: w.call.End(),
		Message: fmt.Sprintf("%s of the pairs in %s is not followed by any expiry; its keys will never expire: expire each key after the write, or write them with a TTL (rediskit's TTL constants)",
			w.what, types.ExprString(pairs)),
	})
}

// deferred reports whether a deferred call of b or an enclosing body
// expires the key: it runs when the function returns, on every path.
func (s *search) deferred(b *body) bool {
	for ; b != nil; b = b.parent {
		for _, blk := range b.g.Blocks {
			for _, n := range blk.Nodes {
				if _, ok := n.(*ast.DeferStmt); ok && s.nodeCovers(n, 0, all) {
					return true
				}
			}
		}
	}
	return false
}

// anyExpiry reports whether the function expires the key somewhere after
// the write: then the message names the path that misses it.
func (s *search) anyExpiry() bool {
	for _, ev := range s.fi.events {
		if ev.call.Pos() > s.w.call.End() && ev.kind != evAny && s.covers(ev, all) {
			return true
		}
	}
	return false
}

// lastReturn returns the return statement that ends blk, or nil.
func lastReturn(blk *cfg.Block) *ast.ReturnStmt {
	if len(blk.Nodes) == 0 {
		return nil
	}
	ret, _ := blk.Nodes[len(blk.Nodes)-1].(*ast.ReturnStmt)
	return ret
}

// describe names the path: the first branch statement it takes, else its
// return statement, else the end of the function.
func (c *checker) describe(bp *badPath) string {
	fset := c.pass.Fset
	for i := 0; i+1 < len(bp.blocks); i++ {
		if br := branchAfter(bp.b, bp.blocks[i], bp.blocks[i+1]); br != nil {
			return fmt.Sprintf("on the path through the %s at line %d", br.Tok, fset.Position(br.Pos()).Line)
		}
	}
	if bp.ret.Return == bp.b.block.Rbrace {
		return fmt.Sprintf("on the path to the end of the function at line %d", fset.Position(bp.ret.Return).Line)
	}
	return fmt.Sprintf("on the path through the return at line %d", fset.Position(bp.ret.Pos()).Line)
}

// branchAfter returns the break, continue or goto by which control goes
// from blk to next, or nil. The graph does not keep branch statements, so
// it is the statement that follows blk's last node in the source, when its
// kind agrees with next.
func branchAfter(b *body, blk, next *cfg.Block) *ast.BranchStmt {
	if len(blk.Succs) != 1 {
		return nil
	}
	var end token.Pos
	if n := len(blk.Nodes); n > 0 {
		end = blk.Nodes[n-1].End()
	} else {
		switch st := blk.Stmt.(type) {
		case *ast.IfStmt:
			switch blk.Kind {
			case cfg.KindIfThen:
				end = st.Body.Lbrace + 1
			case cfg.KindIfElse:
				end = st.Else.Pos()
			case cfg.KindIfDone:
				end = st.End()
			}
		case *ast.ForStmt:
			switch blk.Kind {
			case cfg.KindForBody:
				end = st.Body.Lbrace + 1
			case cfg.KindForDone:
				end = st.End()
			}
		case *ast.RangeStmt:
			switch blk.Kind {
			case cfg.KindRangeBody:
				end = st.Body.Lbrace + 1
			case cfg.KindRangeDone:
				end = st.End()
			}
		case *ast.CaseClause:
			end = st.Colon + 1
		case *ast.CommClause:
			end = st.Colon + 1
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			end = st.End()
		}
	}
	if !end.IsValid() {
		return nil
	}
	var first ast.Stmt
	ast.Inspect(b.block, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if st, ok := n.(ast.Stmt); ok && st.Pos() >= end && (first == nil || st.Pos() < first.Pos()) {
			if _, isBlock := st.(*ast.BlockStmt); !isBlock {
				first = st
			}
		}
		return true
	})
	br, ok := first.(*ast.BranchStmt)
	if !ok {
		return nil
	}
	switch br.Tok {
	case token.CONTINUE:
		switch next.Kind {
		case cfg.KindForLoop, cfg.KindForPost, cfg.KindRangeLoop, cfg.KindForBody:
			return br
		}
	case token.BREAK:
		switch next.Kind {
		case cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
			return br
		}
	case token.GOTO:
		if next.Kind == cfg.KindLabel {
			return br
		}
	}
	return nil
}
