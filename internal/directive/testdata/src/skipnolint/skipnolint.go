// Package skipnolint runs with Options.SkipNolint: //nolint is golangci-lint's.
package skipnolint

func bad() int { return 0 }

//nolint:badcall // left to golangci-lint
func f() {
	bad() // want "call to bad"
	bad() //nolint:badcall // want "call to bad"
	bad() //nolint:all // want "call to bad"
	bad() //redislint:ignore badcall still honored
	bad() /* nolint */ // want "call to bad"

	// want +1 "needs a reason"
	//redislint:ignore badcall
	bad() // want "call to bad"
}
