package rediskit

import "sync/atomic"

// defaultClient is the Client a program chose with SetDefault.
var defaultClient atomic.Pointer[Client]

// SetDefault makes c the Client that Default returns, for programs that
// prefer one process-wide client to passing it around. nil clears it.
func SetDefault(c *Client) { defaultClient.Store(c) }

// Default returns the Client last given to SetDefault, or nil when there is
// none: rediskit makes no client of its own, so nothing connects anywhere
// unless the program asked for it.
func Default() *Client { return defaultClient.Load() }
