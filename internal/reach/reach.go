// Package reach marks, with an analysis fact, the packages that can reach a
// go-redis client: those that import one, directly or through other
// packages. Only such a package can carry a redislint fact, so a driver
// that sees no mark on any import of a package (and no go-redis import)
// knows the package needs no analysis for facts.
//
// Under go vet, cmd/redislint looks for the mark in the facts of a
// package's direct imports (the vetx files the go command hands it) before
// deciding to analyze the package at all.
package reach

import (
	"bytes"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint/internal/redisapi"
)

// Mark is the package fact exported by every package that reaches a
// go-redis client.
type Mark struct {
	// Reaches is always true; gob cannot encode a struct with no fields.
	Reaches bool
}

// AFact marks Mark as an analysis fact.
func (*Mark) AFact() {}

func (*Mark) String() string { return "reaches go-redis" }

// Analyzer exports a Mark for each package that reaches go-redis.
var Analyzer = &analysis.Analyzer{
	Name:      "redisreach",
	Doc:       "marks the packages that can reach a go-redis client",
	FactTypes: []analysis.Fact{new(Mark)},
	Run: func(pass *analysis.Pass) (any, error) {
		if redisapi.Reaches(pass.Pkg) {
			pass.ExportPackageFact(&Mark{Reaches: true})
		}
		return nil, nil
	},
}

// gobName is the name gob writes before every encoded *Mark held in an
// interface, as analysis facts are: gob.Register names a pointer type by
// its reflect string ("*reach.Mark").
var gobName = []byte(reflect.TypeOf(new(Mark)).String())

// InFacts reports whether encoded facts (a vetx file's facts section) hold a
// Mark. A false positive is harmless (the package is analyzed); there is no
// false negative, because gob names the concrete type of every interface
// value it encodes.
func InFacts(facts []byte) bool {
	return bytes.Contains(facts, gobName)
}
