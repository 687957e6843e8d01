package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// The standalone driver. It takes the x/tools checker (checker.Analyze,
// the same engine as multichecker) and gives it a package graph of its own
// making (see graph.go), so that facts cost no more than the plain floor.
// Flags, output and exit codes are multichecker's.

// Exit codes, as documented in the README.
const (
	exitOK       = 0 // no findings
	exitError    = 1 // a package could not be loaded, type-checked or analyzed
	exitUsage    = 2 // bad flags or environment
	exitFindings = 3 // findings were reported (text mode); takes precedence over exitError
)

// options are the driver's own flags.
type options struct {
	json       bool
	context    int
	fix, diff  bool
	tests      bool
	tags       string
	cpuProfile string
	memProfile string
}

// triState is an analyzer's enable flag: unset, true or false.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }

func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (t *triState) Set(v string) error {
	switch strings.ToLower(v) {
	case "true", "1", "t":
		*t = setTrue
	case "false", "0", "f":
		*t = setFalse
	default:
		return fmt.Errorf("want true or false, got %q", v)
	}
	return nil
}

// parseFlags parses the command line into options, the enabled analyzers
// and the package patterns. Analyzer flags are registered as
// -<analyzer>.<flag> and set the analyzer's own flag values.
func parseFlags(args []string, all []*analysis.Analyzer, stderr io.Writer) (*options, []*analysis.Analyzer, []string, error) {
	fs := flag.NewFlagSet("redislint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.BoolVar(&o.json, "json", false, "print findings as JSON (exit status 0 even with findings)")
	fs.IntVar(&o.context, "c", -1, "print this many lines of source around each finding")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of applying them")
	fs.BoolVar(&o.tests, "test", true, "also analyze the packages' test files")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags, as for go build (GOFLAGS is respected too)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to this file")

	enabled := make(map[*analysis.Analyzer]*triState, len(all))
	for _, a := range all {
		t := new(triState)
		enabled[a] = t
		fs.Var(t, a.Name, "enable the "+a.Name+" analysis ("+firstLine(a.Doc)+")")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() { usage(stderr, all) }
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, err
	}

	// As in multichecker: naming analyzers with -x runs only those;
	// otherwise every analyzer runs but those turned off with -x=false.
	var chosen []*analysis.Analyzer
	anyTrue := false
	for _, a := range all {
		if *enabled[a] == setTrue {
			anyTrue = true
		}
	}
	for _, a := range all {
		switch t := *enabled[a]; {
		case anyTrue && t == setTrue, !anyTrue && t != setFalse:
			chosen = append(chosen, a)
		}
	}
	if o.diff {
		o.fix = true
	}
	return o, chosen, fs.Args(), nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSuffix(s, ".")
}

func usage(w io.Writer, all []*analysis.Analyzer) {
	fmt.Fprint(w, `redislint finds go-redis usage that takes production Redis down.

Usage:
	redislint [flags] packages...        # standalone, like go vet ./...
	go vet -vettool=$(command -v redislint) packages...
	redislint help [analyzer...]         # what an analyzer reports, and its flags

Analyzers (all run by default; -name runs only the named ones, -name=false turns one off):
`)
	for _, a := range all {
		fmt.Fprintf(w, "	%-13s %s\n", a.Name, firstLine(a.Doc))
	}
	fmt.Fprint(w, `
Flags:
	-json           findings as JSON on stdout
	-fix            apply the suggested fixes; -diff prints them instead
	-c N            print N lines of source context around each finding
	-test=false     skip test files
	-tags a,b       build tags (GOFLAGS is respected too)
	-<analyzer>.<flag>   an analyzer's own setting; see redislint help <analyzer>

Exit status: 0 no findings; 3 findings (text mode); 1 a package could not be
loaded, type-checked or analyzed; 2 bad usage. With -json the status is 0
even with findings: read the JSON.
`)
}

// help prints the documentation of the named analyzers, or the usage.
func help(w io.Writer, all []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		usage(w, all)
		return exitOK
	}
	code := exitOK
	for _, name := range names {
		var a *analysis.Analyzer
		for _, x := range all {
			if x.Name == name {
				a = x
			}
		}
		if a == nil {
			fmt.Fprintf(w, "redislint: no analyzer %q (see redislint help)\n", name)
			code = exitUsage
			continue
		}
		fmt.Fprintf(w, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintln(w, "\nFlags:")
				first = false
			}
			fmt.Fprintf(w, "  -%s.%s\n    \t%s", a.Name, f.Name, f.Usage)
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
		fmt.Fprintln(w)
	}
	return code
}

// standaloneMain runs redislint on the packages named by args.
func standaloneMain(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "help" {
		return help(stdout, all, args[1:])
	}
	o, analyzers, patterns, err := parseFlags(args, all, stderr)
	if err == flag.ErrHelp {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(patterns) == 0 {
		usage(stderr, all)
		return exitUsage
	}
	source, err := fromSource(args)
	if err != nil {
		fmt.Fprintln(stderr, "redislint:", err)
		return exitUsage
	}

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "redislint:", err)
			return exitUsage
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "redislint:", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	if o.memProfile != "" {
		defer func() {
			f, err := os.Create(o.memProfile)
			if err == nil {
				runtime.GC()
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}()
	}

	g, err := loadGraph(patterns, o.tests, o.tags, source)
	if err != nil {
		fmt.Fprintln(stderr, "redislint:", err)
		return exitError
	}
	code := exitOK
	if g.report(stderr) {
		code = exitError
	}
	if len(g.roots) == 0 {
		return code
	}
	graph, err := checker.Analyze(analyzers, g.roots, nil)
	if err != nil {
		fmt.Fprintln(stderr, "redislint:", err)
		return exitError
	}

	if o.fix {
		if err := applyFixes(graph, o.diff, stdout); err != nil {
			fmt.Fprintln(stderr, "redislint:", err)
			return exitError
		}
		return code
	}

	// PrintText and PrintJSON print the analyzers' own errors.
	findings := 0
	for act := range graph.All() {
		if act.Err != nil {
			code = exitError
		} else if act.IsRoot {
			findings += len(act.Diagnostics)
		}
	}
	if o.json {
		if err := graph.PrintJSON(stdout); err != nil {
			return exitError
		}
		return code
	}
	if err := graph.PrintText(stderr, o.context); err != nil {
		return exitError
	}
	if findings > 0 {
		return exitFindings
	}
	return code
}
