package testcode

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestIsTest(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"store_test.go", "package store", true},
		{"testutil.go", "package testutil\nimport \"testing\"\nfunc Seed(tb testing.TB) {}", true},
		{"testutil.go", "package testutil\nimport t \"testing\"\nvar _ t.TB", true},
		{"store.go", "package store\nimport \"fmt\"\nvar _ = fmt.Sprint", false},
		{"store.go", "package store\nimport \"testing/fstest\"\nvar _ fstest.MapFS", false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), tc.name, tc.src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsTest(tc.name, f); got != tc.want {
			t.Errorf("IsTest(%s, %q) = %v, want %v", tc.name, tc.src, got, tc.want)
		}
	}
}
