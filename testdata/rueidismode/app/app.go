// Package app reaches rueidis only through package store.
package app

import (
	"context"

	"example.com/rueidismode/store"
)

// Names sends KEYS.
func Names(ctx context.Context) ([]string, error) {
	c := store.Client()
	return c.Do(ctx, c.B().Keys().Pattern("user:*").Build()).AsStrSlice()
}

// Swap leaks its dedicated connection when WATCH fails.
func Swap(ctx context.Context, key string) error {
	d, cancel := store.Client().Dedicate()
	if err := d.Do(ctx, d.B().Watch().Key(key).Build()).Error(); err != nil {
		return err
	}
	cancel()
	return nil
}

// Count puts its dedicated connection back on every path.
func Count(ctx context.Context, key string) (int64, error) {
	d, cancel := store.Client().Dedicate()
	defer cancel()
	return d.Do(ctx, d.B().Scard().Key(key).Build()).AsInt64()
}
