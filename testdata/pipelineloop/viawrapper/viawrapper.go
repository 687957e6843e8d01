// Package viawrapper reaches go-redis only through another package: the fix
// imports go-redis for the pipeline's type.
package viawrapper

import (
	"context"
	"time"

	"github.com/redislint/redislint/testdata/pipelineloop/wrapper"
)

func expire(ctx context.Context, keys []string) error {
	for _, k := range keys {
		wrapper.Default.Expire(ctx, k, time.Hour) // want `Expire on wrapper.Default runs once per element of keys`
	}
	return nil
}
