// Package viawrapper reaches go-redis only through another package.
package viawrapper

import (
	"context"

	"github.com/redislint/redislint/testdata/nokeys/wrapper"
)

func all(ctx context.Context) []string {
	return wrapper.Client().Keys(ctx, "*").Val() // want `wrapper.Client\(\).Keys walks the whole keyspace`
}
