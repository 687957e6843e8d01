//go:build !linux

package redistest

import "os/exec"

// setProcAttr does nothing: only Linux can tie the child's life to ours.
func setProcAttr(*exec.Cmd) {}
