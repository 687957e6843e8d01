// Package service calls the helpers of package common. // want package:"familyTTLs"
package service

import (
	"context"
	"time"

	"github.com/redislint/redislint/testdata/requirettl/facts/common"
)

func wrappers(ctx context.Context, id string) {
	common.RedisDecrease("stock:" + id) // want `DecrBy through common.RedisDecrease on key "stock:" \+ id is not followed by an expiry`
	common.RedisDecrease("quota:" + id)
	common.Touch(ctx, "quota:"+id)
}

func persistInHelper(ctx context.Context, id string) {
	common.RedisDecrease("k:" + id) // want `DecrBy through common.RedisDecrease on key "k:" \+ id is not followed`
	common.Keep(ctx, "k:"+id)
}

func expiryInHelper(ctx context.Context, id string) {
	common.RedisDecrease("e:" + id)
	_ = common.RedisSet("e:"+id, 1, time.Hour)
}

// keyFamily: common gives the session family its TTL; a write that can
// recreate a session without one names where.
func keyFamily(ctx context.Context, id string) {
	common.Client.HSet(ctx, common.SessionKey(id), "seen", 1) // want `HSet on key common.SessionKey\(id\) is not followed by an expiry; the key will never expire, though keys "sess:"... get a TTL at github.com/redislint/redislint/testdata/requirettl/facts/common/common.go:46`
}

// persistent: a constant of another package declared persistent.
func persistent(ctx context.Context, id string) {
	common.Client.HSet(ctx, common.ConfigPrefix+id, "a", 1)
	common.Client.HSet(ctx, "conf:"+id, "a", 1) // want `HSet on key "conf:" \+ id is not followed`
}
