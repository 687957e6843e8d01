package reach

import (
	"bytes"
	"encoding/gob"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestInFacts encodes facts the way drivers do (gob, each fact in an
// interface, the fact types registered with gob.Register) and checks that
// InFacts finds a Mark exactly when one is there.
func TestInFacts(t *testing.T) {
	type gobFact struct {
		PkgPath string
		Fact    analysis.Fact
	}
	gob.Register(new(Mark))
	gob.Register(new(other))
	encode := func(facts ...analysis.Fact) []byte {
		var list []gobFact
		for _, f := range facts {
			list = append(list, gobFact{"example.com/p", f})
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(list); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !InFacts(encode(&Mark{Reaches: true})) {
		t.Error("InFacts misses a lone Mark")
	}
	if !InFacts(encode(&other{N: 1}, &Mark{Reaches: true})) {
		t.Error("InFacts misses a Mark after another fact")
	}
	if InFacts(encode(&other{N: 1})) {
		t.Error("InFacts finds a Mark among facts that hold none")
	}
	if InFacts(nil) {
		t.Error("InFacts finds a Mark in no facts")
	}
}

type other struct{ N int }

func (*other) AFact() {}
