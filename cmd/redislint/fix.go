package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
)

// applyFixes applies the first suggested fix of every finding of the root
// actions, as multichecker's -fix does: edits identical across packages
// (a file of both p and its test variant) count once, a fix that overlaps
// an edit already taken is skipped (run again to apply it), generated
// files are never edited, and each changed file is gofmt'ed. With diff,
// it prints a unified diff to w instead of writing.
func applyFixes(g *checker.Graph, diff bool, w io.Writer) error {
	type edit struct {
		start, end int
		text       string
	}
	type fileFix struct {
		edits    []edit
		baseline []byte
	}
	files := map[string]*fileFix{}
	generated := map[string]bool{}
	var total, skipped int

	for act := range g.All() {
		if !act.IsRoot || act.Err != nil {
			continue
		}
		for _, f := range act.Package.Syntax {
			if ast.IsGenerated(f) {
				generated[act.Package.Fset.File(f.FileStart).Name()] = true
			}
		}
	fixes:
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			total++
			fix := d.SuggestedFixes[0]
			fset := act.Package.Fset
			pending := map[string][]edit{}
			sizes := map[string]int{} // of the files as parsed
			for _, e := range fix.TextEdits {
				tf := fset.File(e.Pos)
				if tf == nil || generated[tf.Name()] {
					skipped++
					continue fixes
				}
				sizes[tf.Name()] = tf.Size()
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				pending[tf.Name()] = append(pending[tf.Name()], edit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
			}
			// Take the fix only if none of its edits conflicts with one
			// already taken; identical edits are the same fix seen from
			// another package variant.
			for name, es := range pending {
				ff := files[name]
				if ff == nil {
					continue
				}
				for _, e := range es {
					for _, t := range ff.edits {
						if e == t {
							continue
						}
						if e.start < t.end && t.start < e.end || e.start == t.start && e.end == t.end || e.start == e.end && e.start == t.start {
							skipped++
							continue fixes
						}
					}
				}
			}
			for name, es := range pending {
				ff := files[name]
				if ff == nil {
					content, err := os.ReadFile(name)
					if err != nil {
						return err
					}
					if sizes[name] != len(content) {
						return fmt.Errorf("%s changed while redislint ran; not fixing it", name)
					}
					ff = &fileFix{baseline: content}
					files[name] = ff
				}
			next:
				for _, e := range es {
					for _, t := range ff.edits {
						if e == t {
							continue next
						}
					}
					ff.edits = append(ff.edits, e)
				}
			}
		}
	}

	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ff := files[name]
		sort.Slice(ff.edits, func(i, j int) bool {
			if ff.edits[i].start != ff.edits[j].start {
				return ff.edits[i].start < ff.edits[j].start
			}
			return ff.edits[i].end < ff.edits[j].end
		})
		var out bytes.Buffer
		last := 0
		for _, e := range ff.edits {
			out.Write(ff.baseline[last:e.start])
			out.WriteString(e.text)
			last = e.end
		}
		out.Write(ff.baseline[last:])
		final := out.Bytes()
		if formatted, err := format.Source(final); err == nil {
			final = formatted
		}
		if diff {
			if _, err := io.WriteString(w, unified(name, string(ff.baseline), string(final))); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(name, final, 0o644); err != nil {
			return err
		}
	}
	if skipped > 0 {
		return fmt.Errorf("applied %d of %d fixes; %d skipped (they overlap another fix or edit a generated file): run again to apply more", total-skipped, total, skipped)
	}
	return nil
}

// unified returns a unified diff (3 lines of context) from old to new.
func unified(name, old, new string) string {
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	if len(ops) == 0 {
		return ""
	}
	var buf strings.Builder
	fmt.Fprintf(&buf, "--- %s (old)\n+++ %s (new)\n", name, name)
	const ctx = 3
	// Group the edit script into hunks separated by more than 2*ctx equal lines.
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(0, i-ctx)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*ctx {
				break
			}
		}
		stop := min(len(ops), end+ctx)
		var aStart, bStart, aLen, bLen int
		aStart, bStart = ops[start].ai, ops[start].bi
		for _, op := range ops[start:stop] {
			if op.kind != '+' {
				aLen++
			}
			if op.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&buf, "@@ -%d,%d +%d,%d @@\n", aStart+1, aLen, bStart+1, bLen)
		for _, op := range ops[start:stop] {
			buf.WriteByte(op.kind)
			buf.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				buf.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = stop
	}
	return buf.String()
}

type diffOp struct {
	kind   byte // ' ', '-', '+'
	line   string
	ai, bi int // line indexes in a and b where the op applies
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines returns an edit script from a to b (Myers' O(ND) algorithm),
// or nil when they are equal.
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	max := n + m
	v := make([]int, 2*max+2)
	var trace [][]int
	found := false
	for d := 0; d <= max && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[max+k-1] < v[max+k+1] {
				x = v[max+k+1]
			} else {
				x = v[max+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[max+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Backtrack.
	var rev []diffOp
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || k != d && vd[max+k-1] < vd[max+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[max+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, diffOp{' ', a[x], x, y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			y--
			rev = append(rev, diffOp{'+', b[y], x, y})
		} else {
			x--
			rev = append(rev, diffOp{'-', a[x], x, y})
		}
	}
	changed := false
	ops := make([]diffOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
		if op.kind != ' ' {
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return ops
}
