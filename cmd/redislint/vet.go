package main

import (
	"encoding/binary"
	"encoding/json"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint/internal/reach"
	"github.com/redislint/redislint/internal/redisapi"
)

// Under go vet, the go command runs the tool once per package of the build,
// the standard library and every dependency included, each with a .cfg
// file naming the package's files and the vetx files (types and facts) of
// its direct imports. A dependency that cannot reach go-redis can carry no
// redislint fact, so for it redislint runs no analyzer at all: it does what
// any vet tool must (type-check the package and write its types to the
// vetx file, which the go command's vet protocol requires) and nothing
// more, which is what a vet tool without facts costs.
//
// Whether a package can reach go-redis is known without parsing it: it
// imports a go-redis client directly (the .cfg's ImportMap), or one of its
// direct imports carries reach's Mark in its vetx facts. Every package that
// reaches go-redis is analyzed and marked, so the test is sound, including
// for a package that reaches go-redis only through another module's
// wrapper.

// vetConfig holds the fields of the go command's vet .cfg that redislint
// reads; unitchecker reads the file again in full.
type vetConfig struct {
	ImportPath  string
	ImportMap   map[string]string
	PackageVetx map[string]string
	VetxOnly    bool
}

// vetCfg returns the .cfg file of a go vet invocation, or "".
func vetCfg(args []string) string {
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		return args[len(args)-1]
	}
	return ""
}

// vetAnalyzers returns the analyzers to run on the package of cfgFile:
// none when it is only analyzed for facts and cannot carry any. On any
// doubt (an unreadable file), all of them.
func vetAnalyzers(cfgFile string, all []*analysis.Analyzer) []*analysis.Analyzer {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return all
	}
	var cfg vetConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return all
	}
	if !cfg.VetxOnly || reachesRedis(&cfg) {
		return all
	}
	return nil
}

// reachesRedis reports whether the package of cfg imports a client
// (go-redis or redigo), directly or through a marked import.
func reachesRedis(cfg *vetConfig) bool {
	for _, path := range cfg.ImportMap {
		if redisapi.IsClient(path) {
			return true
		}
	}
	for _, file := range cfg.PackageVetx {
		facts, ok := vetxFacts(file)
		if !ok || reach.InFacts(facts) {
			return true
		}
	}
	return false
}

// vetxFacts returns the facts section of a vetx file written by
// unitchecker: "vetx", the lengths of the types and facts sections as
// little-endian uint32s, then the two sections. ok is false when the file
// does not have that layout, and then the caller must assume a Mark.
func vetxFacts(file string) (facts []byte, ok bool) {
	f, err := os.Open(file)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	var head [12]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || string(head[:4]) != "vetx" {
		return nil, false
	}
	typesLen := binary.LittleEndian.Uint32(head[4:8])
	factsLen := binary.LittleEndian.Uint32(head[8:12])
	if factsLen == 0 {
		return nil, true
	}
	facts = make([]byte, factsLen)
	if _, err := f.ReadAt(facts, 12+int64(typesLen)); err != nil {
		return nil, false
	}
	return facts, true
}
