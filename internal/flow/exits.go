package flow

import "go/types"

// Exits reports whether fn is known never to return: it exits the process
// or the goroutine, or always panics. The list covers the standard library
// and the loggers whose Fatal and Panic methods are widely used. Taking a
// function that returns for one that does not would hide paths, so only
// functions documented not to return are listed.
func Exits(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	names := exits[fn.Pkg().Path()]
	if names == nil {
		return false
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		t := r.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return false
		}
		recv = n.Obj().Name()
	}
	return names[recv+"."+fn.Name()]
}

// exits lists, by package path, "Recv.Name" (".Name" for a function).
var exits = map[string]map[string]bool{
	"os":      set(".Exit"),
	"syscall": set(".Exit", ".ExitProcess", ".ExitThread"),
	"runtime": set(".Goexit"),
	"log": set(".Fatal", ".Fatalf", ".Fatalln", ".Panic", ".Panicf", ".Panicln",
		"Logger.Fatal", "Logger.Fatalf", "Logger.Fatalln", "Logger.Panic", "Logger.Panicf", "Logger.Panicln"),
	"testing": set("common.FailNow", "common.Fatal", "common.Fatalf", "common.SkipNow", "common.Skip", "common.Skipf"),
	"go.uber.org/zap": set("Logger.Fatal", "Logger.Panic",
		"SugaredLogger.Fatal", "SugaredLogger.Fatalf", "SugaredLogger.Fatalw", "SugaredLogger.Fatalln",
		"SugaredLogger.Panic", "SugaredLogger.Panicf", "SugaredLogger.Panicw", "SugaredLogger.Panicln"),
	"github.com/sirupsen/logrus": set(".Fatal", ".Fatalf", ".Fatalln", ".Panic", ".Panicf", ".Panicln", ".Exit",
		"Logger.Fatal", "Logger.Fatalf", "Logger.Fatalln", "Logger.Panic", "Logger.Panicf", "Logger.Panicln", "Logger.Exit",
		"Entry.Fatal", "Entry.Fatalf", "Entry.Fatalln", "Entry.Panic", "Entry.Panicf", "Entry.Panicln"),
	"k8s.io/klog":    set(".Exit", ".ExitDepth", ".Exitf", ".Exitln", ".Fatal", ".FatalDepth", ".Fatalf", ".Fatalln"),
	"k8s.io/klog/v2": set(".Exit", ".ExitDepth", ".Exitf", ".Exitln", ".Fatal", ".FatalDepth", ".Fatalf", ".Fatalln"),
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
