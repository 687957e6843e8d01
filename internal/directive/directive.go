// Package directive decides which findings a redislint analyzer must not
// produce: those in generated files and those its users suppressed with a
// comment. Every analyzer loads a Set once per pass and asks it about each
// candidate finding before reporting, so suppression works the same in
// every driver and -fix never rewrites a suppressed line.
//
// Two directives are honored:
//
//	//redislint:ignore nokeys,requirettl the cache is tiny and rebuilt on boot
//	//nolint:nokeys // golangci-lint's directive, honored unless Options.SkipNolint
//
// A //redislint:ignore covers the line it is on; when it stands alone on its
// line it also covers the next line. It names one or more analyzers, or all,
// and must give a reason: a directive without one suppresses nothing and is
// itself reported by the analyzers it names (by every analyzer when it names
// none).
//
// //nolint follows golangci-lint v2's nolint filter, so that standalone
// redislint, go vet -vettool and golangci-lint agree on what is reported: a
// //nolint covers the lines of its comment group, and when the node on the
// next line starts in the group's column, that node's whole range, such as
// a function declaration or a statement. Names match case-insensitively.
// Like golangci-lint, "// nolint" with a space is honored (gofmt rewrites a
// bare //nolint doc comment that way); nolintlint reports its form.
//
// Generated files (ast.IsGenerated) are skipped entirely, except the Go files
// cmd/cgo writes: they hold the package's own code.
//
// Lines are the file's own, read without //line adjustment, so a //line
// directive (or cgo's rewriting) cannot move a directive away from the code
// it sits above.
package directive

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Options configures how directives are honored.
type Options struct {
	// SkipNolint leaves //nolint comments to golangci-lint: when the
	// analyzers run as golangci-lint plugins, golangci-lint applies //nolint
	// itself (so nolintlint sees them used). The zero value honors //nolint
	// (standalone redislint and go vet -vettool), so both drivers agree on
	// what is reported.
	SkipNolint bool
}

// Set holds the directives of one pass that concern one analyzer. Its
// methods are cheap and safe for concurrent use; a nil *Set suppresses
// nothing.
type Set struct {
	files []fileSet // sorted by base
}

// fileSet holds what one file suppresses.
type fileSet struct {
	base, end token.Pos // the file's first position and its EOF position
	generated bool
	spans     []span // sorted, disjoint
}

// span is a half-open range [from, to) of suppressed positions: whole lines.
type span struct{ from, to token.Pos }

// Load reads the directives in pass.Files for the named analyzer and reports,
// through pass, every //redislint:ignore directive naming this analyzer that
// has no reason (or names no analyzer at all). Generated files are skipped
// entirely. Names are matched case-insensitively.
func Load(pass *analysis.Pass, analyzer string, opts Options) *Set {
	name := strings.ToLower(analyzer)
	s := new(Set)
	var bad []badDirective
	for _, f := range pass.Files {
		tf := tokenFile(pass.Fset, f)
		if tf == nil {
			continue
		}
		fs := fileSet{base: token.Pos(tf.Base()), end: token.Pos(tf.Base() + tf.Size())}
		if generated(f) {
			fs.generated = true
		} else {
			fs.spans, bad = scanFile(tf, f, name, opts, bad)
		}
		s.files = append(s.files, fs)
	}
	slices.SortFunc(s.files, func(a, b fileSet) int { return cmp.Compare(a.base, b.base) })
	s.files = slices.CompactFunc(s.files, func(a, b fileSet) bool { return a.base == b.base })

	for _, b := range bad {
		if s.SuppressedAt(b.pos) {
			continue // e.g. a //nolint on the same line: golangci-lint would drop it too
		}
		msg := fmt.Sprintf("redislint:ignore directive needs a reason: %s %s <why this is safe>", ignorePrefix, b.list)
		if b.list == "" {
			msg = fmt.Sprintf("redislint:ignore directive needs an analyzer and a reason: %s %s <why this is safe>", ignorePrefix, analyzer)
		}
		pass.Report(analysis.Diagnostic{Pos: b.pos, End: b.end, Message: msg})
	}
	return s
}

// Suppressed reports whether a finding at node n must not be produced: n lies
// in a generated file, or a directive for this analyzer covers the line on
// which n starts. It is false for a nil node and for nodes outside the pass's
// files.
func (s *Set) Suppressed(n ast.Node) bool {
	if s == nil || isNil(n) {
		return false
	}
	return s.SuppressedAt(n.Pos())
}

// SuppressedAt reports whether a finding at pos must not be produced; see
// Suppressed.
func (s *Set) SuppressedAt(pos token.Pos) bool {
	if s == nil || !pos.IsValid() {
		return false
	}
	i := sort.Search(len(s.files), func(i int) bool { return s.files[i].base > pos }) - 1
	if i < 0 || pos > s.files[i].end {
		return false
	}
	f := &s.files[i]
	if f.generated {
		return true
	}
	j := sort.Search(len(f.spans), func(j int) bool { return f.spans[j].to > pos })
	return j < len(f.spans) && f.spans[j].from <= pos
}

// badDirective is a //redislint:ignore without an analyzer or a reason.
type badDirective struct {
	pos, end token.Pos
	list     string // the analyzers as written; "" when none
}

// lineRange is an inclusive range of the file's own (unadjusted) lines.
type lineRange struct{ from, to int }

// pendingIgnore is a well-formed //redislint:ignore for this analyzer whose
// scope depends on whether code precedes it on its line.
type pendingIgnore struct {
	lineStart token.Pos // start of the directive's line
	comment   token.Pos // the directive itself
	line      int
	inline    bool // code precedes the directive on its line
}

// expansion is a //nolint comment group that extends over the node starting
// on the next line in the group's column, as golangci-lint's rangeExpander
// does.
type expansion struct {
	lines lineRange // the comment group's lines
	end   token.Pos // largest End of a node starting at the target; NoPos if none
}

// scanFile collects what the directives of f suppress for analyzer, as
// spans, and appends malformed //redislint:ignore directives to bad. It reads
// the comments once, and walks the syntax only when a directive's scope
// depends on the code around it.
func scanFile(tf *token.File, f *ast.File, analyzer string, opts Options, bad []badDirective) ([]span, []badDirective) {
	var (
		lines   []lineRange
		pending []pendingIgnore
		targets map[token.Pos]*expansion
	)
	for _, g := range f.Comments {
		groupLines := lineRange{}
		firstNolint := true
		for _, c := range g.List {
			if d, ok := parseIgnore(c.Text); ok {
				switch {
				case !d.wellFormed():
					if len(d.names) == 0 || d.covers(analyzer) {
						bad = append(bad, badDirective{pos: c.Pos(), end: c.End(), list: d.list})
					}
				case d.covers(analyzer):
					line := unadjustedLine(tf, c.Pos())
					pending = append(pending, pendingIgnore{lineStart: lineStart(tf, line), comment: c.Pos(), line: line})
				}
				continue
			}
			if opts.SkipNolint {
				continue
			}
			d, ok := parseNolint(c.Text)
			if !ok {
				continue
			}
			// golangci-lint expands a group over the next node with the first
			// //nolint range it finds there, and that is the group's first
			// //nolint comment: a later one in the same group covers the
			// group's own lines only.
			expands := firstNolint
			firstNolint = false
			if !d.covers(analyzer) {
				continue
			}
			if groupLines.from == 0 {
				groupLines = lineRange{unadjustedLine(tf, g.Pos()), unadjustedLine(tf, g.End())}
			}
			lines = append(lines, groupLines)
			if !expands {
				continue
			}
			if at, ok := nextLineTarget(tf, g.Pos(), groupLines); ok {
				if targets == nil {
					targets = make(map[token.Pos]*expansion)
				}
				if _, dup := targets[at]; !dup {
					targets[at] = &expansion{lines: groupLines}
				}
			}
		}
	}

	if len(pending) > 0 || len(targets) > 0 {
		walk(f, pending, targets)
	}
	for _, p := range pending {
		r := lineRange{p.line, p.line}
		if !p.inline {
			r.to++ // alone on its line: covers the next line as well
		}
		lines = append(lines, r)
	}
	for _, e := range targets {
		if !e.end.IsValid() {
			continue
		}
		if end := unadjustedLine(tf, e.end); end > e.lines.to {
			lines = append(lines, lineRange{e.lines.from, end})
		}
	}
	return spans(tf, lines), bad
}

// nextLineTarget returns the position on the line after group at which a
// node must start for golangci-lint to extend the group's //nolint over it:
// the group's own column.
func nextLineTarget(tf *token.File, groupPos token.Pos, group lineRange) (token.Pos, bool) {
	next := group.to + 1
	if next > tf.LineCount() {
		return token.NoPos, false
	}
	col := groupPos - lineStart(tf, group.from)
	at := lineStart(tf, next) + col
	return at, at < lineStart(tf, next+1) // the column must exist on that line
}

// walk visits f once. It marks the pending //redislint:ignore directives that
// follow code on their line, and records, for each //nolint target, the
// largest End of the nodes starting there. Like golangci-lint's ast.Walk, it
// also visits comment groups attached to the syntax (doc and line comments)
// as //nolint targets.
func walk(f *ast.File, pending []pendingIgnore, targets map[token.Pos]*expansion) {
	// markCode marks the directive whose line holds code at p before it.
	markCode := func(p token.Pos) {
		i := sort.Search(len(pending), func(i int) bool { return pending[i].comment > p })
		if i < len(pending) && pending[i].lineStart <= p {
			pending[i].inline = true
		}
	}
	// mayHold reports whether [pos, end] can hold code before a pending
	// directive. Without //nolint targets, other subtrees are skipped.
	mayHold := func(pos, end token.Pos) bool {
		i := sort.Search(len(pending), func(i int) bool { return pending[i].comment > pos })
		return i < len(pending) && pending[i].lineStart <= end
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		pos, end := n.Pos(), n.End()
		if e := targets[pos]; e != nil && pos.IsValid() && end > e.end {
			e.end = end
		}
		switch n.(type) {
		case *ast.CommentGroup, *ast.Comment:
			return false // not code; a group's comments start within it
		}
		if len(targets) == 0 && !mayHold(pos, end) {
			return false
		}
		if len(pending) > 0 && pos.IsValid() {
			markCode(pos)
			if end > pos {
				markCode(end - 1) // a closing ")" or "}" ends a node
			}
		}
		return true
	})
}

// spans converts line ranges to sorted, merged position spans.
func spans(tf *token.File, lines []lineRange) []span {
	if len(lines) == 0 {
		return nil
	}
	out := make([]span, 0, len(lines))
	for _, r := range lines {
		out = append(out, span{lineStart(tf, r.from), lineStart(tf, r.to+1)})
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	merged := out[:1]
	for _, sp := range out[1:] {
		last := &merged[len(merged)-1]
		if sp.from <= last.to {
			last.to = max(last.to, sp.to)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// lineStart returns the position at which the file's own line starts; past
// the last line, the position just after EOF, so that a half-open span ending
// there covers the last line.
func lineStart(tf *token.File, line int) token.Pos {
	switch {
	case line < 1:
		return token.Pos(tf.Base())
	case line > tf.LineCount():
		return token.Pos(tf.Base() + tf.Size() + 1)
	}
	return tf.LineStart(line)
}

// unadjustedLine returns the line of p in the file itself, ignoring //line
// directives.
func unadjustedLine(tf *token.File, p token.Pos) int {
	return tf.PositionFor(p, false).Line
}

// tokenFile returns the token.File holding f, or nil.
func tokenFile(fset *token.FileSet, f *ast.File) *token.File {
	if fset == nil || f == nil {
		return nil
	}
	for _, p := range []token.Pos{f.FileStart, f.Package} {
		if p.IsValid() {
			if tf := fset.File(p); tf != nil {
				return tf
			}
		}
	}
	return nil
}

// cgoGenerator is what ast.IsGenerated finds in the Go files that cmd/cgo
// writes. Those files hold the user's own code, mapped back by //line
// directives, and are what drivers analyze for a package that imports "C";
// skipping them would silence every finding in it.
const cgoGenerator = "by cmd/cgo;"

// generated reports whether f is a generated file whose findings are skipped:
// it has a "// Code generated ... DO NOT EDIT." comment before its package
// clause (ast.IsGenerated) other than cmd/cgo's.
func generated(f *ast.File) bool {
	if !ast.IsGenerated(f) {
		return false
	}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if c.Pos() > f.Package {
				return false
			}
			for line := range strings.SplitSeq(c.Text, "\n") {
				rest, ok := strings.CutPrefix(line, "// Code generated ")
				if !ok {
					continue
				}
				if gen, ok := strings.CutSuffix(rest, " DO NOT EDIT."); ok && gen != cgoGenerator {
					return true
				}
			}
		}
	}
	return false
}

// isNil reports whether n is nil or a nil pointer in an ast.Node.
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
