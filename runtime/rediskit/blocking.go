package rediskit

import (
	"strings"

	"github.com/redis/go-redis/v9"
)

// blocking reports whether cmd may wait on the server for as long as it
// asks: the blocking list, sorted-set and stream reads and WAIT, the
// commands redislint's table marks as blocking. go-redis names a command by
// its first argument, in lower case.
func blocking(cmd redis.Cmder) bool {
	switch cmd.Name() {
	case "blpop", "brpop", "brpoplpush", "blmove", "blmovem", "blmpop", "bzpopmin", "bzpopmax", "bzmpop", "wait", "waitaof":
		return true
	case "xread", "xreadgroup":
		// Only with BLOCK; without it they answer at once.
		for _, a := range cmd.Args()[1:] {
			if s, ok := a.(string); ok && strings.EqualFold(s, "block") {
				return true
			}
		}
	}
	return false
}

// anyBlocking reports whether a pipeline holds a blocking command.
func anyBlocking(cmds []redis.Cmder) bool {
	for _, cmd := range cmds {
		if blocking(cmd) {
			return true
		}
	}
	return false
}
