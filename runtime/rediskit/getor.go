package rediskit

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// GetOr returns the string value of key, or def when the key does not exist
// or the circuit breaker of the Client behind rdb is open: a read that may
// degrade, such as a feature flag or a cached setting, keeps working while
// Redis is down.
//
// Any other error is returned, wrapped, together with def, so that a caller
// that only logs the error still has a value to use. A timeout is such an
// error: GetOr does not hide a slow Redis until the breaker opens.
func GetOr(ctx context.Context, rdb redis.UniversalClient, key, def string) (string, error) {
	switch {
	case ctx == nil:
		return def, errors.New("rediskit: get or default: nil context")
	case isNil(rdb):
		return def, errors.New("rediskit: get or default: nil client")
	}
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, redis.Nil), errors.Is(err, ErrCircuitOpen):
		return def, nil
	}
	return def, fmt.Errorf("rediskit: get %s: %w", key, err)
}
