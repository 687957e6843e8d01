// Package paths: every path from the write to the end of the function // want package:"familyTTLs"
// must set the expiry.
package paths

import (
	"context"
	"errors"
	"log"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
)

var errInvalid = errors.New("invalid")

func userKey(id string) string { return "user:" + id }

func earlyReturn(ctx context.Context, rdb *redis.Client, id, name string) error {
	rdb.HSet(ctx, userKey(id), "name", name) // want `HSet on key userKey\(id\) is not followed by an expiry on the path through the return at line 22; the key will never expire`
	if name == "" {
		return errInvalid
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

func bothBranches(ctx context.Context, rdb *redis.Client, id string, short bool) {
	rdb.HSet(ctx, userKey(id), "a", 1)
	if short {
		rdb.Expire(ctx, userKey(id), time.Minute)
	} else {
		rdb.Expire(ctx, userKey(id), time.Hour)
	}
}

func oneBranchReturns(ctx context.Context, rdb *redis.Client, id string, skip bool) error {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `on the path through the return at line 39`
	if skip {
		return nil
	} else {
		rdb.Expire(ctx, userKey(id), time.Minute)
	}
	return nil
}

// conditionalTTL: a condition that does not read the write's reply (the
// TTL the caller chose) covers nothing; the counter's new value does.
func conditionalTTL(ctx context.Context, rdb *redis.Client, id string, ttl time.Duration) {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `HSet on key userKey\(id\) is not followed by an expiry on the path to the end of the function at line 53`
	if ttl > 0 {
		rdb.Expire(ctx, userKey(id), ttl)
	}
}

func fixedWindow(ctx context.Context, rdb *redis.Client, id string) (bool, error) {
	k := "rate:" + id
	n, err := rdb.Incr(ctx, k).Result()
	if err != nil {
		return false, err
	}
	if n == 1 {
		rdb.Expire(ctx, k, time.Minute)
	}
	return n <= 100, nil
}

func lock(ctx context.Context, rdb *redis.Client, id string) bool {
	ok, _ := rdb.SetNX(ctx, "lock:"+id, 1, 0).Result()
	if ok {
		rdb.Expire(ctx, "lock:"+id, 10*time.Second)
	}
	return ok
}

// failedWrite: when the write's error is checked, the key was not written
// on that path.
func failedWrite(ctx context.Context, rdb *redis.Client, id string) error {
	if err := rdb.HSet(ctx, userKey(id), "a", 1).Err(); err != nil {
		return err
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

func failedWriteResult(ctx context.Context, rdb *redis.Client, id string) (int64, error) {
	n, err := rdb.SAdd(ctx, "s:"+id, 1).Result()
	if err != nil {
		log.Printf("sadd: %v", err)
		return 0, err
	}
	rdb.Expire(ctx, "s:"+id, time.Hour)
	return n, nil
}

func failedWriteDirect(ctx context.Context, rdb *redis.Client, id string) error {
	if rdb.LPush(ctx, "l:"+id, 1).Err() != nil {
		return errInvalid
	}
	rdb.Expire(ctx, "l:"+id, time.Hour)
	return nil
}

func failedWriteInLoop(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		err := rdb.HSet(ctx, userKey(id), "a", 1).Err()
		if err != nil {
			break
		}
		rdb.Expire(ctx, userKey(id), time.Hour)
	}
}

// otherError: an error that is not the write's does not undo the write.
func otherError(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `on the path through the return at line 116`
	if err := rdb.Ping(ctx).Err(); err != nil {
		return err
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

// noReturn: paths that end the program or panic are not ways the function
// ends.
func noReturn(ctx context.Context, rdb *redis.Client, id string, bad bool) {
	rdb.HSet(ctx, userKey(id), "a", 1)
	if bad {
		log.Fatal("bad")
	}
	if id == "" {
		panic("empty id")
	}
	if id == "exit" {
		os.Exit(2)
	}
	rdb.Expire(ctx, userKey(id), time.Hour)
}

func loops(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.SAdd(ctx, "tags:"+id, "x") // same iteration: fine
		rdb.Expire(ctx, "tags:"+id, time.Hour)
	}
	for _, id := range ids {
		rdb.SAdd(ctx, "skip:"+id, "x") // want `SAdd on key "skip:" \+ id is not followed by an expiry on the path through the continue at line 145`
		if id == "" {
			continue
		}
		rdb.Expire(ctx, "skip:"+id, time.Hour)
	}
	for i := 0; i < len(ids); i++ {
		rdb.SAdd(ctx, "brk:"+ids[i], "x") // want `on the path through the break at line 152`
		if ids[i] == "" {
			break
		}
		rdb.Expire(ctx, "brk:"+ids[i], time.Hour)
	}
	for _, id := range ids {
		rdb.SAdd(ctx, "none:"+id, "x") // want `SAdd on key "none:" \+ id is not followed by an expiry; the key will never expire`
	}
}

// twoLoops: the keys written in the first loop are expired in the second.
func twoLoops(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.SAdd(ctx, "batch:"+id, "x")
	}
	for _, id := range ids {
		rdb.Expire(ctx, "batch:"+id, time.Hour)
	}
}

func deferred(ctx context.Context, rdb *redis.Client, id string) error {
	defer rdb.Expire(ctx, userKey(id), time.Hour)
	if err := rdb.HSet(ctx, userKey(id), "a", 1).Err(); err != nil {
		return err
	}
	if id == "" {
		return errInvalid
	}
	return nil
}

func deferredClosure(ctx context.Context, rdb *redis.Client, id string) error {
	defer func() {
		rdb.Expire(ctx, userKey(id), time.Hour)
	}()
	rdb.HSet(ctx, userKey(id), "a", 1)
	return nil
}

func switchCase(ctx context.Context, rdb *redis.Client, id string, kind int) error {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `on the path through the return at line 196`
	switch kind {
	case 1:
		rdb.Expire(ctx, userKey(id), time.Hour)
	case 2:
		return errInvalid
	}
	return nil
}

func gotoLabel(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `on the path through the goto at line 204`
	if id == "" {
		goto done
	}
	rdb.Expire(ctx, userKey(id), time.Hour)
done:
}

// compoundErrorCheck: the write failed on the branch taken.
func compoundErrorCheck(ctx context.Context, rdb *redis.Client, id string) error {
	if err := rdb.HSet(ctx, userKey(id), "a", 1).Err(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	rdb.Expire(ctx, userKey(id), time.Hour)
	if err := rdb.SAdd(ctx, "c:"+id, 1).Err(); !(err == nil) || id == "" { // want `SAdd on key "c:" \+ id is not followed by an expiry on the path through the return at line 217`
		return err
	}
	return rdb.Expire(ctx, "c:"+id, time.Hour).Err()
}

// returnedKey: the caller gets the key and may expire it.
func returnedKey(ctx context.Context, rdb *redis.Client, id string) (string, error) {
	k := "pending:" + id
	if err := rdb.SAdd(ctx, k, 1).Err(); err != nil {
		return "", err
	}
	return k, nil
}

type session struct{ Key string }

func returnedInLiteral(ctx context.Context, rdb *redis.Client, id string) *session {
	rdb.HSet(ctx, "sess:"+id, "a", 1)
	return &session{Key: "sess:" + id}
}

func returnedOther(ctx context.Context, rdb *redis.Client, id string) string {
	rdb.HSet(ctx, "sess:"+id, "a", 1) // want `HSet on key "sess:" \+ id is not followed by an expiry`
	return id
}

// errorsIs: errors.Is and errors.As hold only for a failed write.
func errorsIs(ctx context.Context, rdb *redis.Client, id string) error {
	switch err := rdb.HSet(ctx, userKey(id), "a", 1).Err(); {
	case errors.Is(err, context.Canceled):
		return err
	case err != nil:
		return err
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

// noReturnHelpers: the package's own functions that never return end
// paths too, and so do the loggers' Fatal methods: the returns after them
// cannot be reached.
func noReturnHelpers(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.HSet(ctx, userKey(id), "a", 1)
	if id == "" {
		die("empty id")
		return nil
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

func noReturnLogger(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.HSet(ctx, userKey(id), "a", 1)
	if id == "" {
		logger.Fatalf("empty id")
		return nil
	}
	return rdb.Expire(ctx, userKey(id), time.Hour).Err()
}

var logger = log.Default()

func die(msg string) {
	log.Print(msg)
	os.Exit(1)
}

// mayDie returns on one path: a call of it may return.
func mayDie(msg string) {
	if msg != "" {
		die(msg)
	}
}

func mayReturn(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `HSet on key userKey\(id\) is not followed by an expiry on the path through the return at line 293`
	if id == "" {
		mayDie("")
		return
	}
	rdb.Expire(ctx, userKey(id), time.Hour)
}
