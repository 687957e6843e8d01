// Package testfiles: clusterscan reports test code too; a cleanup that
// walks one node leaves the other masters' keys behind.
package testfiles

// Prefix is the prefix of the fixture keys.
const Prefix = "test:"
