// Package redislint lists the redislint analyzers.
package redislint
