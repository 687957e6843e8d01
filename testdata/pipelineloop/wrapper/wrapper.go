// Package wrapper holds the process's client.
package wrapper

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Default is the client every package uses.
var Default = redis.NewClient(&redis.Options{})

// Ctx is the process's context.
var Ctx = context.Background()
