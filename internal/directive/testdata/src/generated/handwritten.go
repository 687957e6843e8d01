package generated

func g() {
	bad() // want "call to bad"
}
