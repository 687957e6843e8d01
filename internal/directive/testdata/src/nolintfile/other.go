package nolintfile

func g() {
	bad() // want "call to bad"
}
