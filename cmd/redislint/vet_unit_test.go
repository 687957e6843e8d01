package main

import (
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint/internal/reach"
)

// TestVetAnalyzers: under go vet, a package analyzed only for facts gets
// no analyzer when neither it nor any import reaches go-redis, and all of
// them otherwise; a vetx file it cannot read counts as reaching.
func TestVetAnalyzers(t *testing.T) {
	dir := t.TempDir()
	vetx := func(name string, facts []byte) string {
		types := []byte("types")
		data := []byte("vetx")
		data = binary.LittleEndian.AppendUint32(data, uint32(len(types)))
		data = binary.LittleEndian.AppendUint32(data, uint32(len(facts)))
		data = append(append(data, types...), facts...)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	type gobFact struct {
		PkgPath string
		Fact    analysis.Fact
	}
	gob.Register(new(reach.Mark))
	var marked []byte
	{
		var buf = new(bytesBuffer)
		if err := gob.NewEncoder(buf).Encode([]gobFact{{"example.com/helper", &reach.Mark{Reaches: true}}}); err != nil {
			t.Fatal(err)
		}
		marked = buf.b
	}
	plain := vetx("plain.vetx", nil)
	helper := vetx("helper.vetx", marked)
	garbage := filepath.Join(dir, "garbage.vetx")
	if err := os.WriteFile(garbage, []byte("not a vetx file"), 0o644); err != nil {
		t.Fatal(err)
	}

	all := []*analysis.Analyzer{reach.Analyzer}
	for _, tc := range []struct {
		name string
		cfg  vetConfig
		want bool // analyzers run
	}{
		{"std dependency", vetConfig{ImportPath: "strings", ImportMap: map[string]string{"unicode": "unicode"}, PackageVetx: map[string]string{"unicode": plain}, VetxOnly: true}, false},
		{"imports go-redis", vetConfig{ImportPath: "example.com/store", ImportMap: map[string]string{"github.com/redis/go-redis/v9": "github.com/redis/go-redis/v9"}, VetxOnly: true}, true},
		{"imports v8 vendored", vetConfig{ImportPath: "example.com/store", ImportMap: map[string]string{"github.com/go-redis/redis/v8": "example.com/vendor/github.com/go-redis/redis/v8"}, VetxOnly: true}, true},
		{"imports a marked helper", vetConfig{ImportPath: "example.com/svc", ImportMap: map[string]string{"example.com/helper": "example.com/helper"}, PackageVetx: map[string]string{"example.com/helper": helper, "strings": plain}, VetxOnly: true}, true},
		{"unreadable vetx", vetConfig{ImportPath: "example.com/svc", PackageVetx: map[string]string{"example.com/x": garbage}, VetxOnly: true}, true},
		{"missing vetx", vetConfig{ImportPath: "example.com/svc", PackageVetx: map[string]string{"example.com/x": filepath.Join(dir, "none")}, VetxOnly: true}, true},
		{"a package go vet reports on", vetConfig{ImportPath: "example.com/plain", PackageVetx: map[string]string{"strings": plain}}, true},
	} {
		data, _ := json.Marshal(tc.cfg)
		cfg := filepath.Join(dir, "vet.cfg")
		if err := os.WriteFile(cfg, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := vetAnalyzers(cfg, all) != nil; got != tc.want {
			t.Errorf("%s: analyzers run = %v, want %v", tc.name, got, tc.want)
		}
	}
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
