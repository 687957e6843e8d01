package rediskit

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

// An outcome is what became of one command or pipeline. The breaker counts
// some outcomes as failures, the metrics count errors by outcome, and the
// health output names the outcome instead of quoting an error, whose text
// may hold a server's address.
type outcome uint8

const (
	outcomeOK          outcome = iota // a reply, redis.Nil included
	outcomeReply                      // an error reply, such as WRONGTYPE
	outcomeTxFailed                   // a watched key changed: redis.TxFailedErr
	outcomeCanceled                   // the caller canceled its context
	outcomeDeadline                   // the caller's deadline passed
	outcomeClosed                     // the client was closed
	outcomeCircuitOpen                // the breaker refused the command
	outcomeTimeout                    // a deadline passed: the caller's, a read, a write or a dial
	outcomePoolTimeout                // no free connection within PoolTimeout
	outcomeUnavailable                // LOADING, CLUSTERDOWN, TRYAGAIN or MASTERDOWN
	outcomeNetwork                    // any other error: refused, reset, EOF, ...
)

var outcomeNames = [...]string{
	outcomeOK:          "ok",
	outcomeReply:       "error_reply",
	outcomeTxFailed:    "tx_failed",
	outcomeCanceled:    "canceled",
	outcomeDeadline:    "deadline",
	outcomeClosed:      "client_closed",
	outcomeCircuitOpen: "circuit_open",
	outcomeTimeout:     "timeout",
	outcomePoolTimeout: "pool_timeout",
	outcomeUnavailable: "unavailable",
	outcomeNetwork:     "network",
}

func (o outcome) String() string { return outcomeNames[o] }

// failure reports whether o says that Redis is unreachable or unable to
// serve, which is what the breaker counts.
func (o outcome) failure() bool { return o >= outcomeTimeout }

// excluded reports whether o says nothing about Redis's health, so the
// breaker counts it neither as a success nor as a failure.
func (o outcome) excluded() bool {
	return o == outcomeCanceled || o == outcomeDeadline || o == outcomeClosed || o == outcomeCircuitOpen
}

// classify returns the outcome of a command that returned err under ctx.
func classify(ctx context.Context, err error) outcome {
	if err == nil {
		return outcomeOK
	}
	// A canceled caller says nothing about the server, whatever error the
	// cancellation turned into on its way up; nor does a caller whose own
	// deadline passed: a BLPOP ended by its caller, or a deadline shorter
	// than the work asked for. A server that answers nothing still opens the
	// breaker through the callers without such a deadline, at ReadTimeout.
	cerr := ctxErr(ctx)
	if errors.Is(cerr, context.Canceled) || errors.Is(err, context.Canceled) {
		return outcomeCanceled
	}
	if cerr != nil && !isReply(err) {
		return outcomeDeadline
	}
	switch {
	case errors.Is(err, ErrCircuitOpen):
		return outcomeCircuitOpen
	case errors.Is(err, redis.ErrClosed):
		return outcomeClosed
	case errors.Is(err, redis.Nil): // an error reply by type, but a normal answer
		return outcomeOK
	case errors.Is(err, redis.TxFailedErr):
		return outcomeTxFailed
	case errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrPoolExhausted):
		return outcomePoolTimeout
	case redis.IsLoadingError(err), redis.IsClusterDownError(err),
		redis.IsTryAgainError(err), redis.IsMasterDownError(err):
		return outcomeUnavailable
	}
	if isReply(err) {
		return outcomeReply
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return outcomeTimeout
	}
	if nerr, ok := errors.AsType[net.Error](err); ok && nerr.Timeout() {
		return outcomeTimeout
	}
	return outcomeNetwork
}

// ctxErr returns ctx's error, or context.DeadlineExceeded once its deadline
// has passed: a socket deadline set from ctx's deadline can fire before
// ctx's own timer has marked it done.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}

// isReply reports whether err is the server's answer: an error reply, or
// redis.Nil.
func isReply(err error) bool {
	_, ok := errors.AsType[redis.Error](err)
	return ok
}

// retryable reports whether go-redis would send a command that failed with
// err again: the connection broke or never opened, a socket deadline passed
// (unless the command blocks on the server, whose wait may be what timed
// out), or the server is loading, read-only, failing over or full. An
// exhausted pool is not retried: the command has waited PoolTimeout for a
// connection, and each retry would wait it again.
func retryable(err error, blocks bool) bool {
	switch {
	case err == nil, errors.Is(err, ErrCircuitOpen), errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrPoolExhausted):
		return false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Op == "dial" {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if nerr, ok := errors.AsType[net.Error](err); ok && nerr.Timeout() {
		return !blocks
	}
	if !isReply(err) {
		return false
	}
	if redis.IsLoadingError(err) || redis.IsReadOnlyError(err) || redis.IsClusterDownError(err) ||
		redis.IsTryAgainError(err) || redis.IsMasterDownError(err) || redis.IsMaxClientsError(err) {
		return true
	}
	return redis.IsNoReplicasError(err)
}

// retryBackoff is go-redis's wait before retry attempt n (from 1): a random
// time between min and min + min<<n, capped at max.
func retryBackoff(n int, minBackoff, maxBackoff time.Duration) time.Duration {
	if minBackoff <= 0 {
		return 0
	}
	d := minBackoff << uint(min(n, 32))
	if d < minBackoff {
		return maxBackoff
	}
	d = minBackoff + rand.N(d)
	if d > maxBackoff || d < minBackoff {
		d = maxBackoff
	}
	return d
}
