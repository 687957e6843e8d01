// Package topology pins what internal/redisapi says about constructors
// (topology), reply reads, scan iterators and queued commands.
package topology

import (
	"context"
	"fmt"

	v8 "github.com/go-redis/redis/v8"
	"github.com/redis/go-redis/v9"
)

var (
	addrs  = []string{":1", ":2"}
	master = "m"
)

func constructors() {
	redis.NewClient(&redis.Options{})                                                                                    // want `topology OneNode`
	redis.NewClusterClient(&redis.ClusterOptions{})                                                                      // want `topology Cluster`
	redis.NewFailoverClient(&redis.FailoverOptions{})                                                                    // want `topology OneNode`
	redis.NewFailoverClusterClient(&redis.FailoverOptions{})                                                             // want `topology Cluster`
	redis.NewRing(&redis.RingOptions{})                                                                                  // want `topology Unknown`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1"}})                                             // want `topology OneNode`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1", ":2"}})                                       // want `topology Cluster`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs})                                                      // want `topology Unknown`
	redis.NewUniversalClient(&redis.UniversalOptions{})                                                                  // want `topology OneNode`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1"}, IsClusterMode: true})                        // want `topology Cluster`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1", ":2"}, MasterName: "m"})                      // want `topology OneNode`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1", ":2"}, MasterName: master})                   // want `topology Unknown`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1", ":2"}, MasterName: "m", RouteRandomly: true}) // want `topology Cluster`
	redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":1"}, RouteByLatency: true})                       // want `topology OneNode`
	v8.NewUniversalClient(&v8.UniversalOptions{Addrs: []string{":1", ":2"}})                                             // want `topology Cluster`
	v8.NewUniversalClient(&v8.UniversalOptions{Addrs: []string{":1", ":2"}, MasterName: "m", RouteRandomly: true})       // want `topology OneNode`
	o := redis.UniversalOptions{Addrs: []string{":1", ":2"}}
	redis.NewUniversalClient(&o) // want `topology Unknown`
}

func replies(ctx context.Context, rdb *redis.Client, pipe redis.Pipeliner, c redis.Cmder) {
	get := rdb.Get(ctx, "k")
	fmt.Println(get.Val(), get.Err(), get.String(), get.Args(), c.Err()) // want `reads Val` `reads Err` `reads Err`
	n, err := get.Int64()                                                // want `reads typed`
	fmt.Println(n, err)
	pipe.Incr(ctx, "n")           // want `queues`
	s := rdb.Scan(ctx, 0, "*", 1) // want `scans the keyspace`
	rdb.SScan(ctx, "s", 0, "*", 1)
	it := s.Iterator() // want `reads typed` `iterator`
	for it.Next(ctx) { // want `step 1`
		fmt.Println(it.Val()) // want `step 2`
	}
	fmt.Println(it.Err())   // want `step 3`
	keys, cursor := s.Val() // want `reads Val`
	fmt.Println(keys, cursor)
	rdb.Do(ctx, "scan", 0) // want `scans the keyspace`
}
