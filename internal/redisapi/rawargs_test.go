package redisapi

import "testing"

// TestRawLayouts: every command whose raw arguments are read has a row in
// the table, and the row agrees with the layout: the writes create their
// key, the expiries set a TTL, the deletes remove it, the bounds cap it.
// PSETEX has no row: go-redis has no method for it.
func TestRawLayouts(t *testing.T) {
	for name, lay := range rawLayouts {
		if name == "PSETEX" {
			continue
		}
		c, ok := ByName(V9, name)
		if !ok {
			c, ok = ByName(V8, name)
		}
		if !ok {
			t.Errorf("%s: no row", name)
			continue
		}
		var want Effect
		switch lay.form {
		case rawPlain, rawSet, rawAdd, rawXAdd, rawPairs, rawSetEx:
			want = Writes | Creates
		case rawExpire, rawGetEx:
			want = SetsTTL
		case rawPersist:
			want = DropsTTL
		case rawRemove, rawRemoveOne:
			want = Removes
		case rawBound:
			want = Bounds
		case rawExists:
			want = ChecksExists
		}
		if !c.Effect.Has(want) {
			t.Errorf("%s: row %s has effect %b, want %b", name, c.Method, c.Effect, want)
		}
		if lay.form != rawPairs && c.Key.Form != OneKey && c.Key.Form != ManyKeys && c.Key.Form != StreamKey {
			t.Errorf("%s: row %s has no key argument", name, c.Method)
		}
		if lay.clears != c.Effect.Has(ClearsTTL) && lay.form != rawSetEx {
			t.Errorf("%s: clears %v, row %s says %v", name, lay.clears, c.Method, c.Effect.Has(ClearsTTL))
		}
		if _, ok := BuilderCommand(foldName(name)); !ok {
			t.Errorf("%s: no builder name folds to it", name)
		}
	}
}

func TestInClientRepo(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/redis/rueidis/rueidiscompat":         true,
		"github.com/valkey-io/valkey-go/valkeyaside":     true,
		"x/vendor/github.com/redis/rueidis/om":           true,
		"github.com/gomodule/redigo/redisx":              true,
		"github.com/redis/rueidis":                       false,
		"github.com/gomodule/redigo/redis":               false,
		"github.com/redis/rueidisfoo":                    false,
		"github.com/go-redsync/redsync/v4/redis/rueidis": false,
		"github.com/redis/go-redis/v9":                   false,
	} {
		if got := InClientRepo(path); got != want {
			t.Errorf("InClientRepo(%q) = %v, want %v", path, got, want)
		}
	}
}
