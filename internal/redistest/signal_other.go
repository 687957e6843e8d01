//go:build !unix

package redistest

import "syscall"

// Pause and Resume need job-control signals, which only Unix has; elsewhere
// they send nothing.
const (
	sigStop = syscall.Signal(0)
	sigCont = syscall.Signal(0)
)
