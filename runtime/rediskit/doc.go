// Package rediskit is the compliant way to do what redislint's analyzers ask
// for, built on go-redis v9.
//
// Each helper takes or wraps a go-redis client rather than hiding it, so code
// that uses rediskit keeps making calls the analyzers understand. Where a
// diagnostic says "iterate with SCAN", use ScanKeys (a drop-in for KEYS) or
// IterKeys (streaming), and build patterns from user input with
// EscapePattern.
package rediskit
