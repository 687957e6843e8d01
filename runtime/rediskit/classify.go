package rediskit

import (
	"context"
	"errors"
	"net"

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
	return o == outcomeCanceled || o == outcomeClosed || o == outcomeCircuitOpen
}

// classify returns the outcome of a command that returned err under ctx.
func classify(ctx context.Context, err error) outcome {
	if err == nil {
		return outcomeOK
	}
	// A canceled caller says nothing about the server, whatever error the
	// cancellation turned into on its way up.
	if errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled) {
		return outcomeCanceled
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
	if _, ok := errors.AsType[redis.Error](err); ok {
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
