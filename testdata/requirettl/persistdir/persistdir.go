// Package persistdir declares the data meant to persist in code, with
// //redislint:persistent on constants, key builders and types.
package persistdir

import (
	"context"
	"strconv"

	"github.com/redis/go-redis/v9"
)

//redislint:persistent inode metadata lives as long as the file system
const inodePrefix = "i:"

// ChunkKey builds the chunk index keys.
//
//redislint:persistent the chunk index is the file data
func ChunkKey(id uint64) string { // want ChunkKey:`keyBuilder\("c:", persistent\)`
	return "c:" + strconv.FormatUint(id, 10)
}

// Registry is the job queue's registry.
//
//redislint:persistent jobs remove themselves when they finish
type Registry struct{ rdb *redis.Client }

// Add writes the registry's own key.
func (r *Registry) Add(ctx context.Context, id string) {
	r.rdb.SAdd(ctx, "jobs", id)
}

// Put is a wrapper on a persistent type: its callers are not checked.
func (r *Registry) Put(ctx context.Context, key string) {
	r.rdb.SAdd(ctx, key, 1)
}

// Cache carries no directive: its methods' writes are checked.
type Cache struct{ rdb *redis.Client }

// Add writes the cache's own key.
func (c *Cache) Add(ctx context.Context, id string) {
	c.rdb.SAdd(ctx, "cache", id) // want `SAdd on key "cache" is not followed`
}

// want +2 `redislint:persistent directive needs a reason`
//
//redislint:persistent
const noReason = "n:"

func writes(ctx context.Context, rdb *redis.Client, r *Registry, id string, ino uint64) {
	rdb.HSet(ctx, inodePrefix+id, "a", 1)
	rdb.HSet(ctx, ChunkKey(ino), "a", 1)
	r.Put(ctx, "any:"+id)
	rdb.HSet(ctx, noReason+id, "a", 1) // want `HSet on key noReason \+ id is not followed`
	rdb.HSet(ctx, "user:"+id, "a", 1)  // want `HSet on key "user:" \+ id is not followed`
}
