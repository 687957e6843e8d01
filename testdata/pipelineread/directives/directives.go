// Package directives: suppression comments and generated files.
package directives

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, pipe redis.Pipeliner) {
	fmt.Println(pipe.Get(ctx, "a").Val()) //redislint:ignore pipelineread the value is logged only

	//redislint:ignore pipelineread placeholder until the caller runs the pipeline
	fmt.Println(pipe.Get(ctx, "b").Val())

	fmt.Println(pipe.Get(ctx, "c").Val()) //nolint:pipelineread // legacy

	fmt.Println(pipe.Get(ctx, "d").Val()) //redislint:ignore nokeys wrong analyzer // want `pipe.Get\(...\).Val\(\) reads pipe.Get`

	// want +1 `redislint:ignore directive needs a reason` `pipe.Get\(...\).Val\(\) reads pipe.Get`
	fmt.Println(pipe.Get(ctx, "e").Val()) //redislint:ignore pipelineread
}
