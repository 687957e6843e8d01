// Package cgo checks that the files cmd/cgo writes are not taken for
// generated ones: they hold this file's code.
package cgo

// int one(void) { return 1; }
import "C"

func bad() int { return int(C.one()) }

func f() {
	bad() // want "call to bad"
	bad() //nolint:badcall // honored
	//redislint:ignore badcall honored
	bad()
	bad() //redislint:ignore nokeys another analyzer's // want "call to bad"
}
