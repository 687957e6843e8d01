package ctxclose

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/redislint/redislint/internal/redisapi"
)

// closesArg marks a function that closes its go-redis resource parameter
// Index (counting from 0, without the receiver) on every path that returns:
// passing a connection, subscription or client to it releases it.
type closesArg struct{ Index int }

func (*closesArg) AFact()           {}
func (f *closesArg) String() string { return fmt.Sprintf("closesArg(%d)", f.Index) }

// exportFacts exports closesArg for the package's functions. Only functions
// with a go-redis parameter are examined, so the cost stays with code that
// uses go-redis. A helper may close its parameter by passing it to another
// helper of the package, so the facts are computed until nothing changes.
func (c *checker) exportFacts() {
	type candidate struct {
		fn     *types.Func
		fi     *funcInfo
		params []int
	}
	var cands []candidate
	for cur := range c.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if !ok || decl.Body == nil {
			continue
		}
		var params []int
		ps := fn.Signature().Params()
		for i := range ps.Len() {
			if p := ps.At(i); p.Name() != "" && p.Name() != "_" && redisType(p.Type()) {
				params = append(params, i)
			}
		}
		if len(params) == 0 {
			continue
		}
		if fi := c.function(cur); fi != nil {
			cands = append(cands, candidate{fn, fi, params})
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range cands {
			cand := &cands[i]
			if cand.fi == nil {
				continue // has its fact
			}
			for _, idx := range cand.params {
				if c.closesParam(cand.fi, cand.fn.Signature().Params().At(idx)) {
					c.pass.ExportObjectFact(cand.fn, &closesArg{Index: idx})
					cand.fi = nil
					changed = true
					break
				}
			}
		}
	}
}

// closesParam reports whether fi closes its parameter p on every path that
// returns, by itself (Close, in a defer too) or through a helper with the
// fact.
func (c *checker) closesParam(fi *funcInfo, p *types.Var) bool {
	t := c.track(fi, p, redisapi.Releases, nil)
	if t.skip || t.handled == 0 {
		return false
	}
	entry := fi.g.Blocks[0]
	_, leaks := c.search(fi, t, entry, 0, held, true)
	return !leaks
}
