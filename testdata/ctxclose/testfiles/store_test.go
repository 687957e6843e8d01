package testfiles

import (
	"context"
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"
)

// The shapes of go-redis's own tests and examples: a test's resources live
// as long as the test binary.

func ExampleNewClient() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	fmt.Println(rdb.Options().Addr)
	// Output: localhost:6379
}

func ExampleConn() {
	rdb := redis.NewClient(&redis.Options{})
	conn := rdb.Conn()
	if err := conn.ClientSetName(context.Background(), "foobar").Err(); err != nil {
		panic(err)
	}
}

func TestConnOnce(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.Conn().Get(context.Background(), "missing").Err(); err != redis.Nil {
		t.Skip(err)
	}
	ch := rdb.Subscribe(context.Background(), "foo").Channel()
	_ = ch
}

// Commands queued only to inspect their arguments.
func TestQueuedArgs(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	defer rdb.Close()
	pipe := rdb.Pipeline()
	cmd := pipe.PExpire(context.Background(), "key", 0)
	if len(cmd.Args()) != 3 {
		t.Fatal(cmd.Args())
	}
}

// A test helper that forgets the client on its error path.
func dial(ctx context.Context, addr string) (*redis.Client, error) {
	client := redis.NewClient(&redis.Options{Addr: addr})
	if err := client.Ping(ctx).Err(); err != nil {
		return nil, err
	}
	return client, nil
}

func TestPanicsOnNil(t *testing.T) {
	defer func() { _ = recover() }()
	redis.NewClient(nil)
}
