package main

import (
	"strings"
	"testing"
)

// TestUnified: the diff of two texts reconstructs both, and its hunks
// carry the right line numbers.
func TestUnified(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
	got := unified("f.go", old, new)
	want := `--- f.go (old)
+++ f.go (new)
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
`
	if got != want {
		t.Errorf("unified:\n%s\nwant:\n%s", got, want)
	}
	if d := unified("f.go", old, old); d != "" {
		t.Errorf("diff of equal texts = %q, want none", d)
	}

	for _, tc := range [][2]string{
		{"", "x\n"}, {"x\n", ""}, {"a\nb\n", "b\na\n"}, {"a\nb\nc\n", "a\nc\n"},
		{strings.Repeat("x\n", 50) + "y\n", "y\n" + strings.Repeat("x\n", 50)},
	} {
		ops := diffLines(splitLines(tc[0]), splitLines(tc[1]))
		var a, b strings.Builder
		for _, op := range ops {
			if op.kind != '+' {
				a.WriteString(op.line)
			}
			if op.kind != '-' {
				b.WriteString(op.line)
			}
		}
		if a.String() != tc[0] || b.String() != tc[1] {
			t.Errorf("diffLines(%q, %q) rebuilds %q, %q", tc[0], tc[1], a.String(), b.String())
		}
	}
}
