// Package linedirective checks that directives use the file's own lines,
// not the ones //line directives claim.
package linedirective

func bad() int { return 0 }

func f() {
	//redislint:ignore badcall two lines above the call in this file
//line linedirective.go:9
	bad() // want "call to bad"
	bad() //redislint:ignore badcall only this line of the file
//line linedirective.go:10
	bad() // want "call to bad"
	bad() //nolint:badcall // only this line of the file
//line linedirective.go:11
	bad() // want "call to bad"
}
