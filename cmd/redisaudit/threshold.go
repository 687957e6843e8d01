package main

import "fmt"

// crossed returns one line for each threshold the report crosses: every
// group with more than failGroup keys without TTL (the first -top of them),
// then the total over failTotal. A threshold of -1 is off. The figures are
// those of the walk, as read before -apply-ttl set any TTL.
//
// The groups beyond -max-groups are tallied together, so the audit cannot
// tell whether one of them crosses failGroup alone; when together they do,
// that counts as crossed, and the line says how to tell them apart.
func (r *report) crossed(failGroup, failTotal int64) []string {
	var lines []string
	if failGroup >= 0 {
		var n int
		for _, g := range r.Groups { // most keys without TTL first
			if g.NoTTL <= failGroup {
				break
			}
			n++
			if r.top == 0 || n <= r.top {
				lines = append(lines, fmt.Sprintf("%s has %s without TTL, more than -fail-group %d", g.Group, keys(g.NoTTL), failGroup))
			}
		}
		if more := n - len(lines); more > 0 {
			verb := "groups have"
			if more == 1 {
				verb = "group has"
			}
			lines = append(lines, fmt.Sprintf("... %d more %s more than -fail-group %d (-top 0 lists them all)", more, verb, failGroup))
		}
		if r.Other != nil && r.Other.NoTTL > failGroup {
			lines = append(lines, fmt.Sprintf("the groups beyond -max-groups %d have %s without TTL together, more than -fail-group %d; -max-groups 0 tells them apart",
				r.maxGroups, keys(r.Other.NoTTL), failGroup))
		}
	}
	if failTotal >= 0 && r.NoTTL > failTotal {
		lines = append(lines, fmt.Sprintf("%s without TTL in all, more than -fail-total %d", keys(r.NoTTL), failTotal))
	}
	return lines
}

// keys is "1 key" or "1,234 keys".
func keys(n int64) string {
	if n == 1 {
		return "1 key"
	}
	return thousands(n) + " keys"
}
