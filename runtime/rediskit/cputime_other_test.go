//go:build !unix

package rediskit

import "time"

// processCPU is unknown here; the benchmarks then report no CPU ratio.
func processCPU() time.Duration { return 0 }
