package main_test

import "testing"

// TestRedigoDrivers: code that reaches redigo, even only through another
// package, is analyzed in both drivers, and the facts of the package that
// wraps redigo reach its callers: analyzing ./app alone loads store from
// source standalone, and under go vet store is analyzed for facts although
// it is only a dependency. The expected findings are in
// testdata/redigomode/want.txt.
func TestRedigoDrivers(t *testing.T) {
	t.Parallel()
	checkDrivers(t, "redigomode")
}
