// Package nolint exercises golangci-lint's //nolint.
package nolint

func bad() int { return 0 }

func inline() {
	bad() //nolint:badcall // explained
	bad() //nolint
	bad() //nolint:all
	bad() //nolint:other,badcall
	bad() //nolint:BadCall
	bad() //nolint:other // want "call to bad"
}

// golangci-lint v2 strips every leading '/' and ' ' before it looks for
// "nolint", so these count too; nolintlint reports their form.
func spacing() {
	bad() // nolint:badcall
	bad() //nolint: badcall
	bad() //nolint:other, badcall
	bad() // nolint
}

func notNolint() {
	bad() //nolintbadcall // want "call to bad"
	bad() //nolint:badcall because // want "call to bad"
	bad() /* nolint */ // want "call to bad"
	bad() //	nolint // want "call to bad"
}

//nolint:badcall // a declaration: its whole range
func legacy() {
	bad()
	if true {
		bad()
	}
	//redislint:ignore badcall
	bad() // the malformed directive's report is covered as well
}

func afterLegacy() {
	bad() // want "call to bad"
}

// legacy2 shows that a //nolint in a doc comment covers the declaration.
//
//nolint:badcall // explained
func legacy2() {
	bad()
}

//nolint:other // another linter
func notOurs() {
	bad() // want "call to bad"
}

func statement() {
	//nolint:badcall // the whole statement
	_ = []int{
		bad(),
		bad(),
	}
	bad() // want "call to bad"

	//nolint:badcall // a blank line ends the scope

	bad() // want "call to bad"
}

var (
	//nolint:badcall // one spec
	a = bad()
	b = bad() // want "call to bad"
)
