package rediskit

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The mark a ClusterClient's hook puts on a command's context is a context
// like any other: it hands on the caller's values, deadline and
// cancellation, and only the hooks of its own Client find the call in it.
func TestClusterMarkIsAContext(t *testing.T) {
	t.Parallel()
	c := &Client{}
	top := &hook{c: c, top: true, marks: true}
	node := &hook{c: c, node: &clusterNode{}, marks: true}
	other := &hook{c: &Client{}, node: &clusterNode{}, marks: true}

	type key struct{}
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), key{}, "value"), deadline)
	ctx, cl := top.mark(parent)
	if cl == nil {
		t.Fatal("the ClusterClient's hook made no call")
	}
	if v := ctx.Value(key{}); v != "value" {
		t.Errorf("the caller's value: got %v", v)
	}
	if dl, ok := ctx.Deadline(); !ok || !dl.Equal(deadline) {
		t.Errorf("deadline %v %v, want the caller's %v", dl, ok, deadline)
	}
	if nested, got := node.enter(ctx); nested || got != cl {
		t.Errorf("node hook: nested %v, call %p; want not nested, call %p", nested, got, cl)
	}
	if nested, got := top.enter(ctx); !nested || got != cl {
		t.Errorf("ClusterClient's hook again: nested %v, call %p; want nested, call %p", nested, got, cl)
	}
	if nested, got := other.enter(ctx); nested || got != nil {
		t.Errorf("another Client's node hook: nested %v, call %p; want neither", nested, got)
	}

	// The node hook's own mark, on top, still carries the call for the
	// ClusterClient's hook and tells the node hook it has been there.
	nctx, _ := node.mark(ctx)
	if nested, _ := node.enter(nctx); !nested {
		t.Error("node hook: its own mark not seen")
	}

	child, stop := context.WithCancel(ctx)
	defer stop()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a context made from the mark was not canceled with the caller's")
	}
	if err := ctx.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err %v, want context.Canceled", err)
	}
}
