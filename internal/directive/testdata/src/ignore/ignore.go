// Package ignore exercises //redislint:ignore.
package ignore

func bad() int { return 0 }

func inline() {
	bad() //redislint:ignore badcall the result is irrelevant here
	bad() // want "call to bad"
}

func lineAbove() {
	//redislint:ignore badcall covers the next line only
	bad()
	bad() // want "call to bad"
}

func trailingCoversItsOwnLineOnly() {
	_ = bad() //redislint:ignore badcall only this line
	bad()     // want "call to bad"

	if bad() > 0 { //redislint:ignore badcall the condition
		bad() // want "call to bad"
	} //redislint:ignore badcall a closing brace is code too
	bad() // want "call to bad"
}

func lineAboveCoversTheStartOfTheFinding() {
	//redislint:ignore badcall the call starts on the next line
	_ = max(bad(),
		bad(), // want "call to bad"
	)
}

func blankLineEndsTheScope() {
	//redislint:ignore badcall separated by a blank line

	bad() // want "call to bad"
}

func otherAnalyzer() {
	bad() //redislint:ignore nokeys another analyzer's directive // want "call to bad"
	//redislint:ignore nokeys another analyzer's directive
	bad() // want "call to bad"
}

func severalAnalyzers() {
	bad() //redislint:ignore nokeys,badcall both are named
	bad() //redislint:ignore nokeys,requirettl neither is badcall // want "call to bad"
	bad() //redislint:ignore NoKeys,BadCall names are case-insensitive
}

func all() {
	bad() //redislint:ignore all every analyzer
	//redislint:ignore all every analyzer
	bad()
}

func golangciStyleReason() {
	bad() //redislint:ignore badcall // a reason after "//" counts
}

func missingReason() {
	// want +1 `^redislint:ignore directive needs a reason: //redislint:ignore badcall <why this is safe>$`
	//redislint:ignore badcall
	bad() // want "call to bad"

	// want +1 `needs a reason: //redislint:ignore nokeys,badcall <why` `call to bad`
	bad() //redislint:ignore nokeys,badcall

	// want +1 `needs a reason: //redislint:ignore all <why` `call to bad`
	bad() //redislint:ignore all //

	// want +1 `^redislint:ignore directive needs an analyzer and a reason: //redislint:ignore badcall <why this is safe>$`
	//redislint:ignore
	bad() // want "call to bad"

	// Malformed, but for another analyzer: not ours to report.
	//redislint:ignore nokeys
	bad() // want "call to bad"
}

func notDirectives() {
	// redislint:ignore badcall a space after the slashes is prose
	bad() // want "call to bad"
	//redislint:ignored badcall another word
	bad() // want "call to bad"
	/*redislint:ignore badcall block comments are prose */
	bad() // want "call to bad"
}
