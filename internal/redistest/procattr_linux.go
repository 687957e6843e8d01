package redistest

import (
	"os/exec"
	"syscall"
)

// setProcAttr asks the kernel to kill redis-server when the test binary dies
// without running its cleanups, as it does when go test's -timeout fires;
// otherwise every timed-out run would leave servers listening behind it.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
