package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// restMarker ends a group whose keys have more segments than the depth
// keeps: user:*:profile:** holds user:1:profile:v2 and user:1:profile:a:b.
const restMarker = "**"

// A grouper names the group of a key. The name depends on the key alone,
// never on the other keys or on the order of the scan, so two runs over the
// same data agree, a dry run selects the keys the real run will change, and
// a standalone server and a cluster holding the same keys report the same
// groups.
type grouper struct {
	sep   string // segment separator, never empty
	depth int    // segments kept; 0 keeps all
}

// group returns the group of key: its segments with ids collapsed to "*",
// cut after depth segments, with restMarker standing for the rest.
func (g grouper) group(key string) string {
	var b strings.Builder
	b.Grow(len(key))
	rest := key
	for i := 0; ; i++ {
		if i > 0 {
			b.WriteString(g.sep)
		}
		if g.depth > 0 && i == g.depth {
			b.WriteString(restMarker)
			break
		}
		seg, after, more := strings.Cut(rest, g.sep)
		b.WriteString(collapse(seg))
		if !more {
			break
		}
		rest = after
	}
	return b.String()
}

// collapse returns seg with an id replaced by "*": the whole segment when it
// is an id (123, a UUID, a hash), or its tail after the first '-', '_' or '.'
// that begins one (item-42 → item-*, celery-task-meta-<uuid> →
// celery-task-meta-*).
func collapse(seg string) string {
	// The braces of a cluster hash tag, {user:42}:cart, stay around the
	// id they enclose: {user:*}:cart.
	if rest, open := strings.CutPrefix(seg, "{"); open && rest != "" {
		return "{" + collapse(rest)
	}
	if body, closed := strings.CutSuffix(seg, "}"); closed && body != "" {
		return collapse(body) + "}"
	}
	if isID(seg) {
		return "*"
	}
	for i := 1; i < len(seg)-1; i++ {
		switch seg[i] {
		case '-', '_', '.':
			if isID(seg[i+1:]) {
				return seg[:i+1] + "*"
			}
		}
	}
	return seg
}

// isID reports whether s looks like a value rather than a name. The rules
// are kept narrow, because a name taken for an id merges two kinds of key
// into one group:
//
//   - a number, date, time, version or IPv4 address: digits with optional
//     '-', '.', '_' and '+' between them (42, -1, 3.14, 2024-01-02,
//     10.0.0.1), at least one digit;
//   - a UUID: 8-4-4-4-12 hex digits;
//   - a hex hash or object id: 8 or more hex digits, at least one of them
//     a decimal digit (so that words like "deadbeef" or "facade" stay);
//   - a ULID: 26 Crockford base-32 characters, first one 0-7, with a digit;
//   - a random token: 20 or more characters of the base64 or base64url
//     alphabet that mixes upper case, lower case and digits;
//   - an e-mail address: something@domain.tld.
func isID(s string) bool {
	switch {
	case s == "":
		return false
	case isNumeric(s), isUUID(s), isHexHash(s), isULID(s), isToken(s), isEmail(s):
		return true
	}
	return false
}

func isNumeric(s string) bool {
	digit := false
	for i := range len(s) {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == '-' || c == '.' || c == '_' || c == '+':
		default:
			return false
		}
	}
	return digit
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

func isHexHash(s string) bool {
	if len(s) < 8 {
		return false
	}
	digit := false
	for i := range len(s) {
		if !isHex(s[i]) {
			return false
		}
		digit = digit || s[i] <= '9'
	}
	return digit
}

func isULID(s string) bool {
	if len(s) != 26 || s[0] < '0' || s[0] > '7' {
		return false
	}
	digit := false
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		default:
			return false
		}
	}
	return digit
}

func isToken(s string) bool {
	if len(s) < 20 {
		return false
	}
	var upper, lower, digit bool
	for i := range len(s) {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '+' || c == '/' || c == '=' || c == '-' || c == '_':
		default:
			return false
		}
	}
	return upper && lower && digit
}

func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	dot := strings.LastIndexByte(domain, '.')
	return ok && local != "" && dot > 0 && dot < len(domain)-1 && !strings.ContainsAny(s, " \t\r\n")
}

// display returns how a group or key is shown and how -apply-ttl names it:
// s itself when it is printable UTF-8, otherwise a Go-quoted string, so a key
// holding terminal escape sequences or binary cannot rewrite the screen or
// break the JSON. Quoted forms begin with '"' and plain ones never do, so two
// different names never display the same.
func display(s string) string {
	if !strings.HasPrefix(s, `"`) && printable(s) {
		return s
	}
	return strconv.Quote(s)
}

// printable reports whether s is valid UTF-8 made of printable characters;
// the only space allowed is ' '.
func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
