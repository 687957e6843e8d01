// Package helpers: functions that close the go-redis resource they are
// given on every path count as closing it in the same package (callers.go);
// other packages hand the resource on when they call them (viahelper).
package helpers

import (
	"context"
	"log"

	v8 "github.com/go-redis/redis/v8"
	"github.com/redis/go-redis/v9"
)

func Release(ps *redis.PubSub) { _ = ps.Close() } // want Release:`paramUse\(closes \[0\], borrows \[\]\)`

// ReleaseLogged closes in a defer and logs the error.
func ReleaseLogged(name string, conn *redis.Conn) { // want ReleaseLogged:`paramUse\(closes \[1\], borrows \[\]\)`
	defer func() {
		if err := conn.Close(); err != nil {
			log.Printf("%s: %v", name, err)
		}
	}()
	log.Printf("releasing %s", name)
}

// Drain reads what is left, then closes, on every path.
func Drain(ctx context.Context, ps *redis.PubSub) error { // want Drain:`paramUse\(closes \[1\], borrows \[\]\)`
	defer ps.Close()
	for {
		msg, err := ps.ReceiveTimeout(ctx, 0)
		if err != nil {
			return nil
		}
		log.Print(msg)
	}
}

// Shutdown closes through another helper.
func Shutdown(ps *redis.PubSub) { // want Shutdown:`paramUse\(closes \[0\], borrows \[\]\)`
	log.Print("shutting down")
	Release(ps)
}

// A nil subscription needs no Close.
func ReleaseIfSet(ps *redis.PubSub) { // want ReleaseIfSet:`paramUse\(closes \[0\], borrows \[\]\)`
	if ps != nil {
		ps.Close()
	}
}

// The client of a per-request task.
func Finish(ctx context.Context, rdb *redis.Client) error { // want Finish:`paramUse\(closes \[1\], borrows \[\]\)`
	err := rdb.Ping(ctx).Err()
	if cerr := rdb.Close(); err == nil {
		err = cerr
	}
	return err
}

func ReleaseV8(ps *v8.PubSub) error { return ps.Close() } // want ReleaseV8:`paramUse\(closes \[0\], borrows \[\]\)`

type Pool struct{}

// A method: the index does not count the receiver.
func (Pool) Put(conn *redis.Conn) { conn.Close() } // want Put:`paramUse\(closes \[0\], borrows \[\]\)`

// Not a closer: closes on one path only.
func ReleaseSometimes(ps *redis.PubSub, really bool) {
	if really {
		ps.Close()
	}
}

// Not a closer: keeps it.
var kept []*redis.PubSub

func Keep(ps *redis.PubSub) {
	kept = append(kept, ps)
}

// Closes its second parameter, not its first.
func ReleaseOther(ps *redis.PubSub, other *redis.PubSub) { // want ReleaseOther:`paramUse\(closes \[1\], borrows \[0\]\)`
	other.Close()
	_ = ps
}

// Not a closer: returns it on one path.
func CloseOrReturn(ps *redis.PubSub, keep bool) *redis.PubSub {
	if keep {
		return ps
	}
	ps.Close()
	return nil
}

// Not a closer: a generic function's signature mentions no go-redis type.
func CloseAll[C interface{ Close() error }](cs ...C) {
	for _, c := range cs {
		c.Close()
	}
}

// Not a closer: the parameter is reassigned.
func Reassigned(ps *redis.PubSub, other *redis.PubSub) {
	ps = other
	ps.Close()
}

// Panicking paths do not count against a closer.
func MustRelease(ps *redis.PubSub) { // want MustRelease:`paramUse\(closes \[0\], borrows \[\]\)`
	if err := ps.Close(); err != nil {
		panic(err)
	}
}
