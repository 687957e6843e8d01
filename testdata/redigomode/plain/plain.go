// Package plain reaches no Redis client.
package plain

// Keys is not a Redis command.
func Keys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
