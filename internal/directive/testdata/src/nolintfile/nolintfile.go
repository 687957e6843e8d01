//nolint:badcall // above the package clause: the whole file
package nolintfile

func bad() int { return 0 }

func f() {
	bad()
}
