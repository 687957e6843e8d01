package rediskit

import (
	"fmt"
	"sync"
)

// A flightGroup runs at most one load per key at a time: callers that ask
// for a key while its load runs wait for that load and share its result
// (single flight).
type flightGroup[T any] struct {
	mu      sync.Mutex
	flights map[string]*flight[T]
}

// A flight is one load; done is closed once val and err are set.
type flight[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do returns key's flight, starting fn in a goroutine of its own when no
// load of key runs, so that a caller that stops waiting does not stop the
// load for the others. A panic in fn is a bug that no caller can be given:
// it ends the program, as it would have in the caller.
func (g *flightGroup[T]) do(key string, fn func() (T, error)) *flight[T] {
	g.mu.Lock()
	if f, ok := g.flights[key]; ok {
		g.mu.Unlock()
		return f
	}
	if g.flights == nil {
		g.flights = make(map[string]*flight[T])
	}
	f := &flight[T]{done: make(chan struct{})}
	g.flights[key] = f
	g.mu.Unlock()
	go func() {
		defer func() {
			r := recover()
			if r != nil {
				f.err = fmt.Errorf("rediskit: cache load of %q panicked: %v", key, r)
			}
			g.mu.Lock()
			if g.flights[key] == f {
				delete(g.flights, key)
			}
			g.mu.Unlock()
			close(f.done)
			if r != nil {
				panic(r)
			}
		}()
		f.val, f.err = fn()
	}()
	return f
}

// forget makes the next do of key start a new load, even while one runs.
func (g *flightGroup[T]) forget(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.flights, key)
}
