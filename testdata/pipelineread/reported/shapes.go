package reported

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Aliases, generics, embedded interfaces and method expressions.

type pipeAlias = redis.Pipeliner

type myPipe interface {
	redis.Pipeliner
	Note(string)
}

func aliased(ctx context.Context, pipe pipeAlias) {
	n := pipe.Incr(ctx, "n")
	fmt.Println(n.Val()) // want `n.Val\(\) reads pipe.Incr`
}

func embedded(ctx context.Context, pipe myPipe) {
	n := pipe.Incr(ctx, "n")
	fmt.Println((*redis.IntCmd).Val(n)) // a method expression is not followed
	fmt.Println(n.Err())                // want `n.Err\(\) reads pipe.Incr`
}

func typeParam[P redis.Pipeliner](ctx context.Context, pipe P) {
	n := pipe.Incr(ctx, "n")
	fmt.Println(n.Val()) // want `n.Val\(\) reads pipe.Incr`
}

type cmdOf[T any] struct{ cmd *redis.IntCmd }

func (c cmdOf[T]) get() int64 { return c.cmd.Val() }

func genericStruct(ctx context.Context, pipe redis.Pipeliner) int64 {
	c := cmdOf[string]{cmd: pipe.Incr(ctx, "n")}
	return c.get() // fields are not followed
}
