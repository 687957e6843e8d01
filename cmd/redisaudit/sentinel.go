package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/redis/go-redis/v9"
)

// sentinelReport says where the audited master's address came from.
type sentinelReport struct {
	MasterName string `json:"master_name"`
	Addr       string `json:"addr"` // the Sentinel that gave the address
}

// sentinelCreds is where a Sentinel's user and password come from: they are
// often not the master's.
const sentinelCreds = "REDIS_SENTINEL_USERNAME and REDIS_SENTINEL_PASSWORD"

// askSentinels asks each Sentinel in turn for the address of the master
// called name, and returns the first answer. The Sentinels are reached as
// the URL says the master is: over TLS for rediss://, with its timeouts, but
// with the credentials of sentinelCreds.
//
// The audit then connects to that address as to any server, so a Sentinel
// that has not yet noticed a failover names a replica, which connect
// refuses. A failover during the walk is not followed: SCAN cannot carry its
// cursor over to another server, and the walk fails on the old master.
func askSentinels(ctx context.Context, sentinels []string, name string, opt *redis.Options, getenv func(string) string, red *redactor) (addr string, from *sentinelReport, err error) {
	pass := getenv("REDIS_SENTINEL_PASSWORD")
	red.add(pass)
	var (
		reasons  []string
		answered bool // some Sentinel replied, if not with the address
	)
	for _, s := range sentinels {
		so := &redis.Options{
			Addr:         s,
			Username:     getenv("REDIS_SENTINEL_USERNAME"),
			Password:     pass,
			DialTimeout:  opt.DialTimeout,
			ReadTimeout:  opt.ReadTimeout,
			WriteTimeout: opt.WriteTimeout,
			MaxRetries:   opt.MaxRetries,
			PoolSize:     1,
		}
		if opt.TLSConfig != nil {
			so.TLSConfig = opt.TLSConfig.Clone()
			so.TLSConfig.ServerName, _, _ = net.SplitHostPort(s)
		}
		sc := redis.NewSentinelClient(so)
		got, err := sc.GetMasterAddrByName(ctx, name).Result()
		_ = sc.Close()
		var rerr redis.Error
		who := "Sentinel " + s
		switch {
		case ctx.Err() != nil:
			return "", nil, ctx.Err()
		case err == nil && len(got) == 2:
			return net.JoinHostPort(got[0], got[1]), &sentinelReport{MasterName: name, Addr: s}, nil
		case err == nil:
			answered = true
			reasons = append(reasons, fmt.Sprintf("%s answered %q, not a host and port", who, got))
		case errors.Is(err, redis.Nil):
			answered = true
			reasons = append(reasons, who+" monitors no master of that name (SENTINEL MASTERS lists the names; -sentinel-master sets it)")
		case errors.As(err, &rerr) && strings.Contains(err.Error(), "unknown command"):
			answered = true
			reasons = append(reasons, s+" is not a Sentinel: it knows no SENTINEL command")
		case errors.As(err, &rerr) && !isAuthError(err):
			answered = true
			reasons = append(reasons, fmt.Sprintf("%s: SENTINEL GET-MASTER-ADDR-BY-NAME: %v", who, err))
		default:
			if errors.As(err, &rerr) {
				answered = true // a wrong password
			}
			reasons = append(reasons, describeConnErr(ctx, who, "SENTINEL GET-MASTER-ADDR-BY-NAME", err, opt.TLSConfig != nil, sentinelCreds).Error())
		}
	}
	if !answered {
		return "", nil, fmt.Errorf("no Sentinel answered: %s", strings.Join(reasons, "; "))
	}
	return "", nil, fmt.Errorf("no Sentinel gave the address of master %q: %s", name, strings.Join(reasons, "; "))
}
