package main

import "testing"

func TestGroupCollapsesIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, want string
	}{
		{"user:123:profile", "user:*:profile"},
		{"user:123:profile:v2", "user:*:profile:**"},
		{"user:alice:profile", "user:alice:profile"},
		{"session:3f2b8c1e-9d4a-4e6b-8f1c-2a7d9e0b5c43", "session:*"},
		{"session:3F2B8C1E-9D4A-4E6B-8F1C-2A7D9E0B5C43", "session:*"},
		{"cache:v2:da39a3ee5e6b4b0d3255bfef95601890afd80709", "cache:v2:*"},
		{"obj:507f1f77bcf86cd799439011", "obj:*"},
		{"job:01ARZ3NDEKTSV4RRFFQ69G5FAV", "job:*"},
		{"tok:Xk9aP2qLm7Rt4Vw8Yz1Bc3", "tok:*"},
		{"mail:alice@example.com:inbox", "mail:*:inbox"},
		{"rank:daily:2024-01-02", "rank:daily:*"},
		{"ip:10.0.0.1", "ip:*"},
		{"temp:-1", "temp:*"},
		{"price:3.14", "price:*"},
		{"item-42", "item-*"},
		{"celery-task-meta-3f2b8c1e-9d4a-4e6b-8f1c-2a7d9e0b5c43", "celery-task-meta-*"},
		{"user_7:name", "user_*:name"},
		{"events", "events"},
		{"{user:42}:cart", "{user:*}:cart"},
		{"{42}:cart", "{*}:cart"},
		{"{}:x", "{}:x"},
		{"{user}:1", "{user}:*"},
		{"123", "*"},
		{"", ""},
		{":", ":"},
		{"a::b", "a::b"},
		{"a:1:", "a:*:"},
	}
	g := grouper{sep: ":", depth: 3}
	for _, tt := range tests {
		if got := g.group(tt.key); got != tt.want {
			t.Errorf("group(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestGroupLeavesNamesAlone(t *testing.T) {
	t.Parallel()
	// Names that come close to an id rule but must stay: merging them with
	// ids would hide a kind of key inside another's group.
	names := []string{
		"deadbeef",        // hex letters only
		"facade",          // hex letters only, short
		"v2",              // a version name, no separator before the digit
		"1a2b3c",          // hex with digits but under 8 characters
		"abc-def",         // no id after the dash
		"oauth2",          // letters and a digit
		"configV2Setting", // mixed case and digit, under 20 characters
		"lock@node1",      // '@' without a domain
		"all_lowercase_words_no_digits",
		"01ARZ3NDEKTSV4RRFFQ69G5FAU",            // 'U' is not Crockford base 32
		"81ARZ3NDEKTSV4RRFFQ69G5FAV",            // a ULID starts with 0-7
		"3f2b8c1e-9d4a-4e6b-8f1c-2a7d9e0b5c4g",  // UUID with a non-hex digit
		"3f2b8c1e_9d4a_4e6b_8f1c_2a7d9e0b5c43x", // not a UUID's shape
	}
	for _, n := range names {
		if got := collapse(n); got != n {
			t.Errorf("collapse(%q) = %q, want it unchanged", n, got)
		}
	}
}

func TestGroupDepthAndSeparator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sep   string
		depth int
		key   string
		want  string
	}{
		{":", 0, "a:1:b:2:c:3:d", "a:*:b:*:c:*:d"},
		{":", 1, "a:1:b", "a:**"},
		{":", 1, "a", "a"},
		{":", 2, "a:1", "a:*"},
		{":", 2, "a:1:b", "a:*:**"},
		{"/", 3, "tenant/42/doc/7", "tenant/*/doc/**"},
		{"::", 3, "a::1::b", "a::*::b"},
		{".", 2, "metrics.42", "metrics.*"},
	}
	for _, tt := range tests {
		g := grouper{sep: tt.sep, depth: tt.depth}
		if got := g.group(tt.key); got != tt.want {
			t.Errorf("sep %q depth %d: group(%q) = %q, want %q", tt.sep, tt.depth, tt.key, got, tt.want)
		}
	}
}

func TestDisplayQuotesWhatATerminalWouldInterpret(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"user:*:profile", "user:*:profile"},
		{"with space", "with space"},
		{"ünïcode:*", "ünïcode:*"},
		{"red\x1b[31m", `"red\x1b[31m"`},
		{"bin\x00", `"bin\x00"`},
		{"tab\there", `"tab\there"`},
		{"bad\xffutf8", `"bad\xffutf8"`},
		{`"quoted"`, `"\"quoted\""`}, // so a printable name can never pass for a quoted one
	}
	for _, tt := range tests {
		if got := display(tt.in); got != tt.want {
			t.Errorf("display(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func BenchmarkGroup(b *testing.B) {
	g := grouper{sep: ":", depth: 3}
	keys := []string{
		"user:123456:profile",
		"session:3f2b8c1e-9d4a-4e6b-8f1c-2a7d9e0b5c43",
		"cache:v2:da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"rank:daily:2024-01-02",
	}
	for b.Loop() {
		for _, k := range keys {
			_ = g.group(k)
		}
	}
}
