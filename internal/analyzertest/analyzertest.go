// Package analyzertest holds what the analyzers' tests share.
package analyzertest

import (
	"path/filepath"
	"testing"
)

// Testdata returns the absolute path of the testdata module, which requires
// the real go-redis v9 and v8 and holds one directory of packages per
// analyzer. Analyzer tests run from analyzers/<name>.
func Testdata(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}
